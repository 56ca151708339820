"""Attribution ensembles: several models trained alike, written as one folder, averaged at prediction."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from typer.testing import CliRunner

from claimledger.cli import app
from claimledger.errors import ClaimLedgerError
from claimledger.extract.learned.component import default_model_dir
from claimledger.extract.learned.features import doc_features
from claimledger.extract.learned.model import AttributionModel, merge_models
from claimledger.extract.learned.train import TrainConfig, train
from claimledger.nlp.pipeline import BASE_MODEL

runner = CliRunner()
TEXT = (
    "Officials said the attack had been planned for weeks. The governor told reporters that 12 people "
    "were hurt, but Moscow denied that its forces were involved."
)


@pytest.fixture(scope="module")
def twin(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fast model merged with itself: an ensemble whose members agree everywhere."""
    out = tmp_path_factory.mktemp("twin")
    merge_models([default_model_dir(), default_model_dir()], out)
    return out


def _relations(model: AttributionModel) -> list[tuple[frozenset[int], frozenset[int], frozenset[int]]]:
    doc = spacy.load(BASE_MODEL)(TEXT)
    return [(r.cue, r.source, r.content) for r in model.predict(doc_features(doc, model.vocab))]


def test_an_ensemble_of_identical_members_predicts_what_one_member_does(twin: Path) -> None:
    single = AttributionModel.load(default_model_dir())
    ensemble = AttributionModel.load(twin)
    assert ensemble.members == 2
    assert _relations(ensemble) == _relations(single)
    assert _relations(single)  # the text has attributions to compare


def test_the_ensemble_folder_lists_its_weights_and_members(twin: Path) -> None:
    config = json.loads((twin / "config.json").read_text(encoding="utf-8"))
    assert config["weights"] == ["weights.pt", "weights.1.pt"]
    assert [m["best_epoch"] for m in config["members"]] == [config["best_epoch"]] * 2
    assert all((twin / name).is_file() for name in config["weights"])


def test_merge_command_refuses_models_of_different_inputs(tmp_path: Path) -> None:
    fast, accurate = default_model_dir(), default_model_dir("accurate")
    args = ["train", "attribution-ensemble", str(fast), str(accurate), "--out", str(tmp_path / "e")]
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    expected = f"error: E500 usage: {accurate}: not the same vocabulary, width and inputs as {fast}"
    assert expected in result.output


def test_merge_command_needs_two_models(tmp_path: Path) -> None:
    args = ["train", "attribution-ensemble", str(default_model_dir()), "--out", str(tmp_path / "e")]
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert "error: an ensemble needs at least two model folders" in result.output


def test_merge_command_writes_the_ensemble(tmp_path: Path) -> None:
    out = tmp_path / "e"
    fast = str(default_model_dir())
    args = ["train", "attribution-ensemble", fast, fast, "--out", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert result.output == f"ensemble of 2 models written to {out}\n"
    assert AttributionModel.load(out).members == 2


def test_an_ensemble_is_neither_saved_whole_nor_trained_on(twin: Path, tmp_path: Path) -> None:
    ensemble = AttributionModel.load(twin)
    with pytest.raises(ClaimLedgerError, match="an ensemble is written by merge_models"):
        ensemble.save(tmp_path / "whole")
    with pytest.raises(ClaimLedgerError, match="an ensemble; continue training one of its members"):
        train([], [], ensemble.vocab, TrainConfig(init=str(twin)))
    with pytest.raises(ClaimLedgerError, match="already an ensemble"):
        merge_models([default_model_dir(), twin], tmp_path / "nested")


def test_the_cue_penalty_is_read_from_the_config_and_only_adds_cues(twin: Path, tmp_path: Path) -> None:
    shipped = AttributionModel.load(default_model_dir("accurate"))
    assert shipped.members == 4 and shipped.cue_o_penalty == pytest.approx(0.3)
    model = AttributionModel.load(twin)
    assert model.cue_o_penalty == 0.0
    doc = spacy.load(BASE_MODEL)(TEXT)
    feats = doc_features(doc, model.vocab)
    plain = set(model.predict_cues(feats))
    model.cue_o_penalty = 5.0  # "no cue" is then almost never the best tag
    eager = model.predict_cues(feats)
    assert sum(map(len, eager)) > sum(map(len, plain))  # more (or longer) cues
    assert all(any(cue & other for other in eager) for cue in plain)
