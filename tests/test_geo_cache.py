"""The gazetteer's disk cache: SQLite round trip, lazy lookups, cache location and the custom dump."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from claimledger.errors import ClaimLedgerError
from claimledger.extract import geo
from claimledger.extract.geo import Resolver, SQLiteGazetteer, read_gazetteer, write_gazetteer
from tests.test_events_helpers import tiny_gazetteer

TEXT = "Shelling hit Kozinka and Belgorod in the Belgorod region of Russia; Kyiv said nothing."


def _spans(*names: str) -> list[tuple[int, int]]:
    return [(TEXT.index(n), TEXT.index(n) + len(n)) for n in names]


def test_round_trip_gives_the_same_resolutions(tmp_path: Path) -> None:
    gaz = tiny_gazetteer(tmp_path)
    path = tmp_path / "gaz.sqlite"
    write_gazetteer(gaz, path)
    cached = read_gazetteer(path)
    assert isinstance(cached, SQLiteGazetteer)
    assert len(cached) == len(gaz)
    assert set(cached.admin1) == set(gaz.admin1) and set(cached.countries) == set(gaz.countries)
    spans = _spans("Kozinka", "Belgorod", "Russia", "Kyiv")
    assert [r.to_json() for r in Resolver(cached).resolve_document(TEXT, spans)] == [
        r.to_json() for r in Resolver(gaz).resolve_document(TEXT, spans)
    ]
    assert cached.is_primary("Kozinka", cached.lookup("Kozinka")[0])
    assert cached.lookup("Belgorod region")[0].kind == "admin1"
    assert cached.lookup("Atlantis") == []
    with pytest.raises(ClaimLedgerError, match="read-only"):
        cached.add(cached.lookup("Kyiv")[0], ["Kiev"])


def test_two_writers_of_one_cache_both_succeed(tmp_path: Path) -> None:
    """Two commands that build the cache at once (an ingest beside an evaluation) each write a file of their
    own; one used to delete the other's half-written file, failing both ("disk I/O error")."""
    gaz = tiny_gazetteer(tmp_path)
    path = tmp_path / "gaz.sqlite"
    errors: list[BaseException] = []

    def write() -> None:
        try:
            for _ in range(5):
                write_gazetteer(gaz, path)
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=write) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert read_gazetteer(path).lookup("Kozinka")
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".tmp"] == []


def test_damaged_cache_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.sqlite"
    path.write_bytes(b"not a database at all")
    with pytest.raises(ClaimLedgerError, match="gazetteer"):
        read_gazetteer(path)


def test_default_gazetteer_reads_the_cache_fast(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMLEDGER_CACHE", str(tmp_path / "cache"))
    assert geo.cache_dir() == tmp_path / "cache"
    geo.default_gazetteer.cache_clear()
    built: list[int] = []

    def fake_build(min_population: int = 500) -> geo.Gazetteer:
        built.append(min_population)
        return tiny_gazetteer(tmp_path)

    monkeypatch.setattr(geo, "build_gazetteer", fake_build)
    try:
        first = geo.default_gazetteer()
        assert built == [500] and not isinstance(first, SQLiteGazetteer)
        geo.default_gazetteer.cache_clear()
        started = time.monotonic()
        second = geo.default_gazetteer()
        assert time.monotonic() - started < 2.0
        assert built == [500]  # not rebuilt
        assert isinstance(second, SQLiteGazetteer) and second.lookup("Kozinka")
        # a loaded GeoNames dump (`claimledger gazetteer load`) takes precedence
        custom = tiny_gazetteer(tmp_path)
        custom.add(custom.countries["UA"], ["Ukraina"])
        write_gazetteer(custom, geo.custom_gazetteer_path())
        geo.default_gazetteer.cache_clear()
        assert geo.default_gazetteer().lookup("Ukraina")
    finally:
        geo.default_gazetteer.cache_clear()


def test_xdg_cache_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("CLAIMLEDGER_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert geo.cache_dir() == tmp_path / "claimledger"


def test_stale_caches_are_pruned_and_the_dump_is_kept(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMLEDGER_CACHE", str(tmp_path))
    month_ago = time.time() - 30 * 86_400
    stale, recent = tmp_path / "gazetteer-0123456789ab.sqlite", tmp_path / "gazetteer-ba9876543210.sqlite"
    other = tmp_path / "gazetteer-notes.sqlite"
    for path in (stale, recent, other, geo.custom_gazetteer_path()):
        path.write_bytes(b"x")
    for path in (stale, other, geo.custom_gazetteer_path()):
        os.utime(path, (month_ago, month_ago))
    keep = tmp_path / "gazetteer-aaaaaaaaaaaa.sqlite"
    keep.write_bytes(b"x")
    assert geo.prune_gazetteer_caches(keep) == [stale]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "gazetteer-aaaaaaaaaaaa.sqlite", "gazetteer-ba9876543210.sqlite", "gazetteer-custom.sqlite",
        "gazetteer-notes.sqlite"]


def test_reading_a_cache_marks_it_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMLEDGER_CACHE", str(tmp_path))
    monkeypatch.setattr(geo, "build_gazetteer", lambda min_population=500: tiny_gazetteer(tmp_path))
    geo.default_gazetteer.cache_clear()
    try:
        geo.default_gazetteer()
        (cached,) = tmp_path.glob("gazetteer-*.sqlite")
        month_ago = time.time() - 30 * 86_400
        os.utime(cached, (month_ago, month_ago))
        geo.default_gazetteer.cache_clear()
        geo.default_gazetteer()
        assert cached.stat().st_mtime > month_ago + 86_400
    finally:
        geo.default_gazetteer.cache_clear()
