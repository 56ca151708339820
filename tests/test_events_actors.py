"""Event records read the main clause: its doer is actor 1 and its date is the event's date."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from claimledger.events.extract import _actors, _date
from claimledger.events.model import Actor
from claimledger.extract.dates import TimeExpression
from claimledger.models import Entity, Span
from claimledger.nlp.pipeline import BASE_MODEL

from .test_events_helpers import tiny_resolver

SHELLED = (
    "The city of Kherson, which was liberated by the Ukrainian Armed Forces on 11 November 2022, "
    "was again shelled by the Russian troops on Thursday."
)


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load(BASE_MODEL)


def entity(text: str, name: str, type_: str) -> Entity:
    i = text.index(name)
    mention = Span(i, i + len(name), name)
    return Entity(Entity.make_id("d", name, type_), "d", name, type_, mentions=(mention,))


def test_the_agent_of_the_main_clause_is_actor_1(nlp: Language, tmp_path: Path) -> None:
    entities = [entity(SHELLED, "Ukrainian Armed Forces", "ORG"), entity(SHELLED, "Russian", "NORP")]
    sentence = Span(0, len(SHELLED), SHELLED)
    first, second = _actors(sentence, entities, tiny_resolver(tmp_path), "UA", "ARTILLERY_MISSILE_ATTACK",
                            nlp(SHELLED))
    assert first is not None and second is not None
    assert first.name == "Military Forces of Russia (2000-)"
    assert second.name == "Military Forces of Ukraine (2019-)"


def test_without_a_parse_actors_keep_the_order_they_are_named_in(tmp_path: Path) -> None:
    entities = [entity(SHELLED, "Ukrainian Armed Forces", "ORG"), entity(SHELLED, "Russian", "NORP")]
    first, _ = _actors(Span(0, len(SHELLED), SHELLED), entities, tiny_resolver(tmp_path), "UA",
                       "ARTILLERY_MISSILE_ATTACK")
    assert first is not None and first.name == "Military Forces of Ukraine (2019-)"


def test_the_main_clause_date_wins_over_a_relative_clause_date(nlp: Language) -> None:
    def expression(needle: str, day: str) -> TimeExpression:
        i = SHELLED.index(needle)
        return TimeExpression("d", Span(i, i + len(needle), needle), day, day, "day")

    times = [expression("11 November 2022", "2022-11-11"), expression("Thursday", "2023-06-08")]
    start, _, _, span = _date(Span(0, len(SHELLED), SHELLED), None, times, "2023-06-09", nlp(SHELLED))
    assert (start, span.text if span else None) == ("2023-06-08", "Thursday")


def test_a_background_date_does_not_date_the_next_sentence() -> None:
    background = "On February 24, 2022 Russia launched a special military operation in Ukraine."
    shelled = "The upper part of the power plant was destroyed by shelling, the mayor said."
    text = f"{background} {shelled}"
    start = len(background) + 1
    old = TimeExpression("d", Span(3, 20, "February 24, 2022"), "2022-02-24", "2022-02-24", "day")
    recent = TimeExpression("d", Span(3, 20, "February 24, 2022"), "2023-06-05", "2023-06-05", "day")
    sentence, previous = Span(start, len(text), shelled), Span(0, len(background), background)
    assert _date(sentence, previous, [old], "2023-06-06")[0] == "2023-06-06"  # the publication date
    assert _date(sentence, previous, [recent], "2023-06-06")[0] == "2023-06-05"  # the days reported
    assert _date(sentence, previous, [old], None)[0] == "2022-02-24"  # nothing to tell background by


def test_occupiers_are_the_occupying_military(tmp_path: Path) -> None:
    text = "The flood caused by the Russian occupiers undermining the dam killed 31 people."
    first, _ = _actors(Span(0, len(text), text), [entity(text, "Russian", "NORP")], tiny_resolver(tmp_path),
                       "UA", "ATTACK")
    assert first is not None and first.name == "Military Forces of Russia (2000-)"


def test_unnamed_fighters_are_the_documents_armed_group(tmp_path: Path) -> None:
    from claimledger.events.extract import _named_group

    text = "The fighters attacked a border post near Kozinka."
    legion = "The Freedom of Russia Legion said it crossed."
    group = _named_group([entity(legion, "Freedom of Russia Legion", "ORG")])
    resolver = tiny_resolver(tmp_path)
    first, _ = _actors(Span(0, len(text), text), [], resolver, "RU", "ARMED_CLASH", group=group)
    assert first is not None and first.name == "Freedom of Russia Legion"
    first, _ = _actors(Span(0, len(text), text), [], resolver, "RU", "ARMED_CLASH")
    assert first is not None and first.name == "Unidentified Armed Group (Russia)"


@pytest.mark.parametrize(("text", "name", "type_", "expected"), [
    ("Kyiv has responded with a barrage of drone strikes across the border.", "Kyiv", "GPE",
     "Military Forces of Ukraine (2019-)"),
    ("Russia shelled the town of Kozinka on Thursday.", "Russia", "GPE", "Military Forces of Russia (2000-)"),
    ("Russia blamed Ukraine for the drone attack on the town.", "Russia", "GPE",
     "Unidentified Armed Group (Ukraine)"),
    ("Russia publicized an incident which saw two drones fly above the town.", "Russia", "GPE",
     "Unidentified Armed Group (Ukraine)"),
    ("Kyiv was given advance warning about the raid on the town.", "Kyiv", "GPE",
     "Unidentified Armed Group (Ukraine)"),
    ("The town of Kozinka was shelled by Russia on Thursday.", "Russia", "GPE",
     "Military Forces of Russia (2000-)"),
])  # fmt: skip
def test_a_state_that_does_the_act_is_its_military(nlp: Language, tmp_path: Path, text: str, name: str,
                                                   type_: str, expected: str) -> None:
    """A country or its capital as the doer of a violent act is coded as its military (ACLED's state
    forces); as the accuser, the publicist or the patient it is no actor."""
    sentence = Span(0, len(text), text)
    first, _ = _actors(sentence, [entity(text, name, type_)], tiny_resolver(tmp_path), "UA", "AIR_STRIKE",
                       nlp(text))
    assert first is not None and first.name == expected


def test_an_attacked_military_is_actor_2(nlp: Language, tmp_path: Path) -> None:
    text = "It was a surprise attack meant to keep the Russian military on the back foot."
    sentence = Span(0, len(text), text)
    first, second = _actors(sentence, [entity(text, "Russian", "NORP")], tiny_resolver(tmp_path), "RU",
                            "ATTACK", nlp(text))
    assert (first.name if first else None, second.name if second else None) == (
        "Unidentified Armed Group (Russia)", "Military Forces of Russia (2000-)")


def test_unnamed_attackers_fought_by_a_state_are_the_documents_armed_group(nlp: Language,
                                                                           tmp_path: Path) -> None:
    text = "The Russian Ministry of Defense said its forces repelled attackers using artillery fire."
    sentence = Span(0, len(text), text)
    legion = Actor("Freedom of Russia Legion", 2)
    first, second = _actors(sentence, [entity(text, "Russian Ministry of Defense", "ORG")],
                            tiny_resolver(tmp_path), "RU", "ARMED_CLASH", nlp(text), legion)
    assert (first.name if first else None, second) == ("Military Forces of Russia (2000-)", legion)


def test_the_production_parse_reads_verbs_of_saying(tmp_path: Path) -> None:
    """Event records parse with `base_nlp`, whose lemmas tell "blamed" from an act."""
    from claimledger.extract.geo import base_nlp

    text = "Russia blamed Ukraine for the drone attack on the town."
    first, _ = _actors(Span(0, len(text), text), [entity(text, "Russia", "GPE")], tiny_resolver(tmp_path),
                       "UA", "AIR_STRIKE", base_nlp()(text))
    assert first is not None and first.name == "Unidentified Armed Group (Ukraine)"


def test_the_doer_named_after_a_wire_dateline_is_actor_1(nlp: Language, tmp_path: Path) -> None:
    # the parser makes the dateline's city the subject and the fighters its apposition
    text = ("ROSTOV-ON-DON, Russia, June 24 (Wire Agency) - Fighters of the Wagner mercenary group took "
            "control of the Russian army's headquarters in Rostov on Saturday.")
    sentence = Span(0, len(text), text)
    entities = [entity(text, "Wagner", "ORG"), entity(text, "Russian", "NORP")]
    first, second = _actors(sentence, entities, tiny_resolver(tmp_path), "RU", "HQ_ESTABLISHED", nlp(text))
    assert (first.name if first else None, second.name if second else None) == (
        "Wagner", "Military Forces of Russia (2000-)")


def test_a_strike_on_the_documents_group_is_not_the_groups_own(nlp: Language, tmp_path: Path) -> None:
    text = "He accused the minister of ordering a missile strike on Wagner's camps that killed his fighters."
    wagner = Actor("Wagner", 2)
    first, second = _actors(Span(0, len(text), text), [entity(text, "Wagner", "ORG")],
                            tiny_resolver(tmp_path), "RU", "ART_MISS_ATTACK", nlp(text), wagner)
    assert first is not None and first.name != "Wagner" and second is not None and second.name == "Wagner"


def test_military_bloggers_are_no_military(nlp: Language, tmp_path: Path) -> None:
    text = "Russian military bloggers said Wagner fighters had shot down several helicopters on Saturday."
    first, _ = _actors(Span(0, len(text), text), [entity(text, "Russian", "NORP")], tiny_resolver(tmp_path),
                       "RU", "AIR_STRIKE", nlp(text))
    assert first is None or first.name != "Military Forces of Russia (2000-)"


def test_the_forces_a_ministry_says_fired_are_actor_1(nlp: Language) -> None:
    """ "Armenia's Defence Ministry said | Azerbaijani forces had opened intensive fire": the ministry reports
    the other state's act ("Azerbaijani", which the tagger read as a person, is the state)."""
    from claimledger.extract.geo import Resolver, default_gazetteer

    text = ("Armenia's Defence Ministry said Azerbaijani forces had opened intensive fire on Armenian "
            "positions near Goris.")
    entities = [entity(text, "Armenia's Defence Ministry", "ORG"), entity(text, "Azerbaijani", "PERSON")]
    first, second = _actors(Span(0, len(text), text), entities, Resolver(default_gazetteer()), "AM",
                            "ARTILLERY_MISSILE_ATTACK", nlp(text))
    assert (first.name if first else None, second.name if second else None) == (
        "Military Forces of Azerbaijan", "Military Forces of Armenia")


def test_fighting_between_two_states_is_between_their_forces(nlp: Language) -> None:
    from claimledger.extract.geo import Resolver, default_gazetteer

    text = "Dozens of soldiers were killed in the worst fighting between Armenia and Azerbaijan since 2020."
    first, second = _actors(Span(0, len(text), text), [], Resolver(default_gazetteer()), "AM", "ARMED_CLASH",
                            nlp(text))
    assert (first.name if first else None, second.name if second else None) == (
        "Military Forces of Armenia", "Military Forces of Azerbaijan")


@pytest.mark.parametrize("text", [
    "ODESA - Ukrainian forces struck the Russian Black Sea Fleet's flagship, the missile cruiser Moskva, "
    "with two Neptune missiles.",
    "Two Ukrainian Neptune missiles struck the Russian cruiser Moskva before it sank.",
])
def test_a_demonym_the_tagger_left_untagged_names_the_states_forces(nlp: Language, text: str) -> None:
    """No entity at all (the tagger read "ODESA - Ukrainian" as a heading), or a weapon's name between the
    demonym and the weapon: the demonyms still name both states' forces, the doer first."""
    from claimledger.extract.geo import Resolver, default_gazetteer

    first, second = _actors(Span(0, len(text), text), [], Resolver(default_gazetteer()), None,
                            "ART_MISS_ATTACK", nlp(text))
    assert (first.name if first else None, second.name if second else None) == (
        "Military Forces of Ukraine (2019-)", "Military Forces of Russia (2000-)")


@pytest.mark.parametrize("text", [
    "Pro-Russian forces shelled the town on Monday.",
    "Witnesses said a Palestinian Islamic Jihad rocket hit the hospital.",
    "The Russian Black Sea Fleet's flagship sank after an explosion.",
    "Ukrainian military officials said the town was shelled overnight.",
])
def test_what_a_demonym_does_not_make_a_states_forces(nlp: Language, text: str) -> None:
    from claimledger.extract.geo import Resolver, default_gazetteer

    i = text.index("officials") + len("officials") if "officials" in text else 0
    sources = [Span(0, i, text[:i])] if i else []
    first, second = _actors(Span(0, len(text), text), [], Resolver(default_gazetteer()), None,
                            "ART_MISS_ATTACK", nlp(text), sources=sources)
    states = {"Military Forces of Russia (2000-)", "Military Forces of Palestine",
              "Military Forces of Ukraine (2019-)"}
    assert not {a.name for a in (first, second) if a} & states


def test_the_speaker_reports_the_act_it_names_another_doing(nlp: Language) -> None:
    """ "Personnel of the British navy took part in ... the sabotage ..., the Russian Defence Ministry said":
    the ministry, named only as the speaker, comes after the doer the sentence names."""
    from claimledger.extract.geo import Resolver, default_gazetteer

    text = ("Personnel of the British navy took part in planning and carrying out the sabotage of the Nord "
            "Stream gas pipelines, the Russian Defence Ministry said on Saturday.")
    ministry = entity(text, "Russian Defence Ministry", "ORG")
    source = ministry.mentions[0]
    first, _ = _actors(Span(0, len(text), text), [ministry], Resolver(default_gazetteer()), None,
                       "REM_EXPLOS", nlp(text), sources=[source])
    assert first is not None and first.name == "Military Forces of United Kingdom"


def test_an_observer_of_a_capture_is_no_actor(nlp: Language) -> None:
    """ "Britain's Ministry of Defence said ... that Russian and Wagner forces had probably taken control of
    most of Soledar": Wagner (joined to "Russian" before "forces") took the town; Britain, the speaker, is
    neither side of it."""
    from claimledger.extract.geo import Resolver, default_gazetteer

    text = ("Britain's Ministry of Defence said in its daily intelligence update that Russian and Wagner "
            "forces had probably taken control of most of Soledar.")
    ministry = entity(text, "Britain's Ministry of Defence", "ORG")
    wagner = entity(text, "Wagner", "ORG")
    first, second = _actors(Span(0, len(text), text), [ministry, wagner], Resolver(default_gazetteer()), "UA",
                            "NON_STATE_ACTOR_OVERTAKES_TER", nlp(text), sources=[ministry.mentions[0]])
    assert first is not None and first.name == "Wagner"
    assert second is None


@pytest.mark.parametrize(("forces", "label"), [
    ("Military Forces of Ukraine (2019-)", "GOV_REGAINS_TERIT"),
    ("Military Forces of Russia (2000-)", "NON_STATE_ACTOR_OVERTAKES_TER"),
    ("Wagner", "NON_STATE_ACTOR_OVERTAKES_TER"),
])
def test_who_took_a_town_decides_the_kind_of_change(forces: str, label: str) -> None:
    """ACLED: a state's forces retaking their own state's town regain territory; a foreign state's forces or
    a non-state actor taking it overtake territory."""
    from claimledger.events.extract import _territory_by_taker
    from claimledger.events.model import PlaceMention
    from claimledger.extract.geo import Resolver, default_gazetteer

    soledar = PlaceMention(doc_id="d", span=Span(0, 7, "Soledar"), status="resolved", name="Soledar",
                           country="UA")
    for given in ("GOV_REGAINS_TERIT", "NON_STATE_ACTOR_OVERTAKES_TER"):
        found = _territory_by_taker(given, Actor(forces, 1 if forces.startswith("Military") else 2), soledar,
                                    Resolver(default_gazetteer()))
        assert found == label
