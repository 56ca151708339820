"""Document language: detected at ingest when the source declares none; English text is extracted by the
full pipeline, Arabic, German, Russian and Ukrainian by rules, other languages not at all."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimledger.ingest.article import Article, Origin, to_document
from claimledger.ingest.language import detect_language
from claimledger.models import Document, Extraction, RawInput
from claimledger.nlp.pipeline import annotate, load_pipeline
from claimledger.report.render import render

ENGLISH = "Russia and Ukraine traded blame on Tuesday for the destruction of the Kakhovka dam in the south."
UKRAINIAN = "Вночі, о 02:50 6 червня російські війська зсередини підірвали конструкції Каховської ГЕС."
GERMAN = "Der Präsident sagte am Dienstag, dass der Staudamm gesprengt wurde und Dörfer überflutet sind."
FRENCH = "Le président a déclaré mardi que le barrage avait été détruit et que des villages étaient inondés."


@pytest.mark.parametrize(("text", "code"), [(ENGLISH, "en"), (UKRAINIAN, "uk"), (GERMAN, "de"),
                                            ("Too short.", None), ("", None)])
def test_detect_language(text: str, code: str | None) -> None:
    assert detect_language(text) == code


@given(st.text(max_size=300))
@settings(max_examples=60, deadline=None)
def test_detect_language_never_fails(text: str) -> None:
    assert detect_language(text) is None or detect_language(text).isalpha()  # type: ignore[union-attr]


def _document(text: str, language: str | None = None) -> Document:
    raw = RawInput.of(text.encode(), "text/plain")
    return to_document(Article(text=text, language=language), raw, Origin("page.txt", "text"))


def test_ingest_detects_an_undeclared_language_and_a_declared_one_wins() -> None:
    assert _document(UKRAINIAN).language == "uk"
    assert _document(ENGLISH).language == "en"
    assert _document(UKRAINIAN, language="ru").language == "ru"


@pytest.mark.parametrize(("language", "english"), [(None, True), ("en", True), ("en-GB", True),
                                                   ("EN", True), ("de", False), ("uk", False)])
def test_in_english(language: str | None, english: bool) -> None:
    assert Document(id="d", text="x", language=language).in_english is english


def test_a_document_in_another_language_is_not_extracted() -> None:
    text = "Officials said the dam was destroyed overnight."
    english = Document(id="a", text=text, language="en")
    french = Document(id="b", text=text, language="fr")  # the declared language decides
    unknown = Document(id="c", text=text)
    results = list(annotate(load_pipeline("rules"), [english, french, unknown]))
    assert [r.document.id for r in results] == ["a", "b", "c"]
    assert [bool(r.attributions) for r in results] == [True, False, True]
    assert results[1] == Extraction(french, (), (), ())


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_report_says_which_documents_were_not_extracted(fmt: str) -> None:
    english = Extraction(Document(id="doc_a", text=ENGLISH, language="en", story="s"), (), (), ())
    french = Extraction(replace(english.document, id="doc_b", text=FRENCH, language="fr"), (), (), ())
    ukrainian = Extraction(replace(english.document, id="doc_c", text=UKRAINIAN, language="uk"), (), (), ())
    german = Extraction(replace(english.document, id="doc_d", text=GERMAN, language="de"), (), (), ())
    out = render([english, french, ukrainian, german], fmt)  # type: ignore[arg-type]
    assert "4 documents (1 not in English, not extracted)" in out
    assert out.count("stored, not extracted (the extractors read English, Arabic, German, Russian and "
                     "Ukrainian)") == 1
    code = "`{}`" if fmt == "md" else "<code>{}</code>"
    assert out.count(f"in {code.format('uk')}: statements read by rules (quotations, reported speech and "
                     "counts of people; no events)") == 1
    assert out.count(f"in {code.format('de')}: statements read by rules (quotations and reported speech; no "
                     "counts, no events)") == 1


def test_russian_documents_are_read_by_rules() -> None:
    text = "Глава Новой Каховки Владимир Леонтьев заявил, что подрыва на станции не было."
    russian = Document(id="r", text=text, language="ru")
    (result,) = annotate(load_pipeline("rules"), [russian])
    (attribution,) = result.attributions
    assert attribution.speaker == "Vladimir Leontyev"
    assert attribution.content_text == "подрыва на станции не было"
    assert [e.name for e in result.entities] == ["Vladimir Leontyev"]
