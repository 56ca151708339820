"""Put documents without a story into one: by shared entities and places, deterministic.

A document joins an existing story when it shares at least `MIN_SHARED` entity/place keys with that
story's documents; the remaining documents are clustered among themselves (union of pairs sharing
`MIN_SHARED` keys, found through an inverted index: no all-pairs scan) and each cluster is named after its
most frequent place and its event noun or most frequent actor ("kakhovka-dam").
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence

from claimledger.ledger.build import anchor_of
from claimledger.ledger.sides import translit_key
from claimledger.models import Extraction
from claimledger.store import StoreBackend

MIN_SHARED = 3
MAX_POSTINGS = 500  # a key carried by more documents than this says nothing about the story
PLACE_TYPES = ("GPE", "LOC", "FAC")


def _keys(extraction: Extraction) -> set[str]:
    return {f"{'p' if e.type in PLACE_TYPES else 'e'}:{translit_key(e.name)}" for e in extraction.entities}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")


def story_name(extractions: Sequence[Extraction]) -> str:
    places: Counter[str] = Counter()
    actors: Counter[str] = Counter()
    anchors: Counter[str] = Counter()
    for extraction in extractions:
        for e in extraction.entities:
            target = places if e.type in PLACE_TYPES else actors
            target[e.name.split()[-1]] += max(1, extraction.document.text.count(e.name))
        anchor = anchor_of(extraction.document.text)
        if anchor:
            anchors[anchor] += 1
    place = min(places.items(), key=lambda kv: (-kv[1], kv[0]))[0] if places else "story"
    second = (min(anchors.items(), key=lambda kv: (-kv[1], kv[0]))[0] if anchors
              else min(actors.items(), key=lambda kv: (-kv[1], kv[0]))[0] if actors else "news")
    return _slug(f"{place}-{second}")


def cluster_documents(extractions: Sequence[Extraction],
                      existing: dict[str, set[str]] | None = None) -> dict[str, str]:
    """Map each document id to a story name (existing stories first, then new clusters)."""
    keys = {e.document.id: _keys(e) for e in extractions}
    assigned: dict[str, str] = {}
    for doc_id, doc_keys in sorted(keys.items()):
        best = max(
            ((len(doc_keys & story_keys), name) for name, story_keys in sorted((existing or {}).items())),
            default=(0, ""),
        )
        if best[0] >= MIN_SHARED:
            assigned[doc_id] = best[1]
    rest = sorted(d for d in keys if d not in assigned)
    parent = {d: d for d in rest}

    def find(d: str) -> str:
        while parent[d] != d:
            parent[d] = parent[parent[d]]
            d = parent[d]
        return d

    postings: dict[str, list[str]] = defaultdict(list)
    for doc_id in rest:
        for key in keys[doc_id]:
            postings[key].append(doc_id)
    shared: Counter[tuple[str, str]] = Counter()
    for docs in postings.values():
        if len(docs) > MAX_POSTINGS:
            continue
        for i, a in enumerate(docs):
            for b in docs[i + 1 :]:
                shared[(a, b)] += 1
    for (a, b), count in sorted(shared.items()):
        if count >= MIN_SHARED:
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    clusters: dict[str, list[Extraction]] = defaultdict(list)
    by_id = {e.document.id: e for e in extractions}
    for doc_id in rest:
        clusters[find(doc_id)].append(by_id[doc_id])
    for members in clusters.values():
        name = story_name(members)
        for e in members:
            assigned[e.document.id] = name
    return assigned


def assign_stories(store: StoreBackend) -> dict[str, str]:
    """Give every document without a story one; returns the new assignments."""
    rows = store.sql.query("SELECT id FROM documents WHERE story IS NULL OR story = ''")
    if not rows:
        return {}
    unassigned = {r["id"] for r in rows}
    docs = [d for d in store.documents() if d.id in unassigned]
    extractions = [store.extraction(d) for d in docs]
    existing: dict[str, set[str]] = defaultdict(set)
    for name, _ in store.stories():
        if name:
            for extraction in store.extractions(name):
                existing[name] |= _keys(extraction)
    assigned = cluster_documents(extractions, existing)
    with store.sql.transaction():
        for doc_id, name in sorted(assigned.items()):
            store.sql.execute("UPDATE documents SET story = ? WHERE id = ?", [name, doc_id])
    return assigned
