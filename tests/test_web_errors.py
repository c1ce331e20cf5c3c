"""Odd input never reaches a user as a traceback or an HTML 500 (issue 13, defect 10).

Every route of the web app with every parameter set to odd values answers
with its page, its JSON, or a JSON error; every crafted request of the
defect is a clean 400/404 on the web and a one-line `Error:` (exit 1) in
the CLI. Over a real index of the sample corpus (quote documents included).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient

from search.cli import main
from search.web import create_app

SAMPLE_ID = "diyaruna-mosul-isil-internal-tensions"
QUOTE_ID = f"{SAMPLE_ID}#1"
QUOTE_URL = QUOTE_ID.replace("#", "%23")
PARAMETERS = (
    "q",
    "place",
    "person",
    "org",
    "byline",
    "speaker",
    "source",
    "within",
    "from",
    "to",
    "limit",
    "page",
    "sort",
    "facets",
    "facet",
    "inside",
)
ODD_VALUES = (
    "",
    " ",
    "x" * 5000,
    "-1",
    "0",
    "99999999999999999999",
    "1.5",
    "abc",
    "2016-13",
    "2016-00",
    "0000",
    "2016-02-30",
    "9999-12-31",
    '"unclosed',
    "((Mosul",
    "Mosul)",
    "NOT x",
    "NOT",
    "AND OR",
    "kind:quote",
    "article_id:x",
    "date:2017",
    "quote_text:Mosul",
    "[a TO]",
    "date:[2016 TO]",
    "year:[0 TO 9999]",
    "headline:*",
    "*",
    "?",
    "~",
    "^",
    "Mosul^abc",
    '"Mosul ISIL"~x',
    "Mos?l",
    "日本語 الموصل",
    "\x00",
    "Mosul\x00",
    "%",
    "place:",
)
# the crafted requests of the defect, each with what a user must get
CRAFTED = [
    ("/api/search?from=2016-13", 400, "--from: cannot read '2016-13' as a date"),
    ("/api/search?to=2016-00", 400, "--to: cannot read '2016-00' as a date"),
    ("/api/search?from=0000", 400, "--from: cannot read '0000' as a date"),
    ("/api/quotes?from=2016-13", 400, "--from: cannot read"),
    ("/api/facets/places?to=2016-00", 400, "--to: cannot read"),
    ("/api/search?q=kind:quote", 400, "unknown field 'kind'"),
    ("/api/search?q=article_id:x", 400, "unknown field 'article_id'"),
    ("/api/search?q=date:2017", 400, "unknown field 'date'"),
    ("/api/quotes?q=kind:article", 400, "unknown field 'kind'"),
    ("/api/search?q=%00", 400, "NUL character"),
    (f"/api/articles/{QUOTE_URL}", 404, f"no article with id '{QUOTE_ID}'"),
    (f"/articles/{QUOTE_URL}", 404, f"no article with id '{QUOTE_ID}'"),
]


@pytest.fixture(scope="module")
def app(corpus_index: Path) -> Flask:
    return create_app(corpus_index)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def _urls(app: Flask) -> list[str]:
    """One URL per route, with an existing article id or facet name in its path."""
    urls = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        url = re.sub(r"<path:article_id>", SAMPLE_ID, rule.rule)
        url = re.sub(r"<field>", "places", url)
        urls.append(url)
    return urls


def _assert_clean(response: Any, what: str) -> None:
    assert response.status_code < 500 or response.status_code == 503, (what, response.get_data(as_text=True))
    if response.status_code >= 400:
        assert response.is_json, (what, response.get_data(as_text=True)[:200])
        body = response.get_json()
        assert body["status"] == response.status_code and body["error"], what
        assert "Traceback" not in body["error"]


def test_every_route_with_every_odd_parameter_answers_cleanly(app: Flask, client: FlaskClient) -> None:
    for url in _urls(app):
        for key in PARAMETERS:
            for value in ODD_VALUES:
                response = client.get(url, query_string={key: value})
                _assert_clean(response, f"{url}?{key}={value!r}")


@pytest.mark.parametrize(
    "path_value", ["", "x" * 3000, "%00", "..%2F..%2Fetc", "日本語", QUOTE_URL, "a%23b", "*"]
)
def test_odd_ids_and_facet_names_in_paths_are_404_or_400(client: FlaskClient, path_value: str) -> None:
    for prefix in ("/api/articles/", "/articles/", "/api/facets/"):
        response = client.get(prefix + path_value)
        _assert_clean(response, prefix + path_value)
        assert response.status_code in (400, 404), prefix + path_value


def test_every_route_refuses_other_methods_in_json(app: Flask, client: FlaskClient) -> None:
    for url in _urls(app):
        for method in ("POST", "PUT", "DELETE", "PATCH"):
            response = client.open(url, method=method, data="x" * 100)
            assert response.status_code == 405, (method, url)
            _assert_clean(response, f"{method} {url}")
            assert "GET" in response.headers["Allow"]


def test_an_unknown_path_is_a_json_404(client: FlaskClient) -> None:
    response = client.get("/no/such/page")
    assert response.status_code == 404 and response.get_json()["error"] == "no such page"


@pytest.mark.parametrize(("url", "status", "message"), CRAFTED)
def test_crafted_request_is_a_clean_error(client: FlaskClient, url: str, status: int, message: str) -> None:
    response = client.get(url)
    assert response.status_code == status
    assert response.is_json and message in response.get_json()["error"]


def test_not_x_counts_articles_only_on_every_route(client: FlaskClient) -> None:
    everything = client.get("/api/search?q=").get_json()["total"]
    assert client.get("/api/search?q=NOT zzzz").get_json()["total"] == everything
    years = client.get("/api/facets/years").get_json()
    assert client.get("/api/facets/years?q=NOT zzzz").get_json() == years
    page = client.get("/?q=NOT zzzz").get_data(as_text=True)
    assert f"<strong>{everything}</strong> articles" in page


# --- the same through the CLI ------------------------------------------------

CLI_CRAFTED = [
    (["search", "Mosul", "--from", "2016-13"], "--from: cannot read '2016-13' as a date"),
    (["search", "Mosul", "--to", "2016-00"], "--to: cannot read '2016-00' as a date"),
    (["search", "Mosul", "--from", "0000"], "--from: cannot read '0000' as a date"),
    (["quotes", "--from", "2016-13"], "--from: cannot read"),
    (["facets", "places", "--to", "2016-00"], "--to: cannot read"),
    (["search", "kind:quote"], "unknown field 'kind'"),
    (["search", "article_id:x"], "unknown field 'article_id'"),
    (["search", "date:2017"], "unknown field 'date'"),
    (["facets", "years", "date:[2016 TO]"], "unknown field 'date'"),
    (["quotes", "kind:article"], "unknown field 'kind'"),
    (["search", "Mosul\x00"], "NUL character"),
    (["search", "x" * 20_000], "longer than 10,000 characters"),
    (["show", QUOTE_ID], f"no article with id '{QUOTE_ID}'"),
    (["facets", "kind"], "unknown facet 'kind'"),
]


@pytest.mark.parametrize(("args", "message"), CLI_CRAFTED)
def test_crafted_cli_option_is_one_error_line(corpus_index: Path, args: list[str], message: str) -> None:
    result = CliRunner().invoke(main, [*args, "--index", str(corpus_index)])
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and message in lines[0], result.output


@pytest.mark.parametrize("value", ODD_VALUES)
def test_every_cli_search_option_takes_odd_values_without_a_traceback(corpus_index: Path, value: str) -> None:
    runner = CliRunner()
    for args in (
        ["search", value],
        ["search", "Mosul", "--place", value],
        ["search", "Mosul", "--from", value],
        ["search", "Mosul", "--to", value],
        ["search", "Mosul", "--facet", value],
        ["quotes", value],
        ["quotes", "--speaker", value],
        ["facets", "places", value],
        ["facets", "places", "--inside", value],
        ["names", value],
    ):
        result = runner.invoke(main, [*args, "--index", str(corpus_index)])
        what = f"{args!r}: {result.output}"
        assert result.exit_code in (0, 1, 2), what
        assert result.exception is None or isinstance(result.exception, SystemExit), what
        if result.exit_code == 1:
            assert result.output.startswith("Error: ") and "Traceback" not in result.output, what
        if result.exit_code == 0 and "--format" not in args:
            assert "Traceback" not in result.output


def test_cli_not_x_counts_articles_only(corpus_index: Path) -> None:
    def total(query: str) -> int:
        result = CliRunner().invoke(main, ["search", query, "--format", "json", "--index", str(corpus_index)])
        return int(json.loads(result.output)["total"])

    assert total("NOT zzzz") == total("")
