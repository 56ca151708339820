"""Quantities: numbers and number words with what they count, linked to the attribution claiming them.

A number phrase ("about 100", "10-12", "between 5 and 8", "2.5 million", "dozens") is found on the
tokens; what it counts comes from the dependency parse: the noun it modifies ("nine people") and the
verb governing that noun ("were sent to hospital" -> injured, "has died" -> killed). Dates, clock
times, years, ages, ordinals and numbers inside names are skipped.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token
from text_to_num import text2num

from claimledger.models import Attribution, Quantity, Span

log = logging.getLogger(__name__)


def _words(text: str) -> list[str]:
    return text.split()


_UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_SCALES = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_SCALE_ABBR = {"k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9}
_NUMBER_WORDS = frozenset({*_UNITS, *_TENS, *_SCALES, "and"})
# a number written as a word, two and up ("one" is mostly a pronoun): "eight", "twenty-one"
NUMBER_WORD = re.compile(
    rf"\b(?:{'|'.join(_UNITS[2:])}|(?:{'|'.join(_TENS)})(?:-\w+)?)\b", re.IGNORECASE
)
_FIXED = {"dozen": 12.0, "a dozen": 12.0, "half a dozen": 6.0, "a couple": 2.0, "a pair": 2.0}
# Vague plurals: (low, high).
VAGUE = {
    "dozens": (24.0, 99.0),
    "scores": (40.0, 199.0),
    "hundreds": (200.0, 999.0),
    "thousands": (2000.0, 9999.0),
    "millions": (2e6, 9.99e8),
}
_DIGITS = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
_SCALED = re.compile(rf"({_DIGITS.pattern})\s*-?\s*(hundred|thousand|million|billion|trillion|k|mn|m|bn)")

QUALIFIERS: dict[tuple[str, ...], str] = {
    ("at", "least"): "at least",
    ("no", "fewer", "than"): "at least",
    ("no", "less", "than"): "at least",
    ("more", "than"): "more than",
    ("over",): "more than",
    ("upwards", "of"): "more than",
    ("in", "excess", "of"): "more than",
    ("up", "to"): "up to",
    ("as", "many", "as"): "up to",
    ("at", "most"): "up to",
    ("no", "more", "than"): "up to",
    ("nearly",): "nearly",
    ("almost",): "nearly",
    ("close", "to"): "nearly",
    ("fewer", "than"): "fewer than",
    ("less", "than"): "fewer than",
    ("under",): "fewer than",
    ("about",): "about",
    ("around",): "about",
    ("approximately",): "about",
    ("roughly",): "about",
    ("some",): "about",
    ("an", "estimated"): "about",
    ("estimated",): "about",
    ("~",): "about",
}
_LOWER_BOUND = {"at least", "more than"}
_UPPER_BOUND = {"up to", "nearly", "fewer than"}

_NOUN_CATEGORIES: dict[str, frozenset[str]] = {
    "civilians": frozenset({"civilian", "noncombatant"}),
    "fighters": frozenset(
        _words(
            "fighter soldier troop militant serviceman servicemen mercenary saboteur attacker combatant "
            "personnel commando insurgent guerrilla paratrooper marine sailor pilot conscript recruit "
            "gunman terrorist nationalist separatist rebel jihadist partisan airman airmen crewman crewmen"
        )
    ),
    "people": frozenset(
        _words(
            "people person individual resident inhabitant child adult woman man men women family "
            "citizen national refugee patient passenger worker victim hostage prisoner student teenager "
            "baby evacuee volunteer policeman policemen policewoman gendarme protester demonstrator marcher "
            "striker"
        )
    ),
    "vehicles": frozenset(
        _words("vehicle tank car truck apc humvee bus lorry jeep bmp btr ifv howitzer helicopter aircraft "
               "pickup mrap")
    ),
    "drones": frozenset({"drone", "uav"}),
    "missiles": frozenset({"missile", "rocket", "projectile"}),
    "buildings": frozenset(
        _words("house building home apartment structure school facility shop household dwelling")
    ),
    "districts": frozenset(
        _words("district settlement village town city area region locality municipality community hamlet")
    ),
    "attacks": frozenset({"strike", "attack", "raid", "explosion", "blast", "airstrike"}),
    "money": frozenset({"dollar", "euro", "ruble", "rouble", "hryvnia", "pound"}),
    "distance": frozenset(_words("meter metre kilometer kilometre km mile foot feet m")),
    "area": frozenset({"hectare", "acre"}),
    "duration": frozenset({"second", "minute", "hour", "day", "week", "month", "year", "decade"}),
}
_PERSON_CATEGORIES = ("civilians", "fighters", "people")
_EVENT_WORDS: dict[str, frozenset[str]] = {
    "killed": frozenset(
        _words(
            "kill die dead death perish slay execute fatality murder toll killing died deaths "
            "eliminate eliminated liquidate liquidated neutralise neutralize neutralised neutralized"
        )
    ),
    "injured": frozenset(
        _words("injure wound hurt hospital hospitalize hospitalise injury injured wounded hospitalized")
    ),
    "evacuated": frozenset(
        ["evacuate", "resettle", "relocate", "displace", "flee", "evacuation", "evacuated", "resettled"]
    ),
    "missing": frozenset({"missing", "disappear", "unaccounted"}),
    "captured": frozenset({"capture", "detain", "arrest", "captured", "detained", "surrender"}),
    "casualties": frozenset({"casualty", "casualties"}),
}
_FIGHT_VERBS = frozenset({"fight", "serve", "battle"})
_KILLING = frozenset({"destroy", "annihilate", "wipe"})
_SKIP_ENTITY_TYPES = frozenset(
    {"ORG", "FAC", "PRODUCT", "WORK_OF_ART", "LAW", "EVENT", "GPE", "PERSON", "NORP", "LOC", "LANGUAGE"}
)
_CLAUSAL = frozenset({"advcl", "ccomp", "conj", "parataxis", "relcl", "acl", "cc", "punct"})
_RANGE_JOINERS = frozenset({"-", "–", "—", "to"})
_PERCENT = frozenset({"%", "percent", "per cent", "pct"})
_MONTHS = frozenset(_words("january february march april may june july august september october november "
                           "december jan feb mar apr jun jul aug sep sept oct nov dec"))


def parse_number(text: str) -> float | None:
    """ "1,457" -> 1457, "2.5 million" -> 2.5e6, "twenty-one" -> 21, "a dozen" -> 12; else None.

    Never raises: anything it does not recognise as a whole number expression gives None.
    """
    stripped = text.strip().lower()
    if _DIGITS.fullmatch(stripped):
        return float(stripped.replace(",", ""))
    clean = " ".join(stripped.replace("-", " ").split())
    if not clean:
        return None
    scaled = _SCALED.fullmatch(clean)
    if scaled:
        factor = _SCALES.get(scaled.group(2)) or _SCALE_ABBR[scaled.group(2)]
        return float(scaled.group(1).replace(",", "")) * factor
    if clean in _FIXED:
        return _FIXED[clean]
    words = clean.split()
    if words[0] == "a" and len(words) > 1 and words[1] in _SCALES:
        words[0] = "one"
    if not all(w in _NUMBER_WORDS for w in words) or words[0] == "and" or words[-1] == "and":
        return None
    try:
        return float(text2num(" ".join(words), "en"))
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class _Phrase:
    """Tokens [start, end) of a number phrase with its parsed values."""

    start: int
    end: int
    value: float
    low: float | None = None
    high: float | None = None
    qualifier: str | None = None
    number_tokens: tuple[int, ...] = ()


def _is_number_token(token: Token) -> bool:
    lower = token.lower_
    if lower in VAGUE or lower in _SCALES or lower == "dozen":
        return True
    return parse_number(token.text) is not None


def _number_run(doc: Doc, i: int) -> int:
    """End of the run of number tokens starting at `i` ("2.5 million", "twenty - one")."""
    j = i + 1
    while j < len(doc):
        token = doc[j]
        if _is_number_token(token) and not (doc[j - 1].like_num and token.like_num and _is_digits(token)):
            j += 1
        elif (
            token.text == "-"
            and j + 1 < len(doc)
            and doc[j - 1].lower_ in _TENS
            and doc[j + 1].lower_ in _UNITS
        ):
            j += 1  # "twenty-one"
        elif (
            token.lower_ == "and"
            and j + 1 < len(doc)
            and doc[j - 1].lower_ in _SCALES
            and (doc[j + 1].lower_ in _NUMBER_WORDS)
        ):
            j += 1  # "three hundred and five"
        else:
            break
    return j


def _is_digits(token: Token) -> bool:
    return bool(_DIGITS.fullmatch(token.text))


def _run_value(doc: Doc, start: int, end: int) -> tuple[float, float | None, float | None] | None:
    text = doc[start:end].text
    if doc[start:end].text.lower() in VAGUE:
        low, high = VAGUE[text.lower()]
        return low, low, high
    value = parse_number(text)
    if value is None and start > 0 and doc[start - 1].lower_ == "a":
        value = parse_number(f"a {text}")
    return None if value is None else (value, None, None)


def _qualifier(doc: Doc, start: int) -> tuple[int, str | None]:
    """Start token and canonical qualifier of the words just before a number ("at least")."""
    for words, canonical in sorted(QUALIFIERS.items(), key=lambda kv: -len(kv[0])):
        first = start - len(words)
        if first >= 0 and tuple(t.lower_ for t in doc[first:start]) == words:
            return first, canonical
    return start, None


def _phrases(doc: Doc) -> Iterator[_Phrase]:
    i = 0
    while i < len(doc):
        vague = _vague_of_vague(doc, i)
        if vague is not None:
            yield vague
            i = vague.end
            continue
        if not _is_number_token(doc[i]) or (
            doc[i].lower_ in _SCALES and (i == 0 or doc[i - 1].lower_ != "a")
        ):
            i += 1
            continue
        end = _number_run(doc, i)
        phrase = _make_phrase(doc, i, end)
        if phrase is None:
            i = end
            continue
        yield phrase
        i = max(phrase.end, end)


def _vague_of_vague(doc: Doc, i: int) -> _Phrase | None:
    """ "hundreds of thousands" (200,000 to 999,000), "tens of thousands" (20,000 to 99,000): one count, not
    two."""
    if i + 2 >= len(doc) or doc[i + 1].lower_ != "of":
        return None
    outer, inner = doc[i].lower_, doc[i + 2].lower_
    scale = {"thousands": 1e3, "millions": 1e6}.get(inner)
    if scale is None or outer not in ("tens", "hundreds"):
        return None
    low, high = (20.0, 99.0) if outer == "tens" else VAGUE["hundreds"]  # "tens" as "dozens": at least two
    low, high = low * scale, high * scale
    return _Phrase(i, i + 3, low, low, high, None, (i, i + 2))


def _make_phrase(doc: Doc, start: int, end: int) -> _Phrase | None:
    parsed = _run_value(doc, start, end)
    if parsed is None:
        return None
    value, low, high = parsed
    numbers = tuple(range(start, end))
    # Ranges: "10-12", "10 to 12", "between 5 and 8".
    between = start > 0 and doc[start - 1].lower_ == "between"
    joiner = doc[end] if end < len(doc) else None
    if (
        joiner is not None
        and end + 1 < len(doc)
        and ((between and joiner.lower_ == "and") or (not between and joiner.lower_ in _RANGE_JOINERS))
    ):
        second_end = _number_run(doc, end + 1) if _is_number_token(doc[end + 1]) else end + 1
        second = _run_value(doc, end + 1, second_end) if second_end > end + 1 else None
        if second is not None and second[0] > value:
            numbers += tuple(range(end + 1, second_end))
            return _Phrase(start - between, second_end, value, value, second[0], None, numbers)
    scale = doc[start].lower_ in _SCALES or doc[start].lower_ == "dozen"
    if start > 0 and doc[start - 1].lower_ == "a" and scale:
        start -= 1  # "a million", "about a dozen"
    first, qualifier = _qualifier(doc, start)
    if qualifier in _LOWER_BOUND:
        low = value
    elif qualifier in _UPPER_BOUND:
        high = value
    return _Phrase(first, end, value, low, high, qualifier, numbers)


# ---------------------------------------------------------------------------------------------- filters


def _skip_reason(doc: Doc, phrase: _Phrase) -> str | None:
    tokens = [doc[i] for i in phrase.number_tokens]
    first, last = tokens[0], tokens[-1]
    if any(t.ent_type_ in _SKIP_ENTITY_TYPES for t in tokens):
        return "inside a name"
    if first.lower_ == "one" and len(tokens) == 1:
        nxt = doc[first.i + 1] if first.i + 1 < len(doc) else None
        if first.dep_ != "nummod" or (nxt is not None and nxt.lower_ in {"of", "another"}):
            return "pronoun one"
    if last.i + 2 < len(doc) and doc[last.i + 1].text == "-" and doc[last.i + 2].lemma_ in {"year", "month"}:
        return "age"
    if first.i > 0 and doc[first.i - 1].lower_ in {"aged", "age"}:
        return "age"
    if last.i + 2 < len(doc) and doc[last.i + 1].lemma_ == "year" and doc[last.i + 2].lower_ == "old":
        return "age"
    if len(tokens) == 1 and re.fullmatch(r"(1[89]|20)\d\d", first.text) and phrase.high is None:
        return "year"
    if phrase.high is not None and re.fullmatch(r"(1[89]|20)\d\d", last.text) and phrase.value <= 31:
        return "date"  # "6-2023"
    if re.fullmatch(r"0\d+", first.text):
        return "zero-padded"  # "06-07", a date or a code
    if first.i > 0 and doc[first.i - 1].text in {"#", "No.", "no."}:
        return "label"
    return None


# ---------------------------------------------------------------------------------------------- meaning


def _counted_noun(doc: Doc, phrase: _Phrase) -> Token | None:
    """The noun the number counts: its head ("nine people"), or "of" + noun ("dozens of drones")."""
    inside = set(phrase.number_tokens)
    for i in phrase.number_tokens:
        head = doc[i].head
        if head.i not in inside and head.i > i and head.pos_ in {"NOUN", "PROPN"} and head.i - i <= 5:
            return head
    last = doc[phrase.number_tokens[-1]]
    for token in (last, doc[phrase.number_tokens[0]]):
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                objects = [c for c in child.children if c.dep_ == "pobj"]
                if objects:
                    return objects[0]
    nxt = last.i + 1
    while nxt < len(doc) and doc[nxt].pos_ == "ADJ" and nxt - last.i <= 2:
        nxt += 1
    if nxt < len(doc) and doc[nxt].pos_ == "NOUN":
        return doc[nxt]
    return None


_COMMANDERS_MEN = re.compile(r"\b(?:his|their|our) men\b", re.IGNORECASE)
# the same nouns in Russian and Ukrainian counts ("более 70 боевиков"), read by `extract.cyrillic`
_CYRILLIC_FIGHTERS = re.compile(
    r"боевик|диверсант|националист|террорист|военнослужащ|бойц|солдат|наемник|бойовик|військовослужбов|"
    r"найманц|терорист",
    re.IGNORECASE,
)


def counts_fighters(text: str) -> bool:
    """Does a quantity's text count fighters ("two of his fighters", "70 Ukrainian saboteurs", "his
    men")? The same nouns as the extractor's "fighters" category, read off the text alone, for quantities
    stored without their parse."""
    if _COMMANDERS_MEN.search(text) or _CYRILLIC_FIGHTERS.search(text):
        return True
    return any(_singular(w) in _NOUN_CATEGORIES["fighters"] for w in re.findall(r"[a-z]+", text.casefold()))


# a count of part of a toll or a crowd, not the whole: "including three children", "the dead included three
# children", "among them", "серед них троє дітей"; "Two of the children killed", "Three of the dead" (but
# "more than 70 of them killed" is the whole toll of "them")
_PART_BEFORE = re.compile(
    r"(?:\bincluding|\bamong (?:them|whom|those|the dead|the victims|the injured|the wounded)|"
    r"\bof (?:them|whom)|"
    r"\b(?:dead|killed|victims|injured|wounded|casualties) (?:include[sd]?|are|were)|"
    r"серед (?:них|загиблих|поранених)|среди (?:них|погибших|раненых)|в том числе|у тому числі)\W*$",
    re.IGNORECASE,
)
_HARMED = r"(?:dead|killed|victims|injured|wounded|casualties|fatalities)"
_PART_OF = re.compile(rf"\bof (?:the|those)\s+(?:{_HARMED}|\w+ {_HARMED})\b", re.IGNORECASE)


# the parts listed after a toll: "Eleven Ukrainians were killed, | nine crew members | and | two passengers",
# but not a toll of its own ("Five people were killed, 20 injured", "..., two soldiers were wounded"), nor a
# toll of a place ("31 people were killed: 29 in the Kherson region"), whose count names no one
_LISTED_AFTER_TOLL = re.compile(r"\b(?:killed|dead|died)\s*,\s*(?:(?:[\w-]+\s+){1,4}(?:and|or)\s+)?$",
                                re.IGNORECASE)
_OWN_PREDICATE = re.compile(r"^\s*(?:\w+\s+)?(?:were|was|are|is|have|had|injured|wounded|missing|hurt|dead|"
                            r"killed|died)\b", re.IGNORECASE)


def counts_a_part(text: str, start: int, end: int) -> bool:
    """Whether the count at text[start:end] is part of a toll it follows or names ("the dead included | three
    children", "Two of the children killed", "were killed, | nine crew members | and two passengers"): listed,
    but no value of the toll itself."""
    return bool(_PART_BEFORE.search(text[max(0, start - 40) : start])
                or _PART_OF.search(text[start : min(len(text), end + 20)])
                or (_LISTED_AFTER_TOLL.search(text[max(0, start - 60) : start])
                    and _names_who(text[start:end]) and not _OWN_PREDICATE.match(text[end : end + 30])))


def _names_who(count: str) -> bool:
    """ "nine crew members", not a bare "29"."""
    last = count.split()[-1] if count.split() else ""
    return last.isalpha() and parse_number(last) is None


def _singular(word: str) -> str:
    if word.endswith("ies"):
        return word[:-3] + "y"  # mercenaries
    if word.endswith("men"):
        return word[:-3] + "man"  # gunmen
    return word.removesuffix("s")


_POLICE_WORDS = frozenset({"police", "customs", "prison", "border"})


def _noun_category(noun: Token | None) -> str | None:
    if noun is None:
        return None
    lemma, lower = noun.lemma_.lower(), noun.lower_
    if lemma == "officer":  # "149 police officers" are people; an army's "up to 50 officers" are not here
        return "people" if any(c.lower_ in _POLICE_WORDS for c in noun.children) else None
    if lemma == "member" and any(c.lower_ == "crew" for c in noun.children):
        return "people"  # "27 crew members were missing": whose crew, the story tells
    for category, words in _NOUN_CATEGORIES.items():
        if lemma in words or lower in words:
            return category
    return None


def _governing_tiers(anchor: Token) -> list[list[Token]]:
    """Words that tell what happened to the counted thing, nearest first: the noun's own modifiers
    and its governing verb; then the word right after ("seven missing"); then the verb's other
    dependents (with their objects: "to hospital")."""
    near: list[Token] = [c for c in anchor.children if c.dep_ in {"amod", "acl", "relcl", "acomp"}]
    node = anchor
    for _ in range(6):
        if node.head is node:
            break
        node = node.head
        near.append(node)
        if node.pos_ in {"VERB", "AUX"} or node.dep_ in {"acomp", "amod"}:
            break
    around: list[Token] = []
    if node.pos_ in {"VERB", "AUX", "ADJ"}:
        for child in node.children:
            if child.dep_ in _CLAUSAL:
                continue  # another clause says what happened to something else
            around.append(child)
            around.extend(c for c in child.children if c.dep_ in {"pobj", "dobj"})
            for prep in (c for c in child.children if c.dep_ == "prep" and c.lower_ == "of"):
                for counted in (c for c in prep.children if c.dep_ == "pobj"):  # "the number of casualties"
                    # "the number of soldiers killed had risen to 105"
                    around.extend([counted, *(c for c in counted.children if c.dep_ in {"acl", "amod"})])
    after = [anchor.doc[anchor.i + 1]] if anchor.i + 1 < len(anchor.doc) else []
    return [near, after, around]


def _event(tiers: list[list[Token]]) -> str | None:
    for words in tiers:
        for category, lexicon in _EVENT_WORDS.items():
            if any(w.lemma_.lower() in lexicon or w.lower_ in lexicon for w in words):
                return category
    return None


def _category(doc: Doc, phrase: _Phrase, noun: Token | None) -> str:
    last = doc[phrase.number_tokens[-1]]
    after = doc[phrase.end] if phrase.end < len(doc) else None
    if after is not None and (after.lower_ in _PERCENT):
        return "percent"
    if last.ent_type_ == "MONEY":
        return "money"
    category = _noun_category(noun)
    if category in {"distance", "area"}:
        is_square = noun is not None and noun.i > 0 and noun.doc[noun.i - 1].lower_ == "square"
        return "area" if is_square else category
    noun_event = _event([[noun]]) if noun is not None else None
    if noun_event is not None:
        return noun_event  # "ten deaths", "29 fatalities"
    first = phrase.number_tokens[0]
    if first > 0 and doc[first - 1].lower_.rstrip(".") in _MONTHS and doc[first - 1].text[:1].isupper():
        return "skip"  # "the May 16 strike", "MOSCOW, Aug 23 (Wire Agency)": a day, not a count
    if last.ent_type_ in {"DATE", "TIME"} or category == "duration":
        if category == "duration":
            return category
        if noun is None or noun.ent_type_ in {"DATE", "TIME"} or noun.i < last.i:
            return "skip"  # "May 22", "2014"; a counted noun outside the date wins ("5 and 8 houses")
    if category is not None and category not in _PERSON_CATEGORIES:
        return category
    anchor = noun if noun is not None else last
    if category in _PERSON_CATEGORIES and anchor.dep_ == "dobj" and anchor.head.lemma_ == "lose":
        # "his unit lost two men killed": the word after says how; "the attackers lost 70 fighters":
        # killed or wounded, the claimant does not say
        following = doc[anchor.i + 1 : anchor.i + 2]
        # "lost two fighters, both killed": the word after "both" / "all" says it too
        words = [t.lower_ for t in doc[anchor.i + 1 : anchor.i + 3]]
        apposed = doc[anchor.i + 3 : anchor.i + 4] if words in ([",", "both"], [",", "all"]) else doc[0:0]
        return _event([list(following)]) or _event([list(apposed)]) or "casualties"
    killing = anchor.dep_ in {"nsubjpass", "dobj"} and anchor.head.lemma_ in _KILLING
    if category in _PERSON_CATEGORIES and killing:
        return "killed"  # "over 70 terrorists ... were destroyed", the ministries' word for killing fighters
    if category in _PERSON_CATEGORIES and _left_home(anchor if anchor.dep_ == "nsubj" else last):
        return "evacuated"  # "thousands of residents left the district"
    if noun is None and after is not None and (nearest := _event([[after]])) is not None:
        return nearest  # "two were killed and about ten wounded": the word right after says it
    if category in _PERSON_CATEGORIES and noun is not None and noun.i + 1 < len(doc) \
            and doc[noun.i + 1].tag_ in {"VBN", "VBD"} and (right := _event([[doc[noun.i + 1]]])) is not None:
        return right  # "56 civilians had been killed and 595 people wounded": its own participle
    event = _event(_governing_tiers(anchor))
    if event is not None and (category is not None or noun is None):
        return event
    if category == "people" and any(w.lemma_ in _FIGHT_VERBS for w in anchor.children):
        return "fighters"
    return category or "other"


_HOMES = frozenset(_words("home house district city town village region area settlement"))


def _left_home(subject: Token) -> bool:
    """The subject of "left" with a place or home as its object: they left the place."""
    verb = subject.head
    if subject.dep_ != "nsubj" or verb.lemma_ != "leave":
        return False
    return any(c.dep_ == "dobj" and (c.ent_type_ in {"GPE", "LOC", "FAC"} or c.lemma_.lower() in _HOMES)
               for c in verb.children)


def _is_lone_one(doc: Doc, phrase: _Phrase) -> bool:
    """ "one day", "one thing": "one" counting nothing in particular is not a figure anyone claims."""
    return len(phrase.number_tokens) == 1 and doc[phrase.number_tokens[0]].lower_ == "one"


# ---------------------------------------------------------------------------------------------- output


def holding_statement(start: int, end: int, attributions: Sequence[Attribution]) -> Attribution | None:
    """The statement whose content holds start..end. A denial gives way to the claim it denies: in
    "Kapustin denied Russian claims that 70 attackers had died" the 70 is the claims' figure; so does any
    statement to a claim quoted inside it ("... far below Moscow's claim that 70 attackers had died")."""
    holders = [a for a in attributions if any(c.start <= start and end <= c.end + 1 for c in a.content)]
    if not holders:
        return None
    first = holders[0]
    # "..., numbers far below Moscow's | claim | that 70 attackers had died": the figure is Moscow's
    nested_claims = [a for a in holders[1:]
                     if a.cue is not None and a.cue.text.strip().casefold() in _CLAIM_NOUNS]
    if nested_claims or (first.polarity == "deny" and len(holders) > 1):
        return min(nested_claims or holders[1:], key=lambda a: sum(c.end - c.start for c in a.content))
    return first


_CLAIM_NOUNS = frozenset({"claim", "claims", "assertion", "assertions", "allegation", "allegations"})


def extract_quantities(doc: Doc, attributions: Sequence[Attribution] = ()) -> list[Quantity]:
    """Every counted quantity of `doc`, in text order."""
    doc_id: str = doc._.doc_id or ""
    found: list[Quantity] = []
    for phrase in _phrases(doc):
        reason = _skip_reason(doc, phrase)
        if reason is not None:
            log.debug("skip %r: %s", doc[phrase.start : phrase.end].text, reason)
            continue
        noun = _counted_noun(doc, phrase)
        category = _category(doc, phrase, noun)
        if category == "skip" or (_is_lone_one(doc, phrase) and category in {"duration", "other"}):
            continue
        end_token = phrase.end
        if noun is not None and noun.i >= phrase.end:
            end_token = noun.i + 1
        elif end_token < len(doc) and doc[end_token].lower_ in _PERCENT:
            end_token += 1
        span = doc[phrase.start : end_token]
        number_start = doc[phrase.number_tokens[0]].idx
        number_end = doc[phrase.number_tokens[-1]].idx + len(doc[phrase.number_tokens[-1]])
        holder = holding_statement(number_start, number_end, attributions)
        found.append(
            Quantity(
                id=Quantity.make_id(doc_id, span.start_char, span.end_char),
                doc_id=doc_id,
                value=phrase.value,
                category=category,
                span=Span(span.start_char, span.end_char, span.text),
                low=phrase.low,
                high=phrase.high,
                qualifier=phrase.qualifier,
                attribution_id=holder.id if holder else None,
            )
        )
    return found


class QuantityComponent:
    """Fills `doc._.cl_quantities` with `Quantity` objects."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.cl_quantities = extract_quantities(doc, doc._.cl_attributions or [])
        log.debug("%s: %d quantities", doc._.doc_id, len(doc._.cl_quantities))
        return doc
