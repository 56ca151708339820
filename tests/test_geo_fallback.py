"""Geocoding wave 3: context fallback for names the gazetteer lacks, names inside names, admin2 regions,
AP abbreviations and regional demonyms, country points, and the "Georgia" country/state choice."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimledger.extract.geo import (
    FALLBACKS,
    Gazetteer,
    Place,
    Resolver,
    _middle_longitude,
    _ring_centroid,
    default_resolver,
    haversine_km,
    load_geonames_dump,
)

from .conftest import geonames_row as row

TINY_DUMP = "\n".join([
    row(2017370, "Russia", "Russian Federation", 60.0, 100.0, "A", "PCLI", "RU", "00", 140_000_000),
    row(578071, "Belgorod Oblast", "", 50.75, 37.25, "A", "ADM1", "RU", "09", 1_500_000),
    row(578072, "Belgorod", "", 50.61, 36.58, "P", "PPLA", "RU", "09", 356_000),
    row(900010, "Shebekino", "", 50.41, 36.89, "P", "PPLA2", "RU", "09", 40_000),
    row(900011, "Valuyki", "", 50.21, 38.10, "P", "PPLA2", "RU", "09", 33_000),
]) + "\n"


@pytest.fixture
def tiny(tmp_path: Path) -> Resolver:
    path = tmp_path / "RU.txt"
    path.write_text(TINY_DUMP, encoding="utf-8")
    return Resolver(load_geonames_dump(path))


def _spans(text: str, *names: str) -> list[tuple[int, int]]:
    return [(text.index(n), text.index(n) + len(n)) for n in names]


def test_unknown_street_is_placed_at_the_nearest_town_and_marked(tiny: Resolver) -> None:
    text = "Shells hit Valuyki on Monday. In Shebekino, a blast damaged Lenin Street and the market."
    res = tiny.resolve_document(text, _spans(text, "Valuyki", "Shebekino", "Lenin Street"))
    street = res[2]
    assert street.status == "unresolved" and street.resolution == "context"
    assert street.lat is None and street.lon is None  # never a point of its own, never 0,0
    assert street.within is not None and street.within.name == "Shebekino"  # the nearest town named
    assert street.precision == 3
    assert street.to_json()["resolution"] == "context"
    assert res[0].resolution == "gazetteer" and res[0].status == "resolved"


def test_admin_named_after_the_name_beats_the_nearest_town(tiny: Resolver) -> None:
    text = "Belgorod was calm, but Glotovo in the Belgorod region came under fire."
    res = tiny.resolve_document(text, _spans(text, "Belgorod", "Glotovo"))[1]
    assert res.resolution == "context" and res.within is not None and res.within.kind == "admin1"


def test_a_place_inside_the_name_when_the_text_names_no_town(tiny: Resolver) -> None:
    text = "Students of the Belgorod State Technological University protested."
    res = tiny.resolve_document(text, _spans(text, "Belgorod State Technological University"))[0]
    assert res.status == "unresolved" and res.resolution == "name_part"
    assert res.within is not None and res.within.name == "Belgorod"
    assert res.resolution in FALLBACKS


def test_nothing_known_stays_unresolved_without_a_point(tiny: Resolver) -> None:
    res = tiny.resolve("Atlantis")
    assert res.status == "unresolved" and res.resolution == "none" and res.within is None
    assert res.precision is None and res.to_json()["lat"] is None


def test_ring_centroid_of_a_square() -> None:
    area, lat, lon = _ring_centroid([[10.0, 40.0], [12.0, 40.0], [12.0, 42.0], [10.0, 42.0]])
    assert area == pytest.approx(4.0) and lat == pytest.approx(41.0) and lon == pytest.approx(11.0)


@given(st.lists(st.floats(min_value=-180, max_value=180), min_size=1, max_size=20))
def test_middle_longitude_is_a_longitude_inside_the_narrow_box(lons: list[float]) -> None:
    middle = _middle_longitude(lons)
    assert -180.0 <= middle <= 180.0
    shifted = [x + 360 if x < 0 else x for x in lons]
    half_width = min(max(lons) - min(lons), max(shifted) - min(shifted)) / 2
    assert all(min(abs(x - middle), 360 - abs(x - middle)) <= half_width + 1e-6 for x in lons)


def test_middle_longitude_across_the_antimeridian() -> None:
    assert abs(_middle_longitude([179.0, -179.0])) == pytest.approx(180.0)  # Fiji, not Greenwich


def test_admin2_loses_to_its_namesake_town_unless_the_text_says_county() -> None:
    gaz = Gazetteer()
    town = Place("Pandi", "city", 14.87, 120.95, country="PH", admin1_code="PH.03", population=66_000)
    county = Place("Pandi", "admin2", 14.9, 121.0, country="PH", admin1_code="PH.03", population=70_000)
    gaz.add(town, ["Pandi"], ["Pandi"])
    gaz.add(county, ["Pandi"], ["Pandi"])
    assert Resolver(gaz).resolve("Pandi").place is town


# --- the default gazetteer (built from PyPI packages once; cached on disk) ---


@pytest.mark.parametrize(("name", "kind", "country", "admin1"), [
    ("Calif.", "admin1", "US", "California"),
    ("B.C.", "admin1", "CA", "British Columbia"),
    ("N.Y.", "admin1", "US", "New York"),
    ("NYC", "city", "US", None),
    ("Soviet Union", "country", "RU", None),
    ("English", "admin1", "GB", "England"),
    ("Suffolk County", "admin2", "US", "New York"),
])
def test_abbreviations_demonyms_and_counties(name: str, kind: str, country: str, admin1: str | None) -> None:
    text = f"Officials in {name} and in the state of New York said so."
    res = default_resolver().resolve_document(text, _spans(text, name, "New York"))[0]
    assert res.status == "resolved" and res.place is not None, name
    assert res.place.kind == kind and res.country == country, name
    if admin1:
        assert res.admin1 == admin1


def test_a_county_name_several_states_share_is_ambiguous() -> None:
    res = default_resolver().resolve("Suffolk County")
    assert res.status == "ambiguous" and res.lat is None
    assert {c.admin1 for c in res.candidates} >= {"New York", "Massachusetts"}


def test_la_without_a_dot_is_no_state_abbreviation() -> None:
    res = default_resolver().resolve("La")
    assert res.place is None or res.place.name != "Louisiana"


def test_georgia_follows_the_document() -> None:
    resolver = default_resolver()
    us = "Health officials in Atlanta and Savannah, Georgia, and in Texas reported new cases."
    caucasus = "Tbilisi and Batumi reported cases; Georgia borders Armenia and Azerbaijan."
    state = resolver.resolve_document(us, _spans(us, "Atlanta", "Savannah", "Georgia", "Texas"))[2]
    names = ("Tbilisi", "Batumi", "Georgia", "Armenia")
    country = resolver.resolve_document(caucasus, _spans(caucasus, *names))[2]
    assert state.place is not None and state.place.kind == "admin1" and state.country == "US"
    assert country.place is not None and country.place.kind == "country" and country.country == "GE"


def test_county_in_a_british_story() -> None:
    text = "Flooding closed roads in Kent, England, and trains to London were cancelled."
    res = default_resolver().resolve_document(text, _spans(text, "Kent", "England", "London"))[0]
    assert res.place is not None and res.country == "GB"
    assert haversine_km(res.place.lat, res.place.lon, 51.2, 0.7) < 100


def test_country_points_are_near_the_reference_points() -> None:
    for name, lat, lon in (("India", 22.0, 79.0), ("China", 35.0, 104.0), ("United States", 39.76, -98.5)):
        place = default_resolver().resolve(name).place
        assert place is not None and haversine_km(place.lat, place.lon, lat, lon) < 161, name
