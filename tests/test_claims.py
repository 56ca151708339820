"""Which attributions are claims: acts and things as sources stay in the store, out of the sheet."""

from __future__ import annotations

from dataclasses import replace

import pytest

from claimledger.events.extract import _reported_by
from claimledger.extract.claims import claims_of, is_an_act, names_a_thing, states_a_claim
from claimledger.models import Attribution, Document, Extraction, Span
from claimledger.report.build import build_report
from claimledger.report.render import render


def _span(text: str, needle: str) -> Span:
    start = text.index(needle)
    return Span(start, start + len(needle), needle)


def attribution(text: str, source: str | None, cue: str, content: str, kind: str | None,
                doc_id: str = "doc_1") -> Attribution:
    body = (_span(text, content),)
    return Attribution(
        id=Attribution.make_id(doc_id, body), doc_id=doc_id, kind="indirect", content=body,
        source=_span(text, source) if source else None, cue=_span(text, cue), speaker=source,
        speaker_kind=kind,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize(("text", "source", "cue", "content", "kind"), [
    ("Moscow has responded with a barrage of missile attacks across Ukraine.", "Moscow", "has responded",
     "with a barrage of missile attacks across Ukraine", "organization"),
    ("Peskov said Ukraine had reasons for attacking the dam.", "Ukraine", "attacking", "the dam",
     "organization"),
    ("The aim was to stop Ukrainian troops crossing the river to attack Russian forces.", "Ukrainian troops",
     "to attack", "Russian forces", "collective"),
    ("Reporters said the Armed Forces of Ukraine had attacked the plant.", "the Armed Forces of Ukraine",
     "had attacked", "the plant", "organization"),
    ("Many of them went about their normal day.", "Many of them", "went about", "their normal day",
     "collective"),
    ("The Russian information space responded to the May 22 raid with panic and criticism.",
     "The Russian information space", "responded", "to the May 22 raid with panic and criticism",
     "collective"),
])  # fmt: skip
def test_a_physical_act_is_no_claim(text: str, source: str, cue: str, content: str, kind: str) -> None:
    a = attribution(text, source, cue, content, kind)
    assert is_an_act(a)
    assert not states_a_claim(a)


@pytest.mark.parametrize(("text", "source", "cue", "content", "kind"), [
    ("Zelensky attacked the West's hesitation over tanks.", "Zelensky", "attacked",
     "the West's hesitation over tanks", "person"),
    ("The ministry responded with a statement denying the report.", "The ministry", "responded",
     "with a statement denying the report", "organization"),
    ("Kyiv responded that the accusation was absurd.", "Kyiv", "responded", "that the accusation was absurd",
     "organization"),
    ("Officials said the dam was mined.", "Officials", "said", "the dam was mined", "collective"),
    ("Seismic signals indicate an explosion at the dam.", "Seismic signals", "indicate",
     "an explosion at the dam", "collective"),
    ("Ukraine’s Kherson Oblast Administration announced the evacuation of several districts.",
     "Ukraine’s Kherson Oblast Administration", "announced", "the evacuation of several districts",
     "unresolved"),
])  # fmt: skip
def test_statements_stay_claims(text: str, source: str, cue: str, content: str, kind: str) -> None:
    assert states_a_claim(attribution(text, source, cue, content, kind))


@pytest.mark.parametrize(("text", "source", "cue", "content", "kind"), [
    ("Water levels appeared to be receding on Wednesday.", "Water levels", "appeared",
     "to be receding on Wednesday", "collective"),
    ("24 settlements experienced flooding.", "24 settlements", "experienced", "flooding", "collective"),
    ("The upper portions of the flood zone began to see a decrease.", "The upper portions of the flood zone",
     "to see", "a decrease", "collective"),
    ("The real consequences of the dam failure will be known for days.",
     "The real consequences of the dam failure", "will be known for", "days", "collective"),
    ("He said it was impossible to predict how many would die.", "it", "to predict", "how many would die",
     "unresolved"),
])  # fmt: skip
def test_a_thing_as_the_source_is_no_claim(text: str, source: str, cue: str, content: str,
                                           kind: str) -> None:
    assert not states_a_claim(attribution(text, source, cue, content, kind))


def test_a_source_span_over_a_sentence_end_is_judged_by_its_last_sentence() -> None:
    text = ("Officials watched the water level of the Dnipro.[1] Ukraine’s Kherson Oblast Administration "
            "announced the evacuation of several districts.")
    source = "the water level of the Dnipro.[1] Ukraine’s Kherson Oblast Administration"
    a = attribution(text, source, "announced", "the evacuation of several districts", "unresolved")
    assert states_a_claim(a)
    assert names_a_thing("the water level of the Dnipro")


def test_the_report_leaves_non_claims_out_and_says_how_many() -> None:
    text = ("Officials said the dam was mined. Moscow has responded with a barrage of missile attacks across "
            "Ukraine. Water levels appeared to be receding on Wednesday.")
    document = Document(id="doc_1", text=text, url="u:1", outlet="Outlet", published="2023-06-06",
                        story="dam")
    claims = (
        attribution(text, "Officials", "said", "the dam was mined", "collective"),
        attribution(text, "Moscow", "has responded", "with a barrage of missile attacks across Ukraine",
                    "organization"),
        attribution(text, "Water levels", "appeared", "to be receding on Wednesday", "collective"),
    )
    report = build_report([Extraction(document, claims)])
    story = report.stories[0]
    assert [g.speaker for g in story.speakers] == ["Officials"]
    assert story.not_claims == 2
    assert story.ledger is not None
    assert [m.claimant for g in story.ledger.groups for m in g.members] == ["Officials"]
    markdown = render(report, "md")
    assert ("1 attributed statement from 1 source, 0 denials, 0 with a verification note; 2 further "
            'attributions state no claim (an act such as "attacked", an appearance, or a thing as the '
            "source) and are left out.") in markdown
    assert "missile attacks" not in markdown.split("### Who claims what", 1)[1]


def test_an_event_is_not_reported_by_its_doer() -> None:
    text = "Moscow has responded with a barrage of missile attacks across Ukraine, including on Kyiv."
    sentence = Span(0, len(text), text)
    act = attribution(text, "Moscow", "has responded", "with a barrage of missile attacks across Ukraine",
                      "organization")
    assert _reported_by(sentence, claims_of([act])) == []


@pytest.mark.parametrize(("text", "source", "cue", "content", "kind", "claim"), [
    ("The attackers appeared to have achieved surprise.", "The attackers", "appeared",
     "to have achieved surprise", "collective", False),
    ("Some of the fighters appear to be operating Humvees.", "Some of the fighters", "appear",
     "to be operating Humvees", "collective", False),
    ("Videos posted by the group also appear to show a flag over the university.",
     "Videos posted by the group", "also appear", "to show a flag over the university", "organization", True),
    ("It posted a video that appears to show a flag over the university.", "that", "appears",
     "to show a flag over the university", "organization", True),
])  # fmt: skip
def test_an_appearance_is_no_claim_of_its_subject(text: str, source: str, cue: str, content: str, kind: str,
                                                  claim: bool) -> None:
    assert states_a_claim(attribution(text, source, cue, content, kind)) is claim


def test_a_heading_that_asks_is_no_claim() -> None:
    text = "What is Kyiv saying?"
    assert not states_a_claim(attribution(text, "Kyiv", "saying", "What is", "organization"))
    said = "Kyiv is saying what it saw."
    assert states_a_claim(attribution(said, "Kyiv", "saying", "what it saw", "organization"))


@pytest.mark.parametrize(("text", "source", "cue", "content", "kind"), [
    ("Moscow has always been eager to paint a picture of Russian victimhood.", "Moscow",
     "has always been eager", "to paint a picture of Russian victimhood", "organization"),
    ("Putin will no doubt look to use these attacks to bolster that narrative.", "Putin",
     "will no doubt look", "to use these attacks to bolster that narrative", "person"),
])  # fmt: skip
def test_a_motive_the_writer_ascribes_is_no_claim(text: str, source: str, cue: str, content: str,
                                                  kind: str) -> None:
    assert not states_a_claim(attribution(text, source, cue, content, kind))


@pytest.mark.parametrize(("text", "source", "cue", "content", "claim"), [
    ("Officials said at least seven people had been reported missing there.", "at least seven people",
     "had been reported", "missing there", False),
    ("The bodies were found by volunteers.", "The bodies", "were found", "by volunteers", False),
    ("Local officials reported that seven people were missing.", "Local officials", "reported",
     "that seven people were missing", True),
])  # fmt: skip
def test_the_subject_of_a_passive_cue_is_what_was_reported(
    text: str, source: str, cue: str, content: str, claim: bool
) -> None:
    assert states_a_claim(attribution(text, source, cue, content, "collective")) is claim


def test_a_catastrophe_does_not_warn() -> None:
    assert names_a_thing("the catastrophe")


@pytest.mark.parametrize(("text", "source", "cue", "content"), [
    ("Kyiv is convinced that Russia blew up the dam.", "Kyiv", "is convinced", "that Russia blew up the dam"),
    ("Peskov was quoted as saying the dam was hit.", "Peskov", "was quoted", "as saying the dam was hit"),
])  # fmt: skip
def test_a_passive_cue_whose_subject_holds_the_view_is_a_claim(text: str, source: str, cue: str,
                                                               content: str) -> None:
    assert states_a_claim(attribution(text, source, cue, content, "collective"))


@pytest.mark.parametrize(("text", "cue", "content", "claim"), [
    ("Euronews View spoke to Vsevolod Prokofiev, a media manager.", "spoke", "to Vsevolod Prokofiev", False),
    ("Erdogan talked with Putin by phone.", "talked", "with Putin", False),
    ("Erdogan spoke of a barbaric act.", "spoke", "of a barbaric act", True),
])  # fmt: skip
def test_a_conversation_is_no_claim(text: str, cue: str, content: str, claim: bool) -> None:
    source = text.split(" spoke")[0].split(" talked")[0]
    assert states_a_claim(attribution(text, source, cue, content, "organization")) is claim


@pytest.mark.parametrize(("text", "cue", "content", "claim"), [
    ("The update was shared by Saldo.", "was shared", "The update", False),
    ("Danilov has commented on the Kremlin's statement.", "has commented on", "the Kremlin's statement",
     False),
    ("Saldo said the update would follow at noon.", "said", "the update would follow at noon", True),
])  # fmt: skip
def test_a_content_that_only_names_a_statement_is_no_claim(text: str, cue: str, content: str,
                                                           claim: bool) -> None:
    assert states_a_claim(attribution(text, "Saldo" if "Saldo" in text else "Danilov", cue, content,
                                      "person")) is claim


def test_a_channel_taken_for_the_content_keeps_the_statement() -> None:
    text = "The situation has deteriorated, Andrey Alekseyenko wrote on his Telegram channel."
    wrote = attribution(text, "Andrey Alekseyenko", "wrote on", "his Telegram channel", "person")
    assert states_a_claim(wrote)


@pytest.mark.parametrize(("text", "source", "cue", "content", "kind", "claim"), [
    ("Some joked about a Russian-style statelet called the “Bilhorod People’s Republic.”",
     "a Russian-style statelet", "called", "the “Bilhorod People’s Republic.”", "unresolved", False),
    ("Zelensky called the breach an act of terror.", "Zelensky", "called", "the breach an act of terror",
     "person", True),
])  # fmt: skip
def test_a_name_given_is_no_claim_of_what_is_named(text: str, source: str, cue: str, content: str,
                                                  kind: str, claim: bool) -> None:
    assert states_a_claim(attribution(text, source, cue, content, kind)) is claim


@pytest.mark.parametrize(("text", "content", "claim"), [
    ("CNN agreed not to reveal his name to protect his identity.",
     "not to reveal his name to protect his identity", False),
    ("CNN agreed to a request from the family.", "to a request from the family", False),
    ("CNN agreed that the images were authentic.", "that the images were authentic", True),
])  # fmt: skip
def test_agreeing_to_do_something_is_no_claim(text: str, content: str, claim: bool) -> None:
    assert states_a_claim(attribution(text, "CNN", "agreed", content, "organization")) is claim
    perfect = text.replace("CNN agreed", "CNN has agreed")  # "Wagner has agreed to stop"
    assert states_a_claim(attribution(perfect, "CNN", "has agreed", content, "organization")) is claim


def test_what_one_agreed_to_do_is_no_claim_either() -> None:
    text = "CNN agreed not to reveal his name to protect his identity."
    agreed = attribution(text, "CNN", "agreed", "not to reveal his name to protect his identity",
                         "organization")
    reveal = attribution(text, "CNN", "not to reveal", "his name", "organization")
    assert states_a_claim(reveal)
    assert claims_of([agreed, reveal]) == []


def test_the_writer_pointing_the_reader_somewhere_is_no_claim() -> None:
    text = "Click here to see ISW’s interactive map of the Russian invasion of Ukraine."
    assert not states_a_claim(attribution(text, None, "to see", "ISW’s interactive map", None))
    seen = "Residents said they could see the water rising."
    assert states_a_claim(attribution(seen, "they", "see", "the water rising", "unresolved"))


def test_a_relative_pronoun_resolved_to_a_thing_is_no_speaker() -> None:
    text = "Activists have been posting memes that compare the Belgorod incident to Donbas."
    memes = attribution(text, "that", "compare", "the Belgorod incident", "collective")
    assert not states_a_claim(replace(memes, speaker="memes"))
    assert states_a_claim(replace(memes, speaker="activists"))


def test_an_unattributed_cue_inside_a_statement_adds_nothing() -> None:
    text = "A Ukrainian defense source told CNN that Kyiv was given advance warning about the raid."
    told = attribution(text, "A Ukrainian defense source", "told",
                       "that Kyiv was given advance warning about the raid", "anonymous")
    warning = attribution(text, None, "warning", "about the raid", None)
    assert states_a_claim(warning)
    assert claims_of([told, warning]) == [told]
    assert claims_of([warning]) == [warning]


def test_an_impersonal_it_inside_a_statement_adds_nothing() -> None:
    text = "Griffiths added that it is now known that 700,000 people have lost access to drinking water."
    added = attribution(text, "Griffiths", "added",
                        "that it is now known that 700,000 people have lost access to drinking water",
                        "person")
    known = attribution(text, "it", "known", "that 700,000 people have lost access to drinking water",
                        "organization")
    assert claims_of([added, known]) == [added]
    said = "The ministry said it said nothing of the kind."
    both = [attribution(said, "The ministry", "said", "it said nothing of the kind", "organization"),
            attribution(said, "it", "said nothing", "of the kind", "organization")]
    assert claims_of(both) == both


def test_the_purpose_of_a_speakers_own_statement_adds_nothing() -> None:
    text = "Officials used terms like “terrorist act” to describe the torrent of water."
    used = attribution(text, "Officials", "used",
                       "terms like “terrorist act” to describe the torrent of water", "collective")
    describe = attribution(text, "Officials", "to describe", "the torrent of water", "collective")
    assert claims_of([used, describe]) == [used]
    asked = "Peskov called on Kyiv to explain the breach."
    call = attribution(asked, "Peskov", "called on", "Kyiv to explain the breach", "person")
    explain = attribution(asked, "Kyiv", "to explain", "the breach", "organization")
    assert claims_of([call, explain]) == [call, explain]


def test_a_want_inside_another_statement_is_that_speakers_claim() -> None:
    text = "Danilov said those responsible are Russians who want to get rid of the darkness in their country."
    said = attribution(text, "Danilov", "said",
                       "those responsible are Russians who want to get rid of the darkness in their country",
                       "person")
    want = attribution(text, "who", "want", "to get rid of the darkness in their country", "group")
    assert claims_of([said, want]) == [said]
    alone = "Kyiv wants the United Nations to inspect the dam."
    wants = attribution(alone, "Kyiv", "wants", "the United Nations to inspect the dam", "organization")
    assert claims_of([wants]) == [wants]


def test_what_something_is_known_as_is_no_claim() -> None:
    text = "The Security Service of Ukraine, known as the SBU, said it had detained a man."
    known = attribution(text, "The Security Service of Ukraine", "known as", "the SBU", "organization")
    assert not states_a_claim(known)
    # the tagger's cue without its "as": "General Mohamed Hamdan Dagalo, known | as Hemedti"
    text = "RSF commander General Mohamed Hamdan Dagalo, known as Hemedti, told Al Jazeera so."
    source = "RSF commander General Mohamed Hamdan Dagalo"
    nickname = attribution(text, source, "known", "as Hemedti", "person")
    assert not states_a_claim(nickname)


def test_what_a_place_is_known_for_is_no_claim() -> None:
    """ "Soledar, | known for | its salt mines": a description, whoever the tagger took the town for."""
    text = "Soledar, known for its salt mines, lies about 10 kilometres north-east of Bakhmut."
    assert not states_a_claim(attribution(text, "Soledar", "known for", "its salt mines", "person"))
    assert not states_a_claim(attribution(text, "Soledar", "known", "for its salt mines", "person"))


@pytest.mark.parametrize(("text", "source", "cue", "content", "kind"), [
    # a refusal to confirm states nothing, least of all what it would not confirm
    ("The Kremlin declined on Wednesday to confirm that Russian forces had taken Soledar.", "The Kremlin",
     "declined", "to confirm that Russian forces had taken Soledar", "organization"),
    ("The ministry refused to say how many soldiers had died.", "The ministry", "refused",
     "to say how many soldiers had died", "organization"),
    # a reporter's note on what a statement left out
    ("The first statement did not mention Wagner.", "The first statement", "did not mention", "Wagner",
     "organization"),
])  # fmt: skip
def test_a_refusal_or_an_omission_is_no_claim(text: str, source: str, cue: str, content: str,
                                             kind: str) -> None:
    assert not states_a_claim(attribution(text, source, cue, content, kind))


def test_a_confirmation_is_a_claim() -> None:
    text = "The military confirmed that its troops had withdrawn from Soledar."
    confirmed = attribution(text, "The military", "confirmed", "that its troops had withdrawn from Soledar",
                            "organization")
    assert states_a_claim(confirmed)
