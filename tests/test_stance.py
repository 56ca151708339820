"""Stance classification (claimledger.ledger.stance) and its evaluation (claimledger.eval.stance)."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from claimledger.ledger.stance import (
    HEDGES,
    REFUTES,
    STANCES,
    classify_stance,
    classify_stance_batch,
    lexical_features,
    load_stance_model,
    train_stance,
)

EMERGENT = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "stance" / "emergent_train.csv"
# Measured 2026-11-25 with `claimledger eval stance ../shared/data/stance/emergent_train.csv --cv 5`
# (MiniLM pair embeddings + lexical + dependency-parse features, then a claim-context second stage):
# accuracy 0.7846, macro F1 0.7725 (one stage, before: 0.7735 / 0.7632).
MEASURED_CV_ACCURACY = 0.7846
MEASURED_CV_MACRO_F1 = 0.7725

CLAIM = "ISIS militants captured an American soldier in Syria"
PAIRS = [
    (CLAIM, "ISIS militants capture American soldier in Syria"),
    (CLAIM, "Pentagon denies report that ISIS captured a US soldier: the claim is a hoax"),
    (CLAIM, "ISIS reportedly claims it captured a US soldier, unconfirmed"),
]


def test_hand_made_pairs() -> None:
    labels = [classify_stance_batch([pair])[0][0] for pair in PAIRS]  # each read alone: no claim context
    assert labels == ["supports", "contradicts", "reports"]


def test_claim_context_shifts_a_headline_toward_its_neighbours() -> None:
    """The same headline reads more as "reports" among hedging headlines about its claim than alone."""
    assertive = (CLAIM, "ISIS fighters capture American soldier in Syria")
    hedging = [(CLAIM, f"ISIS {verb} it captured a US soldier, unconfirmed") for verb in ("claims", "says")]
    alone = classify_stance_batch([assertive])[0]
    among = classify_stance_batch([assertive, *hedging])[0]
    assert alone[0] == "supports"
    assert among[0] == "reports" or among[1] < alone[1]


def test_outputs_are_valid_and_deterministic() -> None:
    first = classify_stance_batch(PAIRS)
    assert first == classify_stance_batch(PAIRS)
    for label, confidence in first:
        assert label in STANCES
        assert 1 / 3 <= confidence <= 1.0
    assert classify_stance(*PAIRS[1]) == classify_stance_batch([PAIRS[1]])[0]
    assert classify_stance_batch([]) == []


def test_lexical_features_flag_new_cues_only() -> None:
    features = lexical_features("Man claims he saw a ghost", "Man claims he saw a ghost")
    cues = features[-(len(HEDGES) + len(REFUTES)) :]
    assert sum(cues) == 0  # "claims" is in the claim itself
    features = lexical_features("Man saw a ghost", "Ghost sighting is a hoax?")
    assert features[2] == 1.0  # question mark
    assert features[1] >= 1.0  # refuting word


def test_train_and_load_roundtrip(tmp_path: Path) -> None:
    data = tmp_path / "tiny.csv"
    rows = [
        ("c1", "A shark swam in the flooded street", "Shark swims down flooded street", "for"),
        ("c1", "A shark swam in the flooded street", "Flood shark photo is a fake", "against"),
        ("c1", "A shark swam in the flooded street", "Shark reportedly seen in street?", "observing"),
        ("c2", "A cat was elected mayor", "Cat elected mayor of small town", "for"),
        ("c2", "A cat was elected mayor", "No, a cat was not elected mayor", "against"),
        ("c2", "A cat was elected mayor", "Town may have elected a cat, reports say", "observing"),
    ]
    _write_emergent(data, rows)
    out = tmp_path / "model.npz"
    model = train_stance(data, out)
    loaded = load_stance_model(out)
    assert loaded.classes == model.classes == tuple(sorted(STANCES))
    assert np.allclose(loaded.coef, model.coef, atol=1e-6)
    from claimledger.eval.stance import score_stance

    assert score_stance(loaded, data)["n"] == len(rows)


def _write_emergent(path: Path, rows: list[tuple[str, str, str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["", "claimHeadline", "articleHeadline", "articleHeadlineStance", "articleId", "claimId"]
        )
        for i, (claim_id, claim, text, stance) in enumerate(rows):
            writer.writerow([i, claim, text, stance, f"a{i}", claim_id])


def test_nested_cross_validation_picks_c_inside_folds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from claimledger.eval import stance as evaluation

    monkeypatch.setattr(evaluation, "INNER_FOLDS", 2)  # fewer fits: the test is about the plumbing
    grid = (0.3, 1.0)

    subjects = ["A shark", "A cat", "A robot", "A tiger", "A horse", "A parrot", "A whale", "A goat"]
    rows = []
    for k, who in enumerate(subjects):
        claim = f"{who} was seen in the town square"
        rows += [
            (f"c{k}", claim, f"{who} seen in town square", "for"),
            (f"c{k}", claim, f"{who} in town square is a hoax, police say it was not there", "against"),
            (f"c{k}", claim, f"{who} may have been seen in town square, reports claim", "observing"),
        ]
    data = tmp_path / "eight.csv"
    _write_emergent(data, rows)
    result = evaluation.evaluate_stance_cv(data, folds=2, c_grid=grid)
    assert result["n"] == len(rows) and len(result["c_per_fold"]) == 2
    assert set(result["c_per_fold"]) <= set(grid)
    assert result["nested_c_grid"] == list(grid)


def test_shipped_model_is_small() -> None:
    model = load_stance_model()
    assert model.coef.shape[0] == 3
    assert model.coef.nbytes < 20_000_000


@pytest.mark.slow
@pytest.mark.skipif(not EMERGENT.is_file(), reason="shared Emergent data not available")
def test_cross_validated_accuracy_gate() -> None:
    from claimledger.eval.stance import evaluate_stance_cv

    result = evaluate_stance_cv(EMERGENT, folds=5)
    assert result["accuracy"] >= MEASURED_CV_ACCURACY - 0.015
    assert result["macro_f1"] >= MEASURED_CV_MACRO_F1 - 0.015


def test_cli_commands(tmp_path: Path) -> None:
    import json

    import typer
    from typer.testing import CliRunner

    from claimledger.commands import stance as commands

    app, eval_app, train_app = typer.Typer(), typer.Typer(), typer.Typer()
    app.add_typer(eval_app, name="eval")
    app.add_typer(train_app, name="train")
    commands.register(app, eval_app, train_app)
    data = tmp_path / "pairs.csv"
    stances = ["for", "against", "observing"]
    one_claim_each = [  # no claim context
        (f"c{i}", f"{claim} ({i})", text, stances[i]) for i, (claim, text) in enumerate(PAIRS)
    ]
    _write_emergent(data, one_claim_each)
    result = CliRunner().invoke(app, ["eval", "stance", str(data), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["accuracy"] == 1.0
    out = tmp_path / "m.npz"
    result = CliRunner().invoke(app, ["train", "stance", "--train", str(data), "--out", str(out)])
    assert result.exit_code == 0 and out.is_file()
    assert CliRunner().invoke(app, ["eval", "stance", str(tmp_path / "missing.csv")]).exit_code != 0
