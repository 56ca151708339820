"""Time expressions normalised against a document's publication date.

spaCy's DATE/TIME entities (plus the words "overnight" and "last night", which the small model misses)
find the expressions; `dateparser` (RELATIVE_BASE = the publication date, PREFER_DATES_FROM = past)
turns each into a date and a period, which becomes a value range and a granularity:

* ``day``: "May 22", "on Tuesday", "yesterday" (one calendar day);
* ``time``: "2 a.m." (a point of time; ``value_start == value_end``);
* ``range``: "overnight" (the evening before publication to the morning of it), "Tuesday night";
* ``week`` / ``month`` / ``year``: "last week", "in May", "earlier this year" (the whole period);
* ``duration``: "15 months", "hours" (a length, not a date: no value);
* ``unresolved``: what dateparser cannot read, or relative wording in a document without a date.

Convention for weekday names: "on Tuesday" means the latest Tuesday on or before the publication day,
so in an article published on Tuesday 2023-05-23 it is 2023-05-23 (the AP convention news writing
follows), and "Wednesday" is 2023-05-17. dateparser alone would give 2023-05-16 (strictly past); we get
the convention by giving it the day after publication as its relative base for weekday expressions.
A weekday still to come is the next one after publication ("called a new day of strikes for Tuesday", "due
to begin on Sunday", "will resume on Monday": `names_a_coming_day`).
"""

from __future__ import annotations

import bisect
import calendar
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any, Literal

from claimledger.models import Document, Span

log = logging.getLogger(__name__)

Granularity = Literal["time", "day", "range", "week", "month", "year", "duration", "unresolved"]
GRANULARITIES: tuple[str, ...] = ("time", "day", "range", "week", "month", "year", "duration", "unresolved")

# Parts of the day dateparser reports as `part_of_day`, as (start hour, end hour); end past 24 = next day.
_PARTS_OF_DAY: dict[str, tuple[int, int]] = {
    "morning": (6, 12), "afternoon": (12, 18), "evening": (18, 24), "night": (20, 30),
}
_OVERNIGHT = re.compile(r"\b(?:overnight|last night)\b", re.IGNORECASE)
# Leading words that do not change the date ("early on Tuesday" -> "Tuesday").
_LEAD = re.compile(
    r"^(?:(?:early|late|earlier|later|on|since|by|until|till|from|in|at|around|about|during|as of|"
    r"the|of|before|after|approximately|roughly|nearly|almost|shortly|just)\s+)+",
    re.IGNORECASE,
)
_WEEKDAY = re.compile(r"\b(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\b", re.IGNORECASE)
# what makes a weekday the next one, not the last: "called a new day of strikes for Tuesday", "the visit,
# which was due to begin on Sunday", "talks will resume on Monday", "next Friday"
_FUTURE_BEFORE = re.compile(
    r"(?:\bnext|\b(?:due|set|scheduled|expected|planned) to \w+(?: \w+)?(?: on)?|"
    r"\b(?:will|would|shall|to be) (?:\w+ ){0,2}\w+(?: on)?|\b(?:scheduled|planned|set|slated) for|"
    r"\b(?:called|calls?|calling|announced)\b[^.;]{0,60}\bfor)\s*$",
    re.IGNORECASE)
_BARE_WEEKDAY = re.compile(r"(?:on\s+)?(?:mon|tues|wednes|thurs|fri|satur|sun)day", re.IGNORECASE)


# a statement's day: "said on Friday", "told reporters on Monday"
_SPEECH_DAY = re.compile(
    r"\b(?:said|says|told \w+|wrote|announced|reported|added|stated)(?: on| late on| early on)?\s*$")


def said_on(text: str, start: int) -> bool:
    """Whether the time expression at `start` is the day something was said ("said on Friday")."""
    return bool(_SPEECH_DAY.search(text[max(0, start - 16) : start]))


def names_a_coming_day(text: str, start: int, end: int) -> bool:
    """Whether the weekday at text[start:end] is one still to come ("strikes for Tuesday", "due to begin on
    Sunday"): the next such day after publication, not the last (the convention of the module doc)."""
    return bool(_BARE_WEEKDAY.fullmatch(text[start:end].strip())
                and _FUTURE_BEFORE.search(text[max(0, start - 80) : start]))
_DURATION = re.compile(
    r"^(?:(?:\d[\d,.]*|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|few|many|"
    r"some|a few|more than \w+|about \w+)\s+)?(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|"
    r"decades?)(?:\s+long)?$|^\d+-(?:second|minute|hour|day|week|month|year|decade)s?(?:-long)?$",
    re.IGNORECASE,
)
_RECURRING = re.compile(r"^(?:daily|weekly|monthly|yearly|annually|nightly|every\b.*)$", re.IGNORECASE)
# "02:35 am (local time in Ukraine)", "2:50 a.m. Kyiv time": the clock time is the local one already.
_LOCAL_TIME = re.compile(r"\s*\(?\b(?:local|kyiv|kiev|moscow)\s+time\b[^)]*\)?$", re.IGNORECASE)
_HOURS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")
# "two o'clock in the morning": dateparser reads neither the word number nor the part of the day.
_OCLOCK = re.compile(
    rf"^({'|'.join(_HOURS)}|\d{{1,2}})\s+o[’']clock(?:\s+in\s+the\s+(morning|afternoon|evening|night))?$",
    re.IGNORECASE,
)
# "February-March 2022", "Monday to Tuesday", "between June 6 and June 8": a period from one to the other.
_RANGE = re.compile(r"^(?:between\s+)?(.+?)\s*(?:-|–|—|\bto\b|\band\b|\buntil\b)\s*(.+)$", re.IGNORECASE)
# "0230" (a leading zero): a 24-hour clock time; "2743" stays a count.
_MILITARY_TIME = re.compile(r"^(0\d)([0-5]\d)(?:\s*(?:hrs?|hours))?$", re.IGNORECASE)
_NUMBERS_ONLY = re.compile(r"[\d,.\s/–-]+")
_ISO_DAY = re.compile(r"(?:19|20)\d\d-\d\d-\d\d")
_YEAR_END = re.compile(r"\b(?:19|20)\d\d$")
# A clock time or a part of the day, which a neighbouring date expression pins to a day.
_CLOCK = re.compile(r"\d[:.]\d\d|\d\s*[ap]\.?m\b|o[’']clock|\b(?:morning|afternoon|evening|night)\b",
                   re.IGNORECASE)
_DAY_WORDS = re.compile(
    r"\b(?:(?:19|20)\d\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|today|yesterday|tonight|"
    r"mon|tue|wed|thu|fri|sat|sun)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class TimeExpression:
    """A time expression of one document and the period it denotes (ISO 8601 values, inclusive)."""

    doc_id: str
    span: Span
    value_start: str | None
    value_end: str | None
    granularity: Granularity

    @property
    def date(self) -> str | None:
        """The day of the expression's start (YYYY-MM-DD), if it has one."""
        return self.value_start[:10] if self.value_start else None

    def to_json(self) -> dict[str, Any]:
        return {"doc_id": self.doc_id, **self.span.to_json(), "value_start": self.value_start,
                "value_end": self.value_end, "granularity": self.granularity}


def parse_published(value: str | None) -> date | None:
    """The publication day of an ISO 8601 date or datetime string (None if missing or unreadable)."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


@lru_cache(maxsize=64)
def _parser(base: datetime) -> Any:
    from dateparser.date import DateDataParser

    settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past", "RETURN_TIME_AS_PERIOD": True,
                "REQUIRE_PARTS": []}
    return DateDataParser(languages=["en"], settings=settings)


def _parse(text: str, base: datetime) -> tuple[datetime | None, str]:
    data = _parser(base).get_date_data(text)
    value = data.date_obj
    if value is not None and data.period in (None, "day", "time"):
        value = nearest_year(text, value, base)
    return value, str(data.period or "day")


_YEAR = re.compile(r"\b\d{4}\b|['’]\d{2}\b")
_NAMED_MONTH = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b", re.IGNORECASE)


def nearest_year(text: str, value: datetime, base: datetime) -> datetime:
    """A day and month without a year ("May 24") fall in the year that puts them nearest the publication
    date: "May 24" in a report of May 23 is the next day, not a year before (dateparser, told to prefer
    the past, takes the previous year)."""
    if _YEAR.search(text) or not _NAMED_MONTH.search(text):
        return value
    candidates = []
    for year in (base.year - 1, base.year, base.year + 1):
        try:
            candidates.append(value.replace(year=year))
        except ValueError:  # 29 February
            continue
    day = base.date()  # a parsed time can carry a zone the publication date does not
    return min(candidates, key=lambda c: (abs(c.date() - day), c.date() > day)) if candidates else value


def _day_range(day: date) -> tuple[str, str]:
    return day.isoformat(), day.isoformat()


def _period_range(value: datetime, period: str, core: str) -> tuple[str | None, str | None, Granularity]:
    day = value.date()
    if period == "week":
        monday = day - timedelta(days=day.weekday())
        return monday.isoformat(), (monday + timedelta(days=6)).isoformat(), "week"
    if period == "month":
        last = calendar.monthrange(day.year, day.month)[1]
        return day.replace(day=1).isoformat(), day.replace(day=last).isoformat(), "month"
    if period == "year":
        return f"{day.year}-01-01", f"{day.year}-12-31", "year"
    if period == "part_of_day":
        part = next((p for p in _PARTS_OF_DAY if p in core.lower()), "night")
        begin, finish = _PARTS_OF_DAY[part]
        start = datetime.combine(day, time()) + timedelta(hours=begin)
        end = datetime.combine(day, time()) + timedelta(hours=finish)
        return start.isoformat(timespec="minutes"), end.isoformat(timespec="minutes"), "range"
    if period == "time":
        stamp = value.isoformat(timespec="minutes")
        return stamp, stamp, "time"
    one_day = _day_range(day)
    return one_day[0], one_day[1], "day"


def _overnight(published: date) -> tuple[str | None, str | None, Granularity]:
    """The night before publication: dateparser reads "yesterday 18:00" and "today 06:00"."""
    base = datetime.combine(published, time(23, 59))
    start, _ = _parse("yesterday 18:00", base)
    end, _ = _parse("today 06:00", base)
    if start is None or end is None:  # pragma: no cover - dateparser reads both
        return None, None, "unresolved"
    return start.isoformat(timespec="minutes"), end.isoformat(timespec="minutes"), "range"


def normalize_expression(text: str, published: date | None) -> tuple[str | None, str | None, Granularity]:
    """(value_start, value_end, granularity) of one expression relative to the publication day."""
    value = _normalize_one(text, published)
    if value[2] == "unresolved":
        return _normalize_range(text, published) or value
    return value


def _normalize_range(text: str, published: date | None) -> tuple[str, str, Granularity] | None:
    """"February-March 2022": from the start of the first to the end of the second (year shared)."""
    match = _RANGE.match(_LEAD.sub("", text.strip()).strip(" ,."))
    if not match:
        return None
    first, second = match.group(1).strip(), match.group(2).strip()
    if re.fullmatch(r"\d{1,2}", second) and re.search(r"\b\d{1,2}$", first):  # "June 6-7"
        second = re.sub(r"\d{1,2}$", second, first)
    year = _YEAR_END.search(second)
    if year and not _YEAR_END.search(first):
        first = f"{first} {year.group(0)}"
    start, _, kind_1 = _normalize_one(first, published)
    _, end, kind_2 = _normalize_one(second, published)
    usable = {"day", "week", "month", "year", "time", "range"}
    if start is None or end is None or kind_1 not in usable or kind_2 not in usable or start > end:
        return None
    return start, end, "range"


def _normalize_one(text: str, published: date | None) -> tuple[str | None, str | None, Granularity]:
    core = _LEAD.sub("", _LOCAL_TIME.sub("", text.strip())).strip(" ,.")
    core = _OCLOCK.sub(_clock_words, core)
    core = _MILITARY_TIME.sub(r"\1:\2", core)
    decade = re.fullmatch(r"((?:19|20)\d)0[’']?s", core)
    if decade:  # "the 1990s" (dateparser reads a number of seconds)
        return f"{decade.group(1)}0-01-01", f"{decade.group(1)}9-12-31", "range"
    if not core:
        return None, None, "unresolved"
    if published is not None:
        relative = _relative_period(core, published)
        if relative is not None:
            return relative
    if _DURATION.match(core) or _RECURRING.match(core):
        return None, None, "duration"
    if _OVERNIGHT.fullmatch(core):
        return _overnight(published) if published else (None, None, "unresolved")
    core = re.sub(r"^(?:earlier|later)\s+", "", core, flags=re.IGNORECASE)
    core = re.sub(r"^this\s+(?=\w+day\b)", "", core, flags=re.IGNORECASE)  # "this Wednesday": the last one
    if _NUMBERS_ONLY.fullmatch(core) and not _plausible_year(core, published) \
            and not _ISO_DAY.fullmatch(core) and not re.fullmatch(r"\d\d:\d\d", core):
        return None, None, "unresolved"  # a count NER took for a date ("42", "2743", "6-7")
    if published is None:
        published_or_none = None
        # Only absolute expressions ("May 22, 2023") can be read without a publication date.
        if not re.search(r"\b\d{4}\b", core):
            return None, None, "unresolved"
        base = datetime(2100, 1, 1)
    else:
        published_or_none = published
        base = datetime.combine(published, time(23, 59))
        if _WEEKDAY.search(core):  # latest such weekday on or before publication (see module doc)
            base = datetime.combine(published + timedelta(days=1), time(0, 0))
    value, period = _parse(core, base)
    if value is None:
        return None, None, "unresolved"
    if published_or_none is None and period in ("day", "time", "part_of_day"):
        period = "day"
    return _period_range(value, period, core)


_RELATIVE_YEAR = re.compile(r"^([a-z]+)\s+(last|this|next) year$", re.IGNORECASE)
_SEASON = re.compile(r"^(?:(last|this|next)\s+)?(spring|summer|fall|autumn|winter)$", re.IGNORECASE)
_SEASON_MONTHS = {"spring": (3, 5), "summer": (6, 8), "fall": (9, 11), "autumn": (9, 11), "winter": (12, 2)}
_MONTH_NAMES = frozenset(
    name.lower() for name in (*calendar.month_name[1:], *calendar.month_abbr[1:])
)
_PAST = re.compile(r"^past\s+(year|month|week)$", re.IGNORECASE)
_PAST_DAYS = {"year": 365, "month": 30, "week": 7}


def _relative_period(core: str, published: date) -> tuple[str | None, str | None, Granularity] | None:
    """What dateparser cannot read: "March last year", "last fall", "the past year"."""
    offset = {"last": -1, "this": 0, "next": 1}
    month_year = _RELATIVE_YEAR.match(core)
    if month_year and month_year.group(1).lower() in _MONTH_NAMES:
        year = published.year + offset[month_year.group(2).lower()]
        try:
            value = datetime.strptime(f"{month_year.group(1)[:3]} {year}", "%b %Y")
        except ValueError:
            return None
        return _period_range(value, "month", core)
    season = _SEASON.match(core)
    if season:
        first, last = _SEASON_MONTHS[season.group(2).lower()]
        year = published.year + offset[(season.group(1) or "this").lower()]
        if season.group(1) is None and first > published.month and first != 12:
            year -= 1  # "in spring", said in February: last spring
        end_year = year + 1 if last < first else year
        end_day = calendar.monthrange(end_year, last)[1]
        return f"{year}-{first:02d}-01", f"{end_year}-{last:02d}-{end_day:02d}", "range"
    past = _PAST.match(core)
    if past:
        start = published - timedelta(days=_PAST_DAYS[past.group(1).lower()])
        return start.isoformat(), published.isoformat(), "range"
    return None


def _clock_words(match: re.Match[str]) -> str:
    word = match.group(1).lower()
    hour = _HOURS.index(word) + 1 if word in _HOURS else int(word)
    part = (match.group(2) or "").lower()
    return f"{hour}:00 {'pm' if part in ('afternoon', 'evening') else 'am'}"


def _plausible_year(core: str, published: date | None) -> bool:
    if not re.fullmatch(r"\d{4}", core):
        return False
    reference = published.year if published else date.today().year
    return reference - 100 <= int(core) <= reference + 1


_YEAR_AFTER = re.compile(r",?\s(?:19|20)\d\d\b")


def _with_year(text: str, start: int, end: int) -> tuple[int, int]:
    """"February 24" in "February 24, 2022" (NER sometimes stops before the year): take the year."""
    match = _YEAR_AFTER.match(text, end)
    return (start, match.end()) if match and not re.search(r"\d{4}", text[start:end]) else (start, end)


def _candidate_spans(doc: Any) -> list[tuple[int, int]]:
    spans = [_with_year(doc.text, e.start_char, e.end_char) for e in doc.ents if e.label_ in ("DATE", "TIME")]
    for match in _OVERNIGHT.finditer(doc.text):
        if not any(s <= match.start() < e for s, e in spans):
            spans.append((match.start(), match.end()))
    # a span inside a longer one ("2022" of "February 24, 2022") is not a separate expression
    return sorted({(s, e) for s, e in spans
                   if not any(s2 <= s and e <= e2 and (s2, e2) != (s, e) for s2, e2 in spans)})


def time_expressions(doc_id: str, doc: Any, published: str | None) -> list[TimeExpression]:
    """Every DATE/TIME expression of a spaCy Doc, normalised against the publication date.

    A clock time next to a date is one expression ("02:54 am on 6 June", "Tuesday night"); a clock
    time alone takes the day named in its own sentence or one of the three before ("... on 6 June. An
    earlier signal came at 02:35"), else the publication day.
    """
    spans = _joined(doc.text, _candidate_spans(doc), parse_published(published))
    return _anchor_clock_times(doc, expressions_at(doc_id, doc.text, spans, published))


# What may stand between a clock time and its date: "02:54 am on 6 June", "Tuesday night", "6 June, 2 am".
_JOIN = re.compile(r"\s*(?:,|on|at|of|in the)?\s*", re.IGNORECASE)


def _joined(text: str, spans: Sequence[tuple[int, int]], published: date | None) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if out and _joins(text, out[-1], (start, end), published):
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def _joins(text: str, left: tuple[int, int], right: tuple[int, int], published: date | None) -> bool:
    if right[0] - left[1] > 8 or not _JOIN.fullmatch(text[left[1]:right[0]]):
        return False
    first, second = text[left[0]:left[1]], text[right[0]:right[1]]
    if bool(_CLOCK.search(first)) == bool(_CLOCK.search(second)):  # a clock time and a date, nothing else
        return False
    try:
        return normalize_expression(text[left[0]:right[1]], published)[2] in ("time", "range")
    except (ValueError, OverflowError):  # pragma: no cover - dateparser on odd input
        return False


_ANCHOR_SENTENCES = 3


def _anchor_clock_times(doc: Any, found: list[TimeExpression]) -> list[TimeExpression]:
    starts = sorted(sent.start_char for sent in doc.sents)
    out: list[TimeExpression] = []
    for expression in found:
        day = None
        if expression.granularity == "time" and not _DAY_WORDS.search(expression.span.text):
            day = _day_before(expression, out, starts)
        if day and expression.value_start:
            stamp = day + expression.value_start[10:]
            expression = TimeExpression(expression.doc_id, expression.span, stamp, stamp, "time")
        out.append(expression)
    return out


def _day_before(
    expression: TimeExpression, earlier: Sequence[TimeExpression], starts: Sequence[int]
) -> str | None:
    """The day of the last expression naming a day in the same sentence or the `_ANCHOR_SENTENCES` before."""
    index = bisect.bisect_right(starts, expression.span.start) - 1
    floor = starts[max(index - _ANCHOR_SENTENCES, 0)] if starts else 0
    for other in reversed(earlier):
        if other.span.start < floor:
            return None
        if other.granularity in ("day", "time") and _DAY_WORDS.search(other.span.text) and other.date:
            return other.date
    return None


def expressions_at(
    doc_id: str, text: str, spans: Iterable[tuple[int, int]], published: str | None
) -> list[TimeExpression]:
    """Normalise the expressions `text[start:end]` (spans found by NER or given by a caller)."""
    day = parse_published(published)
    out = []
    for start, end in spans:
        surface = text[start:end]
        try:
            value_start, value_end, granularity = normalize_expression(surface, day)
        except (ValueError, OverflowError) as exc:  # dateparser on odd input
            log.debug("cannot normalise %r: %s", surface, exc)
            value_start, value_end, granularity = None, None, "unresolved"
        if granularity == "day" and value_start and value_end and names_a_coming_day(text, start, end):
            value_start, value_end = _week_later(value_start), _week_later(value_end)
        out.append(TimeExpression(doc_id, Span(start, end, surface), value_start, value_end, granularity))
    return out


def _week_later(stamp: str) -> str:
    return (date.fromisoformat(stamp[:10]) + timedelta(days=7)).isoformat() + stamp[10:]


def find_time_expressions(
    doc_id: str, text: str, published: str | None, nlp: Any = None
) -> list[TimeExpression]:
    """Run spaCy NER over `text` and normalise its time expressions (loads the base model if needed)."""
    if nlp is None:
        from claimledger.extract.geo import base_nlp

        nlp = base_nlp()
    return time_expressions(doc_id, nlp(text), published)


def dated(expressions: Sequence[TimeExpression]) -> list[TimeExpression]:
    """The expressions that carry a value (not durations or unresolved ones)."""
    return [e for e in expressions if e.value_start is not None]


_LOCATOR_DATE = re.compile(r"(?<!\d)(20\d\d|19\d\d)[-/_.]?(0[1-9]|1[0-2])[-/_.]?(0[1-9]|[12]\d|3[01])(?!\d)")
_LOCATOR_MONTH = re.compile(
    r"/(20\d\d)/(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*/(\d\d?)/", re.IGNORECASE
)
# a compact timestamp: "/news/20230606045059993/" is 2023-06-06 04:50:59.993
_LOCATOR_STAMP = re.compile(r"(?<!\d)(20\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?:[01]\d|2[0-3])[0-5]\d")
_LOCATOR_DMY = re.compile(r"(?<![\d/])(0[1-9]|[12]\d|3[01])[-_.](0[1-9]|1[0-2])[-_.](20\d\d)(?!\d)")


def date_from_locator(document: Document) -> str | None:
    """A publication date written in the document's URL or file name ("/2023/05/23/", "/2023/jun/07/",
    "cnn-2023-05-23-belgorod.txt", "...-statement-12-06-2023.html", "/news/20230606045059993/"), for
    documents whose page gave none.
    YYYY-MM-DD or None."""
    for where in (document.url, document.source_path):
        if not where:
            continue
        match = _LOCATOR_DATE.search(where) or _LOCATOR_STAMP.search(where)
        day_first = _LOCATOR_DMY.search(where)
        if match:
            candidate = "-".join(match.groups())
        elif day_first:
            candidate = "-".join(reversed(day_first.groups()))
        else:
            month = _LOCATOR_MONTH.search(where)
            if not month:
                continue
            number = "janfebmaraprmayjunjulaugsepoctnovdec".index(month.group(2).lower()) // 3 + 1
            candidate = f"{month.group(1)}-{number:02d}-{int(month.group(3)):02d}"
        try:
            return date.fromisoformat(candidate).isoformat()
        except ValueError:
            continue
    return None
