"""Dates as ISO 8601 strings, exactly as precise as the source gave them (a date stays a date)."""

from __future__ import annotations

import logging
import re
from datetime import date, datetime

log = logging.getLogger(__name__)

_HAS_TIME = re.compile(r"\d{1,2}:\d{2}")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MIN_YEAR, _MAX_YEAR = 1990, 2100


def iso_date(value: object) -> str | None:
    """Normalise a date or datetime string to ISO 8601; None when it is missing or not a date.

    ISO input is kept as written (after validation); other formats go through dateparser, and come
    out as a datetime only when the input carried a time of day.
    """
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    iso = _from_iso(text)
    if iso is not None:
        return iso
    return _from_free_text(text)


def _from_iso(text: str) -> str | None:
    try:
        if _ISO_DATE.match(text):
            return date.fromisoformat(text).isoformat() if _plausible(int(text[:4])) else None
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00") if text.endswith("Z") else text)
    except ValueError:
        return None
    return parsed.isoformat() if _plausible(parsed.year) else None


def _from_free_text(text: str) -> str | None:
    if len(text) > 80 or not re.search(r"\d", text):
        return None
    import dateparser  # slow to import; only needed for non-ISO dates

    parsed = dateparser.parse(
        text, settings={"REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DAY_OF_MONTH": "first"}
    )
    if parsed is None or not _plausible(parsed.year):
        log.debug("not a date: %r", text)
        return None
    result: str = parsed.isoformat() if _HAS_TIME.search(text) else parsed.date().isoformat()
    return result


def _plausible(year: int) -> bool:
    return _MIN_YEAR <= year <= _MAX_YEAR
