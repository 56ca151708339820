"""QuantityComponent and the number parser."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from spacy.language import Language
from spacy.tokens import Doc

from claimledger.extract.quantities import QuantityComponent, parse_number
from claimledger.models import Attribution, Quantity, Span
from claimledger.nlp.extensions import register_extensions
from claimledger.nlp.pipeline import _load_base

from .conftest import seed_body


@pytest.fixture(scope="module")
def nlp() -> Language:
    register_extensions()
    return _load_base()


def quantities(nlp: Language, text: str, attributions: list[Attribution] | None = None) -> list[Quantity]:
    doc = nlp(text)
    doc._.doc_id = "doc_test"
    doc._.cl_attributions = attributions or []
    QuantityComponent()(doc)
    found: list[Quantity] = doc._.cl_quantities
    for q in found:
        assert text[q.span.start : q.span.end] == q.span.text
        assert q.id == Quantity.make_id("doc_test", q.span.start, q.span.end)
    return found


def one(found: list[Quantity], text: str) -> Quantity:
    matches = [q for q in found if q.span.text == text]
    assert matches, f"no quantity {text!r} in {[q.span.text for q in found]}"
    return matches[0]


# ------------------------------------------------------------------------------------------- parser


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,457", 1457),
        ("17,000", 17000),
        ("2.5", 2.5),
        ("2.5 million", 2_500_000),
        ("3bn", 3e9),
        ("two", 2),
        ("Nine", 9),
        ("twenty-one", 21),
        ("three hundred and five", 305),
        ("a hundred", 100),
        ("a dozen", 12),
        ("dozen", 12),
        ("one thousand two hundred", 1200),
    ],
)
def test_parse_number(text: str, value: float) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize(
    "text", ["", "  ", "first", "hello", "02:50", "10-12", "and", "two two", "1,45", "-"]
)
def test_parse_number_rejects(text: str) -> None:
    assert parse_number(text) is None


@given(st.text(max_size=40))
def test_parse_number_never_raises(text: str) -> None:
    result = parse_number(text)
    assert result is None or isinstance(result, float)


@given(st.integers(min_value=0, max_value=10**12))
def test_parse_number_round_trips_digits(n: int) -> None:
    assert parse_number(str(n)) == n
    assert parse_number(f"{n:,}") == n


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=0, max_value=99))
def test_parse_number_round_trips_decimals(whole: int, frac: int) -> None:
    assert parse_number(f"{whole}.{frac:02d}") == pytest.approx(whole + frac / 100)


# ------------------------------------------------------------------------------------------- component


@pytest.mark.parametrize(
    ("text", "span", "value", "category", "qualifier"),
    [
        ("Drones hit the area, causing two houses to catch fire.", "two houses", 2, "buildings", None),
        ("On Tuesday night, drone attacks sent nine people to hospital.", "nine people", 9, "injured", None),
        (
            "One civilian from the village has died as a result of the fighting.",
            "One civilian",
            1,
            "killed",
            None,
        ),
        (
            "About 100 people were evacuated from the border settlements.",
            "About 100 people",
            100,
            "evacuated",
            "about",
        ),
        ("Six districts of the region were targeted.", "Six districts", 6, "districts", None),
        (
            "He was one of about 200 Russian citizens currently fighting alongside Ukrainian troops.",
            "about 200 Russian citizens",
            200,
            "fighters",
            "about",
        ),
        ("Russian forces shelled the town, killing 6 civilians.", "6 civilians", 6, "killed", None),
        ("At least 10 people were wounded in the attack.", "At least 10 people", 10, "injured", "at least"),
        ("More than 30 soldiers crossed the border.", "More than 30 soldiers", 30, "fighters", "more than"),
        ("Nearly 40 residents were resettled.", "Nearly 40 residents", 40, "evacuated", "nearly"),
        ("Up to 12 tanks took part.", "Up to 12 tanks", 12, "vehicles", "up to"),
        ("Twelve people are still missing.", "Twelve people", 12, "missing", None),
        ("The ministry said 1,457 militants were eliminated.", "1,457 militants", 1457, "killed", None),
        ("Shoigu said the attackers had lost more than 70 fighters.", "more than 70 fighters", 70,
         "casualties", "more than"),
        ("Two of his fighters were killed and about ten wounded.", "about ten", 10, "injured", "about"),
        ("About 3,000 residents left the Grayvoron district.", "About 3,000 residents", 3000, "evacuated",
         "about"),
        ("Some 40 people left their homes overnight.", "Some 40 people", 40, "evacuated", "about"),
        ("Two people left a message.", "Two people", 2, "people", None),
        ("More than 70 Ukrainian terrorists were eliminated.", "More than 70 Ukrainian terrorists", 70,
         "killed", "more than"),
        ("Five pickups were destroyed.", "Five pickups", 5, "vehicles", None),
        ("Over 70 Ukrainian terrorists and five trucks were destroyed.", "Over 70 Ukrainian terrorists", 70,
         "killed", "more than"),
        ("His unit lost two men killed and about 10 wounded.", "two men", 2, "killed", None),
        ("His unit lost two men killed and about 10 wounded.", "about 10", 10, "injured", "about"),
        ("He said the group had lost two fighters, both killed, and a dozen wounded.", "two fighters", 2,
         "killed", None),
        ("Some 17,000 residents live in the area.", "Some 17,000 residents", 17000, "people", "about"),
        ("Two drones were shot down.", "Two drones", 2, "drones", None),
        ("The helicopters were downed, killing at least 13 airmen.", "at least 13 airmen", 13, "killed",
         "at least"),
        ("Five civilians were hurt.", "Five civilians", 5, "injured", None),
        ("They destroyed four armored vehicles.", "four armored vehicles", 4, "vehicles", None),
        ("Prices rose by 12%.", "12%", 12, "percent", None),
        ("The war has lasted 15 months.", "15 months", 15, "duration", None),
        ("Three civilians were detained by the attackers.", "Three civilians", 3, "captured", None),
        ("Officials reported ten deaths in the region.", "ten deaths", 10, "killed", None),
        ("Russian officials reported 29 fatalities.", "29 fatalities", 29, "killed", None),
        ("The authorities report seven missing due to the flooding.", "seven", 7, "missing", None),
        ("The number of casualties has now reached 16.", "16", 16, "casualties", None),
        ("He said the number of Armenian soldiers killed had risen to 105.", "105", 105, "killed", None),
        ("The water rose by 5.61 meters overnight.", "5.61 meters", 5.61, "distance", None),
        ("About 600 square kilometers were underwater.", "About 600 square kilometers", 600, "area", "about"),
    ],
)
def test_quantity_cases(
    nlp: Language, text: str, span: str, value: float, category: str, qualifier: str | None
) -> None:
    q = one(quantities(nlp, text), span)
    assert (q.value, q.category, q.qualifier) == (value, category, qualifier)


def test_bounds(nlp: Language) -> None:
    found = quantities(nlp, "At least 10 people died and up to 12 were hurt; about 50 were evacuated.")
    assert (found[0].low, found[0].high) == (10, None)
    assert (found[1].low, found[1].high) == (None, 12)
    assert (found[2].low, found[2].high) == (None, None)


@pytest.mark.parametrize(
    ("text", "span", "low", "high", "category"),
    [
        ("The shelling killed 10-12 civilians.", "10-12 civilians", 10, 12, "killed"),
        ("Between 5 and 8 houses burned down.", "Between 5 and 8 houses", 5, 8, "buildings"),
        ("Officials said 20 to 30 fighters were involved.", "20 to 30 fighters", 20, 30, "fighters"),
        ("Dozens of drones were launched.", "Dozens of drones", 24, 99, "drones"),
        ("Hundreds of troops massed near the border.", "Hundreds of troops", 200, 999, "fighters"),
    ],
)
def test_ranges_and_vague_numbers(
    nlp: Language, text: str, span: str, low: float, high: float, category: str
) -> None:
    q = one(quantities(nlp, text), span)
    assert (q.low, q.high, q.category, q.value) == (low, high, category, low)


def test_large_and_word_numbers(nlp: Language) -> None:
    found = quantities(nlp, "The damage reached 2.5 million dollars and twenty-one buses were lost.")
    assert one(found, "2.5 million dollars").value == 2_500_000
    assert one(found, "twenty-one buses").value == 21
    assert one(found, "twenty-one buses").category == "vehicles"


@pytest.mark.parametrize(
    "text",
    [
        "The attack began on May 22, 2014 at 02:50.",
        "The Black Sea peninsula was annexed in 2014.",
        "A 45-year-old man was questioned.",
        "The man, aged 61, was questioned.",
        "It was the first day of the war and the second attempt.",
        "One of its fighters spoke to CNN.",
        "No one was hurt.",
        "Formula 1 drivers and the 93rd Brigade were mentioned.",
        "He called at 3 p.m. on Monday.",
        "Evacuations 06-07 continued.",
        "Report 6-2023 was published.",
        "There is one thing we know.",
    ],
)
def test_skips_dates_times_ages_ordinals_and_names(nlp: Language, text: str) -> None:
    assert quantities(nlp, text) == []


def test_attribution_link(nlp: Language) -> None:
    text = "Two houses burned down. Nine people were sent to hospital, Gladkov said."
    start = text.index("Nine")
    end = text.index(", Gladkov")
    content = (Span(start, end, text[start:end]),)
    att = Attribution(
        id=Attribution.make_id("doc_test", content), doc_id="doc_test", kind="indirect", content=content
    )
    found = quantities(nlp, text, [att])
    assert one(found, "Two houses").attribution_id is None
    assert one(found, "Nine people").attribution_id == att.id


# ------------------------------------------------------------------------------------------------ seed


def seed_text() -> str:
    return seed_body()


def test_seed_quantities(nlp: Language) -> None:
    found = quantities(nlp, seed_text())
    got = {(q.span.text, q.value, q.category, q.qualifier) for q in found}
    assert {
        ("two houses", 2, "buildings", None),
        ("nine people", 9, "injured", None),
        ("One civilian", 1, "killed", None),
        ("six districts", 6, "districts", None),
        ("About 100 people", 100, "evacuated", "about"),
        ("about 200 Russian citizens", 200, "fighters", "about"),
    } <= got
    spans = [q.span.text for q in found]
    assert not any("2014" in s or "Tuesday" in s for s in spans)
    assert "one" not in [s.lower() for s in spans]  # "one of its fighters", "one of about 200"


def test_seed_component_in_doc(nlp: Language) -> None:
    doc: Doc = nlp(seed_text())
    doc._.doc_id = "doc_seed"
    QuantityComponent()(doc)
    assert all(q.doc_id == "doc_seed" for q in doc._.cl_quantities)
    assert [q.span.start for q in doc._.cl_quantities] == sorted(q.span.start for q in doc._.cl_quantities)


@pytest.mark.parametrize(("text", "fighters"), [
    ("two of his fighters", True), ("70 Ukrainian saboteurs", True), ("five gunmen", True), ("his men", True),
    ("12 servicemen", True), ("3 mercenaries", True), ("nine people", False), ("8 civilians", False),
    ("about 200 Russian citizens", False),
])  # fmt: skip
def test_counts_fighters_reads_the_extractors_fighter_nouns(text: str, fighters: bool) -> None:
    from claimledger.extract.quantities import counts_fighters

    assert counts_fighters(text) is fighters


def test_a_figure_in_a_claim_quoted_inside_a_statement_is_the_claims() -> None:
    from claimledger.extract.quantities import holding_statement

    text = "Kapustin said two died, far below Moscow's claim that 70 attackers had died."

    def att(source: str, cue: str, content: str, start_at: int = 0) -> Attribution:
        def at(needle: str) -> Span:
            i = text.index(needle, start_at)
            return Span(i, i + len(needle), needle)
        body = (at(content),)
        return Attribution(id=Attribution.make_id("d", body), doc_id="d", kind="indirect", content=body,
                           source=at(source), cue=at(cue))

    outer = att("Kapustin", "said", "two died, far below Moscow's claim that 70 attackers had died")
    inner = att("Moscow", "claim", "that 70 attackers had died")
    start = text.index("70")
    assert holding_statement(start, start + 2, [outer, inner]) is inner
    two = text.index("two")
    assert holding_statement(two, two + 3, [outer, inner]) is outer


@pytest.mark.parametrize(("text", "count", "part"), [
    ("The death toll rose to eight, including three children.", "three children", True),
    ("Donetsk governor Kyrylenko said the dead included three children.", "three children", True),
    ("Two of the children killed were 14-year-old twins.", "Two of the children", True),
    ("Three of the dead are children.", "Three of the dead", True),
    ("кількість загиблих зросла до 10 людей, серед них троє дітей", "троє", True),
    ("The death toll rose to eight, officials said.", "eight", False),
    ("the attackers had been routed and more than 70 of them killed", "more than 70", False),
])  # fmt: skip
def test_a_count_of_part_of_a_toll_is_no_toll(text: str, count: str, part: bool) -> None:
    from claimledger.extract.quantities import counts_a_part

    start = text.index(count)
    assert counts_a_part(text, start, start + len(count)) is part


def test_a_vague_count_of_vague_counts_is_one_count(nlp: Language) -> None:
    text = "Hundreds of thousands of people marched. Tens of thousands of protesters rallied in Lyon."
    found = quantities(nlp, text)
    hundreds = one(found, "Hundreds of thousands of people")
    assert (hundreds.value, hundreds.low, hundreds.high) == (200_000, 200_000, 999_000)
    assert hundreds.category == "people"
    tens = one(found, "Tens of thousands of protesters")
    assert (tens.low, tens.high) == (20_000, 99_000)
    assert not [q for q in found if q.span.text.startswith("thousands")]


def test_police_officers_are_people_and_an_armys_officers_are_not_counted_as_such(nlp: Language) -> None:
    text = "He said 149 police officers had been injured. The strike killed up to 50 officers."
    found = quantities(nlp, text)
    assert one(found, "149 police officers").category == "injured"
    assert one(found, "up to 50 officers").category == "other"
