"""Which sentences become event records, and the document-level corrections to their type."""

from __future__ import annotations

import re
from collections.abc import Sequence

import pytest
import spacy
from spacy.language import Language

from claimledger.events.extract import classify_events, event_sentences, has_trigger
from claimledger.events.model import PlaceMention
from claimledger.extract.events import ACLED_TYPES, EventPrediction
from claimledger.models import Span
from claimledger.nlp.pipeline import BASE_MODEL


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load(BASE_MODEL)


def resolved_place(start: int, written: str, name: str | None = None,
                   kind: str | None = None) -> PlaceMention:
    """A place the gazetteer resolved, written as `written` at `start` of the test's text."""
    return PlaceMention(doc_id="d", span=Span(start, start + len(written), written), status="resolved",
                        name=name or written, kind=kind)


class FixedModel:
    """Predicts one label for every text."""

    def __init__(self, label: str) -> None:
        self.label = label

    def classify(self, texts: Sequence[str], *, need_wording: object = ()) -> list[EventPrediction]:
        return [EventPrediction(self.label, *ACLED_TYPES[self.label], 1.0, 0.5) for _ in texts]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Some of the fighters appear to be operating Humvees of US origin.", False),
        ("The attackers were Russian citizens, officials in Kyiv said.", False),
        ("Fighters attacked a checkpoint near the border.", True),
        ("Two houses were hit by drones overnight.", True),
        ("The detonation of the dam happened at 2:30 AM on 6 June.", True),
    ],
)
def test_a_person_noun_is_not_an_act(text: str, expected: bool) -> None:
    assert has_trigger(text) is expected


def test_commentary_is_no_event(nlp: Language) -> None:
    text = ("It is not entirely clear how the formations fighting in Belgorod on Monday are organized. "
            "Russia was vulnerable to attack, the group said in Belgorod on Monday. "
            "The US did not encourage or enable strikes in Belgorod on Monday, he said. "
            "Drones hit two houses in Belgorod on Monday.")
    doc = nlp(text)
    anchors = [(m.start(), m.end()) for m in re.finditer("Belgorod", text)]
    assert [s.text for s in event_sentences(doc, anchors)] == ["Drones hit two houses in Belgorod on Monday."]


def test_a_flood_in_a_dam_breach_report_is_man_made() -> None:
    texts = ["Water levels rose quickly, flooding the houses of the village."]
    natural = classify_events(FixedModel("NATURAL_DISASTER"), texts)
    breach = classify_events(FixedModel("NATURAL_DISASTER"), texts, dam_breach=True)
    assert natural[0].label == "NATURAL_DISASTER"
    assert breach[0].label == "MAN_MADE_DISASTER"
    assert breach[0].sub_event_type == "Man-made disaster"
    quake = ["An earthquake struck at dawn."]
    unrelated = classify_events(FixedModel("NATURAL_DISASTER"), quake, dam_breach=True)
    assert unrelated[0].label == "NATURAL_DISASTER"


@pytest.mark.parametrize(
    ("text", "name", "doer"),
    [
        ("Kyiv claimed that Moscow had blown up the dam.", "Moscow", True),
        ("Moscow and Kyiv blamed each other for the breach.", "Kyiv", True),
        ("The flooding was caused by Russia's destruction of the dam.", "Russia", True),
        ("Russian troops shelled Kherson on Thursday.", "Kherson", False),
        ("Kherson was shelled on Thursday.", "Kherson", False),
        ("Water flooded the streets of Kherson.", "Kherson", False),
    ],
)
def test_a_place_that_acts_is_not_where_it_happened(nlp: Language, text: str, name: str, doer: bool) -> None:
    from claimledger.events.extract import _is_doer

    doc = nlp(text)
    token = next(t for t in doc if t.text == name)
    assert _is_doer(token) is doer


def test_a_place_inside_a_speakers_phrase_after_a_preposition_is_a_location() -> None:
    from claimledger.events.extract import _not_a_location
    from claimledger.models import Attribution

    text = "Fighters who took part in the raid on Kyiv said they would return. Kyiv said nothing."
    content = (Span(text.index("they"), text.index(" return") + 7, "they would return"),)

    def said_by(source: str, nth: int = 0) -> Attribution:
        start = text.index(source) if nth == 0 else text.rindex(source)
        return Attribution(id=Attribution.make_id("d", content), doc_id="d", kind="indirect",
                           content=content, source=Span(start, start + len(source), source))

    fighters = said_by("Fighters who took part in the raid on Kyiv")
    assert not _not_a_location(resolved_place(text.index("Kyiv"), "Kyiv"), text, [fighters])
    assert _not_a_location(resolved_place(text.rindex("Kyiv"), "Kyiv"), text, [said_by("Kyiv", nth=1)])


@pytest.mark.parametrize(
    ("text", "located"),
    [
        ("He said the operation had been planned without orders from Kyiv.", False),
        ("The group acted with the blessing of Moscow, he said.", False),
        ("Shelling hit Kyiv overnight.", True),
        ("Two people died in Kyiv.", True),
        ("Signals came from the direction of Kyiv.", True),
        ("This fact indicates a sabotage planned by the Kiev regime.", False),
        ("Moscow's authorities said the metro was closed.", False),
        ("There was no immediate comment from Kyiv.", False),
    ],
)
def test_a_government_named_by_its_capital_is_not_a_location(text: str, located: bool) -> None:
    from claimledger.events.extract import _not_a_location

    start = next(text.index(n) for n in ("Kyiv", "Kiev", "Moscow") if n in text)
    name = text[start:].split()[0].strip(",.")
    assert _not_a_location(resolved_place(start, name), text, []) is not located


@pytest.mark.parametrize(
    ("text", "not_label"),
    [
        ("Gladkov said eight people had been injured and residents of several villages were being evacuated.",
         "NATURAL_DISASTER"),
        ("The army and border guards were working to destroy the sabotage group.", "PROPERTY_DISTRUCT"),
        ("The US did not encourage or enable strikes inside Russia, a spokesperson said.", "PEACE_PROTEST"),
        ("The images are arresting: fighters seized a checkpoint near the border.", "ARREST"),
    ],
)
def test_a_label_that_needs_its_wording_is_not_given_without_it(text: str, not_label: str) -> None:
    from claimledger.extract.events import load_default_model

    (found,) = classify_events(load_default_model(), [text])
    assert found.label != not_label


@pytest.mark.parametrize(
    ("text", "name", "doer"),
    [
        ("The flooding was caused by Russia's destruction of the dam.", "Russia", True),
        ("Kiev's forces have been targeting the dam in Novaya Kakhovka over the past year.", "Kiev", True),
        ("Kherson's streets were flooded.", "Kherson", False),
        ("Some 4,000 people were evacuated from areas controlled by Russia.", "Russia", True),
        ("Moscow blamed Kyiv for the attack on the dam.", "Moscow", True),
        ("Two people died in Kherson.", "Kherson", False),
    ],
)
def test_the_production_parse_tells_doers_from_places(text: str, name: str, doer: bool) -> None:
    """Event records parse with `base_nlp` (not the test fixture's model): it must give lemmas, which
    "Russia's destruction" and "Moscow blamed" are read by."""
    from claimledger.events.extract import _is_doer
    from claimledger.extract.geo import base_nlp

    doc = base_nlp()(text)
    token = next(t for t in doc if t.text == name)
    assert _is_doer(token) is doer


@pytest.mark.parametrize(
    ("text", "label", "expected"),
    [
        ("“As of today, 31 people were killed: 29 in the Kherson region,” the minister said.", "ATTACK",
         "MAN_MADE_DISASTER"),
        ("Russian shelling killed two people in Kherson during the evacuation.", "ART_MISS_ATTACK",
         "ART_MISS_ATTACK"),
        ("Sources reported loud noises resembling explosions from the KHPP.", "NATURAL_DISASTER",
         "MAN_MADE_DISASTER"),
        ("He also said one person died in Mykolaiv region.", "NATURAL_DISASTER", "MAN_MADE_DISASTER"),
    ],
)
def test_harm_without_an_act_in_a_dam_breach_report_is_man_made(text: str, label: str, expected: str) -> None:
    (found,) = classify_events(FixedModel(label), [text], dam_breach=True)
    assert found.label == expected
    (elsewhere,) = classify_events(FixedModel(label), [text])
    assert elsewhere.label == (expected if "KHPP" in text else label)  # the KHPP is a dam


def test_a_state_of_affairs_is_no_event(nlp: Language) -> None:
    text = ("All military personnel in Belgorod are dead, wounded or in Ukraine. "
            "The number of flood victims in Kherson is unknown. "
            "Two people are dead and nine wounded in Belgorod after the strike.")
    doc = nlp(text)
    anchors = [(m.start(), m.end()) for m in re.finditer("Belgorod|Kherson", text)]
    assert [s.text for s in event_sentences(doc, anchors)] == [
        "Two people are dead and nine wounded in Belgorod after the strike."]


def test_who_was_warned_of_an_event_is_no_event(nlp: Language) -> None:
    text = ("Kyiv was, however, given advance warning about the cross-border raid, a Ukrainian defense "
            "source told CNN on Wednesday. Fighters raided a checkpoint near Kozinka on Monday.")
    doc = nlp(text)
    anchors = [(m.start(), m.end()) for m in re.finditer("Kyiv|Kozinka", text)]
    assert [s.text for s in event_sentences(doc, anchors)] == [
        "Fighters raided a checkpoint near Kozinka on Monday."]


def test_who_someone_is_is_no_event(nlp: Language) -> None:
    text = ("Caesar said he was one of about 200 Russian citizens currently fighting alongside Ukrainian "
            "troops in Ukraine. Troops fighting in Bakhmut were shelled on Monday.")
    doc = nlp(text)
    anchors = [(m.start(), m.end()) for m in re.finditer("Ukraine|Bakhmut", text)]
    assert [s.text for s in event_sentences(doc, anchors)] == [
        "Troops fighting in Bakhmut were shelled on Monday."]



def test_where_someone_came_from_does_not_locate_the_next_sentence() -> None:
    from claimledger.events.extract import _locate

    text = ("The fighters crossed from Ukraine. They entered a village. "
            "Later they withdrew. The raid began in the Belgorod region.")
    ukraine = resolved_place(text.index("Ukraine"), "Ukraine", kind="country")
    belgorod = resolved_place(text.index("Belgorod region"), "Belgorod region", kind="admin1")
    sentence = Span(text.index("They"), text.index("Later") - 1, "They entered a village.")
    previous = [Span(0, text.index("They") - 1, "The fighters crossed from Ukraine.")]
    found, inferred = _locate(sentence, previous, [ukraine, belgorod, belgorod], text)
    assert found == belgorod and inferred  # the story's focus, not "from Ukraine"


@pytest.mark.parametrize(("label", "sentence", "has_wording"), [
    ("AIR_STRIKE", "Up to 20 foreign mercenaries were also killed in the precision strike.", False),
    ("AIR_STRIKE", "Three houses in the town of Graivoron were hit by drones.", True),
    ("REM_EXPLOS", "Up to 20 foreign mercenaries were also killed in the precision strike.", False),
    ("REM_EXPLOS", "Russian terrorists carried out an internal detonation of the structures.", True),
    ("ARMED_CLASH", "Two generals and up to 50 officers were eliminated by the strike.", False),
    ("ARMED_CLASH", "Russia said its forces were fighting a sabotage group.", True),
])  # fmt: skip
def test_a_label_the_product_gives_only_with_its_wording(label: str, sentence: str,
                                                         has_wording: bool) -> None:
    from claimledger.extract.events import NEEDS_WORDING

    assert bool(NEEDS_WORDING[label].search(sentence)) is has_wording


def test_a_hedge_in_reported_words_hedges_only_them(nlp: Language) -> None:
    text = ("Fighters took control of the headquarters in Rostov on Saturday, and their leader said they "
            "would march on Moscow. Fighters who took part in the raid on Belgorod said they would "
            "carry out more attacks.")
    doc = nlp(text)
    said = [(text.index("they would march"), text.index(" on Moscow.") + len(" on Moscow")),
            (text.index("Fighters who"), text.index(" said they would carry")),
            (text.index("they would carry"), len(text) - 1)]
    anchors = [(m.start(), m.end()) for m in re.finditer("Rostov|Belgorod", text)]
    assert [s.text[:30] for s in event_sentences(doc, anchors, said)] == ["Fighters took control of the h"]
    assert event_sentences(doc, anchors) == []  # with no statements known, each sentence is hedged


def test_an_armed_march_called_a_protest_is_no_protest() -> None:
    from claimledger.events.extract import _armed_protest

    assert _armed_protest("PEACE_PROTEST", "His forces' march toward Moscow had been a protest.")
    assert not _armed_protest("PEACE_PROTEST", "Soldiers' wives rallied in Moscow; protesters held signs.")
    assert not _armed_protest("ARMED_CLASH", "His forces clashed with the army.")


def test_a_wire_dateline_does_not_locate_the_story() -> None:
    from claimledger.events.extract import _locate

    text = "MOSCOW, June 23. /State Agency/. An alleged strike on the rear camps was denied."
    moscow = resolved_place(0, "MOSCOW", "Moscow", "city")
    sentence = Span(text.index("An alleged"), len(text), text[text.index("An alleged"):])
    assert _locate(sentence, [Span(0, 16, "MOSCOW, June 23.")], [moscow], text) == (None, True)


def test_a_place_named_as_a_bearing_locates_no_later_sentence() -> None:
    from claimledger.events.extract import _locate

    text = ("His forces' march toward Moscow stopped 200 kilometers from Moscow. "
            "About 30 of his fighters were killed in a missile strike on Friday.")
    toward, short_of = (resolved_place(m.start(), "Moscow", kind="city") for m in re.finditer("Moscow", text))
    first_end = text.index(" About")
    sentence = Span(first_end + 1, len(text), text[first_end + 1:])
    assert _locate(sentence, [Span(0, first_end, text[:first_end])], [toward, short_of], text) == (None, True)


@pytest.mark.parametrize(("text", "counted", "fighters_only"), [
    ("Armenia said 135 of its soldiers had been killed.", "135 of its soldiers", True),
    ('The ministry said more than 70 "Ukrainian nationalists" had been killed.', "more than 70", False),
    ("More than 70 Ukrainian nationalists had been killed.", "More than 70 Ukrainian nationalists", True),
    ("Two soldiers and three civilians were killed.", "Two soldiers", False),
    ("Three people were killed in the shelling.", "Three people", False),
])  # fmt: skip
def test_a_toll_of_soldiers_alone_is_no_violence_against_civilians(text: str, counted: str,
                                                                     fighters_only: bool) -> None:
    """ACLED's "Attack" is violence against civilians; soldiers killed with no civilian named are fighting."""
    from claimledger.events.extract import _only_fighters_harmed
    from claimledger.models import Quantity

    i = text.index(counted)
    quantity = Quantity("q", "d", 1.0, "killed", Span(i, i + len(counted), counted))
    assert _only_fighters_harmed(Span(0, len(text), text), [quantity]) is fighters_only


@pytest.mark.parametrize(("text", "label"), [
    ("A fire broke out on the missile cruiser Moskva, detonating ammunition, and the ship was seriously "
     "damaged, the Russian Defence Ministry said on Thursday.", "OTHER"),
    ("One serviceman was killed and 27 crew members were missing after the fire on the cruiser Moskva.",
     "OTHER"),
    ("The ship caught fire after the strike, the governor said.", "ART_MISS_ATTACK"),
    ("A fire broke out at the depot after a drone attack.", "ART_MISS_ATTACK"),
    ("Troops opened fire on the convoy, killing two.", "ART_MISS_ATTACK"),
    ("Rioters set fire to a police station.", "ART_MISS_ATTACK"),
])
def test_a_fire_with_no_attack_named_is_no_violence(text: str, label: str) -> None:
    """A fire that broke out, and what it set off, with no attack, strike or weapon named ("the missile
    cruiser" is a kind of ship) is an accident as its reporter tells it: a strategic development, not
    a strike; a fire after a strike, or one opened or set, stays what the model read."""
    (found,) = classify_events(FixedModel("ART_MISS_ATTACK"), [text])
    assert found.label == label


@pytest.mark.parametrize("label", ["DISR_WEAP", "ART_MISS_ATTACK", "MAN_MADE_DISASTER"])
def test_blasts_in_a_report_of_sabotage_are_a_remote_explosive(label: str) -> None:
    """In a report of a pipeline blown up, a sentence of blasts or explosives is ACLED's remote explosive,
    whatever the model read; elsewhere the model's label stands."""
    texts = ["Traces of explosives were found on several of the objects recovered from the blast site."]
    (found,) = classify_events(FixedModel(label), texts, sabotage=True)
    assert found.sub_event_type == "Remote explosive/landmine/IED"
    (elsewhere,) = classify_events(FixedModel(label), texts)
    assert elsewhere.label == label


@pytest.mark.parametrize(("model", "text", "label"), [
    # a town taken, by whoever: a change of territory (`_territory_by_taker` then says which kind)
    ("HQ_ESTABLISHED", "Units of the Wagner private military company have taken control of the entire "
     "territory of Soledar, the company's founder said.", "NON_STATE_ACTOR_OVERTAKES_TER"),
    ("ART_MISS_ATTACK", "He said the capture of Soledar was important for cutting off supply routes to the "
     "Ukrainian troops in Artyomovsk.", "NON_STATE_ACTOR_OVERTAKES_TER"),
    # a town still held, or the capture denied: the battle goes on
    ("NON_STATE_ACTOR_OVERTAKES_TER", "Ukrainian forces are still holding Soledar, the military said, "
     "rejecting the Russian claim that the town had been captured.", "ARMED_CLASH"),
    ("CHANGE_TO_GROUP_ACT", "Fighting continues in Soledar, the spokesman said.", "ARMED_CLASH"),
    # the side that left reports its withdrawal, not a capture of its own
    ("CHANGE_TO_GROUP_ACT", "Ukrainian troops have withdrawn from Soledar, the military confirmed, two weeks "
     "after Russia claimed to have captured the town.", "CHANGE_TO_GROUP_ACT"),
    # a capture with its dead is the fighting the model read; a shelling named stays a shelling
    ("ARMED_CLASH", "Russian forces captured the village, killing two soldiers.", "ARMED_CLASH"),
    ("ART_MISS_ATTACK", "Russian artillery shelled Soledar before its capture of the town.",
     "ART_MISS_ATTACK"),
    # an assault on the ground, no shell or missile named, is fighting, not a shelling
    ("ART_MISS_ATTACK", "The assault on the town's residential areas had been carried out by volunteers of "
     "the Wagner assault units.", "ARMED_CLASH"),
])  # fmt: skip
def test_a_town_taken_or_still_held(model: str, text: str, label: str) -> None:
    (found,) = classify_events(FixedModel(model), [text])
    assert found.label == label


def test_where_an_instrument_stands_is_no_place_of_the_event() -> None:
    """ "the Bukovina (BURAR) seismic array in Romania, a station approximately 620 kilometers from the
    Kakhovka dam, reported seismic signals": the array is in Romania, the blast was not; nor does Romania
    locate the next sentence."""
    from claimledger.events.extract import _locate

    text = ("The seismic array in Romania, a station about 620 kilometers from Kakhovka, reported signals. "
            "The plant experienced significant destruction on 6 June.")
    romania = resolved_place(text.index("Romania"), "Romania", kind="country")
    first_end = text.index(" The plant")
    first = Span(0, first_end, text[:first_end])
    assert _locate(first, [], [romania], text) == (None, True)
    second = Span(first_end + 1, len(text), text[first_end + 1:])
    assert _locate(second, [first], [romania], text) == (None, True)


def test_a_heading_is_no_event_sentence() -> None:
    """A line of its own with no full stop heads the paragraph that reports the event (the event stage's
    parser ends a sentence at a paragraph break)."""
    from claimledger.extract.geo import base_nlp

    nlp = base_nlp()
    text = ("Kherson inhabitants partake with police, rescuers in evacuation efforts\n\n"
            "On Tuesday, officials said the dam in Nova Kakhovka had been blown up and 1,500 people "
            "evacuated.")
    start = text.index("On Tuesday")
    found = event_sentences(nlp(text), [(0, 7), (start + 3, start + 10)])
    assert [s.text[:10] for s in found] == ["On Tuesday"]


@pytest.mark.parametrize(("model", "text", "label"), [
    # a people after "captured" is no town taken
    ("ART_MISS_ATTACK", "The Ukrainian armed forces shot down an Il-76 plane carrying 65 captured Ukrainian "
     "servicemen to the Belgorod region for an exchange.", "ART_MISS_ATTACK"),
    ("ARMED_CLASH", "The settlement of Kozinka in Belgorod Oblast has been completely liberated.",
     "NON_STATE_ACTOR_OVERTAKES_TER"),
])  # fmt: skip
def test_what_is_a_town_taken(model: str, text: str, label: str) -> None:
    (found,) = classify_events(FixedModel(model), [text])
    assert found.label == label
