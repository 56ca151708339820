"""Outlet profiles: the bundled State Media Profiles layer, matching, user overrides, breakdowns."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimledger.cli import app
from claimledger.errors import ClaimLedgerError
from claimledger.models import Document, Extraction
from claimledger.provenance.outlets import ENV_VAR, load_outlets, outlet_breakdown, profile_document
from claimledger.store import open_store

runner = CliRunner()


def _doc(url: str, **kw: str) -> Document:
    return Document(id=Document.make_id(url, url), text="x", url=url, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("url", "outlet", "kind", "match"),
    [
        ("https://tass.com/russia/1628693", "tass.com", "Russian state-controlled media", "exact"),
        (
            "https://sputnikglobe.com/20230606/x.html",
            "sputnikglobe.com",
            "Russian state-controlled media",
            "exact",
        ),
        ("https://www.bbc.co.uk/news/x", "bbc.co.uk", "UK independent public media", "exact"),
        ("https://cdn.nauka.tass.ru/x", "tass.ru", "Russian state-controlled media", "parent-domain"),
        (
            "https://suspilne.media/amp/498142/",
            "suspilne.media",
            "Ukrainian independent state-funded and state-managed media",
            "registrable-domain",
        ),
        (
            "https://t.me/belta_telegramm/123",
            "t.me/belta_telegramm",
            "Belarusian state-controlled media",
            "telegram",
        ),
        ("https://kyivindependent.com/isw-21/", "kyivindependent.com", "unclassified", "none"),
    ],
)
def test_hosts_match_the_bundled_table(url: str, outlet: str, kind: str, match: str) -> None:
    profile = load_outlets(use_env=False).profile(url)
    assert (profile.outlet, profile.kind, profile.match) == (outlet, kind, match)


def test_unknown_outlets_are_unclassified_never_independent() -> None:
    profile = load_outlets(use_env=False).profile("https://kyivindependent.com/a")
    assert profile.typology is None
    assert profile.ownership == "unknown"
    assert profile.state_affiliation == "unclassified"
    assert "independent" not in profile.kind


def test_state_media_fields() -> None:
    profile = load_outlets(use_env=False).profile("https://tass.com/russia/1")
    assert (profile.country, profile.typology, profile.ownership, profile.state_affiliation) == (
        "Russia",
        "SC",
        "state",
        "state-controlled",
    )
    assert profile.source == "state-media-profiles"


@pytest.mark.parametrize("suffix", [".csv", ".json", ".toml"])
def test_a_user_file_overrides_any_field(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"outlets{suffix}"
    if suffix == ".csv":
        path.write_text(
            "host,country,language,typology\nkyivindependent.com,Ukraine,en,none\ntass.com,,ru,\n"
        )
    elif suffix == ".json":
        path.write_text(
            json.dumps(
                {
                    "outlets": {
                        "kyivindependent.com": {"country": "Ukraine", "language": "en", "typology": "none"},
                        "tass.com": {"language": "ru"},
                    }
                }
            )
        )
    else:
        path.write_text(
            '[outlets."kyivindependent.com"]\ncountry = "Ukraine"\nlanguage = "en"\n'
            'typology = "none"\n[outlets."tass.com"]\nlanguage = "ru"\n'
        )
    table = load_outlets(path)
    kyiv = table.profile("https://kyivindependent.com/a")
    assert (kyiv.country, kyiv.language, kyiv.state_affiliation, kyiv.kind) == (
        "Ukraine",
        "en",
        "none",
        "media not affiliated with a state",
    )
    tass = table.profile("https://tass.com/a")
    assert (tass.language, tass.typology, tass.country) == ("ru", "SC", "Russia")
    assert tass.source == f"state-media-profiles+{path}"


def test_the_environment_variable_names_the_user_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "o.csv"
    path.write_text("host,country\nkyivindependent.com,Ukraine\n")
    monkeypatch.setenv(ENV_VAR, str(path))
    assert load_outlets().profile("https://kyivindependent.com/a").country == "Ukraine"


def test_a_bad_user_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "o.csv"
    path.write_text("name,country\nx,y\n")
    with pytest.raises(ClaimLedgerError, match="outlet CSV needs a 'host' column"):
        load_outlets(path)


def test_the_document_language_fills_in() -> None:
    profile = profile_document(_doc("https://tass.com/a", language="en"), load_outlets(use_env=False))
    assert profile.language == "en"


def test_breakdown_of_state_media_only() -> None:
    docs = [
        _doc("https://tass.com/russia/1628693"),
        _doc("https://sputnikglobe.com/a"),
        _doc("https://tass.com/b"),
    ]
    breakdown = outlet_breakdown(docs, load_outlets(use_env=False))
    assert breakdown.summary == "carried only by Russian state-controlled media (2 outlets)"
    assert breakdown.to_json()["by_kind"] == {
        "Russian state-controlled media": ["sputnikglobe.com", "tass.com"]
    }


def test_breakdown_of_a_mix() -> None:
    urls = [
        "https://tass.com/a",
        "https://sputnikglobe.com/a",
        "https://kyivindependent.com/a",
        "https://www.theguardian.com/a",
        "https://en.interfax.com.ua/a",
    ]
    breakdown = outlet_breakdown([_doc(u) for u in urls], load_outlets(use_env=False))
    assert breakdown.summary == ("2 of 5 outlets Russian state-controlled media; 3 of 5 outlets unclassified")
    assert (breakdown.total, breakdown.unclassified) == (5, 3)


def test_breakdown_edge_cases() -> None:
    table = load_outlets(use_env=False)
    assert outlet_breakdown([], table).summary == "no outlets"
    assert (
        outlet_breakdown([_doc("https://a.example.org/x")], table).summary
        == "the only outlet is unclassified"
    )
    two = [_doc("https://a.example.org/x"), _doc("https://b.example.com/x")]
    assert outlet_breakdown(two, table).summary == "all 2 outlets unclassified"


def test_outlets_command(tmp_path: Path, small_extraction: Extraction) -> None:
    db = tmp_path / "t.db"
    with open_store(db) as store:
        store.add(small_extraction, None)
    result = runner.invoke(app, ["outlets", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "document\toutlet\tcountry\tlanguage\ttypology\townership\tstate affiliation\tmatch",
        f"{small_extraction.document.id}\texample.org\t-\t-\t-\tunknown\tunclassified\tnone",
        "the only outlet is unclassified",
    ]
    result = runner.invoke(app, ["outlets", "--db", str(db), "--json"])
    payload = json.loads(result.stdout)
    assert payload["breakdown"]["summary"] == "the only outlet is unclassified"
    assert payload["documents"][0]["state_affiliation"] == "unclassified"


def test_outlets_command_without_a_database(tmp_path: Path) -> None:
    result = runner.invoke(app, ["outlets", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1
    assert f"error: {tmp_path / 'none.db'}: no such database" in result.stderr
