"""Render a report as Markdown, HTML (Jinja2 templates) or the JSON contract."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, Literal

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from claimledger import __version__
from claimledger.models import Extraction
from claimledger.report.build import Report, build_report
from claimledger.store import SCHEMA_VERSION

Format = Literal["md", "html", "json"]
FORMATS: tuple[str, ...] = ("md", "html", "json")
CHANNEL_LABELS = {
    "telegram": "on Telegram",
    "statement": "in a statement",
    "briefing": "at a briefing",
    "interview": "in an interview",
    "tv": "on TV",
    "social_media": "on social media",
    "press_conference": "at a press conference",
    "video": "in a video",
}


def documents_json(extractions: Iterable[Extraction]) -> dict[str, Any]:
    """The JSON contract: `{"schema_version": N, "documents": [...]}`."""
    return {
        "schema_version": SCHEMA_VERSION,
        "documents": [extraction.to_json() for extraction in extractions],
    }


def _environment(fmt: Format) -> Environment:
    env = Environment(
        loader=PackageLoader("claimledger.report", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["channel"] = lambda c: CHANNEL_LABELS.get(c, c) if c else ""
    env.filters["mdquote"] = _markdown_inline
    env.filters["highlight"] = highlight_text
    return env


def _markdown_inline(text: str) -> str:
    """Keep quoted article text from being read as Markdown markup."""
    text = " ".join(text.split())
    for char in "\\`*_[]<>|#":
        text = text.replace(char, "\\" + char)
    return text


def highlight_text(extraction: Extraction, key: str) -> Markup:
    """The document text as HTML with every cited span wrapped in a <mark> (anchored where cited).

    Spans nest (a number inside a quote); a span that crosses the end of an enclosing one is clipped,
    so the markup stays well formed and the text itself is never altered.
    """
    marks: list[tuple[int, int, str, str]] = []
    for attribution in extraction.attributions:
        anchor = f"{key}-{attribution.start}-{attribution.end}"
        for i, span in enumerate(attribution.content):
            marks.append((span.start, span.end, anchor if i == 0 else "", "content"))
        for role_span, role in ((attribution.source, "source"), (attribution.cue, "cue")):
            if role_span is not None:
                marks.append((role_span.start, role_span.end, "", role))
    for quantity in extraction.quantities:
        q = quantity.span
        marks.append((q.start, q.end, f"{key}-{q.start}-{q.end}", "quantity"))
    html = _nested_marks(extraction.document.text, marks)
    return Markup("<p>" + html.replace("\n\n", "</p>\n<p>") + "</p>")


def _nested_marks(text: str, marks: list[tuple[int, int, str, str]]) -> str:
    parts: list[str] = []
    open_ends: list[int] = []
    position = 0

    def close_until(limit: int) -> None:
        nonlocal position
        while open_ends and open_ends[-1] <= limit:
            end = open_ends.pop()
            parts.append(str(escape(text[position:end])) + "</mark>")
            position = end

    for start, end, anchor, role in sorted(marks, key=lambda m: (m[0], -m[1])):
        close_until(start)
        if open_ends:
            end = min(end, open_ends[-1])
        if end <= start:
            continue
        parts.append(str(escape(text[position:start])))
        id_attr = f' id="{escape(anchor)}"' if anchor else ""
        parts.append(f'<mark class="{role}"{id_attr}>')
        open_ends.append(end)
        position = start
    close_until(len(text))
    parts.append(str(escape(text[position:])))
    return "".join(parts)


def render(report_or_extractions: Report | Iterable[Extraction], fmt: Format) -> str:
    report = (
        report_or_extractions
        if isinstance(report_or_extractions, Report)
        else build_report(report_or_extractions)
    )
    if fmt == "json":
        return json.dumps(documents_json(report.extractions), ensure_ascii=False, indent=2) + "\n"
    template = _environment(fmt).get_template(f"report.{fmt}.j2" if fmt == "md" else "report.html")
    keys = {
        ref.document.id: ref.key for story in report.stories for ref in story.sources
    }
    return template.render(
        report=report,
        keys=keys,
        version=__version__,
        generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    )
