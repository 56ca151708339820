"""Provenance: outlet profiles, source versions, run manifests, Telegram chains and the source check.

Functions the ledger and the report call:

- `outlet_breakdown(documents, table=None) -> OutletBreakdown`: which kinds of outlets carry a set of
  documents, with a one-line `summary`.
- `latest_documents(store, story=None) -> list[Document]`: the newest non-deleted version of each page
  (`latest_extractions` gives their extractions).
- `check_sources(store, story=None) -> list[Mismatch]`: quotes and numbers not verbatim at their offsets.
- `telegram_chain(document, raw, attribution=None) -> list[str]` (or `telegram_chain_for(store, ...)`);
  `trace_telegram(store, document, attribution)` also finds the stored Telegram post an article quotes.
- `record_run(store, targets, summary, ...)`: write an ingest run's manifest.
- `dump_canonical(store) -> str`, `diff_stores(a, b) -> StoreDiff`.
"""

from claimledger.provenance.canonical import StoreDiff, diff_stores, dump_canonical
from claimledger.provenance.check import Mismatch, check_sources
from claimledger.provenance.manifest import build_manifest, manifests, record_run
from claimledger.provenance.outlets import (
    OutletBreakdown,
    OutletProfile,
    OutletTable,
    load_outlets,
    outlet_breakdown,
    profile_document,
)
from claimledger.provenance.telegram import (
    find_telegram_post,
    telegram_chain,
    telegram_chain_for,
    telegram_post,
    trace_telegram,
)
from claimledger.provenance.versions import (
    Change,
    PageHistory,
    diff_extractions,
    history,
    latest_documents,
    latest_extractions,
)

__all__ = [
    "Change",
    "Mismatch",
    "OutletBreakdown",
    "OutletProfile",
    "OutletTable",
    "PageHistory",
    "StoreDiff",
    "build_manifest",
    "check_sources",
    "diff_extractions",
    "diff_stores",
    "dump_canonical",
    "find_telegram_post",
    "history",
    "latest_documents",
    "latest_extractions",
    "load_outlets",
    "manifests",
    "outlet_breakdown",
    "profile_document",
    "record_run",
    "telegram_chain",
    "telegram_chain_for",
    "telegram_post",
    "trace_telegram",
]
