"""Outlet profiles: country, language, ownership and state affiliation of each source host.

The default layer is the bundled State Media Profiles table (`resources/outlets`, MIT; state-affiliated
outlets only, with the State Media Monitor typology SC / CaPu / CaPr / ISFM / ISF / ISM / IP). A host is
matched exactly, then by its longest listed parent domain (`nauka.tass.ru` -> `tass.ru`), then by its
registrable domain (`tv.suspilne.media` is listed, `suspilne.media` is asked: same registrable domain,
taken when every listed host under it agrees). Telegram posts (`t.me/<channel>/<id>`) match the table's
Telegram links. Registrable domains come from tldextract's bundled public-suffix snapshot: never fetched.

Users override or add outlets with a file of their own: `--outlets FILE` on the commands that show
outlets, or the `CLAIMLEDGER_OUTLETS` environment variable (the option wins). The file is a CSV with a
`host` column and any of `name, country, language, typology, ownership, state_affiliation`, or a JSON or
TOML object `{"outlets": {"host": {field: value}}}`. A field left empty keeps the default value.
An outlet found nowhere is "unclassified": the table lists state-affiliated media only, so absence from
it says nothing about independence.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import os
import tomllib
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

import tldextract

from claimledger.errors import ClaimLedgerError, ErrorCode
from claimledger.models import JSON, Document

log = logging.getLogger(__name__)

ENV_VAR = "CLAIMLEDGER_OUTLETS"
DEFAULT_SOURCE = "state-media-profiles"
UNCLASSIFIED = "unclassified"
MatchKind = Literal["exact", "parent-domain", "registrable-domain", "telegram", "none"]

TYPOLOGY: dict[str, tuple[str, str, str]] = {
    # code: (model, ownership, state affiliation)
    "SC": ("state-controlled media", "state", "state-controlled"),
    "CaPu": ("captured public media", "public", "state-controlled"),
    "CaPr": ("captured private media", "private", "state-controlled"),
    "ISFM": (
        "independent state-funded and state-managed media",
        "public",
        "state-funded, editorially independent",
    ),
    "ISF": ("independent state-funded media", "private", "state-funded, editorially independent"),
    "ISM": ("independent state-managed media", "public", "state-managed, editorially independent"),
    "IP": ("independent public media", "public", "independent public"),
    "none": ("media not affiliated with a state", "private", "none"),
}
DEMONYMS = {
    "Russia": "Russian",
    "Ukraine": "Ukrainian",
    "China": "Chinese",
    "Belarus": "Belarusian",
    "United States of America": "US",
    "United Kingdom": "UK",
    "Iran": "Iranian",
    "Turkey": "Turkish",
    "Qatar": "Qatari",
    "Saudi Arabia": "Saudi",
    "UAE": "Emirati",
    "Germany": "German",
    "France": "French",
    "Poland": "Polish",
    "Hungary": "Hungarian",
    "Kazakhstan": "Kazakh",
    "Azerbaijan": "Azerbaijani",
    "Israel": "Israeli",
    "Syria": "Syrian",
    "Serbia": "Serbian",
    "North Korea": "North Korean",
    "Vietnam": "Vietnamese",
    "Egypt": "Egyptian",
    "Georgia": "Georgian",
    "Armenia": "Armenian",
    "Moldova": "Moldovan",
    "Uzbekistan": "Uzbek",
    "Japan": "Japanese",
    "India": "Indian",
    "Spain": "Spanish",
    "Italy": "Italian",
    "Cuba": "Cuban",
    "Venezuela": "Venezuelan",
    "Singapore": "Singaporean",
}
_FIELDS = ("name", "country", "language", "typology", "ownership", "state_affiliation")


@dataclass(frozen=True, slots=True)
class OutletProfile:
    """Who an outlet is. `typology` is a State Media Monitor code, "none" (a user said: not state media)
    or None (unclassified)."""

    outlet: str  # the outlet's identity: registrable domain, Telegram channel or outlet name
    host: str | None = None
    name: str | None = None
    country: str | None = None
    language: str | None = None
    typology: str | None = None
    ownership: str = "unknown"
    state_affiliation: str = UNCLASSIFIED
    match: MatchKind = "none"
    matched: str | None = None  # the listed host or account that matched
    source: str | None = None  # state-media-profiles, or the user's file

    @property
    def classified(self) -> bool:
        return self.typology is not None

    @property
    def kind(self) -> str:
        """A label to group outlets by: "Russian state-controlled media", "unclassified"."""
        if self.typology is None:
            return UNCLASSIFIED
        code = self.typology.rstrip("?")
        model = TYPOLOGY[code][0] if code in TYPOLOGY else f"{self.typology} media"
        if self.typology.endswith("?"):
            model += " (uncertain)"
        if not self.country or code == "none":
            return model
        demonym = DEMONYMS.get(self.country)
        return f"{demonym} {model}" if demonym else f"{model} of {self.country}"

    def to_json(self) -> JSON:
        return {
            "outlet": self.outlet,
            "host": self.host,
            "name": self.name,
            "country": self.country,
            "language": self.language,
            "typology": self.typology,
            "ownership": self.ownership,
            "state_affiliation": self.state_affiliation,
            "kind": self.kind,
            "match": self.match,
            "matched": self.matched,
            "source": self.source,
        }


@dataclass(frozen=True, slots=True)
class _Entry:
    fields: Mapping[str, str]
    source: str


@lru_cache(maxsize=1)
def _extractor() -> tldextract.TLDExtract:
    # No suffix-list URLs and no cache directory: the bundled snapshot only, nothing fetched or written.
    return tldextract.TLDExtract(cache_dir=None, suffix_list_urls=(), fallback_to_snapshot=True)


def registrable_domain(host: str) -> str:
    """`nauka.tass.ru` -> `tass.ru`; hosts without a public suffix come back unchanged."""
    found = _extractor()(host).top_domain_under_public_suffix
    return found or host


def normalize_host(host: str) -> str:
    host = host.strip().lower().rstrip(".")
    for prefix in ("www.", "ww."):
        host = host.removeprefix(prefix)
    return host


def host_of(url: str) -> str | None:
    if "//" not in url:
        url = "//" + url
    host = urlsplit(url).hostname
    return normalize_host(host) if host else None


def telegram_key(url: str) -> str | None:
    """`https://t.me/tass_agency/123` -> `t.me/tass_agency` (None for private `t.me/c/...` links)."""
    parts = urlsplit(url if "//" in url else "//" + url)
    if normalize_host(parts.hostname or "") not in {"t.me", "telegram.me"}:
        return None
    channel = parts.path.strip("/").split("/")[0].lower()
    return f"t.me/{channel}" if channel and channel not in {"c", "s"} else None


class OutletTable:
    """Listed hosts (and Telegram accounts) -> profile fields, with user overrides on top."""

    def __init__(self) -> None:
        self._entries: dict[str, _Entry] = {}
        self._by_domain: dict[str, list[str]] = {}
        self._overrides: dict[str, _Entry] = {}

    # -- loading ----------------------------------------------------------------------------------

    def add_entry(self, key: str, fields: Mapping[str, str], source: str) -> None:
        key = key if key.startswith("t.me/") else normalize_host(key)
        if key in self._entries:
            return  # the table repeats a host for each asset: the first row wins
        self._entries[key] = _Entry(dict(fields), source)
        if not key.startswith("t.me/"):
            self._by_domain.setdefault(registrable_domain(key), []).append(key)

    def add_override(self, key: str, fields: Mapping[str, str], source: str) -> None:
        key = key.lower() if key.startswith("t.me/") else normalize_host(key)
        kept = {k: v for k, v in fields.items() if k in _FIELDS and v}
        previous = self._overrides.get(key)
        merged = {**(previous.fields if previous else {}), **kept}
        self._overrides[key] = _Entry(merged, source)

    def __len__(self) -> int:
        return len(self._entries)

    # -- lookup -----------------------------------------------------------------------------------

    def profile(
        self, url: str | None = None, *, outlet: str | None = None, language: str | None = None
    ) -> OutletProfile:
        """The profile of the page at `url` (or, without one, of the outlet named `outlet`)."""
        host = host_of(url) if url else None
        if host is None and outlet and "." in outlet and " " not in outlet:
            host = host_of(outlet)
        tg = telegram_key(url) if url else None
        identity = tg or (registrable_domain(host) if host else None) or outlet or UNCLASSIFIED
        base = OutletProfile(outlet=identity, host=host, language=language)
        found = self._lookup(host, tg)
        if found is not None:
            match, key, entry = found
            base = _apply(replace(base, match=match, matched=key), entry, default=True)
        override = self._override_for(host, tg)
        if override is not None:
            base = _apply(base, override, default=False)
        return base

    def _lookup(self, host: str | None, tg: str | None) -> tuple[MatchKind, str, _Entry] | None:
        if tg is not None and tg in self._entries:
            return "telegram", tg, self._entries[tg]
        if host is None:
            return None
        if host in self._entries:
            return "exact", host, self._entries[host]
        labels = host.split(".")
        for i in range(1, len(labels) - 1):
            parent = ".".join(labels[i:])
            if parent in self._entries:
                return "parent-domain", parent, self._entries[parent]
        return self._by_registrable(host)

    def _by_registrable(self, host: str) -> tuple[MatchKind, str, _Entry] | None:
        keys = self._by_domain.get(registrable_domain(host), [])
        kinds = {
            (self._entries[k].fields.get("country"), self._entries[k].fields.get("typology")) for k in keys
        }
        if len(kinds) != 1:
            if keys:
                log.debug("%s: listed hosts under its domain disagree (%s); unclassified", host, keys)
            return None
        return "registrable-domain", keys[0], self._entries[keys[0]]

    def _override_for(self, host: str | None, tg: str | None) -> _Entry | None:
        candidates = [tg] if tg else []
        if host:
            labels = host.split(".")
            candidates += [".".join(labels[i:]) for i in range(len(labels))]
        return next((self._overrides[c] for c in candidates if c in self._overrides), None)


def _apply(profile: OutletProfile, entry: _Entry, *, default: bool) -> OutletProfile:
    fields = entry.fields
    typology = fields.get("typology") or None
    if typology is not None and typology.rstrip("?") not in TYPOLOGY:
        log.warning("unknown outlet typology %r (%s)", typology, entry.source)
    if typology is None and default:
        return replace(
            profile,
            name=fields.get("name") or None,
            country=fields.get("country") or None,
            source=entry.source,
        )
    model = TYPOLOGY.get((typology or profile.typology or "").rstrip("?"))
    changed = replace(
        profile,
        name=fields.get("name") or profile.name,
        country=fields.get("country") or profile.country,
        language=fields.get("language") or profile.language,
        typology=typology or profile.typology,
        source=entry.source if default else f"{profile.source or ''}+{entry.source}".lstrip("+"),
    )
    ownership = fields.get("ownership") or (model[1] if model and typology else profile.ownership)
    affiliation = fields.get("state_affiliation") or (
        model[2] if model and typology else profile.state_affiliation
    )
    return replace(changed, ownership=ownership, state_affiliation=affiliation)


# -- building tables ------------------------------------------------------------------------------


def _bundled_rows() -> Iterable[dict[str, str]]:
    text = (
        resources.files("claimledger.resources").joinpath("outlets/state_media_matrix.csv").read_text("utf-8")
    )
    yield from csv.DictReader(io.StringIO(text))


def _add_bundled(table: OutletTable) -> None:
    for row in _bundled_rows():
        fields = {
            "name": row.get("Main assets") or row.get("Media company") or "",
            "country": row.get("Country") or "",
            "typology": (row.get("Typology") or "").strip(),
        }
        if row.get("URL"):
            host = host_of(row["URL"].strip())
            if host:
                table.add_entry(host, fields, DEFAULT_SOURCE)
        if row.get("Telegram Link"):
            key = telegram_key(row["Telegram Link"].strip())
            if key:
                table.add_entry(key, fields, DEFAULT_SOURCE)


def read_overrides(path: Path) -> dict[str, dict[str, str]]:
    """host -> fields from a user's CSV, JSON or TOML file. Raises E100/E105/E106 `ClaimLedgerError`s."""
    where = str(path)
    try:
        text = path.read_text("utf-8-sig")
    except OSError as exc:
        raise ClaimLedgerError(
            f"cannot read outlet file: {exc.strerror or exc}", where=where, code=ErrorCode.NOT_FOUND
        ) from exc
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            return _csv_overrides(text, where)
        data = tomllib.loads(text) if suffix == ".toml" else json.loads(text)
    except (ValueError, tomllib.TOMLDecodeError) as exc:
        raise ClaimLedgerError(
            f"malformed outlet file: {exc}", where=where, code=ErrorCode.MALFORMED_JSON
        ) from exc
    outlets = data.get("outlets") if isinstance(data, dict) else None
    if not isinstance(outlets, dict):
        raise ClaimLedgerError(
            'outlet file needs an "outlets" object of host -> fields',
            where=where,
            code=ErrorCode.MISSING_FIELD,
        )
    return {str(h): {k: str(v) for k, v in f.items()} for h, f in outlets.items() if isinstance(f, dict)}


def _csv_overrides(text: str, where: str) -> dict[str, dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text))
    if "host" not in (reader.fieldnames or []):
        raise ClaimLedgerError("outlet CSV needs a 'host' column", where=where, code=ErrorCode.MISSING_FIELD)
    return {
        row["host"]: {k: (v or "").strip() for k, v in row.items() if k and k != "host"}
        for row in reader
        if row.get("host")
    }


@lru_cache(maxsize=1)
def _bundled_table() -> OutletTable:
    table = OutletTable()
    _add_bundled(table)
    return table


def load_outlets(path: Path | str | None = None, *, use_env: bool = True) -> OutletTable:
    """The bundled table plus the overrides in `path` (or, without it, in $CLAIMLEDGER_OUTLETS)."""
    chosen = path or (os.environ.get(ENV_VAR) if use_env else None)
    if not chosen:
        return _bundled_table()
    table = OutletTable()
    base = _bundled_table()
    table._entries, table._by_domain = base._entries, base._by_domain  # shared, read-only
    for host, fields in read_overrides(Path(chosen)).items():
        table.add_override(host, fields, str(chosen))
    return table


def profile_document(document: Document, table: OutletTable | None = None) -> OutletProfile:
    """The outlet profile of one document (its language fills in when the table has none)."""
    table = table if table is not None else load_outlets()
    profile = table.profile(document.url, outlet=document.outlet, language=document.language)
    if document.input_kind == "telegram" and profile.match == "none" and document.outlet:
        profile = replace(
            profile,
            outlet=profile.outlet if profile.outlet.startswith("t.me/") else f"Telegram: {document.outlet}",
            name=profile.name or document.outlet,
        )
    return profile


# -- breakdown ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OutletBreakdown:
    """Which kinds of outlets carry a set of documents (a claim group)."""

    outlets: tuple[OutletProfile, ...]  # one per distinct outlet, sorted by outlet
    by_kind: tuple[tuple[str, tuple[str, ...]], ...] = field(default=())  # kind -> outlets, biggest first

    @property
    def total(self) -> int:
        return len(self.outlets)

    @property
    def unclassified(self) -> int:
        return sum(1 for p in self.outlets if not p.classified)

    @property
    def summary(self) -> str:
        """One line: "carried only by Russian state-controlled media (2 outlets)", "3 of 5 outlets
        unclassified; 2 of 5 outlets Russian state-controlled media"."""
        n = self.total
        if n == 0:
            return "no outlets"
        if len(self.by_kind) == 1:
            kind = self.by_kind[0][0]
            noun = "outlet" if n == 1 else "outlets"
            if kind == UNCLASSIFIED:
                return "the only outlet is unclassified" if n == 1 else f"all {n} outlets unclassified"
            return f"carried only by {kind} ({n} {noun})"
        return "; ".join(f"{len(outlets)} of {n} outlets {kind}" for kind, outlets in self.by_kind)

    def to_json(self) -> JSON:
        return {
            "summary": self.summary,
            "total": self.total,
            "unclassified": self.unclassified,
            "by_kind": {kind: list(outlets) for kind, outlets in self.by_kind},
            "outlets": [p.to_json() for p in self.outlets],
        }


def outlet_breakdown(documents: Iterable[Document], table: OutletTable | None = None) -> OutletBreakdown:
    """Which kinds of outlets carry these documents (each distinct outlet counted once)."""
    table = table if table is not None else load_outlets()
    profiles: dict[str, OutletProfile] = {}
    for document in documents:
        profile = profile_document(document, table)
        profiles.setdefault(profile.outlet, profile)
    ordered = tuple(profiles[k] for k in sorted(profiles))
    groups: dict[str, list[str]] = {}
    for profile in ordered:
        groups.setdefault(profile.kind, []).append(profile.outlet)
    counts = Counter({kind: len(v) for kind, v in groups.items()})
    by_kind = tuple(
        (kind, tuple(groups[kind]))
        for kind in sorted(groups, key=lambda k: (k == UNCLASSIFIED, -counts[k], k))
    )
    return OutletBreakdown(ordered, by_kind)
