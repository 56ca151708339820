"""Analyst corrections, stored apart from extracted data and applied at read time.

A correction names its target by a stable, content-based id (`att_...` attributions, `ent_...` entities,
`grp_...` claim groups), so it survives re-extraction and re-ingest of the same text.
"""

from claimledger.corrections.apply import apply_corrections, apply_to_group_json
from claimledger.corrections.store import (
    FIELDS,
    Correction,
    CorrectionSet,
    add_correction,
    ensure_table,
    list_corrections,
    load_corrections,
)

__all__ = [
    "FIELDS",
    "Correction",
    "CorrectionSet",
    "add_correction",
    "apply_corrections",
    "apply_to_group_json",
    "ensure_table",
    "list_corrections",
    "load_corrections",
]
