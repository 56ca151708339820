"""Arabic statements read by rules (claimledger.extract.arabic)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimledger.extract.arabic import named_people, pipeline, sentences
from claimledger.models import Attribution, Document, Entity
from claimledger.nlp.pipeline import annotate, load_pipeline

from .conftest import assert_verbatim, read_by_rules

# from arabicradio.net's report of Griffiths at the Security Council (the bundled Kakhovka corpus)
REPORT = (
    'وقال غريفيث في اجتماع لمجلس الأمن الدولي حول الوضع في محطة كاخوفسكايا: "الخزان الذي يشكله السد هو '
    'شريان الحياة للمنطقة".\n'
    'وأكد أن "الضرر الذي يسببه انهيار السد يعني أن الحياة ستصبح أكثر صعوبة".\n'
    "وأشار نائب الأمين العام إلى أن الفيضانات ستكون لها عواقب وخيمة على الزراعة والطاقة.\n"
    'ويعتقد أن تكون الضربة قد وجهت من راجمة صواريخ من طراز "أولخا". وبحسب فلاديمير ليونتييف، رئيس منطقة '
    "نوفوكاخوفا، تم هدم الصمامات الموجودة في السد، لكن السد نفسه لم يتضرر.\n"
)


def read(text: str) -> tuple[list[Attribution], list[Entity]]:
    return read_by_rules(pipeline(), text)


def test_a_report_is_read_statement_by_statement() -> None:
    attributions, entities = read(REPORT)
    shown = [(a.source.text if a.source else None, a.cue.text if a.cue else None, a.speaker, a.kind)
             for a in attributions]
    assert shown == [
        ("غريفيث", "قال", "Martin Griffiths", "direct"),
        (None, "أكد", "Martin Griffiths", "direct"),  # "and he affirmed that": the last speaker
        ("نائب الأمين العام", "أشار", "Martin Griffiths", "indirect"),  # the deputy secretary-general
        ("فلاديمير ليونتييف", "بحسب", "Vladimir Leontyev", "indirect"),
    ]
    assert attributions[0].content_text == "الخزان الذي يشكله السد هو شريان الحياة للمنطقة"
    assert attributions[3].content_text == "تم هدم الصمامات الموجودة في السد، لكن السد نفسه لم يتضرر"
    leontyev = next(e for e in entities if e.name == "Vladimir Leontyev")
    assert (leontyev.type, leontyev.role) == ("PERSON", "رئيس منطقة نوفوكاخوفا")
    assert_verbatim(REPORT, attributions)


def test_sentences_end_at_full_stops_outside_quotations() -> None:
    text = 'قال: "هذا. ذاك". وبحسب المصدر، انتهى.'
    assert [text[s:e] for s, e in sentences(text)] == ['قال: "هذا. ذاك".', "وبحسب المصدر، انتهى."]


def test_known_names_take_their_english_spelling() -> None:
    people = named_people("وقال الرئيس فولوديمير زيلينسكي إن ... ونفى بيسكوف ذلك.")
    assert people["فولوديمير زيلينسكي"][0] == "Volodymyr Zelensky"
    assert people["بيسكوف"][0] == "Dmitry Peskov"


@pytest.mark.parametrize(("text", "speaker", "polarity"), [
    ("ونفى الكرملين أن تكون القوات الروسية قد فجرت السد.", "Kremlin", "deny"),
    ("واتهم زيلينسكي روسيا بتفجير السد من الداخل.", "Volodymyr Zelensky", "assert"),
])  # fmt: skip
def test_verb_first_with_a_subject(text: str, speaker: str, polarity: str) -> None:
    (attribution,), _ = read(text)
    assert (attribution.speaker, attribution.polarity) == (speaker, polarity)


def test_narration_is_not_a_statement() -> None:
    assert read("ودمر قصف من قبل الجيش الأوكراني الجزء العلوي من السد. وقد غمرت المياه ثلاث قرى.")[0] == []


def test_arabic_documents_are_read_through_the_pipeline() -> None:
    (result,) = annotate(load_pipeline("rules"), [Document(id="a", text=REPORT, language="ar")])
    assert len(result.attributions) == 4


@given(st.text(alphabet=st.sampled_from(list('وقال غريفيث إن: "نعم". وبحسب، أكد أن\n')), max_size=200))
@settings(max_examples=80, deadline=None)
def test_any_text_reads_without_error_and_spans_are_verbatim(text: str) -> None:
    assert_verbatim(text, read(text)[0])
