"""Build one story's ledger from its extractions.

Steps: merge actors across documents (`sides.EntityIndex`), find independent origins (`origins`), turn
attributions into members (claimant, side, stance), then group them:
- blame claims ("X blamed Y for", "accused Y of", "Y blew up the dam") by their target event, one group per
  event whose positions are the parties blamed;
- evidence claims ("no proof", "without offering evidence" vs "irrefutable facts") by event;
- clock times of the event ("02:50" vs "02:54");
- every other attribution by proposition: blocks by topic word, then embedding similarity
  (`claimledger.ledger.similarity.embed`) within a block, so no all-pairs comparison across the corpus;
- numbers by category and place, with a spread, a series flag and a dispute flag.
Contradictions stay side by side: nothing is averaged.
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence, Set
from dataclasses import dataclass, replace
from typing import TypeVar

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS as STOP_WORDS

from claimledger.extract.claims import (
    DEEDS,
    NEITHER_CONFIRMED_NOR_DENIED,
    claims_of,
    denied_statement,
    names_a_thing,
)
from claimledger.extract.cues import VERIFICATION
from claimledger.extract.dates import date_from_locator, said_on
from claimledger.extract.events import LINE_DAMAGED, PLACE_CAPTURED, PLACE_HELD, PLACE_LEFT
from claimledger.extract.geo import country_named
from claimledger.extract.quantities import (
    NUMBER_WORD,
    counts_a_part,
    counts_fighters,
    holding_statement,
    parse_number,
)
from claimledger.extract.speakers import institution_of_title
from claimledger.extract.weapons import INTERCEPTED_MUNITIONS, MUNITIONS, SHOOTING_DOWN
from claimledger.ledger.accused import accused_in
from claimledger.ledger.areas import area_of, held_places, regions_in
from claimledger.ledger.model import (
    SETTLED_KINDS,
    ClaimGroup,
    Dispute,
    DisputeSide,
    Member,
    NumberClaim,
    NumberFact,
    PositionChange,
    StoryLedger,
    TimelineItem,
    Unverified,
    figure_text,
    n_origins,
    written_range,
)
from claimledger.ledger.origins import origins as find_origins
from claimledger.ledger.sides import (
    MUTINY_WORDS,
    RUSSIA_UKRAINE,
    UNKNOWN,
    EntityIndex,
    Parties,
    a_partys_side,
    claimants_in,
    dateline_country,
    demonym_of,
    gazetteer_place,
    names_one_of,
    places_in_context,
    rebels_in,
    side_of,
    side_of_office_before_name,
    story_parties,
)
from claimledger.ledger.times import clock_times, referred_dates, sentence_at, sentences
from claimledger.models import Attribution, Extraction, Quantity, Span, stable_id

log = logging.getLogger(__name__)

Embedder = Callable[[Sequence[str]], np.ndarray]
T = TypeVar("T")
SIMILARITY_THRESHOLD = 0.72
SAME_SPEAKER_THRESHOLD = 0.55  # one named speaker's two statements, with a rare pair of words shared
MAX_BLOCK = 400  # a block larger than this is split by time, so in-block comparison stays bounded
MIN_WORDS = 4
MAX_COUNT = 5_000_000  # a larger "number of people" in one category is an extraction error

_SHIP = (r"(?:ships?|warships?|cruisers?|flagship|frigates?|destroyers?|submarines?|corvettes?|vessels?|"
         r"ferry|ferries|tankers?|landing ship)")
EVENT_ANCHORS: tuple[tuple[str, str], ...] = (
    ("dam", r"\b(dam|hpp|hydroelectric|hydropower|power (plant|station)|reservoir|(stau)?damm\w*|"
            r"wasserkraftwerk\w*)\b|ГЕС|дамб|(?<!\w)(?:و|ب|ل)?(?:ال)?(?:سد|محطة)(?!\w)"),
    ("raid", r"\b(raid|incursion|cross-border attack|sabotage group|вылазк\w*|рейд\w*|вторжени\w*|"
             r"вторгненн\w*|диверсионно-разведывательн\w*|диверсійно-розвідувальн\w*|ДРГ|überfall\w*|"
             r"vorstoß\w*|einfall\w*)\b"),
    # a ship lost ("the flagship ... sank", "missiles sank Russian cruiser", "the cruiser had sunk"), whatever
    # hit it: before "attack", since the reports of a sinking name the strike that may have caused it
    ("sinking", rf"\b{_SHIP}\b[^.;]{{0,80}}?\b(?:sank|sunk|sinks|sinking)\b|"
                rf"\b(?:sank|sunk|sinking of)\s+(?:the\s+|a\s+)?(?:[\w'’-]+\s+){{0,3}}?{_SHIP}\b"),
    # a pipeline or cable blown up or damaged ("leaks were found on the Nord Stream 1 and Nord Stream 2 gas
    # pipelines", "the sabotage of the Nord Stream gas pipelines"): before "attack", whatever reports call it
    ("sabotage", LINE_DAMAGED),
    # not a "heart attack", which is a death's cause
    ("attack", r"\b(?<!heart )(?<!panic )(attack|strike|shelling|drone|атак|нападени|напад|обстрел|обстріл|"
               r"angriff|drohne)\w*\b"),
    # an aircraft that fell ("crashed north of Moscow", "the crash of the plane", "brought down the plane")
    ("crash", r"\b(crash(?:ed|es|ing)?|brought down (?:the |a |an )?(?:\w+['’]s )?(?:\w+ ){0,2}?"
              r"(?:plane|jet|aircraft|airliner|helicopter)|авиакатастроф\w*|авіакатастроф\w*)\b"),
    # civilians found dead where an army had been ("Bodies of civilians lay in the streets of Bucha",
    # "accusations over the killings in Bucha"): the story of an atrocity, whoever is said to have done it
    ("killings", r"\b(killings|massacres?|atrocit(?:y|ies)|war crimes?|genocide|summary executions?|"
                 r"mass graves?|bodies of (?:\d+ )?(?:civilians|residents|people|men|women)|"
                 r"(?:dead|slain|murdered|executed) civilians)\b"),
    # a detainee who died ("dies after arrest by morality police", "died in hospital ..., three days after she
    # was arrested", "a death in custody"): the story of a death the police account for
    ("death in custody", r"\b(?:died|dies|death)\b[^.;]{0,40}?\b(?:in|after|following)\s+"
                         r"(?:(?:her|his|their|an?|the)\s+)?(?:police\s+)?(?:custody|detention|arrest)\b|"
                         r"\b(?:died|dies)\b[^.;]{0,60}?\bafter\s+(?:she|he)\s+was\s+(?:arrested|detained)\b"),
    # a town fought over ("the battle for Soledar", "have taken control of the whole territory of Soledar",
    # "The liberation of Soledar was completed", "troops have withdrawn from Soledar"): last, so that a report
    # whose lead names a strike, a raid or a sinking is about that
    ("battle", r"\b(?:battle|fight|fighting|assault|struggle)\s+for\s+(?:the\s+(?:town|city|village)\b|"
               r"(?-i:[A-Z]))|"
               r"\b(?:has|have|had)\s+(?:\w+\s+)?(?:taken|seized|captured)\s+(?:full\s+)?control\s+of\b|"
               r"\b(?:captur(?:e|ed)|liberat(?:ed|ion\s+of)|fall\s+of|(?:has|have|had)\s+taken)\s+"
               r"(?:the\s+(?:[\w-]+\s+){0,3}?(?:town|city|village)\b|(?-i:[A-Z]))|"
               r"\bwithdr(?:ew|awn|awal)\s+from\s+(?-i:[A-Z])"),
)
_ANCHORS = tuple((name, re.compile(p, re.IGNORECASE)) for name, p in EVENT_ANCHORS)
# "has nothing to do with it" in Russian, Ukrainian and German reports
_NO_RELATION = (r"не (?:имеет|имеют|имела|имело) (?:никакого |прямого )?отношения|"
                r"не ма(?:є|ють|ла) (?:до (?:цього|них|нього) )?(?:жодного |прямого )?"
                r"(?:стосунку|відношення)|"
                r"nichts zu tun")
# "There's not much that happens in Russia that Putin's not behind": behind it all, by a double negative;
# "the Russians are playing with the lives of Ukrainian prisoners": to blame for their deaths
_BEHIND_IT_ALL = (r"(?:not much|little|nothing)\b[^.;]{0,60}\bthat \w+(?:['’]s| is) not behind|"
                  r"playing (?:games )?with (?:the )?lives")
_BLAME_CUE = re.compile(
    r"\b(blam\w*|accus\w*|responsib\w*|involve\w*|held? to account|faulted|(any|no) role|"
    # the name of a deed that makes its doer guilty: "These are war crimes", "called Putin a war criminal"
    r"war crim(?:es?|inals?)|genocide|"
    + _BEHIND_IT_ALL + "|"
    r"(?:was|were|is|are|been|be) behind (?:the|this|it|that)|"
    r"nothing to do with|anything to do with|(?:trail|evidence|clues?) (?:leads?|led|points?|pointed) to|"
    r"обвин\w*|вин(ит|ят|ил|или)|ответственност\w*|причастн\w*|"
    r"звинува\w*|звинувачу\w*|відповідальн\w*|причетн\w*|steck\w* hinter|verantwortlich\w*|schuld\w*|"
    r"wirft|warf|vorw[uü]rf\w*|beschuldig\w*|wegen russland|beteiligung|" + _NO_RELATION
    + r"|و?اتهم\w*|(?:ال)?مسؤولي\w*)\b",
    re.IGNORECASE,
)
# blame that names no other deed, so in a report of the event it is about the event: "denied any role",
# "had nothing to do with it", "Moscow blamed Ukrainian saboteurs" (but not "accused X of hindering ...")
_BARE_BLAME = re.compile(
    r"\b((any|no) (role|involvement|part)|(nothing|anything) to do with|(not|never) involved|involvement|"
    + _BEHIND_IT_ALL + "|"
    r"beteiligung|" + _NO_RELATION + r"|"
    r"claim(?:ed|s|ing)? (?:direct |full )?responsibility|"
    r"responsib\w* for (it|the (raid|attack|incursion|incident|operation))|"
    r"(?:was|were|is|are) (?:not )?behind (?:the|this|it|that))\b|"
    # "blamed Russia for the blasts" (not "blamed Kyiv for hindering ...")
    r"\bblam\w*\b(?!.*\bfor\b(?!\s+(?:the|these|this)\s+(?:blasts?|explosions?|leaks?|incident|attacks?|"
    r"damage|sabotage)\b))",
    re.IGNORECASE,
)
# "the Kremlin had ordered the crash", "Putin had ordered Prigozhin killed", "had been ordered by the FSB"
_ORDERED_DEED = (rf"ordered (?:the |his |her |their )?{DEEDS}|ordered (?:\w+ ){{1,2}}(?:killed|murdered|"
                 rf"assassinated|eliminated)|{DEEDS} (?:had |has )?(?:been |was |were )ordered by")
_BLAME_ACT = re.compile(
    r"\b(blew|blown|blow(ing|n)? up|blow-up|sabotag\w*|undermin\w*|detonat\w*|(?<!counter-)terroris\w*|"
    r"provocations?|(?:act|acts|war) of aggression|aggression against|responsib\w*|destroyed by|"
    # crimes named as someone's: "cases of Russian military forces committing laws-of-war violations"
    r"committ(?:ed|ing)\s+(?:[\w-]+\s+){0,3}?(?:violations|crimes|atrocities|abuses)|"
    # the scene made up by the other side: "the footage was a fake attack staged to derail peace talks"
    r"staged|(?:a\s+)?fake\s+(?:attack|massacre|provocation)|forger(?:y|ies)|hoax|false[- ]flag|"
    r"destruction (on|by)|caused? (an )?explosion|mined|explosives|"
    r"not involved|carried out (the|this) (attack|raid|incursion|operation)|(was|were) carried out by|"
    r"crime\W{0,3} committed by|barbaric|consequences?\W{0,3} of (russia|ukrain)\w*['’]?s? "
    r"(full-scale )?(invasion|aggression|war)|"
    rf"{_ORDERED_DEED}|"
    r"подрыв\w*|подорва\w*|взорва\w*|диверси\w*|теракт\w*|террористическ\w*|підрив\w*|підірва\w*|"
    r"диверсі\w*|терористичн\w*|spreng\w*|gesprengt|zerstörung\w*|sabotage\w*|(?<!counter-)terror\w*|vermint|"
    r"(?:و|ب)?(?:ال)?(?:تفجير|تدمير|نسف)\w*|و?(?:فجر|دمر|نسف)\w*)\b",
    re.IGNORECASE,
)
_DENY = re.compile(
    r"\b(not involved|rejected|denied|denies|deny|(?:had|has|have) (?:absolutely )?nothing to do|baseless|"
    r"unfounded|nonsense|false|preposterous|absurd|ridiculous|(?:complete|pure|utter) fiction|"
    r"(?:were|was|are|is)\s+[\"“]?(?:a\s+)?(?:lies?|fabrications?)\b|"
    r"(?:was|were|is|are|be|been)\s+not\s+(?:\w+\s+)?responsible|not to blame|"
    r"shift\w* (?:the )?blame|"
    r"опроверг\w*|отрица\w*|отверг\w*|не причастн\w*|непричастн\w*|заперечу\w*|заперечи\w*|"
    r"спростува\w*|непричетн\w*|bestritt\w*|bestreit\w*|dementier\w*|zurückgewiesen|unbegründet|"
    r"wies\b[^.]{0,60}\bzurück|weist\b[^.]{0,60}\bzurück|" + _NO_RELATION + r"|"
    r"و?(?:نفى|نفت|ينفي|تنفي))\b",
    re.IGNORECASE,
)
_EACH_OTHER = re.compile(
    r"\b(each other|one another|the other side|the other of|both sides|traded (blame|accusations))\b",
    re.IGNORECASE,
)
# a cross-border raid's own fighters ("anti-Putin Russian nationals", "Freedom of Russia Legion")
_ATTACKERS = re.compile(
    r"\b(legion|volunteer corps|anti-putin|russian (nationals|citizens|volunteers|partisans)|russians who|"
    r"russian [\"“]?(guerrillas?|guerrilla (groups?|movements?)|partisans?|dissidents)|"
    r"легион\w*|добровольческ\w* корпус\w*|рдк|граждан\w* росси\w*|российск\w* добровол\w*|"
    r"легіон\w*|добровольч\w* корпус\w*|громадян\w* росі\w*)\b",
    re.IGNORECASE,
)
# "The group did not claim direct responsibility": no position on who is responsible
_NO_CLAIM = re.compile(
    r"\b(?:did not|didn['’]t|has not|hasn['’]t|have not|haven['’]t|not) "
    r"(?:yet |immediately |publicly |officially )?"
    r"(?:claim\w*|take|taken|accept\w*) (?:direct |any |official )?(?:responsib\w*|credit)\b",
    re.IGNORECASE,
)
_NO_EVIDENCE = re.compile(
    # not "no evidence for the numbers they published", which is about a toll
    r"\b(no (proof|evidence)(?! (?:for|of|to support) the (?:numbers|figures|death toll|toll|casualt))|"
    r"without (offering |providing |any )?(proof|evidence)|not (provide|offer)\w* "
    r"(any )?(proof|evidence)|lack of (proof|evidence)|could not say who|cannot say who|unfounded|"
    r"не располага\w* доказательств\w*|нет доказательств|без доказательств\w*|не ма\w* доказ\w*|"
    r"без доказів|бездоказательн\w*|голословн\w*|keine (belege|beweise)|ohne (belege|beweise)|"
    r"welche beweise|(?:دون|بدون|بلا) (?:تقديم )?(?:أي )?(?:دليل|أدلة)|لا (?:يوجد )?دليل)\b",
    re.IGNORECASE,
)
_HAS_EVIDENCE = re.compile(
    r"\b(irrefutable|facts and evidence|balance of evidence|intelligence data|evidence (shows?|proves?)|"
    # "An analysis of the IDF's operational systems indicates", "their own intelligence points to a rocket",
    # "an intercepted conversation", "based on analysis of overhead imagery, intercepts ..."
    r"(?:intelligence|analysis|assessment)\b[^.;]{0,50}?\b(?:suggests?|indicates?|shows?|points? to)|"
    r"intercepted (?:conversations?|calls?|communications?|audio|recordings?)|based on (?:an )?analysis of|"
    r"(intelligence|signals) (that )?(suggests?|indicates?|shows?)|proves?|proof that|"
    r"неопровержим\w* (доказательств|факт)\w*|есть доказательства|незаперечн\w* (доказ|факт)\w*|є докази|"
    r"eindeutige beweise|beweise dafür|unwiderlegbar\w*)\b",
    re.IGNORECASE,
)
_ACCORDING = re.compile(
    r"\baccording to (?:the )?([A-Z][\w’'.-]*(?: (?:of |the )?[A-Z][\w’'.-]*){0,5})|"
    r"(?:^|[,”\"] )([A-Z][\w’'.-]*(?: [A-Z][\w’'.-]*){0,3}) (?:said|reported)\b|"
    r"\bsaid (?:the )?([A-Z][\w’'.-]*(?: [A-Z][\w’'.-]*){0,3})"
)

_QUOTE_SAID = re.compile(r"[”\"],?\s+([A-Z][\w’'.-]*(?: [A-Z][\w’'.-]*){0,3}) (?:said|wrote|told)\b")

COUNTED = {"killed", "injured", "evacuated", "missing", "fighters", "casualties", "wounded", "dead",
           "arrested", "protesters"}
CATEGORY_ALIAS = {"casualties": "killed", "dead": "killed", "wounded": "injured"}
_DEATH_WORDS = re.compile(r"^\W*\w*\s*(drowned|died|dead|killed|deaths?|fatalities|bodies)\b", re.IGNORECASE)
_BODIES_OF = re.compile(r"\bbodies\s+of\s+(?:the\s+|some\s+|about\s+|at least\s+)?$", re.IGNORECASE)
_BURIED = re.compile(r"^\W*(?:\w+\s+){0,2}(?:buried|exhumed)\b", re.IGNORECASE)
_VAGUE = re.compile(r"\b(thousands|hundreds|dozens|several|many|scores|tens)\b", re.IGNORECASE)
TOPIC_WORDS = re.compile(
    r"\b(evacuat\w*|killed|dead|death|toll|missing|injur\w*|water|flood\w*|mines?|investigat\w*|commission|"
    r"aid|humanitarian|crimea|counter-?offensive|nuclear|ecolog\w*|environment\w*|damage|shelling|"
    r"drinking|food|farm\w*|reservoir|dam|hpp)\b",
    re.IGNORECASE,
)


# -- helpers --------------------------------------------------------------------------------------


# a sentence about another, earlier event of the same kind: "an incursion earlier this year into Bryansk
# that the Russians blamed on ...", "a similar raid in March"
_EARLIER_EVENT = re.compile(
    r"\b(?:raid|incursion|attack|strike|explosion)s?\b[^.;]{0,40}\b(?:earlier this (?:year|month)|"
    r"last (?:year|month))|\b(?:previous|earlier|separate|similar) (?:raid|incursion|attack)",
)


def earlier_event(sentence: str) -> bool:
    return _EARLIER_EVENT.search(sentence) is not None


# a sentence that opens the story of an earlier incident: "Earlier this month, the Kremlin publicized an
# incident which saw two drones fly above the Kremlin."
_EARLIER_LEAD = re.compile(r"^\W*(?:earlier this (?:week|month|year)|last (?:week|month|year)|previously)\b",
                           re.IGNORECASE)


def _earlier_event_of(text: str, sentence: Span) -> str | None:
    """ "earlier attack" for blame about an earlier event: the sentence names one ("an incursion earlier
    this year into Bryansk that the Russians blamed on ..."), or continues a sentence that opens one
    ("Earlier this month ... two drones fly above the Kremlin. It remains unclear who was responsible –
    Moscow blamed Ukraine ...")."""
    if earlier_event(sentence.text):
        return f"earlier {anchor_of(sentence.text) or 'event'}"
    last = sentence.start - 1
    while last > 0 and text[last] in " \t\n.!?":
        last -= 1  # back into the sentence before
    before = sentence_at(text, last, last + 1)
    if before.end <= sentence.start and _EARLIER_LEAD.search(before.text) and anchor_of(before.text):
        return f"earlier {anchor_of(before.text)}"
    return None


def anchor_of(text: str) -> str | None:
    for name, pattern in _ANCHORS:
        if pattern.search(text):
            return name
    return None


BACKFILL_DAYS = 30  # an undated report taken in more than this after the story's latest dated one


def _dated(extraction: Extraction) -> str | None:
    """The day a document was published: its page's date, else one in its URL or file name."""
    doc = extraction.document
    return doc.published[:10] if doc.published else date_from_locator(doc)


def _publication_days(
    extractions: Sequence[Extraction], seen: dict[str, str] | None
) -> dict[str, str | None]:
    """Each document's publication day (`_dated`), else the day it was ingested or fetched, the latest it
    can have been published. That stands in only while the story is followed as it unfolds: an undated
    report taken in more than `BACKFILL_DAYS` after the story's latest dated one (an archive ingested
    later) stays undated, rather than seeming to report the story years on."""
    dated = {e.document.id: _dated(e) for e in extractions}
    latest = max((day for day in dated.values() if day), default=None)
    cutoff = None
    if latest is not None:
        cutoff = (dt.date.fromisoformat(latest) + dt.timedelta(days=BACKFILL_DAYS)).isoformat()
    days: dict[str, str | None] = {}
    for extraction in extractions:
        doc = extraction.document
        taken = (seen or {}).get(doc.id) or doc.fetched
        proxy = taken[:10] if taken and (cutoff is None or taken[:10] <= cutoff) else None
        days[doc.id] = dated[doc.id] or proxy
    return days


# a figure whose own reporter follows it, inside someone else's sentence: "a higher toll than the 41 reported
# by state television"
_REPORTED_BY = re.compile(
    r"\s+(?:(?:people|dead|deaths|victims)\s+)?(?:reported|given|cited|announced|put out|published)\s+by\s+"
    r"(?:the\s+)?((?:[\w'’-]+\s+){0,4}?[\w'’-]+?)(?=\s*[,.;]|\s+(?:on|in|at|last|earlier|a|as)\b|\s*$)")


_ACCOUNT_OF = re.compile(
    r"\b(?:the\s+)?((?:[A-Z][\w-]*\s+){0,4}[A-Z][\w-]*)['’]s?\s+(?:account|figures?|tally|count|version|"
    r"numbers?|toll)\s+of\s+(?:[\w-]+\s+){0,4}?$")


def _claimant_from_sentence(sentence: str) -> str | None:
    match = _ACCORDING.search(sentence)
    if not match:
        return None
    return next(g for g in match.groups() if g)


def _credit_of_quotation(text: str, sentence: Span) -> str | None:
    """The speaker credited after a quotation that holds the sentence ("“... . ...,” Guterres said"); none
    when the sentence is narration before someone else's quote."""
    credit = _QUOTE_SAID.search(text, sentence.start, min(len(text), sentence.end + 400))
    if credit is None:
        return None
    opened = max(text.rfind("“", 0, credit.start()), text.rfind('"', 0, credit.start()))
    return credit.group(1) if 0 <= opened <= sentence.start + 1 else None


class _Context:
    """Everything member-building needs about the story's documents."""

    def __init__(self, extractions: Sequence[Extraction], seen: dict[str, str] | None) -> None:
        self.extractions = {e.document.id: e for e in extractions}
        self.origins = find_origins([e.document for e in extractions])
        self.published = _publication_days(extractions, seen)
        texts = [e.document.text for e in extractions]
        rebels = rebels_in(texts)
        parties = story_parties(texts, rebels)
        # a story with more than two accused: every accused state's government is a party
        self.accused = accused_parties(a for e in extractions for a in e.attributions)
        others = tuple(sorted(p for p in self.accused if p not in parties.names and country_named(p) == p))
        if others:
            parties = replace(parties, others=others)
        self.index = EntityIndex(outlets=(e.document.outlet or "" for e in extractions), parties=parties)
        self.index.filed_from = {e.document.id: country for e in extractions
                                 if (country := dateline_country(e.document.text)) is not None}
        self.index.rebels = rebels
        self.index.claimants = set() if rebels else claimants_in(texts)
        self.index.add_entities((ent for extraction in extractions for ent in extraction.entities),
                                places=places_in_context(e.document.text for e in extractions))
        self.roles = {
            ent.id: ent.role for extraction in extractions for ent in extraction.entities if ent.role
        }
        for extraction in extractions:  # every speaker first, so that each is shown by its final name
            for attribution in extraction.attributions:
                self.speaker_side(attribution)
        self.index.merge_acronyms()
        self.index.inherit_sides_from_roles()
        self.index.mark_rebels()
        self.index.mark_claimants()
        self.index.prefer_common_spellings()
        own = {e.document.id: anchor_of(f"{e.document.title or ''} {e.document.text[:500]}")
               for e in extractions}
        # a story in which an aircraft is lost (crashed, shot down), whose "attack" and "crash" are one event
        self.aircraft_lost = self.said_twice(_AIRCRAFT_LOST)
        counts = Counter(event for event in own.values() if event)
        self.story_event = counts.most_common(1)[0][0] if counts else None
        self.doc_events = {doc_id: self.same_event(event) for doc_id, event in own.items()}
        # who holds which town is learned from the bundled stories' wording of a front line
        self.places = held_places(texts) if parties.bundled else ()
        self.regions, self.main_region = regions_in(texts)
        self._sentence_events: dict[str, list[tuple[Span, str | None]]] = {}

    @property
    def protests(self) -> bool:
        """A story of protests: its second party is the protesters (`sides.protest_movement`)."""
        group = self.index.parties.group
        return group is not None and group.kind == "protest"

    def day_of_protest(self, doc_id: str, start: int, end: int) -> str | None:
        """The day of protests the characters start..end are about (`_day_of_protest`)."""
        text = self.extractions[doc_id].document.text
        return _day_of_protest(text, sentence_at(text, start, end), self.published.get(doc_id))

    def reports_the_event(self, doc_id: str) -> bool:
        """The document names the story's kind of event in its title or lead, or it is a report in another
        language of a story that does (a Ukrainian report of "the operation" in a story of a raid: the
        event words of other languages are fewer)."""
        if self.doc_events[doc_id] is not None:
            return True
        return self.story_event is not None and not self.extractions[doc_id].document.in_english

    def same_event(self, event: str | None) -> str | None:
        """One story, one attack: a report calling the story's raid "the attack" means the same event, and so
        does one calling the attack that brought down a plane "the crash"."""
        attack_or_crash = (*_ATTACK_EVENTS, "crash")
        if event == "battle" and self.story_event not in (None, "battle"):
            # "said that they had crossed into Russia's Belgorod Oblast and liberated the border village of
            # Kozinka", in a story of a raid: the raid
            return self.story_event
        if event in _ATTACK_EVENTS and self.story_event in _ATTACK_EVENTS:
            return self.story_event
        if event in attack_or_crash and self.story_event in attack_or_crash and self.aircraft_lost:
            return self.story_event
        if event in _ATTACK_EVENTS and self.story_event in ("killings", "sinking", "sabotage"):
            # "the footage was a fake attack staged ...", in a story of killings; "caught fire after the
            # strike", in a story of a ship that sank; "Washington was behind the attack", in a story of a
            # pipeline blown up
            return self.story_event
        return event

    def event_of(self, doc_id: str, sentence: str) -> str | None:
        """The event a sentence is about: its document's, else the one it names, else the story's."""
        return self.doc_events[doc_id] or self.same_event(anchor_of(sentence)) or self.story_event

    def sentence_events(self, doc_id: str) -> list[tuple[Span, str | None]]:
        """A document's sentences with the event each is about (None for an earlier event's), worked out
        once for all the sentence-level groups."""
        if doc_id not in self._sentence_events:
            text = self.extractions[doc_id].document.text
            self._sentence_events[doc_id] = [
                (s, None if earlier_event(s.text) else self.event_of(doc_id, s.text)) for s in sentences(text)
            ]
        return self._sentence_events[doc_id]

    def speaker_side(self, attribution: Attribution) -> tuple[str, str]:
        name = attribution.speaker or (attribution.source.text if attribution.source else None)
        if not name:
            outlet = self.extractions[attribution.doc_id].document.outlet or "the outlet"
            return outlet, UNKNOWN
        document = self.extractions[attribution.doc_id].document
        name = institution_of_title(document.title or "", document.text, attribution, name) or name
        role = self.roles.get(attribution.speaker_entity_id or "")
        # "Klitschko wrote on Telegram", tagged as a people: the surname of the person the story names in full
        surname = attribution.speaker_kind == "group" and self.index.known_person(name)
        if attribution.speaker_kind in ("person", "organization") or surname:
            type_ = "ORG" if attribution.speaker_kind == "organization" else "PERSON"
            if " " not in name and (type_ == "PERSON" or not name.isupper()) and gazetteer_place(name):
                type_ = "GPE"  # "Kyiv denied any role": a capital speaking for its government ("UN" is none)
            entity = self.index.add(name, type_, role=role, doc_id=attribution.doc_id, speaks=True)
            if entity.side == UNKNOWN and type_ == "PERSON" and attribution.source is not None:
                office = side_of_office_before_name(attribution.source.text, self.index.parties)
                entity.side = office or UNKNOWN
            return entity.name, entity.side
        known = self.index.lookup(name, "ORG")
        if known is not None and known.type in ("ORG", "NORP", "GPE"):
            return known.name, known.side  # "Russian claims that ...": Russia's
        if attribution.speaker_kind == "unresolved" and names_a_thing(name):
            return name, UNKNOWN
        source = attribution.source.text if attribution.source else ""
        if self.index.rebel(name, role) or self.index.claimant(name, role):
            return name, "attackers"
        return name, side_of(name, role, source, parties=self.index.parties)

    def said_twice(self, wording: re.Pattern[str]) -> bool:
        """The story's reports use this wording at least twice between them."""
        return sum(len(wording.findall(e.document.text)) for e in self.extractions.values()) >= 2

    def named_speaker(self, attribution: Attribution) -> str | None:
        """The merged name of a person or organisation that makes the statement; None for anyone else."""
        if attribution.speaker_kind not in ("person", "organization"):
            return None
        return self.speaker_side(attribution)[0]

    def claimant_at(self, doc_id: str, start: int, end: int) -> tuple[str, str, str | None]:
        """Who says what is at start..end: the reporter named with a figure there (`figures_reporter`), the
        covering attribution, "according to X", or the outlet."""
        extraction = self.extractions[doc_id]
        text = extraction.document.text
        reporter = self.figures_reporter(doc_id, start, end)
        if reporter is not None:
            return (*reporter, None)
        attribution = holding_statement(start, end, extraction.attributions)
        if attribution is not None:
            claimant, side = self.speaker_side(attribution)
            return claimant, side, attribution.id
        sentence = sentence_at(text, start, end)
        named = _claimant_from_sentence(sentence.text)
        if named is None:
            named = _credit_of_quotation(text, sentence)
        if named:
            entity = self.index.lookup(named, "ORG") or self.index.lookup(named, "PERSON")
            if entity is not None:
                return entity.name, entity.side, None
            return named, side_of(named, parties=self.index.parties), None
        outlet = extraction.document.outlet or "the outlet"
        return outlet, UNKNOWN, None

    def figures_reporter(self, doc_id: str, start: int, end: int) -> tuple[str, str] | None:
        """The reporter named with a figure inside someone else's sentence, and its side: "a higher toll than
        the 41 | reported by state television", "disputing the Defence Ministry's account of | one dead and 27
        missing"."""
        text = self.extractions[doc_id].document.text
        reporter = _REPORTED_BY.match(text, end) or _ACCOUNT_OF.search(text[max(0, start - 100) : start])
        if reporter is None:
            return None
        named = reporter.group(1)
        entity = self.index.lookup(named, "ORG", doc_id)
        if entity is not None:
            return entity.name, entity.side
        return named, side_of(named, parties=self.index.parties)

    def member(self, doc_id: str, start: int, end: int, *, claimant: str, side: str,
               attribution_id: str | None = None, stance: str = "reports",
               position: str | None = None) -> Member:
        text = self.extractions[doc_id].document.text
        return Member(
            doc_id=doc_id, start=start, end=end, text=text[start:end], claimant=claimant, side=side,
            stance=stance, attribution_id=attribution_id, published=self.published.get(doc_id),
            origin=self.origins.get(doc_id), outlet=self.extractions[doc_id].document.outlet,
            position=position,
        )

    def attribution_member(self, attribution: Attribution, **kwargs: str | None) -> Member:
        claimant, side = self.speaker_side(attribution)
        return self.member(attribution.doc_id, attribution.start, attribution.end, claimant=claimant,
                           side=side, attribution_id=attribution.id, **kwargs)  # type: ignore[arg-type]


def _order(members: Iterable[Member]) -> list[Member]:
    """Members by publication, without repeats: a span inside another member's span of the same document
    (same position or same claimant) is the same report said twice and is dropped."""
    ordered = sorted(members, key=lambda m: (m.published or "9999", m.doc_id, m.start, -m.end))
    kept: list[Member] = []
    for m in ordered:
        if any(k.doc_id == m.doc_id and (k.position == m.position or k.claimant == m.claimant)
               and k.start <= m.start and m.end <= k.end
               # "called Putin a war criminal and said he should face a war crimes trial" takes no position
               # as a whole; its first statement does
               and (k.position is not None or m.position is None) for k in kept[-8:]):
            continue
        kept.append(m)
    return kept


def _seen_range(members: list[Member]) -> tuple[str | None, str | None]:
    dates = sorted(m.published for m in members if m.published)
    return (dates[0], dates[-1]) if dates else (None, None)


def _sides_by_position(members: list[Member], order: Sequence[str] | None = None) -> list[DisputeSide]:
    by: dict[str, list[Member]] = defaultdict(list)
    for m in members:
        if m.position:
            by[m.position].append(m)
    keys = [k for k in (order or []) if k in by] + sorted(k for k in by if k not in (order or []))
    return [DisputeSide(k, _order(by[k])) for k in keys]


# -- blame ----------------------------------------------------------------------------------------


_SELF_CLAIM = re.compile(r"\bclaim(?:ed|s|ing)?\b.{0,20}\bresponsibility\b", re.IGNORECASE)


def blamed_party(attribution: Attribution, side: str, sentence: str, *, rebels_against: str | None = None,
                 parties: Parties = RUSSIA_UKRAINE, claimants: Set[str] = frozenset(),
                 accused_parties: Set[str] = frozenset()) -> str | None:
    """Which party the attribution holds responsible, or None if it does not take a position.
    `rebels_against`: in a story of a mutiny, the party whose own forces rose (Russia, for Wagner's); the
    rebels blame that state, and that state's blame of no one named falls on the rebels. `parties`: the
    story's two states (`story_parties`). `claimants`: in a story of an attack a group claimed, its names
    (`claimants_in`). `accused_parties`: in a story whose statements hold more than two parties responsible
    (`accused_parties`), those parties: blame is then only what a statement says outright."""
    content = attribution.content_text
    cue = attribution.cue.text if attribution.cue else ""
    if _EACH_OTHER.search(content) or _EACH_OTHER.search(cue + " " + content[:40]):
        return None
    if _NO_CLAIM.search(f"{cue} {content}"):
        return None
    denies = attribution.polarity == "deny" or bool(_DENY.search(content) or _DENY.search(cue))
    if rebels_against is not None and side == "attackers":
        # the rebels' accusation of their state's forces ("accused Defence Minister Sergei Shoigu of ordering
        # a missile strike on Wagner's field camps"); no position when they deny
        accuses = _BLAME_CUE.search(f"{cue} {content}") or _BLAME_ACT.search(content)
        return rebels_against if accuses and not denies else None
    speaker = attribution.speaker or (attribution.source.text if attribution.source else "")
    if _ATTACKERS.search(f"{speaker} {cue} {content}"):
        return "The attackers"
    if _SELF_CLAIM.search(f"{cue} {content}") and _ATTACKERS.search(sentence):
        return "The attackers"  # "The Legion, one of two groups that claimed responsibility, said ..."
    counts = {party: len(parties.words[party].findall(content)) for party in parties.names}
    named = [party for party, n in counts.items() if n]
    own = parties.party_of(side)
    if parties.both.search(speaker):
        return None  # "Russian and Ukrainian officials used terms like 'terrorist act'"
    if claimants and not denies and (own is None or not counts[parties.other(own)]):
        # an attack a group claimed: a statement that blames no other party holds that group responsible
        # ("Putin said that radical Islamists had carried out the attack") or no one ("The death toll in
        # the terrorist attack ... has risen to 115"); "He did not mention the Islamic State's claim": no one
        if _NEGATED_CUE.search(cue) or not names_one_of(f"{speaker} {content}", claimants):
            return None
        return "The attackers"
    accused = accused_in(cue, content)
    if accused is not None:
        # "Washington was behind the attack", "absurd to suggest that Russia was behind the incident": the
        # doer named outright, whichever state or group it is
        return f"NOT {accused}" if denies else accused
    if accused_parties:
        # many accused: no "other party" to infer, only a party's denial of its own part ("the claim was
        # false", said by the British Defence Ministry)
        own = own or parties.other_of(side)
        return f"NOT {own}" if denies and own is not None else None
    if own is not None and _denies_itself(speaker, sentence):
        return f"NOT {own}"  # "Ukraine had nothing to do with it and called the raid ..."
    if denies and own is not None and _ACCUSER.search(content):
        return f"NOT {own}"  # "the Israeli accusations were "lies"": the other party named as the accuser
    if denies and len(named) == 1:
        return f"NOT {named[0]}"  # "denying any involvement from Kyiv"
    if denies and own is not None:
        # "Ukraine and the US denied any involvement", "Peskov denied accusations by Ukraine that Russian
        # forces had blown up the dam": a party that names no one, or both, denies its own role
        return f"NOT {own}"
    if not named and _NO_PARTYS_DOING.search(content):
        return None  # "blaming human error", "caused by an engine failure": no party held responsible
    cue_words = cue if attribution.cue else sentence  # a statement without a cue: its sentence
    acting = acting_party(content, parties) or _committed_by(content, parties)
    if acting is not None and acting != own and not denies:
        # "Azerbaijani forces had opened intensive fire ...", said by Armenia's ministry; "caused by militants
        # rather than by Israel", said by the US president
        return acting
    blames = _BLAME_CUE.search(f"{cue_words} {content}") or _BLAME_ACT.search(content) \
        or (claimants and _COMPLICITY.search(content))
    if own is not None and (denies or blames):
        if own == rebels_against:
            return "The attackers"  # "Putin vowed that those responsible would face punishment"
        return parties.other(own)
    if own is not None:
        return None  # "said the incident was solely a Russian matter": no one blamed in its own words
    aggressor = parties.aggression.search(content)
    first, second = parties.names
    if counts[first] == counts[second] and aggressor is None:
        return None
    if aggressor is not None and not denies:
        return parties.named_in(aggressor.group(0)) or first
    party = max(counts, key=lambda k: counts[k])
    return parties.other(party) if denies else party


_COMMITTED = re.compile(r"\b((?:[\w’'-]+\s+){1,3}?)(?:had\s+|have\s+|has\s+)?committ(?:ed|ing)\s+"
                        r"(?:[\w-]+\s+){0,3}?(?:violations|crimes|atrocities|abuses)\b")


def _committed_by(content: str, parties: Parties) -> str | None:
    """The party whose forces a statement says committed crimes: "cases of Russian military forces
    committing laws-of-war violations against civilians in ... the Kyiv region" names Russia as the doer
    (Kyiv only as the place)."""
    found = _COMMITTED.search(content)
    return parties.named_in(found.group(1)) if found is not None else None


# a cause that is no one's deed: a mistake, a fault of a machine, the weather
_NO_PARTYS_DOING = re.compile(
    r"\b(?:human|technical|mechanical|pilot|crew|operator|engine)\s+(?:error|mistake|failure|malfunction|fault|"
    r"problem)s?\b|\b(?:bad|severe|poor)\s+weather\b", re.IGNORECASE)
_ACCUSER = re.compile(r"\b[A-Z][\w’'-]*(?:['’]s)?\s+(?:accusations?|allegations?|claims?|charges?)\b|"
                      r"\b(?:accusations?|allegations?|claims?|charges?)\s+(?:by|from)\s+(?:the\s+)?[A-Z]")
_NEGATED_CUE = re.compile(r"\b(?:not|never)\b|n['’]t\b", re.IGNORECASE)


def _denies_itself(speaker: str, sentence: str) -> bool:
    """The speaker's own words of denial follow its name ("Ukraine had nothing to do with it")."""
    if not speaker:
        return False
    pattern = re.escape(speaker) + r"\W+(?:\w+\W+){0,2}?" + _DENY.pattern
    return re.search(pattern, sentence, re.IGNORECASE) is not None


def _blame_position(party: str | None, parties: Parties = RUSSIA_UKRAINE) -> str | None:
    """ "Russia is responsible", "The attackers are not responsible" (`party` "NOT The attackers"); a state
    set against a non-state group is its armed forces ("Sudan's army is responsible")."""
    if party is None:
        return None
    name = party.removeprefix("NOT ")
    if parties.group is not None and name == parties.names[0]:
        name = f"{name}'s {'government' if parties.group.kind == 'protest' else 'army'}"
    verb = "are" if name == "The attackers" or name.endswith("Forces") else "is"
    return f"{name} {verb} {'not ' if party.startswith('NOT ') else ''}responsible"


def is_blame(
    attribution: Attribution, sentence: str, whole: str = "", *, in_event_report: bool = False,
    parties: Parties = RUSSIA_UKRAINE, claimed: bool = False,
) -> bool:
    """`whole` is the attribution's full text (source, cue and content) as written; `in_event_report`: its
    document reports the story's event, so "Kyiv denied any role" is about that event, and so is the
    "provocation" a state's ministry accuses the other state of. `claimed`: a group claimed the story's
    attack, so a party's word that the other helped the attackers is blame (`_COMPLICITY`)."""
    cue = f"{attribution.cue.text if attribution.cue else ''} {whole}"
    text = attribution.content_text
    if claimed and _COMPLICITY.search(text) and any(parties.words[p].search(text) for p in parties.names):
        return True  # "a window was prepared for them on the Ukrainian side to cross the state border"
    if in_event_report and _EACH_OTHER.search(f"{cue} {text[:40]}") and _BLAME_CUE.search(f"{cue} {text}"):
        return True  # "each side accused the other of starting it": the dispute told, no position taken
    # in a report of the event, the other state's "provocation" and the order of a deed ("Putin had ordered
    # Prigozhin killed") are about it
    about_event = anchor_of(sentence) is not None or (in_event_report and bool(_PROVOCATION.search(text)
                                                                              or _ORDERS_A_DEED.search(text)))
    if attribution.polarity == "deny" and in_event_report and _DENIED_DEED.match(text.strip()):
        return True  # "denied that it had struck the hospital", "rejected the accusation"
    if in_event_report and _BLAME_CUE.search(text) and _DENY.search(text):
        return True  # "the Israeli accusations were "lies and fabrications"", in a report of the event
    if _BLAME_CUE.search(cue) or _BLAME_CUE.search(text):
        bare = in_event_report and bool(_BARE_BLAME.search(f"{cue} {text}"))
        return about_event or bare or bool(_BLAME_ACT.search(text))
    if acting_party(text, parties) is not None and (about_event or in_event_report):
        return True  # "the army had started the fighting", in a report of the fighting
    return bool(_BLAME_ACT.search(text)) and about_event


_PROVOCATION = re.compile(r"\bprovocations?\b", re.IGNORECASE)
# what a denial of one's own part denies: the deed ("that it had struck the hospital", "firing the rocket") or
# the accusation of it ("the accusation", "the allegations")
_DENIED_DEED = re.compile(
    r"(?:that\s+)?(?:it|they|we|its\s+forces|their\s+forces)\s+(?:had\s+|has\s+|have\s+)?(?:ever\s+)?"
    r"(?:struck|fired|launched|attacked|shelled|bombed|hit|carried\s+out)\b|"
    r"(?:firing|launching|striking|attacking|shelling|bombing|carrying\s+out)\b|"
    r"(?:the|these|those|such|all)\s+(?:accusations?|allegations?|claims?|charges?)\W*$|"
    # "the claim was false and was designed to distract ...": the accusation itself denied
    r"(?:the|these|those|such|all)\s+(?:accusations?|allegations?|claims?|charges?)\s+(?:was|were|is|are)\s+"
    r"(?:\w+\s+)?(?:false|untrue|baseless|unfounded|lies|nonsense|absurd|preposterous|fiction)\b",
    re.IGNORECASE)
_ORDERS_A_DEED = re.compile(rf"\b(?:{_ORDERED_DEED})\b", re.IGNORECASE)
# words that a party helped the attackers of an attack a group claimed: "a window was prepared for them on the
# Ukrainian side", "had relevant contacts on the Ukrainian side", "facilitated by Western special services"
_COMPLICITY = re.compile(
    r"\b(?:prepared for (?:them|the (?:attackers|gunmen|terrorists))|contacts? (?:on|with|in)|"
    r"(?:links?|ties|connections?) (?:to|with)|facilitated|with the help of|helped (?:them|the)|"
    r"ordered (?:it|the attack)|masterminded)\b", re.IGNORECASE)
# a statement that opens with a party's forces doing the act of war: "Azerbaijani forces had opened intensive
# fire ... on Armenian positions", "Azerbaijani armed forces launched a large-scale attack on ...", "RSF
# fighters had attacked army positions", "the army had started the fighting"; or with its own forces attacked
# by the other's: "its forces had been attacked by the army at their base in Soba"
_ACT_OF_WAR = (r"(?:opened\s+(?:\w+\s+)?fire|launched|attacked|shelled|fired|struck|bombarded|stormed|"
               r"shot\s+down|invaded|crossed|violated|broken|broke|"
               # an atrocity: "Russian troops had deliberately killed civilians in Bucha" (not "killed over
               # 70 nationalists", a side's account of its fight)
               r"(?:killed|executed|murdered|tortured|massacred)\s+(?:\w+\s+){0,2}?(?:civilians|residents|"
               r"villagers|children|women|people|prisoners)|"
               r"started\s+(?:the\s+)?(?:fighting|war|clashes|hostilities|conflict))\b")
_FORCE_NOUNS = r"forces|troops|army|military|units|artillery|fighters"
_FORCES_ACTED = re.compile(
    rf"^(?:that\s+)?(?:[Tt]he\s+)?((?:[A-Z][a-z]{{3,}}|[A-Z]{{2,5}})(?:['’]s)?\s+(?:armed\s+)?(?:{_FORCE_NOUNS})|"
    r"[Aa]rmy|[Mm]ilitary|[A-Z][A-Za-z]+(?:\s+[A-Z][a-z]+){0,3}|[A-Z]{2,5})\s+"
    r"(?:had\s+|have\s+|has\s+)?(?:\w+ly\s+)?" + _ACT_OF_WAR)
_FORCES_ATTACKED = re.compile(
    r"^(?:that\s+)?(?:its|their|our)\s+(?:forces|troops|units|fighters|positions|bases?|camps?)\s+(?:had|have|has)\s+"
    r"been\s+(?:\w+\s+)?(?:attacked|shelled|targeted|besieged|surrounded|ambushed|bombed)\s+by\s+(?:the\s+)?"
    r"([\w’'-]+(?:\s+[\w’'-]+)?)")
_NEXT_CLAUSE = re.compile(r",?\s+and\s+that\s+")


def acting_party(content: str, parties: Parties) -> str | None:
    """The party whose forces the statement says did the act of war (`_FORCES_ACTED`, `_FORCES_ATTACKED`), in
    its first clause or in one joined by "and that", if one of the two; else the party whose weapon it says
    did the harm (`weapon_of`)."""
    for clause in _NEXT_CLAUSE.split(content.strip()):
        match = _FORCES_ACTED.match(clause) or _FORCES_ATTACKED.match(clause)
        if match is None or (party := parties.named_in(match.group(1))) is None:
            continue
        if _FORCES.search(match.group(1)) or (parties.group is not None and party == parties.group.name):
            return party  # a state acts through its forces; a group by its name ("the RSF had broken ...")
    return weapon_of(content, parties)


_WEAPON = r"(?:rockets?|missiles?|shells?|bombs?|drones?|launch|strikes?|airstrikes?)"
_HARMED = r"(?:misfired|fell|fallen|hit|struck|caused|killed|exploded|broke\s+up|landed|destroyed)"
# "a rocket fired by the Palestinian Islamic Jihad ... had misfired and fallen on the compound", "a failed
# rocket launch by the Palestinian Islamic Jihad caused the deadly blast", "rockets was fired by terrorists in
# Gaza ... at the time it was hit"
_FIRED_BY_WHOM = re.compile(
    rf"\b{_WEAPON}\s+(?:(?:had\s+|has\s+)?(?:been\s+)?(?:was\s+|were\s+)?(?:fired|launched|dropped)\s+)?by\s+"
    rf"(?:the\s+)?([A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){{0,3}}|[a-z]+)\b(?=[^.;]{{0,80}}?\b{_HARMED}\b)")
# "appeared to have been caused by militants rather than by Israel" (not "the flooding caused by Russia's
# destruction of the dam", a phrase of a toll); "an Israeli air strike had killed at least 500 people",
# "killed in the Israeli air strike"
_CAUSED_BY_WHOM = re.compile(r"\b(?:was|were|been|be|is|are)\s+(?:\w+\s+)?caused\s+by\s+(?:the\s+)?"
                             r"([A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,3}|[a-z]+)\b")
_PARTYS_WEAPON = re.compile(
    rf"\b(?:an?|the)\s+([A-Z][\w’'-]+)\s+(?:air\s+)?{_WEAPON}\s+(?:had\s+|has\s+)?{_HARMED}\b|"
    r"\bkilled\s+in\s+(?:an?|the)\s+([A-Z][\w’'-]+)\s+(?:air\s+)?(?:strike|airstrike|attack|bombing|shelling)\b")


def weapon_of(content: str, parties: Parties) -> str | None:
    """The party the statement says fired what did the harm, or caused it, if one of the two."""
    for pattern in (_FIRED_BY_WHOM, _CAUSED_BY_WHOM, _PARTYS_WEAPON):
        for match in pattern.finditer(content):
            who = next(g for g in match.groups() if g)
            if (party := parties.named_in(who)) is not None:
                return party
    return None


_FORCES = re.compile(rf"\b(?:{_FORCE_NOUNS})\b", re.IGNORECASE)


def _blame_groups(ctx: _Context, story: str, used: set[str]) -> tuple[list[ClaimGroup], list[Dispute]]:
    by_event: dict[str, list[Member]] = defaultdict(list)
    blamed: dict[str, tuple[str, str]] = {}  # attribution id -> (event, the party it holds responsible)
    parties = ctx.index.parties
    first, second = parties.names
    for text, attribution, where in _blame_statements(ctx):
        doc_id = attribution.doc_id
        sentence = where.text
        event = _earlier_event_of(text, where) or ctx.event_of(doc_id, sentence) or "event"
        if _TRUCE_BROKEN.search(sentence):
            event = "breach of the ceasefire"  # "the army had violated it": blame for the truce, apart
        if ctx.index.rebels and _MUTINY.search(sentence) and not anchor_of(sentence):
            event = "mutiny"  # "Putin has described the actions of the Wagner Group as an armed mutiny"
        _, side = ctx.speaker_side(attribution)
        party = blamed_party(attribution, side, sentence, rebels_against=ctx.index.rebels_against,
                             claimants=ctx.index.claimants, parties=parties,
                             accused_parties=ctx.accused)
        position = _blame_position(party, parties)
        # the group's proposition is "Russia caused it"; other parties' blame contradicts it
        stance = ("supports" if party in (first, f"NOT {second}")
                  else "reports" if party is None else "contradicts")
        by_event[event].append(ctx.attribution_member(attribution, stance=stance, position=position))
        used.add(attribution.id)
        if party is not None and not party.startswith("NOT "):
            blamed[attribution.id] = (event, party)
    _add_denials_of_blame(ctx, by_event, blamed, used)
    order = [_blame_position(party, parties) or ""
             for party in (first, f"NOT {second}", second, f"NOT {first}")]
    if ctx.accused:
        order = _accused_in_turn([m for members in by_event.values() for m in members], ctx.accused, parties)
    by_event = {event: _denials_of_an_account(members) for event, members in by_event.items()}
    return _event_groups(story, "blame", by_event, "Who is responsible for the {event}", order=order)


_MUTINY = re.compile(rf"\b(?:{MUTINY_WORDS}|mutin\w*|мятеж\w*)", re.IGNORECASE)


def _accused_in_turn(members: list[Member], accused: Set[str], parties: Parties) -> list[str]:
    """With many accused, each party's "is responsible" and "is not responsible" side by side, the parties in
    the order they were first named (by publication day)."""
    party_of = {_blame_position(held, parties): party
                for party in accused for held in (party, f"NOT {party}")}
    first_named: dict[str, str] = {}
    for m in sorted(members, key=lambda m: m.published or "9999"):
        if m.position in party_of:
            first_named.setdefault(party_of[m.position], m.published or "9999")
    in_turn = sorted(first_named, key=lambda party: (first_named[party], party))
    return [_blame_position(held, parties) or "" for party in in_turn for held in (party, f"NOT {party}")]


def _blame_statements(ctx: _Context) -> list[tuple[str, Attribution, Span]]:
    """The story's statements of blame (`is_blame`), each with its document's text and its sentence."""
    found = []
    for extraction in ctx.extractions.values():
        text = extraction.document.text
        for attribution in extraction.attributions:
            where = sentence_at(text, attribution.start, attribution.end)
            if is_blame(attribution, where.text, text[attribution.start : attribution.end],
                        in_event_report=ctx.reports_the_event(extraction.document.id),
                        claimed=bool(ctx.index.claimants), parties=ctx.index.parties):
                found.append((text, attribution, where))
    return found


MANY_ACCUSED = 3  # parties held responsible outright, for a story whose blame has no "other party"


def accused_parties(statements: Iterable[Attribution]) -> frozenset[str]:
    """The parties a story's statements hold responsible outright (`accused_in`), when there are at least
    `MANY_ACCUSED` (Nord Stream: Britain, the United States, Russia, a pro-Ukrainian group); else none."""
    named = {accused for a in statements
             if (accused := accused_in(a.cue.text if a.cue else "", a.content_text)) is not None}
    return frozenset(named) if len(named) >= MANY_ACCUSED else frozenset()


def _add_denials_of_blame(ctx: _Context, by_event: dict[str, list[Member]],
                          blamed: dict[str, tuple[str, str]], used: set[str]) -> None:
    """ "He accused Defence Minister Sergei Shoigu of ordering a missile strike ... The Defence Ministry said
    the accusation was untrue": a denial that points back at a statement of blame (`blamed`: attribution id
    -> event, party) holds the blamed party not responsible, in that statement's group."""
    for extraction in ctx.extractions.values():
        for attribution in extraction.attributions:
            if attribution.id in used:
                continue
            denied = denied_statement(attribution, extraction.attributions, extraction.document.text)
            if denied is None or denied.id not in blamed:
                continue
            event, party = blamed[denied.id]
            by_event[event].append(ctx.attribution_member(attribution, stance="contradicts",
                                                          position=_blame_position(f"NOT {party}",
                                                                                   ctx.index.parties)))
            used.add(attribution.id)


def _denials_of_an_account(members: list[Member]) -> list[Member]:
    """A claimant who holds a party responsible and also denies its responsibility denies one account of
    what it did, not its blame: Leontyev blames Ukrainian shelling and "denied the information about the
    undermining of the Kakhovka hydroelectric power station by Ukrainian troops". Such a denial stays a
    member of the group, but takes no side in the dispute."""
    held = {(m.claimant.casefold(), m.position) for m in members if m.position}
    return [replace(m, position=None, stance="reports")
            if m.position and m.position.endswith(" is not responsible")
            and (m.claimant.casefold(), m.position.replace(" is not ", " is ")) in held
            else m for m in members]


def _event_groups(
    story: str, kind: str, by_event: dict[str, list[Member]], topic: str, *, id_kind: str | None = None,
    order: Sequence[str] | None = None, min_claimants: int = 1,
) -> tuple[list[ClaimGroup], list[Dispute]]:
    """One group per event of its members' positions; disputed (and a dispute) when it holds more than one
    position from at least `min_claimants` claimants."""
    groups: list[ClaimGroup] = []
    disputes: list[Dispute] = []
    for event, members in sorted(by_event.items()):
        members = _order(members)
        group_id = stable_id("grp", story, id_kind or kind, event)
        title = topic.format(event=event)
        positions = {m.position for m in members if m.position}
        disputed = len(positions) > 1 and len({m.claimant for m in members}) >= min_claimants
        first, last = _seen_range(members)
        # a question of cause that only one answer is given to, by independent sources of more than one side,
        # is settled
        settled = kind in SETTLED_KINDS and claim_status(members) == "corroborated"
        status = "disputed" if disputed else "corroborated" if settled else "claimed"
        groups.append(ClaimGroup(group_id, kind, title, members, status, first, last))
        if disputed:
            sides = _sides_by_position(members, order)
            disputes.append(Dispute(stable_id("dsp", group_id), kind, title, sides, group_id))
    return groups, disputes


# -- evidence and time ----------------------------------------------------------------------------


_ATTACK_EVENTS = ("raid", "attack", "incursion", "assault", "offensive", "strike")


@dataclass(frozen=True, slots=True)
class PositionPattern:
    """A recurring two-sided question in conflict reporting, found by the wording of each side.

    Every sentence of a story that uses one side's wording (and names the story's event, or sits in a
    document about it) becomes a member of that position, credited to the attribution that holds it.
    """

    kind: str
    topic: str  # formatted with the event ("raid", "dam")
    positions: tuple[tuple[str, re.Pattern[str]], ...]  # in display order; the first one "supports"
    prefer: str | None = None  # the position that wins when a sentence uses both wordings
    # the position of a speaker who denies the wording of `prefer` ("The Kremlin denied that Russia had
    # targeted civilians"), when a denial is the other side's answer rather than no answer
    denied: str | None = None
    # asked only of a story of a mutiny (`EntityIndex.rebels`), of which every sentence is about this event
    mutiny: bool = False
    # asked only of a story of protests (`_Context.protests`), of which every sentence is about them
    protests: bool = False
    # asked only of a story whose reports use these words at least twice ("ceasefire")
    needs: re.Pattern[str] | None = None
    # when a sentence uses several positions' wordings, the first of these it uses is its only position
    ranked: tuple[str, ...] = ()
    # asked only of sentences about these events (of any event, when empty): whether a strike hit its targets
    # is no question for a dam breach or a flood
    events: tuple[str, ...] = ()
    # never asked of sentences that use this wording (another question's)
    unless: re.Pattern[str] | None = None


# What a strike hit, the commonest dispute of strike reporting: a command post (the striking side) or a
# restaurant where people were having dinner (the struck side). A denial of military presence is the civilian
# position even though it names the military ("There was no command post there").
_MILITARY_SITE = re.compile(
    r"\b(command (?:post|centre|center)|(?:temporary )?deployment (?:point|site)|headquarters|"
    r"military (?:target|facilit(?:y|ies)|installation|infrastructure|objects?|site)|"
    r"(?:housed|hosted|sheltered) (?:Ukrainian |Russian |the )?"
    r"(?:officers|soldiers|troops|military|fighters)|"
    r"used by the (?:Ukrainian |Russian )?(?:military|army|armed forces|troops)|human shields?|"
    # the striking side's denial: "its forces had not targeted civilian areas"
    r"(?:not|never) (?:been )?(?:target(?:ed)?|strike|struck|hit) civilian (?:targets?|infrastructure|sites?|"
    r"buildings?|areas?|objects?)|"
    r"пункт\w* (?:временной )?(?:дислокации|управления)|командн\w* пункт\w*|военн\w* объект\w*|"
    r"пункт\w* (?:тимчасової )?дислокації)",
    re.IGNORECASE)
_CIVILIAN_SITE = re.compile(
    # not "there can be no military solution to the conflict"
    r"\b((?:there (?:was|were) )?no (?:military|command post|soldiers|troops|officers|army)\b"
    r"(?! (?:solution|option|answer|path|way|means|escalation)\b)|"
    r"(?:was|were) not (?:a )?(?:military|command post)|"
    r"(?<!not strike )(?<!not target )(?<!never strike )(?<!never target )(?<!not targeted )"
    r"(?<!never targeted )(?<!not struck )(?<!not hit )"
    r"civilian (?:target|infrastructure|site|building|area|objects?)|places where civilians|"
    r"(?:ordinary|crowded|busy|popular) (?:restaurant|caf[eé]|market|shopping (?:centre|center|mall))|"
    r"residential (?:areas?|buildings?|blocks?|neighbou?rhoods?)(?![^.]*human shield)|"
    r"people having (?:dinner|lunch|breakfast)|(?:targeted|targeting|attacked|attacking) civilians|"
    r"(?:hit|hitting|struck|striking|targeted|targeting) (?:a|the) (?:crowded |busy |popular )?"
    r"(?:restaurant|caf[eé]|market|hospital|school|shopping (?:centre|center|mall)|"
    r"apartment (?:block|building))|"
    r"попал\w* в (?:ресторан|кафе|рынок|больниц\w*|школ\w*|жил\w* дом)|влучил\w* в (?:ресторан|кафе))",
    re.IGNORECASE)

# Whether one state's forces took the other's territory, the commonest dispute of border fighting:
# "Azerbaijani forces had seized 10 square kilometres of Armenian territory" against "The Azerbaijani army
# has not crossed into the territory of Armenia", "Azerbaijan denied that its troops had crossed into
# Armenia", "Claims ... that the Azerbaijani army occupied Armenian territory are groundless". A verb with
# its auxiliary, so that "the occupied territories" (a place's description) is no claim.
_TERRITORY_TAKEN = re.compile(
    r"\b(?:has|have|had|was|were|been|to|is|are)\s+(?:\w+\s+)?(?:seiz(?:e|ed|ing)|captur(?:e|ed|ing)|"
    r"occup(?:y|ied|ying))\b[^.;]{0,50}?\bterritor(?:y|ies)\b|"
    r"\b(?:occupation|seizure|capture) of (?:its|our|their|[A-Z]\w+['’]s|[A-Z]\w+(?:ian|ani|i|ese|ish)) "
    r"(?:sovereign )?territor(?:y|ies)\b|"
    # "it had taken control of the presidential palace ... and the airports in Khartoum and Merowe"
    r"\b(?:has|have|had|was|were|been)\s+(?:\w+\s+)?(?:taken|seized|captured|gained|assumed)\s+(?:full\s+)?"
    r"control\s+(?:of|over)\b")
_TERRITORY_NOT_TAKEN = re.compile(
    r"\b(?:has|have|had|did|does|do)\s+not\s+(?:\w+\s+){0,2}?(?:crossed|entered|occupied|seized|captured)\b|"
    r"\bden(?:y|ied|ies)\s+(?:that\s+)?(?:its|their|the)\s+(?:\w+\s+)?(?:troops|forces|army|units|soldiers)\s+"
    r"(?:had\s+|have\s+)?(?:crossed|entered|occupied|seized|captured)\b|"
    r"\b(?:claims?|reports?|allegations?|assertions?)\b[^.;]{0,100}\b(?:occup\w*|seiz\w*|captur\w*)\b[^.;]{0,80}"
    r"\b(?:are|is|were|was)\s+(?:\w+\s+)?[\"“]?(?:groundless|baseless|unfounded|false|untrue|lies|disinformation)\b|"
    # "the palace and the army's general command remained under its control", "had not lost the palace"
    r"\bremain(?:s|ed)?\s+(?:firmly\s+|fully\s+)?(?:under|in)\s+(?:its|their|our|the\s+\w+['’]s|\w+)\s+"
    r"(?:full\s+)?(?:control|hands)\b|"
    r"\b(?:has|have|had|did)\s+not\s+lost\b|"
    r"\bclaims\s+(?:were|are|was|is)\s+(?:\w+\s+)?(?:false|untrue|lies|groundless|baseless)\b[^.;]{0,80}"
    r"\bunder\s+(?:its|their|our)\s+control\b",
    re.IGNORECASE)
TERRITORY = PositionPattern(
    "territory",
    "Whether territory was taken in the {event}",
    (("territory was taken", _TERRITORY_TAKEN), ("no territory was taken", _TERRITORY_NOT_TAKEN)),
    prefer="no territory was taken",
    denied="no territory was taken",
    events=_ATTACK_EVENTS,
)
# Whether a ceasefire took hold, asked of a story that reports one: "Moscow had brokered a ceasefire that took
# effect at 9 a.m." against "Armenian officials said the shelling had not stopped".
_TRUCE = r"(?:ceasefire|cease-fire|truce|humanitarian pause)"
# a truce named with its breach: "The RSF said it had agreed to the truce and that the army had violated it"
_BREACH = r"(?:violat\w*|broke|broken|breach\w*|breaking)"
_TRUCE_BROKEN = re.compile(rf"\b{_TRUCE}\b[^.;]*\b{_BREACH}\b|\b{_BREACH}\s+(?:the\s+|a\s+)?{_TRUCE}\b",
                           re.IGNORECASE)
_CEASEFIRE_HELD = re.compile(
    rf"\b{_TRUCE}\b[^.;]{{0,60}}?\b(?:took effect|came into (?:force|effect)|(?:was|had been|has been) "
    rf"(?:agreed|reached|brokered|established)|(?:largely |mostly )?(?:held|holds|holding))\b|"
    rf"\b(?:agreement|deal) (?:was|had been|has been) reached on an? {_TRUCE}|\bbrokered an? {_TRUCE}",
    re.IGNORECASE)
_FIGHTING_WENT_ON = re.compile(
    rf"\b(?:shelling|fighting|attacks?|clashes|firing|hostilities)\s+(?:had|has|have)\s+not\s+"
    rf"(?:yet\s+)?(?:stopped|ceased|ended)|"
    rf"\b(?:attacks?|shelling|fighting|clashes)\s+(?:continue[sd]?|went on|goes on)\b|"
    rf"\bviolat\w*\s+(?:the\s+)?{_TRUCE}|\b{_TRUCE}\s+(?:was|had been|has been)\s+violated|"
    rf"\bdespite the {_TRUCE}|\b{_TRUCE}\b[^.;]{{0,60}}?\b(?:collapsed|broke down|fell apart|was broken)\b|"
    rf"\b{_TRUCE}\b[^.;]*\b(?:violated|broken|breached|broke)\s+it\b|"
    rf"\b(?:gunfire|explosions|shelling|fighting|clashes|air strikes)\s+(?:and\s+\w+\s+)?"
    rf"(?:continued|went on)\b",
    re.IGNORECASE)
CEASEFIRE = PositionPattern(
    "ceasefire",
    "Whether a ceasefire held in the {event}",
    (("a ceasefire took hold", _CEASEFIRE_HELD), ("the fighting went on", _FIGHTING_WENT_ON)),
    prefer="the fighting went on",
    needs=re.compile(rf"\b{_TRUCE}\b", re.IGNORECASE),
    events=_ATTACK_EVENTS,
)
# Whether the police used excessive force, the commonest dispute of protest reporting: "police had charged
# peaceful marchers", "excessive use of force by agents of the state" against "There was no excessive use of
# force", "the police had acted in a proportionate way", "with great restraint"
_EXCESSIVE_FORCE = re.compile(
    r"\b(?:excessive (?:use of )?force|disproportionate (?:use of )?(?:force|violence)|"
    r"police (?:violence|brutality)|"
    r"(?:charged|beat|beaten|beating|clubbed|attacked) (?:peaceful |unarmed )?"
    r"(?:marchers|protesters|demonstrators)|"
    r"(?:fired|shot) tear gas (?:into|at) (?:the )?(?:crowd|peaceful)|arbitrary arrests|"
    # "had fired live ammunition at protesters", "opened fire on protesters"
    r"(?:fired|firing|used|using) live (?:ammunition|rounds|fire|bullets)|"
    r"opened fire on (?:the )?(?:peaceful |unarmed )?"
    r"(?:marchers|protesters|demonstrators|mourners|crowds?))\b",
    re.IGNORECASE)
_FORCE_WAS_LAWFUL = re.compile(
    r"\b(?:(?:no|not|never|without) (?:any )?(?:use of )?(?:excessive|disproportionate) (?:use of )?force|"
    r"den(?:y|ies|ied|ying) (?:that )?(?:\w+ ){0,4}(?:had )?(?:used|using) "
    r"(?:excessive|disproportionate) force|"
    r"den(?:y|ies|ied|ying) (?:that )?(?:\w+ ){0,4}(?:had )?(?:used|using|fired|firing) live "
    r"(?:ammunition|rounds|fire|bullets)|"
    r"(?:acted|behaved|responded|intervened) (?:in a )?(?:proportionate(?:ly)?|lawfully|professionally|"
    r"proportionate (?:way|manner))|[\"“]?with (?:great |remarkable |exemplary )?restraint|"
    r"not (?:a country where (?:the )?police|there to) (?:beat|hit|attack)\w*)",
    re.IGNORECASE)
POLICE_FORCE = PositionPattern(
    "police force",
    "Whether the police used excessive force in the {event}",
    (("the police used excessive force", _EXCESSIVE_FORCE),
     ("the police used no excessive force", _FORCE_WAS_LAWFUL)),
    prefer="the police used no excessive force",
    protests=True,
)
# Whether a strike hit its targets or was shot down, the commonest dispute of air war reporting: the
# striking side's "All designated targets have been hit", "a Kinzhal missile had destroyed the system's
# radar", "Western air defence systems could not intercept it" against the struck side's "shot down all 18
# missiles", and a third party's "damaged, but not destroyed", "remains operational".
_KILL = r"(?:hit|struck|destroyed|disabled|knocked out|took out)"
# an aircraft shot down, which is the question of what brought it down (`CRASH_CAUSE`), not of a strike's
# interception: "the plane had been shot down by the Ukrainian armed forces", "shot down an Il-76 plane"
_AIRCRAFT = r"(?:plane|jet|aircraft|airliner|helicopter|flight)"
_AIRCRAFT_DOWNED = (rf"\b{_AIRCRAFT}\b[^.;]{{0,40}}?\b(?:was|were|had been|has been)\s+(?:\w+\s+)?"
                    rf"shot down\b|"
                    rf"\bshot down (?:an? |the )?(?:[\w-]+ ){{0,3}}?{_AIRCRAFT}\b|"
                    rf"\bshot (?:it|the (?:[\w-]+ ){{0,2}}?{_AIRCRAFT}) down\b")
_AIRCRAFT_LOST = re.compile(rf"{_AIRCRAFT_DOWNED}|\b{_AIRCRAFT}\b[^.;]{{0,60}}?\bcrash(?:ed|es)\b|"
                            rf"\bcrash of (?:the |a |an )?(?:[\w-]+ ){{0,3}}?{_AIRCRAFT}\b|"
                            rf"\b(?:plane|air) crash\b", re.IGNORECASE)
_WAR_MATERIEL = (r"(?:systems?|radars?|launchers?|batter(?:y|ies)|air[ -]defen[cs]es?|"
                 r"(?:aircraft )?carriers?|warships?|ships?|vessels?|depots?|tanks?|jets?|aircraft|"
                 r"airfields?|HIMARS|Patriot)")
_UNTRUE = (r"(?:(?:did|do|does) not correspond to reality|(?:are|were|is|was) (?:\w+ )?(?:false|untrue|lies|"
           r"groundless|baseless|nonsense|not supported)|(?:are|were|is|was) not true)")
_REPELLED = r"(?:repelled|repulsed|thwarted|foiled)"
_STATEMENTS = r"(?:claims?|statements?|reports?|assertions?|allegations?)"
_COUNT = r"(?:at least\s+)?(?:\d+|two|three|four|five|six|seven|eight|nine|ten|several)"
_TARGETS_HIT = re.compile(
    rf"\b(?:designated|assigned|intended|planned|all)\s+(?:\w+\s+)?targets?\s+(?:have|has|had|were|was)\s+"
    rf"(?:been\s+)?(?:hit|struck|destroyed|reached)\b|"
    # "Drones struck an airfield", "damaging four Il-76 military transport aircraft", "two of the aircraft had
    # been destroyed"
    rf"\b(?:drones?|missiles?|rockets?|strikes?)\s+(?:\w+\s+)?(?:struck|hit)\s+(?:a|an|the)\s+"
    rf"(?:[\w'’.-]+\s+){{0,3}}?{_WAR_MATERIEL}\b|"
    rf"\b(?:damag|destroy|hitt)(?:ing|ed)\s+{_COUNT}\s+(?:[\w'’.-]+\s+){{0,3}}?{_WAR_MATERIEL}\b|"
    rf"\b{_WAR_MATERIEL}\s+(?:had\s+been|have\s+been|has\s+been|were|was)\s+(?:\w+\s+)?(?:destroyed|hit)\b|"
    rf"\bgoals?\s+of\s+the\s+(?:strike|attack)\s+(?:has|have|had|was|were)\s+(?:been\s+)?achieved\b|"
    rf"\b(?:has|have|had)\s+(?:\w+\s+)?{_KILL}\s+(?:a|an|the|its|their|\d+|two|three|four|five|six)\s+"
    rf"(?:[\w'’.-]+\s+){{0,5}}?{_WAR_MATERIEL}\b|"
    rf"\b(?:strike|missile|attack)\b[^.;]{{0,80}}?\b(?:destroyed|disabled)\s+(?:the|a|an|its|{_COUNT})\s+"
    rf"(?:[\w'’.-]+\s+){{0,3}}?{_WAR_MATERIEL}\b|"
    rf"\b(?:could|can)\s*(?:not|n['’]t)\s+(?:be\s+)?intercept\w*|\b(?:impossible|unable)\s+to\s+intercept\b|"
    rf"\b{_STATEMENTS}\b[^.;]{{0,80}}?\b(?:{SHOOTING_DOWN}|{_REPELLED})\b[^.;]{{0,80}}?\b{_UNTRUE}",
    re.IGNORECASE)
_NOT_DESTROYED = re.compile(
    rf"\bdamaged,?\s+(?:but\s+)?not\s+destroyed\b|\b(?:minimal|minor|slight|limited|some)\s+damage\b|"
    rf"\b(?:remains?|remained|is|was|are|were)\s+(?:still\s+|fully\s+)?(?:operational|up and running|intact|"
    rf"in service|fully functional)\b|"
    rf"\b(?:could\s*(?:not|n['’]t)|did\s*(?:not|n['’]t)|never)\s+(?:have\s+)?destroy(?:ed)?\s+(?:a|an|the|any)\b|"
    rf"\b{_STATEMENTS}\b[^.;]{{0,80}}?\b(?:destroy\w*|hit)\b[^.;]{{0,80}}?\b{_UNTRUE}",
    re.IGNORECASE)
_SHOT_DOWN = re.compile(
    rf"\b{SHOOTING_DOWN}\b|"
    # "Russian air defence systems destroyed Ukrainian drones over ...", "the attempt ... to carry out
    # terrorist attacks with unmanned aerial vehicles was thwarted", "repelling a drone attack on the airport"
    rf"{INTERCEPTED_MUNITIONS}|"
    rf"\b(?:attacks?|attempt)\b[^.;]{{0,80}}\b(?:was|were|had been|has been)\s+(?:\w+\s+)?{_REPELLED}\b|"
    rf"\brepelling\s+(?:a|an|the)\s+(?:\w+\s+)?attack\b|"
    rf"\b(?:missiles|drones|rockets)\b[^.;]{{0,40}}?\b(?:were|was|had been|have been)\s+(?:also\s+)?"
    rf"(?:destroyed|neutrali[sz]ed)\b",
    re.IGNORECASE)
INTERCEPTION = PositionPattern(
    "interception",
    "Whether the {event} hit its targets",
    (("the targets were hit", _TARGETS_HIT), ("a target was damaged, not destroyed", _NOT_DESTROYED),
     ("the missiles were shot down", _SHOT_DOWN)),
    # "the claims that it had intercepted Kinzhal missiles did not correspond to reality" holds the
    # interception wording too; "Russian claims that the strike destroyed a Patriot system are not supported"
    # the striking side's
    ranked=("a target was damaged, not destroyed", "the targets were hit"),
    # missiles or drones said to be shot down, twice: not a mutiny's "shot down several military helicopters"
    needs=re.compile(rf"\b(?:{SHOOTING_DOWN}|destroyed)\b[^.;]{{0,60}}\b{MUNITIONS}|"
                     rf"\b{MUNITIONS}[^.;]{{0,60}}\b(?:{SHOOTING_DOWN}|destroyed)\b", re.IGNORECASE),
    events=_ATTACK_EVENTS,
    # "the plane had been shot down by the Ukrainian armed forces with two missiles": what brought it down
    unless=re.compile(_AIRCRAFT_DOWNED, re.IGNORECASE),
)
# What brought an aircraft down, the commonest dispute of a crash in a war: a missile ("had been shot down by
# Russian air defences", "hit by air defence missiles") against a bomb ("an intentional explosion on board",
# "a bomb or some other device on the plane"), a third party's "no indication that a surface-to-air missile
# had struck the jet", and the official "the cause of the crash had not yet been established".
_SHOT_DOWN_AIRCRAFT = re.compile(
    rf"{_AIRCRAFT_DOWNED}|\bit\s+(?:was|had been|has been)\s+(?:\w+\s+)?shot down\b|"
    rf"\b(?:{_AIRCRAFT}|it)\b[^.;]{{0,30}}?\b(?:hit|struck|downed) by (?:an? |the )?(?:[\w-]+ ){{0,3}}?"
    rf"missiles?\b|"
    rf"\b(?:surface-to-air|anti-aircraft|air[ -]defen[cs]e) missiles?\b[^.;]{{0,40}}?"
    rf"\b(?:struck|hit|downed)\b|"
    # an air defence crew's error, the usual admission: "an operator had mistaken the airliner for a cruise
    # missile"
    rf"\b(?:mistaken|mistook|mistaking) (?:the |an? )?(?:[\w-]+ ){{0,2}}?{_AIRCRAFT} for\b",
    re.IGNORECASE)
_NO_MISSILE = re.compile(
    r"\bno (?:indication|information|evidence|sign)s?\b[^.;]{0,60}?"
    r"\b(?:missiles?|shot down|air defen[cs]es?)\b|"
    r"\b(?:was|were|had|has) not (?:been )?(?:shot down|hit by (?:an? )?missile)|"
    r"\bnot (?:hit|struck|downed) by (?:an? |any )?missile|"
    # "it is impossible that a missile hit the Ukrainian plane", "a missile could not have struck the
    # airliner", "denied that a missile had hit the plane", "called the missile reports illogical rumours"
    r"\bimpossible (?:that|for) (?:an? |any |the )?missiles? (?:to )?(?:hit|struck|strike|downed|down)\b|"
    r"\bmissiles? (?:could|can)(?: not|n['’]t) have (?:hit|struck|downed|brought)\b|"
    r"\bden(?:y|ied|ies|ying) (?:that )?(?:an? |any )?missiles? (?:had |has )?"
    r"(?:hit|struck|downed|brought)\b|"
    r"\bmissile (?:reports?|claims?|theor(?:y|ies)|allegations?|version)\b[^.;]{0,30}?"
    r"\b(?:illogical|rumou?rs?|lies?|false|baseless|groundless|nonsense)\b",
    re.IGNORECASE)
# a fault of the aircraft itself: "the plane had caught fire after a technical problem", "caused by an engine
# failure"
_TECHNICAL_FAULT = re.compile(
    r"\b(?:technical|mechanical) (?:problems?|faults?|failures?|malfunctions?|issues?)\b|"
    r"\bengine (?:failures?|fires?|malfunctions?|problems?|trouble)\b",
    re.IGNORECASE)
_BOMB_ON_BOARD = re.compile(
    rf"\b(?:explosions?|blasts?|bombs?|explosives?|explosive devices?)\b[^.;]{{0,40}}?"
    rf"\b(?:on board|aboard)\b|"
    rf"\b(?:bomb|explosives?|(?:explosive )?device) (?:on|aboard) (?:the |a |an )?{_AIRCRAFT}\b|"
    rf"\bintentional explosion\b",
    re.IGNORECASE)
_CAUSE_UNKNOWN = re.compile(
    r"\bcause\b[^.;]{0,40}?\b(?:(?:has|had|have) not (?:yet )?been (?:established|determined|identified)|"
    r"(?:is|was|remains?|remained) (?:still )?(?:unknown|unclear|not known)|"
    r"not (?:yet )?(?:established|known))|"
    # "investigators were checking four versions, among them a missile strike and an engine explosion"
    r"\b(?:checking|examining|considering|investigating|looking (?:at|into))\s+(?:all\s+)?(?:\w+\s+)?"
    r"(?:versions|theories|hypothes[ie]s|possibilities|scenarios)\b",
    re.IGNORECASE)
CRASH_CAUSE = PositionPattern(
    "cause",
    "What caused the {event}",
    (("it was shot down", _SHOT_DOWN_AIRCRAFT), ("an explosion on board", _BOMB_ON_BOARD),
     ("a technical fault", _TECHNICAL_FAULT), ("no missile hit it", _NO_MISSILE),
     ("the cause is not established", _CAUSE_UNKNOWN)),
    # "there was no indication that a surface-to-air missile had struck the jet" names the missile it denies
    prefer="no missile hit it",
    # a crash, or an attack in a story whose reports lose an aircraft twice ("Kyiv shot down an Il-76 plane")
    events=("crash", *_ATTACK_EVENTS),
    needs=_AIRCRAFT_LOST,
)
# Whether the aircraft left its course, the question of an airliner shot down near a military site: "the plane
# flew close to a sensitive military site", "had turned toward the site" against "had not changed course",
# "The plane was in the corridor the airport gave it. There was no deviation"
_OFF_COURSE = re.compile(
    r"\b(?:turned|veered|deviated|strayed|swerved|banked)\s+(?:\w+\s+)?(?:toward|towards|off|from)\b|"
    r"\bchanged\s+(?:its\s+)?course\b|"
    r"\bflew\s+(?:close\s+to|near|over)\s+(?:a\s+|an\s+|the\s+)?(?:sensitive\s+|restricted\s+)?military\b|"
    r"\bleft\s+(?:its|the)\s+(?:assigned\s+)?(?:corridor|route|course|flight path)\b",
    re.IGNORECASE)
_ON_COURSE = re.compile(
    r"\b(?:had|has|did)\s+not\s+(?:changed?|deviated?|left|leave|strayed?)\s+(?:from\s+)?(?:its\s+)?"
    r"(?:course|route|corridor|flight path)\b|\bno\s+deviation\b|"
    r"\b(?:in|within|on)\s+the\s+(?:corridor|route|flight path)\s+(?:\w+\s+){0,4}?"
    r"(?:assigned|gave|given|allocated|approved)\b|"
    r"\bnever\s+left\s+its\s+(?:corridor|course|route)\b",
    re.IGNORECASE)
# When the dead died, the question of an atrocity an army denies: while its forces held the town ("the bodies
# had been lying in the street since at least March 18, when Russian forces were in control of the town")
# or after they left ("the so-called evidence of crimes had appeared only four days later", "the bodies
# appeared after its troops had left")
_HOLDING_FORCES = r"(?:forces|troops|soldiers|army|units|military)"
_WHILE_HELD = re.compile(
    rf"\b(?:when|while|as)\s+(?:the\s+)?(?:[\w-]+\s+){{0,2}}?{_HOLDING_FORCES}\s+(?:were|was)\s+(?:still\s+)?"
    rf"(?:in\s+control|occupying|in\s+the\s+town|there)\b|"
    rf"\bbefore\s+(?:the\s+)?(?:[\w-]+\s+){{0,2}}?{_HOLDING_FORCES}\s+(?:had\s+)?(?:left|withdrew|pulled\s+out)\b",
    re.IGNORECASE)
_AFTER_THEY_LEFT = re.compile(
    # "During the time the town was under the control of Russian armed forces, not a single local resident
    # suffered from any violent action"
    r"\bnot\s+a\s+single\s+(?:local\s+)?(?:resident|civilian|person|inhabitant)\b[^.;]{0,30}?"
    r"\b(?:suffered|was\s+(?:harmed|hurt|injured|killed))\b|"
    rf"\b(?:appeared|emerged|surfaced|were\s+placed|were\s+planted)\b[^.;]{{0,40}}?"
    rf"\b(?:only\s+)?(?:(?:\w+\s+)?days\s+later|after\s+(?:its|their|the|[A-Z][\w-]*)\s+(?:[\w-]+\s+)?"
    rf"{_HOLDING_FORCES}\s+(?:had\s+)?(?:left|withdrew|withdrawn|pulled\s+out))\b",
    re.IGNORECASE)
CONTROL = PositionPattern(
    "control",
    "Whose forces held the place when the {event} happened",
    (("while the army held the place", _WHILE_HELD), ("after the army left", _AFTER_THEY_LEFT)),
    events=("killings",),
)
# What killed a detainee, the question of a death in custody: blows (a witness's "beaten on the head inside a
# police van", the family's "had no heart condition") against an illness (the police's "a sudden heart
# attack", "There was no physical contact", the coroner's "not caused by blows ... but by multiple organ
# failure")
_NOT_SAID_BEFORE = r"(?<!not )(?<!never )(?<!n['’]t )"
_BLOWS = re.compile(
    rf"{_NOT_SAID_BEFORE}\b(?:was|were|had been|has been|been|being)\s+(?!not\b|never\b)(?:\w+ly\s+)?"
    rf"(?:beaten|tortured|assaulted|battered)\b|"
    rf"{_NOT_SAID_BEFORE}\b(?:beat|beating|tortured|torturing)\s+(?:her|him)\b|"
    r"\bno (?:history of )?(?:heart|health|medical|pre-existing) "
    r"(?:conditions?|problems?|issues?|diseases?)\b|"
    r"\bin (?:perfect|good|full) health\b|\b(?:was|were) (?:perfectly |completely )?healthy\b|"
    r"\bbruis(?:es|ing)\b|\bskull fractures?\b|"
    # the family of the dead turning down the official finding: "Amini's family rejected the report"
    r"\b(?:rejected|dismissed|disputed)\s+(?:the\s+)?(?:forensic\s+|coroner['’]s\s+|medical\s+|autopsy\s+|"
    r"official\s+)?(?:report|findings|conclusions?)\b",
    re.IGNORECASE)
_ILLNESS = re.compile(
    r"(?<!no )(?<!any )\b(?:(?:sudden )?heart (?:attack|failure|problems?|conditions?|disease)|"
    r"cardiac arrest|"
    r"organ failure|cerebral hypoxia|(?:an? )?(?:underlying|pre-existing) (?:illness|conditions?|disease)|"
    r"natural causes)\b|"
    r"\b(?:no|not any) physical contact\b|"
    r"\b(?:had|has|have|was|were|did) not (?:been )?"
    r"(?:harmed|beaten|hit|touched|mistreated|tortured|struck)\b|"
    r"\bnot caused by (?:any )?blows\b|"
    r"\b(?:claims?|reports?|allegations?|accusations?)\s+that\s+(?:she|he|they)\s+(?:had\s+)?(?:been\s+)?"
    r"(?:beaten|tortured)\b[^.;]{0,40}?\b(?:unfair|false|baseless|lies|untrue)\b",
    re.IGNORECASE)
DEATH_CAUSE = PositionPattern(
    "cause",
    "What caused the {event}",
    (("blows, not illness", _BLOWS), ("illness, not blows", _ILLNESS)),
    # "not caused by blows to her head ... but by multiple organ failure", "called the claims that she had
    # been beaten unfair accusations": the wording of blows inside a denial of them
    prefer="illness, not blows",
    events=("death in custody",),
)
# What sank a ship, the question of a warship lost in a war: a strike ("Two Ukrainian Neptune missiles struck
# the Russian cruiser", "were caused by its missiles", "caught fire after the strike") against an accident on
# board ("A fire broke out on the missile cruiser Moskva, detonating ammunition"), and "could not confirm what
# had caused the explosion"
_SHIP_STRUCK = re.compile(
    r"\b(?:missiles?|torpedo(?:es)?|drones?|rockets?)\b[^.;]{0,60}?\b(?:struck|hit|sank|sunk|caused|"
    r"damaged)\b|"
    r"\b(?:struck|hit|attacked|targeted)\b[^.;]{0,100}?\bwith\s+(?:\w+\s+){0,3}?"
    r"(?:missiles?|torpedo(?:es)?|drones?)\b|"
    r"\bcaused\s+by\s+(?:(?:its|their|the|an?|\w+['’]s)\s+)?(?:[\w-]+\s+){0,2}?(?:missiles?|torpedo(?:es)?|"
    r"strikes?|attacks?)\b|"
    r"\bafter\s+(?:the|a|an)\s+(?:missile\s+|drone\s+)?(?:strike|attack)\b",
    re.IGNORECASE)
_FIRE_ON_BOARD = re.compile(
    r"\bfire\s+(?:broke out|had broken out|started|had detonated|detonated)\b|"
    r"\bdetonat\w*\s+(?:of\s+)?(?:the\s+)?(?:ship['’]s\s+)?ammunition\b|"
    r"\bammunition\s+(?:exploded|detonated|blew up)\b|\bfire\s+(?:on board|aboard)\b",
    re.IGNORECASE)
_NOT_ESTABLISHED = re.compile(
    rf"{_CAUSE_UNKNOWN.pattern}|"
    r"\bcause\b[^.;]{0,40}?\b(?:is|are|was)\s+being\s+(?:established|determined|investigated)\b|"
    r"\b(?:could|can)(?:\s+not|n['’]t)\s+(?:confirm|say|determine|establish)\s+what\s+(?:had\s+)?caused\b",
    re.IGNORECASE)
SINKING_CAUSE = PositionPattern(
    "cause",
    "What caused the {event}",
    (("a strike hit it", _SHIP_STRUCK), ("a fire on board", _FIRE_ON_BOARD),
     ("the cause is not established", _NOT_ESTABLISHED)),
    events=("sinking",),
)
# Whether a pipeline or cable was damaged on purpose: "looks like an act of sabotage", "hard to imagine that
# the leaks were accidental", "the result of deliberate attacks", "Traces of explosives were found" against an
# accident or a fault (not "any deliberate disruption ... would be met with a robust response", a warning)
_DELIBERATE = re.compile(
    r"\bsabotage\b|(?<!any )\bdeliberate(?:ly)?\b|\bintentional(?:ly)?\b|\bact of (?:sabotage|terror\w*)|"
    r"\bterrorist attack\b|\b(?:traces of |planted (?:the )?)explosives\b|"
    r"\b(?:hard|difficult) to imagine\b[^.;]{0,60}\baccident\w*|"
    r"\b(?:not|no|hardly|unlikely)\b[^.;]{0,20}\baccident\w*",
    re.IGNORECASE)
_ACCIDENTAL = re.compile(
    r"\baccident(?:al|ally)?\b|\btechnical (?:fault|failure|malfunction|problem)s?\b|\bcorrosion\b|"
    r"\bwear and tear\b", re.IGNORECASE)
SABOTAGE_CAUSE = PositionPattern(
    "cause",
    "What caused the {event}",
    (("deliberate sabotage", _DELIBERATE), ("an accident", _ACCIDENTAL)),
    prefer="deliberate sabotage",
    events=("sabotage",),
)
# Whether the town fought over was taken, the commonest dispute of a battle for one: the attacker's "Units of
# Wagner have taken control of the whole territory of Soledar", "The liberation of Soledar was completed"
# against the defender's "Fighting continues in Soledar", "Ukrainian forces are still holding Soledar",
# "rejecting the Russian claim that the town had been captured". The defender's later "troops have withdrawn
# from Soledar" gives the attacker's answer: a change of position (`position_changes`).
_PLACE_TAKEN = re.compile(rf"{PLACE_CAPTURED}|{PLACE_LEFT}", re.IGNORECASE)
_PLACE_HELD = re.compile(PLACE_HELD, re.IGNORECASE)
PLACE_TAKEN = PositionPattern(
    "capture",
    "Whether {place} was taken",
    (("{place} was taken", _PLACE_TAKEN), ("{place} is still held", _PLACE_HELD)),
    # "rejecting the claim that the town had been captured": the denial, not the claim it names
    prefer="{place} is still held",
    events=("battle",),
    # a supposition: "even if Soledar and Bakhmut fell to Russian forces, it would not have a strategic
    # impact"
    unless=re.compile(r"\b(?:even\s+)?if\b[^.;]{0,80}\b(?:fell|falls?|taken|captured)\b", re.IGNORECASE),
)
COURSE = PositionPattern(
    "course",
    "Whether the aircraft changed course before the {event}",
    (("the aircraft changed course", _OFF_COURSE), ("the aircraft kept its course", _ON_COURSE)),
    prefer="the aircraft kept its course",
    events=("crash", *_ATTACK_EVENTS),
    needs=_AIRCRAFT_LOST,
)
POSITION_PATTERNS = (
    PositionPattern(
        "evidence",
        "Evidence for who caused the {event}",
        (("evidence claimed", _HAS_EVIDENCE), ("no evidence offered", _NO_EVIDENCE)),
        prefer="no evidence offered",
    ),
    PositionPattern(
        "outcome",
        "Outcome of the {event}",
        (
            ("the attack was repelled", re.compile(
                r"\b(repelled|repulsed|driven back|pushed (back|out)|"
                r"(were|was|been) (completely )?eliminated|"
                r"(were|been|has|had|have) (destroyed|neutrali[sz]ed|routed|wiped out|liquidated)|"
                r"attack was (stopped|thwarted|foiled)|counter-?terror(ist|ism) (operation )?(regime )?"
                r"(was|has been|had been) (lifted|ended|completed|cancelled)|"
                r"отброшен\w*|отбит\w*|вытеснен\w*|(были|был|было) (уничтожен|ликвидирован|разгромлен)\w*|"
                r"отражен\w*|режим КТО (отменен|снят)\w*|відкинут\w*|(були|було) (знищен|ліквідован)\w*)\b",
                re.IGNORECASE)),
            ("the fighting goes on", re.compile(
                r"\b(continue[sd]? to (liberate|fight|advance|hold)|fighting (was|is|remains) "
                r"[“\"]?ongoing|still (fighting|holding)|have taken control|took control|(is|was) not over|"
                r"(operation|raid|fighting|clashes|battles?) (is|was|are|were) (still )?"
                r"(continuing|under way)|"
                r"(clashes|fighting|battles?) continued|remain(s|ed)? on Russian (soil|territory)|"
                r"бои продолжаются|операция продолжается|продолжа\w* освобожд\w*|бої тривають|"
                r"операція триває)\b",
                re.IGNORECASE)),
        ),
        events=_ATTACK_EVENTS,
    ),
    PositionPattern(
        "identity",
        "Who the attackers in the {event} are",
        (
            ("Russian nationals", re.compile(
                r"\b(Russian (citizens|nationals|volunteers|partisans|dissidents)|(they|we) are Russians|"
                r"Russians who|made up of Russian|anti-(Kremlin|Putin) Russians|"
                r"[Гг]раждан\w* России|[Рр]оссийск\w* (добровол|граждан|партизан|оппозиционер)\w*|"
                r"[Гг]ромадян\w* (Росії|РФ)|[Рр]осійськ\w* (добровол|громадян|партизан)\w*)\b")),
            ("Ukrainian forces", re.compile(
                r"\b(Ukrainian (militants|saboteurs|sabotage (and reconnaissance )?groups?|nationalists|"
                r"terrorists|formations|DRGs?)|(militants|saboteurs|terrorists),? from Ukraine|"
                r"sabotage and reconnaissance groups?|Kiev regime['’]s (militants|saboteurs|terrorists)|"
                r"[Дд]иверсионно-разведывательн\w* групп\w*|ДРГ|[Уу]краинск\w* (диверсант|боевик|националист|"
                r"террорист|формировани)\w*|боевик\w* (ВСУ|киевского режима)|[Дд]иверсійно-розвідувальн\w* "
                r"груп\w*)\b")),
        ),
        events=_ATTACK_EVENTS,
    ),
    PositionPattern(
        "target",
        "What the {event} hit",
        (("a military target", _MILITARY_SITE), ("a civilian site", _CIVILIAN_SITE)),
        prefer="a civilian site",
        denied="a military target",
        events=_ATTACK_EVENTS,
    ),
    # What a mutiny was: the state's word ("an armed mutiny", "treason", "a stab in the back") against the
    # rebels' ("a demonstration of protest, not to overthrow the government", "the march for justice")
    PositionPattern(
        "nature",
        "What the {event} was",
        (("a mutiny or treason", re.compile(
            r"\b(?:armed mutiny|mutiny|rebellion|treason|betrayal|stab in the back|armed uprising|"
            r"insurrection|coup|putsch|мятеж\w*|измен\w*)", re.IGNORECASE)),
         ("a protest, not a coup", re.compile(
             r"\b(?:(?:a |of )protest|march (?:of|for) justice|not (?:an attempt )?to (?:overthrow|topple)|"
             r"(?:did not|didn['’]t) (?:aim|intend|seek|want) to (?:overthrow|topple)|"
             r"no (?:goal|intention|aim) (?:of|to) (?:overthrow|topple))", re.IGNORECASE))),
        prefer="a protest, not a coup",
        mutiny=True,
    ),
    TERRITORY,
    CEASEFIRE,
    POLICE_FORCE,
    INTERCEPTION,
    CRASH_CAUSE,
    COURSE,
    CONTROL,
    PLACE_TAKEN,
    DEATH_CAUSE,
    SINKING_CAUSE,
    SABOTAGE_CAUSE,
)
# what a speaker rejects is not its position: "..., rejecting Moscow's claims that the raid had been repelled"
_REJECTED_CLAIM = re.compile(
    r"\b(?:reject\w*|den(?:y|ied|ies|ying)|dismiss\w*|disput\w*|refut\w*)\s+(?:\w+['’]s?\s+|an?\s+)?"
    # "dismissed a report by investigative journalist Seymour Hersh that ..."
    r"(?:claims?|reports?|assertions?|statements?|allegations?)(?:\s+by\s+[^.;,]{1,60}?)?\s+that\b"
    r"(?:[^.;]|(?<=\b[A-Z])\.)*$|"  # through initials ("that U.S. Navy divers had planted ...")
    # nor what it declines to confirm: "The Kremlin declined on Wednesday to confirm that Russian forces had
    # taken Soledar"
    r"\b(?:declin\w*|refus\w*)\s+(?:\w+\s+){0,2}?to\s+confirm\b[^.;]*$|"
    # nor what it neither confirms nor denies: "did not confirm or deny that its forces had shot down the
    # plane"
    + NEITHER_CONFIRMED_NOR_DENIED + r"\b[^.;]*$",
    re.IGNORECASE,
)
# nor what a reporter could not verify: "The Conflict Monitor could not independently verify the number of
# missiles shot down"
_UNVERIFIED = dict(VERIFICATION)["unverified"]
# nor the words of an indirect question: "She would not say which part of the system had been hit" (not a
# relative clause: "the Legion, which are made up of Russian citizens")
_ASKED_BEFORE = re.compile(r"\b(?:say|said|know|knew|clear|unclear|asked|ask|tell|told|specify|disclose|"
                           r"confirm|explain|determine|sure)\s+(?:\w+\s+)?(?:which|whether|if|how)\b"
                           r"[^,.;:]{0,40}$",
                           re.IGNORECASE)
_NEXT_CLAUSE_OR_SENTENCE = re.compile(r"[,;]\s*(?:and|but)\b|;")


def _heading(text: str, sentence: Span) -> bool:
    """A question that is a paragraph of its own: an explainer's heading, which claims nothing."""
    if not sentence.text.rstrip().endswith("?"):
        return False
    after = text[sentence.start + len(sentence.text.rstrip()) :].lstrip(" \t")
    before = text[: sentence.start].rstrip(" \t")
    return (not after or after.startswith("\n")) and (not before or before.endswith("\n"))


def _unverified_before(text: str) -> bool:
    """A reporter's "could not verify" whose object runs up to the end of `text` (not "ISW cannot verify this
    claim, and the MoD has not provided any evidence", whose last clause is a statement of its own)."""
    found = list(_UNVERIFIED.finditer(text))
    return bool(found) and not _NEXT_CLAUSE_OR_SENTENCE.search(text[found[-1].end() :])


_NEGATION = re.compile(r"(?:there (?:was|were) )?no\b|(?:was|were) not\b", re.IGNORECASE)
_STRUCK = re.compile(r"(?:hit|hitting|struck|striking)\b", re.IGNORECASE)
_DENIED_BEFORE = re.compile(r"\b(?:den(?:y|ies|ied|ying)|reject\w*|dismiss\w*)\b[^.;]*$", re.IGNORECASE)
# outcome, identity and target questions only make sense for an attack, not for a dam breach or a flood


def _position_groups(
    ctx: _Context, story: str, pattern: PositionPattern
) -> tuple[list[ClaimGroup], list[Dispute]]:
    by_event: dict[str, list[Member]] = defaultdict(list)
    wordings: list[str] = []  # each position's wording found, for the place a question names
    if (pattern.mutiny and not ctx.index.rebels) or (pattern.protests and not ctx.protests):
        return [], []
    if pattern.needs is not None and not ctx.said_twice(pattern.needs):
        return [], []
    for doc_id in ctx.extractions:
        for sentence, event in ctx.sentence_events(doc_id):
            if pattern.mutiny:
                event = "mutiny"
            elif pattern.protests:
                event = "protests"
            if event is None or (pattern.events and event not in pattern.events):
                continue
            if pattern.unless is not None and pattern.unless.search(sentence.text):
                continue
            if _heading(ctx.extractions[doc_id].document.text, sentence):
                continue  # an explainer's question heading ("What does the evidence show?")
            found = {label: hit for label, regex in pattern.positions
                     if (hit := _held_wording(ctx, doc_id, sentence, regex)) is not None}
            if pattern.ranked and (top := next((p for p in pattern.ranked if p in found), None)):
                found = {top: found[top]}
            if pattern.prefer in found:
                found = {pattern.prefer: found[pattern.prefer]}
                hit = found[pattern.prefer]
                if pattern.denied and _DENIED_BEFORE.search(sentence.text[: hit.start()]) \
                        and not _NEGATION.match(hit.group()) and not _STRUCK.match(hit.group()):
                    # but not "rejected the claim, saying there was no command post", nor "denied that it
                    # had struck the hospital", which denies the strike, not what the site was
                    found = {pattern.denied: hit}
            # one sentence can hold both sides ("Peskov described them as 'Ukrainian militants' despite
            # the fact that the group is made up of Russian nationals"): each side goes to its own claimant
            for position, hit in found.items():
                start, end = sentence.start + hit.start(), sentence.start + hit.end()
                claimant, side, att_id = ctx.claimant_at(doc_id, start, end)
                if att_id is None:  # "Azerbaijan | denied | that its troops had crossed": the wording's end
                    claimant, side, att_id = ctx.claimant_at(doc_id, end - 1, end)
                stance = "supports" if position == pattern.positions[0][0] else "contradicts"
                if pattern.mutiny and stance == "supports" and side == "attackers":
                    # "The chief of Wagner said he was ordering ..., after a day-long armed rebellion": the
                    # reporter's words inside the rebels' statement
                    continue
                by_event[event].append(ctx.member(doc_id, sentence.start, sentence.end, claimant=claimant,
                                                  side=side, attribution_id=att_id, stance=stance,
                                                  position=position))
                wordings.append(hit.group())
    topic, order = pattern.topic, [label for label, _ in pattern.positions]
    if "{place}" in topic:  # "Whether Soledar was taken": the place its wordings name most
        place = _place_named(wordings)
        topic, order = topic.replace("{place}", place), [label.replace("{place}", place) for label in order]
        by_event = {event: [replace(m, position=(m.position or "").replace("{place}", place))
                            for m in members] for event, members in by_event.items()}
    return _event_groups(story, pattern.kind, by_event, topic, order=order)


_NAME_IN_WORDING = re.compile(r"\b[A-Z][\w'’-]+")


def _place_named(wordings: Sequence[str]) -> str:
    """The name the wordings of a place taken or held use most ("have taken control of the whole territory
    of Soledar", "Fighting continues in Soledar"), not a country's ("Russian forces"); else "the town"."""
    names = Counter(name for wording in wordings for name in _NAME_IN_WORDING.findall(wording)
                    if country_named(name) is None and name.casefold() not in STOP_WORDS)
    return names.most_common(1)[0][0] if names else "the town"


def _held_wording(ctx: _Context, doc_id: str, sentence: Span, regex: re.Pattern[str]) -> re.Match[str] | None:
    """The first use of a position's wording in the sentence that someone holds (not inside a claim rejected,
    a report unverified or a question asked): one inside a statement before one outside all ("Traces of
    explosives were found ..., confirming that the pipelines were damaged by gross sabotage, Swedish
    prosecutor Mats Ljungqvist said": the prosecutor's "sabotage", not the reporter's "explosives")."""
    held = [hit for hit in regex.finditer(sentence.text)
            if not _REJECTED_CLAIM.search(sentence.text[: hit.start()])
            and not _unverified_before(sentence.text[: hit.start()])
            and not _ASKED_BEFORE.search(sentence.text[: hit.start()])]
    start = sentence.start
    said = (hit for hit in held
            if ctx.claimant_at(doc_id, start + hit.start(), start + hit.end())[2] is not None)
    return next(said, held[0] if held else None)


def _time_groups(ctx: _Context, story: str) -> tuple[list[ClaimGroup], list[Dispute], list[TimelineItem]]:
    by_event: dict[str, list[Member]] = defaultdict(list)
    dates: dict[tuple[str, str], str] = {}  # (event, clock time) -> the day its sentence names
    for doc_id, extraction in ctx.extractions.items():
        text = extraction.document.text
        for hit in clock_times(text):
            event = ctx.same_event(anchor_of(hit.sentence.text))
            if event is None:
                continue
            claimant, side, att_id = ctx.claimant_at(doc_id, hit.span.start, hit.span.end)
            member = ctx.member(doc_id, hit.sentence.start, hit.sentence.end, claimant=claimant, side=side,
                                attribution_id=att_id, position=hit.value)
            by_event[event].append(member)
            refs = referred_dates(text, hit.sentence.start, hit.sentence.end, ctx.published.get(doc_id))
            if refs:
                dates.setdefault((event, hit.value), refs[0][0])
    groups: list[ClaimGroup] = []
    disputes: list[Dispute] = []
    timeline: list[TimelineItem] = []
    for event, members in sorted(by_event.items()):
        members = _order(members)
        group_id = stable_id("grp", story, "time", event)
        topic = f"Time of the {event} event"
        positions = sorted({m.position for m in members if m.position})
        first, last = _seen_range(members)
        status = "disputed" if len(positions) > 1 else "claimed"
        groups.append(ClaimGroup(group_id, "time", topic, members, status, first, last))
        event_date = _most_stated(dates, event)
        for stated in _sides_by_position(members):
            # a time whose sentence names no day is the day the other reports give the event, not the day
            # it was published ("an earlier signal at 02:35" in a report of 9 June is about 6 June)
            date = dates.get((event, stated.position or "")) or event_date
            first_reported = _seen_range(stated.members)[0]
            timeline.append(TimelineItem(date, stated.position, "event",
                                         f"{event}: {stated.position} ({', '.join(stated.claimants)})",
                                         first_reported, tuple(stated.members), group_id))
        if len(positions) > 1:
            disputes.append(Dispute(stable_id("dsp", group_id), "time", topic, _sides_by_position(members),
                                    group_id))
    return groups, disputes, timeline


_STARTED = re.compile(
    r"\b(began|begun|begin|started|launched|crossed|entered|broke through|stormed)\b", re.IGNORECASE
)


def _start_groups(ctx: _Context, story: str) -> tuple[list[ClaimGroup], list[Dispute]]:
    """When an attack began, by day ("the operation had started Sunday night" / "crossed the border on
    Monday morning"): a dispute when claimants name different days."""
    by_event: dict[str, list[Member]] = defaultdict(list)
    for doc_id, extraction in ctx.extractions.items():
        text = extraction.document.text
        for sentence, event in ctx.sentence_events(doc_id):
            started = _STARTED.search(sentence.text)
            if event not in _ATTACK_EVENTS or started is None:
                continue
            days = [(iso, span) for iso, span in referred_dates(text, sentence.start, sentence.end,
                                                                 ctx.published.get(doc_id))
                    if not said_on(text, span.start)]
            if not days:
                continue
            iso, span = days[0]
            claimant, side, att_id = ctx.claimant_at(doc_id, sentence.start + started.start(), span.end)
            by_event[event].append(ctx.member(doc_id, sentence.start, sentence.end, claimant=claimant,
                                              side=side, attribution_id=att_id, position=iso[:10]))
    return _event_groups(story, "time", by_event, "When the {event} began", id_kind="start", min_claimants=2)


def _most_stated(dates: dict[tuple[str, str], str], event: str) -> str | None:
    """The day most of the event's stated times are given with (the earliest on a tie), if any."""
    stated = Counter(day for (of, _), day in dates.items() if of == event)
    if not stated:
        return None
    return min(stated, key=lambda d: (-stated[d], d))


# -- generic claim groups -------------------------------------------------------------------------


def _hash_embed(texts: Sequence[str]) -> np.ndarray:
    """A dependency-free fallback embedding: hashed word unigrams and bigrams, L2-normalised."""
    dim = 2048
    out = np.zeros((len(texts), dim), dtype=np.float32)
    for i, text in enumerate(texts):
        words = re.findall(r"\w+", text.casefold())
        for feature in [*words, *(a + " " + b for a, b in itertools.pairwise(words))]:
            out[i, zlib.crc32(feature.encode()) % dim] += 1.0
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    normalised: np.ndarray = out / np.maximum(norms, 1e-9)
    return normalised


_EMBED_CACHE: dict[str, np.ndarray] = {}


def cached(embedder: Embedder) -> Embedder:
    """Embed only texts not seen before in this process (reports rebuild the same story often)."""

    def embed_cached(texts: Sequence[str]) -> np.ndarray:
        missing = sorted({t for t in texts if t not in _EMBED_CACHE})
        if missing:
            for text, row in zip(missing, embedder(missing), strict=True):
                _EMBED_CACHE[text] = row
        if not texts:
            return np.zeros((0, 1), dtype=np.float32)
        return np.stack([_EMBED_CACHE[t] for t in texts])

    return embed_cached


def default_embedder() -> Embedder:
    try:
        from claimledger.nlp.encoder import embed

        return cached(embed)
    except ImportError:  # pragma: no cover - the similarity module ships with the package
        log.warning("claimledger.ledger.similarity unavailable; using hashed word features")
        return _hash_embed


def topic_blocks(text: str) -> list[str]:
    """Every block a statement is compared in: each of its topic words (`TOPIC_WORDS`), else "misc"."""
    keys = dict.fromkeys(m.group(1).casefold()[:6] for m in TOPIC_WORDS.finditer(text))
    return list(keys) or ["misc"]


RARE_SHARE = 0.05  # a word in at most this share of a story's statements (and at least 2) is rare there
_CONTENT_WORD = re.compile(r"[^\W\d_][\w'’-]{2,}")


def _signature(text: str) -> frozenset[str]:
    """A text's content words, adjacent pairs of them ("operation regime") and figures ("#70")."""
    tokens = [w.casefold() for w in _CONTENT_WORD.findall(text)]
    content = {w for w in tokens if w not in STOP_WORDS}
    pairs = {f"{a} {b}" for a, b in itertools.pairwise(tokens) if a not in STOP_WORDS and b not in STOP_WORDS}
    return frozenset(content | pairs | {f"#{f}" for f in figures(text)})


def rare_words(texts: Sequence[str]) -> list[frozenset[str]]:
    """Each text's words that few of the other texts use: what two statements of one story must share to
    state the same thing ("Crimea", "US-made"), beyond the words the whole story uses ("raid", "dam")."""
    words = [_signature(t) for t in texts]
    counts = Counter(w for ws in words for w in ws)
    limit = max(2.0, RARE_SHARE * len(texts))
    # a figure both give is a sign of one fact however often the story repeats it ("over 70", "more than 70")
    return [frozenset(w for w in ws if counts[w] <= limit or w.startswith("#")) for ws in words]


# Phases of a state or an operation. MiniLM rates "the operation was continuing" and "the regime had been
# lifted" as one statement (cosine 0.77); a claim that something began, goes on, or is over is not a claim
# of one of the other two.
_PHASES = {
    "begun": re.compile(r"\b(?:declar|impos|introduc)(?:ed|es|ing)\b", re.IGNORECASE),
    "going on": re.compile(r"\b(?:continuing|continues|ongoing|under ?way|still in (?:place|effect))\b",
                           re.IGNORECASE),
    "over": re.compile(r"\b(?:lift(?:ed|s|ing)|ended|cancell?ed|(?:is|was|were|are) over|the end of)\b",
                       re.IGNORECASE),
}


def phases(text: str) -> frozenset[str]:
    """Whether a statement says something began, goes on or is over ("regime lifted" -> {"over"})."""
    return frozenset(name for name, pattern in _PHASES.items() if pattern.search(text))


def _other_phases(a: frozenset[str], b: frozenset[str]) -> bool:
    return bool(a) and bool(b) and not a & b


def group_statements(
    items: Sequence[T],
    text_of: Callable[[T], str],
    embedder: Embedder,
    threshold: float = SIMILARITY_THRESHOLD,
    order: Callable[[T], tuple[str, ...]] | None = None,
    said: Callable[[T], str] | None = None,
    speaker: Callable[[T], str | None] | None = None,
) -> list[list[T]]:
    """The ledger's claim grouping, for any statements (attributions, or headlines in `eval grouping`).

    Identical texts (reprints) are one point. Each distinct text is compared in the block of every topic
    word it uses (`topic_blocks`), so "deprive Crimea of water" meets "a vital water source for Crimea";
    a block's texts, in `order` (publication), are cut into chunks of at most `MAX_BLOCK` and linked when
    the cosine of their embeddings reaches `threshold`. Groups are the connected components of those links
    over all blocks (single linkage), each then split by `split_by_figures`. Two texts are linked only if
    they share a word rare in the story (`rare_words`) and do not tell of different phases (`phases`, read
    in `said`, the cue and the content, when given: "declared | a regime" has begun). One speaker's two
    statements (`speaker`, when given) are linked from `SAME_SPEAKER_THRESHOLD` if they share a rare pair of
    words: Rosaviatsia's "the passenger list included Yevgeny Prigozhin" and "Prigozhin was on the passenger
    list of the Embraer Legacy jet" in two reports (cosine 0.62).
    """
    ordered = sorted(items, key=order) if order is not None else list(items)
    by_text: dict[str, list[T]] = defaultdict(list)
    for item in ordered:
        by_text[text_of(item)].append(item)
    texts = list(by_text)
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, text in enumerate(texts):
        for key in topic_blocks(text):
            blocks[key].append(i)
    # a text alone in every block it is in needs no embedding (tiny stories never load the encoder)
    rare = rare_words(texts)
    phase = [frozenset().union(*(phases(said(item)) for item in by_text[t])) if said else phases(t)
             for t in texts]
    speakers = [{who for item in by_text[t] if (who := speaker(item))} if speaker else set() for t in texts]
    compared = sorted({i for block in blocks.values() if len(block) > 1 for i in block})
    row = {i: r for r, i in enumerate(compared)}
    vectors = embedder([texts[i] for i in compared]) if compared else np.zeros((0, 1), dtype=np.float32)
    linked: list[tuple[np.ndarray, np.ndarray]] = []
    for _, block in sorted(blocks.items()):
        for start in range(0, len(block), MAX_BLOCK):
            chunk = np.asarray(block[start : start + MAX_BLOCK])
            if len(chunk) < 2:
                continue
            chunk_vectors = vectors[[row[int(i)] for i in chunk]]
            cosines = np.triu(chunk_vectors @ chunk_vectors.T, 1)
            a, b = np.nonzero(cosines >= min(threshold, SAME_SPEAKER_THRESHOLD))
            keep = [k for k in range(len(a))
                    if _linked(int(chunk[a[k]]), int(chunk[b[k]]), float(cosines[a[k], b[k]]) >= threshold,
                               rare, phase, speakers)]
            linked.append((chunk[a[keep]], chunk[b[keep]]))
    heads = np.concatenate([a for a, _ in linked]) if linked else np.zeros(0, dtype=np.int64)
    tails = np.concatenate([b for _, b in linked]) if linked else np.zeros(0, dtype=np.int64)
    graph = coo_matrix((np.ones(len(heads), dtype=np.int8), (heads, tails)), shape=(len(texts), len(texts)))
    _, component = connected_components(graph, directed=False)
    clusters: dict[int, list[T]] = {}  # in the order of each group's first text
    for i, text in enumerate(texts):
        clusters.setdefault(int(component[i]), []).extend(by_text[text])
    return [part for cluster in clusters.values()
            for part in _split_by_figures(sorted(cluster, key=order) if order else cluster, text_of)]


def _linked(i: int, j: int, similar: bool, rare: Sequence[frozenset[str]], phase: Sequence[frozenset[str]],
            speakers: Sequence[set[str]]) -> bool:
    """Texts i and j state one thing: similar and sharing a rare word, or (less similar) said by one speaker
    and sharing a rare pair of words; never of different phases."""
    shared = rare[i] & rare[j]
    if not shared or _other_phases(phase[i], phase[j]):
        return False
    return similar or bool(speakers[i] & speakers[j] and any(" " in w for w in shared))


def _claim_groups(ctx: _Context, story: str, used: set[str], embedder: Embedder,
                  threshold: float) -> list[ClaimGroup]:
    candidates = [
        a for e in ctx.extractions.values() for a in e.attributions
        if a.id not in used and len(a.content_text.split()) >= MIN_WORDS
    ]
    english = {doc_id for doc_id, e in ctx.extractions.items() if e.document.in_english}
    # the sentence encoder reads English: statements in other languages group only with their reprints
    others: dict[str, list[Attribution]] = defaultdict(list)
    for a in candidates:
        if a.doc_id not in english:
            others[a.content_text].append(a)
    parts = group_statements([a for a in candidates if a.doc_id in english], _content_text, embedder,
                             threshold, order=lambda a: (ctx.published.get(a.doc_id) or "9999", a.id),
                             said=_cue_and_content, speaker=ctx.named_speaker)
    if ctx.protests:
        parts = [day for part in parts for day in _by_day_of_protest(ctx, part)]
    denials = _denials_by_statement(ctx, used)
    return [_claim_group(ctx, story, [*part, *(d for a in part for d in denials.get(a.id, ()))])
            for part in [*parts, *others.values()]]


def _by_day_of_protest(ctx: _Context, part: list[Attribution]) -> list[list[Attribution]]:
    """A story of protests counts each day apart: "3.5 million people had marched" said of Tuesday's marches
    is not the same claim said of Thursday's. Statements without figures keep to their group."""
    days: dict[str | None, list[Attribution]] = defaultdict(list)
    for a in part:
        counted = bool(a.content) and bool(figures(a.content_text))
        day = ctx.day_of_protest(a.doc_id, a.content[0].start, a.content[-1].end) if counted else None
        days[day].append(a)
    return list(days.values())


def _denials_by_statement(ctx: _Context, used: set[str]) -> dict[str, list[Attribution]]:
    """Denials that only point back ("The Legion denied this"), by the id of the statement they deny: each
    joins that statement's claim group and contradicts it."""
    out: dict[str, list[Attribution]] = defaultdict(list)
    for extraction in ctx.extractions.values():
        for attribution in extraction.attributions:
            if attribution.id in used:
                continue
            denied = denied_statement(attribution, extraction.attributions, extraction.document.text)
            if denied is not None:
                out[denied.id].append(attribution)
    return out


def _cue_and_content(attribution: Attribution) -> str:
    return f"{attribution.cue.text if attribution.cue else ''} {attribution.content_text}"


def _content_text(attribution: Attribution) -> str:
    return attribution.content_text


def split_by_figures(cluster: list[Attribution]) -> list[list[Attribution]]:
    """A cluster's statements regrouped so that none gives figures that share nothing with its group's
    first statement ("2,743 residents have been evacuated" and "... has grown to 5,000 people" are two
    facts, each listed with its own sources; the numbers table sets them side by side)."""
    return _split_by_figures(cluster, _content_text)


def _split_by_figures(cluster: list[T], text_of: Callable[[T], str]) -> list[list[T]]:
    # each statement joins the first part whose first statement gives no figures, or shares one of its own
    # (or the first part of all when it gives none); indexed, since one cluster can hold thousands
    parts: list[list[T]] = []
    first_without_figures: int | None = None
    first_with: dict[str, int] = {}
    for item in cluster:
        stated = figures(text_of(item))
        candidates = [first_with[f] for f in stated if f in first_with]
        if first_without_figures is not None:
            candidates.append(first_without_figures)
        if not stated and parts:
            candidates.append(0)
        if candidates:
            parts[min(candidates)].append(item)
            continue
        parts.append([item])
        if not stated:
            first_without_figures = len(parts) - 1
        for f in stated:
            first_with.setdefault(f, len(parts) - 1)
    return parts


def _stances(rep: str, members: Sequence[Attribution]) -> list[str]:
    if len(members) == 1:
        return ["supports"]
    # a quotation in several parts takes the stance of its most agreeing part (or its whole's): '"We are aware
    # of the reports and are looking into them," ... "We have been clear with Ukraine that US-provided
    # equipment is not to be used inside Russia."' agrees with "we do not want US equipment used for attacks
    # inside Russia"
    try:
        from claimledger.ledger.stance import classify_stance_batch

        pairs = [(rep, a.content_text) for a in members]
        labels = [label for label, _ in classify_stance_batch(pairs)]
        parted = [(i, f.text) for i, (a, label) in enumerate(zip(members, labels, strict=True))
                  if label != "supports" and len(a.content) > 1 for f in a.content]
        if parted:  # read beside the whole statements, so that each part has about the same claim context
            found = classify_stance_batch(pairs + [(rep, text) for _, text in parted])[len(pairs) :]
            for (i, _), (label, _) in zip(parted, found, strict=True):
                labels[i] = _most_agreeing([labels[i], label])
    except ImportError:  # pragma: no cover
        labels = ["reports"] * len(members)
    rep_figures = figures(rep)
    return [
        "contradicts" if a.polarity == "deny"
        else "supports" if i == 0
        else "reports" if label == "supports" and _other_figures(rep_figures, figures(a.content_text))
        else label
        for i, (a, label) in enumerate(zip(members, labels, strict=True))
    ]


def _most_agreeing(labels: list[str]) -> str:
    return next(label for label in ("supports", "contradicts", "reports") if label in labels)


_FIGURE = re.compile(r"\d[\d,.]*\d|\d")


def figures(text: str) -> frozenset[str]:
    """The numbers in `text`, as digits without thousands separators ("2,743" -> "2743", "eight" -> "8")."""
    found = {m.group().replace(",", "") for m in _FIGURE.finditer(text)}
    for m in NUMBER_WORD.finditer(text):
        value = parse_number(m.group())
        if value is not None:
            found.add(f"{value:g}")
    return frozenset(found)


def _other_figures(a: frozenset[str], b: frozenset[str]) -> bool:
    """Both texts give figures and share none: they are not stating the same fact."""
    return bool(a and b and not a & b)


def _claim_group(ctx: _Context, story: str, attributions: list[Attribution]) -> ClaimGroup:
    # a denial is never the statement a group is about, even in a group of one document
    attributions = sorted(attributions, key=lambda a: (a.polarity == "deny" and len(attributions) > 1,
                                                       ctx.published.get(a.doc_id) or "9999", a.id))
    rep = attributions[0]
    stances = _stances(rep.content_text, attributions)
    members = _order(ctx.attribution_member(a, stance=s) for a, s in zip(attributions, stances, strict=True))
    first, last = _seen_range(members)
    group = ClaimGroup(stable_id("grp", story, rep.id), "claim", rep.content_text, members, "claimed",
                       first, last)
    group.status = claim_status(members)
    return group


def _a_party_to_the_conflict(side: str) -> bool:
    """Two of one party's voices agreeing ("Moscow" and Peskov) are one side's claim: a state's government
    (only the story's two have one: `Parties.knows`), a non-state party's or the attackers'."""
    return a_partys_side(side) or side == "attackers"


def claim_status(members: list[Member]) -> str:
    """claimed (one origin, one claimant, or one party only), corroborated (two origins and claimants that
    support it, not merely report on it, and not all of one party to the conflict), disputed (sides
    contradict) or denied."""
    supporting = {m.side for m in members if m.stance != "contradicts"}
    contradicting = {m.side for m in members if m.stance == "contradicts"}
    if supporting and contradicting and (supporting - contradicting or contradicting - supporting):
        return "disputed"
    if contradicting:
        return "denied"
    agreeing = [m for m in members if m.stance == "supports"]
    claimants = {m.claimant.casefold() for m in agreeing}
    one_party = len({m.side for m in agreeing}) == 1 and _a_party_to_the_conflict(agreeing[0].side)
    if n_origins(agreeing) >= 2 and len(claimants) >= 2 and not one_party:
        return "corroborated"
    return "claimed"


# -- numbers --------------------------------------------------------------------------------------


def _category(quantity: Quantity, text: str) -> str | None:
    category = CATEGORY_ALIAS.get(quantity.category, quantity.category)
    after = text[quantity.span.end : quantity.span.end + 40]
    if category in ("people", "other") and (_CROWD.search(quantity.span.text) or _MARCHED.search(after)):
        return "protesters"
    if category == "people" and _DEATH_WORDS.search(after[:30]):
        return "killed"
    before = text[max(0, quantity.span.start - 20) : quantity.span.start]
    if category in ("people", "civilians", "other") and (_BODIES_OF.search(before) or _BURIED.search(after)):
        return "killed"  # "The bodies of 410 civilians", "280 people had been buried in mass graves"
    if category == "captured" and _ARRESTED.search(f"{quantity.span.text} {after}"):
        return "arrested"
    if category in ("missiles", "drones"):
        return _weapons_counted(quantity, text)
    return category if category in COUNTED else None


# what air defence reports count: "shot down all 18 missiles", "Nine Iranian-made Shahed drones ... were also
# destroyed", "Russia had used six Kinzhal missiles", "launched 30 drones"
_DOWNED = re.compile(rf"\b(?:{SHOOTING_DOWN}|intercept|destroy(?:ed|ing)?|neutrali[sz](?:ed|ing))\b",
                     re.IGNORECASE)
_LAUNCHED = re.compile(r"\b(?:fir(?:ed|ing)|launch(?:ed|ing)?|us(?:ed|ing)|attack(?:ed)? with)\b",
                       re.IGNORECASE)


_INSTRUMENT = re.compile(r"\b(?:with|by|using)\s*$", re.IGNORECASE)


def _weapons_counted(quantity: Quantity, text: str) -> str | None:
    """ "missiles shot down", "Shahed drones fired": missiles or drones by the verb of their clause (shot down
    before or after the count, else fired), and by the weapon's name when the count names one ("six Kinzhal
    missiles" are Kinzhal missiles, not a count of all the missiles)."""
    sentence = sentence_at(text, quantity.span.start, quantity.span.end)
    before = text[max(sentence.start, quantity.span.start - 60) : quantity.span.start]
    after = text[quantity.span.end : min(sentence.end, quantity.span.end + 60)]
    if _DOWNED.search(before) and _INSTRUMENT.search(before):
        verb = "fired"  # "the plane had been shot down ... with two missiles": what shot it down
    elif _DOWNED.search(before) or _DOWNED.search(after.split(",")[0]):
        verb = "shot down"
    elif _LAUNCHED.search(before) or _LAUNCHED.search(after.split(",")[0]):
        verb = "fired"
    else:
        return None
    words = quantity.span.text.split()
    names = [w for w in words[1:-1] if w[:1].isupper() and not w.endswith("-made") and not country_named(w)]
    return " ".join([*names, words[-1].lower() if words[-1].endswith("s") else f"{words[-1].lower()}s", verb])


# a crowd: "5,000 protesters", "1.089 million people had taken part in demonstrations", "3.5 million people
# had marched"
_CROWD = re.compile(r"\b(?:protesters|demonstrators|marchers|strikers)\b", re.IGNORECASE)
_MARCHED = re.compile(r"^\W*(?:\w+\s+)?(?:had\s+|have\s+|has\s+)?(?:marched|protested|demonstrated|rallied|"
                      r"(?:taken|took) part(?=\s*[,.;])|(?:taken|took) part\s+in (?:the\s+)?(?:\w+\s+)?"
                      r"(?:demonstrations|protests|marches|rallies)|"
                      r"(?:joined|turned out for) (?:the\s+)?(?:\w+\s+)?(?:demonstrations|protests|marches|"
                      r"rallies))\b", re.IGNORECASE)
_ARRESTED = re.compile(r"\b(?:arrest\w*|detain\w*|detention\w*|held in custody)\b", re.IGNORECASE)
# "including 119,000 in Paris", "800,000 of them in the capital": a crowd's part, counted like the crowd
_PART_OF_A_CROWD = re.compile(r"^[\d.,\s]+(?:million|thousand)?(?:\s+of\s+them)?$", re.IGNORECASE)
_IN_A_CITY = re.compile(r"\s*(?:(?:of\s+them|people|protesters|demonstrators)\s+)?(?:had\s+\w+\s+)?in\s+"
                        r"(?:the\s+)?(capital|[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)\b")


_COUNTED_PEOPLE = re.compile(r"[A-Za-z]{3,}")
_QUALIFIERS = frozenset({"about", "around", "some", "nearly", "almost", "more", "than", "least", "over",
                         "under", "fewer", "approximately", "roughly", "and"})
_HARM = frozenset({"killed", "injured", "missing"})
_GROWS = _HARM | {"arrested"}  # counts that only grow: a later, larger figure is an update


# "his unit lost | two men killed", "the attackers had lost | 70": whose losses the number counts
_UNIT_LOST = re.compile(
    r"\b(?:unit|group|corps|legion|battalion|brigade|fighters|attackers|militants|troops|forces|army|"
    r"saboteurs)\s+(?:had |has |have )?lost\s+$",
    re.IGNORECASE,
)
_AIRCREW = re.compile(r"\b(?:airm[ae]n|pilots?|crew(?:m[ae]n|s)?|aircrews?)\b", re.IGNORECASE)
_WE_LOST = re.compile(r"\bwe\s+(?:had |have )?lost\s+$", re.IGNORECASE)
_AT_SEA = re.compile(r"\b(?:sailors?|navy|naval|fleet|warships?|cruisers?|frigates?|destroyers?|submarines?|"
                     r"flagship|corvettes?)\b", re.IGNORECASE)
_AIRCRAFT_NAMED = re.compile(rf"\b{_AIRCRAFT}s?\b", re.IGNORECASE)


def _population(quantity: Quantity, before: tuple[Quantity, str | None] | None, sentence: Span,
                text: str, side: str) -> str | None:
    """ "fighters" when the number counts fighters ("two of his fighters had been killed", "his unit lost
    two men killed", an armed group's "we lost two people killed"), so their losses are not set against
    civilian tolls. A bare number ("and about ten wounded") counts what the number before it in the
    sentence counted."""
    if _AIRCREW.search(quantity.span.text):
        # "at least 13 airmen": the crews of aircraft shot down, not fighters on the ground; a warship's crew
        # ("27 crew members", in a report of sailors) are its fighters
        return "fighters" if _AT_SEA.search(text) and not _AIRCRAFT_NAMED.search(text) else "aircrew"
    if counts_fighters(quantity.span.text):
        return "fighters"
    if _UNIT_LOST.search(text[max(sentence.start, quantity.span.start - 60) : quantity.span.start]):
        return "fighters"
    if side == "attackers" and _WE_LOST.search(text[max(sentence.start, quantity.span.start - 30) :
                                                    quantity.span.start]):
        return "fighters"
    words = _COUNTED_PEOPLE.findall(quantity.span.text)
    bare = all(w.casefold() in _QUALIFIERS or parse_number(w) is not None for w in words)
    lead = _NUMBER_OF.search(text[max(sentence.start, quantity.span.start - 120) : quantity.span.start])
    if bare and lead is not None and counts_fighters(lead.group(1)):
        return "fighters"  # "the number of Armenian soldiers killed had risen to 105"
    if bare and before is not None and sentence.start <= before[0].span.start:
        return before[1]
    return None


_NUMBER_OF = re.compile(r"\bnumber of ([\w\s-]{3,60}?)\s+(?:killed|wounded|injured|dead|missing)\b[^.;]*?"
                        r"\b(?:ris(?:en|e)|rose|climbed|grown|increased|reached)\s+(?:to\s+)?$",
                        re.IGNORECASE)


_OWN = re.compile(r"\b(?:its|our)\b", re.IGNORECASE)

# a count of one country's citizens among the dead of a story whose victims came from many: "63 Canadians were
# among the 176 people killed", "Eleven Ukrainians were killed", "82 Iranians", "63 of its citizens had died"
# (said by Canada), "Trudeau later put the number of Canadian citizens at 57"
_CAPITALISED_WORD = re.compile(r"\b[A-Z][a-z]{2,}\b")
_CITIZENS = re.compile(r"\b(?:citizens|nationals)\b", re.IGNORECASE)
_OF_OWN_CITIZENS = re.compile(r"\bof (?:its|their|our) (?:own )?(?:citizens|nationals)\b", re.IGNORECASE)
_NUMBER_OF_NATIONALS = re.compile(
    r"\bnumber of ((?:[A-Z][\w-]+\s+)?(?:citizens|nationals)|[A-Z][\w-]+s)\s+"
    r"(?:\w+\s+){0,2}?(?:at|to|was|is)\s*$")
_HARMED_AFTER = re.compile(
    r"^[^.;]{0,60}?\b(?:(?P<killed>killed|died|dead|perished|lost their lives)|"
    r"(?P<injured>injured|wounded|hurt)|(?P<missing>missing))\b", re.IGNORECASE)


def _nationals_named(quantity: Quantity, sentence: Span, text: str) -> tuple[str | None, bool]:
    """The country whose citizens a count names, by a plural demonym ("63 Canadians", not "two Russian
    missiles") or a demonym before "citizens" or "nationals"; else by "the number of Canadian citizens at"
    before a bare figure (then True: the count takes the thing counted from an earlier one)."""
    counted = quantity.span.text
    for word in _CAPITALISED_WORD.findall(counted):
        country = country_named(word)
        if country is not None and word != country and (word.endswith("s") or _CITIZENS.search(counted)):
            return country, False
    before = text[max(sentence.start, quantity.span.start - 80) : quantity.span.start]
    lead = _NUMBER_OF_NATIONALS.search(before)
    if lead is not None and not _CAPITALISED_WORD.search(counted):
        for word in _CAPITALISED_WORD.findall(lead.group(1)):
            if (country := country_named(word)) is not None and word != country:
                return country, True
    return None, False


def _harm_after(quantity: Quantity, sentence: Span, text: str) -> str | None:
    """ "killed" for "63 Canadians were among the 176 people killed": the harm named after a count."""
    found = _HARMED_AFTER.search(text[quantity.span.end : sentence.end])
    return found.lastgroup if found is not None else None


def _whose_losses(quantity: Quantity, sentence: Span, text: str, side: str, parties: Parties) -> str | None:
    """The state whose fighters a toll counts: the one its words name ("49 Armenian soldiers", "the number
    of Azerbaijani servicemen killed ... had risen to 71", "the Russian forces had lost more than 3,000
    soldiers"), or the speaker's own ("50 of its servicemen", said by Azerbaijan's Defence Ministry)."""
    number_of = _NUMBER_OF.search(text[max(sentence.start, quantity.span.start - 120) : quantity.span.start])
    before = text[max(sentence.start, quantity.span.start - 60) : quantity.span.start]
    lost = _UNIT_LOST.search(before)
    # "the Russian forces had lost | more than 3,000 soldiers": the unit that lost them, and the words before
    losers = before[max(0, lost.start() - 25) : lost.end()] if lost is not None else ""
    for counted in (quantity.span.text, number_of.group(1) if number_of else "", losers):
        named = parties.named_in(counted)
        if named is not None:
            return named
        if _OWN.search(counted):
            return parties.party_of(side)  # "50 of its servicemen", "the number of its servicemen killed"
    return None


def _split_by_whose_losses(facts: dict[tuple[str, str], list[NumberClaim]], owners: dict[int, str],
                           parties: Parties) -> None:
    """Each state's fighters' toll apart, where the story counts the losses of both ("49 Armenian soldiers",
    "50 of its servicemen" said by Azerbaijan): one side's dead are not the other's count of the same."""
    for (category, area), claims in list(facts.items()):
        owned = {owners[id(c)] for c in claims if id(c) in owners}
        if not category.startswith("fighters ") or not set(parties.names) <= owned:
            continue
        facts[(category, area)] = [c for c in claims if id(c) not in owners]
        for claim in claims:
            if id(claim) in owners:
                facts[(f"{demonym_of(owners[id(claim)])} {category}", area)].append(claim)
        if not facts[(category, area)]:
            del facts[(category, area)]


def _area(ctx: _Context, quantity: Quantity, sentence: Span, quantities: Sequence[Quantity]) -> str:
    def offsets(q: Quantity) -> tuple[int, int]:
        return q.span.start - sentence.start, q.span.end - sentence.start

    others = [offsets(q) for q in quantities
              if q is not quantity and sentence.start <= q.span.start < sentence.end]
    return area_of(sentence.text, ctx.places, at=offsets(quantity), others=others, regions=ctx.regions,
                   main_region=ctx.main_region)


def _less_specific_repeats(quantities: Sequence[Quantity], categories: dict[str, str | None], text: str,
                           attributions: dict[str, Attribution]) -> set[str]:
    """The ids of a document's mentions of a count it gives again in a statement of its own (same value, same
    thing counted): the mention in the shorter statement stays. "Putin said that the gunmen who killed 133
    people ... had tried to escape" (the reporter's words inside his) gives way to "The Investigative
    Committee said 133 people had been killed". `categories`: each quantity's thing counted (`_category`)."""
    def length(q: Quantity) -> int:
        held = attributions.get(q.attribution_id or "")
        return len(held.content_text) if held is not None else len(text) + 1

    kept: dict[tuple[float, str], Quantity] = {}
    counted = [(q, category) for q in quantities if (category := categories[q.id]) is not None]
    for q, category in counted:
        if (q.value, category) not in kept or length(q) < length(kept[(q.value, category)]):
            kept[(q.value, category)] = q
    return {q.id for q, category in counted if kept[(q.value, category)] is not q}


def _number_facts(ctx: _Context, story: str) -> list[NumberFact]:
    facts: dict[tuple[str, str], list[NumberClaim]] = defaultdict(list)
    contesting: set[int] = set()  # id() of each claim whose sentence sets it against another's figure
    owners: dict[int, str] = {}  # id() of a fighters' toll -> the state whose fighters it counts
    attributions = {a.id: a for e in ctx.extractions.values() for a in e.attributions}
    for doc_id, extraction in ctx.extractions.items():
        text = extraction.document.text
        seen: set[tuple[float, str]] = set()
        before: tuple[Quantity, str | None] | None = None
        crowd: Quantity | None = None  # the last crowd counted, whose parts follow it ("including 119,000")
        protests = ctx.protests
        categories = {q.id: _category(q, text) for q in extraction.quantities}
        repeats = _less_specific_repeats(extraction.quantities, categories, text, attributions)
        # the sentence start, country and harm of the last count of a country's citizens
        last_nationals: tuple[int, str, str] | None = None
        for q in extraction.quantities:
            if q.id in repeats:
                continue
            category = categories[q.id]
            sentence = sentence_at(text, q.span.start, q.span.end)
            nationals, by_lead = _nationals_named(q, sentence, text)
            if nationals is not None and category is None:
                category = _harm_after(q, sentence, text)
                if by_lead and last_nationals and last_nationals[:2] == (sentence.start, nationals):
                    category = last_nationals[2]  # "63 of its citizens had died, ... the number ... at 57"
            if category is None and crowd is not None and crowd.span.start >= sentence.start \
                    and _PART_OF_A_CROWD.match(q.span.text):
                category = "protesters"
            city = _crowd_place(text, q, ctx.index.parties) if category == "protesters" else None
            # "including 119,000 in Paris": a part of a crowd, but the whole crowd of a city
            part = counts_a_part(text, q.span.start, q.span.end) and city is None
            if category is None or q.value > MAX_COUNT or part:
                continue
            if category == "protesters":
                crowd = q
            # the figure's own reporter ("the 41 | reported by state television") comes first: `claimant_at`
            holder = attributions.get(q.attribution_id or "")
            if holder is not None and ctx.figures_reporter(doc_id, q.span.start, q.span.end) is None:
                claimant, side = ctx.speaker_side(holder)
                att_id: str | None = q.attribution_id
            else:
                claimant, side, att_id = ctx.claimant_at(doc_id, q.span.start, q.span.end)
            population = _population(q, before, sentence, text, side)
            if category in _HARM and population in ("fighters", "aircrew"):
                category = f"{population} {category}"
            if nationals is None and _OF_OWN_CITIZENS.search(q.span.text):
                nationals = country_named(claimant)  # "63 of its citizens", said by Canada
            if nationals is not None and category in _HARM and population is None:
                last_nationals = (sentence.start, nationals, category)
                category = f"{demonym_of(nationals)} nationals {category}"
            if protests and category in _HARM and _POLICE.search(q.span.text):
                category = f"police {category}"
            before = (q, population)
            if (q.value, category) in seen:
                continue  # the same number repeated in one document
            seen.add((q.value, category))
            member = ctx.member(doc_id, q.span.start, q.span.end, claimant=claimant, side=side,
                                attribution_id=att_id, position=f"{q.value:g}")
            said_on = _day_said(text, attributions.get(att_id or ""), member.published)
            if said_on is not None:
                member = replace(member, published=said_on)
            # a crowd the outlet gives as a bound ("More than a million people marched"): no count of its own
            bound = category == "protesters" and att_id is None and q.qualifier is not None
            claim = NumberClaim(q.value, q.span.text, member, q.qualifier, q.low, q.high, q.id,
                                vague=bool(_VAGUE.search(q.span.text)) or bound)
            area = _area(ctx, q, sentence, extraction.quantities)
            if category == "protesters" or (protests and category in _BY_DAY_OF_PROTEST
                                            and not _OVER_A_WAVE.search(sentence.text)):
                # each day of protests is counted on its own: Thursday's crowds are not Tuesday's
                day = _day_of_protest(text, sentence, ctx.published.get(doc_id))
                category = f"{category} on {day}" if day else category
            area = city or area
            facts[(category, area)].append(claim)
            if _CONTESTS.search(sentence.text[q.span.end - sentence.start:]):
                contesting.add(id(claim))
            whose = _whose_losses(q, sentence, text, side, ctx.index.parties) if population else None
            if whose is not None:
                owners[id(claim)] = whose
    _split_by_whose_losses(facts, owners, ctx.index.parties)
    out: list[NumberFact] = []
    for (category, place), claims in sorted(facts.items()):
        claims.sort(key=lambda c: (c.member.published or "9999", c.value, c.member.doc_id))
        fact = NumberFact(stable_id("num", story, category, place), category, place, claims)
        counted = category.split(" on ")[0].split()[-1]  # "police injured on 2023-03-23": injured
        fact.disputed, fact.series = number_status(claims, toll=counted in _GROWS)
        claimants = {c.member.claimant.casefold() for c in claims}
        if any(id(c) in contesting for c in claims) and len(claimants) > 1:
            fact.disputed = True  # "at the low end of a range of 100 to 300, well below the figure announced"
        out.append(fact)
    return out


_POLICE = re.compile(r"\b(?:police\w*|officers|gendarmes)\b", re.IGNORECASE)
# a figure given against another's: "well below the figure announced by the Health Ministry", "far higher than
# the toll given by the authorities"
_CONTESTS = re.compile(
    r"^[^.;]{0,40}?\b(?:below|lower than|less than|fewer than|higher than|above|more than)\s+(?:the\s+)?"
    r"(?:official\s+)?(?:figures?|tolls?|numbers?|counts?|estimates?)\s+(?:\w+\s+){0,2}?"
    r"(?:announced|given|reported|published|claimed|cited|released|by)\b|"
    # "said dozens of crew members had died, disputing the Defence Ministry's account of one dead"
    r"^[^.;]{0,60}?\b(?:disput|contradict|challeng|reject)\w*\s+(?:the\s+)?(?:[\w'’-]+\s+){0,3}?"
    r"(?:account|figures?|tolls?|numbers?|counts?|version)\b", re.IGNORECASE)
# counts of one day of protest in a story of protests, unless their sentence counts a whole wave ("since the
# protests began"); deaths are counted over a wave, so they stay one series
_BY_DAY_OF_PROTEST = frozenset({"arrested", "police injured"})
_OVER_A_WAVE = re.compile(r"\b(?:since|so far|in total|to date|over the past|throughout)\b", re.IGNORECASE)


def _day_of_protest(text: str, sentence: Span, published: str | None) -> str | None:
    """The day a count of a story of protests is of: the day its sentence names ("during Thursday's
    demonstrations"), else the day the report's lead names ("marched across France on Thursday"), else the
    day of publication; never a day after publication ("a new day of strikes for Tuesday"), nor the day
    something was said ("Darmanin said on Friday that ...")."""
    if not published:
        return None
    lead_end = text.find("\n", 0, 600)
    lead = (0, lead_end if lead_end > 0 else min(len(text), 400))
    for start, end in ((sentence.start, sentence.end), lead):
        days = [day for day, span in referred_dates(text, start, end, published) if day <= published[:10]
                and not said_on(text, span.start)]
        if days:
            return days[0]
    return published[:10]


def _crowd_place(text: str, quantity: Quantity, parties: Parties) -> str | None:
    """The city a crowd is counted in ("119,000 in Paris", "800,000 of them in the capital")."""
    from claimledger.extract.geo import demonym_and_capital

    match = _IN_A_CITY.match(text, quantity.span.end)
    if match is None:
        return None
    if match.group(1) == "capital":
        return demonym_and_capital(parties.names[0])[1] or None
    return match.group(1)


def _day_said(text: str, attribution: Attribution | None, published: str | None) -> str | None:
    """The day a statement was made when its report says so between cue and content ("Russian
    authorities said on May 22 that eight civilians had been injured", in a report of May 23): a figure
    is as old as its statement. Only a day in the week before publication."""
    if attribution is None or attribution.cue is None or not attribution.content or published is None:
        return None
    start, end = attribution.cue.start, attribution.content[0].start
    if not 0 <= end - start <= 60:
        return None
    for day, _ in referred_dates(text, start, end, published):
        gap = (dt.date.fromisoformat(published[:10]) - dt.date.fromisoformat(day)).days
        if 0 < gap <= 7:
            return day
    return None


def _differ(a: float, b: float) -> bool:
    return abs(a - b) > 0.02 * max(abs(a), abs(b), 1.0)


_APPROXIMATE = frozenset({"about", "nearly"})
APPROXIMATE_TOLERANCE = 0.25  # "about 10" and "about a dozen" wounded state the same count


def _apart(a: NumberClaim, b: NumberClaim) -> bool:
    """Two values that state different counts: more than 2% apart, or more than 25% when both are given
    as approximate ("about", "around", "nearly")."""
    if a.qualifier in _APPROXIMATE and b.qualifier in _APPROXIMATE:
        return abs(a.value - b.value) > APPROXIMATE_TOLERANCE * max(abs(a.value), abs(b.value), 1.0)
    return _differ(a.value, b.value)


def number_status(claims: Sequence[NumberClaim], *, toll: bool = False) -> tuple[bool, bool]:
    """(disputed, series): values apart (`_apart`) at the same time from different claimants, or from two
    known sides, are a dispute; one side's values rising over different days are a series. A `toll` (killed,
    injured, missing) only grows: two values one side gives on one day are an update, not a dispute ("rose
    to eight on Wednesday", "has risen to 10")."""
    # one claim per value, approximation, claimant, side and date: what the comparisons below can tell apart
    # (a story of thousands of reports repeats a few figures)
    distinct = {(c.value, c.qualifier in _APPROXIMATE, c.member.claimant.casefold(), c.member.side,
                 c.member.published): c for c in claims if not c.vague}
    precise = list(distinct.values())
    # undated values may clash with any date
    disputed = any(
        _apart(a, b) and a.member.claimant.casefold() != b.member.claimant.casefold()
        and (a.member.published == b.member.published or None in (a.member.published, b.member.published))
        and not (toll and _one_side(a, b))
        for a, b in itertools.combinations(precise, 2)
    )
    sides = _by_side(precise)
    known = [side_claims for side, side_claims in sides.items() if side != UNKNOWN]
    if not disputed and len(known) >= 2:
        disputed = any(_unmatched(mine, theirs) for mine, theirs in itertools.permutations(known, 2))
    series = False
    # a toll no one disputes rises as one series whoever gives it ("more than 100" injured, said by the
    # security service, then "182" by a ministry the reports do not place on a side)
    for side_claims in [*sides.values(), *([precise] if toll and not disputed else [])]:
        peaks: dict[str, NumberClaim] = {}
        for c in side_claims:
            day = c.member.published
            if day is not None and (day not in peaks or c.value > peaks[day].value):
                peaks[day] = c
        ordered = [peaks[d] for d in sorted(peaks)]
        rising = all(b.value >= a.value for a, b in itertools.pairwise(ordered))
        if len(ordered) >= 2 and rising and _apart(ordered[0], ordered[-1]):
            series = True
    return disputed, series


def _one_side(a: NumberClaim, b: NumberClaim) -> bool:
    """Both from one side, or one of them from an unknown side (which cannot set a side against another)."""
    return a.member.side == b.member.side or UNKNOWN in (a.member.side, b.member.side)


def _by_side(claims: Sequence[NumberClaim]) -> dict[str, list[NumberClaim]]:
    out: dict[str, list[NumberClaim]] = defaultdict(list)
    for c in claims:
        out[c.member.side].append(c)
    return out


def _unmatched(mine: Sequence[NumberClaim], theirs: Sequence[NumberClaim]) -> bool:
    """Some value of one side that no value of the other side states as well."""
    return any(all(_apart(c, other) for other in theirs) for c in mine)


def _in_sentence(ctx: _Context, member: Member) -> Member:
    s = sentence_at(ctx.extractions[member.doc_id].document.text, member.start, member.end)
    return replace(member, start=s.start, end=s.end, text=s.text)


def _number_disputes(ctx: _Context, facts: list[NumberFact]) -> list[Dispute]:
    """One side per value; each member quotes the whole sentence the number stands in."""
    disputes: list[Dispute] = []
    for fact in facts:
        if not fact.disputed:
            continue
        members = [_in_sentence(ctx, c.member) for c in fact.claims if not c.vague]
        by_value = sorted({c.value for c in fact.claims if not c.vague})
        sides = [DisputeSide(_figure_of(v, fact.claims), _order(m for m in members if m.position == f"{v:g}"))
                 for v in by_value]
        topic = f"{fact.category} ({fact.place})"
        disputes.append(Dispute(stable_id("dsp", fact.id), "number", topic, sides, fact.id))
    return disputes


def _figure_of(value: float, claims: Sequence[NumberClaim]) -> str:
    """A value as its claims give it: "100–300" for "a range of 100 to 300", else the figure."""
    for c in claims:
        if c.value == value and (span := written_range(c.low, c.high, c.qualifier, c.text)) is not None:
            return f"{figure_text(span[0])}–{figure_text(span[1])}"
    return figure_text(value)


# -- timeline and verification --------------------------------------------------------------------


def _group_timeline(ctx: _Context, groups: list[ClaimGroup]) -> list[TimelineItem]:
    items: list[TimelineItem] = []
    for group in groups:
        if group.kind != "claim":
            continue
        dates: list[str] = []
        for m in group.members:
            text = ctx.extractions[m.doc_id].document.text
            dates.extend(iso for iso, _ in referred_dates(text, m.start, m.end, m.published))
        if not dates and group.n_reports < 2:
            continue
        items.append(TimelineItem(min(dates) if dates else None, None, "claim", group.topic, group.first_seen,
                                  tuple(group.members[:5]), group.id))
    return items


def _unverified(ctx: _Context, groups: list[ClaimGroup]) -> list[Unverified]:
    group_of = {m.attribution_id: g.id for g in groups for m in g.members if m.attribution_id}
    out: list[Unverified] = []
    for extraction in ctx.extractions.values():
        outlet = extraction.document.outlet or "the outlet"
        for a in extraction.attributions:
            if a.verification is None:
                continue
            member = ctx.attribution_member(a)
            note = a.verification.span
            out.append(Unverified(member, f"{a.verification.status} ({outlet})", note.text, note.start,
                                  note.end, group_of.get(a.id)))
    return sorted(out, key=lambda u: (u.member.published or "9999", u.member.doc_id, u.member.start))


# -- entry point ----------------------------------------------------------------------------------


def build_story_ledger(
    story: str,
    extractions: Sequence[Extraction],
    *,
    seen: dict[str, str] | None = None,
    embedder: Embedder | None = None,
    threshold: float = SIMILARITY_THRESHOLD,
) -> StoryLedger:
    """The ledger of one story. `seen` maps document ids to ingested_at (for undated documents, see
    `_publication_days`).
    Attributions that state no claim (`claims_of`: an act, or a thing as the source) are left out."""
    ctx = _Context([claims_only(e) for e in extractions], seen)
    used: set[str] = set()
    blame, blame_disputes = _blame_groups(ctx, story, used)
    evidence: list[ClaimGroup] = []
    evidence_disputes: list[Dispute] = []
    for pattern in POSITION_PATTERNS:
        pattern_groups, pattern_disputes = _position_groups(ctx, story, pattern)
        evidence += pattern_groups
        evidence_disputes += pattern_disputes
    times, time_disputes, time_items = _time_groups(ctx, story)
    starts, start_disputes = _start_groups(ctx, story)
    times += starts
    time_disputes += start_disputes
    claims = _claim_groups(ctx, story, used, embedder or default_embedder(), threshold)
    numbers = _number_facts(ctx, story)
    claim_disputes = [
        Dispute(stable_id("dsp", g.id), "claim", g.topic,
                _sides_by_position([m if m.position else _with_position(m) for m in g.members],
                                   ["supports", "contradicts"]), g.id)
        for g in claims if g.status == "disputed"
    ]
    number_disputes = _number_disputes(ctx, numbers)
    # a claim whose every statement a dispute of numbers already shows ("Moscow's claim that 70 attackers had
    # died" against Kapustin's two) is that dispute, not a second one; so is one a question already sets side
    # by side (the coroner's finding and the family's "rejected the report", in what caused a death)
    claim_disputes = [d for d in claim_disputes
                      if not _shown_in(d, [*number_disputes, *blame_disputes, *evidence_disputes])]
    groups = [*blame, *evidence, *times, *claims]
    timeline = sorted(
        [*time_items, *_group_timeline(ctx, claims)],
        key=lambda t: (t.date or "9999", t.time or "", t.first_reported or "", t.text),
    )
    disputes = [*blame_disputes, *evidence_disputes, *time_disputes, *number_disputes, *claim_disputes]
    for dispute in disputes:
        dispute.changes = position_changes(dispute)
    return StoryLedger(
        story=story,
        doc_ids=sorted(ctx.extractions),
        entities=ctx.index.sorted(),
        groups=groups,
        disputes=disputes,
        numbers=numbers,
        timeline=timeline,
        unverified=_unverified(ctx, groups),
        origins=ctx.origins,
    )


# the questions whose answer does not move with events (a ceasefire takes hold, a raid is repelled, a toll
# rises): a party that answers otherwise later has changed its account. A town's capture does move with
# events, but a defender that denied it and later reports its withdrawal is the change readers look for.
_SETTLED_QUESTIONS = frozenset({"blame", "cause", "course", "control", "target", "identity", "capture"})
_NO_ANSWER = frozenset({"the cause is not established"})


def position_changes(dispute: Dispute) -> list[PositionChange]:
    """The parties to the conflict whose position first reported last answers the dispute's question
    otherwise than one they held on an earlier day, each with its positions in the order first reported.
    In a dispute of blame only "X is responsible" and "X is not responsible" answer each other."""
    if dispute.kind not in _SETTLED_QUESTIONS:
        return []
    first: dict[str, dict[str, str]] = {}  # side -> position -> the day it was first reported
    for dispute_side in dispute.sides:
        if dispute_side.position in _NO_ANSWER:
            continue
        for m in dispute_side.members:
            if a_partys_side(m.side) and m.published:
                days = first.setdefault(m.side, {})
                position = dispute_side.position
                days[position] = min(days.get(position, m.published), m.published)
    changes = []
    for side, days in sorted(first.items()):
        steps = sorted(days.items(), key=lambda step: (step[1], step[0]))
        *earlier, (latest, day) = steps
        if any(then < day and _answer_each_other(dispute.kind, earlier_position, latest)
               for earlier_position, then in earlier):
            changes.append(PositionChange(side, tuple(steps)))
    return changes


def _answer_each_other(kind: str, a: str, b: str) -> bool:
    if kind != "blame":
        return a != b
    return a != b and a.replace(" is not ", " is ") == b.replace(" is not ", " is ")


def _shown_in(dispute: Dispute, others: Sequence[Dispute]) -> bool:
    """Whether one of `others` (disputes of numbers, or questions) quotes every statement of `dispute` (in the
    sentences it cites)."""
    members = [m for side in dispute.sides for m in side.members]
    return any(all(any(n.doc_id == m.doc_id and n.start <= m.start and m.end <= n.end
                       for side in numbers.sides for n in side.members) for m in members)
               for numbers in others)


def claims_only(extraction: Extraction) -> Extraction:
    """The extraction without the attributions that state no claim."""
    kept = tuple(claims_of(extraction.attributions))
    return extraction if len(kept) == len(extraction.attributions) else replace(extraction, attributions=kept)


def _with_position(member: Member) -> Member:
    return replace(member, position="contradicts" if member.stance == "contradicts" else "supports")
