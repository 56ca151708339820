"""Render a report as Markdown, HTML (Jinja2 templates) or the JSON contract."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any, Literal

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from claimledger import __version__
from claimledger.extract.dates import date_from_locator
from claimledger.ledger.model import figure_text, written_range
from claimledger.models import RULE_COUNTED_LANGUAGES, Attribution, Document, Extraction, Quantity
from claimledger.report import where_when
from claimledger.report.build import Report, StoryReport, build_report
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


def report_json(report: Report) -> dict[str, Any]:
    """`documents_json` plus `stories[]`: each story's ledger (see docs/LEDGER.md)."""
    payload = documents_json(report.extractions)
    payload["stories"] = [_story_json(story) for story in report.stories if story.ledger is not None]
    return payload


def _story_json(story: StoryReport) -> dict[str, Any]:
    """The ledger's JSON, with the outlet kinds that carry each claim group and dispute side."""
    assert story.ledger is not None
    data = story.ledger.to_json()
    if story.outlets:
        for group in data["claim_groups"]:
            group["carried_by"] = story.outlets.get(group["id"])
        for dispute in data["disputes"]:
            for side in dispute["sides"]:
                side["carried_by"] = story.outlets.get(f"{dispute['id']}/{side['position']}")
    if story.where_when is not None:
        data["where_when"] = story.where_when.to_json()
        reported = story.where_when.widely_reported(story.ledger.origins)
        data["reported_events"] = [e.to_json() for e in reported]
    return data


def ledger_spans(report: Report) -> dict[str, set[tuple[int, int]]]:
    """Every span the ledger sections cite, by document id, so the HTML can anchor each one."""
    spans: dict[str, set[tuple[int, int]]] = defaultdict(set)
    for story in report.stories:
        ledger = story.ledger
        if ledger is None:
            continue
        members = [m for g in ledger.groups for m in g.members]
        members += [m for d in ledger.disputes for side in d.sides for m in side.members]
        members += [c.member for n in ledger.numbers for c in n.claims]
        members += [m for t in ledger.timeline for m in t.members]
        for m in members:
            spans[m.doc_id].add((m.start, m.end))
        for u in ledger.unverified:
            spans[u.member.doc_id].add((u.member.start, u.member.end))
            spans[u.member.doc_id].add((u.note_start, u.note_end))
    for story in report.stories:
        for event in story.where_when.events if story.where_when else ():
            spans[event.doc_id].add((event.start, event.end))
    return spans


def where_when_section(story: StoryReport, keys: dict[str, str], fmt: str) -> str:
    """The "Where and when" section of one story, citations keyed like the rest of the report."""
    if story.where_when is None:  # the events tables do not exist yet: say how to fill them
        hint = "Not built yet: run `claimledger events --db FILE` for event records, places and a map."
        if fmt == "md":
            return f"### Where and when\n\n{hint}\n"
        return Markup(f"<h3>Where and when</h3>\n<p>{escape(hint)}</p>\n")
    section = story.where_when
    if fmt == "md":
        text = where_when.render_markdown(section, lambda d, s, e: f"[{keys.get(d, d)}:{s}-{e}]")
        return text.replace("## Where and when", "### Where and when", 1)
    return where_when.render_html(section, lambda d, s, e: _html_cite(keys.get(d, d), s, e))


def _html_cite(key: str, start: int, end: int) -> str:
    anchor = escape(f"{key}-{start}-{end}")
    return f'<span class="cite">[<a href="#{anchor}">{escape(key)}:{start}-{end}</a>]</span>'


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
    env.filters["count"] = count_of
    env.filters["highlight"] = highlight_text
    env.filters["number"] = figure_text
    env.filters["figure"] = figure
    env.filters["side"] = side_label
    env.filters["dated"] = _dated
    env.filters["rules_read"] = _rules_read
    env.filters["voice"] = voice
    return env


KEY_FACT_LIMIT = 40
SIDE_LABELS = {
    "russian_government": "Russian government",
    "ukrainian_government": "Ukrainian government",
    "attackers": "attackers",
    "third_party": "third party",
    "media": "media",
    "unknown": "side unknown",
}
OWN_REPORTING = "the outlet's own reporting"


def side_label(side: str | None) -> str:
    """ "Russian government"; any other state's government by its demonym ("armenian_government" ->
    "Armenian government")."""
    if side in SIDE_LABELS or not side:
        return SIDE_LABELS.get(side or "", "")
    if side.endswith("_government"):
        return side.removesuffix("_government").replace("_", " ").title() + " government"
    if side.startswith("group_"):  # a non-state party: "group_rapid_support_forces" -> "Rapid Support Forces"
        return side.removeprefix("group_").replace("_", " ").title()
    return side


def count_of(n: int, noun: str) -> str:
    """ "1 claim group", "3 claim groups"."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def voice(member: Any) -> str:
    """A member's side as the reader needs it: a report speaking in its own voice (the claimant is its
    outlet, no side known) is "the outlet's own reporting", not a speaker of unknown allegiance."""
    def field(name: str) -> Any:
        return member.get(name) if isinstance(member, dict) else getattr(member, name, None)

    side = field("side")
    if side in (None, "unknown") and field("claimant") and field("claimant") == field("outlet"):
        return OWN_REPORTING
    return side_label(side)


def _dated(document: Document) -> str:
    """", published 2023-06-06", or ", dated 2023-06-08 by its URL" when the page gave no date."""
    if document.published:
        return f", published {document.published}"
    in_locator = date_from_locator(document)
    return f", dated {in_locator} by its {'URL' if document.url else 'file name'}" if in_locator else ""


def _rules_read(document: Document) -> str:
    """What the rules read in a document's language (some readers also count people)."""
    if document.language_code in RULE_COUNTED_LANGUAGES:
        return "quotations, reported speech and counts of people; no events"
    return "quotations and reported speech; no counts, no events"


def figure(claim: object) -> str:
    """A reported figure as written in kind: "500 (at least)", a range "100–300", or "471"."""
    def get(key: str) -> Any:
        return claim.get(key) if isinstance(claim, dict) else getattr(claim, key, None)

    qualifier, span = get("qualifier"), get("span")
    written = get("text") or (span.get("text") if isinstance(span, dict) else getattr(span, "text", "")) or ""
    if (bounds := written_range(get("low"), get("high"), qualifier, written)) is not None:
        return f"{figure_text(bounds[0])}–{figure_text(bounds[1])}"
    return figure_text(get("value")) + (f" ({qualifier})" if qualifier else "")


def _markdown_inline(text: str) -> str:
    """Keep quoted article text from being read as Markdown markup."""
    text = " ".join(text.split())
    for char in "\\`*_[]<>|#":
        text = text.replace(char, "\\" + char)
    return text


Mark = tuple[int, int, str, str]  # start, end, anchor id ("" for none), role (the CSS class)


def extraction_marks(
    extraction: Extraction,
    content_anchor: Callable[[Attribution], str],
    quantity_anchor: Callable[[Quantity], str],
) -> list[Mark]:
    """Marks for every attribution (source, cue, content; the first content fragment anchored) and
    every quantity of a document."""
    marks: list[Mark] = []
    for attribution in extraction.attributions:
        anchor = content_anchor(attribution)
        for i, span in enumerate(attribution.content):
            marks.append((span.start, span.end, anchor if i == 0 else "", "content"))
        for role_span, role in ((attribution.source, "source"), (attribution.cue, "cue")):
            if role_span is not None:
                marks.append((role_span.start, role_span.end, "", role))
    for quantity in extraction.quantities:
        marks.append((quantity.span.start, quantity.span.end, quantity_anchor(quantity), "quantity"))
    return marks


def marked_paragraphs(text: str, marks: list[Mark]) -> Markup:
    """`text` as HTML paragraphs (split on blank lines) with the marks applied."""
    html = _nested_marks(text, marks)
    return Markup("<p>" + html.replace("\n\n", "</p>\n<p>") + "</p>")


def highlight_text(
    extraction: Extraction, key: str, extra: Iterable[tuple[int, int]] = ()
) -> Markup:
    """The document text as HTML with every cited span wrapped in a <mark> (anchored where cited).

    Spans nest (a number inside a quote); a span that crosses the end of an enclosing one is clipped,
    so the markup stays well formed and the text itself is never altered.
    """
    marks = extraction_marks(
        extraction,
        lambda a: f"{key}-{a.start}-{a.end}",
        lambda q: f"{key}-{q.span.start}-{q.span.end}",
    )
    anchored: set[str] = set()
    for i, mark in enumerate(marks):  # two items with the same span share one anchor: ids stay unique
        if mark[2] in anchored:
            marks[i] = (mark[0], mark[1], "", mark[3])
        elif mark[2]:
            anchored.add(mark[2])
    for start, end in sorted(set(extra)):
        anchor = f"{key}-{start}-{end}"
        if anchor not in anchored and end > start:
            marks.append((start, end, anchor, "ledger"))
            anchored.add(anchor)
    return marked_paragraphs(extraction.document.text, marks)


def _nested_marks(text: str, marks: list[Mark]) -> str:
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
        return json.dumps(report_json(report), ensure_ascii=False, indent=2) + "\n"
    template = _environment(fmt).get_template(f"report.{fmt}.j2" if fmt == "md" else "report.html")
    keys = {
        ref.document.id: ref.key for story in report.stories for ref in story.sources
    }
    spans = ledger_spans(report)
    return template.render(
        report=report,
        where_when=lambda story: where_when_section(story, keys, fmt),
        keys=keys,
        ledger_spans=spans,
        key_fact_limit=KEY_FACT_LIMIT,
        version=__version__,
        generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    )
