"""Event records of one document: event-bearing sentences classified into ACLED types, with actors,
place, date, fatalities and the attributions that report them.

A sentence is event-bearing when it has an attack / clash / protest / explosion / evacuation (...)
trigger word and is not a question or a heading. Its place is the most precise geocoded toponym in the
sentence, else the last one in the two sentences before it (`place_inferred`), else the document's
most mentioned admin region or town. Its date is a time expression in the sentence, else in the
sentence before, else the publication day (granularity "day", no `date_span`). Relative expressions
are read against the publication date; a document without one takes the date in its URL or file name
(`date_from_locator`), else the caller's `assume_published`, else its relative dates stay unresolved.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from claimledger.events.model import Actor, EventRecord, FatalityReport, PlaceMention
from claimledger.extract.claims import claims_of
from claimledger.extract.cues import SPEECH_VERBS
from claimledger.extract.dates import TimeExpression, date_from_locator, said_on, time_expressions
from claimledger.extract.entities import ARMED_GROUP_NAMES, JIHADIST_GROUP
from claimledger.extract.events import (
    ACLED_TYPES,
    LEAD_CHARS,
    LINE_DAMAGED,
    NEEDS_WORDING,
    PLACE_CAPTURED,
    PLACE_HELD,
    PLACE_LEFT,
    PROTEST_WORDS,
    EventPrediction,
)
from claimledger.extract.geo import (
    ADMIN_WORDS,
    Resolution,
    Resolver,
    contextual_toponyms,
    known_place,
    named_as_a_bearing,
    national_capital_of,
    town_country,
)
from claimledger.extract.quantities import counts_a_part, counts_fighters
from claimledger.extract.speakers import institution_of_title
from claimledger.extract.weapons import INTERCEPTED_MUNITIONS
from claimledger.models import Attribution, Document, Entity, Extraction, Quantity, Span

log = logging.getLogger(__name__)


def _words(text: str) -> list[str]:
    return text.split()


TRIGGER = re.compile(
    r"\b(?:(?<!heart )(?<!panic )attack\w*|assault\w*|raid\w*|incursion\w*|clash\w*|fight\w*|fought|"
    r"battle\w*|shell\w*|"
    r"artillery|mortar\w*|missile\w*|rocket\w*|air ?strikes?|strikes?|struck|drones?|bomb\w*|explo\w*|"
    r"blasts?|blew up|blown up|detonat\w*|breach\w*|destr\w*|protest\w*|rall(?:y|ies|ied)|demonstrat\w*|"
    r"evacuat\w*|killed|"
    r"died|wounded|injured|shot|gunfire|arrest(?:ed|s)?|detain\w*|flood\w*|collaps\w*|sabotag\w*|"
    r"captur\w*|seiz\w*|liberated|liberation of|repel\w*|hit|took control|taken control|shot down|downed|"
    r"fired (?:at|on|upon)|opened (?:\w+ ){0,2}fire)\b",
    re.IGNORECASE,
)
# Commentary rather than a report of something that happened.
HEDGE = re.compile(r"\b(?:will|would|could|might|may|likely|unlikely|if|whether|eager|perhaps|possibly|"
                   r"mystery|question|seems?|unclear|not (?:entirely |yet |immediately )?clear|"
                   r"vulnerable to|(?:did|does|do|had|has|have)(?: not|n['’]t) "
                   r"(?:encourage|enable|authori[sz]e|support|approve|condone|carry out|conduct|launch|"
                   r"plan)\w*)\b",
                   re.IGNORECASE)
# Trigger words that name people or things rather than an act: "some of the fighters appear to be
# operating Humvees" reports no event; "exploit" and "destroyer" only look like triggers.
_NOT_AN_ACT = re.compile(r"(?:fighters?|attackers?|bombers?|raiders?|explor\w*|exploit\w*|destroyers?)",
                         re.IGNORECASE)
# Labels that describe talk about events rather than events.
SKIP_LABELS = frozenset({"ATTRIB", "DIPLO"})
TOPONYM_TYPES = frozenset({"GPE", "LOC", "FAC"})
ACTOR_TYPES = frozenset({"ORG", "NORP", "GPE", "GROUP"})
STATE_SINCE = {"RU": "2000-", "UA": "2019-"}  # ACLED dates state forces by head of government
_MILITARY = re.compile(r"\b(?:ministry of defen[cs]e|defen[cs]e ministry|armed forces|army|military|troops|"
                       r"forces|soldiers|"
                       r"units|air force|navy|national guard|defen[cs]e intelligence|occupiers|invaders|"
                       r"occupation forces)\b", re.IGNORECASE)
# people who write or talk about the military: "Russian military bloggers said ..." are no state forces
_WATCHERS = re.compile(r"(?:military|army|defen[cs]e)\s+(?:bloggers?|milbloggers?|analysts?|experts?|"
                       r"observers?|commentators?|correspondents?|journalists?|historians?|channels?|blogs?)\b",
                       re.IGNORECASE)
# a state's weapon or strike: "a Russian missile struck ...", "killed in a Russian missile strike",
# "Ukrainian drones attacked ...": the state's military is the doer, as ACLED codes it
_WEAPON = re.compile(
    r"(?:(?:cruise |ballistic |guided |surface-to-air |anti-aircraft |air-to-air )?missiles?|rockets?|"
    r"(?:missile |drone |air ?)?strikes?|shelling|"
    r"drones?|bombs?|bombing|bombardment|artillery|warplanes?|jets?|helicopters?|"
    r"air[ -]defen[cs]es?(?: systems?)?)\b", re.IGNORECASE)
_POLICE = re.compile(r"\bpolice\b", re.IGNORECASE)
_ON_THE_ARMY = re.compile(r"\b(?:attacked|shelled|struck|stormed|targeted|raided)\s+(?:the\s+)?"
                          r"(?:army|military)(?:['’]s)?\s+(?:camps?|positions?|bases?|headquarters|barracks|"
                          r"posts?)\b",
                          re.IGNORECASE)
_ARMED_GROUP = re.compile(r"\b(?:legion|corps|brigade|battalion|militia|wagner|group|front|movement|"
                          r"rebels?|insurgents?|fighters)\b", re.IGNORECASE)
# a force with a name of its own and no country's ("Rapid Support Forces"), not a state's "Armed Forces"
_NAMED_FORCES = re.compile(r"(?:[A-Z][a-z]+ ){1,3}Forces")
_ARMY = r"(?:army|military|armed forces)"
_GENERIC_FORCES = re.compile(rf"(?:the )?{_ARMY}", re.IGNORECASE)
# the unnamed army as the doer of a passive: "had been attacked by the army", "were shelled by the military"
_BY_THE_ARMY = re.compile(r"\b(?:attacked|shelled|struck|bombed|targeted|besieged|surrounded|ambushed|"
                          rf"fired on)\s+by\s+the\s+{_ARMY}\b", re.IGNORECASE)
_RANK = re.compile(r"\s*(?:Lt|Gen|Col|Maj|Capt|Sgt|Brig|General|Colonel|Major|Captain|Lieutenant|Sergeant)\b")
_UNNAMED_ATTACKERS = re.compile(r"\b(?:fighters|attackers|saboteurs|militants|raiders|the group|"
                                r"sabotage (?:and reconnaissance )?group|insurgents|gunmen)\b", re.IGNORECASE)
_CIVILIANS = re.compile(r"\b(?:civilians?|residents?|villagers|people|children|families)\b", re.IGNORECASE)
_PROTESTERS = re.compile(r"\b(?:protesters|demonstrators|rally|protest)\b", re.IGNORECASE)
VIOLENT = frozenset({"AIR_STRIKE", "ARMED_CLASH", "ART_MISS_ATTACK", "ATTACK", "GRENADE", "REM_EXPLOS",
                     "SUIC_BOMB", "CHEM_WEAP", "ABDUCT_DISSAP", "SEX_VIOL", "GOV_REGAINS_TERIT",
                     "NON_STATE_ACTOR_OVERTAKES_TER", "MOB_VIOL"})
CASUALTIES = frozenset({"killed", "injured", "evacuated", "missing"})
_DAM = re.compile(r"\b(?:dam|hydroelectric|K?HPP|power (?:plant|station)|reservoir)\b", re.IGNORECASE)
_EVACUATION = re.compile(r"\bevacuat\w*", re.IGNORECASE)
_FLOOD = re.compile(r"\b(?:flood\w*|inundat\w*|submerg\w*|under ?water|water levels?)\b", re.IGNORECASE)
_BREACH = (r"(?:breach\w*|collaps\w*|destr\w*|blew up|blown up|blowing up|explo\w*|burst|undermin\w*|"
           r"detonat\w*)")
_DAM_BREACH = re.compile(
    rf"{_DAM.pattern}[^.]{{0,80}}\b{_BREACH}|\b{_BREACH}\b[^.]{{0,80}}{_DAM.pattern}", re.IGNORECASE
)
# Acts a place name can own as their doer: "Russia's destruction of the dam".
_ACTS = frozenset({"destruction", "attack", "invasion", "strike", "shelling", "bombing", "offensive",
                   "occupation", "sabotage", "aggression", "blowing", "demolition", "war"})
# "Kiev's forces have been targeting the dam": the state's forces, not a place
_FORCES = frozenset({"force", "troop", "army", "military", "soldier", "unit", "artillery", "navy", "drone",
                     "missile", "saboteur", "fighter"})
_KIND_RANK = {"city": 0, "admin1": 1, "region": 2, "country": 3, "continent": 4}


@dataclass(frozen=True, slots=True)
class DocumentEvents:
    """Everything `extract_document_events` finds in one document."""

    events: tuple[EventRecord, ...]
    places: tuple[PlaceMention, ...]
    times: tuple[TimeExpression, ...]


def place_mentions(
    doc_id: str, text: str, entities: Sequence[Entity], resolver: Resolver
) -> list[PlaceMention]:
    """Geocode every GPE/LOC/FAC entity mention of a document jointly."""
    tagged = {_with_admin_word(text, m.start, m.end)
              for e in entities for m in e.mentions
              if any(ch.isupper() for ch in m.text)  # "the west bank" of a river is no place name
              and (e.type in TOPONYM_TYPES or _names_a_region(e.type, text, m.end))}
    # "the city of Kramatorsk", "the village of Bilenke": places the tagger missed or misread
    spans = sorted(tagged | set(contextual_toponyms(text, besides=tagged)))
    spans = sorted(set(spans) | set(_untagged_cities(text, spans)))
    if not spans:
        return []
    return [_mention(doc_id, r) for r in resolver.resolve_document(text, spans)]


_LOCATIVE_NAME = re.compile(r"\b(?:in|at|near|over|outside|into)\s+([A-Z][a-z]+(?:-[A-Z]?[a-z]+)?)\b")
# a town fought over, by words that only a place follows: "the whole territory of Soledar", "The liberation of
# Soledar" (a town of 10,000 the tagger read as a person)
_TOWN_FOUGHT_OVER = re.compile(r"\b(?:territory|control|liberation|capture|fall|outskirts)\s+of\s+"
                               r"([A-Z][a-z]+(?:-[A-Z]?[a-z]+)?)\b")
_LOCAL_TOWN = 20_000
_SMALL_TOWN = 1_000
_CITY_POPULATION = 500_000


def _untagged_cities(text: str, tagged: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """ "the system that Russia says it destroyed in Kyiv": a city of half a million people or more, after a
    word of place, that the tagger did not tag; or a town of 20,000 or more (1,000 after words of a town
    fought over) in a country whose places the document names, or that it names again ("killed civilians in
    Bucha ... The Bucha massacre")."""
    found: list[tuple[int, int]] = []
    home = {country for s, e in tagged if (country := town_country(text[s:e]))}
    matches = [(m, _LOCAL_TOWN) for m in _LOCATIVE_NAME.finditer(text)]
    matches += [(m, _SMALL_TOWN) for m in _TOWN_FOUGHT_OVER.finditer(text)]
    for match, population in matches:
        start, end = _with_admin_word(text, *match.span(1))  # "in Kherson Oblast": the region
        overlaps = any(start < e and s < end for s, e in [*tagged, *found])
        longer = _CAPITALISED_NEXT.match(text, end)  # "in Kherson Hydroelectric", "Moscow State University"
        name = match.group(1)
        if not overlaps and not longer \
                and (known_place(name, _CITY_POPULATION) or _a_local_town(name, text, home, population)):
            found.append((start, end))
    return sorted(found)


def _a_local_town(name: str, text: str, home: set[str], population: int) -> bool:
    country = town_country(name, population)
    return country is not None and (country in home or len(re.findall(rf"\b{re.escape(name)}\b", text)) > 1)


_CAPITALISED_NEXT = re.compile(r"\s+[A-Z]")


_ADMIN_AFTER = re.compile(rf"\s+(?:{'|'.join(ADMIN_WORDS)})\b", re.IGNORECASE)


_REGION_AFTER = re.compile(r"\s+(?:oblast|region|province|krai|kray|district|raion|rayon|governorate)\b",
                           re.IGNORECASE)


_DEMONYM_END = re.compile(r"(?:ian|ish|ese|ean)$", re.IGNORECASE)


def _names_a_region(entity_type: str, text: str, end: int) -> bool:
    """ "the Belgorod region", "Graivoron Raion": a name the tagger read as a nationality or an
    organisation, followed by an administrative word, names a region."""
    return entity_type in ("NORP", "ORG") and _REGION_AFTER.match(text, end) is not None \
        and not _DEMONYM_END.search(text[max(0, end - 4) : end])  # "the Ukrainian region of ..."


def _with_admin_word(text: str, start: int, end: int) -> tuple[int, int]:
    """"Belgorod" in "the Belgorod region" names the region: geocode "Belgorod region"."""
    match = _ADMIN_AFTER.match(text, end)
    return (start, match.end()) if match else (start, end)


def _mention(doc_id: str, r: Resolution) -> PlaceMention:
    ref = r.place or r.within
    candidates = tuple(f"{c.name}, {c.admin1 or '-'}, {c.country or '-'}" for c in r.candidates[:6]) \
        if r.status == "ambiguous" else ()
    return PlaceMention(
        doc_id=doc_id, span=Span(r.start, r.end, r.text), status=r.status,
        name=ref.name if ref else None, kind=ref.kind if ref else None, lat=r.lat, lon=r.lon,
        country=r.country, admin1=r.admin1, precision=r.precision,
        geonameid=r.place.geonameid if r.place else None, candidates=candidates,
        area_lat=r.within.lat if r.within and r.status == "unresolved" else None,
        area_lon=r.within.lon if r.within and r.status == "unresolved" else None,
    )


def event_sentences(doc: Any, anchors: Sequence[tuple[int, int]] = (),
                    said: Sequence[tuple[int, int]] = ()) -> list[Span]:
    """Sentences with an event trigger and something that pins it down (a place, a date or a death
    toll: `anchors`, character spans), without questions, headings and hedged commentary. A hedge in
    reported words hedges only them when the sentence reports an act outside its statements (`said`: the
    spans of their sources and contents): "Fighters ... took control of the headquarters ..., and their
    leader said | they would march on Moscow" reports the seizure; "Russian fighters who took part in the
    raid ... said | they would carry out more attacks" reports nothing new."""
    out = []
    for sent in doc.sents:
        text = sent.text.strip()
        if len(sent) < 6 or text.endswith("?") or not has_trigger(text) or _hedged(sent, said) \
                or _a_state(sent) or _no_act_reported(sent) or _a_heading(sent):
            continue
        if not any(sent.start_char <= s and e <= sent.end_char for s, e in anchors):
            continue
        start = sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
        out.append(Span(start, start + len(text), text))
    return out


def _a_heading(sentence: Any) -> bool:
    """A line of its own with no full stop: a heading ("Kherson inhabitants partake with police, rescuers in
    evacuation efforts"), whose event the paragraph after it reports."""
    text, own = sentence.doc.text, sentence.text
    start = sentence.start_char + len(own) - len(own.lstrip())
    end = sentence.start_char + len(own.rstrip())
    before, after = text[:start].rstrip(" \t"), text[end:].lstrip(" \t")
    return not own.rstrip().endswith(_SENTENCE_ENDS) and (not before or before.endswith("\n")) \
        and (not after or after.startswith("\n"))


_SENTENCE_ENDS = (".", "!", "?", '"', "”", "’", "'", ")", ":")


def _hedged(sentence: Any, said: Sequence[tuple[int, int]]) -> bool:
    start = sentence.start_char

    def reported(m: re.Match[str]) -> bool:
        return any(s <= start + m.start() and start + m.end() <= e for s, e in said)

    hedges = list(HEDGE.finditer(sentence.text))
    if not hedges or not all(reported(m) for m in hedges):
        return bool(hedges)
    return not any(not reported(m) and not _NOT_AN_ACT.fullmatch(m.group(0))
                   for m in TRIGGER.finditer(sentence.text))


def _a_state(sentence: Any) -> bool:
    """ "All military personnel are dead, wounded or in Ukraine": harm words said by "be" of a subject no
    number counts describe a state of affairs, not an event."""
    uncounted = not any(t.like_num for t in sentence)
    return sentence.root.lemma_ == "be" and uncounted and _only_harm(sentence.text)


# what someone knew or was told of an event: "Kyiv was given advance warning about the cross-border raid"
_KNOWING = frozenset({"warning", "warnings", "notice", "knowledge", "details", "word"})


def _no_act_reported(sentence: Any) -> bool:
    """Every trigger of the sentence is what a warning or knowledge was about ("Kyiv was given advance
    warning about the cross-border raid": who knew of the event, which its own sentences report) or a
    participle that says who someone is ("200 Russian citizens currently fighting alongside Ukrainian
    troops")."""
    tokens = [sentence.doc.char_span(sentence.start_char + m.start(), sentence.start_char + m.end(),
                                     alignment_mode="expand")
              for m in TRIGGER.finditer(sentence.text) if not _NOT_AN_ACT.fullmatch(m.group(0))]
    roots = [span.root for span in tokens if span is not None and len(span)]
    return bool(roots) and all(_known_about(t) or _describes_someone(t) for t in roots)


def _known_about(trigger: Any) -> bool:
    return bool(trigger.dep_ == "pobj" and trigger.head.lower_ in ("about", "of")
                and trigger.head.head.lower_ in _KNOWING)


def _describes_someone(trigger: Any) -> bool:
    """ "200 Russian citizens currently fighting alongside Ukrainian troops", "condolences to the families of
    those killed": who they are, in an event the report tells elsewhere."""
    if trigger.dep_ == "acl" and trigger.tag_ == "VBN" and trigger.head.lower_ == "those":
        return True
    return bool(trigger.dep_ == "acl" and trigger.tag_ == "VBG" and trigger.head.pos_ in ("NOUN", "PROPN"))


def has_trigger(text: str) -> bool:
    """Does the text name an act of violence, protest, arrest, disaster or evacuation?"""
    return any(not _NOT_AN_ACT.fullmatch(m.group(0)) for m in TRIGGER.finditer(text))


_ILLNESS_DEATH = re.compile(
    r"\b(?:died|dies|death was caused)\s+(?:of|from|by)\s+(?:an?\s+)?(?:sudden\s+)?"
    r"(?:heart attack|heart failure|cardiac arrest|illness|natural causes|(?:multiple\s+)?organ failure|"
    r"cancer|covid(?:-19)?|a stroke|stroke|"
    r"disease)\b", re.IGNORECASE)


def _died_of_illness(text: str) -> bool:
    """ "said that Mahsa Amini had died of a heart attack": a death the sentence puts down to an illness, with
    no other event wording (no act of violence, protest or arrest), is no event."""
    if not _ILLNESS_DEATH.search(text):
        return False
    others = [m.group(0).lower() for m in TRIGGER.finditer(_MEDICAL_ATTACK.sub("", text))]
    return all(word in ("died", "killed") for word in others)


_MEDICAL_ATTACK = re.compile(r"\b(?:heart|panic|asthma) attacks?\b", re.IGNORECASE)
# a fire that broke out, not one set or opened: "A fire broke out on the missile cruiser Moskva"
_FIRE = re.compile(r"\b(?:a|the)\s+(?:\w+\s+)?(?:fire|blaze)\b|\bcaught fire\b|"
                   r"(?<!set )(?<!under )\b(?:fires?|blaze)\b(?!\s+(?:at|on|upon|to)\b)", re.IGNORECASE)
# what a fire does by itself: it detonates ammunition, destroys, kills
_OF_A_FIRE = re.compile(r"(?:detonat\w*|explo\w*|blasts?|destr\w*|killed|died|wounded|injured|evacuat\w*)",
                        re.IGNORECASE)


def _only_a_fire(text: str) -> bool:
    """ "A fire broke out on the missile cruiser Moskva, detonating ammunition": a fire, and what it did,
    with no attack, strike or weapon named, is an accident as its reporter tells it; ACLED does not code it
    as political violence (a strategic development at most)."""
    if not _FIRE.search(text):
        return False
    words = [m.group(0) for m in TRIGGER.finditer(_WARSHIP_KIND.sub("", text))]
    return all(_OF_A_FIRE.fullmatch(w) for w in words)


# a kind of ship, not a weapon fired: "the missile cruiser Moskva"
_WARSHIP_KIND = re.compile(
    r"\b(?:guided[- ])?(?:missile|rocket) (?:cruiser|boat|ship|destroyer|frigate|corvette)s?\b",
    re.IGNORECASE)


def classify_events(model: Any, texts: Sequence[str], *, dam_breach: bool = False,
                    sabotage: bool = False) -> list[EventPrediction]:
    """The model's predictions (a label that needs its wording only where the sentence uses it:
    `EventModel.classify`), except that a sentence whose only event wording is an evacuation is
    "Strategic developments / Other": ACLED does not code an evacuation as an act of violence; and a
    flood is a man-made disaster when the sentence names a dam or its document reports a dam breach
    (`dam_breach`). In such a report, so are an explosion read as a natural disaster and deaths with
    no act of violence ("31 people were killed: 29 in the Kherson region ..."). In a report of a pipeline or
    cable blown up (`sabotage`), a sentence of blasts or explosives is a remote explosive, as ACLED codes
    sabotage, whatever the model read ("Traces of explosives were found ...", "two powerful underwater
    explosions")."""
    out = []
    # in a report of a dam breach, deaths and damage come from the flood, whatever the sentence says
    disasters = {"MAN_MADE_DISASTER", "NATURAL_DISASTER"} if dam_breach else set()
    # "had died of a heart attack" names an illness, not a strike
    read = [_MEDICAL_ATTACK.sub("heart failure", text) for text in texts]
    predictions = model.classify(read, need_wording=set(NEEDS_WORDING) - disasters) if texts else []
    for text, pred in zip(texts, predictions, strict=True):
        if _EVACUATION.search(text) and not has_trigger(_EVACUATION.sub("", text)):
            pred = EventPrediction("OTHER", *ACLED_TYPES["OTHER"], pred.score, 0.0)
        elif sabotage and pred.label in _BLAST_LABELS and _BLAST.search(text):
            pred = EventPrediction("REM_EXPLOS", *ACLED_TYPES["REM_EXPLOS"], pred.score, 0.0)
        elif _man_made(pred.label, text, dam_breach):
            pred = EventPrediction("MAN_MADE_DISASTER", *ACLED_TYPES["MAN_MADE_DISASTER"], pred.score, 0.0)
        elif pred.label in VIOLENT and _only_a_fire(text):
            pred = EventPrediction("OTHER", *ACLED_TYPES["OTHER"], pred.score, 0.0)
        elif pred.label in _NOT_AT_CLOSE_RANGE and _killed_up_close(text):
            pred = EventPrediction("ATTACK", *ACLED_TYPES["ATTACK"], pred.score, 0.0)
        elif (battle := _battle_for_a_town(pred.label, text)) is not None:
            pred = EventPrediction(battle, *ACLED_TYPES[battle], pred.score, 0.0)
        elif pred.label in _STRIKES and _ON_THE_GROUND.search(text) and not _FROM_AFAR.search(text):
            # "the assault on the town's residential areas had been carried out by ... the Wagner assault
            # units": fighting on the ground, no shell or missile named
            pred = EventPrediction("ARMED_CLASH", *ACLED_TYPES["ARMED_CLASH"], pred.score, 0.0)
        out.append(pred)
    return out


# a town still held ("Fighting continues in Soledar", "rejecting the Russian claim that the town had been
# captured"): the battle goes on; a town taken ("Units of Wagner have taken control of the whole territory of
# Soledar", "The liberation of Soledar was completed"): a change of territory, whose kind the taker decides
# (`_territory_by_taker`). Read only where the model saw no violence of another kind: a strike or a shelling
# the sentence names stays one.
_TOWN_HELD = re.compile(PLACE_HELD, re.IGNORECASE)
_TOWN_CAPTURED = re.compile(PLACE_CAPTURED, re.IGNORECASE)
_TOWN_LEFT = re.compile(PLACE_LEFT, re.IGNORECASE)
_TERRITORY = frozenset({"GOV_REGAINS_TERIT", "NON_STATE_ACTOR_OVERTAKES_TER"})
_NO_OTHER_VIOLENCE = _TERRITORY | {"NON_VIOL_TERRIT_TRANSFER", "CHANGE_TO_GROUP_ACT", "HQ_ESTABLISHED",
                                   "OTHER", "ATTRIB", "DIPLO", "ARMED_CLASH"}


def _battle_for_a_town(label: str, text: str) -> str | None:
    """An armed clash for a town still held, a change of territory for one taken; None for anything else."""
    if label not in _NO_OTHER_VIOLENCE and (label not in _STRIKES or _FROM_AFAR.search(text)):
        return None
    if _TOWN_HELD.search(text):
        return "ARMED_CLASH"
    if _TOWN_CAPTURED.search(text) and not _HARMED.search(text) and not _TOWN_LEFT.search(text):
        # not "Ukrainian troops have withdrawn from Soledar, ... two weeks after Russia claimed to have
        # captured the town", which the side that left reports
        return "NON_STATE_ACTOR_OVERTAKES_TER"
    return None


_ON_THE_GROUND = re.compile(r"\b(?:assault|storm(?:ed|ing)|urban fighting|street fighting|street battles?|"
                            r"house-to-house)\b", re.IGNORECASE)
_HARMED = re.compile(r"\b(?:kill(?:ed|ing)|died|dead|wound(?:ed|ing)|injur(?:ed|ing))\b", re.IGNORECASE)


# a town's capture named with no doer: "The liberation of Soledar", "the capture of Soledar", "the town had
# been captured"
_TAKEN_BY_NO_ONE = re.compile(
    r"\b(?:liberation|capture|fall|seizure)\s+of\b|\b(?:has|have|had)\s+been\s+(?:captured|taken|seized|"
    r"liberated)\b(?!\s+by\b)", re.IGNORECASE)
# a speaker of a state's forces: its defence ministry, its army, their spokesman
_FORCES_SPEAKER = re.compile(r"\b(?:defen[cs]e|military|army|armed forces|general staff|troops|forces)\b",
                             re.IGNORECASE)


def _speakers_forces(text: str, lead: Attribution, role: str | None, resolver: Resolver) -> Actor | None:
    """The forces of the state whose military reports a town taken with no doer named ("The liberation of
    Soledar was completed ..., Russian Defence Ministry spokesman Lieutenant General Igor Konashenkov said"):
    a state's military announcing a capture announces its own."""
    if not _TAKEN_BY_NO_ONE.search(text):
        return None
    who = " ".join(w for w in (lead.speaker, role, lead.source.text if lead.source else None) if w)
    if not _FORCES_SPEAKER.search(who):
        return None
    states = {country for word in re.findall(r"[A-Z][a-z]+", who) if (country := _country_of(word, resolver))}
    return _military(states.pop(), resolver, None) if len(states) == 1 else None


def _territory_by_taker(label: str, actor1: Actor | None, place: PlaceMention | None,
                        resolver: Resolver) -> str:
    """ACLED's change of territory by who took it: a state's forces on their own state's soil regain it
    (Ukraine's forces retaking a Ukrainian town); a non-state actor or a foreign state's forces overtake it
    (Russia's forces or Wagner taking Soledar)."""
    if label not in _TERRITORY or actor1 is None or place is None or not place.country:
        return label
    home = _state_of_forces(actor1.name, resolver)
    return "GOV_REGAINS_TERIT" if home == place.country else "NON_STATE_ACTOR_OVERTAKES_TER"


# a report of a pipeline or cable blown up: "the sabotage of the Nord Stream gas pipelines"
LINE_SABOTAGE = re.compile(LINE_DAMAGED, re.IGNORECASE)
_BLAST = re.compile(r"\b(?:blasts?|explosions?|explosives|sabotage|blew up|blown up|blowing up|detonat\w*)\b",
                    re.IGNORECASE)
_BLAST_LABELS = VIOLENT | {"DISR_WEAP", "MAN_MADE_DISASTER", "NATURAL_DISASTER", "PROPERTY_DISTRUCT"}


# civilians killed with no weapon of war named: ACLED's violence against civilians, not a strike or a clash
# ("Russian troops had deliberately killed civilians in Bucha", "rounded up five men in Bucha and shot one of
# them in the back of the head")
_NOT_AT_CLOSE_RANGE = frozenset({"ART_MISS_ATTACK", "AIR_STRIKE", "ARMED_CLASH", "ARREST",
                                 # "... had deliberately killed civilians in Bucha and called on the West to
                                 # impose tougher sanctions": the killing, whatever else the sentence says
                                 "DIPLO", "ATTRIB"})
_KILLED_UP_CLOSE = re.compile(
    r"\b(?:killed|executed|murdered|tortured|massacred|shot)\s+(?:\w+\s+){0,2}?(?:civilians|residents|"
    r"villagers|men|women|children|people|one\s+of\s+them|him|her|them)\b|\bsummar(?:y|ily)\s+execut\w*",
    re.IGNORECASE)
def _killed_up_close(text: str) -> bool:
    return bool(_KILLED_UP_CLOSE.search(text)) and not _FROM_AFAR.search(text)


_FROM_AFAR = re.compile(r"\b(?:shell\w*|artillery|missiles?|rockets?|strikes?|drones?|bomb\w*|air\s*raids?|"
                        r"mortars?|airstrikes?)\b", re.IGNORECASE)


_BREACH_WORD = re.compile(rf"\b{_BREACH}", re.IGNORECASE)
_HARM = re.compile(r"(?:killed|died|wounded|injured|evacuat\w*|flood\w*)", re.IGNORECASE)


def _man_made(label: str, text: str, dam_breach: bool) -> bool:
    if label == "NATURAL_DISASTER":
        return bool(_DAM.search(text) or (dam_breach and (
            _FLOOD.search(text) or _BREACH_WORD.search(text) or _only_harm(text))))
    return dam_breach and label in VIOLENT and _only_harm(text)


def _only_harm(text: str) -> bool:
    """Does the sentence report only harm (deaths, injuries, evacuation, flooding), no act?"""
    words = (m.group(0) for m in TRIGGER.finditer(text))
    return all(_HARM.fullmatch(w) or _NOT_AN_ACT.fullmatch(w) for w in words)


_TIME_ZONE_AFTER = re.compile(r"\s+time\b", re.IGNORECASE)
_UNDER_OR_IN = re.compile(r"\b(?:under|in|on|into|across|inside|within)\s+(?:the\s+)?$", re.IGNORECASE)
_GOVERNMENT_AFTER = re.compile(r"['’]?s?\s+(?:regime|government|authorities|leadership)\b", re.IGNORECASE)
# a government accused or denying: "the report showed that Washington was behind the attack", "Kyiv had
# nothing to do with it"
_ACCUSED_AFTER = re.compile(r"\s+(?:(?:was|were|is|are)\s+(?:not\s+)?behind|"
                            r"(?:had|has|have)\s+(?:absolutely\s+)?nothing to do with)\b", re.IGNORECASE)
# a country's word on what happened: "confirming Ukraine's account", "Moscow's version of events"
_VOICE_AFTER = re.compile(r"['’]s?\s+(?:account|version|claims?|statement|position|denial|explanation|"
                          r"narrative|assessment|allegations?|accusations?)\b", re.IGNORECASE)


def _not_a_location(
    place: PlaceMention, text: str, attributions: Sequence[Attribution], doc: Any = None
) -> bool:
    """"Kyiv-based ...", "Moscow and Kyiv have traded blame" (a speaker), "Moscow had blown up the dam"
    (the doer): a name, not where it happened."""
    if re.match(r"[-‑–]based\b", text[place.span.end:place.span.end + 7]):
        return True
    if _ON_BEHALF.search(text[max(0, place.span.start - 40):place.span.start]):
        return True  # "without orders from Kyiv": the government, not a place; "on behalf of" someone
    if _is_doer(_token_at(doc, place.span.start, place.span.end)):
        return True
    if _GOVERNMENT_AFTER.match(text, place.span.end) or _VOICE_AFTER.match(text, place.span.end) \
            or _ACCUSED_AFTER.match(text, place.span.end):
        return True  # "the Kiev regime carried out an attack", "confirming Ukraine's account": the government
    if _TIME_ZONE_AFTER.match(text, place.span.end):
        return True  # "At 11:15 a.m. Moscow time": a clock, not a place
    token = _token_at(doc, place.span.start, place.span.end)
    if place.kind == "country" and _modifies_a_noun(token) \
            and not (_UNDER_OR_IN.search(text[max(0, place.span.start - 12) : place.span.start])
                     and token.head.lemma_.lower() in _LAND):
        # "The initial US assessment", "no Ukrainian involvement", "strikes on U.S. targets in Iraq": whose,
        # not where (but "the western bank ..., which remains under Ukrainian control" does say where)
        return True
    if _PLACE_PREPOSITION.search(text[max(0, place.span.start - 12):place.span.start]):
        return False  # "fighters who took part in the raid on | Belgorod region | said": in the source
    return any(a.source is not None and _overlaps(a.source, place.span.start, place.span.end)
               for a in attributions)


_PLACE_PREPOSITION = re.compile(r"\b(?:in|on|into|near|at|across|inside)\s+(?:the\s+)?$", re.IGNORECASE)
# what a country's name before it locates: "under Ukrainian control", "on Russian soil"
_LAND = frozenset(_words("control territory soil land side bank waters airspace border region regions city "
                         "cities town towns village villages hands rule occupation"))


def _modifies_a_noun(token: Any) -> bool:
    """A name used as a modifier of a common noun after it ("US" in "the US assessment")."""
    return token is not None and token.dep_ in ("compound", "amod", "nmod") and token.head.pos_ == "NOUN" \
        and token.head.i > token.i


_ON_BEHALF = re.compile(r"\b(?:(?:orders?|instructions?|permission|approval|backing|funding|blessing) "
                        r"(?:from|of|by)|(?:support|comment|response|reaction|word|confirmation) from|"
                        r"on behalf of) (?:the )?$", re.IGNORECASE)


def _first_conjunct(token: Any) -> Any:
    """ "Moscow and Kyiv blamed ...": "Kyiv" stands where "Moscow" does."""
    while token is not None and token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    return token


def _owns_an_act(token: Any) -> bool:
    """ "Russia's destruction of the dam", "Kiev's forces"; not the place of a record ("Russia's deadliest
    attack in two decades", "the country's worst attack"), which a superlative tells."""
    if token.dep_ != "poss" or token.head.lemma_.lower() not in _ACTS | _FORCES:
        return False
    return not any(c.tag_ in ("JJS", "RBS") for c in token.head.children)


def _is_doer(token: Any) -> bool:
    """The subject of a verb with an object ("Russia launched an operation") or a clause ("Washington could
    not confirm what ...") or the owner of an act
    ("Russia's destruction of the dam"), or joined to one."""
    token = _first_conjunct(token)
    if token is None:
        return False
    if token.dep_ == "poss":
        return _owns_an_act(token)
    if token.dep_ == "pobj" and token.head.dep_ == "agent":
        return True  # "areas controlled by Russia", "shelled by Russia"
    if token.dep_ != "nsubj" or token.head.pos_ not in ("VERB", "AUX"):
        return False
    if any(child.dep_ in ("dobj", "obj") for child in token.head.children):
        return True
    # or a verb of saying with a clause: "Washington could not confirm what had caused the explosion" is the
    # government (not a heading run into a quotation: "Kherson region, flooding | “It is very difficult ...")
    return token.head.lemma_.lower() in SPEECH_VERBS and any(c.dep_ == "ccomp" for c in token.head.children)


def _overlaps(span: Span, start: int, end: int) -> bool:
    return start < span.end and span.start < end


def _best_place(mentions: Sequence[PlaceMention]) -> PlaceMention | None:
    usable = [m for m in mentions if m.status == "resolved" or (m.status == "unresolved" and m.name)]
    if not usable:
        return None
    return min(usable, key=lambda m: (m.status != "resolved", _KIND_RANK.get(m.kind or "", 5),
                                      m.precision or 9, m.span.start))


def _focus(places: Sequence[PlaceMention],
           kinds: tuple[str, ...] = ("city", "admin1")) -> PlaceMention | None:
    """The document's most mentioned resolved place of `kinds` (a town or admin region, unless told)."""
    counts = Counter(p.name for p in places if p.status == "resolved" and p.kind in kinds)
    if not counts:
        return None
    name = counts.most_common(1)[0][0]
    return next(p for p in places if p.name == name and p.status == "resolved")


_DIRECTION_BEFORE = re.compile(r"\b(?:from|into|to|towards?|across|out of)\s+(?:the\s+)?$", re.IGNORECASE)


# a wire dateline's place, "MOSCOW, June 23. /TASS/", "ROSTOV-ON-DON, Russia, June 24 (Reuters) -",
# "WASHINGTON - "
_DATELINE_PLACE = re.compile(r"\s*[A-Z][A-Z'’. /-]+?(?:,|\s*\(|\s+[-–—]\s)")


def _a_direction(place: PlaceMention, text: str) -> bool:
    return place.kind == "country" and bool(_DIRECTION_BEFORE.search(text[max(0, place.span.start - 20) :
                                                                          place.span.start]))


# where a weapon was fired from is not where it struck: "nine Kalibr cruise missiles fired from the Black
# Sea", "launched the missiles ... from aircraft, ships in the Black Sea"
_LAUNCHED_FROM = re.compile(r"\b(?:fired|launched|firing|launching)\b[^.;]{0,80}\bfrom\b[^.;]{0,30}$",
                            re.IGNORECASE)


_NATIONWIDE = re.compile(r"\b(?:across|throughout|all over|around) the country\b|\bnation-?wide\b|"
                         r"\bcountry-?wide\b", re.IGNORECASE)


# where an instrument that recorded the event stands is not where it happened: "the Bukovina (BURAR) seismic
# array in Romania, a station approximately 620 kilometers from the Kakhovka dam, reported seismic signals"
_INSTRUMENT_IN = re.compile(r"\b(?:arrays?|stations?|observator(?:y|ies)|sensors?|seismographs?|"
                            r"seismometers?)\s+in\s+(?:the\s+)?$", re.IGNORECASE)


def _a_bearing(place: PlaceMention, text: str) -> bool:
    before = text[max(0, place.span.start - 140) : place.span.start]
    return named_as_a_bearing(text, place.span.start) or bool(_LAUNCHED_FROM.search(before)) \
        or bool(_INSTRUMENT_IN.search(before))


def _locate(
    sentence: Span, previous: Sequence[Span], places: Sequence[PlaceMention], text: str, dateline: bool = True
) -> tuple[PlaceMention | None, bool]:
    # a wire dateline ("MOSCOW, June 23. /TASS/") says where the report was filed, not where its events
    # were: not the place of its first sentence's event when that sentence names a town of its own ("MOSCOW,
    # Aug 30 (Wire Agency) - Drones attacked an airport in the Russian city of Pskov"), though better than
    # its country. `dateline`: whether the dateline's city may stand for the place at all.
    filed_at = _DATELINE_PLACE.match(text)
    filed_in = {p.name for p in places if filed_at is not None and p.span.start < filed_at.end()}

    def filed(place: PlaceMention) -> bool:
        if filed_at is not None and place.span.start < filed_at.end():
            return True
        # without the dateline, nor a name the gazetteer lacks put in the dateline's city ("the Nord Stream
        # blast site", in a report filed from Stockholm)
        return not dateline and place.status == "unresolved" and place.name in filed_in

    in_sentence = [p for p in places if sentence.covers(p.span.start, p.span.end)]
    named = [p for p in in_sentence if not _a_bearing(p, text)]
    if len(named) < len(in_sentence) or not dateline:
        # "MOSCOW, Aug 27 (Wire Agency) - ... killed in a plane crash north of Moscow": where it was is told
        # by a bearing, so not the dateline's city either
        named = [p for p in named if not filed(p)]
    towns = [p for p in named
             if not filed(p) and p.status == "resolved" and p.kind not in ("country", "continent")]
    inside = _best_place(towns or named)  # not "near Khatsun, about 340 kilometres from | Moscow"
    if inside is not None:
        return inside, False
    if _NATIONWIDE.search(sentence.text) and (country := _focus(places, ("country",))) is not None:
        return country, True  # "172 people had been arrested ... across the country": the country's count
    # nor does a bearing ("200 kilometers from Moscow") locate anything in the next sentences
    places = [p for p in places if not filed(p) and not _a_bearing(p, text)]
    for prev in reversed(previous[-2:]):
        # where someone came from or went ("crossed from Ukraine", "back into Ukraine") is not where the next
        # sentence's event happened
        nearby = [p for p in places if prev.covers(p.span.start, p.span.end) and not _a_direction(p, text)]
        if len({p.name for p in nearby}) > 1 and all(p.kind == "country" for p in nearby):
            continue  # "Ukraine, Sweden, Afghanistan, Germany and Britain also lost citizens": no one place
        found = _best_place(nearby)
        if found is not None:
            return found, True
    return _focus(places), True


def _date(sentence: Span, previous: Span | None, times: Sequence[TimeExpression],
          published: str | None, doc: Any = None) -> tuple[str | None, str | None, str | None, Span | None]:
    """The sentence's date (the main clause's before one in a relative clause), else the previous
    sentence's when it lies in the days being reported (background such as "On February 24, 2022 Russia
    launched ..." does not date the next sentence), else the publication date."""
    for window in (sentence, previous):
        if window is None:
            continue
        found = [t for t in times if t.value_start and window.covers(t.span.start, t.span.end)
                 and (window is sentence or _recent(t.value_start, published))]
        # "Darmanin said on Friday that ... during Thursday's demonstrations": the day of the act, not of the
        # statement, when the sentence names both (but not a background date: "since ... February 2022")
        acts = [t for t in found if _recent(t.value_start or "", published)
                and not (doc is not None and said_on(doc.text, t.span.start))]
        found = acts or found
        if found:
            t = min(found, key=lambda t: _in_side_clause(_token_at(doc, t.span.start, t.span.end)))
            return t.value_start, t.value_end, t.granularity, t.span
    if published:
        return published[:10], published[:10], "day", None
    return None, None, None, None


CARRY_OVER_DAYS = 7


def _recent(value: str, published: str | None) -> bool:
    """`value` (an ISO date or date-time) is within `CARRY_OVER_DAYS` before the publication date, or
    later; without a publication date there is nothing to tell background by."""
    if not published:
        return True
    try:
        earliest = date.fromisoformat(published[:10]) - timedelta(CARRY_OVER_DAYS)
        return date.fromisoformat(value[:10]) >= earliest
    except ValueError:
        return False


def _country_of(name: str, resolver: Resolver) -> str | None:
    for place in resolver.gazetteer.lookup(name):
        if place.kind == "country" and place.country:
            return place.country
    return None


def _country_name(code: str | None, resolver: Resolver) -> str:
    place = resolver.gazetteer.countries.get(code or "")
    return place.name if place else (code or "Unknown")


def _military(country: str, resolver: Resolver, entity_id: str | None) -> Actor:
    since = STATE_SINCE.get(country)
    label = f"Military Forces of {_country_name(country, resolver)}"
    return Actor(f"{label} ({since})" if since else label, 1, entity_id)


def _actor(entity: Entity, sentence_text: str, resolver: Resolver, home: str | None = None) -> Actor | None:
    """The ACLED actor an entity is, if it is one: a named armed group, a state's military or police.
    `home`: the document's country, whose military "the army" is when the name says no country."""
    name = entity.name
    after = _words_after(name, sentence_text)
    country = _country_of(name.split("'")[0].split("’")[0], resolver) or next(
        (c for c in (_country_of(w, resolver) for w in name.split()) if c), None)
    if _is_armed_group(entity):
        return Actor(name, 2, entity.id)
    military = _MILITARY.search(name) or (entity.type in ("NORP", "GPE") and _MILITARY.match(after.strip())
                                          and not _WATCHERS.match(after.strip()))
    if military and country:
        return _military(country, resolver, entity.id)
    if military and _NAMED_FORCES.fullmatch(name.strip()):
        return Actor(name.strip(), 2, entity.id)  # "Rapid Support Forces": a force named by no country
    if military and home and entity.type == "ORG" and _GENERIC_FORCES.fullmatch(name.strip()) \
            and not _RANK.match(after):  # "retired Army Lt. Gen. Mark Hertling": a rank, not an army acting
        return _military(home, resolver, entity.id)  # "The army said RSF fighters had attacked ..."
    if _POLICE.search(name) and country:
        return Actor(f"Police Forces of {_country_name(country, resolver)}", 1, entity.id)
    return None


# verbs of saying: "Moscow blamed Ukraine for the attack" names Moscow as the accuser, not the attacker
_SAYING = frozenset(_words("say tell claim blame accuse deny report announce state warn condemn call "
                           "describe reject confirm insist allege add note brand"))


def _state_forces(entity: Entity, mentions: Sequence[Span], resolver: Resolver, doc: Any) -> Actor | None:
    """"Russia shelled Kherson", "Moscow has responded with a barrage of missile attacks": a state named
    (by its country's or its capital's name, or as the Kremlin) as the doer of a violent act is its
    military, as ACLED codes state forces."""
    if entity.type not in ("GPE", "ORG"):
        return None
    kremlin = entity.name.casefold().removeprefix("the ") == "kremlin"
    country = "RU" if kremlin else (_country_of(entity.name, resolver)
                                    or national_capital_of(entity.name, resolver.gazetteer))
    if country is None or not any(_does_the_act(_token_at(doc, m.start, m.end)) for m in mentions):
        return None
    return _military(country, resolver, entity.id)


def _state_weapon(entity: Entity, sentence_text: str, resolver: Resolver) -> Actor | None:
    """"A Russian missile struck a crowded restaurant", "killed in a Russian missile strike": a state's
    weapon or strike in a violent event makes its military the doer."""
    if entity.type not in ("NORP", "GPE") or entity.name not in sentence_text:
        return None
    country = _country_of(entity.name, resolver)
    after = _words_after(entity.name, sentence_text).strip()
    return _military(country, resolver, entity.id) if country and _WEAPON.match(after) else None


def _words_after(name: str, sentence_text: str) -> str:
    """The 25 characters after `name`'s first mention in the sentence ("Russian | missile struck ...")."""
    return sentence_text.split(name, 1)[1][:25] if name in sentence_text else ""


def _does_the_act(token: Any) -> bool:
    """The subject (or passive agent) of a verb that is, or whose object or complement names, a violent
    act: "Russia *shelled* Kherson", "Moscow *responded with a barrage of missile attacks*"; never a
    verb of saying. The owner of an act counts too: "Russia's shelling of Kherson"."""
    token = _first_conjunct(token)
    if token is None:
        return False
    if token.dep_ == "poss":
        return _owns_an_act(token)
    if token.dep_ == "nsubj":
        verb = token.head
        if any(c.dep_ == "auxpass" for c in verb.children):
            return False  # "Kyiv was given advance warning": a patient
    elif token.dep_ == "pobj" and token.head.dep_ == "agent":
        verb = token.head.head  # "Kherson was shelled by Russia"
    else:
        return False
    if verb.pos_ != "VERB" or verb.lemma_.lower() in _SAYING:
        return False
    told = [verb.text] + [_without_clauses(child) for child in verb.children
                          if child.dep_ in ("dobj", "prep", "xcomp", "prt")]
    # "opened | intensive fire": the verb and its object together
    return any(has_trigger(part) for part in told) or has_trigger(" ".join(told))


def _without_clauses(token: Any) -> str:
    """The phrase of `token` without its relative and adnominal clauses: "an incident [which saw two
    drones fly above the Kremlin]" names no act."""
    skip = {t.i for c in token.subtree if c.dep_ in ("relcl", "acl") for t in c.subtree}
    return " ".join(t.text for t in token.subtree if t.i not in skip)


def _is_armed_group(entity: Entity) -> bool:
    """A named non-state armed group ("Freedom of Russia Legion"), not a state's "Armed Forces of ..."."""
    return entity.type == "ORG" and (bool(_ARMED_GROUP.search(entity.name)) or bool(
        JIHADIST_GROUP.fullmatch(entity.name)) or bool(ARMED_GROUP_NAMES.fullmatch(entity.name))) \
        and not re.search(r"armed forces of", entity.name, re.I)


def _named_group(entities: Sequence[Entity]) -> Actor | None:
    """The armed group a document names most ("Freedom of Russia Legion"), which its "fighters",
    "saboteurs" and "the group" usually are."""
    groups = [e for e in entities if _is_armed_group(e)]
    if not groups:
        return None
    top = max(groups, key=lambda e: (len(e.mentions), -min((m.start for m in e.mentions), default=0)))
    return Actor(top.name, 2, top.id)


def _actors(sentence: Span, entities: Sequence[Entity], resolver: Resolver, country: str | None,
            label: str, doc: Any = None, group: Actor | None = None,
            sources: Sequence[Span] = ()) -> tuple[Actor | None, Actor | None]:
    """Actor 1 is the main clause's doer (its subject, or the agent of a passive: "Kherson was shelled
    by Russian troops"), then the other actors in the order they are named. `group`: the document's
    named armed group, which stands for the attackers a sentence leaves unnamed ("the fighters");
    `sources`: the spans of the document's speakers (a police force named only there reports the event)."""
    found: list[tuple[tuple[int, int], Actor]] = []
    targets: set[str] = set()
    speaking: set[str] = set()  # actors named only as the sentence's speakers
    acting: set[str] = set()  # actors named as the doer of the main or the reported clause
    for entity in entities:
        if _a_demonym_read_as_a_person(entity, resolver):
            entity = replace(entity, type="NORP")
        if entity.type not in ACTOR_TYPES:
            continue
        mentions = [m for m in entity.mentions if sentence.covers(m.start, m.end)]
        if not mentions or all(_only_whose(_token_at(doc, m.start, m.end), m, sources) for m in mentions):
            continue
        actor = _actor(entity, sentence.text, resolver, country)
        if actor is not None and actor.inter == 1 and actor.name.startswith("Police Forces") and all(
                any(s.covers(m.start, m.end) for s in sources) for m in mentions):
            actor = None  # "Ukraine's National Police said 56 people were wounded": the police report it
        if actor is None and label in VIOLENT:
            actor = _state_forces(entity, mentions, resolver, doc) or _state_weapon(entity, sentence.text,
                                                                                   resolver)
        if actor is not None and all(a.name != actor.name for _, a in found):
            rank = min((-1 if _their_forces_act(doc, m.start, m.end) or _fired_it(doc, m.start, m.end)
                        else _syntactic_rank(doc, m.start, m.end), m.start) for m in mentions)
            if all(any(s.covers(m.start, m.end) for s in sources) for m in mentions):
                speaking.add(actor.name)
            elif rank[0] <= 0 or any(_reported_doer(doc, m.start, m.end) for m in mentions):
                acting.add(actor.name)
            found.append((rank, actor))
            if all(_is_target(_token_at(doc, m.start, m.end)) for m in mentions):
                targets.add(actor.name)
    if label in VIOLENT:
        for rank, actor, target, doer in _demonym_forces(sentence, doc, resolver, sources):
            if all(a.name != actor.name for _, a in found):
                found.append((rank, actor))
                if target:
                    targets.add(actor.name)
                if doer:
                    acting.add(actor.name)
    if acting:
        # "Personnel of the British navy took part in ... the sabotage ..., the Russian Defence Ministry
        # said": a speaker named only as such reports the act another does, so it comes after the doer (but
        # "the Russian Ministry of Defense claimed that the strike killed ..." leaves its forces the doer)
        if label in _TERRITORY:
            # "Britain's Ministry of Defence said ... that Russian and Wagner forces had probably taken
            # control of most of Soledar": an observer's report of who took a town, in which it has no part
            found = [(rank, actor) for rank, actor in found if actor.name not in speaking]
        else:
            found = [((max(rank[0], 1), rank[1] + len(sentence.text)) if actor.name in speaking else rank,
                      actor) for rank, actor in found]
    if label in VIOLENT and country and _BY_THE_ARMY.search(sentence.text):
        army = _military(country, resolver, None)  # "its forces had been attacked by the army": no entity
        if all(a.name != army.name for _, a in found):
            found.append(((-1, sentence.start), army))
    elif label in VIOLENT and country and _ON_THE_ARMY.search(sentence.text):
        army = _military(country, resolver, None)  # "the RSF fighters had attacked army camps": the target
        if all(a.name != army.name for _, a in found):
            found.append(((99, sentence.end), army))
    actors = [a for _, a in sorted(found, key=lambda sa: sa[0])]
    where = _country_name(country, resolver) if country else None
    unnamed = group if group is not None and _UNNAMED_ATTACKERS.search(sentence.text) else None
    if label in VIOLENT and actors and actors[0].name in targets:
        # "a surprise attack meant to keep the Russian military on the back foot": the military is
        # attacked, so the attacker (unnamed) is actor 1, never the target itself ("a missile strike on
        # Wagner's field camps that killed ... his fighters")
        own = unnamed if unnamed is not None and unnamed.name not in targets else None
        attacker = own or (Actor(f"Unidentified Armed Group ({where})", 3) if where else None)
        if attacker is not None:
            actors.insert(0, attacker)
    elif label in VIOLENT and unnamed is not None and len(actors) == 1 and actors[0].name != unnamed.name:
        actors.append(unnamed)  # "its forces repelled attackers": the document's armed group
    if label in ("PEACE_PROTEST", "PROTEST_WITH_INTER", "FORCE_AGAINST_PROTEST", "VIOL_DEMONSTR") and where:
        if _PROTESTERS.search(sentence.text) or label == "FORCE_AGAINST_PROTEST":
            crowd = "Rioters" if label == "VIOL_DEMONSTR" else "Protesters"
            actors.insert(0, Actor(f"{crowd} ({where})", 5 if crowd == "Rioters" else 6))
        police = f"Police Forces of {_country_name(country, resolver)}" if country else None
        if police and _BY_POLICE.search(sentence.text) and all(a.name != police for a in actors):
            # "police fired tear gas at protesters": no entity of its own; the doer of excessive force
            actors.insert(0 if label == "FORCE_AGAINST_PROTEST" else 1, Actor(police, 1))
    if label == "ARREST" and where and not actors:
        # "172 people had been arrested": ACLED gives an arrest to the police when no one else is named
        actors.append(Actor(f"Police Forces of {where}", 1))
    if where and _CIVILIANS.search(sentence.text) and label in VIOLENT:  # civilians as targets only
        actors.append(Actor(f"Civilians ({where})", 7))
    between = _BETWEEN_STATES.search(sentence.text) if label in VIOLENT and not actors else None
    states = [_country_of(name, resolver) for name in between.groups()] if between else []
    if len(states) == 2 and all(states) and states[0] != states[1]:
        # "the worst fighting between Armenia and Azerbaijan since their 2020 war": the two states' forces
        actors = [_military(state, resolver, None) for state in states if state]
    if label in VIOLENT and not any(a.inter not in (6, 7) for a in actors):
        if unnamed is not None:
            actors.insert(0, unnamed)
        elif where:
            actors.insert(0, Actor(f"Unidentified Armed Group ({where})", 3))
    first = actors[0] if actors else None
    second = actors[1] if len(actors) > 1 else None
    return first, second


# a state's forces, ships or weapons by a demonym the tagger left untagged, or with a name between them:
# "ODESA - Ukrainian forces struck ...", "Two Ukrainian Neptune missiles struck the Russian cruiser Moskva"
_DEMONYM_FORCES = re.compile(
    r"(?<![-‑])\b([A-Z][a-z]+(?:ian|ish|ese|ean|i))\s+((?:[A-Z][\w-]*\s+){0,3})"
    r"((?i:forces|troops|army|military|navy|soldiers|units|fleet|cruiser|flagship|warships?|frigates?|"
    r"submarines?|missiles?|rockets?|drones?|warplanes?|jets?|artillery))\b")


def _demonym_forces(sentence: Span, doc: Any, resolver: Resolver,
                    sources: Sequence[Span]) -> list[tuple[tuple[int, int], Actor, bool, bool]]:
    """Each state's military a demonym names in a violent sentence, with its rank (as `_syntactic_rank`),
    whether it is the target and whether the doer (`_reported_doer`); not a speaker's ("Ukrainian military
    officials said"), not "pro-Russian forces", and not an armed group's weapon ("a Palestinian Islamic Jihad
    rocket")."""
    out = []
    for found in _DEMONYM_FORCES.finditer(sentence.text):
        start, end = sentence.start + found.start(), sentence.start + found.end()
        between = found.group(2).strip()
        country = _country_of(found.group(1), resolver)
        if country is None or any(_overlaps(s, start, end) for s in sources) \
                or _WATCHERS.match(sentence.text, found.start(3)) or (between and (
                    JIHADIST_GROUP.search(between) or ARMED_GROUP_NAMES.search(between)
                    or _ARMED_GROUP.search(between))):
            continue
        noun_start, noun_end = sentence.start + found.start(3), sentence.start + found.end(3)
        token = _token_at(doc, noun_start, noun_end)
        if _SHIPS.fullmatch(found.group(3)) and _what_befell(token):
            continue  # "the Russian Black Sea Fleet's flagship sank": a ship's "sinking" happens to it
        rank = (_syntactic_rank(doc, noun_start, noun_end), start)
        doer = rank[0] <= 0 or _reported_doer(doc, noun_start, noun_end)
        out.append((rank, _military(country, resolver, None), _is_target(token), doer))
    return out


def _reported_doer(doc: Any, start: int, end: int) -> bool:
    """The subject of the clause a verb of saying reports: "Personnel of | the British navy | took part in
    ..., the ministry said", "the Rapid Support Forces had attacked its positions"."""
    token = _token_at(doc, start, end)
    if token is None:
        return False
    head = _phrase_head(token)
    verb = head.head
    return head.dep_ == "nsubj" and verb.dep_ == "ccomp" and verb.head.lemma_.lower() in SPEECH_VERBS


_SHIPS = re.compile(r"fleet|cruiser|flagship|warships?|frigates?|submarines?", re.IGNORECASE)
_BEFALLS = frozenset(_words("sink sank sunk burn catch explode capsize founder"))


def _what_befell(token: Any) -> bool:
    """Whether the phrase of `token` is the subject of what happens to a ship (it sank, caught fire)."""
    if token is None:
        return False
    head = _phrase_head(token)
    return head.dep_ == "nsubj" and (head.head.lemma_.lower() in _BEFALLS or head.head.lower_ in _BEFALLS)


# the people a group's name can qualify without the group acting: "Wagner chief Yevgeny Prigozhin"
_HOLDERS = frozenset({"chief", "leader", "founder", "boss", "head", "owner", "financier", "spokesman",
                      "spokeswoman", "spokesperson"})


# what a speaker is only "linked to" (not the group it speaks for: "the political wing of the Legion")
_LINKED = frozenset({"linked", "affiliated", "close", "tied", "connected", "aligned", "allied"})


def _only_whose(token: Any, mention: Span, sources: Sequence[Span]) -> bool:
    """The name only says whose someone is ("A private jet carrying Wagner chief Yevgeny Prigozhin crashed")
    or what a speaker is linked to ("Grey Zone, a Telegram channel linked to Wagner, said ..."): no doer."""
    if token is None:
        return False
    if token.dep_ in ("compound", "nmod") and token.head.lower_ in _HOLDERS:
        return True
    if _RUN_BY.match(token.doc.text, mention.end):
        return True  # "the Hamas-run Health Ministry said ...": whose the ministry is
    if token.dep_ == "pobj" and token.head.lower_ == "by" and token.head.head.lemma_.lower() in _RUNS:
        return True  # "The Health Ministry in Gaza, which is run by Hamas, says ..."
    return token.dep_ == "pobj" and token.head.head.lower_ in _LINKED \
        and any(s.covers(mention.start, mention.end) for s in sources)


_RUNS = frozenset({"run", "control", "lead", "back", "hold", "operate", "govern"})
_RUN_BY = re.compile(r"-(?:run|led|controlled|backed|linked|affiliated|aligned|held|allied)\b")


def _a_demonym_read_as_a_person(entity: Entity, resolver: Resolver) -> bool:
    """ "Azerbaijani" in "Azerbaijani forces", which the tagger read as a person."""
    return entity.type == "PERSON" and " " not in entity.name \
        and _country_of(entity.name, resolver) is not None


def _their_forces_act(doc: Any, start: int, end: int) -> bool:
    """A state named as the owner of the forces that do the sentence's act ("Armenia's Defence Ministry said
    | Azerbaijani | forces had opened intensive fire"): the doer, before the ministry that says so."""
    token = _token_at(doc, start, end)
    if token is None or token.dep_ not in ("amod", "compound", "poss", "nmod"):
        return False
    forces = token.head
    return bool(_MILITARY.match(forces.text)) and _does_the_act(forces)


def _fired_it(doc: Any, start: int, end: int) -> bool:
    """The agent of a weapon fired: "a rocket fired by | the Palestinian Islamic Jihad |", "a failed rocket
    launch by | Islamic Jihad |" is the doer, before whoever says so."""
    token = _token_at(doc, start, end)
    if token is None:
        return False
    token = _phrase_head(token)
    if token.dep_ != "pobj" or token.head.lower_ != "by":
        return False
    carrier = token.head.head
    if carrier.lower_ in _FIRED and carrier.head is not carrier:
        carrier = carrier.head  # "a rocket | fired | by ..."
    return carrier.lemma_.lower() in _FIRED_THINGS


_FIRED = frozenset({"fired", "launched", "dropped", "shot"})
_FIRED_THINGS = frozenset({"rocket", "missile", "shell", "bomb", "drone", "launch", "strike", "mortar",
                           "barrage"})


_BETWEEN_STATES = re.compile(r"\b(?:fighting|clash(?:es)?|hostilities|battles?|skirmish(?:es)?|war|"
                             r"exchanges? of fire) between ([A-Z][a-z]+) and ([A-Z][a-z]+)\b")


_SIDE_CLAUSES = frozenset({"relcl", "acl", "appos", "parataxis", "advcl"})
_AGAINST = frozenset({"on", "against", "upon", "at"})


def _is_target(token: Any) -> bool:
    """Whether the phrase of `token` is what an act is done to: an object ("keep the Russian military on
    the back foot"), a passive subject ("Russian troops were shelled") or "attacks on Russian positions";
    False without a parse."""
    if token is None:
        return False
    while token.dep_ in {"compound", "amod", "poss", "nmod"} and token.head.i != token.i:
        token = token.head
    if token.dep_ in {"dobj", "nsubjpass"}:
        return True
    return token.dep_ == "pobj" and token.head.lower_ in _AGAINST and token.head.head.dep_ != "agent"


def _token_at(doc: Any, start: int, end: int) -> Any:
    span = doc.char_span(start, end, alignment_mode="expand") if doc is not None else None
    return span.root if span is not None and len(span) else None


def _in_side_clause(token: Any) -> bool:
    """Whether the token lies in a relative, adnominal or adverbial clause of its sentence ("Kherson,
    which was liberated on 11 November, was shelled on Thursday"); False without a parse (None)."""
    while token is not None and token.head.i != token.i:
        if token.dep_ in _SIDE_CLAUSES:
            return True
        token = token.head
    return False


def _phrase_head(token: Any) -> Any:
    """The noun phrase a name stands in: "Russian" in "the Russian troops" -> "troops", "Wagner" in
    "Fighters of the Wagner group" or "Russian and Wagner forces" -> "Fighters", "forces", and through an
    apposition to what it renames (a wire dateline the parser made the subject: "ROSTOV-ON-DON, Russia
    (Agency) - Fighters of ... took")."""
    while token.head.i != token.i:
        if token.dep_ in {"compound", "amod", "poss", "nmod", "appos"}:
            token = token.head
        elif token.dep_ == "conj" and token.head.dep_ in {"compound", "amod", "poss", "nmod"}:
            token = token.head  # "Wagner" of "Russian and Wagner forces": a modifier joined to one
        elif token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.pos_ in ("NOUN", "PROPN"):
            token = token.head.head
        else:
            break
    return token


def _syntactic_rank(doc: Any, start: int, end: int) -> int:
    """0 for the main verb's doer (subject, or agent of a passive), 2 for its patient or for anything in
    a side clause, 1 otherwise; 1 without a parse."""
    token = _token_at(doc, start, end)
    if token is None:
        return 1
    if _in_side_clause(token):
        return 2
    token = _phrase_head(token)
    verb = token.head.head if token.dep_ == "pobj" and token.head.dep_ == "agent" else token.head
    main = verb.dep_ == "ROOT" or (verb.dep_ == "conj" and verb.head.dep_ == "ROOT")
    if main and (token.dep_ == "nsubj" or token.head.dep_ == "agent"):
        return 0
    if main and token.dep_ in {"nsubjpass", "dobj"}:
        return 2
    return 1


def _fatalities(sentence: Span, quantities: Sequence[Quantity],
                attributions: dict[str, Attribution]) -> tuple[int | None, tuple[FatalityReport, ...]]:
    reports = []
    for q in quantities:
        if q.category != "killed" or not sentence.covers(q.span.start, q.span.end):
            continue
        if counts_a_part(sentence.text, q.span.start - sentence.start, q.span.end - sentence.start):
            continue  # "the dead included three children": part of a toll, not the event's fatalities
        speaker = attributions[q.attribution_id].speaker if q.attribution_id in attributions else None
        reports.append(FatalityReport(q.value, q.span.text, q.id, q.attribution_id, speaker, q.qualifier))
    if not reports:
        return None, ()
    return int(min(r.value for r in reports)), tuple(reports)


def _reported_by(sentence: Span, claims: Sequence[Attribution]) -> list[Attribution]:
    """The document's claims (`claims_of`) whose content overlaps the sentence (or whose cue is in it),
    the one covering most of the sentence first. "Moscow has responded with a barrage of missile attacks"
    is Moscow's act, not its report."""
    def covered(a: Attribution) -> int:
        return sum(max(0, min(c.end, sentence.end) - max(c.start, sentence.start)) for c in a.content)

    found = [a for a in claims if (
        covered(a) > 0 or (a.cue is not None and sentence.covers(a.cue.start, a.cue.end)))]
    return sorted(found, key=lambda a: (-covered(a), a.start))


def _claimant(document: Document, lead: Attribution) -> str | None:
    """The speaker who reports the event, named as the ledger names it ("Ukraine's military" for the lead's
    "the military" under the headline "Ukraine says ...")."""
    name = lead.speaker or ""
    return institution_of_title(document.title or "", document.text, lead, name) or lead.speaker


def _role(attribution: Attribution, entities: Sequence[Entity]) -> str | None:
    entity = next((e for e in entities if e.id == attribution.speaker_entity_id), None)
    return entity.role if entity else None


def extract_document_events(
    extraction: Extraction, doc: Any, resolver: Resolver, model: Any, *, assume_published: str | None = None
) -> DocumentEvents:
    """Event records, geocoded places and time expressions of one stored document.

    `doc` is the spaCy Doc of `extraction.document.text` (sentences and DATE/TIME entities); `model`
    an `EventModel` (its `classify`). `assume_published` stands in for a missing publication date.
    """
    document = extraction.document
    if document.published is None:
        found = assume_published or date_from_locator(document)
        if found:
            document = replace(document, published=found)
    all_places = place_mentions(document.id, document.text, extraction.entities, resolver)
    places: Sequence[PlaceMention] = all_places
    times = time_expressions(document.id, doc, document.published)
    places = tuple(p for p in places if not _not_a_location(p, document.text, extraction.attributions, doc))
    # "the Kiev regime committed another terrorist crime": no place, but still a sentence to read for an event
    governments = [p for p in all_places if _GOVERNMENT_AFTER.match(document.text, p.span.end)]
    anchors = [(p.span.start, p.span.end) for p in (*places, *governments)
               if p.status != "unresolved" or p.name]
    anchors += [(t.span.start, t.span.end) for t in times if t.value_start]
    anchors += [(q.span.start, q.span.end) for q in extraction.quantities if q.category in CASUALTIES]
    said = [(c.start, c.end) for a in extraction.attributions
            for c in (*a.content, *([a.source] if a.source else []))]
    sentences = event_sentences(doc, anchors, said)
    sabotage = bool(LINE_SABOTAGE.search(document.text))
    predictions = classify_events(model, [s.text for s in sentences],
                                  dam_breach=bool(_DAM_BREACH.search(document.text)), sabotage=sabotage)
    by_id = {a.id: a for a in extraction.attributions}
    claims = claims_of(extraction.attributions)
    group = _named_group(extraction.entities)
    protests = bool(_PROTEST_LEAD.search(document.text[:LEAD_CHARS]))
    strikes = bool(_STRIKE_LEAD.search(f"{document.title or ''} {document.text[:LEAD_CHARS]}"))
    events: list[EventRecord] = []
    for i, (sentence, pred) in enumerate(zip(sentences, predictions, strict=True)):
        if pred.label in SKIP_LABELS or _armed_protest(pred.label, sentence.text) \
                or _died_of_illness(sentence.text):
            continue
        if pred.label == "ATTACK" and _only_fighters_harmed(sentence, extraction.quantities):
            event_type, sub_event_type = ACLED_TYPES["ARMED_CLASH"]
            pred = replace(pred, label="ARMED_CLASH", event_type=event_type, sub_event_type=sub_event_type)
        label = _protest_label(pred.label, sentence.text, protests)
        if label in _DEBRIS_LABELS and strikes and _DEBRIS.search(sentence.text):
            label = "ART_MISS_ATTACK"  # "falling debris set cars on fire": the strike's, in a report of one
        if label != pred.label:
            event_type, sub_event_type = ACLED_TYPES[label]
            pred = replace(pred, label=label, event_type=event_type, sub_event_type=sub_event_type)
        previous = _previous_sentences(doc, sentence)
        # a pipeline or cable lies far from where a report of its sabotage was filed
        place, inferred = _locate(sentence, previous, places, document.text, dateline=not sabotage)
        start, end, granularity, date_span = _date(sentence, previous[-1] if previous else None, times,
                                                   document.published, doc)
        if start and document.published and start[:10] > document.published[:10]:
            continue  # "called a tenth day of strikes and protests for Tuesday": planned, not yet an event
        actor1, actor2 = _actors(sentence, extraction.entities, resolver, place.country if place else None,
                                 pred.label, doc, group, [a.source for a in claims if a.source is not None])
        if pred.label in _STRIKES and actor2 is not None and _INTERCEPTED.search(sentence.text):
            # "Russian air defence systems destroyed Ukrainian drones": the drones' side struck, the other
            # side's air defence met them (ACLED's actor 1 of an intercepted strike is who launched it)
            actor1, actor2 = actor2, actor1
        if pred.label == "ATTACK" and _between_armed_actors(actor1, actor2, sentence):
            event_type, sub_event_type = ACLED_TYPES["ARMED_CLASH"]
            pred = replace(pred, label="ARMED_CLASH", event_type=event_type, sub_event_type=sub_event_type)
        reporters = _reported_by(sentence, claims)
        lead = next((a for a in reporters if a.speaker and a.speaker_kind != "unresolved"), None)
        role = _role(lead, extraction.entities) if lead else None
        if pred.label in _TERRITORY and lead is not None:
            taker = _speakers_forces(sentence.text, lead, role, resolver)
            if taker is not None and (actor1 is None or actor1.name != taker.name):
                # "The liberation of Soledar was completed ..., the Russian Defence Ministry spokesman said":
                # the ministry's forces took it; the forces the sentence names lost it
                actor1, actor2 = taker, actor1 if actor1 is not None and actor1.inter == 1 else actor2
        if (territory := _territory_by_taker(pred.label, actor1, place, resolver)) != pred.label:
            event_type, sub_event_type = ACLED_TYPES[territory]
            pred = replace(pred, label=territory, event_type=event_type, sub_event_type=sub_event_type)
        fatalities, reports = _fatalities(sentence, extraction.quantities, by_id)
        events.append(EventRecord(
            doc_id=document.id, span=sentence, label=pred.label, event_type=pred.event_type,
            sub_event_type=pred.sub_event_type, confidence=round(pred.margin, 3), actor1=actor1,
            actor2=actor2,
            place=place, place_inferred=inferred, date_start=start, date_end=end,
            date_granularity=granularity, date_span=date_span, fatalities=fatalities,
            fatality_reports=reports, attribution_ids=tuple(a.id for a in reporters),
            claimant=_claimant(document, lead) if lead else None,
            claimant_role=role,
        ))
        log.debug("event %d of %s: %s", i, document.id, pred.label)
    return DocumentEvents(tuple(_with_the_striking_state(events, resolver)), tuple(all_places), tuple(times))


_STRIKES = frozenset({"AIR_STRIKE", "ART_MISS_ATTACK"})
_INTERCEPTED = re.compile(INTERCEPTED_MUNITIONS, re.IGNORECASE)
# a report of a missile or drone strike, and the debris of what was shot down: ACLED codes the damage it does
# as part of the strike, not as looting or property destruction
_STRIKE_LEAD = re.compile(r"\b(?:missiles?|drones?|rockets?|air strikes?|airstrikes?|shelling)\b",
                          re.IGNORECASE)
_DEBRIS = re.compile(r"\b(?:debris|wreckage|fragments|shrapnel)\b", re.IGNORECASE)
# (and "falling debris set cars on fire", read as a fire with no attack named)
_DEBRIS_LABELS = frozenset({"PROPERTY_DISTRUCT", "CHANGE_TO_GROUP_ACT", "OTHER"})


def _with_the_striking_state(events: list[EventRecord], resolver: Resolver) -> list[EventRecord]:
    """In a report whose every named attacker is one state's forces, and one of whose strikes they carried
    out in another country ("Russia had used six Kinzhal missiles ..." on Kyiv), the unnamed attacker of its
    other violence in that country is that state ("All 18 missiles were shot down, ... the attack had been
    aimed at Kyiv's air defences", "Three people were injured"), not an unidentified armed group of the place
    it struck. Not on the state's own soil, where the unnamed are those it fights ("the raid was an attempt by
    Kyiv ...", in a report of Russia's forces striking raiders in the Belgorod region)."""
    named = {e.actor1.name for e in events if e.label in VIOLENT and e.actor1 is not None
             and not e.actor1.name.startswith("Unidentified") and e.actor1.inter not in (6, 7)}
    abroad = [(e.actor1, e.place.country) for e in events if e.label in _STRIKES and e.actor1 is not None
              and e.place is not None and e.place.country
              and (home := _state_of_forces(e.actor1.name, resolver)) is not None and e.place.country != home]
    if len(named) != 1 or not abroad or abroad[0][0].name not in named:
        return events
    state, struck = abroad[0]
    return [replace(e, actor1=state) if e.label in VIOLENT and e.actor1 is not None and e.place is not None
            and e.place.country == struck and e.actor1.name.startswith("Unidentified Armed Group") else e
            for e in events]


_FORCES_OF = re.compile(r"^Military Forces of (.+?)(?: \(\d{4}-\))?$")


def _state_of_forces(name: str, resolver: Resolver) -> str | None:
    """ "Military Forces of Russia (2000-)" -> "RU"; None for any other actor."""
    found = _FORCES_OF.match(name)
    return _country_of(found.group(1), resolver) if found else None


# armed men on the move: "his forces' march toward Moscow had been a protest" is what a mutiny's leader
# called it, not a protest ACLED would code
_ARMED_MEN = re.compile(
    r"\b(?:forces|troops|fighters|mercenaries|soldiers|columns?|convoys?|tanks|armou?red)\b", re.IGNORECASE)
_CROWD = re.compile(r"\b(?:protesters|demonstrators|rall(?:y|ies))\b", re.IGNORECASE)


def _only_fighters_harmed(sentence: Span, quantities: Sequence[Quantity]) -> bool:
    """ "Armenia said 135 of its soldiers had been killed": soldiers killed or wounded and no civilian named
    is no violence against civilians (ACLED's "Attack"), but fighting (an armed clash)."""
    harmed = [q for q in quantities if q.category in ("killed", "injured", "missing", "casualties")
              and sentence.covers(q.span.start, q.span.end)]
    return bool(harmed) and all(counts_fighters(q.span.text) for q in harmed) \
        and not _CIVILIANS.search(sentence.text)


def _between_armed_actors(actor1: Actor | None, actor2: Actor | None, sentence: Span) -> bool:
    """ "its forces had been attacked by the army": an attack of one armed actor (state forces, a rebel or
    armed group) on another, no civilian named, is fighting, not ACLED's "Attack" on civilians."""
    return actor1 is not None and actor2 is not None and actor1.inter in (1, 2, 3) \
        and actor2.inter in (1, 2, 3) and not _CIVILIANS.search(sentence.text)


# a report of protests opens on them; its police's violence is against protesters
_PROTEST_LEAD = re.compile(rf"\b(?:{PROTEST_WORDS})\b", re.IGNORECASE)
_PROTEST_LABELS = frozenset({"PEACE_PROTEST", "PROTEST_WITH_INTER", "VIOL_DEMONSTR"})
# the police stepping in: "police fired tear gas at protesters", "charged groups of black-clad protesters"
_INTERVENTION = re.compile(
    r"\b(?:tear ?gas|water cannons?|rubber bullets|stun grenades|pepper spray|batons?|"
    r"(?:police|officers|gendarmes)\b[^.;]{0,30}\b(?:charged|dispersed|detained|arrested|fired|clashed))\b",
    re.IGNORECASE)
# the protesters' own violence: "smashed shop windows and set fire to piles of rubbish", "clashes broke out"
_RIOTING = re.compile(r"\b(?:smash(?:ed|ing)|set fire|set ablaze|torch(?:ed|ing)|threw|throwing|"
                      r"hurl(?:ed|ing)|loot(?:ed|ing)|vandali[sz]\w*|clash(?:es|ed)|molotov|projectiles)\b",
                      re.IGNORECASE)
# the police or security forces shooting at a crowd: ACLED's "lethal force" against protesters
_LETHAL_FORCE = re.compile(
    r"\b(?:police|officers|security forces|troops|soldiers|gendarmes)\b[^.;]{0,30}?"
    r"\b(?:opened fire|fired (?:live (?:ammunition|rounds|bullets) )?(?:at|on|into)|shot (?:dead|at))\b",
    re.IGNORECASE)
_BY_POLICE = re.compile(r"\b(?:police|officers|gendarmes|riot police|security forces)\b", re.IGNORECASE)


def _protest_label(label: str, text: str, protests: bool) -> str:
    """ACLED's protest sub-events by what the sentence tells: protesters' violence is a violent demonstration,
    the police stepping in a protest with intervention; in a report of protests, police violence that
    hurts someone is excessive force against protesters ("hit by a police grenade")."""
    if label in _PROTEST_LABELS:
        if _RIOTING.search(text):
            return "VIOL_DEMONSTR"
        if _LETHAL_FORCE.search(text):
            return "FORCE_AGAINST_PROTEST"  # "Security forces opened fire on protesters ..., wounding 33"
        if _INTERVENTION.search(text):
            return "PROTEST_WITH_INTER"
    elif protests and label in VIOLENT and _BY_POLICE.search(text) and not _ARMED_MEN.search(text):
        return "FORCE_AGAINST_PROTEST"
    return label


def _armed_protest(label: str, text: str) -> bool:
    return label in ("PEACE_PROTEST", "PROTEST_WITH_INTER") and bool(_ARMED_MEN.search(text)) \
        and not _CROWD.search(text)


def _previous_sentences(doc: Any, sentence: Span) -> list[Span]:
    out = []
    for sent in doc.sents:
        if sent.end_char > sentence.start:
            break
        out.append(Span(sent.start_char, sent.end_char, sent.text))
    return out[-2:]
