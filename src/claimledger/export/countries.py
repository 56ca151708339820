"""ISO 3166 codes, names and ACLED regions of countries (from `countryinfo`)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from claimledger.extract.geo import parse_literal

# countryinfo sub-region -> ACLED region.
_ACLED_REGIONS: dict[str, str] = {
    "Western Africa": "Western Africa", "Middle Africa": "Middle Africa", "Eastern Africa": "Eastern Africa",
    "Southern Africa": "Southern Africa", "Northern Africa": "Northern Africa", "Southern Asia": "South Asia",
    "South-Eastern Asia": "Southeast Asia", "Eastern Asia": "East Asia", "Western Asia": "Middle East",
    "Central Asia": "Caucasus and Central Asia", "Central America": "Central America",
    "South America": "South America", "Caribbean": "Caribbean", "Northern America": "North America",
}
_CAUCASUS = {"AM", "AZ", "GE"}


@dataclass(frozen=True, slots=True)
class Country:
    alpha2: str
    alpha3: str
    numeric: int
    name: str
    region: str


@lru_cache(maxsize=1)
def _countries() -> dict[str, Country]:
    from countryinfo import CountryInfo

    out: dict[str, Country] = {}
    for info in CountryInfo.all().values():
        iso = parse_literal(info.get("ISO") or {})
        if not isinstance(iso, dict) or not iso.get("alpha2"):
            continue
        code = str(iso["alpha2"]).upper()
        region = str(info.get("region") or "")
        sub = str(info.get("subregion") or "")
        if code in _CAUCASUS:
            acled = "Caucasus and Central Asia"
        elif region in ("Europe", "Oceania"):
            acled = region
        else:
            acled = _ACLED_REGIONS.get(sub, region)
        numeric = str(iso.get("numeric") or "0")
        out[code] = Country(code, str(iso.get("alpha3") or code), int(numeric) if numeric.isdigit() else 0,
                            str(info.get("name") or code), acled)
    return out


def country(alpha2: str | None) -> Country | None:
    """The country of an ISO 3166-1 alpha-2 code (None if unknown)."""
    return _countries().get((alpha2 or "").upper())
