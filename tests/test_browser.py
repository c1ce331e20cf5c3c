"""The search page in a real headless Chromium against a real `dateline serve` on 127.0.0.1."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from indexer.writer import index_paths
from tests.conftest import CORPUS
from tests.webdriver import Browser, browser_missing, free_port, wait_until_up

missing = browser_missing()
pytestmark = pytest.mark.skipif(missing is not None, reason=missing or "")
SCREENSHOTS = Path(os.environ.get("DATELINE_SCREENSHOTS", Path(__file__).parent / "screenshots"))


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    index_dir = tmp_path_factory.mktemp("web") / "index"
    index_paths([CORPUS], index_dir)
    port = free_port()
    binary = Path(sys.executable).parent / "dateline"
    process = subprocess.Popen(
        [str(binary), "serve", "--port", str(port), "--index", str(index_dir)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{base}/healthz", "dateline serve")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    driver = Browser()
    yield driver
    driver.close()


def test_search_click_place_facet_see_chip_and_open_article(server: str, browser: Browser) -> None:
    browser.open(f"{server}/?q=Mosul")
    assert browser.text(browser.find("#summary")).startswith("5 articles for Mosul")
    assert browser.find_all("#timeline rect.bar")
    first_snippet = browser.text(browser.find(".hit .snippet"))
    assert "Mosul" in first_snippet or "MOSUL" in first_snippet

    raqqa = next(
        e for e in browser.find_all('ul[data-facet="places"] a.facet-value') if browser.text(e) == "Raqqa"
    )
    browser.click(raqqa)
    assert "place=Raqqa" in browser.url()
    assert browser.text(browser.find("#summary")).startswith("1 article for Mosul")
    assert browser.text(browser.find("#chips")).startswith("place: Raqqa")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    browser.screenshot(SCREENSHOTS / "search-mosul-place-raqqa.png")

    browser.click(browser.find(".hit a.hit-link"))
    assert browser.text(browser.find("#headline")) == "Mosul battle lays bare ISIL's internal tensions"
    places = [browser.text(e) for e in browser.find_all("a.place-link")]
    assert "Raqqa" in places and "Mosul" in places
    browser.screenshot(SCREENSHOTS / "article.png")

    browser.click(browser.find("a.person-link"))
    assert "person=" in browser.url()
    assert browser.text(browser.find("#summary")).startswith("1 article")


def test_chip_removes_its_filter(server: str, browser: Browser) -> None:
    browser.open(f"{server}/?q=Mosul&place=Raqqa")
    browser.click(browser.find("#chips a"))
    assert "place=" not in browser.url()
    assert browser.text(browser.find("#summary")).startswith("5 articles")
