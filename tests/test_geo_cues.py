"""Geocoding wave 4: what the words around a name say ("Buffalo, New York", "Ohio, New York and Texas",
"New York state"), AP and all-caps abbreviations, places inside organisation names, country and admin1
points."""

from __future__ import annotations

import pytest

from claimledger.extract import geo
from claimledger.extract.geo import (
    Gazetteer,
    Place,
    Resolution,
    Resolver,
    _country_point,
    default_resolver,
    haversine_km,
)

US, GB = "US", "GB"


def _place(name: str, kind: geo.PlaceKind, lat: float, lon: float, country: str | None, code: str | None,
           pop: int) -> Place:
    admin = name if kind == "admin1" else None
    return Place(name, kind, lat, lon, country=country, admin1=admin, admin1_code=code, population=pop)


def _gazetteer() -> Gazetteer:
    gaz = Gazetteer()
    entries: list[tuple[Place, list[str]]] = [
        (_place("United States", "country", 39.8, -98.5, US, None, 330_000_000), ["United States", "US"]),
        (_place("United Kingdom", "country", 54.0, -2.0, GB, None, 66_000_000), ["United Kingdom", "UK"]),
        (_place("Mexico", "country", 23.0, -102.0, "MX", None, 126_000_000), ["Mexico"]),
        (_place("New York", "admin1", 43.0, -75.5, US, "US.NY", 19_000_000), ["New York"]),
        (_place("Texas", "admin1", 31.3, -98.5, US, "US.TX", 29_000_000), ["Texas"]),
        (_place("Ohio", "admin1", 40.4, -82.7, US, "US.OH", 11_700_000), ["Ohio"]),
        (_place("Illinois", "admin1", 40.0, -89.2, US, "US.IL", 12_800_000), ["Illinois"]),
        (_place("Missouri", "admin1", 38.4, -92.5, US, "US.MO", 6_100_000), ["Missouri"]),
        (_place("Washington", "admin1", 47.3, -120.2, US, "US.WA", 7_700_000), ["Washington"]),
        (_place("South Carolina", "admin1", 33.8, -81.0, US, "US.SC", 5_100_000), ["South Carolina"]),
        (_place("England", "admin1", 52.5, -1.3, GB, "GB.ENG", 56_000_000), ["England"]),
        (_place("Scotland", "admin1", 56.8, -4.1, GB, "GB.SCT", 5_400_000), ["Scotland"]),
        (_place("Surrey", "admin2", 51.25, -0.45, GB, "GB.ENG", 1_200_000), ["Surrey"]),
        (_place("Fife", "admin2", 56.2, -3.1, GB, "GB.SCT", 370_000), ["Fife"]),
        (_place("New York City", "city", 40.71, -74.01, US, "US.NY", 8_800_000),
         ["New York City", "New York"]),
        (_place("Buffalo", "city", 42.89, -78.88, US, "US.NY", 278_000), ["Buffalo"]),
        (_place("Brooklyn", "city", 40.65, -73.95, US, "US.NY", 2_600_000), ["Brooklyn"]),
        (_place("Boston", "city", 42.36, -71.06, US, "US.MA", 675_000), ["Boston"]),
        (_place("Washington", "city", 38.9, -77.04, US, "US.DC", 690_000), ["Washington"]),
        (_place("Riverside", "city", 38.3, -90.5, US, "US.MO", 3_000), ["Riverside", "Illinois"]),
        (_place("Guildford", "city", 51.24, -0.57, GB, "GB.ENG", 77_000), ["Guildford"]),
        (_place("Guildford", "city", 49.19, -122.8, "CA", "CA.02", 25_000), ["Guildford"]),
        (_place("Surrey", "city", 49.1, -122.8, "CA", "CA.02", 517_000), ["Surrey"]),
        (_place("Santa Cruz", "city", 28.47, -16.25, "ES", "ES.53", 200_000), ["Santa Cruz", "SC"]),
        (_place("Cairo", "city", 30.04, 31.24, "EG", "EG.11", 9_000_000), ["Cairo"]),
        (_place("Tokyo", "city", 35.69, 139.69, "JP", "JP.40", 9_700_000), ["Tokyo"]),
    ]
    for place, names in entries:
        gaz.add(place, names, [place.name])
        if place.kind == "country" and place.country:
            gaz.countries[place.country] = place
        if place.kind == "admin1" and place.admin1_code:
            gaz.admin1[place.admin1_code] = place
    gaz.add(gaz.countries[GB], ["British"], ["British"])  # a demonym, as the default gazetteer has them
    gaz.abbreviations["wash."].append(gaz.admin1["US.WA"])
    gaz.abbreviations["sc"].append(gaz.admin1["US.SC"])
    gaz.add(_place("Vaše", "city", 45.9, 15.0, "SI", "SI.00", 600), ["Wash"])
    return gaz


@pytest.fixture(scope="module")
def resolver() -> Resolver:
    return Resolver(_gazetteer())


def _resolve(resolver: Resolver, text: str, *names: str) -> dict[str, Resolution]:
    spans, start = [], 0
    for name in names:
        begin = text.index(name, start)
        spans.append((begin, begin + len(name)))
        start = begin + len(name)
    return dict(zip(names, resolver.resolve_document(text, spans), strict=True))


def _kind(res: Resolution) -> str | None:
    return res.place.kind if res.place else None


def test_a_bare_name_stays_the_city(resolver: Resolver) -> None:
    text = "Prices rose in New York on Monday."
    assert _kind(_resolve(resolver, text, "New York")["New York"]) == "city"


def test_town_then_region_reads_the_region_that_holds_the_town(resolver: Resolver) -> None:
    text = "A girl from Buffalo, New York died of the flu."
    res = _resolve(resolver, text, "Buffalo", "New York")
    assert res["New York"].place is not None and res["New York"].place.kind == "admin1"
    assert res["Buffalo"].place is not None and res["Buffalo"].place.admin1_code == "US.NY"


def test_a_district_then_its_city_reads_the_city(resolver: Resolver) -> None:
    text = "Students at a school in Brooklyn, New York fell ill."
    res = _resolve(resolver, text, "Brooklyn", "New York")["New York"]
    assert res.place is not None and res.place.name == "New York City"


def test_two_regions_in_a_row_are_a_list_not_a_town_in_a_region(resolver: Resolver) -> None:
    text = "Cases were found in Illinois, Missouri and Ohio."
    res = _resolve(resolver, text, "Illinois", "Missouri", "Ohio")
    assert res["Illinois"].place is not None and res["Illinois"].place.kind == "admin1"
    assert res["Missouri"].place is not None and res["Missouri"].place.kind == "admin1"


def test_a_chain_of_regions_agrees_with_itself(resolver: Resolver) -> None:
    text = "The lab is near Guildford, Surrey, UK, officials said."
    res = _resolve(resolver, text, "Guildford", "Surrey", "UK")
    assert res["Guildford"].country == GB and res["Surrey"].country == GB
    assert _kind(res["Surrey"]) == "admin2"


def test_a_list_of_states_makes_new_york_the_state(resolver: Resolver) -> None:
    text = "Outbreaks hit Ohio, New York and Texas this week."
    assert _kind(_resolve(resolver, text, "Ohio", "New York", "Texas")["New York"]) == "admin1"


def test_most_of_a_list_decides(resolver: Resolver) -> None:
    text = "People fell ill in Boston, New York, Ohio and Texas."
    assert _kind(_resolve(resolver, text, "Boston", "New York", "Ohio", "Texas")["New York"]) == "admin1"


def test_a_list_of_cities_keeps_the_cities(resolver: Resolver) -> None:
    text = "After stops in Washington, New York and Boston, the prince flew home."
    res = _resolve(resolver, text, "Washington", "New York", "Boston")
    assert _kind(res["Washington"]) == "city" and _kind(res["New York"]) == "city"


@pytest.mark.parametrize("text", [
    "The New York state governor declared an emergency. Three people died in New York since April.",
    "The governor of New York declared an emergency. Three people died in New York since April.",
    "New York Governor Andrew Cuomo declared an emergency. Three people died in New York since April.",
])
def test_state_words_pick_the_state_in_every_mention(resolver: Resolver, text: str) -> None:
    first = text.index("New York")
    second = text.index("New York", first + 1)
    results = resolver.resolve_document(text, [(first, first + 8), (second, second + 8)])
    assert [_kind(r) for r in results] == ["admin1", "admin1"]


def test_dotted_abbreviation_beats_a_town_with_that_name(resolver: Resolver) -> None:
    assert [p.name for p in resolver.gazetteer.lookup("Wash.")] == ["Washington"]
    assert any(p.name == "Vaše" for p in resolver.gazetteer.lookup("Wash"))
    text = "CAMP MURRAY, Wash. - The team trained here."
    assert _resolve(resolver, text, "Wash.")["Wash."].place == resolver.gazetteer.admin1["US.WA"]


def test_all_caps_abbreviation_competes_with_towns_by_context(resolver: Resolver) -> None:
    text = "HORRY COUNTY, SC - A homeless man in the United States was helped."
    res = _resolve(resolver, text, "SC", "United States")["SC"]
    assert res.place is not None and res.place.name == "South Carolina"


def test_a_country_inside_an_organisation_name_even_when_towns_are_named(resolver: Resolver) -> None:
    text = "Officials in Boston praised the Bank of Mexico for its autonomy."
    res = _resolve(resolver, text, "Boston", "Bank of Mexico")["Bank of Mexico"]
    assert res.status == "unresolved" and res.resolution == "name_part"
    assert res.within is not None and res.within.country == "MX" and res.lat is None


def test_a_demonym_inside_a_name_is_not_where_it_is(resolver: Resolver) -> None:
    text = "Pupils of the British International School toured Cairo."
    res = _resolve(resolver, text, "British International School", "Cairo")["British International School"]
    assert res.resolution == "context" and res.within is not None and res.within.name == "Cairo"


def test_an_embassy_is_not_in_its_country(resolver: Resolver) -> None:
    text = "A spokesman at the British Embassy Tokyo said so."
    res = _resolve(resolver, text, "British Embassy Tokyo")["British Embassy Tokyo"]
    assert res.within is not None and res.within.name == "Tokyo"


def test_an_unknown_place_is_within_the_place_named_right_after_it(resolver: Resolver) -> None:
    text = "A swan died in the village of Cellardyke in Fife, Scotland, and in England."
    res = _resolve(resolver, text, "Cellardyke", "Fife", "Scotland", "England")["Cellardyke"]
    assert res.status == "unresolved" and res.resolution == "context"
    assert res.within is not None and res.within.name == "Fife" and res.precision == 3


def _square(lat: float, lon: float, half: float = 1.0) -> dict[str, object]:
    ring = [[lon - half, lat - half], [lon + half, lat - half], [lon + half, lat + half],
            [lon - half, lat + half]]
    return {"features": [{"geometry": {"type": "Polygon", "coordinates": [ring]}}]}


def test_country_point_leans_to_the_landmass_but_stays_within_tolerance() -> None:
    shape = _square(41.0, 11.0)
    assert _country_point(shape, 41.0, 10.0) == (41.0, 10.0)  # 84 km away: kept
    lat, lon = _country_point(shape, 41.0, 8.5)  # 210 km away: halfway
    assert haversine_km(41.0, 8.5, lat, lon) == pytest.approx(105, abs=3)
    lat, lon = _country_point(shape, 41.0, 4.0)  # 587 km away: 150 km toward it
    assert haversine_km(41.0, 4.0, lat, lon) == pytest.approx(150, abs=3)
    assert haversine_km(41.0, 4.0, lat, lon) < geo.NEAR_KM


def test_admin1_point_from_the_data_file_unless_it_is_a_geocoded_city(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(geo, "_admin1_points", lambda: {"XX-A": (10.0, 10.0)})
    spread = [(10.0, 10.05, 500_000), (12.0, 12.0, 1_000), (13.0, 13.0, 1_000), (11.5, 12.5, 1_000)]
    compact = [(10.0, 10.05, 500_000), (10.1, 10.1, 1_000), (10.05, 9.95, 1_000), (12.0, 12.0, 1_000)]
    assert geo._admin1_point("XX-B", (12.0, 12.0), spread) == (12.0, 12.0)  # not listed: box middle
    assert geo._admin1_point("XX-A", (10.3, 10.3), spread) == (10.0, 10.0)  # near the box: listed point
    assert geo._admin1_point("XX-A", (12.0, 12.0), spread) == (12.0, 12.0)  # on a town of a wide region
    assert geo._admin1_point("XX-A", (12.0, 12.0), compact) == (10.0, 10.0)  # a region that is its city


def test_admin1_points_file_is_read() -> None:
    points = geo._admin1_points()
    assert len(points) > 3000
    assert haversine_km(*points["AU-QLD"], -22.2, 144.6) < 50
    assert all(-90 <= lat <= 90 and -180 <= lon <= 180 for lat, lon in points.values())


# --- the default gazetteer (built from PyPI packages once; cached on disk) ---


@pytest.mark.parametrize(("name", "country"), [("Bosnian", "BA"), ("Serb", "RS"), ("Zaire", "CD")])
def test_demonyms_and_old_names(name: str, country: str) -> None:
    res = default_resolver().resolve(name)
    assert res.status == "resolved" and res.country == country, name


def test_canada_point_is_near_the_factbook_point() -> None:
    place = default_resolver().resolve("Canada").place
    assert place is not None and haversine_km(place.lat, place.lon, 60.0, -95.0) < geo.NEAR_KM
