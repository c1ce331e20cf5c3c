"""The web endpoint: a JSON API and one search page over the same library as the CLI.

Read-only. Every request opens nothing but the index it was started on;
article text and query strings reach the page only through Jinja2's
escaping; queries are bounded in length, page size and time.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlencode

from flask import Flask, Response, g, jsonify, render_template, request
from markupsafe import Markup, escape
from werkzeug.exceptions import HTTPException

from indexer.errors import (
    ArticleNotFoundError,
    BadRequestError,
    DatelineError,
    IndexMissingError,
    QueryTimeoutError,
    TooManyQueriesError,
    UntrustedIndexError,
)
from indexer.fields import FIELDS, Facet, Registry
from search.archive import Archive, facet_name
from search.limits import PER_CLIENT, WEB_QUERY_SECONDS, time_limit
from search.openapi import openapi_document
from search.query import Query, QuoteQuery

MAX_QUERY_CHARS = 500
MAX_PAGE_SIZE = 100
RETRY_AFTER_SECONDS = 1


def web_filters(registry: Registry = FIELDS) -> dict[str, str]:
    """Web parameter → the Query attribute its values go to (``place`` → ``places``)."""
    return {str(f.param): f.rule.attribute for f in registry.filters}


def facet_links(registry: Registry = FIELDS) -> dict[str, Callable[[str], dict[str, str] | None]]:
    """Sidebar facet → the parameters a click on one of its values adds."""
    return {f.facet: f.link for f in registry.facets if f.sidebar}


FILTERS = web_filters()
SIDEBAR = FIELDS.sidebar
FACET_LINKS = facet_links()
T = TypeVar("T")


log = logging.getLogger(__name__)


class ClientSlots:
    """Queries in flight per remote address: one client cannot take every thread."""

    def __init__(self, per_client: int) -> None:
        self._per_client = per_client
        self._in_flight: dict[str, int] = {}
        self._lock = threading.Lock()

    @contextmanager
    def slot(self, client: str) -> Iterator[None]:
        with self._lock:
            running = self._in_flight.get(client, 0)
            if running >= self._per_client:
                raise TooManyQueriesError(
                    f"{running} queries from {client} are running; wait for one to finish"
                )
            self._in_flight[client] = running + 1
        try:
            yield
        finally:
            with self._lock:
                left = self._in_flight[client] - 1
                if left:
                    self._in_flight[client] = left
                else:
                    del self._in_flight[client]


def create_app(index_dir: Path, timeout: float = WEB_QUERY_SECONDS, per_client: int = PER_CLIENT) -> Flask:
    app = Flask(__name__)
    app.json.sort_keys = False  # type: ignore[attr-defined]
    # A query runs on the server thread that took the request, with an Archive
    # of that thread's own (Whoosh searchers are not shared across threads), and
    # stops itself at its deadline: no work goes on after its answer.
    per_thread = threading.local()
    slots = ClientSlots(per_client)

    def thread_archive() -> Archive:
        if getattr(per_thread, "archive", None) is None:
            per_thread.archive = Archive(index_dir)
        return per_thread.archive  # type: ignore[no-any-return]

    def run(task: Callable[[Archive], T]) -> T:
        with slots.slot(request.remote_addr or "unknown"), time_limit(timeout, g.started):
            return task(thread_archive())

    @app.before_request
    def start_clock() -> None:
        g.started = time.monotonic()

    @app.errorhandler(DatelineError)
    def dateline_error(err: DatelineError) -> Response:
        response = _error(_status(err), str(err))
        if response.status_code == 429:
            response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response

    @app.errorhandler(HTTPException)
    def http_error(err: HTTPException) -> Response:
        message = "no such page" if err.code == 404 else err.description or err.name
        response = _error(err.code or 500, message)
        if err.code == 405 and err.valid_methods:  # type: ignore[attr-defined]
            response.headers["Allow"] = ", ".join(err.valid_methods)  # type: ignore[attr-defined]
        return response

    @app.errorhandler(Exception)
    def unexpected_error(err: Exception) -> Response:
        log.exception("unexpected error on %s", request.full_path)
        return _error(500, f"internal error: {type(err).__name__}")

    @app.get("/healthz")
    def healthz() -> Response:
        # Outside the per-client slots: a monitor is answered however busy its address is.
        with time_limit(timeout, g.started):
            return jsonify({"status": "ok", "articles": thread_archive().count()})

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
            facet_link=lambda name, value: FACET_LINKS[name](value),
            snippet=_snippet_html,
        )

    @app.get("/articles/<path:article_id>")
    def article_page(article_id: str) -> str:
        article = run(lambda a: a.article(article_id))
        return render_template("article.html", article=article, url_with=lambda **c: "/?" + urlencode(c))

    return app


# error → status, the first class that matches; any other DatelineError is the client's: 400
STATUS: tuple[tuple[type[DatelineError], int], ...] = (
    (ArticleNotFoundError, 404),
    (TooManyQueriesError, 429),
    (IndexMissingError, 503),
    (QueryTimeoutError, 503),
    (UntrustedIndexError, 503),
)


def _status(err: DatelineError) -> int:
    return next((status for kind, status in STATUS if isinstance(err, kind)), 400)


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
        raise BadRequestError(f"{key} must be a whole number, not {raw!r}") from err
    if not low <= value <= high:
        raise BadRequestError(f"{key} must be between {low} and {high}")
    return value


def _values(args: Any, key: str) -> list[str]:
    """A repeatable filter; an empty form field is no filter."""
    return [v for v in args.getlist(key) if v.strip()]


def _text(args: Any) -> str:
    text = args.get("q", "")
    if len(text) > MAX_QUERY_CHARS:
        raise BadRequestError(f"the query is longer than {MAX_QUERY_CHARS} characters")
    return str(text)


def _filter_values(args: Any, facets: tuple[Facet, ...]) -> dict[str, Any]:
    """Query attribute → the values of its web parameter (``orgs`` ← ``?org=…&org=…``)."""
    return {facet.rule.attribute: _values(args, str(facet.param)) for facet in facets}


def search_query(args: Any, page_size: int = 10) -> Query:
    return Query(
        text=_text(args),
        **_filter_values(args, FIELDS.filters),
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
        **_filter_values(args, FIELDS.quote_filters),
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
