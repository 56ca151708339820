"""Time expressions normalised against the publication date (dateparser, PREFER_DATES_FROM past)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimledger.extract.dates import (
    GRANULARITIES,
    TimeExpression,
    expressions_at,
    normalize_expression,
    parse_published,
)
from claimledger.models import Span

TUESDAY = date(2023, 5, 23)  # the seed article's publication day
FRIDAY_JUNE_9 = date(2023, 6, 9)  # the NORSAR report on the Kakhovka dam


@pytest.mark.parametrize(
    ("text", "published", "start", "end", "granularity"),
    [
        # Convention: a weekday name is the latest such day on or before publication (the day itself
        # when it is the publication weekday); dateparser alone would give 2023-05-16.
        ("on Tuesday", TUESDAY, "2023-05-23", "2023-05-23", "day"),
        ("early on Tuesday", TUESDAY, "2023-05-23", "2023-05-23", "day"),
        ("Wednesday", TUESDAY, "2023-05-17", "2023-05-17", "day"),
        ("this Wednesday", TUESDAY, "2023-05-17", "2023-05-17", "day"),
        ("Sunday night", TUESDAY, "2023-05-21T20:00", "2023-05-22T06:00", "range"),
        ("overnight", TUESDAY, "2023-05-22T18:00", "2023-05-23T06:00", "range"),
        ("last night", TUESDAY, "2023-05-22T18:00", "2023-05-23T06:00", "range"),
        ("last week", TUESDAY, "2023-05-15", "2023-05-21", "week"),
        ("May 22", TUESDAY, "2023-05-22", "2023-05-22", "day"),
        # a day and month without a year: the nearest such day, two weeks ahead rather than 50 weeks back
        ("June 6", TUESDAY, "2023-06-06", "2023-06-06", "day"),
        ("May 24", TUESDAY, "2023-05-24", "2023-05-24", "day"),
        ("November 30", TUESDAY, "2022-11-30", "2022-11-30", "day"),
        ("June 6, 2022", TUESDAY, "2022-06-06", "2022-06-06", "day"),
        ("earlier this year", TUESDAY, "2023-01-01", "2023-12-31", "year"),
        ("December", TUESDAY, "2022-12-01", "2022-12-31", "month"),
        ("2 a.m.", TUESDAY, "2023-05-23T02:00", "2023-05-23T02:00", "time"),
        ("May 22, 2023", TUESDAY, "2023-05-22", "2023-05-22", "day"),
        # clock times, periods and ranges (the NORSAR report, published on Friday 9 June)
        ("approximately 02:35 am", FRIDAY_JUNE_9, "2023-06-09T02:35", "2023-06-09T02:35", "time"),
        ("02:35 am (local time in Ukraine)", FRIDAY_JUNE_9, "2023-06-09T02:35", "2023-06-09T02:35", "time"),
        ("2:50 a.m. local time", FRIDAY_JUNE_9, "2023-06-09T02:50", "2023-06-09T02:50", "time"),
        ("about two o’clock in the morning", FRIDAY_JUNE_9, "2023-06-09T02:00", "2023-06-09T02:00", "time"),
        ("0230", FRIDAY_JUNE_9, "2023-06-09T02:30", "2023-06-09T02:30", "time"),
        ("02:54 am on 6 June", FRIDAY_JUNE_9, "2023-06-06T02:54", "2023-06-06T02:54", "time"),
        ("February-March 2022", FRIDAY_JUNE_9, "2022-02-01", "2022-03-31", "range"),
        ("Monday to Tuesday", FRIDAY_JUNE_9, "2023-06-05", "2023-06-06", "range"),
        ("between June 6 and June 8", FRIDAY_JUNE_9, "2023-06-06", "2023-06-08", "range"),
        ("June 6-7", FRIDAY_JUNE_9, "2023-06-06", "2023-06-07", "range"),
        ("the 1990s", FRIDAY_JUNE_9, "1990-01-01", "1999-12-31", "range"),
        ("March last year", FRIDAY_JUNE_9, "2022-03-01", "2022-03-31", "month"),
        ("last fall", FRIDAY_JUNE_9, "2022-09-01", "2022-11-30", "range"),
        ("this spring", FRIDAY_JUNE_9, "2023-03-01", "2023-05-31", "range"),
        ("last winter", FRIDAY_JUNE_9, "2022-12-01", "2023-02-28", "range"),
        ("the past year", FRIDAY_JUNE_9, "2022-06-09", "2023-06-09", "range"),
    ],
)
def test_normalisation_against_publication_day(
    text: str, published: date, start: str, end: str, granularity: str
) -> None:
    assert normalize_expression(text, published) == (start, end, granularity)


def test_june_6_in_a_kakhovka_article() -> None:
    assert normalize_expression("June 6", date(2023, 6, 7)) == ("2023-06-06", "2023-06-06", "day")
    assert normalize_expression("on June 6", date(2023, 6, 6)) == ("2023-06-06", "2023-06-06", "day")


@pytest.mark.parametrize("text", ["15 months", "hours", "daily", "two weeks"])
def test_durations_have_no_value(text: str) -> None:
    assert normalize_expression(text, TUESDAY) == (None, None, "duration")


@pytest.mark.parametrize("text", ["42", "2743", "the weekend", ""])
def test_counts_and_unreadable_are_unresolved(text: str) -> None:
    assert normalize_expression(text, TUESDAY) == (None, None, "unresolved")


def test_without_publication_date_only_absolute_dates_resolve() -> None:
    assert normalize_expression("on Tuesday", None) == (None, None, "unresolved")
    assert normalize_expression("overnight", None) == (None, None, "unresolved")
    assert normalize_expression("May 22, 2023", None) == ("2023-05-22", "2023-05-22", "day")


def test_expressions_keep_doc_id_and_offsets() -> None:
    text = "Drones hit two houses overnight, and on Tuesday night nine people were injured."
    spans = [(text.index("overnight"), text.index("overnight") + 9), (text.index("on Tuesday"), 47)]
    found = expressions_at("doc_1", text, spans, "2023-05-23T10:00:00")
    assert found[0] == TimeExpression(
        "doc_1", Span(22, 31, "overnight"), "2023-05-22T18:00", "2023-05-23T06:00", "range"
    )
    assert found[1].span.text == text[37:47] and found[1].date == "2023-05-23"
    assert found[1].to_json()["start"] == 37


def test_parse_published() -> None:
    assert parse_published("2023-05-23T10:00:00Z") == TUESDAY
    assert parse_published("yesterday") is None
    assert parse_published(None) is None


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=30))
def test_any_text_normalises_without_error(text: str) -> None:
    start, end, granularity = normalize_expression(text, TUESDAY)
    assert granularity in GRANULARITIES
    assert (start is None) == (end is None)
    if start is not None and end is not None:
        assert start[:10] <= end[:10]


def test_spacy_expressions_take_a_following_year_once() -> None:
    from claimledger.extract.dates import find_time_expressions
    from claimledger.extract.geo import base_nlp

    text = "On February 24, 2022 Russia launched an operation. On June 6 the dam broke overnight."
    found = find_time_expressions("d", text, "2023-06-07", base_nlp())
    assert [(t.span.text, t.date, t.granularity) for t in found] == [
        ("February 24, 2022", "2022-02-24", "day"),
        ("June 6", "2023-06-06", "day"),
        ("overnight", "2023-06-06", "range"),
    ]



@pytest.mark.parametrize("text", ["24-hour", "6-7", "2743", "84-year-old", "Mays last year"])
def test_counts_and_near_misses_are_not_dates(text: str) -> None:
    assert normalize_expression(text, FRIDAY_JUNE_9)[0] is None


def test_a_clock_time_takes_the_day_beside_it_or_the_day_named_before() -> None:
    from claimledger.extract.dates import find_time_expressions
    from claimledger.extract.geo import base_nlp

    text = ("Seismic signals indicate an explosion at the dam at 02:54 am on 6 June. Time and location "
            "coincide with media reports. The magnitude is between 1 and 2. Weak signals came from an "
            "earlier event at approximately 02:35 am. Officials met on Tuesday night.")
    found = find_time_expressions("d", text, "2023-06-09", base_nlp())
    values = {t.span.text: (t.value_start, t.granularity) for t in found}
    assert values["02:54 am on 6 June"] == ("2023-06-06T02:54", "time")
    assert values["approximately 02:35 am"] == ("2023-06-06T02:35", "time")
    assert values["Tuesday night"] == ("2023-06-06T20:00", "range")


def test_a_clock_time_without_a_day_nearby_keeps_the_publication_day() -> None:
    from claimledger.extract.dates import find_time_expressions
    from claimledger.extract.geo import base_nlp

    text = "The dam was hit on June 6. Water rose. Roads closed. Power failed. The alarm sounded at 2 a.m."
    found = find_time_expressions("d", text, "2023-06-09", base_nlp())
    assert [t.value_start for t in found if t.granularity == "time"] == ["2023-06-09T02:00"]
