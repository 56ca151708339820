"""Screenshots of the main pages for the README (docs/screenshots/*.png).

Runs only when CL_SCREENSHOTS_DB names a database holding the belgorod-raid and kakhovka-dam stories
with their ledger (`make demo` then `claimledger ledger --db out/demo.db`):

    CL_SCREENSHOTS_DB=out/demo.db .venv/bin/pytest tests/browser/test_browser_screenshots.py
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import LiveServer

REPO = Path(__file__).resolve().parents[2]
OUT = REPO / "docs" / "screenshots"
DB = os.environ.get("CL_SCREENSHOTS_DB")

pytestmark = pytest.mark.skipif(not DB, reason="set CL_SCREENSHOTS_DB to a demo database to take screenshots")


def _first(db: str, sql: str, *params: str) -> str:
    with sqlite3.connect(db) as conn:
        row = conn.execute(sql, params).fetchone()
    assert row, sql
    return str(row[0])


def _shots(db: str) -> list[tuple[str, str, str | None]]:
    """(file name, path, element id to scroll to)."""
    out: list[tuple[str, str, str | None]] = [("stories", "/", None), ("search", "/search?q=dam", None)]
    for story, short in (("belgorod-raid", "belgorod"), ("kakhovka-dam", "kakhovka")):
        dispute = _first(
            db, "SELECT id FROM ledger_disputes WHERE story = ? ORDER BY kind = 'blame' DESC, id", story)
        member = _first(
            db, "SELECT m.doc_id || '#a-' || m.attribution_id FROM ledger_members m "
            "JOIN ledger_groups g ON g.id = m.group_id WHERE g.story = ? AND m.attribution_id IS NOT NULL "
            "ORDER BY g.n_origins DESC, g.id LIMIT 1", story)
        speaker = _first(
            db, "SELECT a.speaker_entity_id FROM attributions a JOIN documents d ON d.id = a.doc_id "
            "WHERE d.story = ? AND a.speaker_entity_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC", story)
        out += [
            (f"{short}-story", f"/stories/{story}", None),
            (f"{short}-dispute", f"/disputes/{dispute}", None),
            (f"{short}-evidence", f"/documents/{member}", member.split("#")[1]),
            (f"{short}-entity", f"/entities/{speaker}", None),
            (f"{short}-map", f"/stories/{story}/map", None),
        ]
    return out


def test_screenshots(browser: Any, serve: Callable[..., LiveServer]) -> None:
    from selenium.webdriver.common.by import By

    from claimledger.web.geocode import BackgroundGeocoder

    assert DB
    geocoder = BackgroundGeocoder()
    geocoder.start()
    deadline = time.monotonic() + 180
    while not geocoder.ready and time.monotonic() < deadline:
        time.sleep(0.5)
    site = serve(Path(DB), geocoder=geocoder)
    OUT.mkdir(parents=True, exist_ok=True)
    for name, path, anchor in _shots(DB):
        browser.get(site.url + path)
        if path.endswith("/map"):
            for _ in range(50):
                if browser.find_element(By.ID, "map").get_attribute("data-markers"):
                    break
                time.sleep(0.1)
            time.sleep(0.5)
        if anchor:
            browser.execute_script("document.getElementById(arguments[0]).scrollIntoView({block: 'center'})",
                                   anchor)
        assert browser.save_screenshot(str(OUT / f"{name}.png"))
