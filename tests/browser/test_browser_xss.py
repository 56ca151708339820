"""An XSS corpus (script tags, javascript: URLs, attribute-breaking quotes in titles, text, entity and
speaker names) renders inert in headless Chromium: nothing sets window.__xss, no alert opens."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from claimledger.models import Extraction
from tests.browser.conftest import LiveServer
from tests.browser.data import XSS_STORY, xss_db


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, browser: Any) -> tuple[Path, Extraction]:
    db = tmp_path_factory.mktemp("xss") / "xss.db"
    return db, xss_db(db)


@pytest.fixture(scope="module")
def site(corpus: tuple[Path, Extraction], serve: Callable[..., LiveServer]) -> LiveServer:
    return serve(corpus[0], edit_token="t", geocoder=lambda name: (50.0, 36.0))


def _pages(extraction: Extraction) -> list[str]:
    doc = extraction.document
    entity, place = extraction.entities
    return [
        "/", f"/stories/{XSS_STORY}", f"/stories/{XSS_STORY}/map", f"/documents/{doc.id}",
        f"/entities/{entity.id}", f"/entities/{place.id}", "/search?q=script", "/search?q=onerror+img",
        "/edit?next=javascript:alert(1)", "/search?q=%3Cscript%3Ewindow.__xss%3D9%3C%2Fscript%3E",
    ]


def _assert_inert(browser: Any) -> None:
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By

    try:
        alert = browser.switch_to.alert
        text = alert.text
        alert.dismiss()
        pytest.fail(f"an alert opened: {text!r}")
    except NoAlertPresentException:
        pass
    assert browser.execute_script("return window.__xss === undefined")
    scripts = [s.get_attribute("src") or "(inline)" for s in browser.find_elements(By.TAG_NAME, "script")]
    assert all(src.startswith(browser.current_url.split("/", 3)[0]) for src in scripts), scripts
    for element in browser.find_elements(By.CSS_SELECTOR, "[onerror], [onload], [onmouseover]"):
        pytest.fail(f"event handler attribute rendered: {element.get_attribute('outerHTML')}")
    for link in browser.find_elements(By.TAG_NAME, "a"):
        href = link.get_attribute("href") or ""
        assert not href.lower().startswith("javascript:"), href


def test_xss_corpus_renders_inert(browser: Any, site: LiveServer, corpus: tuple[Path, Extraction]) -> None:
    from selenium.webdriver.common.by import By

    for path in _pages(corpus[1]):
        browser.get(site.url + path)
        _assert_inert(browser)
        for element in browser.find_elements(By.CSS_SELECTOR, "main a, main mark, main td"):
            browser.execute_script(
                "arguments[0].dispatchEvent(new MouseEvent('mouseover', {bubbles: true}))", element)
        _assert_inert(browser)


def test_payload_text_is_shown_as_text(
    browser: Any, site: LiveServer, corpus: tuple[Path, Extraction]
) -> None:
    from selenium.webdriver.common.by import By

    doc = corpus[1].document
    browser.get(f"{site.url}/documents/{doc.id}")
    assert "<script>window.__xss=1;alert(1)</script>" in browser.find_element(By.TAG_NAME, "h1").text
    assert "javascript:window.__xss=7" in browser.find_element(By.CSS_SELECTOR, "p.meta").text
    assert not browser.find_elements(By.CSS_SELECTOR, "p.meta a")
