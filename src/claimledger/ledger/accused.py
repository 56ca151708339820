"""Who a statement holds responsible, named any way and whoever it is: "Washington was behind the attack",
"a terrorist attack planned by Russia", "Personnel of the British navy took part in ... the sabotage", "claims
of American involvement", "a pro-Ukrainian group carried out the attack", "The United States had nothing to do
with the damage".

A story's blame is read against its two parties (`sides.Parties`); an act of sabotage can be laid at the door
of four (Nord Stream: Britain, the United States, Russia, a pro-Ukrainian group). These idioms of
responsibility name the doer outright, so the party they name holds whichever state or group it is."""

from __future__ import annotations

import re

from claimledger.extract.geo import country_named, default_gazetteer, national_capital_of

# the seat of a government, which stands for it: "the White House", "the Kremlin"
_SEATS = {"white house": "United States", "pentagon": "United States", "state department": "United States",
          "kremlin": "Russia", "downing street": "United Kingdom", "whitehall": "United Kingdom"}
_SEAT = re.compile(rf"\b(?:{'|'.join(_SEATS)})\b", re.IGNORECASE)
# a group taking one state's part, not that state: "a pro-Ukrainian group", "pro-Russian saboteurs"
_PARTISANS = re.compile(r"\b(?:an?\s+|the\s+)?(pro-[A-Z][\w-]*\s+(?:[a-z]+\s+)?(?:group|cell|activists|"
                        r"saboteurs|divers|team|network|militants|volunteers))\b")
_NAME = re.compile(r"\b(?:[A-Z][a-z]+|U\.S\.|U\.K\.|US|UK|USA)(?![\w-])")

# the deed, after its doer: "X was behind", "X carried out", "X had nothing to do with"
_DEED_AFTER_DOER = re.compile(
    r"\s+(?:(?:was|were|is|are|had been|has been)\s+(?:not\s+)?behind|"
    r"(?:had\s+|has\s+|have\s+)?(?:carried out|planted|planned|orchestrated|masterminded|took part in|"
    r"blew up|sabotaged)(?!\s+(?:no|nothing)\b)|"  # not "Israeli forces had carried out no strike"
    r"(?:had|has|have)\s+(?:absolutely\s+)?nothing to do with)\b")
# the doer, after the deed: "planned by Russia", "the involvement of Washington", "the trail leads to ..."
_DOER_AFTER_DEED = re.compile(
    r"\b(?:(?:planned|carried out|ordered|staged|orchestrated|masterminded|committed)\s+by|"
    r"involvement\s+of|(?:trail|evidence|clues?)\s+(?:leads?|led|points?|pointed)\s+to)\s+([^,;.]{1,40})")
# the doer as the owner of its part: "American involvement", "Britain's role"
_INVOLVEMENT = re.compile(r"\b((?:[A-Z][\w.]*\s+){0,2}[A-Z][\w.]*)(?:['’]s)?\s+(?:involvement|role)\b")
# where the doer's phrase begins: "to suggest that | Russia was behind", "could not say who | was behind"
_CLAUSE_BREAK = re.compile(r"[,;:()“”\"]|\b(?:that|and|but|said|says|suggest|after|because|who|whom|whether|"
                           r"which|what|if)\b")


def held_responsible(content: str) -> str | None:
    """The state or group `content` names as the doer in an idiom of responsibility, else None: the state by
    its name, demonym, capital or seat ("Russia", "British", "Washington", "the White House"), a partisan
    group by its description ("A pro-Ukrainian group")."""
    for match in _DEED_AFTER_DOER.finditer(content):
        before = _CLAUSE_BREAK.split(content[max(0, match.start() - 60) : match.start()])[-1]
        if (party := party_named(before)) is not None:
            return party
    for match in _DOER_AFTER_DEED.finditer(content):
        if (party := party_named(_CLAUSE_BREAK.split(match.group(1))[0])) is not None:
            return party
    for match in _INVOLVEMENT.finditer(content):
        if (party := party_named(match.group(1))) is not None:
            return party
    return None


def party_named(phrase: str) -> str | None:
    """The one party a short phrase names: a partisan group, else the state its names stand for."""
    partisans = _PARTISANS.search(phrase)
    if partisans is not None:
        return f"A {partisans.group(1)}"
    states = {state for state in (_state(name) for name in _NAME.findall(phrase)) if state}
    states |= {_SEATS[seat.group(0).casefold()] for seat in _SEAT.finditer(phrase)}
    return states.pop() if len(states) == 1 else None


def _state(name: str) -> str | None:
    country = country_named(name)
    if country is not None:
        return country
    code = national_capital_of(name)
    place = default_gazetteer().countries.get(code or "")
    return place.name if place is not None else None


_BLAMING_CUE = re.compile(r"\b(?:blam\w*|accus\w*|faulted)\b", re.IGNORECASE)
_WHOM_FOR = re.compile(r"^\W*([^,;:]{1,40}?)\s+(?:for|of)\b")


def accused_in(cue: str, content: str) -> str | None:
    """`held_responsible`, or the one a verb of blame names first: "blamed | Russia for the blasts"."""
    held = held_responsible(content)
    if held is None and _BLAMING_CUE.search(cue) and (whom := _WHOM_FOR.match(content)) is not None:
        held = party_named(whom.group(1))
    return held


# what else names a state: its initials, its seat of government
_STATE_WORDS = {
    "United States": re.compile(r"\b(?:U\.S\.|US|USA|America\w*|Washington)(?![\w.])|"
                                r"\b(?:White House|Pentagon|State Department)\b"),
    "United Kingdom": re.compile(r"\b(?:U\.K\.|UK|Brit\w+|London)(?![\w.])|\b(?:Downing Street|Whitehall)\b"),
    "Russia": re.compile(r"\b(?:Kremlin|Moscow)\b"),
}


def names_state(text: str, state: str) -> bool:
    """Whether `text` names `state` by its initials or its seat ("U.S. officials", "the White House")."""
    pattern = _STATE_WORDS.get(state)
    return pattern is not None and pattern.search(text) is not None
