"""A document's text as HTML with its attributions marked: source, cue and content in distinct classes.

Same approach as `claimledger.report.render.highlight_text` (and its nesting/clipping helper): nested
<mark> elements over escaped text; each content span carries the anchor `a-<attribution id>` so the
ledger pages can link to the evidence (`/documents/<id>#a-<att id>`), highlighted by CSS `:target`.
"""

from __future__ import annotations

from markupsafe import Markup

from claimledger.models import Extraction
from claimledger.report.render import extraction_marks, marked_paragraphs


def highlight_document(extraction: Extraction) -> Markup:
    marks = extraction_marks(extraction, lambda a: f"a-{a.id}", lambda q: f"q-{q.id}")
    return marked_paragraphs(extraction.document.text, marks)
