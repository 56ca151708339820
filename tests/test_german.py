"""German statements read by rules (claimledger.extract.german)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimledger.extract.german import latin_name, named_people, pipeline
from claimledger.ledger.sides import translit_key
from claimledger.models import Attribution, Document, Entity
from claimledger.nlp.pipeline import annotate, load_pipeline

from .conftest import assert_verbatim, read_by_rules

INTERVIEW = (
    "Am Mittwoch traf BILD den ukrainischen Präsidenten Wolodymyr Selenskyj (45) zum Interview.\n\n"
    "Für Selenskyj ist klar: Moskau steckt hinter der Zerstörung des Damms!\n\n"
    "„Sie haben Angst, dass wir die Gegenoffensive anfangen“, so der Präsident. „Sie verstehen sehr wohl, "
    "dass sie diese Schlacht verlieren werden.“\n\n"
    "Da der Damm von den Russen besetzt sei, könne er keine Belege für die Sprengung präsentieren.\n\n"
    "Selenskyj erinnert an seine Warnungen: „Vor einem Jahr haben wir gesagt, dass etwas passieren wird.“"
)


def read(text: str) -> tuple[list[Attribution], list[Entity]]:
    return read_by_rules(pipeline(), text)


@pytest.mark.parametrize(("written", "latin"), [
    ("Wolodymyr Selenskyj", "Volodymyr Zelenskyy"),
    ("Peskow", "Peskov"),
    ("Sergej Schoigu", "Sergey Shoigu"),
    ("Wladimir Putin", "Vladimir Putin"),
    ("Kreml", "Kremlin"),
    ("Paul Ronzheimer", "Paul Ronzheimer"),  # a German name stays as written
    ("Olaf Scholz", "Olaf Scholz"),
    ("Wolfgang Schmidt", "Wolfgang Schmidt"),
    ("Mychajlo Podoljak", "Mykhaylo Podolyak"),
])
def test_german_spellings_of_names_become_english_ones(written: str, latin: str) -> None:
    assert latin_name(written) == latin


def test_the_english_spelling_meets_the_english_reports() -> None:
    assert translit_key(latin_name("Selenskyj")) == translit_key("Zelensky")
    assert translit_key(latin_name("Dmitri Peskow")) == translit_key("Dmitry Peskov")


def test_people_are_found_by_role_or_age() -> None:
    people = named_people(INTERVIEW)
    assert people["Wolodymyr Selenskyj"] == ("Volodymyr Zelenskyy", "ukrainischen Präsidenten")
    assert people["Selenskyj"][0] == "Volodymyr Zelenskyy"


def test_an_interview_is_read_statement_by_statement() -> None:
    attributions, (person,) = read(INTERVIEW)
    shown = [(a.source.text if a.source else None, a.cue.text if a.cue else None, a.content_text, a.kind)
             for a in attributions]
    assert shown == [
        ("Selenskyj", "ist klar", "Moskau steckt hinter der Zerstörung des Damms", "indirect"),
        ("der Präsident", "so", "Sie haben Angst, dass wir die Gegenoffensive anfangen", "direct"),
        (None, None, "Sie verstehen sehr wohl, dass sie diese Schlacht verlieren werden.", "direct"),
        (None, None, "Da der Damm von den Russen besetzt sei, könne er keine Belege für die Sprengung "
                     "präsentieren", "indirect"),
        ("Selenskyj", "erinnert an seine Warnungen", "Vor einem Jahr haben wir gesagt, dass etwas passieren "
                                                     "wird.", "direct"),
    ]
    assert {a.speaker for a in attributions} == {"Volodymyr Zelenskyy"}
    assert {a.speaker_entity_id for a in attributions} == {person.id}
    assert (person.name, person.type) == ("Volodymyr Zelenskyy", "PERSON")
    assert person.role == "ukrainischen Präsidenten"
    assert person.aliases == ("Selenskyj", "Wolodymyr Selenskyj")


def test_every_span_is_verbatim_at_its_offsets() -> None:
    assert_verbatim(INTERVIEW, read(INTERVIEW)[0])


@pytest.mark.parametrize(("text", "source", "speaker"), [
    ("Kremlsprecher Dmitri Peskow sagte, die Ukraine habe den Damm gesprengt.", "Kremlsprecher Dmitri Peskow",
     "Dmitry Peskov"),
    ("Laut Gouverneur Wladimir Saldo wurden etwa 1500 Menschen in Sicherheit gebracht.",
     "Gouverneur Wladimir Saldo", "Vladimir Saldo"),
    ("„Das war eine Sabotage der ukrainischen Seite“, sagte Peskow am Dienstag.", "Peskow", "Peskov"),
])
def test_the_usual_credits(text: str, source: str, speaker: str) -> None:
    (attribution,), _ = read(text)
    assert attribution.source is not None and attribution.source.text == source
    assert attribution.speaker == speaker


def test_a_denial_is_a_denial() -> None:
    (attribution,), _ = read("Der Kreml bestritt, dass russische Truppen den Damm gesprengt hätten.")
    assert (attribution.speaker, attribution.polarity) == ("Kremlin", "deny")


def test_narration_is_not_a_statement() -> None:
    attributions, _ = read("Am Dienstag brach der Kachowka-Staudamm. Dutzende Orte sind überflutet.")
    assert attributions == []


def test_german_documents_are_read_through_the_pipeline() -> None:
    german = Document(id="g", text=INTERVIEW, language="de")
    (result,) = annotate(load_pipeline("rules"), [german])
    assert len(result.attributions) == 5
    assert result.entities[0].name == "Volodymyr Zelenskyy"


@given(st.text(alphabet=st.sampled_from(list("Der Präsident sagte: „Ja“, so er. Laut Kreml sei es.\n")),
               max_size=200))
@settings(max_examples=80, deadline=None)
def test_any_text_reads_without_error_and_spans_are_verbatim(text: str) -> None:
    assert_verbatim(text, read(text)[0])


def test_a_rejection_is_a_denial_of_what_it_rejects() -> None:
    (ukraine, moscow), _ = read("Die Ukraine wies jede Beteiligung zurück. Moskau weist die Vorwürfe zurück.")
    assert (ukraine.speaker, ukraine.cue.text if ukraine.cue else None) == ("Ukraine", "wies")
    assert (ukraine.content_text, ukraine.polarity) == ("jede Beteiligung", "deny")
    assert (moscow.content_text, moscow.polarity) == ("die Vorwürfe", "deny")
