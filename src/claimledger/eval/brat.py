"""brat standoff for attribution relations: `T` span lines and `E` lines linking Source/Cue/Content.

Write format (what `polnear_score.py` reads)::

    T1\tSource 10 17\tGladkov
    T2\tCue 18 22\tsaid
    T3\tContent 30 40;50 60\tfirst fragment second fragment
    E1\tAttribution:T2 Source:T1 Cue:T2 Content:T3
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from claimledger.errors import EvaluationError

Fragments = tuple[tuple[int, int], ...]
ROLES = ("source", "cue", "content")


@dataclass(frozen=True)
class Relation:
    """One attribution relation as character fragments per role (a role may be empty)."""

    content: Fragments
    source: Fragments = ()
    cue: Fragments = ()
    extra: dict[str, Fragments] = field(default_factory=dict, compare=False)

    def role(self, name: str) -> Fragments:
        return {"source": self.source, "cue": self.cue, "content": self.content}[name]


def read_ann(path: Path) -> list[Relation]:
    """Relations of one `.ann` file (relations without content are skipped, as the scorer does)."""
    spans: dict[str, Fragments] = {}
    out: list[Relation] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise EvaluationError(f"cannot read brat file: {exc}", where=str(path)) from exc
    for n, line in enumerate(lines, 1):
        parts = line.split("\t")
        if not line.strip() or len(parts) < 2:
            continue
        try:
            if line.startswith("T"):
                spans[parts[0]] = _parse_offsets(parts[1].partition(" ")[2])
            elif line.startswith("E"):
                rel = _parse_event(parts[1], spans)
                if rel is not None:
                    out.append(rel)
        except ValueError as exc:
            raise EvaluationError(
                f"malformed brat line: {line!r}", where=str(path), locator=f"line {n}"
            ) from exc
    return out


def _parse_offsets(offsets: str) -> Fragments:
    frags = []
    for piece in offsets.split(";"):
        s, e = piece.split()
        frags.append((int(s), int(e)))
    return tuple(frags)


def _parse_event(args: str, spans: dict[str, Fragments]) -> Relation | None:
    roles: dict[str, list[tuple[int, int]]] = {}
    for arg in args.split():
        role, _, tid = arg.partition(":")
        role = role.rstrip("0123456789").lower()
        if role in ROLES and tid in spans:
            roles.setdefault(role, []).extend(spans[tid])
    if not roles.get("content"):
        return None
    return Relation(
        content=tuple(roles["content"]),
        source=tuple(roles.get("source", ())),
        cue=tuple(roles.get("cue", ())),
    )


def format_ann(text: str, relations: Iterable[Relation]) -> str:
    """brat lines for `relations` over `text` (fragment texts joined by a space)."""
    lines: list[str] = []
    t = 0
    for e, rel in enumerate(relations, 1):
        ids: dict[str, str] = {}
        for role in ("source", "cue", "content"):
            frags = rel.role(role)
            if not frags:
                continue
            t += 1
            ids[role] = f"T{t}"
            offsets = ";".join(f"{s} {end}" for s, end in frags)
            shown = " ".join(text[s:end] for s, end in frags).replace("\n", " ").replace("\t", " ")
            lines.append(f"T{t}\t{role.capitalize()} {offsets}\t{shown}")
        anchor = ids.get("cue", ids["content"])
        args = [f"Attribution:{anchor}"]
        args += [f"{role.capitalize()}:{ids[role]}" for role in ("source", "cue", "content") if role in ids]
        lines.append(f"E{e}\t{' '.join(args)}")
    return "".join(line + "\n" for line in lines)


def write_ann(path: Path, text: str, relations: Sequence[Relation]) -> None:
    path.write_text(format_ann(text, relations), encoding="utf-8")
