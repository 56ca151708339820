"""Names of weapons, which are things, not actors.

War reports name weapon systems the way they name people: "a Kinzhal hypersonic missile", "the Patriot",
"nine Kalibr cruise missiles", "Iranian-made Shahed drones". The tagger reads them as persons or
organisations, and a ledger that takes them for actors lists "Kinzhal" as an organisation of seven reports
and credits "the Kinzhal had once again shown that ..." to it. A name is a weapon's when its document uses
it right before a weapon noun ("Patriot air defence system", "MiG-31K aircraft"), or when it is one of the
systems such reports name most (`KNOWN_WEAPONS`); a state, a people or a place before a weapon noun is the
weapon's owner ("Russian missiles"), and so is a group the document names with its people ("Houthi
fighters", "Hamas said").
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

# The systems reports of modern wars name most, less those that are also people's names or call signs
# ("Caesar", "Bradley", "Abrams"), which only their context makes weapons ("Abrams tanks"). Each is matched as
# a whole name, so that "Patriot" is the weapon and "Patriotic Front" is not.
KNOWN_WEAPONS = re.compile(
    r"^(?:the\s+)?(?:Kinzhal|Kalibr|Iskander(?:-[KM])?|Kh-\d+\w*|Oniks|Zircon|Tsirkon|Oreshnik|Tochka(?:-U)?|"
    r"S-[34]00|Pantsir|Shahed(?:-\d+)?|Geran(?:-\d)?|Orlan(?:-\d+)?|"
    r"Patriot|HIMARS|ATACMS|GMLRS|Storm Shadow|SCALP|Tomahawk|Javelin|NLAW|"
    r"Bayraktar(?: TB2)?|IRIS-T|NASAMS|Iron Dome|David['’]s Sling|Uragan|Smerch|Tornado-S|"
    r"(?:MiG|Su|Tu|Il|Ka|Mi)-\d+\w*|F-(?:15|16|35)\w*|Gripen|Eurofighter)$"
)
WEAPON_NOUNS = frozenset([
    "missile", "missiles", "rocket", "rockets", "drone", "drones", "uav", "uavs", "launcher", "launchers",
    "howitzer", "howitzers", "tank", "tanks", "jet", "jets", "aircraft", "helicopter", "helicopters",
    "bomber", "bombers", "interceptor", "interceptors", "warship", "warships", "frigate", "frigates",
    "cruiser", "submarine", "submarines", "battery", "batteries", "munition", "munitions", "warhead",
    "warheads"
])
# "system" names a weapon only with a word of war before it: "Patriot air defence system", not "the Kremlin
# system"
_SYSTEM_MODIFIERS = frozenset([
    "missile", "missiles", "defence", "defense", "anti-aircraft", "aircraft", "rocket", "artillery",
    "radar", "launch", "weapons", "weapon", "air-defence", "air-defense"
])
# A group the document names with its people or its words is an owner of weapons, not a weapon: "Houthi
# fighters", "Hamas said"
_PEOPLE_AFTER = frozenset([
    "fighters", "militants", "forces", "troops", "group", "movement", "rebels", "spokesman", "spokeswoman",
    "spokesperson", "leader", "leaders", "commander", "commanders", "official", "officials", "members",
    "said", "says", "claimed", "denied", "stated", "statement", "militia", "militiamen", "soldiers"
])
# the words air defence reports use for what they shot down, and for the munitions they shot down
SHOOTING_DOWN = r"(?:shot down|shooting down|shoot down|intercepted|intercepting|downed)"
MUNITIONS = r"(?:missiles?|drones?|rockets?|UAVs?)\b"
# "Russian air defence systems destroyed Ukrainian drones", "shot down all 18 missiles"
INTERCEPTED_MUNITIONS = (rf"\b(?:{SHOOTING_DOWN}|destroyed|neutrali[sz]ed)\s+(?:all\s+)?(?:of\s+)?"
                         rf"(?:the\s+)?(?:\w+\s+){{0,2}}?{MUNITIONS}")
_NOT_MODIFIERS = frozenset({"VERB", "AUX", "ADP", "CCONJ", "SCONJ", "DET", "PRON", "PART"})
_MODIFIER = re.compile(r"^[a-z][a-z-]*$|^-$|^\d[\w-]*$")


def names_a_weapon_noun(words: list[str]) -> bool:
    """A phrase whose last word is a weapon noun ("Drones", "the missile"), not a "think tank"."""
    return bool(words) and words[-1].casefold() in WEAPON_NOUNS \
        and not (len(words) > 1 and words[-2].casefold() == "think")


def is_known_weapon(name: str) -> bool:
    """One of `KNOWN_WEAPONS`, as a whole name ("the Patriot", "HIMARS", "Su-34")."""
    return bool(KNOWN_WEAPONS.match(name.strip()))


def _weapon_noun_after(doc: Doc, end: int, reach: int = 4) -> bool:
    """A weapon noun within `reach` lowercase modifiers after token `end`: "Kinzhal hypersonic missile",
    "Patriot anti-aircraft missile system"."""
    modifiers: list[str] = []
    for token in doc[end : end + reach + 1]:
        word = token.lower_
        if word in WEAPON_NOUNS:
            return True
        if word in {"system", "systems"}:
            return bool(set(modifiers) & _SYSTEM_MODIFIERS)
        if not _MODIFIER.match(token.text) or token.is_stop or token.pos_ in _NOT_MODIFIERS:
            return False  # "the Black Sea and ground launchers": the sea is no launcher
        modifiers.append(word)  # "anti", "-", "aircraft": "anti-aircraft" is three tokens
    return False


def _owns_people(doc: Doc, name: str) -> bool:
    # "Army aircraft carried out air strikes" in a report where "the army said": the army's aircraft
    pattern = re.compile(rf"\b{re.escape(name)}(?:['’]s)?\s+(\w+)", re.IGNORECASE)
    return any(m.group(1).lower() in _PEOPLE_AFTER for m in pattern.finditer(doc.text))


def weapon_names(doc: Doc, names: dict[str, list[tuple[int, int]]]) -> set[str]:
    """Which of the document's `names` (each with the token spans it is written at) name weapons."""
    from claimledger.extract.geo import country_named, known_place

    found = set()
    for name, spans in names.items():
        if country_named(name) or known_place(name, 1_000) or _owns_people(doc, name):
            continue
        if is_known_weapon(name) or names_a_weapon_noun(name.split()) \
                or any(_weapon_noun_after(doc, end) for _, end in spans):
            found.add(name)
    return found
