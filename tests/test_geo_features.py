"""Geocoding: natural features, UN subregions, former regions, local names after a region, the capital
prior and the document's country in the context fallback (default gazetteer)."""

from __future__ import annotations

from importlib.resources import files
from typing import Any

import pytest

from claimledger.extract.geo import (
    Place,
    Resolution,
    Resolver,
    _resource_rows,
    default_resolver,
    haversine_km,
)


def _resolve(text: str, names: list[str], resolver: Resolver | None = None) -> list[Resolution]:
    spans, pos = [], 0
    for name in names:
        start = text.index(name, pos)
        spans.append((start, start + len(name)))
        pos = start + len(name)
    return (resolver or default_resolver()).resolve_document(text, spans)


@pytest.mark.parametrize(("name", "lat", "lon"), [
    ("Java", -7.3, 110.0), ("Baltic Sea", 58.0, 20.0), ("Urals", 60.0, 60.0), ("Cauvery", 11.1, 79.8),
    ("Lake Erie", 42.2, -81.2), ("Sumatra", -0.5, 101.5),
])
def test_natural_features_resolve_to_their_point(name: str, lat: float, lon: float) -> None:
    res = default_resolver().resolve(name)
    assert res.status == "resolved" and res.place is not None and res.place.kind == "region"
    assert res.lat is not None and res.lon is not None
    assert haversine_km(res.lat, res.lon, lat, lon) < 50
    assert res.precision == 3


def test_un_subregions_sit_among_their_countries() -> None:
    south_asia = default_resolver().resolve("South Asia")
    assert south_asia.place is not None and south_asia.place.name == "Southern Asia"
    assert south_asia.lat is not None and south_asia.lon is not None
    assert haversine_km(south_asia.lat, south_asia.lon, 22.0, 78.0) < 500  # central India
    west = default_resolver().resolve("Western Europe")
    assert west.lat is not None and west.lon is not None
    assert haversine_km(west.lat, west.lon, 48.9, 2.35) < 600  # Paris


def test_former_regions_sit_at_their_former_capital() -> None:
    (nyanza, kenya) = _resolve("Cholera spread in Nyanza Province, Kenya.", ["Nyanza Province", "Kenya"])
    assert nyanza.status == "resolved" and nyanza.country == "KE" and nyanza.place is not None
    assert nyanza.place.kind == "admin1" and nyanza.lat is not None and nyanza.lon is not None
    assert haversine_km(nyanza.lat, nyanza.lon, -0.09, 34.77) < 30  # Kisumu
    assert kenya.country == "KE"
    assert default_resolver().resolve("Oppland").country == "NO"


def test_a_local_place_named_after_a_state_is_not_the_state() -> None:
    text = "Guests met at a restaurant in Washington Township, near Paterson, N.J., on Friday."
    township, paterson, _ = _resolve(text, ["Washington Township", "Paterson", "N.J."])
    assert township.status == "unresolved" and township.resolution == "context"
    assert township.within is not None and township.within.name == "Paterson"
    assert (township.lat, township.lon) == (None, None)
    assert paterson.status == "resolved"


def test_a_us_county_is_not_the_state_it_shares_a_name_with() -> None:
    resolver = default_resolver()
    assert not [p for p in resolver.gazetteer.lookup("Ohio County") if p.kind == "admin1"]
    county, _, _ = _resolve("Officials in Ohio County, Kentucky, said the storm hit Owensboro.",
                            ["Ohio County", "Kentucky", "Owensboro"])
    assert county.place is not None and county.place.kind == "admin2" and county.admin1 == "Kentucky"


def test_the_capital_of_a_country_the_story_names_beats_a_namesake_in_its_region() -> None:
    text = ("LONDON - Britain expelled Russian diplomats and England's police said Moscow must answer. "
            "In Washington, the U.S. backed Britain.")
    names = ["LONDON", "Britain", "Russian", "England", "Moscow", "Washington", "U.S.", "Britain"]
    washington = _resolve(text, names)[5]
    assert washington.status == "resolved" and washington.country == "US"
    # without the doubled prior, the English town of the story's region won
    class OldPrior(Resolver):
        def _capital_prior(self, place: Place, capitals: set[int], ctx: Any) -> float:
            return self.capital_bonus if id(place) in capitals else 0.0

    old = OldPrior(default_resolver().gazetteer)
    assert _resolve(text, names, old)[5].country == "GB"


def test_fallback_prefers_towns_of_the_country_the_story_is_about() -> None:
    text = ("Syrian forces shelled Douma near Damascus, Syria, and Idlib. "
            "Moscow said Syria's army would take Zarqoun.")
    names = ["Syrian", "Douma", "Damascus", "Syria", "Idlib", "Moscow", "Syria", "Zarqoun"]
    unknown = _resolve(text, names)[-1]
    assert unknown.status == "unresolved" and unknown.resolution == "context"
    assert unknown.within is not None and unknown.within.country == "SY"  # not Moscow, the nearest town


@pytest.mark.parametrize(("resource", "columns"), [("geo_features.tsv", 6), ("geo_former_regions.tsv", 4)])
def test_resource_files_are_small_licensed_and_well_formed(resource: str, columns: int) -> None:
    data = files("claimledger.resources").joinpath(resource).read_text(encoding="utf-8")
    assert len(data.encode()) < 5_000_000
    assert "CC0" in data.split("\nname\t", 1)[0]
    rows = _resource_rows(resource, columns)
    assert len(rows) > 20
    names = [r[0] for r in rows]
    assert len(names) == len(set(names))
    if columns == 6:
        for _, _, lat, lon, country, _ in rows:
            assert -90 <= float(lat) <= 90 and -180 <= float(lon) <= 180
            assert (float(lat), float(lon)) != (0.0, 0.0)
            assert country == "" or len(country) == 2


def test_city_and_greater_forms_of_a_city_name() -> None:
    resolver = default_resolver()
    quebec = _resolve("Trudeau spoke in Quebec City and then in Washington; the U.S. replied.",
                      ["Quebec City", "Washington", "U.S."])[0]
    assert quebec.status == "resolved" and quebec.country == "CA"
    mumbai = resolver.resolve("Greater Mumbai")
    assert mumbai.status == "resolved" and mumbai.country == "IN"
    assert mumbai.place is not None and "Mumbai" in mumbai.place.name
