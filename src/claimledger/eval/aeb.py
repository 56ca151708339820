"""Article-body extraction measured on the article-extraction benchmark (AEB), through the real ingest path.

Every `html/<id>.html.gz` page goes through `claimledger.ingest.read_inputs` exactly as a user's file
would, and the clean text is scored against `ground-truth.json` with the benchmark's own metric (a port
of `tools/aeb_score.py` that gives the same numbers):

- `\\w+` tokens joined into 4-token shingles; per page the multiset TP/FP/FN, normalised to sum 1;
- precision and recall averaged over pages (pages with no predicted / no true shingles are left out of
  that average); F1 from the two averages.

A page the ingest stage fails on is predicted as empty text, so failures cost recall.
"""

from __future__ import annotations

import json
import logging
import re
import statistics
from collections import Counter
from collections.abc import Mapping
from pathlib import Path

from claimledger.errors import EvaluationError
from claimledger.ingest import Loaded, read_inputs

log = logging.getLogger(__name__)

TOKEN = re.compile(r"\w+")
SHINGLE = 4
PAGE_SUFFIX = ".html.gz"

Predictions = dict[str, dict[str, str]]


def shingles(text: str, n: int = SHINGLE) -> Counter[tuple[str, ...]]:
    tokens = TOKEN.findall(text or "")
    return Counter(tuple(tokens[i:i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i:i + n])


def tp_fp_fn(true: str, pred: str) -> tuple[float, float, float]:
    """The page's true positives, false positives and false negatives, normalised to sum 1."""
    t, p = shingles(true), shingles(pred)
    tp = sum(min(t[k], p[k]) for k in t.keys() | p.keys())
    fp = sum(max(0, p[k] - t[k]) for k in p)
    fn = sum(max(0, t[k] - p[k]) for k in t)
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fp == 0 else tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fn == 0 else tp / (tp + fn)


def score_aeb(ground_truth: Mapping[str, Mapping[str, str]],
              predictions: Mapping[str, Mapping[str, str]]) -> dict[str, float]:
    """precision, recall, f1 and n (pages) of `predictions` vs `ground_truth`, both {id: {articleBody}}."""
    missing = sorted(set(ground_truth) - set(predictions))
    if missing:
        raise EvaluationError(f"{len(missing)} ground-truth ids have no prediction, e.g. {missing[:3]}")
    rows = [tp_fp_fn(ground_truth[k].get("articleBody", ""), predictions[k].get("articleBody", ""))
            for k in ground_truth]
    precisions = [_precision(*row) for row in rows if row[0] + row[1] > 0]
    recalls = [_recall(*row) for row in rows if row[0] + row[2] > 0]
    if not precisions or not recalls:
        raise EvaluationError("no page has both predicted and true text: nothing to score")
    precision, recall = statistics.mean(precisions), statistics.mean(recalls)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "n": len(rows)}


def load_ground_truth(aeb_dir: Path) -> dict[str, dict[str, str]]:
    path = aeb_dir / "ground-truth.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise EvaluationError(f"cannot read the AEB ground truth: {exc}", where=str(path)) from exc
    if not isinstance(data, dict):
        raise EvaluationError("ground truth is not a JSON object", where=str(path))
    return data


def page_id(path: Path) -> str:
    return path.name[: -len(PAGE_SUFFIX)]


def predict_aeb(aeb_dir: Path) -> Predictions:
    """{page id: {"articleBody": clean text}} for every page, read through the ingest stage."""
    pages = sorted((aeb_dir / "html").glob(f"*{PAGE_SUFFIX}"))
    if not pages:
        raise EvaluationError("no html/*.html.gz pages found", where=str(aeb_dir))
    predictions: Predictions = {}
    for page in pages:
        texts = [item.document.text for item in read_inputs([str(page)]) if isinstance(item, Loaded)]
        if not texts:
            log.warning("AEB page %s: no article extracted", page.name)
        predictions[page_id(page)] = {"articleBody": "\n\n".join(texts)}
    return predictions


def write_predictions(predictions: Mapping[str, Mapping[str, str]], path: Path) -> None:
    """Predictions in the benchmark's format, for `tools/aeb_score.py`."""
    path.write_text(json.dumps(predictions, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")


def evaluate_aeb(aeb_dir: Path, *, predictions_out: Path | None = None) -> dict[str, float]:
    """Run every AEB page through ingest and score it; optionally write the predictions as JSON."""
    ground_truth = load_ground_truth(aeb_dir)
    predictions = predict_aeb(aeb_dir)
    for missing in set(ground_truth) - set(predictions):
        log.warning("AEB page %s has ground truth but no HTML file; scored as empty", missing)
        predictions[missing] = {"articleBody": ""}
    if predictions_out is not None:
        write_predictions(predictions, predictions_out)
    return score_aeb(ground_truth, predictions)
