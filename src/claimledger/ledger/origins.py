"""Independent origins: reprints and rewrites of one wire story count once.

Two documents share an origin when their texts are near-duplicates (MinHash over 5-word shingles with
`datasketch` LSH, Jaccard >= 0.5: sub-quadratic) or when they credit the same wire service under the same
dateline (or, without a dateline, on the same publication date).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from datasketch import MinHash, MinHashLSH

from claimledger.models import Document

SHINGLE = 5
NUM_PERM = 64
THRESHOLD = 0.5
WIRES = {
    "ap": "AP", "associated press": "AP", "reuters": "Reuters", "afp": "AFP", "agence france-presse": "AFP",
    "tass": "TASS", "ria novosti": "RIA Novosti", "interfax": "Interfax", "sputnik": "Sputnik",
    "ukrinform": "Ukrinform", "new york times news service": "NYT",
}
_WIRE = "|".join(sorted((re.escape(w) for w in WIRES), key=len, reverse=True))
_CREDIT = re.compile(
    rf"\(({_WIRE})\)|\b({_WIRE})\s+(?:reported|reports|said|news service)\b|according to (?:the )?({_WIRE})\b"
    rf"|^\s*({_WIRE})\s*$",
    re.IGNORECASE | re.MULTILINE,
)
_DATELINE = re.compile(rf"^\s*([A-Z][A-Z .'-]{{2,}}),?[^\n(]{{0,30}}\(({_WIRE})\)", re.MULTILINE)


def wire_credit(text: str) -> str | None:
    """The first wire service the text credits ("(Reuters)", "TASS reported", "according to AP")."""
    match = _CREDIT.search(text)
    if not match:
        return None
    name = next(g for g in match.groups() if g)
    return WIRES[name.casefold()]


def dateline(text: str) -> str | None:
    match = _DATELINE.search(text[:400])
    return match.group(1).strip().casefold() if match else None


def _shingles(text: str) -> set[bytes]:
    words = re.findall(r"\w+", text.casefold())
    if len(words) < SHINGLE:
        return {" ".join(words).encode()}
    return {" ".join(words[i : i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)}


class _UnionFind:
    def __init__(self, items: Sequence[str]) -> None:
        self.parent = {item: item for item in items}

    def find(self, item: str) -> str:
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # the smaller id represents the origin, so labels do not depend on input order
            lo, hi = sorted((ra, rb))
            self.parent[hi] = lo


def origins(documents: Sequence[Document]) -> dict[str, str]:
    """Map each document id to its origin (the smallest document id of its reprint cluster)."""
    ids = [d.id for d in documents]
    uf = _UnionFind(ids)
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    for doc in sorted(documents, key=lambda d: d.id):
        mh = MinHash(num_perm=NUM_PERM, seed=1)
        mh.update_batch(list(_shingles(doc.text)))
        for other in lsh.query(mh):
            uf.union(doc.id, str(other))
        lsh.insert(doc.id, mh)
    by_credit: dict[tuple[str, str], str] = {}
    for doc in documents:
        wire = wire_credit(doc.text)
        if wire is None:
            continue
        place = dateline(doc.text) or doc.published_date
        if place is None:
            continue
        key = (wire, place)
        if key in by_credit:
            uf.union(doc.id, by_credit[key])
        else:
            by_credit[key] = doc.id
    return {doc_id: uf.find(doc_id) for doc_id in ids}
