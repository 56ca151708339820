"""The claim-context (second) stage of the stance model (claim_context, fit_stance with groups)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from claimledger.ledger.stance import (
    STANCES,
    StanceModel,
    claim_context,
    fit_stance,
    load_stance_model,
)

CLASSES = tuple(sorted(STANCES))


def test_context_is_the_mean_of_the_other_rows_of_a_claim() -> None:
    proba = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [0.2, 0.3, 0.5]])
    context = claim_context(proba, ["a", "a", "a", "b"])
    assert np.allclose(context[0], [0.0, 0.5, 0.5])
    assert np.allclose(context[2], [0.5, 0.5, 0.0])
    assert np.allclose(context[3], proba[3])  # alone: its own probabilities


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from("abc"), min_size=1, max_size=12), st.integers(0, 2**16))
def test_context_rows_are_distributions(groups: list[str], seed: int) -> None:
    proba = np.random.default_rng(seed).dirichlet(np.ones(3), size=len(groups))
    context = claim_context(proba, groups)
    assert context.shape == proba.shape
    assert np.allclose(context.sum(axis=1), 1.0)


def _toy(seed: int = 0) -> tuple[np.ndarray, list[str], list[str]]:
    """Claims whose headlines share a stance; the first feature is a noisy cue of that stance."""
    rng = np.random.default_rng(seed)
    features, labels, groups = [], [], []
    for claim in range(24):
        stance = CLASSES[claim % 3]
        for _ in range(5):
            row = rng.normal(size=6)
            row[CLASSES.index(stance)] += 1.5
            features.append(row)
            labels.append(stance)
            groups.append(f"claim {claim}")
    return np.array(features, dtype=np.float32), labels, groups


def test_two_stages_with_groups_one_without() -> None:
    features, labels, groups = _toy()
    single = fit_stance(features, labels)
    assert single.context_coef is None
    model = fit_stance(features, labels, groups=groups)
    assert model.classes == CLASSES
    assert model.context_coef is not None and model.context_coef.shape == (3, features.shape[1] + 3)
    proba = model.predict_proba(features, groups=groups)
    assert np.allclose(proba.sum(axis=1), 1.0)
    # the context of a claim's other headlines helps on these claims (they share a stance)
    test_x, test_y, test_groups = _toy(seed=1)
    with_context = np.array(model.classes)[model.predict_proba(test_x, groups=test_groups).argmax(1)]
    alone = np.array(single.classes)[single.predict_proba(test_x).argmax(1)]
    assert np.mean(with_context == np.array(test_y)) > np.mean(alone == np.array(test_y))


def test_too_few_claims_fall_back_to_one_stage() -> None:
    features, labels, _ = _toy()
    model = fit_stance(features[:6], labels[:6], groups=["one"] * 6)
    assert model.context_coef is None


def test_save_and_load_keep_both_stages(tmp_path: Path) -> None:
    features, labels, groups = _toy()
    model = fit_stance(features, labels, groups=groups)
    model.save(tmp_path / "m.npz")
    loaded = load_stance_model(tmp_path / "m.npz")
    assert loaded.context_coef is not None
    assert np.allclose(
        loaded.predict_proba(features, groups), model.predict_proba(features, groups), atol=1e-5
    )
    single = StanceModel(model.coef, model.intercept, model.classes)
    single.save(tmp_path / "s.npz")
    assert load_stance_model(tmp_path / "s.npz").context_coef is None


def test_shipped_model_has_the_context_stage() -> None:
    model = load_stance_model()
    assert model.context_coef is not None
    assert model.context_coef.shape == (3, model.coef.shape[1] + 3)


def test_predict_without_groups_reads_each_row_alone() -> None:
    features, labels, groups = _toy()
    model = fit_stance(features, labels, groups=groups)
    alone = model.predict_proba(features[:4])
    assert np.allclose(alone, model.predict_proba(features[:4], ["a", "b", "c", "d"]))
    assert not np.allclose(alone, model.predict_proba(features[:4], ["a"] * 4))
