"""schema.org ClaimReview / Claim JSON-LD: one ClaimReview per claim, the claim's appearances listed.

A claim is what a speaker is reported to have said: attributions with the same speaker and the same
(whitespace- and case-normalised) content across documents are one claim with several appearances.
The claimant is the Claim's `author` (Person or Organization; schema.org's ClaimReview `author` is the
reviewer). claimledger reviews nothing itself, so a `reviewRating` appears only when the reporting
outlet said something about verification ("could not independently verify"), as a textual
`alternateName` ("Unverified", "No evidence", "Disputed", "Confirmed") with no numeric rating, and the
review's `author` is then that outlet. No truth rating is ever made up.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from claimledger.extract.claims import claims_of
from claimledger.models import Attribution, Document, Extraction

CONTEXT = "https://schema.org"
RATING_NAMES: dict[str, str] = {"unverified": "Unverified", "no_evidence": "No evidence",
                                "disputed": "Disputed", "confirmed": "Confirmed", "withdrawn": "Withdrawn"}
_PERSON_KINDS = frozenset({"person", "anonymous"})

JSON = dict[str, Any]


def _key(a: Attribution) -> tuple[str, str]:
    return (a.speaker or "").casefold(), " ".join(a.content_text.split()).casefold()


def _author(a: Attribution) -> JSON | None:
    if not a.speaker:
        return None
    kind = "Person" if a.speaker_kind in _PERSON_KINDS else "Organization"
    return {"@type": kind, "name": a.speaker}


def _appearance(doc: Document, a: Attribution) -> JSON:
    work: JSON = {"@type": "CreativeWork", "url": doc.url or f"urn:claimledger:{doc.id}"}
    if doc.title:
        work["headline"] = doc.title
    if doc.outlet:
        work["publisher"] = {"@type": "Organization", "name": doc.outlet}
    if doc.published:
        work["datePublished"] = doc.published[:10]
    work["identifier"] = f"{doc.id}#{a.start}-{a.end}"
    return work


def claim_reviews(extractions: Iterable[Extraction]) -> list[JSON]:
    """ClaimReview objects (without @context), one per claim, in order of first appearance. Only
    attributions that state a claim (`extract.claims.claims_of`), as in the report: an act ("Moscow has
    responded with a barrage of missile attacks") or a thing as the source is nobody's claim."""
    groups: dict[tuple[str, str], list[tuple[Document, Attribution]]] = {}
    for extraction in extractions:
        for a in claims_of(extraction.attributions):
            groups.setdefault(_key(a), []).append((extraction.document, a))
    return [_review(items) for items in groups.values()]


def _review(items: list[tuple[Document, Attribution]]) -> JSON:
    doc, first = items[0]
    claim: JSON = {"@type": "Claim", "appearance": [_appearance(d, a) for d, a in items],
                   "firstAppearance": _appearance(doc, first)}
    author = _author(first)
    if author:
        claim["author"] = author
    if doc.published:
        claim["datePublished"] = doc.published[:10]
    review: JSON = {"@type": "ClaimReview", "@id": f"urn:claimledger:{first.id}",
                    "claimReviewed": " ".join(first.content_text.split()), "itemReviewed": claim}
    noted = next(((d, a) for d, a in items if a.verification is not None), None)
    if noted is not None:
        d, a = noted
        assert a.verification is not None
        review["reviewRating"] = {"@type": "Rating", "alternateName": RATING_NAMES[a.verification.status],
                                  "ratingExplanation": " ".join(a.verification.span.text.split())}
        if d.outlet:
            review["author"] = {"@type": "Organization", "name": d.outlet}
        if d.url:
            review["url"] = d.url
    return review


def claim_review_document(extractions: Iterable[Extraction]) -> JSON:
    """A JSON-LD document: {"@context": "https://schema.org", "@graph": [ClaimReview, ...]}."""
    return {"@context": CONTEXT, "@graph": claim_reviews(extractions)}


def validate_claim_review_document(doc: Any) -> list[str]:
    """Structural problems of a document written by `claim_review_document`; [] if none."""
    if not isinstance(doc, dict) or doc.get("@context") != CONTEXT or not isinstance(doc.get("@graph"), list):
        return ["expected {'@context': 'https://schema.org', '@graph': [...]}"]
    errors = []
    for i, review in enumerate(doc["@graph"]):
        where = f"@graph[{i}]"
        if review.get("@type") != "ClaimReview" or not review.get("claimReviewed"):
            errors.append(f"{where}: a ClaimReview with claimReviewed")
            continue
        item = review.get("itemReviewed") or {}
        if item.get("@type") != "Claim" or not item.get("appearance"):
            errors.append(f"{where}: itemReviewed must be a Claim with appearances")
        for work in item.get("appearance", []):
            if work.get("@type") != "CreativeWork" or not work.get("url"):
                errors.append(f"{where}: each appearance is a CreativeWork with a url")
        author = item.get("author")
        if author is not None and author.get("@type") not in ("Person", "Organization"):
            errors.append(f"{where}: the claimant is a Person or an Organization")
        rating = review.get("reviewRating")
        if rating is not None and (set(rating) & {"ratingValue", "bestRating", "worstRating"}
                                   or rating.get("alternateName") not in RATING_NAMES.values()):
            errors.append(f"{where}: reviewRating is a textual verification status only")
    return errors
