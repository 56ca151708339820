"""Where a counted number applies: a side of the front line, a region other than the story's, or all areas.

A toll "in the territories controlled by Moscow" is not set against one "on the right bank", and "two in
Mykolaiv Oblast" is not set against a story-wide total. Which side holds a town is learned from the story's
own texts (`held_places`); the region the story is about (`main_region`) counts as all areas, since every
report of a Kherson flood counts Kherson, except in a breakdown by region ("eight in Kherson Oblast and two
in Mykolaiv Oblast"), where it is a part.

A place phrase belongs to the clause it stands in: "Kyiv officials confirmed 16 deaths, while Russian
officials reported 29 in the territories controlled by Moscow" places only the 29. A phrase in a clause
with no number of its own ("In the flooded areas controlled by Ukraine, five people were killed"), or
before the numbers of its clause, places every number of the sentence.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

from claimledger.ledger.sides import translit_key

ALL_AREAS = "all areas"
Areas = tuple[tuple[str, re.Pattern[str]], ...]

# Areas by who holds them, as reports name them. Which towns lie in each is learned from the story's own
# texts ("Nova Kakhovka, a town seized by Russian forces", "Russian-occupied Oleshky": `held_places`).
PLACES: Areas = (
    ("Russian-held areas", re.compile(
        r"russian[- ](held|occupied|controlled)|occupied|left bank|east(ern)? bank|"
        r"controlled by (moscow|russia)|territor(y|ies) it controls|pro-russian side|"
        # the same in Russian and Ukrainian reports (`extract.cyrillic`)
        r"оккупированн\w*|окупован\w*|левом берегу|лівому березі|левобережь\w*|лівобереж\w*|"
        r"подконтрольн\w* (росси\w*|москв\w*|рф)|підконтрольн\w* (росі\w*|рф)", re.IGNORECASE)),
    ("Ukrainian-held areas", re.compile(
        r"ukrainian[- ](held|controlled)|right bank|west(ern)? bank|under (ukrainian|kyiv|kiev) control|"
        r"ukrainian side|controlled by (the )?(ukrain\w*|kyiv|kiev)|"
        r"правом берегу|правому березі|правобережь\w*|правобереж\w*|подконтрольн\w* (украин\w*|киев\w*)|"
        r"підконтрольн\w* (україн\w*|київ\w*)",
        re.IGNORECASE)),
)
# a town's name, not a region's or a facility's ("occupied Kherson region", "the occupied Zaporizhzhia
# nuclear power station")
_NAME = (r"([A-Z][\w’'-]+(?: [A-Z][\w’'-]+)?)\b(?! [A-Z])"
         r"(?! (?i:region|oblast|province|nuclear|power|dam|hydro\w*|reservoir|plant|station))")
_PLACE_NOUN = r"(?:town|city|village|port|settlement|district|region)"


def _held_patterns(held: str, by: str) -> tuple[re.Pattern[str], ...]:
    return (
        re.compile(rf"(?i:(?:{held})) (?:{_PLACE_NOUN} (?:of )?)?{_NAME}"),
        re.compile(rf"{_NAME},? (?i:(?:a|the) (?:\w+ ){{0,2}}{_PLACE_NOUN} (?:\w+ )?"
                   rf"(?:seized|occupied|captured|held|controlled) by (?:the )?{by})"),
        re.compile(rf"{_NAME},? (?i:(?:which is|now) (?:under {by} (?:control|occupation)|held by {by}))"),
        re.compile(rf"{_NAME},? (?i:in (?:the )?(?:{held}))"),
    )


_HELD = (
    ("Russian-held areas", _held_patterns(r"russian[- ](?:held|occupied|controlled)|occupied",
                                          r"(?:russia\w*|moscow)(?: forces| troops)?")),
    ("Ukrainian-held areas", _held_patterns(r"ukrainian[- ](?:held|controlled)",
                                            r"(?:ukrain\w*|kyiv|kiev)(?: forces| troops)?")),
)
_NOT_TOWNS = {"Ukraine", "Russia", "Southern Ukraine", "Eastern Ukraine", "The", "In", "On"}
# "the Nova Kakhovka dam" names a facility, wherever the town lies
_FACILITY_AFTER = r"(?! (?:dam|hydro\w*|hpp|power|reservoir|bridge|plant|station))"

# "Mykolaiv Oblast", "(the) Mykolayiv region", "Belgorod Region"; not "the Kherson and Mykolaiv regions"
_REGION = re.compile(r"\b([A-Z][\w’'-]+) (?:[Oo]blast|[Rr]egion|[Pp]rovince)\b")
# what a side's phrase describes when it is not where people are counted: "a key Russian-held dam"
_FACILITY_NEXT = re.compile(r"(?:\s+[\w’'-]+){0,3}?\s+(?i:dam|hpp|plant|station|bridge|reservoir|facility)\b")
# both sides at once: the number covers all areas
_BOTH_SIDES = re.compile(r"(?i:(?:russia|moscow)\w* and (?:ukrain|kyiv|kiev)\w*|(?:ukrain|kyiv|kiev)\w* and "
                         r"(?:russia|moscow)\w*|both sides)")
_CLAUSE_BREAK = re.compile(r"\s*[,;:—–]\s*|\s+(?:and|while|whereas|but)\s+")


def held_places(texts: Iterable[str]) -> Areas:
    """The areas of `PLACES` with the towns the texts say each side holds; a town both sides are said to
    hold is left out."""
    found: dict[str, set[str]] = {name: set() for name, _ in _HELD}
    for text in texts:
        for name, patterns in _HELD:
            for pattern in patterns:
                found[name].update(m.group(1) for m in pattern.finditer(text))
    contested = set.intersection(*found.values())
    out = []
    for name, generic in PLACES:
        towns = sorted(found.get(name, set()) - contested - _NOT_TOWNS)
        if towns:
            names = "|".join(re.escape(t) + _FACILITY_AFTER for t in towns)
            out.append((name, re.compile(rf"{generic.pattern}|\b(?:{names})", re.IGNORECASE)))
        else:
            out.append((name, generic))
    return tuple(out)


def region_names(texts: Iterable[str]) -> dict[str, str]:
    """Each region the texts name, by its spelling-insensitive key, shown in its most frequent spelling,
    most named first ({"herson": "Kherson", "mikolaiv": "Mykolaiv"})."""
    return regions_in(texts)[0]


def regions_in(texts: Iterable[str]) -> tuple[dict[str, str], str | None]:
    """`region_names`, and the region the story is about: the one its texts name most, by a clear lead. Two
    regions named as often ("739 arrested in Gilan province", "networks shut down in Kurdistan province") are
    two places, neither of them the whole story."""
    spellings: dict[str, Counter[str]] = {}
    for text in texts:
        for match in _REGION.finditer(text):
            spellings.setdefault(translit_key(match.group(1)), Counter())[match.group(1)] += 1
    times = {key: sum(counts.values()) for key, counts in spellings.items()}
    ranked = sorted(spellings, key=lambda key: (-times[key], key))
    names = {key: spellings[key].most_common(1)[0][0] for key in ranked}
    lead = len(ranked) == 1 or (len(ranked) > 1 and times[ranked[0]] > times[ranked[1]])
    return names, ranked[0] if lead else None


def _clauses(sentence: str) -> list[tuple[int, int]]:
    bounds = [0]
    for match in _CLAUSE_BREAK.finditer(sentence):
        bounds += [match.start(), match.end()]
    bounds.append(len(sentence))
    return [(bounds[i], bounds[i + 1]) for i in range(0, len(bounds), 2)]


def _owner(position: int, clauses: list[tuple[int, int]], at: tuple[int, int] | None,
           others: Sequence[tuple[int, int]]) -> int | None:
    """0 when a phrase at `position` is in the number's clause, 1 when it introduces what follows (in a
    clause with no number, or before the numbers of its clause: "The authorities in occupied Kherson
    report seven missing and 1,300 evacuated"), None when it follows another number in its clause."""
    if at is None:
        return 0
    start, end = next(((s, e) for s, e in clauses if s <= position < e), (position, position + 1))
    if start <= at[0] < end:
        return 0
    return None if any(start <= o[0] < position for o in others) else 1


def area_of(sentence: str, places: Areas = PLACES, *, at: tuple[int, int] | None = None,
            others: Sequence[tuple[int, int]] = (), regions: dict[str, str] | None = None,
            main_region: str | None = None) -> str:
    """Where the number at `at` (offsets into `sentence`) applies, given the other numbers at `others`.

    A side of the front line wins over a region; a phrase in the number's own clause over one that
    introduces the whole sentence. Without `at`, anything the sentence names counts.
    """
    clauses = _clauses(sentence)
    both = [m.span() for m in _BOTH_SIDES.finditer(sentence)]
    found: list[tuple[int, int, str]] = []
    for rank, (name, pattern) in enumerate(places):
        for match in pattern.finditer(sentence):
            if _FACILITY_NEXT.match(sentence, match.end()) or any(s <= match.end() and match.start() <= e
                                                                  for s, e in both):
                continue  # "a key Russian-held dam", "areas controlled by Russia and Ukraine"
            owner = _owner(match.start(), clauses, at, others)
            if owner is not None:
                found.append((owner, rank, name))
    named = [(match, translit_key(match.group(1))) for match in _REGION.finditer(sentence)]
    # a breakdown by region ("29 in the Kherson region, and two in the Mykolaiv region") places even the
    # story's own region: that number is a part, not the story-wide count
    breakdown = any(key != main_region for _, key in named)
    for match, key in named:
        owner = _owner(match.start(), clauses, at, others)
        if owner is not None and (key != main_region or (breakdown and owner == 0)):
            shown = (regions or {}).get(key, match.group(1))
            found.append((owner, len(places), f"{shown} region"))
    return min(found)[2] if found else ALL_AREAS
