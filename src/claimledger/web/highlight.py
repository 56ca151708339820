"""A document's text as HTML with its attributions marked: source, cue and content in distinct classes.

Same approach as `claimledger.report.render.highlight_text` (and its nesting/clipping helper): nested
<mark> elements over escaped text; each content span carries the anchor `a-<attribution id>` so the
ledger pages can link to the evidence (`/documents/<id>#a-<att id>`), highlighted by CSS `:target`.
"""

from __future__ import annotations

from markupsafe import Markup

from claimledger.models import Extraction
from claimledger.report.render import _nested_marks


def highlight_document(extraction: Extraction) -> Markup:
    marks: list[tuple[int, int, str, str]] = []
    for a in extraction.attributions:
        for i, span in enumerate(a.content):
            marks.append((span.start, span.end, f"a-{a.id}" if i == 0 else "", "content"))
        for role_span, role in ((a.source, "source"), (a.cue, "cue")):
            if role_span is not None:
                marks.append((role_span.start, role_span.end, "", role))
    for q in extraction.quantities:
        marks.append((q.span.start, q.span.end, f"q-{q.id}", "quantity"))
    html = _nested_marks(extraction.document.text, marks)
    return Markup("<p>" + html.replace("\n\n", "</p>\n<p>") + "</p>")
