"""The web endpoint: a JSON API and one search page over the same library as the CLI.

Read-only. Every request opens nothing but the index it was started on;
article text and query strings reach the page only through Jinja2's
escaping; queries are bounded in length, page size and time.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as QueryTimeout
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlencode

from flask import Flask, Response, abort, jsonify, render_template, request
from markupsafe import Markup, escape

from indexer.errors import ArticleNotFoundError, DatelineError, IndexMissingError, UntrustedIndexError
from indexer.schema import FACETS
from search.archive import Archive, facet_name
from search.openapi import openapi_document
from search.query import Query, QuoteQuery

MAX_QUERY_CHARS = 500
MAX_PAGE_SIZE = 100
QUERY_SECONDS = 5.0
FILTERS = {
    "place": "places",
    "person": "people",
    "org": "orgs",
    "byline": "bylines",
    "speaker": "speakers",
    "source": "sources",
}
SIDEBAR = ("places", "people", "organisations", "speakers", "bylines", "sources", "years")
# sidebar facet → the filter a click on one of its values adds
FACET_FILTER = {facet: FACETS[facet] for facet in SIDEBAR if FACETS[facet] in FILTERS}
T = TypeVar("T")


class BadRequest(DatelineError):
    pass


def create_app(index_dir: Path) -> Flask:
    app = Flask(__name__)
    app.json.sort_keys = False  # type: ignore[attr-defined]
    # Queries run on a pool of threads, each with its own Archive (Whoosh searchers
    # are not shared across threads); a request waits QUERY_SECONDS at most.
    pool = ThreadPoolExecutor(max_workers=8, thread_name_prefix="dateline-query")
    per_thread = threading.local()

    def thread_archive() -> Archive:
        if getattr(per_thread, "archive", None) is None:
            per_thread.archive = Archive(index_dir)
        return per_thread.archive  # type: ignore[no-any-return]

    def run(task: Callable[[Archive], T]) -> T:
        future = pool.submit(lambda: task(thread_archive()))
        try:
            return future.result(timeout=QUERY_SECONDS)
        except QueryTimeout:
            abort(_error(503, f"the query took longer than {QUERY_SECONDS:.0f} s; narrow it"))
        raise AssertionError("unreachable")

    @app.errorhandler(DatelineError)
    def dateline_error(err: DatelineError) -> Response:
        status = (
            404
            if isinstance(err, ArticleNotFoundError)
            else 503
            if isinstance(err, IndexMissingError | UntrustedIndexError)
            else 400
        )
        return _error(status, str(err))

    @app.errorhandler(404)
    def not_found(_: Exception) -> Response:
        return _error(404, "no such page")

    @app.get("/healthz")
    def healthz() -> Response:
        return jsonify({"status": "ok", "articles": run(lambda a: a.count())})

    @app.get("/openapi.json")
    def openapi() -> Response:
        return jsonify(openapi_document())

    @app.get("/api/search")
    def api_search() -> Response:
        query = search_query(request.args)
        return jsonify(run(lambda a: a.search(query)).to_dict())

    @app.get("/api/articles/<path:article_id>")
    def api_article(article_id: str) -> Response:
        return jsonify(run(lambda a: a.article(article_id)).to_dict())

    @app.get("/api/facets/<field>")
    def api_facet(field: str) -> Response:
        name = facet_name(field)
        query = search_query(request.args)
        inside = request.args.get("inside") or None
        values = run(lambda a: a.facet(name, query, inside=inside))
        return jsonify({"facet": name, "values": [v.to_dict() for v in values]})

    @app.get("/api/quotes")
    def api_quotes() -> Response:
        query = quote_query(request.args)
        return jsonify(run(lambda a: a.quotes(query)).to_dict())

    @app.get("/")
    def page() -> str:
        query = search_query(request.args, page_size=10)
        results = run(lambda a: a.search(query))
        timeline = run(lambda a: a.timeline(query))
        return render_template(
            "search.html",
            args=request.args,
            query=query,
            results=results,
            sidebar=[(name, results.facets.get(name, [])) for name in SIDEBAR],
            chips=_chips(request.args),
            timeline=_timeline_bars(timeline),
            url_with=lambda **change: _url_with(request.args, **change),
            url_without=lambda key, value: _url_without(request.args, key, value),
            filter_key=FACET_FILTER,
            snippet=_snippet_html,
        )

    @app.get("/articles/<path:article_id>")
    def article_page(article_id: str) -> str:
        article = run(lambda a: a.article(article_id))
        return render_template("article.html", article=article, url_with=lambda **c: "/?" + urlencode(c))

    return app


def _error(status: int, message: str) -> Response:
    response = jsonify({"error": message, "status": status})
    response.status_code = status
    return response


def _int(args: Any, key: str, default: int, low: int, high: int) -> int:
    raw = args.get(key)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError as err:
        raise BadRequest(f"{key} must be a whole number, not {raw!r}") from err
    if not low <= value <= high:
        raise BadRequest(f"{key} must be between {low} and {high}")
    return value


def _values(args: Any, key: str) -> list[str]:
    """A repeatable filter; an empty form field is no filter."""
    return [v for v in args.getlist(key) if v.strip()]


def _text(args: Any) -> str:
    text = args.get("q", "")
    if len(text) > MAX_QUERY_CHARS:
        raise BadRequest(f"the query is longer than {MAX_QUERY_CHARS} characters")
    return str(text)


def search_query(args: Any, page_size: int = 10) -> Query:
    return Query(
        text=_text(args),
        **{field: _values(args, key) for key, field in FILTERS.items()},
        date_from=args.get("from") or None,
        date_to=args.get("to") or None,
        within=args.get("within") in ("1", "true", "yes", "on"),
        limit=_int(args, "limit", page_size, 1, MAX_PAGE_SIZE),
        page=_int(args, "page", 1, 1, 10_000),
        sort=args.get("sort") or "relevance",
        facet_limit=_int(args, "facets", 10, 0, 100),
        facet_fields=_values(args, "facet"),
    )


def quote_query(args: Any) -> QuoteQuery:
    return QuoteQuery(
        text=_text(args),
        speakers=_values(args, "speaker"),
        sources=_values(args, "source"),
        date_from=args.get("from") or None,
        date_to=args.get("to") or None,
        limit=_int(args, "limit", 20, 1, MAX_PAGE_SIZE),
        page=_int(args, "page", 1, 1, 10_000),
        sort=args.get("sort") or "relevance",
    )


def _url_with(args: Any, **change: str) -> str:
    pairs = [(k, v) for k, v in args.items(multi=True) if k != "page"]
    for key, value in change.items():
        if key == "page":
            pairs = [(k, v) for k, v in pairs if k != "page"]
        if (key, value) not in pairs:
            pairs.append((key, value))
    return "/?" + urlencode(pairs)


def _url_without(args: Any, key: str, value: str) -> str:
    return "/?" + urlencode(
        [(k, v) for k, v in args.items(multi=True) if (k, v) != (key, value) and k != "page"]
    )


def _chips(args: Any) -> list[tuple[str, str]]:
    keys = (*FILTERS, "from", "to")
    return [(k, v) for k, v in args.items(multi=True) if k in keys and v]


def _snippet_html(snippet: str) -> Markup:
    """Escape everything, then turn the **word** markers into <mark>."""
    escaped = str(escape(snippet))
    parts = escaped.split("**")
    html = "".join(f"<mark>{p}</mark>" if i % 2 else p for i, p in enumerate(parts))
    return Markup(html)


def _timeline_bars(months: list[tuple[str, int]]) -> dict[str, Any]:
    peak = max((count for _, count in months), default=0)
    bars = [
        {"month": month, "count": count, "x": i * 22, "height": round(60 * count / peak) if peak else 0}
        for i, (month, count) in enumerate(months)
    ]
    return {"bars": bars, "width": max(22 * len(bars), 22)}
