"""AEB: article-body extraction through the real ingest path, and our port of the benchmark's scorer."""

from __future__ import annotations

import importlib.util
import json
import statistics
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimledger.errors import EvaluationError
from claimledger.eval.aeb import evaluate_aeb, score_aeb

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
AEB = SHARED / "data" / "aeb"
SCORER = SHARED / "tools" / "aeb_score.py"

# Measured with `evaluate_aeb(../shared/data/aeb)` (181 pages): precision 0.9650, recall 0.9760, F1 0.9705.
MEASURED_F1 = 0.9705
MARGIN = 0.003


def _reference() -> ModuleType:
    if not SCORER.exists():
        pytest.skip("the benchmark's scorer is not available")
    spec = importlib.util.spec_from_file_location("aeb_score_reference", SCORER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_aeb_f1_through_ingest_and_the_reference_scorer_agrees(tmp_path: Path) -> None:
    if not (AEB / "ground-truth.json").exists():
        pytest.skip("AEB data not available")
    out = tmp_path / "predictions.json"
    ours = evaluate_aeb(AEB, predictions_out=out)
    assert ours["n"] == 181
    assert ours["f1"] >= MEASURED_F1 - MARGIN, ours
    ground_truth = json.loads((AEB / "ground-truth.json").read_text(encoding="utf-8"))
    predictions = json.loads(out.read_text(encoding="utf-8"))
    reference = _reference().score(ground_truth, predictions)
    assert reference == pytest.approx(ours, abs=1e-12)


_TEXT = st.lists(st.sampled_from(["the", "dam", "broke", "on", "Tuesday", "officials", "said", "x1", "é"]),
                 max_size=40).map(" ".join)


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.text(min_size=1, max_size=5), st.tuples(_TEXT, _TEXT), min_size=1, max_size=6))
def test_port_agrees_with_the_reference_scorer(pages: dict[str, tuple[str, str]]) -> None:
    reference = _reference()
    truth = {k: {"articleBody": t} for k, (t, _) in pages.items()}
    pred = {k: {"articleBody": p} for k, (_, p) in pages.items()}
    try:
        expected = reference.score(truth, pred)
    except ZeroDivisionError:  # precision and recall both 0: the reference divides by zero, we say F1 0
        assert score_aeb(truth, pred)["f1"] == 0.0
        return
    except statistics.StatisticsError:  # no page to average over
        with pytest.raises(EvaluationError):
            score_aeb(truth, pred)
        return
    assert score_aeb(truth, pred) == pytest.approx(expected, abs=1e-12)


def test_missing_prediction_is_an_error() -> None:
    with pytest.raises(EvaluationError):
        score_aeb({"a": {"articleBody": "one two three four"}}, {})
