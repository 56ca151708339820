"""Source versions: what changed in claims and numbers when a page was edited or removed.

Document ids depend on the text, so an edited page is a new document; the store numbers the documents
of one page (its URL, see `store.sqlite.version_key`) in ingest order and keeps every version. A page
marked deleted gets a tombstone version. `latest_documents` is what the ledger reads by default.

Between two versions, attributions are matched by the similarity of their content (rapidfuzz ratio,
best pairs first) and quantities by category; what is left over was added or removed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz

from claimledger.models import JSON, Attribution, Document, Extraction, Quantity
from claimledger.store import Store
from claimledger.store.migrations import version_key

ChangeKind = Literal["added", "removed", "changed"]
MATCH_THRESHOLD = 60.0  # rapidfuzz ratio (0-100) above which two quotes are the same claim, edited

CATEGORY_LABELS = {
    "killed": "death toll",
    "injured": "injured",
    "evacuated": "evacuated",
    "missing": "missing",
    "captured": "captured",
    "fighters": "fighters",
    "civilians": "civilians",
    "people": "people",
}


@dataclass(frozen=True, slots=True)
class Change:
    """One difference between two versions of a page."""

    kind: ChangeKind
    item: Literal["attribution", "quantity"]
    summary: str  # "death toll 12 → 17", "quote removed: Prokudin: “...”"
    old: JSON | None = None
    new: JSON | None = None

    def to_json(self) -> JSON:
        return {
            "kind": self.kind,
            "item": self.item,
            "summary": self.summary,
            "old": self.old,
            "new": self.new,
        }


@dataclass(frozen=True, slots=True)
class PageVersion:
    number: int
    doc_id: str | None  # None for a tombstone
    deleted: bool
    recorded_at: str
    title: str | None = None
    changes: tuple[Change, ...] = ()  # against the previous content version

    def to_json(self) -> JSON:
        return {
            "version": self.number,
            "doc_id": self.doc_id,
            "deleted": self.deleted,
            "recorded_at": self.recorded_at,
            "title": self.title,
            "changes": [c.to_json() for c in self.changes],
        }


@dataclass(frozen=True, slots=True)
class PageHistory:
    key: str
    versions: tuple[PageVersion, ...]

    @property
    def deleted(self) -> bool:
        return bool(self.versions) and self.versions[-1].deleted

    def to_json(self) -> JSON:
        return {"url": self.key, "deleted": self.deleted, "versions": [v.to_json() for v in self.versions]}


def latest_documents(store: Store, story: str | None = None) -> list[Document]:
    """The newest version of every page, leaving out pages marked deleted. The ledger's default input."""
    return store.latest_documents(story)


def latest_extractions(store: Store, story: str | None = None) -> list[Extraction]:
    """`latest_documents` with everything extracted from them (what the report should render)."""
    return [store.extraction(d) for d in store.latest_documents(story)]


def page_key(store: Store, url_or_key: str) -> str | None:
    """The versions key for a URL (or a file path, for pages without one); None if never ingested."""
    for key in (url_or_key, version_key(None, url_or_key, None)):
        if store.versions(key):
            return key
    key = store.sql.value(
        "SELECT key FROM versions v JOIN documents d ON d.id = v.doc_id WHERE d.url = ? OR d.source_path = ?",
        [url_or_key, url_or_key],
    )
    return str(key) if key is not None else None


def history(store: Store, key: str) -> PageHistory:
    """Every version of one page with what changed in claims and numbers since the previous one."""
    versions: list[PageVersion] = []
    previous: Extraction | None = None
    for row in store.versions(key):
        document = store.document(row["doc_id"]) if row["doc_id"] else None
        current = store.extraction(document) if document else None
        changes = diff_extractions(previous, current) if previous and current else ()
        versions.append(
            PageVersion(
                int(row["version"]),
                row["doc_id"],
                bool(row["deleted"]),
                row["recorded_at"],
                document.title if document else None,
                changes,
            )
        )
        previous = current or previous
    return PageHistory(key, tuple(versions))


def diff_extractions(old: Extraction, new: Extraction) -> tuple[Change, ...]:
    """What changed in attributions and quantities from `old` to `new` (texts, not offsets, compared)."""
    return (
        *_attribution_changes(old.attributions, new.attributions),
        *_quantity_changes(old.quantities, new.quantities),
    )


def _quote(a: Attribution) -> str:
    who = a.speaker or (a.source.text if a.source else "unattributed")
    return f"{who}: “{a.content_text}”"


def _attribution_changes(old: tuple[Attribution, ...], new: tuple[Attribution, ...]) -> list[Change]:
    pairs = sorted(
        (
            (fuzz.ratio(a.content_text, b.content_text), i, j)
            for i, a in enumerate(old)
            for j, b in enumerate(new)
        ),
        key=lambda t: (-t[0], t[1], t[2]),
    )
    used_old: set[int] = set()
    used_new: set[int] = set()
    changes: list[Change] = []
    for score, i, j in pairs:
        if score < MATCH_THRESHOLD or i in used_old or j in used_new:
            continue
        used_old.add(i)
        used_new.add(j)
        change = _edited(old[i], new[j])
        if change is not None:
            changes.append(change)
    changes += [
        Change("removed", "attribution", f"quote removed: {_quote(a)}", old=a.to_json())
        for i, a in enumerate(old)
        if i not in used_old
    ]
    changes += [
        Change("added", "attribution", f"quote added: {_quote(b)}", new=b.to_json())
        for j, b in enumerate(new)
        if j not in used_new
    ]
    return changes


def _edited(a: Attribution, b: Attribution) -> Change | None:
    notes = []
    if a.content_text != b.content_text:
        notes.append(f"“{a.content_text}” → “{b.content_text}”")
    if a.speaker != b.speaker:
        notes.append(f"speaker {a.speaker or '?'} → {b.speaker or '?'}")
    if a.polarity != b.polarity:
        notes.append(f"{a.polarity} → {b.polarity}")
    status = (
        a.verification.status if a.verification else None,
        b.verification.status if b.verification else None,
    )
    if status[0] != status[1]:
        notes.append(f"verification {status[0] or 'none'} → {status[1] or 'none'}")
    if not notes:
        return None
    who = b.speaker or (b.source.text if b.source else "unattributed")
    return Change(
        "changed",
        "attribution",
        f"quote changed ({who}): " + "; ".join(notes),
        old=a.to_json(),
        new=b.to_json(),
    )


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _label(category: str) -> str:
    return CATEGORY_LABELS.get(category, category)


def _quantity_changes(old: tuple[Quantity, ...], new: tuple[Quantity, ...]) -> list[Change]:
    changes: list[Change] = []
    for category in sorted({q.category for q in (*old, *new)}):
        before = [q for q in old if q.category == category]
        after = [q for q in new if q.category == category]
        for q in list(before):  # the same value in both versions: unchanged
            twin = next((r for r in after if r.value == q.value), None)
            if twin is not None:
                before.remove(q)
                after.remove(twin)
        for q, r in zip(before, after, strict=False):
            changes.append(
                Change(
                    "changed",
                    "quantity",
                    f"{_label(category)} {_number(q.value)} → {_number(r.value)}",
                    old=q.to_json(),
                    new=r.to_json(),
                )
            )
        changes += [
            Change(
                "removed",
                "quantity",
                f"{_label(category)} {_number(q.value)} removed (“{q.span.text}”)",
                old=q.to_json(),
            )
            for q in before[len(after) :]
        ]
        changes += [
            Change(
                "added",
                "quantity",
                f"{_label(category)} {_number(r.value)} added (“{r.span.text}”)",
                new=r.to_json(),
            )
            for r in after[len(before) :]
        ]
    return changes
