"""In real headless Chromium over the seed article: story -> dispute -> evidence, search, map, and a
correction made in the browser that survives re-extraction."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import LiveServer
from tests.browser.data import SEED_STORY, ingest_seed, reextract_story

PLACES = {"Belgorod": (50.6, 36.6), "Ukraine": (49.0, 32.0), "Russia": (55.7, 37.6), "Kyiv": (50.45, 30.52)}
TOKEN = "test-edit-token"


def geocode(name: str) -> tuple[float, float] | None:
    return PLACES.get(name)


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory: pytest.TempPathFactory, browser: Any) -> Path:
    db = tmp_path_factory.mktemp("web") / "seed.db"
    ingest_seed(db)
    return db


@pytest.fixture(scope="module")
def site(seed_db: Path, serve: Callable[..., LiveServer]) -> LiveServer:
    return serve(seed_db, edit_token=TOKEN, geocoder=geocode)


def _wait(browser: Any, condition: Callable[[Any], Any], timeout: float = 10) -> Any:
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    ignored = (NoSuchElementException, StaleElementReferenceException)
    return WebDriverWait(browser, timeout, ignored_exceptions=ignored).until(condition)


def test_story_to_dispute_to_evidence(browser: Any, site: LiveServer) -> None:
    from selenium.webdriver.common.by import By

    browser.get(site.url + "/")
    browser.find_element(By.LINK_TEXT, SEED_STORY).click()
    assert "What we know" in browser.find_element(By.TAG_NAME, "h1").text
    browser.find_element(By.CSS_SELECTOR, "#disputes .dispute-card h3 a").click()
    assert "/disputes/dsp_" in browser.current_url
    quotes = browser.find_elements(By.CSS_SELECTOR, ".side-column li.member")
    assert len(browser.find_elements(By.CSS_SELECTOR, ".side-column")) >= 2 and quotes
    browser.find_element(By.CSS_SELECTOR, ".side-column a.evidence").click()
    assert "/documents/doc_" in browser.current_url and "#a-att_" in browser.current_url
    anchor = browser.current_url.split("#", 1)[1]
    target = browser.find_element(By.ID, anchor)
    assert target.tag_name == "mark" and "content" in (target.get_attribute("class") or "")
    assert browser.execute_script("return document.querySelector(':target') === arguments[0]", target)
    assert target.value_of_css_property("background-color") == "rgba(255, 184, 77, 1)"
    assert browser.find_elements(By.CSS_SELECTOR, "mark.source") and browser.find_elements(
        By.CSS_SELECTOR, "mark.cue")


def test_search(browser: Any, site: LiveServer) -> None:
    from selenium.webdriver.common.by import By

    browser.get(site.url + "/")
    box = browser.find_element(By.CSS_SELECTOR, "form.search input[name=q]")
    box.send_keys("drones")
    box.submit()
    _wait(browser, lambda b: "/search" in b.current_url)
    hits = browser.find_elements(By.CSS_SELECTOR, "#claim-hits mark, #document-hits mark")
    assert hits and all(h.text.lower() == "drones" for h in hits)


def test_map_renders_markers(browser: Any, site: LiveServer) -> None:
    from selenium.webdriver.common.by import By

    browser.get(f"{site.url}/stories/{SEED_STORY}/map")
    count = _wait(browser, lambda b: b.find_element(By.ID, "map").get_attribute("data-markers"))
    assert count not in ("error", "0")
    markers = browser.find_elements(By.CSS_SELECTOR, "#map path.place-marker")
    assert len(markers) == int(count) >= 2
    assert browser.get_log("browser") == [] or all(
        "Content Security Policy" not in entry["message"] for entry in browser.get_log("browser"))


def test_correction_survives_reextraction(browser: Any, site: LiveServer, seed_db: Path) -> None:
    from selenium.webdriver.common.by import By

    browser.get(site.url + "/edit?next=/")
    browser.find_element(By.NAME, "token").send_keys(TOKEN)
    browser.find_element(By.CSS_SELECTOR, "main form button").click()
    _wait(browser, lambda b: b.find_elements(By.CSS_SELECTOR, ".badge.edit"))
    browser.get(f"{site.url}/stories/{SEED_STORY}")
    browser.find_element(By.CSS_SELECTOR, "#documents td a").click()
    doc_url = browser.current_url
    row = browser.find_element(By.CSS_SELECTOR, "table.attributions tr[id^=row-]")
    att_id = row.get_attribute("id").removeprefix("row-")
    form = browser.find_element(By.XPATH, f"//tr[@id='row-{att_id}']/following-sibling::tr[1]//form")
    new = form.find_element(By.NAME, "new")
    new.clear()
    new.send_keys("Corrected Speaker")
    form.find_element(By.NAME, "author").send_keys("tester")
    form.find_element(By.CSS_SELECTOR, "button").click()
    _wait(browser, lambda b: "Corrected Speaker" in b.find_element(By.ID, f"row-{att_id}").text)
    _check_corrected(browser, att_id)

    reextract_story(seed_db)
    browser.get(doc_url)
    _check_corrected(browser, att_id)
    browser.get(site.url + "/corrections")
    assert "tester" in browser.find_element(By.TAG_NAME, "main").text


def _check_corrected(browser: Any, att_id: str) -> None:
    from selenium.webdriver.common.by import By

    row = browser.find_element(By.ID, f"row-{att_id}")
    assert "Corrected Speaker" in row.text and "reviewed" in row.text
