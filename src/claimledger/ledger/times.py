"""Times in the text: clock times near an event noun, and dates normalised against publication.

`clock_times` finds "02:50", "2:30 AM", "02:54 am" in sentences that name an event (dam, explosion,
breach, detonation ...), skipping publication stamps ("05:19 GMT", "8:30 pm ET"). `referred_date` turns
"on Tuesday", "overnight", "June 6", "6 June" into an ISO date with dateparser, RELATIVE_BASE = the
document's publication date. Every hit keeps its character offsets.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from claimledger.extract.dates import names_a_coming_day, nearest_year
from claimledger.extract.entities import RANKS
from claimledger.models import Span

EVENT_NOUNS = re.compile(
    r"\b(dam|breach\w*|explosion|explod\w*|detonat\w*|blew|blown|blow\w*|collapse\w*|destr\w*|attack\w*|"
    r"strike|raid|incursion|hpp|hydroelectric)\b|ГЕС|підірв\w*|взрыв\w*|дамб\w*",
    re.IGNORECASE,
)
_CLOCK = re.compile(
    r"(?<![\d:.])([01]?\d|2[0-3])[:.]([0-5]\d)(?![\d:.])\s*(a\.?m\.?|p\.?m\.?)?(?!\s*(?:GMT|UTC|ET|EST|EDT|CET|MSK)\b)",
    re.IGNORECASE,
)
_STAMP = re.compile(r"(updated|published|min read)\W*$", re.IGNORECASE)
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|\n|$)")
_DATE_EXPR = re.compile(
    r"\b(?:on |last |this )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?: night| morning|"
    r" evening)?\b|\b(?:overnight|last night|yesterday|today|tonight)\b|"
    r"\b(?:january|february|march|april|may|june|july|august|september|october|november|december) \d{1,2}"
    r"(?:, \d{4})?\b|\b\d{1,2} (?:january|february|march|april|may|june|july|august|september|october|"
    r"november|december)(?: \d{4})?\b",
    re.IGNORECASE,
)
_NIGHT_OF_A_DAY = re.compile(
    r"\s+(?:on|into|to)\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|"
    r"april|may|june|july|august|september|october|november|december|\d{1,2} [A-Z])", re.IGNORECASE)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTH_ALONE = re.compile(r"^(may|march)$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ClockTime:
    value: str  # "02:50" (24-hour)
    span: Span
    sentence: Span


# "9 a.m. Moscow time", "7:32 p.m. (1632 GMT)", "as of 6:00 p.m., 1,364 people": a clock time's dots end no
# sentence (masked, one character each, so offsets hold), unless a new sentence follows ("at 12:30 p.m.
# According to NORSAR, ...")
_MERIDIEM = re.compile(r"(?<=\d)(\s?)([ap])\.m\.(?=(\s+(?:[a-z(,;0-9]|[A-Z]\w+ time\b|"
                       r"(?:GMT|UTC|ET|EST|EDT|CET|CEST|MSK|BST|EEST)\b)|[,;)]))?")


# nor does a decimal point ("1.089 million people")
_DECIMAL_POINT = re.compile(r"(?<=\d)\.(?=\d)")
# nor an initialism's ("a U.S.-made Patriot", "a U.S. official", "the U.N. Security Council"), unless its last
# dot is followed by a word that opens sentences ("... to the U.S. The ministry said")
_INITIALISM_DOT = re.compile(
    r"(?<![\w.])(?:[A-Z]\.){1,3}[A-Z]\.(?!\s+(?:The|A|An|He|She|It|They|We|I|But|And|This|That|Its|His|Her|"
    r"Their|In|On|At)\b)|(?<![\w.])(?:[A-Z]\.){1,3}[A-Z](?=\.)")


@functools.lru_cache(maxsize=256)
def _masked_dots(text: str) -> str:
    def masked(match: re.Match[str]) -> str:
        ends = "." if match.group(3) is None else "\u2024"
        return f"{match.group(1)}{match.group(2)}\u2024m{ends}"

    return _initialisms_masked(_DECIMAL_POINT.sub("\u2024", _MERIDIEM.sub(masked, text)))


def _initialisms_masked(text: str) -> str:
    text = _INITIALISM_DOT.sub(lambda match: match.group(0).replace(".", "\u2024"), text)
    text = _TITLE_DOT.sub(lambda match: f"{match.group(1)}\u2024", text)
    return _MONTH_DOT.sub("\u2024", text)


# nor a month's abbreviation before a day ("overnight on Aug. 30")
_MONTH_DOT = re.compile(r"(?<=\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec))\.(?=\s+\d)|"
                        r"(?<=\bSept)\.(?=\s+\d)")


# nor a title's or a saint's abbreviation before a name ("Brig. Gen. Pat Ryder", "Mr. Peskov",
# "St. Petersburg")
_TITLES = (*RANKS, "Gov", "Sen", "Rep", "Dr", "Mr", "Mrs", "Ms", "Prof", "St")
_TITLE_DOT = re.compile(rf"\b({'|'.join(_TITLES)})\.(?=\s+[A-Z])")


def sentences(text: str) -> Iterator[Span]:
    masked = _masked_dots(text)
    for match in _SENTENCE.finditer(masked):
        raw = match.group(0)
        stripped = raw.strip()
        if stripped:
            start = match.start() + raw.index(stripped)
            yield Span(start, start + len(stripped), text[start : start + len(stripped)])


def sentence_at(text: str, start: int, end: int) -> Span:
    """The sentence (or line) around the characters start..end."""
    masked = _masked_dots(text)
    left = max(masked.rfind(c, 0, start) for c in ".!?\n") + 1
    rights = [i for i in (masked.find(c, end) for c in ".!?\n") if i != -1]
    right = min(rights) + 1 if rights else len(text)
    chunk = text[left:right]
    offset = len(chunk) - len(chunk.lstrip())
    chunk = chunk.strip()
    return Span(left + offset, left + offset + len(chunk), chunk)


def clock_times(text: str) -> list[ClockTime]:
    """Clock times in sentences that name an event."""
    found: list[ClockTime] = []
    for sentence in sentences(text):
        if not EVENT_NOUNS.search(sentence.text):
            continue
        for match in _CLOCK.finditer(sentence.text):
            if _STAMP.search(sentence.text[: match.start()]):
                continue
            hour, minute = int(match.group(1)), int(match.group(2))
            meridiem = (match.group(3) or "").replace(".", "").casefold()
            if meridiem == "pm" and hour < 12:
                hour += 12
            if meridiem == "am" and hour == 12:
                hour = 0
            if not meridiem and match.group(0)[2:3] == "." and len(match.group(0)) < 5:
                continue  # "5.61" style decimals
            start = sentence.start + match.start()
            end = sentence.start + match.end()
            found.append(ClockTime(f"{hour:02d}:{minute:02d}", Span(start, end, text[start:end]), sentence))
    return found


@functools.lru_cache(maxsize=4096)
def _parse(expr: str, base: str) -> str | None:
    import dateparser

    expr_clean = re.sub(r"^(on|last|this)\s+|\s+(night|morning|evening)$", "", expr.strip(), flags=re.I)
    base_dt = datetime.fromisoformat(base)
    lowered = expr_clean.casefold()
    if lowered in ("overnight", "last night", "tonight"):
        return (base_dt - timedelta(days=0 if lowered == "tonight" else 1)).date().isoformat()
    if _MONTH_ALONE.match(expr_clean):
        return None
    if lowered in _WEEKDAYS:  # the most recent such day, the publication day included
        back = (base_dt.weekday() - _WEEKDAYS.index(lowered)) % 7
        return (base_dt - timedelta(days=back)).date().isoformat()
    parsed = dateparser.parse(
        expr_clean,
        languages=["en"],
        settings={"RELATIVE_BASE": base_dt, "PREFER_DATES_FROM": "past", "REQUIRE_PARTS": ["day"]},
    )
    return nearest_year(expr_clean, parsed, base_dt).date().isoformat() if parsed else None


def referred_dates(text: str, start: int, end: int, published: str | None) -> list[tuple[str, Span]]:
    """ISO dates the characters start..end refer to, with the expression's span."""
    out: list[tuple[str, Span]] = []
    if not published:
        return out
    for match in _DATE_EXPR.finditer(text, start, end):
        night = match.group(0).casefold() in ("overnight", "last night")
        if night and _NIGHT_OF_A_DAY.match(text, match.end()):
            continue  # "overnight on May 16", "overnight into Tuesday": the day named next
        iso = _parse(match.group(0), published[:10])
        if iso and names_a_coming_day(text, match.start(), match.end()):
            iso = (datetime.fromisoformat(iso) + timedelta(days=7)).date().isoformat()
        if iso:
            out.append((iso, Span(match.start(), match.end(), match.group(0))))
    return out
