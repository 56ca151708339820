"""Cross-document entity merging and sides (affiliations).

Names are merged on a transliteration key (`translit_key`: Kyiv/Kiev, Hladkov/Gladkov, Zelensky/Zelenskiy/
Zelenskyy, Prigozhin/Prigozhyn all collapse) plus a rapidfuzz ratio for the remaining spelling noise.
Organisations go through a small alias table first ("Russia's Defense Ministry" / "the Ministry of
Defence" / "MoD" / "Russian Ministry of Defense"). A side comes from a documented lexicon over the name and
the role ("Kremlin spokesperson" -> russian_government); what the lexicon does not know stays "unknown".
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence, Set
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from claimledger.extract.entities import JIHADIST_GROUP, NAME_PARTICLES, ORG_HEADS, TITLE_NOUNS
from claimledger.extract.events import LEAD_CHARS, PROTEST_WORDS
from claimledger.extract.speakers import PLATFORM_NAMES, national_branch
from claimledger.ledger.accused import names_state
from claimledger.models import Entity, stable_id

UNKNOWN = "unknown"
SIDES = ("russian_government", "ukrainian_government", "attackers", "third_party", "media", UNKNOWN)

# Ordered: the first pattern found in "name role" wins, so the specific ones come first.
SIDE_LEXICON: tuple[tuple[str, str], ...] = (
    (r"freedom of russia legion|russian volunteer corps|\brvc\b|kapustin|caesar|legion|anti-putin|"
     r"russian (nationals|partisans)|russian armed opposition|легион\w*|добровольческ\w* корпус\w*|\bрдк\b|"
     # "a group of Russian fighters that crossed from Ukraine into Russia", "Russians fighting for Ukraine"
     r"crossed (?:the border )?(?:from|out of) ukraine|"
     r"russian\w*\b[^.]{0,40}\bfight(?:s|ing)? (?:for ukraine|on ukraine['’]s side|on the side of ukraine)|"
     r"легіон\w*|добровольч\w* корпус\w*", "attackers"),
    (r"\b(тасс|риа|интерфакс|cnn|tass|ria novosti|ria|reuters|associated press|\bap\b|afp|bbc|interfax|"
     r"sputnik|belta|isw|al jazeera|kyiv independent|kyiv post|ukrainska pravda|ukrinform|unian|moscow times|"
     r"novaya gazeta|the insider|rfe/rl|radio free europe|radio liberty|the guardian|washington post|"
     r"wall street journal|financial times|bloomberg|politico|deutsche welle|france 24|sky news|"
     r"abc news|nbc news|cbs news|fox news|\brt\b|izvestia|kommersant|vedomosti|rossiyskaya gazeta|"
     r"institute for the study of war|new york times|nyt|al arabiya|euronews|meduza|"
     r"france inter|franceinfo|france info|le monde|le figaro|bfmtv|cnews|media)\b", "media"),
    (r"russian-(installed|appointed|backed)|people['’]s republic|self-proclaimed|\b[dl]pr\b|"
     r"occupation (authorities|administration)|kremlin|putin|peskov|"
     r"shoigu|lavrov|zakharova|nebenz\w*|saldo|leontyev|alekseyenko|gladkov|hladkov|investigative committee|"
     r"konashenkov|medvedev|volodin|kadyrov|prigozh\w*|wagner|\bfsb\b|federal security service|rosgvardia|"
     r"pushilin|aksyonov|gerasimov|belousov|naryshkin|patrushev|pasechnik|surovikin|yevkurov|"
     r"national anti-terrorism committee|"
     r"\bmoscow\b|\brussia\b|\brussian\b|russia['’]s|"
     r"росси\w*|российск\w*|російськ\w*|росі\w*|кремл\w*|москв\w*|путин\w*|путін\w*|"
     r"оккупационн\w* (власт|администрац)\w*|окупаційн\w* (влад|адміністрац)\w*|"
     # the Russian spelling of a ministry is Russia's in a Russian report; "Міноборони" is Ukraine's
     r"минобороны|министерств\w* обороны|\bмчс\b|\bфсб\b|росгварди\w*", "russian_government"),
    (r"zelensk\w*|klymenko|prokudin|danilov|yusov|kuleba|podolyak|ukrhydroenergo|\bkyiv\b|\bkiev\b|"
     r"yermak|shmyhal|lubinets|ihnat|syrsk\w*|"
     r"budanov|malyar|reznikov|zaluzh\w*|\bhur\b|\bsbu\b|"
     r"\bukraine\b|\bukrainian\b|ukraine['’]s|armed forces of ukraine|kherson regional|"
     r"украин\w*|україн\w*|зеленск\w*|зеленськ\w*|киев\w*|київ\w*|\bвсу\b|\bзсу\b|міноборони|"
     r"міністерств\w* оборони|\bгур\b|\bсбу\b|\bдснс\b|генштаб\w*",
     "ukrainian_government"),
    (r"united nations|\bun\b|\bu\.n\.|guterres|griffith\w*|turkey|turkish|erdogan|united states|\bus\b|"
     r"\bu\.s\.|"
     # the UN's Security Council, not a state's ("Armenia's Security Council", "National Security Council")
     r"world health organi[sz]ation|world food programme|\bwfp\b|unicef|unhcr|\bocha\b|"
     r"(?<!national )(?<!['’]s )\bsecurity council\b(?! of)|"
     r"state department|white house|pentagon|biden|blinken|secretary of state|lukashenko|red cross|norsar|"
    # watchdogs of human rights ("the Oslo-based group Iran Human Rights", "the Kurdish Rights Network"), not
    # a state's own ("Iran's High Council for Human Rights")
    r"council of europe|amnesty international|human rights watch|"
    r"(?<!['’]s )(?<!['’]s human )\b(?:human )?rights "
    r"(?:groups?|monitors?|network|organi[sz]ations?|activists?)\b|"
    r"\biran human rights\b|"
     r"european union|\beu\b|\bnato\b|experts?|"
     r"western (?:officials?|governments?|intelligence|diplomats?|leaders?|allies)|"
     r"\bоон\b|эксперт\w*|експерт\w*",
     "third_party"),
)
_SIDE_PATTERNS = tuple((re.compile(p, re.IGNORECASE), side) for p, side in SIDE_LEXICON)

# the words that name each of the bundled stories' two states in English, Russian, Ukrainian, German and
# Arabic reports; a story of two other states names them by country, demonym and capital (`Parties.of`)
_RUSSIA_UKRAINE_WORDS = {
    "Russia": re.compile(
        r"\b(russia\w*|moscow|kremlin|ruscists?|occupiers?|occupation forces|putin|"
        r"росси\w*|российск\w*|москв\w*|кремл\w*|путин\w*|оккупант\w*|рашист\w*|росі\w*|російськ\w*|"
        r"окупант\w*|путін\w*|russland\w*|russisch\w*|russen|moskau\w*|kreml\w*|"
        r"(?:و|ب|ل)?(?:ال)?(?:روسي\w*|روس|موسكو|كرملين|بوتين))\b", re.I
    ),
    "Ukraine": re.compile(r"\b(ukrain\w*|kyiv|kiev|zelensk\w*|украин\w*|киев\w*|всу|зеленск\w*|україн\w*|"
                          r"київ\w*|зсу|зеленськ\w*|kiew\w*|selenskyj\w*|"
                          r"(?:و|ب|ل)?(?:ال)?(?:أوكراني\w*|كييف|زيلينسكي))\b", re.I),
}
_NATIONAL_SIDES = {"Russia": "russian_government", "Ukraine": "ukrainian_government"}


def demonym_of(state: str) -> str:
    """ "Armenia" -> "Armenian" (countryinfo's first demonym), else the state's own name."""
    from claimledger.extract.geo import demonym_and_capital

    return demonym_and_capital(state)[0] or state


def government_side(country: str) -> str:
    """The side of a state's government: "russian_government", "armenian_government"."""
    if country in _NATIONAL_SIDES:
        return _NATIONAL_SIDES[country]
    return _slug(demonym_of(country)) + "_government"


def _slug(name: str) -> str:
    """ "Azerbaijani" -> "azerbaijani", "Rapid Support Forces" -> "rapid_support_forces": a side id's part."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "_", plain.casefold().replace("’", "").replace("'", "")).strip("_")


@dataclass(frozen=True, slots=True)
class ArmedGroup:
    """A non-state party a story sets against a state: an armed group ("the paramilitary Rapid Support Forces
    (RSF)"), or the protesters of a story of protests (`kind` "protest"), who march with their unions."""

    name: str  # "Rapid Support Forces", "Protesters"
    acronym: str | None = None  # "RSF"
    kind: str = "armed"  # or "protest"
    members: tuple[str, ...] = ()  # the unions a story of protests names: "CGT", "SUD-Rail"

    @property
    def side(self) -> str:
        """ "group_rapid_support_forces": the JSON contract's side of a non-state party."""
        return "group_" + _slug(self.name)

    @property
    def names(self) -> tuple[str, ...]:
        """Its name, its acronym and, for a name that opens with a demonym, the rest of it: reports write
        "the Palestinian Islamic Jihad" and "Islamic Jihad"."""
        rest = self.name.split(maxsplit=1)
        short = rest[1] if len(rest) == 2 and len(rest[1].split()) >= 2 and _country(rest[0]) else None
        return tuple(n for n in (self.name, self.acronym, short) if n)


@dataclass(frozen=True, slots=True)
class Parties:
    """The two parties a story sets against each other, with the words that name each in its reports: two
    states, or a state and a non-state armed group (`group`). Every other state's government is a third
    party: Russia's, in a story of Armenia and Azerbaijan."""

    names: tuple[str, str]
    words: Mapping[str, re.Pattern[str]]
    both: re.Pattern[str]  # "Russian and Ukrainian officials", "both sides": the two at once
    # "Russia's invasion", "Russia's full-scale aggression": the party it names is held responsible
    aggression: re.Pattern[str]
    group: ArmedGroup | None = None  # the second party, when it is not a state
    # other states the story's statements hold responsible outright (`build.accused_parties`), whose
    # governments are parties too: the United States and Ukraine, in a story of Britain and Russia's
    others: tuple[str, ...] = ()

    @property
    def bundled(self) -> bool:
        """Russia and Ukraine, whose words the lexicon knows (`RUSSIA_UKRAINE`, with or without others)."""
        return self.words is _RUSSIA_UKRAINE_WORDS

    def other_named_in(self, text: str) -> str | None:
        """The one other state (`others`) `text` names, by its name, demonym, capital, seat or initials."""
        found = [state for state in self.others
                 if _words_naming(state).search(text) or names_state(text, state)]
        return found[0] if len(found) == 1 else None

    @classmethod
    def of(cls, first: str, second: str | ArmedGroup) -> Parties:
        if isinstance(second, ArmedGroup):
            return cls._state_and_group(first, second)
        if {first, second} == set(_RUSSIA_UKRAINE_WORDS):
            return RUSSIA_UKRAINE
        words = {name: _words_naming(name) for name in (first, second)}
        a, b = (words[name].pattern.removeprefix(r"\b").removesuffix(r"\b") for name in (first, second))
        both = re.compile(rf"\b{a} and {b}\b|\b{b} and {a}\b|\bboth sides\b", re.IGNORECASE)
        aggression = re.compile(rf"\b(?:{a}|{b})['’]?s? {_AGGRESSION}", re.IGNORECASE)
        return cls((first, second), words, both, aggression)

    @classmethod
    def _state_and_group(cls, state: str, group: ArmedGroup) -> Parties:
        """A state's forces against a group of its own country's or a neighbour's: the state is named by its
        name, its demonym and its armed forces ("the army said"), not by its capital, where the fighting
        often is; the group by its name, its acronym and the words for an armed group ("the paramilitary
        force", "the rebel militia")."""
        from claimledger.extract.geo import demonym_and_capital

        demonym = demonym_and_capital(state)[0]
        protest = group.kind == "protest"
        own = [re.escape(state.casefold()) + r"\w*", *([re.escape(demonym.casefold())] if demonym else []),
               _STATE_OFFICES if protest else _STATE_FORCES]
        named = [*(re.escape(name.casefold()) for name in group.names),
                 *(re.escape(member.casefold()) for member in group.members),
                 _PROTEST_KIND if protest else rf"{_ARMED_KIND}|terrorists?"]
        words = {state: re.compile(rf"\b({'|'.join(own)})\b", re.IGNORECASE),
                 group.name: re.compile(rf"\b({'|'.join(named)})\b", re.IGNORECASE)}
        a, b = "|".join(own), "|".join(named)
        both = re.compile(
            rf"\b(?:{a}) and (?:the )?(?:{b})\b|\b(?:{b}) and (?:the )?(?:{a})\b|\b(?:both|two) sides\b",
            re.IGNORECASE)
        aggression = re.compile(rf"\b(?:{a}|{b})['’]?s? {_AGGRESSION}", re.IGNORECASE)
        return cls((state, group.name), words, both, aggression, group)

    def side_of_party(self, name: str) -> str:
        """A party's side: its government's, or the group's own."""
        if self.group is not None and name == self.group.name:
            return self.group.side
        return government_side(name)

    def party_of(self, side: str | None) -> str | None:
        """The party whose side `side` is, if it is one of the two."""
        return next((name for name in self.names if self.side_of_party(name) == side), None)

    def other(self, party: str) -> str:
        return self.names[1] if party == self.names[0] else self.names[0]

    def other_of(self, side: str) -> str | None:
        """The other accused state (`others`) whose government's side `side` is."""
        return next((state for state in self.others if government_side(state) == side), None)

    def knows(self, side: str) -> bool:
        """Whether a side is one the story can have: a government or group side only of its parties."""
        return not a_partys_side(side) or self.party_of(side) is not None or self.other_of(side) is not None

    def named_in(self, text: str) -> str | None:
        """The party `text` names, if it names one of the two and not the other."""
        found = [name for name in self.names if self.words[name].search(text)]
        return found[0] if len(found) == 1 else None


def a_partys_side(side: str) -> bool:
    """A side only a party to the conflict has: a state's government or a non-state party's own."""
    return side.endswith("_government") or side.startswith("group_")


def _words_naming(country: str) -> re.Pattern[str]:
    """A state's name (and longer words it begins), its demonym and its capital."""
    from claimledger.extract.geo import demonym_and_capital

    demonym, capital = demonym_and_capital(country)
    others = (re.escape(word.casefold()) for word in (demonym, capital) if word)
    words = [re.escape(country.casefold()) + r"\w*", *others]
    return re.compile(rf"\b({'|'.join(words)})\b", re.IGNORECASE)


_AGGRESSION = r"(?:full-scale |brutal |unprovoked )?(?:invasion|aggression|war)\b"
_STATE_FORCES = r"army|military|armed forces|air force"
_ARMED_KIND = r"paramilitar(?:y|ies)|rebels?|militants?|militias?|insurgents?"
# against protesters, the state is its government, its ministers and its police
_STATE_OFFICES = (r"government|(?:riot )?police|gendarmes?|gendarmerie|ministry|ministers?|ministries|"
                  r"president|presidency|prime minister|prefect|prefecture|interior|cabinet|"
                  r"supreme leader|security forces")
_PROTEST_KIND = (r"protest\w*|demonstrators?|marchers?|strikers?|(?:trade )?unions?|union leaders?|"
                 r"organi[sz]ers")
RUSSIA_UKRAINE = Parties(
    ("Russia", "Ukraine"), _RUSSIA_UKRAINE_WORDS,
    re.compile(r"\b(russia\w*|ukrain\w*) and (russia\w*|ukrain\w*)\b|\bboth sides\b", re.IGNORECASE),
    re.compile(rf"\b(russia|ukrain)\w*['’]?s? {_AGGRESSION}", re.IGNORECASE),
)

# a state named as the owner of armed forces or of acts of war: "Azerbaijani forces", "Armenia's Defence
# Ministry", "Russian missiles"; a mediator ("Belarusian President Lukashenko") is named otherwise
_AT_WAR = re.compile(
    # the noun in any case: "Russia's Defence Ministry", "the Russian Armed Forces"
    r"\b([A-Z][a-z]{3,})(?:['’]s)?\s+(?:[a-z-]+\s+)?(?i:forces|troops|army|military|soldiers|servicemen|"
    r"positions|units|defen[cs]e ministry|ministry of defen[cs]e|armed forces|missiles?|drones?|artillery|"
    r"shelling|strikes?|attacks?|air defen[cs]es?|navy|border guards?|fighters|invasion|aggression|"
    r"offensive|counteroffensive|shells?)\b")


# a non-state armed group as reports introduce it: "the paramilitary Rapid Support Forces (RSF)", "M23
# rebels", "Houthi militants"
_GROUP_NAME = r"[A-Z][\w’'-]*(?:\s+(?:of\s+|for\s+(?:the\s+)?)?[A-Z][\w’'-]*){0,4}"
_INTRODUCED_GROUP = re.compile(
    rf"\b(?i:{_ARMED_KIND}|armed group)\s+(?:group\s+)?(?:the\s+)?({_GROUP_NAME})"
    rf"(?:\s+\(([A-Z][A-Z0-9]{{1,5}})\))?|"
    rf"\b({_GROUP_NAME})\s+(?:\(([A-Z][A-Z0-9]{{1,5}})\)\s+)?(?i:{_ARMED_KIND})\b")
_GROUP_AT_WAR = (r"(?:['’]s)?\s+(?:[a-z-]+\s+)?(?:fighters|forces|troops|units|bases?|positions|members|"
                 r"militia|commanders?|attacks?|offensive|advance)\b")
# a group's weapon fired: "a rocket fired by the Palestinian Islamic Jihad", "a failed rocket launch by ..."
_FIRED_BY = (r"\b(?:rockets?|missiles?|shells?|mortars?|drones?)\s+(?:launch\s+|"
             r"(?:(?:had|has|have)\s+been\s+|was\s+|were\s+)?(?:fired|launched)\s+)by\s+(?:the\s+)?")


def armed_groups(texts: Iterable[str], rebels: Set[str] | None = None) -> Counter[ArmedGroup]:
    """The non-state armed groups the texts introduce (`_INTRODUCED_GROUP`), each counted by the times it is
    named as a fighting party: introduced as such, or as the owner of fighters, forces or bases ("RSF
    fighters"). A state or a place is no group ("Russian militants"), nor are those who rose against their own
    state (`rebels_in`: a mutiny is another kind of story)."""
    texts = list(texts)
    rebels = rebels_in(texts) if rebels is None else rebels
    found: dict[str, str | None] = {}
    for text in texts:
        for match in _INTRODUCED_GROUP.finditer(text):
            name = (match.group(1) or match.group(3) or "").strip()
            acronym = match.group(2) or match.group(4)
            if name and not _country(name) and not gazetteer_place(name) and not names_one_of(name, rebels):
                found[name] = acronym or found.get(name)
    counted: Counter[ArmedGroup] = Counter()
    for name, acronym in found.items():
        group = ArmedGroup(name, acronym)
        names = "|".join(re.escape(n) for n in group.names)
        at_war = re.compile(rf"\b(?:{_ARMED_KIND}|armed group)\s+(?:group\s+)?(?:the\s+)?(?:{names})\b|"
                            rf"\b(?:{names}){_GROUP_AT_WAR}|\b(?:{names})\s+(?:{_ARMED_KIND})\s+group\b|"
                            rf"{_FIRED_BY}(?:{names})\b", re.IGNORECASE)
        counted[group] = sum(len(at_war.findall(text)) for text in texts)
    return counted


# a story of protests: its reports open on them ("Hundreds of thousands of people marched across France on
# Thursday against ..."), and the unions that call them are named "the CGT union", "the SUD-Rail union"
_PROTEST_LEAD = re.compile(rf"\b(?:{PROTEST_WORDS}|took to the streets)\b", re.IGNORECASE)
_UNION = re.compile(r"\b(?:the\s+)?([A-Z][\w-]*[A-Z][\w-]*|[A-Z][a-z]+-[A-Z][\w-]*)\s+(?:trade\s+)?unions?\b")
PROTEST_SHARE = 0.5  # of a story's reports whose lead is about protests, for a story of protests


def protest_movement(texts: Iterable[str]) -> ArmedGroup | None:
    """The protesters as a story's second party, when at least three of its reports, and at least half, open
    on protests (`_PROTEST_LEAD`), with the unions the reports name (`_UNION`) as their members."""
    texts = list(texts)
    leads = sum(bool(_PROTEST_LEAD.search(text[:LEAD_CHARS])) for text in texts)
    if leads < 3 or leads < PROTEST_SHARE * len(texts):
        return None
    unions = sorted({m.group(1) for text in texts for m in _UNION.finditer(text)
                     if not _country(m.group(1)) and m.group(1).casefold() not in ("the", "trade")})
    return ArmedGroup("Protesters", None, kind="protest", members=tuple(unions))


def story_parties(texts: Iterable[str], rebels: Set[str] | None = None) -> Parties:
    """The two states a story's reports name most often as the owners of armed forces or acts of war
    (`_AT_WAR`); if fewer than two, those they name most often at all; Russia and Ukraine, the bundled
    stories' states, when the reports name fewer than two states. A non-state armed group (`armed_groups`)
    named as a fighting party more often than the second state is the second party: the Rapid Support Forces
    against Sudan's army."""
    texts = list(texts)
    at_war: Counter[str] = Counter()
    named: Counter[str] = Counter()
    for text in texts:
        at_war.update(c for m in _AT_WAR.finditer(text) if (c := _country(m.group(1))))
        named.update(country for _, country in _named_states(text))
    ranked = sorted(named, key=lambda c: (-at_war[c], -named[c], c))
    protesters = protest_movement(texts) if ranked and (len(ranked) < 2 or not at_war[ranked[1]]) else None
    if protesters is not None:
        return Parties.of(ranked[0], protesters)
    groups = armed_groups(texts, rebels).most_common(1) if ranked else []
    if groups and groups[0][1] >= _GROUP_MENTIONS and (len(ranked) < 2 or groups[0][1] > at_war[ranked[1]]):
        return Parties.of(ranked[0], groups[0][0])
    if len(ranked) < 2:
        return RUSSIA_UKRAINE
    return Parties.of(ranked[0], ranked[1])


_GROUP_MENTIONS = 3  # a group named once or twice as fighting is not a party of the story


# an outlet's name alone, or with a section word ("Euronews View"): never a person's
_MEDIA_NAMES = next(p for p, side in SIDE_LEXICON if side == "media")
_OUTLET = re.compile(rf"(?:{_MEDIA_NAMES})(?:\s+(?:view|news|tv|online|agency))?", re.IGNORECASE)

_BOTH_GOVERNMENTS = re.compile(
    r"\b(russian|ukrainian) and (russian|ukrainian)\b|\b(both|two) sides\b", re.IGNORECASE
)
_PRO_UKRAINIAN = re.compile(r"\bpro-(ukrain\w*|kyiv|kiev)\b", re.IGNORECASE)
# "an exiled Russian politician", "Russian opposition figure": Russian, but not the government
_DISSIDENT = re.compile(r"\b(exiled|opposition|dissident)\b", re.IGNORECASE)
_MOD = re.compile(r"\b(ministry of defen[cs]e|defen[cs]e ministry|mod)\b", re.IGNORECASE)
_ARTICLE = re.compile(r"^(the|a|an)\s+", re.IGNORECASE)
_TRANSLIT = (("kh", "h"), ("g", "h"), ("yy", "y"), ("iy", "y"), ("y", "i"), ("ie", "i"), ("ii", "i"),
             ("j", "i"), ("w", "v"), ("ck", "k"), ("'", ""), ("’", ""))


# a role as a Russian, Ukrainian, Arabic or German report writes it
_NOT_ENGLISH = re.compile(r"[\u0400-\u04ff\u0600-\u06ff]|[äöüß]|\b\w+isch(?:e[nmrs]?)?\b")


def better_role(new: str | None, old: str | None) -> bool:
    """Whether role `new` should replace `old`: there was none, or it is English where `old` was not ("city
    mayor" over "Мэр Новой Каховки" or "رئيس منطقة نوفوكاخوفا", the roles Russian and Arabic reports gave)."""
    if not new:
        return False
    return not old or (bool(_NOT_ENGLISH.search(old)) and not _NOT_ENGLISH.search(new))



@functools.lru_cache(maxsize=65536)
def translit_key(name: str) -> str:
    """A spelling-insensitive key: Kyiv/Kiev -> "kiv", Zelenskyy/Zelenskiy/Zelensky -> "zelenski"."""
    text = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = _ARTICLE.sub("", text.strip())
    for old, new in _TRANSLIT:
        text = text.replace(old, new)
    while "ii" in text:
        text = text.replace("ii", "i")
    return re.sub(r"[^a-z0-9а-яіїє ]+", " ", text).strip()


# institutions that carry a place's name without speaking for its government
_CIVILIANS = re.compile(r"\b(?:residents|locals|inhabitants|civilians|witnesses|eyewitnesses|survivors|"
                        r"passers-by|bystanders|villagers|townspeople|neighbou?rs)$", re.IGNORECASE)
_NAMED_AFTER_A_PLACE = re.compile(r"\b(?:university|college|school|academy|museum|theat(?:re|er)|hospital|"
                                  r"church|cathedral|stadium|airport|library|orchestra|"
                                  # a company: "Ukraine International Airlines" is not Ukraine's government
                                  r"airlines?|airways|bank|company|corporation)\b", re.IGNORECASE)


def side_of(*texts: str | None, parties: Parties = RUSSIA_UKRAINE) -> str:
    """The side named in the texts (name, role, ...): attackers and media win, else the earliest match. The
    government of a state other than the story's two `parties` is a third party."""
    joined = _PRO_UKRAINIAN.sub(" ", " ".join(t for t in texts if t))  # a supporter, not the government
    if texts and texts[0] and _BOTH_GOVERNMENTS.search(texts[0]):
        return UNKNOWN  # "Russian and Ukrainian officials", "officials on both sides": no one side
    if texts and texts[0] and _NAMED_AFTER_A_PLACE.search(texts[0]):
        return UNKNOWN  # "Moscow State University": named after a city, not its government
    if texts and texts[0] and national_branch(texts[0]):
        return UNKNOWN  # "PEN Ukraine": a writers' association's branch, not the government
    if texts and texts[0] and _CIVILIANS.search(texts[0]):
        return UNKNOWN  # "Kyiv residents", "Belgorod locals": people of a place, not its government
    dissident = bool(_DISSIDENT.search(joined))
    matches: list[tuple[int, int, str]] = []
    for pattern, side in _SIDE_PATTERNS:
        if dissident and side in ("russian_government", "ukrainian_government"):
            continue
        match = pattern.search(joined)
        if match:
            matches.append((0 if side in ("attackers", "media") else 1, match.start(), side))
    if matches:
        side = min(matches)[2]
        if side == "third_party" and (other := parties.other_named_in(joined)) is not None:
            return government_side(other)  # "a State Department spokesman", in a story accusing Washington
        return side if parties.knows(side) else "third_party"
    if not parties.bundled:  # the lexicon knows the bundled stories' states and their people
        party = _party_named(joined, parties)
        if party is not None:
            return party
    if _third_country(joined, parties):
        return "third_party"
    return _official_of_a_place(joined, parties) or UNKNOWN


def _party_named(text: str, parties: Parties) -> str | None:
    """The side of the one party a name or role names by its name, its demonym or as the possessor of an
    office ("Azerbaijani President", "Armenia's Defence Ministry"); unknown when it names both. Against a
    non-state group, the group by its name ("RSF commander"), and the state by its armed forces when no
    state is named ("Army spokesman"); a body of doctors, lawyers or workers named after its country is not
    its government ("Central Committee of Sudan Doctors"). Against protesters, see `_protest_party`."""
    if parties.group is not None and parties.group.kind == "protest":
        return _protest_party(text, parties)
    if _CIVIL_SOCIETY.search(text):
        return None
    if parties.group is not None and parties.words[parties.group.name].search(text):
        return parties.group.side
    states = list(_named_states(text))
    found = {country for word, country in states
             if country in parties.names and not (word.endswith("s") and word != country)}  # not "Armenians"
    if len(found) == 2:
        return UNKNOWN
    if not found and not states and parties.group is not None and _STATE_FORCES_NAMED.search(text):
        found = {parties.names[0]}
    return parties.side_of_party(found.pop()) if found else None


_STATE_FORCES_NAMED = re.compile(rf"\b(?:{_STATE_FORCES})\b", re.IGNORECASE)


def _protest_party(text: str, parties: Parties) -> str | None:
    """In a story of protests: the protesters' side for a union, its leaders and the protesters ("head of the
    CFDT union", "CGT leader"); the state's for its government, ministers and police ("Interior Minister",
    "Paris police prefect", "President"), unless the office is another state's ("US President")."""
    state, group = parties.names
    if parties.words[group].search(text):
        return parties.side_of_party(group)
    states = {country for _, country in _named_states(text)}
    if states - {state}:
        return None
    return parties.side_of_party(state) if states or parties.words[state].search(text) else None
_CIVIL_SOCIETY = re.compile(r"\b(?:doctors|physicians|medics|lawyers|journalists|teachers|workers|unions?|"
                            r"syndicates?|associations?|societ(?:y|ies)|federations?|red crescent)\b",
                            re.IGNORECASE)


# an office of a town or region: "Donetsk regional governor", "Kramatorsk Mayor", "head of the Kharkiv
# Regional Military Administration"
_OFFICE = re.compile(
    r"\b(?:governor|mayor|head|chief|administration|police|prosecutor|council|authorities)\b", re.IGNORECASE)
_PLACE_WORD = re.compile(r"\b[A-Z][a-z]{3,}(?:-[A-Z][a-z]+)?\b")
_GOVERNMENT_OF = {"UA": "ukrainian_government", "RU": "russian_government"}


def _official_of_a_place(text: str, parties: Parties = RUSSIA_UKRAINE) -> str | None:
    """The government of the country whose town or region an official's office names, when the lexicon
    knew no side ("Russian-installed" and the like come first): a Ukrainian town's mayor speaks for Ukraine's
    authorities."""
    if not _OFFICE.search(text):
        return None
    from claimledger.extract.geo import town_country

    for word in _PLACE_WORD.findall(text):
        code = town_country(word)
        side = _GOVERNMENT_OF.get(code or "") if parties.bundled else _party_of_code(code, parties)
        if side is not None:
            return side
    return None


# a place's office set before the name it introduces: "Tehran's police chief, Brigadier General Hossein
# Rahimi"
_PLACE_OFFICE_BEFORE_NAME = re.compile(r"^(?:the\s+)?([A-Z][\w-]+['’]s\s+(?:[\w-]+\s+){0,3}?[\w-]+),\s+\S")


def side_of_office_before_name(source: str, parties: Parties = RUSSIA_UKRAINE) -> str | None:
    """The government whose town's office a source names before the person ("Tehran's police chief, ...");
    the person's own title ("Brigadier General") names no place."""
    office = _PLACE_OFFICE_BEFORE_NAME.match(source)
    return _official_of_a_place(office.group(1), parties) if office is not None else None


def _party_of_code(code: str | None, parties: Parties) -> str | None:
    from claimledger.extract.geo import default_gazetteer

    country = default_gazetteer().countries.get(code or "")
    return government_side(country.name) if country is not None and country.name in parties.names else None


_CAPITALISED = re.compile(r"\b[A-Z][a-z]{3,}\b")
_POSSESSOR = re.compile(r"\b([A-Z][a-z]{3,})['’]s\b")


def _named_states(text: str) -> Iterator[tuple[str, str]]:
    """Each capitalised word of `text` that names a state, with the state ("Armenian" -> "Armenia")."""
    for word in _CAPITALISED.findall(text):
        country = _country(word)
        if country is not None:
            yield word, country


def _third_country(text: str, parties: Parties = RUSSIA_UKRAINE) -> bool:
    """A country other than the two at war, by its demonym ("Norwegian Seismic Array", "French President"),
    as the whole name ("Norway") or as the possessor of an office ("Colombia's president"). A bare country
    name inside a longer one is not enough: "Chad", "Jordan" and "Georgia" are also people's and places'
    names."""
    whole = _country(text.strip()) if _CAPITALISED.fullmatch(text.strip()) else None
    if whole is not None:
        return whole not in parties.names
    if any(country != word and country not in parties.names for word, country in _named_states(text)):
        return True
    # whose office it is: "Colombia's president", "Colombia's foreign ministry"
    return any((country := _country(word)) is not None and country not in parties.names
               for word in _POSSESSOR.findall(text))


# the raid's two units as Russian, Ukrainian and German reports name them; a jihadist group's many names
_TRANSLATED_ORGS = (
    (re.compile(r"^(?:islamic state (?:of iraq and (?:the )?(?:levant|syria) )?|is|isis|isil|daesh)"
                r"(?: (?:militant |jihadist |terrorist )?group)?$", re.IGNORECASE), "Islamic State"),
    (re.compile(r"^(?:islamic state(?: in)? khorasan(?: province)?|is-k|isis-k|iskp)$", re.IGNORECASE),
     "Islamic State Khorasan Province"),
    (re.compile(r"^(?:russia['’]s |russian )?(?:federal security service(?: \(fsb\))?|"
                r"fsb(?: security service)?|фсб)$", re.IGNORECASE), "Federal Security Service"),
    (re.compile(r"^(?:легион|легіон|legion)\W+(?:свобода росси[ия]|свобода росії|freiheit russlands)\W*$",
                re.IGNORECASE), "Freedom of Russia Legion"),
    (re.compile(r"^(?:легион|легіон)$", re.IGNORECASE), "Legion"),
    (re.compile(r"^(?:российский добровольческий корпус|російський добровольчий корпус|рдк|"
                r"(?:(?:das|dem|des) )?russische[ns]? freiwilligenkorps)$", re.IGNORECASE),
     "Russian Volunteer Corps"),
)


def canonical_org(name: str, national: str | None = None) -> str:
    """Normalise organisation aliases: every spelling of a defence ministry becomes one name, and the
    raid's units their English names ("Легіон «Свобода Росії»" is the Freedom of Russia Legion)."""
    bare = _ARTICLE.sub("", name.strip())
    for pattern, english in _TRANSLATED_ORGS:
        if pattern.match(bare):
            return english
    if _MOD.search(name):
        if re.search(r"ukrain", name, re.IGNORECASE):
            return "Ukrainian Ministry of Defence"
        if re.search(r"russia", name, re.IGNORECASE) or national == "russian":
            return "Russian Ministry of Defence"
        return _national("Ministry of Defence", name)
    return _ARTICLE.sub("", name.strip())


def _national(office: str, name: str) -> str:
    """ "Armenia's Defence Ministry", "the Ministry of Defence of Azerbaijan": the office with the demonym
    of the one state its name names, so two states' ministries stay apart."""
    from claimledger.extract.geo import demonym_and_capital

    states = {country for _, country in _named_states(name)}
    demonym = demonym_and_capital(states.pop())[0] if len(states) == 1 else None
    return f"{demonym} {office}" if demonym else office


@dataclass(slots=True)
class LedgerEntity:
    """One actor across the documents of a story."""

    id: str
    name: str
    type: str
    side: str
    role: str | None = None
    member_of: str | None = None
    variants: set[str] = field(default_factory=set)
    entity_ids: set[str] = field(default_factory=set)
    doc_ids: set[str] = field(default_factory=set)
    speaks: bool = False  # the source of at least one statement
    spellings: Counter[str] = field(default_factory=Counter)  # how often each name was written

    def written_more(self, name: str) -> bool:
        """Whether the story writes `name` more often than the name shown."""
        return self.spellings[name] > self.spellings[self.name]

    @property
    def prominent(self) -> bool:
        """Worth its own line in a report: it speaks, has a known side or a role, or recurs."""
        return self.speaks or self.side != UNKNOWN or bool(self.role) or len(self.doc_ids) >= 2

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "side": self.side,
            "role": self.role,
            "member_of": self.member_of,
            "variants": sorted(self.variants),
            "entity_ids": sorted(self.entity_ids),
            "documents": sorted(self.doc_ids),
            "speaks": self.speaks,
        }


_PLACE_TYPES = frozenset({"GPE", "LOC", "FAC"})


def _mostly_places(entities: Sequence[Entity]) -> set[str]:
    """Names (translit keys) with more place mentions than person or organisation mentions."""
    votes: dict[str, int] = {}
    for e in entities:
        if e.type in _PLACE_TYPES or e.type in ("PERSON", "ORG"):
            key = translit_key(e.name)
            votes[key] = votes.get(key, 0) + (1 if e.type in _PLACE_TYPES else -1) * max(1, len(e.mentions))
    return {key for key, vote in votes.items() if vote > 0}


_NAME = r"[A-Z][\w’'-]+(?: [A-Z][\w’'-]+)?"
# what the texts say about a place, whatever the tagger called it
_PLACE_CONTEXTS = (
    re.compile(rf"\b(?:villages?|towns?|cit(?:y|ies)|settlements?|districts?) of (?:the )?({_NAME})"),
    re.compile(rf"\b({_NAME}) (?:city|village|town|district|raion|municipality)\b"),
    re.compile(rf"\b({_NAME})(?: and {_NAME})? (?:is|are|was|were) (?:\w+ ){{0,2}}"
               rf"(?:flooded|submerged|underwater|inundated)\b"),
    re.compile(rf"\b{_NAME} and ({_NAME}) (?:is|are|was|were) (?:\w+ ){{0,2}}"
               rf"(?:flooded|submerged|underwater|inundated)\b"),
    # "the airports in Khartoum and Merowe", "the air base in Merowe"
    re.compile(rf"\b(?:airports?|air ?bases?|airfields?|ports?|garrisons?) (?:in|at|of|near) ({_NAME})\b"),
    re.compile(rf"\b(?:airports|air ?bases|airfields|ports|garrisons) (?:in|at|of|near) {_NAME},? "
               rf"and ({_NAME})\b"),
)
# a list of names ("Tiahynka, Lvove, Odradokamianka, Ivanivka, Mykilske, ..."): places when some are known
_NAME_LIST = re.compile(rf"(?:{_NAME}, ){{3,}}(?:and )?{_NAME}")
# names listed before a plural place noun: "the Dashkesan, Kalbajar and Lachin districts"
_LISTED_PLACES = re.compile(
    rf"\b((?:{_NAME}, )*{_NAME},? and {_NAME}) "
    r"(?:districts|regions|villages|towns|cities|provinces|settlements)\b")
_REGION_WORD = re.compile(r"\b(?:oblast|region|province|raion)\b", re.IGNORECASE)


def places_in_context(texts: Iterable[str]) -> set[str]:
    """Names (translit keys) the texts use as places: "the settlements of Korsunka and Oleshky",
    "Novaya Kakhovka city mayor", "Korsunka is totally submerged", "the Dashkesan, Kalbajar and Lachin
    districts", or a list of names at least two of
    which the gazetteer knows as towns ("Tiahynka, Lvove, ..., Mykilske, Tokarivka, ...")."""
    from claimledger.extract.geo import default_gazetteer

    found: set[str] = set()
    for text in texts:
        for pattern in _PLACE_CONTEXTS:
            found.update(translit_key(m.group(1)) for m in pattern.finditer(text))
        for match in _LISTED_PLACES.finditer(text):
            found.update(translit_key(n) for n in re.split(r",\s*(?:and\s+)?|\s+and\s+", match.group(1)) if n)
        for match in _NAME_LIST.finditer(text):
            names = [n.strip() for n in re.split(r",\s*(?:and\s+)?", match.group(0)) if n.strip()]
            known = sum(1 for n in names if any(p.kind in ("city", "admin1", "admin2")
                                                for p in default_gazetteer().lookup(n)))
            if known >= 2:
                found.update(translit_key(n) for n in names)
    return found


# a title abbreviated before a name: "Gov. Vyacheslav Gladkov", "Lt. Gen. Igor Konashenkov"
_TITLE_ABBREVIATION = re.compile(
    r"^(?:(?:Gov|Sen|Rep|Gen|Lt|Col|Maj|Capt|Adm|Sgt|Pres|Dr|Mr|Mrs|Ms|Prof|Amb)\.\s+)+")


def _without_demonym(name: str) -> str:
    """ "Ukrainian Nila Avdeenko" -> "Nila Avdeenko": a nationality the tagger took into a person's name,
    which would make a civilian speak for a government; "Gov. Vyacheslav Gladkov" -> "Vyacheslav Gladkov"."""
    bare = _TITLE_ABBREVIATION.sub("", name)
    name = bare if len(bare.split()) >= 2 else name
    first, _, rest = name.partition(" ")
    proper = all(word[:1].isupper() for word in rest.split())  # not "Ukraine's top military commander"
    country = _country(first) if len(rest.split()) >= 2 and first[:1].isupper() and proper else None
    return rest if country is not None and country != first else name  # not "Jordan Peterson Smith"


def gazetteer_place(name: str) -> bool:
    """A name the gazetteer knows as a town or region of 20,000 people or more ("Dnipro", "Kherson Oblast",
    "Crimea"), or one with digits ("05:19 GMT"): the tagger misread it as an actor. Countries stay (they act
    as governments), and so do landmarks (the Kremlin); a place that speaks ("Kyiv said") still becomes an
    actor through its statements. (`known_place` caches its lookups.)"""
    if any(c.isdigit() for c in name):
        return True
    from claimledger.extract.geo import known_place

    return known_place(name)


# What the tagger calls an organisation or a person but cannot act: facilities and weapons.
_THING = re.compile(
    r"\b(?:dam|dams|reservoir|hpp|power (?:plant|station)|hydroelectric|bridge|airport|canal|"
    r"mlrs|uavs?|drones?|himars|howitzers?|missiles?)\b(?:['’]s)?(?:\s+dam)?$",
    re.IGNORECASE,
)


def _not_an_actor(name: str) -> bool:
    """A thing ("Kakhovka Reservoir", "Grad MLRS") or a common noun ("agency", "government"), which
    becomes an actor only when it speaks."""
    return not any(c.isupper() for c in name) or bool(_THING.search(name))


_PORTFOLIOS = (("interior", r"interior|internal affairs"), ("defence", r"defen[cs]e"),
               ("foreign", r"foreign"), ("emergencies", r"emergenc"), ("health", r"health"),
               ("energy", r"energy"), ("environment", r"ecology|environment"), ("justice", r"justice"))
_MINISTRY = re.compile(r"\bminist(?:ry|er)\b", re.IGNORECASE)


def _portfolio(text: str) -> str | None:
    """What a ministry or minister is for: "Interior Ministry", "Minister of Internal Affairs" -> interior."""
    if not _MINISTRY.search(text):
        return None
    return next((name for name, words in _PORTFOLIOS if re.search(words, text, re.IGNORECASE)), None)


# the kind of organisation a role names: "ministry spokesman", "an agency official"
_ORG_KIND = re.compile(
    r"\b(ministry|agency|army|military|service|committee|office|council|command|guard|police|"
    r"administration|government|department|directorate)\b",
    re.IGNORECASE,
)
_POSSESSIVE_COUNTRY = re.compile(r"^(russia|ukraine)['’]s\s+", re.IGNORECASE)


def _adjectival(name: str) -> str:
    """ "Ukraine's Intelligence" and "Ukrainian Intelligence" are one organisation."""
    return _POSSESSIVE_COUNTRY.sub(
        lambda m: "Russian " if m.group(1).lower() == "russia" else "Ukrainian ", name
    )


def person_key(name: str) -> str:
    """A person's surname; a described person ("Russia's representative", "a State Department
    spokesman") keeps the whole description, so two countries' representatives stay apart."""
    tokens = translit_key(name).split()
    words = name.split()
    if words and not words[-1][:1].isupper() and not _PARTICLE_SURNAME.match(words[-1]):
        return " ".join(tokens)
    return tokens[-1] if tokens else ""


# "Abdel Fattah al-Burhan": the surname is "Burhan"
_PARTICLE_SURNAME = re.compile(rf"(?:{'|'.join(sorted(NAME_PARTICLES))})-[A-Z]")


_HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "madam", "mx", "lord", "lady"})


def _given_name(name: str) -> str | None:
    """The first of a plain name's two or three words, unless it is an initial ("S. Peskov"), an honorific
    ("Mr. Zelensky") or a title ("President Zelensky")."""
    words = name.split()
    if not _plain_name(name) or not 2 <= len(words) <= 3:
        return None
    first = words[0].rstrip(".").casefold()
    if len(first) < 2 or first in _HONORIFICS or first in TITLE_NOUNS:
        return None
    return translit_key(words[0])


def _another_given_name(name: str, person: LedgerEntity) -> bool:
    """Two people of one surname: both full names, given names unlike in every spelling ("Armen" and
    "Kristine"; not "Volodymyr" and "Vladimir", nor "Dmitry" and "Dmitriy")."""
    given = _given_name(name)
    theirs = {g for variant in person.variants if (g := _given_name(variant))}
    return given is not None and bool(theirs) and all(fuzz.ratio(given, g) < 45 for g in theirs)


def _plain_name(name: str) -> bool:
    """A name and nothing else: "Dmitry S. Peskov", not "Kremlin’s spokesman, Dmitry S. Peskov"."""
    words = name.split()
    return bool(words) and "," not in name and not re.search(r"['’]s\b", name) \
        and all(w[:1].isupper() or _PARTICLE_SURNAME.match(w) for w in words)


def _respelled(a: str, b: str) -> bool:
    """Two spellings of one name with as many words ("Dmitriy Peskov", "Dmitry Peskov"; "Kiev", "Kyiv")."""
    return len(a.split()) == len(b.split()) and translit_key(a) == translit_key(b)


def better_person_name(new: str, old: str) -> bool:
    """The longer plain name wins ("Dmitry Peskov" over "Peskov"); a plain name beats a described one."""
    if _plain_name(new) != _plain_name(old):
        return _plain_name(new)
    return len(new) > len(old)


def _country(name: str) -> str | None:
    """The country a short name or demonym stands for: "Ukrainian" and "Ukraine" are one actor."""
    if len(name.split()) > 3:
        return None
    from claimledger.extract.geo import country_named

    return country_named(name)


def _long_forms(org_names: Sequence[str]) -> dict[str, str]:
    """One-word names that end one longer organisation name of the story: "the Legion" is the Freedom of
    Russia Legion when no other legion is named, or when the story names it at least twice as often as
    any other ("Ukraine's International Legion", named once)."""
    endings: dict[str, Counter[str]] = {}
    for name in org_names:
        words = _ARTICLE.sub("", name.strip()).split()
        conjoined = "and" in words  # "Russian Volunteer Corps and Freedom of Russia Legion": two names
        if len(words) >= 2 and words[-1][:1].isupper() and not conjoined:
            endings.setdefault(words[-1].casefold(), Counter())[" ".join(words)] += 1
    forms = {}
    for short, names in endings.items():
        (first, count), *rest = names.most_common(2)
        if (not rest or count >= 2 * rest[0][1]) and not _country(short) and not gazetteer_place(short):
            forms[short] = first  # not "Ukraine"
    for name in org_names:  # "Wagner" is the Wagner Group
        words = _ARTICLE.sub("", name.strip()).split()
        if len(words) >= 2 and words[-1].casefold() in _GENERIC_ORG_WORDS and words[0][:1].isupper():
            bare = " ".join(words[:-1])
            if not _country(bare) and not gazetteer_place(bare):
                forms.setdefault(bare.casefold(), " ".join(words))
    forms.update(_without_their_country(org_names))
    return forms


def _without_their_country(org_names: Sequence[str]) -> dict[str, str]:
    """ "the Air Force" of a story that names one air force, "Ukraine's Air Force", is that one."""
    owners: dict[str, set[str]] = defaultdict(set)
    for name in org_names:
        words = _ARTICLE.sub("", name.strip()).split()
        if len(words) >= 3 and re.search(r"['’]s$", words[0]) and _country(words[0][:-2]) \
                and all(w[:1].isupper() for w in words[1:]):
            owners[" ".join(words[1:]).casefold()].add(" ".join(words))
        elif len(words) >= 3 and _country(words[0]) and all(w[:1].isupper() for w in words[1:]) \
                and words[-1].casefold() not in ORG_HEADS:
            # "Islamic Jihad" is the Palestinian Islamic Jihad; but not "Defence Ministry" the Russian one
            owners[" ".join(words[1:]).casefold()].add(" ".join(words))
    # "the Air Force" (no side of its own), not "the Federal Security Service", which is shown as it is
    return {bare: full.pop() for bare, full in owners.items() if len(full) == 1 and side_of(bare) == UNKNOWN}


_GENERIC_ORG_WORDS = frozenset({"group", "company", "organisation", "organization"})


def _one_side(entity: LedgerEntity, related: Iterable[LedgerEntity]) -> str:
    """The side of the related actors named in the entity's documents, if they all share one; else the
    entity's own."""
    sides = {r.side for r in related if r.doc_ids & entity.doc_ids}
    return sides.pop() if len(sides) == 1 else entity.side


_ACRONYM = re.compile(r"[A-Z]{2,6}")
# an office of a national government, written without its country, and as a title (capitalised: "the
# airline's president" is no such office)
_NATIONAL_OFFICE = re.compile(
    r"(?:(?:Vice|Deputy)[ -])?(?:President|Prime Minister|Premier|Chancellor|Prosecutor[ -]General|"
    r"(?:Foreign|Foreign Affairs|Defen[cs]e|Interior|Justice|Finance|Health|Transport) Minister|"
    r"(?:Government|Presidential|Foreign Ministry) [Ss]pokes(?:man|woman|person)|Presidential [Aa]dviser)")
# a report's dateline: "OTTAWA - ", "TEHRAN (TNA) - ", "DUBAI, Jan 11 (Wire Agency) - " (one city only)
_DATELINE_CITY = re.compile(r"^([A-Z][A-Z.'-]+(?: [A-Z][A-Z.'-]+)?)(?=\s*[,(]|\s+[-–—])")


def dateline_country(text: str) -> str | None:
    """The country whose capital a report's dateline names ("OTTAWA - ..." -> "Canada"), else None."""
    from claimledger.extract.geo import default_gazetteer, national_capital_of

    found = _DATELINE_CITY.match(text.lstrip())
    code = national_capital_of(found.group(1)) if found is not None else None
    country = default_gazetteer().countries.get(code or "")
    return country.name if country is not None else None
_NOT_IN_INITIALS = frozenset({"of", "the", "for", "and", "on", "in", "at", "to"})


def initials(name: str) -> str:
    """The acronym a name would have: "Institute for the Study of War" -> "ISW", "UN Security Council" ->
    "UNSC", "Ukraine's National Security and Defense Council" -> "NSDC"; "" for a name with a lower-case
    word of its own ("regional administration")."""
    words = _ARTICLE.sub("", name.strip()).split()
    if len(words) > 1 and re.search(r"['’]s$", words[0]):
        words = words[1:]  # the country that owns it is no part of the acronym
    letters = []
    for word in (w.strip(".,") for w in words):
        if word.casefold() in _NOT_IN_INITIALS:
            continue
        if not word[:1].isupper():
            return ""
        letters.append(word if _ACRONYM.fullmatch(word) else word[0])
    return "".join(letters) if len(words) > 1 else ""


def _org_kinds(text: str) -> set[str]:
    """The kinds of organisation a name or role names: "ministry spokesman" -> {"ministry"}."""
    return {w.casefold() for w in _ORG_KIND.findall(text)}


_TLD = re.compile(r"^(?:www\.)|\.(?:com|org|net|co\.uk|co|ua|ru|de|info|news|example)$", re.IGNORECASE)


def outlet_key(outlet: str) -> str:
    """An outlet's name as a text would write it, without spaces: "kyivindependent.com" and "Kyiv
    Independent" have one key."""
    name = outlet.strip()
    while (shorter := _TLD.sub("", name)) != name:
        name = shorter
    return translit_key(re.sub(r"[-_.]+", " ", name)).replace(" ", "")


# a national defence ministry named as such, not inside a longer name ("Main Directorate of Intelligence of
# the Ministry of Defense of Ukraine Andriy Yusov")
_NATIONAL_MOD = re.compile(
    r"(?:the )?(?:(?:russia|ukraine)['’]s|russian|ukrainian) (?:ministry of defen[cs]e|defen[cs]e ministry)|"
    r"(?:the )?(?:ministry of defen[cs]e|defen[cs]e ministry) of (?:russia|ukraine)", re.IGNORECASE)
_STATE_MOD = re.compile(
    r"(?:the )?(?:([A-Z][a-z]{3,})['’]s|([A-Z][a-z]{3,})) (?i:ministry of defen[cs]e|defen[cs]e ministry)|"
    r"(?:the )?(?i:ministry of defen[cs]e|defen[cs]e ministry) of ([A-Z][a-z]{3,})")


# "the Wagner Group's armed rebellion", "a mutiny led by Prigozhin": who rose against their own state
MUTINY_WORDS = r"mutiny|rebellion|uprising|revolt|insurrection"  # a rising against one's own state
_REBELLION = rf"(?:(?:armed|military|failed|short-lived|day-long|aborted|brief)\s+)?(?:{MUTINY_WORDS})"
_PROPER = r"(?:[A-Z][\w’'-]+\s+){0,2}[A-Z][\w’'-]+"
_REBELS = (re.compile(rf"\b({_PROPER})['’]s?\s+{_REBELLION}\b"),
           re.compile(rf"\b{_REBELLION}\s+(?:by|of|led by|staged by|launched by)\s+(?:the\s+)?({_PROPER})"))


_NOT_REBELS = frozenset({"the", "this", "that", "their", "his", "its", "an", "a"})
def rebels_in(texts: Iterable[str]) -> set[str]:
    """The names a story gives as those who rose against their own state ("Yevgeny Prigozhin's armed
    rebellion"), as translit keys; a country's or a place's uprising names no group."""
    return {translit_key(name) for name in _groups_named(texts, _REBELS)}


def _groups_named(texts: Iterable[str], patterns: Iterable[re.Pattern[str]],
                  normalise: Callable[[str], str] = str) -> Iterator[str]:
    """The names the patterns' first group finds in the texts, without an article and `normalise`d, that are
    no country, no place and no pronoun ("their rebellion")."""
    for text in texts:
        for pattern in patterns:
            for match in pattern.finditer(text):
                name = normalise(_ARTICLE.sub("", match.group(1)))
                if not _country(name) and not gazetteer_place(name) and name.casefold() not in _NOT_REBELS:
                    yield name


# "The Islamic State militant group claimed responsibility", "responsibility was claimed by Hamas": the group
# that says it did the act, in a story of an attack
_CLAIMANT_KIND = r"(?:\s+(?:militant|jihadist|armed|terrorist|extremist|rebel|insurgent)\s+group|\s+group)?"
_CLAIMED_IT = (
    re.compile(rf"\b({_PROPER}){_CLAIMANT_KIND}\s+(?:has\s+|have\s+|had\s+)?claimed\s+(?:full\s+|direct\s+)?"
               r"responsibility\b"),
    re.compile(rf"\bresponsibility\s+(?:was|has\s+been|had\s+been)\s+claimed\s+by\s+(?:the\s+)?({_PROPER})"))
# a sentence's first word, capitalised, that names no group
_NO_ONE_NAMED = frozenset({
    "no", "nobody", "none", "neither", "which", "who", "whoever", "what", "that", "this", "these", "those",
    "it", "its", "they", "he", "she", "we", "both", "each", "one", "two", "three", "several", "many", "some",
    "all", "any", "another"})
# a jihadist group's other names (not "IS", which is also a word), and what reports call its fighters when
# they name no group ("radical Islamists")
_JIHADIST_ALIASES = ("Islamic State", "ISIS", "ISIL", "Daesh")
_JIHADISTS = ("islamists", "islamist", "jihadists", "jihadist")


def claimants_in(texts: Iterable[str]) -> set[str]:
    """The names of the groups a story's reports say claimed its attack, as translit keys, with the other
    names of a jihadist group ("ISIS", "Daesh", "radical Islamists"); a state that "claimed responsibility"
    names no group."""
    found = set()
    for name in _groups_named(texts, _CLAIMED_IT, canonical_org):
        if name.split()[0].casefold() in _NO_ONE_NAMED:
            continue  # "Nobody has claimed responsibility", "Two groups claimed ..."
        found.add(translit_key(name))
        if JIHADIST_GROUP.fullmatch(name):
            found.update(translit_key(word) for word in (*_JIHADIST_ALIASES, *_JIHADISTS))
    return found


def _names_people_go_by(entities: Iterable[Entity]) -> dict[str, str]:
    """The one-word names people go by, from their entities' aliases ("Hemedti" for "Mohamed Hamdan Dagalo",
    `entities._join_names_they_go_by`), by translit key: a report that names only "Hemedti" names him. A
    name two people go by is no one's."""
    found: dict[str, set[str]] = {}
    for entity in entities:
        if entity.type != "PERSON" or " " not in entity.name:
            continue
        own = {translit_key(word) for word in entity.name.split()}
        for alias in entity.aliases:
            key = translit_key(alias)
            if " " not in alias and alias[:1].isupper() and key not in own:
                found.setdefault(key, set()).add(entity.name)
    return {key: next(iter(names)) for key, names in found.items() if len(names) == 1}


def names_one_of(text: str, keys: Set[str]) -> bool:
    words = f" {translit_key(text)} "
    return any(f" {key} " in words for key in keys)


def _any_names_one_of(texts: Iterable[str | None], keys: Set[str]) -> bool:
    return bool(keys) and any(text and names_one_of(text, keys) for text in texts)


class EntityIndex:
    """Merges names (from entities and speakers) into story-level actors."""

    def __init__(self, outlets: Iterable[str] = (), parties: Parties = RUSSIA_UKRAINE) -> None:
        self.parties = parties
        self.outlets = {outlet_key(o) for o in outlets} - {""}  # the story's outlets, named in its text
        self.entities: dict[str, LedgerEntity] = {}
        self._by_key: dict[tuple[str, str], str] = {}
        self._buckets: dict[tuple[str, str], list[tuple[str, str]]] = {}
        self._misses: set[tuple[str, str]] = set()
        self._long_forms: dict[str, str] = {}  # "legion" -> "Freedom of Russia Legion"
        self._ministries: dict[str, set[str]] = {}  # document id -> the national defence ministries it names
        self._story_ministries: set[str] = set()
        self._goes_by: dict[str, str] = {}  # translit key of a name a person goes by -> their full name
        self.rebels: set[str] = set()  # `rebels_in` the story's texts
        self.rebels_against: str | None = None  # the party ("Russia") whose own forces the rebels were
        self.claimants: set[str] = set()  # `claimants_in` the story's texts: the attackers who said so
        self.filed_from: dict[str, str] = {}  # document id -> the country whose capital its dateline names

    def _a_partys_ministry(self, name: str) -> bool:
        if self.parties.bundled:
            return _NATIONAL_MOD.fullmatch(name) is not None
        state = _STATE_MOD.fullmatch(name)
        return state is not None and _country(next(g for g in state.groups() if g)) in self.parties.names

    def _org_name_in(self, name: str, doc_id: str | None) -> str:
        """`_org_name`, with a bare "Ministry of Defence" as the national ministry its document (else its
        story) names."""
        shown = self._org_name(name)
        return (self._national_ministry(doc_id) or shown) if shown == "Ministry of Defence" else shown

    def _national_ministry(self, doc_id: str | None) -> str | None:
        """ "the Defense Ministry": the national ministry its report names, else the one its story names."""
        national = self._ministries.get(doc_id or "") or self._story_ministries
        return next(iter(national)) if len(national) == 1 else None

    def _an_outlet(self, name: str) -> bool:
        return translit_key(name).replace(" ", "") in self.outlets

    def _key(self, name: str, type_: str) -> tuple[str, str]:
        kind = "PERSON" if type_ == "PERSON" else "ORG"
        if kind == "PERSON":
            return (kind, person_key(name))
        country = _country(name)
        return (kind, translit_key(country or _adjectival(canonical_org(name))))

    def _org_name(self, name: str) -> str:
        """An organisation's name as shown: its canonical alias, or the longer name its one word ends."""
        shown = canonical_org(name)
        return self._long_forms.get(shown.casefold(), shown)

    def _find(self, key: tuple[str, str]) -> str | None:
        if key in self._by_key:
            return self._by_key[key]
        if len(key[1]) < 5 or key in self._misses:
            return None
        # fuzzy match only against keys with the same first letter: bounded work per lookup
        for other, ent_id in self._buckets.get((key[0], key[1][:1]), []):
            if fuzz.ratio(key[1], other) >= 90:
                self._by_key[key] = ent_id
                return ent_id
        self._misses.add(key)
        return None

    def known_person(self, name: str) -> bool:
        """A plain two- or three-word name that a person of the story already bears, in some spelling, or the
        surname alone of a person named in full ("Darmanin said", tagged as an organisation)."""
        if not _plain_name(name) or not 1 <= len(name.split()) <= 3:
            return False
        found = self._find(("PERSON", person_key(name)))
        person = self.entities.get(found) if found else None
        if len(name.split()) == 1:
            surname = translit_key(name)
            return person is not None and any(len(variant.split()) > 1 and person_key(variant) == surname
                                              for variant in person.variants)
        return person is not None and any(
            fuzz.ratio(translit_key(name), translit_key(variant)) >= 85 for variant in person.variants)

    def _remember(self, key: tuple[str, str], ent_id: str) -> None:
        self._by_key[key] = ent_id
        self._misses.discard(key)
        if len(key[1]) >= 5:
            self._buckets.setdefault((key[0], key[1][:1]), []).append((key[1], ent_id))

    def add(self, name: str, type_: str, *, role: str | None = None, doc_id: str | None = None,
            entity_id: str | None = None, speaks: bool = False) -> LedgerEntity:
        if type_ in ("ORG", "GROUP", "NORP") and self.known_person(name):
            type_ = "PERSON"  # "Volodymyr Zelenskiy" tagged as an organisation in one report
        elif type_ == "PERSON" and not role and (_OUTLET.fullmatch(name.strip()) or self._an_outlet(name)):
            type_ = "ORG"  # "Sputnik", "Euronews View", "The Kyiv Herald could not verify": outlets
        shown = self._org_name_in(name, doc_id) if type_ != "PERSON" else _without_demonym(name.strip())
        if type_ == "PERSON" and " " not in shown:
            shown = self._goes_by.get(translit_key(shown), shown)  # "Hemedti" is Mohamed Hamdan Dagalo
        if type_ != "PERSON" or (not role and " " not in shown):  # "Azerbaijani" tagged as a person
            country = _country(shown)
            if country is not None:  # "Russian", "Russians", "Russian Federation": the country
                shown, type_ = country, "GPE"
        key = self._key(shown, type_)
        found = self._find(key)
        if found is not None and type_ == "PERSON" and _another_given_name(shown, self.entities[found]):
            key = ("PERSON", translit_key(shown))  # "Kristine Grigoryan" is not "Armen Grigoryan"
            found = self._find(key)
        if found is None:
            found = stable_id("lent", *key)
            self._remember(key, found)
            side = side_of(shown, role, parties=self.parties)
            self.entities[found] = LedgerEntity(found, shown, type_, side, role)
        entity = self.entities[found]
        entity.spellings[shown] += 1
        if type_ == "PERSON" and better_person_name(shown, entity.name) and (
                not _respelled(shown, entity.name) or entity.written_more(shown)):
            entity.name = shown  # "Dmitry Peskov" rather than "Peskov"; a respelling only if written more
        if entity.type == "NORP" and type_ == "ORG":
            entity.name, entity.type = shown, type_  # "Russia" (said ...) rather than "Russian"
        entity.variants.add(name.strip())
        entity.speaks = entity.speaks or speaks
        if better_role(role, entity.role):
            entity.role = role
        if entity.side == UNKNOWN:
            entity.side = side_of(shown, role, parties=self.parties)
        if entity.side == UNKNOWN and type_ == "PERSON" and role and _NATIONAL_OFFICE.fullmatch(role) \
                and doc_id in self.filed_from:
            # "OTTAWA - Prime Minister Justin Trudeau said": a report filed from a capital names that
            # country's own officeholders by their office alone
            entity.side = side_of(self.filed_from[doc_id], parties=self.parties)
        if self._an_outlet(shown):
            entity.side = "media"  # "Kyiv Herald" is an outlet, not Kyiv's government
        if entity.role and re.search(r"kremlin", entity.role, re.IGNORECASE) and type_ == "PERSON":
            entity.member_of = "Kremlin"
        if doc_id:
            entity.doc_ids.add(doc_id)
        if entity_id:
            entity.entity_ids.add(entity_id)
        return entity

    def add_entities(self, entities: Iterable[Entity], places: Set[str] = frozenset()) -> None:
        """Actors among `entities` (pass a whole story's at once): people, organisations, groups.

        A name the story mostly tags as a place ("Kyiv", "Kherson"), one that `places` holds (translit
        keys: `places_in_context`) or one with a region word ("Russian Kherson Oblast") is not an actor
        where the tagger read it as a person or organisation; it still becomes one when it speaks ("Kyiv
        denied").
        """
        entities = list(entities)
        for e in entities:  # "the MoD" where a report (or its story) names only Russia's ministry is that one
            if e.type == "ORG" and self._a_partys_ministry(e.name.strip()):
                self._ministries.setdefault(e.doc_id, set()).add(canonical_org(e.name))
                self._story_ministries.add(canonical_org(e.name))
        places = _mostly_places(entities) | set(places)
        self._goes_by = _names_people_go_by(entities)
        self._long_forms = _long_forms([e.name for e in entities if e.type == "ORG"])
        for e in sorted(entities, key=lambda e: e.type != "PERSON"):  # people first: see known_person
            misread_place = e.type in ("PERSON", "ORG") and not e.role and translit_key(e.name) in places
            platform = e.name.casefold() in PLATFORM_NAMES  # "Telegram" carries statements, takes no side
            bare_name = _POSSESSIVE_COUNTRY.sub("", e.name)  # "Russia's Belgorod Oblast"
            misread_place = misread_place or (not e.role and (gazetteer_place(bare_name) or (
                e.type == "PERSON" and bool(_REGION_WORD.search(e.name)))))
            if e.type in ("PERSON", "ORG", "NORP", "GROUP") and not misread_place and not platform \
                    and not _not_an_actor(e.name):
                self.add(e.name, e.type, role=e.role, doc_id=e.doc_id, entity_id=e.id)

    def merge_acronyms(self) -> None:
        """ "ISW" and "the Institute for the Study of War", "UN" and "United Nations": one actor, shown by
        its long name, when exactly one organisation of the story has those initials (or, of several, exactly
        one is on the acronym's known side: "United Nations", not the "United News" telethon)."""
        orgs = [e for e in self.entities.values() if e.type == "ORG"]
        by_initials: dict[str, list[LedgerEntity]] = {}
        for org in orgs:
            if not _ACRONYM.fullmatch(org.name) and (letters := initials(org.name)):
                by_initials.setdefault(letters, []).append(org)
        for short in orgs:
            longs = by_initials.get(short.name, []) if _ACRONYM.fullmatch(short.name) else []
            if len(longs) > 1 and short.side != UNKNOWN:
                longs = [org for org in longs if org.side == short.side]
            if len(longs) == 1:
                self._merge(short, longs[0])

    def _merge(self, gone: LedgerEntity, kept: LedgerEntity) -> None:
        kept.variants |= gone.variants
        kept.entity_ids |= gone.entity_ids
        kept.doc_ids |= gone.doc_ids
        kept.speaks = kept.speaks or gone.speaks
        if better_role(gone.role, kept.role):
            kept.role = gone.role
        if kept.side == UNKNOWN:
            kept.side = gone.side
        for key, ent_id in list(self._by_key.items()):
            if ent_id == gone.id:
                self._by_key[key] = kept.id
        for bucket in self._buckets.values():
            bucket[:] = [(k, kept.id if ent_id == gone.id else ent_id) for k, ent_id in bucket]
        del self.entities[gone.id]

    def prefer_common_spellings(self) -> None:
        """Each actor shown as the story writes it most often, among spellings of the same name with as
        many words: "Kyiv" (three reports) over "Kiev" (one), "Dmitry Peskov" over "Dmitriy Peskov"."""
        for entity in self.entities.values():
            same = [name for name in entity.spellings if _respelled(name, entity.name)]
            best = max(same, default=None, key=lambda name: entity.spellings[name])
            if best is not None and entity.written_more(best):
                entity.name = best

    def inherit_sides_from_roles(self) -> None:
        """ "ministry spokesman Igor Konashenkov" in a report on the Russian Defence Ministry: a person whose
        role names only an organisation's kind takes the side of the one organisation of that kind (and
        known side) that their documents name."""
        orgs = [e for e in self.entities.values() if e.type == "ORG" and e.side != UNKNOWN]
        for person in self.entities.values():
            if person.type != "PERSON" or person.side != UNKNOWN or not person.role:
                continue
            kinds = _org_kinds(person.role)
            person.side = _one_side(person, [o for o in orgs if kinds & _org_kinds(o.name)])
            if person.side == UNKNOWN and (acronyms := set(_ACRONYM.findall(person.role))):
                # "IDF spokesman" in a report that names the Israel Defense Forces
                person.side = _one_side(person, [o for o in orgs if initials(o.name) in acronyms])
        self._ministries_from_ministers()

    def _ministries_from_ministers(self) -> None:
        """ "the Interior Ministry" in a report that quotes "Interior Minister Ihor Klymenko": the ministry
        of the minister's government."""
        people = [e for e in self.entities.values() if e.type == "PERSON" and e.side != UNKNOWN and e.role]
        for org in self.entities.values():
            portfolio = _portfolio(org.name) if org.type == "ORG" and org.side == UNKNOWN else None
            if portfolio is not None:
                org.side = _one_side(org, [p for p in people if _portfolio(p.role or "") == portfolio])

    def mark_rebels(self) -> None:
        """In a story of a mutiny, the group that rose and the people it names or whose role names it are the
        attackers, whatever side they fought on before ("Wagner", "Wagner Group leader Yevgeny Prigozhin")."""
        states: Counter[str] = Counter()
        for entity in self.entities.values():
            if self.rebel(entity.name, entity.role, *entity.variants):
                states[entity.side] += len(entity.doc_ids)
                entity.side = "attackers"
        state = max(states, key=states.__getitem__, default=None)
        self.rebels_against = self.parties.party_of(state)

    def rebel(self, *texts: str | None) -> bool:
        return _any_names_one_of(texts, self.rebels)

    def mark_claimants(self) -> None:
        """In a story of an attack a group claimed, that group and those whose role names it are the
        attackers ("Islamic State", "ISIS")."""
        for entity in self.entities.values():
            if entity.side == UNKNOWN and self.claimant(entity.name, entity.role, *entity.variants):
                entity.side = "attackers"

    def claimant(self, *texts: str | None) -> bool:
        return _any_names_one_of(texts, self.claimants)

    def lookup(self, name: str, type_: str = "PERSON", doc_id: str | None = None) -> LedgerEntity | None:
        """The entity `name` stands for; with `doc_id`, an organisation as `add` shows it for that document
        ("the Defence Ministry's account", in a story of Russia's navy: the national ministry)."""
        if type_ != "PERSON":
            name = self._org_name_in(name, doc_id) if doc_id is not None else self._org_name(name)
        found = self._find(self._key(name, type_))
        return self.entities.get(found) if found else None

    def sorted(self) -> list[LedgerEntity]:
        return sorted(self.entities.values(), key=lambda e: (-len(e.doc_ids), e.name))

