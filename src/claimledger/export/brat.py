"""brat standoff per document: `<doc_id>.txt` (the stored text) and `<doc_id>.ann` with attribution
relations as PolNeAR writes them (Source / Cue / Content `T` lines and an `E` line linking them), then
one `T` line per entity mention (its type) and per quantity (`Quantity`, with an `AnnotatorNotes`
line giving value and category)."""

from __future__ import annotations

import re
from pathlib import Path

from claimledger.eval.brat import Relation, format_ann
from claimledger.models import Extraction, Span


def _frags(spans: tuple[Span, ...]) -> tuple[tuple[int, int], ...]:
    return tuple((s.start, s.end) for s in spans)


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """brat spans may not cross a line break: split a span at each one."""
    pieces = []
    for m in re.finditer(r"[^\n]+", text[start:end]):
        pieces.append((start + m.start(), start + m.end()))
    return pieces or [(start, end)]


def _split(text: str, frags: tuple[tuple[int, int], ...]) -> tuple[tuple[int, int], ...]:
    return tuple(p for s, e in frags for p in _lines(text, s, e))


def brat_ann(extraction: Extraction) -> str:
    text = extraction.document.text
    relations = [
        Relation(content=_split(text, _frags(a.content)),
                 source=_split(text, _frags((a.source,))) if a.source else (),
                 cue=_split(text, _frags((a.cue,))) if a.cue else ())
        for a in extraction.attributions
    ]
    out = format_ann(text, relations)
    t = max((int(m.group(1)) for m in re.finditer(r"^T(\d+)\t", out, re.MULTILINE)), default=0)
    lines: list[str] = []
    for entity in extraction.entities:
        for mention in entity.mentions:
            t += 1
            frags = _lines(text, mention.start, mention.end)
            shown = " ".join(text[s:e] for s, e in frags)
            lines.append(f"T{t}\t{entity.type} {';'.join(f'{s} {e}' for s, e in frags)}\t{shown}")
    for note, q in enumerate(extraction.quantities, 1):
        t += 1
        frags = _lines(text, q.span.start, q.span.end)
        shown = " ".join(text[s:e] for s, e in frags)
        lines.append(f"T{t}\tQuantity {';'.join(f'{s} {e}' for s, e in frags)}\t{shown}")
        lines.append(f"#{note}\tAnnotatorNotes T{t}\t{q.category}={q.value:g}")
    return out + "".join(line + "\n" for line in lines)


def write_brat(extraction: Extraction, directory: Path) -> tuple[Path, Path]:
    """Write `<doc_id>.txt` and `<doc_id>.ann` into `directory`."""
    directory.mkdir(parents=True, exist_ok=True)
    doc = extraction.document
    txt, ann = directory / f"{doc.id}.txt", directory / f"{doc.id}.ann"
    txt.write_text(doc.text, encoding="utf-8", newline="")
    ann.write_text(brat_ann(extraction), encoding="utf-8", newline="")
    return txt, ann
