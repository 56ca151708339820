"""Parse features of the stance model (claimledger.ledger.stance.parse_features) and the feature layout."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimledger.errors import ClaimLedgerError
from claimledger.ledger.stance import (
    PARSE_WIDTH,
    StanceModel,
    load_stance_model,
    pair_features,
    parse,
    parse_features,
)

CLAIM = "A man saw a ghost in the castle"
# Positions in parse_features' output (see the helper functions it concatenates).
ROOT_REPORTING, ROOT_REPORTING_SUBJECT, ROOT_REPORTING_CLAUSE = 0, 1, 2
HEDGE, REFUTE, REFUTE_DISTANCE = 5, 7, 8
HEAD_NEGATION_ONLY, MODAL_ON_ROOT = 11, 14
ENDS_WITH_QUESTION, SOURCE_COLON = 17, 18
SOURCE_PREFIX, SOURCE_TAIL = 24, 26
N_PARSE = PARSE_WIDTH


def features(text: str, claim: str = CLAIM) -> list[float]:
    docs = parse([claim, text])
    return parse_features(docs[claim], docs[text])


def test_reporting_main_verb_with_source_and_clause() -> None:
    reported = features("Police say a man saw a ghost in the castle")
    asserted = features("Man sees ghost in the castle")
    assert [reported[i] for i in (ROOT_REPORTING, ROOT_REPORTING_SUBJECT, ROOT_REPORTING_CLAUSE)] == [1.0] * 3
    assert asserted[ROOT_REPORTING] == asserted[ROOT_REPORTING_SUBJECT] == 0.0


def test_source_prefix_and_tail() -> None:
    assert features("Report: man saw ghost in castle")[SOURCE_COLON] == 1.0
    assert features("Official: man saw ghost in castle")[SOURCE_PREFIX] == 1.0
    assert features("Man saw ghost in castle, police say")[SOURCE_TAIL] == 1.0
    plain = features("Man saw ghost in castle")
    assert plain[SOURCE_COLON] == plain[SOURCE_PREFIX] == plain[SOURCE_TAIL] == 0.0


def test_hedges_refutes_negation_and_questions() -> None:
    hedged = features("Man may have seen a ghost in the castle")
    assert hedged[HEDGE] == 1.0 and hedged[MODAL_ON_ROOT] == 1.0
    refuted = features("Castle ghost photo is a hoax: man did not see a ghost")
    assert refuted[REFUTE] == 1.0 and refuted[REFUTE_DISTANCE] < 1.0
    assert refuted[HEAD_NEGATION_ONLY] == 1.0
    assert features("Did a man see a ghost in the castle?")[ENDS_WITH_QUESTION] == 1.0
    # a cue word that is already in the claim is no cue
    assert features("Man may see ghost", claim="A man may see a ghost")[HEDGE] == 0.0


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=80))
def test_parse_features_total_on_any_text(text: str) -> None:
    values = features(text)
    assert len(values) == N_PARSE
    assert all(math.isfinite(v) and 0.0 <= v <= 3.0 for v in values)


def test_feature_width_matches_shipped_model() -> None:
    matrix = pair_features([CLAIM], ["Police say a man saw a ghost"])
    assert matrix.shape == (1, load_stance_model().coef.shape[1])
    assert matrix.dtype == np.float32


def test_model_of_another_feature_set_is_refused() -> None:
    model = StanceModel(np.zeros((3, 5)), np.zeros(3), ("contradicts", "reports", "supports"))
    with pytest.raises(ClaimLedgerError, match="retrain"):
        model.predict_proba(np.zeros((1, 7), dtype=np.float32))
