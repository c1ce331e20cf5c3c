"""The JSON API and the search page, in process through Flask's test client over a real index."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from indexer.article import Article, Section
from indexer.writer import index_paths, write_articles
from search.web import create_app
from tests.conftest import CORPUS, SAMPLE

HOSTILE = '<script>alert("x")</script>'


@pytest.fixture
def index_dir(tmp_path: Path) -> Path:
    index = tmp_path / "index"
    index_paths([CORPUS], index)
    hostile = Article(
        id="hostile",
        path="hostile.txt",
        format="text",
        headline=f"Headline {HOSTILE}",
        sections=[Section(heading=None, paragraphs=[f"Body naming Mosul {HOSTILE} again."])],
        places=[f"Mosul{HOSTILE}"],
    )
    write_articles(index, [hostile])
    return index


@pytest.fixture
def client(index_dir: Path) -> FlaskClient:
    return create_app(index_dir).test_client()


def get_json(client: FlaskClient, url: str, status: int = 200) -> Any:
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.content_type == "application/json"
    return json.loads(response.get_data(as_text=True))


def test_search_has_the_cli_json_shape_and_filters(client: FlaskClient) -> None:
    data = get_json(client, "/api/search?q=Mosul&place=al-Raqqa&limit=5")
    assert set(data) == {"query", "total", "page", "limit", "hits", "facets"}
    assert [hit["id"] for hit in data["hits"]] == [SAMPLE.stem]
    assert "**Mosul**" in data["hits"][0]["snippet"]
    within = get_json(client, "/api/search?q=*&place=Iraq&within=1&limit=100")
    assert "invented-tigris-ferry-service" in [h["id"] for h in within["hits"]]


def test_article_facets_quotes_and_health(client: FlaskClient) -> None:
    article = get_json(client, f"/api/articles/{SAMPLE.stem}")
    assert article["headline"] == "Mosul battle lays bare ISIL's internal tensions"
    nested = get_json(client, "/api/articles/brief-mosul-library")
    assert nested["format"] == "jsonl"
    facet = get_json(client, "/api/facets/places?inside=Iraq")
    assert facet["facet"] == "places" and {"value": "Mosul", "count": 5} in facet["values"]
    quotes = get_json(client, "/api/quotes?q=Mosul&speaker=Mamuzini")
    assert quotes["total"] == 2 and {h["speaker"] for h in quotes["hits"]} == {"Said Mamuzini"}
    assert get_json(client, "/healthz") == {"status": "ok", "articles": 10}


@pytest.mark.parametrize(
    ("url", "status", "message"),
    [
        ("/api/search?q=Mosul&limit=1000", 400, "limit must be between 1 and 100"),
        ("/api/search?q=Mosul&page=abc", 400, "page must be a whole number"),
        ("/api/search?q=" + "x" * 501, 400, "longer than 500 characters"),
        ("/api/search?q=Mosul&from=someday", 400, "--from: cannot read 'someday'"),
        ("/api/search?q=Mosul&sort=colour", 400, "sort must be one of"),
        ("/api/facets/colour", 400, "unknown facet 'colour'"),
        ("/api/facets/people?inside=Iraq", 400, "only the places facet"),
        ("/api/articles/no-such-article", 404, "no article with id 'no-such-article'"),
        ("/api/articles/../../../../etc/passwd", 404, ""),
        ("/static/../../pyproject.toml", 404, ""),
    ],
)
def test_errors_are_json_with_the_reason(client: FlaskClient, url: str, status: int, message: str) -> None:
    data = get_json(client, url, status)
    assert message in data["error"]
    assert "root:" not in json.dumps(data)


def test_malformed_query_is_400_never_500(client: FlaskClient) -> None:
    for query in ('"unclosed phrase', "title:(", "AND OR NOT", "place:", "*:*", "((Mosul"):
        response = client.get("/api/search", query_string={"q": query})
        assert response.status_code in (200, 400), query


def test_slow_query_gets_a_json_error_not_a_hung_worker(index_dir: Path) -> None:
    client = create_app(index_dir, timeout=1e-9).test_client()
    data = get_json(client, "/api/search?q=Mosul", 503)
    assert "took longer than" in data["error"]


def test_hostile_article_and_query_are_shown_as_text(client: FlaskClient) -> None:
    page = client.get("/", query_string={"q": f"Mosul {HOSTILE}"}).get_data(as_text=True)
    assert HOSTILE not in page
    assert "&lt;script&gt;" in page
    page = client.get("/?q=Mosul").get_data(as_text=True)
    assert HOSTILE not in page and "Headline &lt;script&gt;" in page
    article = client.get("/articles/hostile").get_data(as_text=True)
    assert HOSTILE not in article and "&lt;script&gt;alert" in article


def test_search_page_without_javascript_has_facets_chips_timeline_and_pages(client: FlaskClient) -> None:
    page = client.get("/?q=*&place=Mosul&limit=2").get_data(as_text=True)
    assert '<svg width="' in page and 'class="bar"' in page
    assert 'class="chip" data-key="place"' in page and 'href="/?q=%2A&amp;limit=2"' in page
    assert "Page 1 of 3" in page and "page=2" in page
    assert 'href="/?q=%2A&amp;place=Mosul&amp;limit=2&amp;person=Rana+Khoury"' in page
    assert "<script" not in page.split("</head>")[1]


def test_reindex_is_picked_up_without_restart(client: FlaskClient, index_dir: Path) -> None:
    assert get_json(client, "/healthz")["articles"] == 10
    extra = Article(
        id="late",
        path="late.txt",
        format="text",
        headline="Late news from Mosul",
        sections=[Section(heading=None, paragraphs=["Filed after the server started."])],
    )
    write_articles(index_dir, [extra])
    assert get_json(client, "/healthz")["articles"] == 11
    assert "late" in [h["id"] for h in get_json(client, "/api/search?q=filed")["hits"]]


def test_openapi_document_matches_the_routes(client: FlaskClient) -> None:
    spec = get_json(client, "/openapi.json")
    assert spec["openapi"].startswith("3.")
    assert set(spec["paths"]) == {
        "/api/search",
        "/api/articles/{id}",
        "/api/facets/{field}",
        "/api/quotes",
        "/healthz",
    }
    results = spec["components"]["schemas"]["Results"]
    data = get_json(client, "/api/search?q=Mosul")
    assert set(results["required"]) == set(data)
    assert set(spec["components"]["schemas"]["Hit"]["required"]) == set(data["hits"][0])
    quote_keys = set(spec["components"]["schemas"]["Quote"]["required"])
    assert quote_keys == set(get_json(client, "/api/quotes?q=Mosul")["hits"][0])
