"""The library API over an index: search, facets, one article.

The CLI and the web endpoint both call these methods; neither touches
Whoosh directly.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
from whoosh import query as wquery
from whoosh.searching import Results as Results_
from whoosh.searching import ResultsPage, Searcher

from indexer.article import Article
from indexer.entities.gazetteer import load_gazetteer
from indexer.entities.names import fold_ascii, name_key
from indexer.errors import ArticleNotFoundError, IndexMissingError, QuerySyntaxError
from indexer.fields import ENTITY_FACETS, FIELDS, Registry
from indexer.name_table import MERGED_FACETS
from indexer.schema import ARTICLE_KIND, PATH_SEPARATOR, QUOTE_KIND
from indexer.store import index_aliases, live_dir
from indexer.whoosh_ext.opening import index_exists, open_index
from search.docsets import DocSets, shared_docsets
from search.facets import FacetCount, FacetCounter, shared_counter
from search.limits import TermBudget, bounded, checked, watch_deadline
from search.query import NameResolver, Query, QuoteQuery, check_request, filter_query, parse_text_query
from search.ranking import Ranker
from search.results import Entity, Hit, QuoteHit, QuoteResults, Results
from search.snippets import query_stems, snippet

ARTICLES = wquery.Term("kind", ARTICLE_KIND)
QUOTES = wquery.Term("kind", QUOTE_KIND)


class Archive:
    """An index on disk, opened for searching."""

    def __init__(self, index_dir: Path) -> None:
        self._live = live_dir(index_dir)
        if not index_exists(self._live):
            raise IndexMissingError(str(index_dir))
        self.index_dir = index_dir
        self._index = open_index(self._live)
        self._searcher: Searcher | None = None
        self._facets: FacetCounter | None = None
        self._docsets: DocSets | None = None
        self._ranker: Ranker | None = None
        self._generation = -1
        self._resolver = NameResolver(load_gazetteer(index_aliases(index_dir), aliases_only=True))

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _current(self) -> tuple[Searcher, FacetCounter]:
        searcher, facets, _ = self._view()
        return searcher, facets

    def _view(self) -> tuple[Searcher, FacetCounter, DocSets]:
        # A fresh searcher after each commit (refresh() can keep stale deletions),
        # and after a full rebuild went live in another directory.
        live = live_dir(self.index_dir)
        if live != self._live:
            self._live, self._generation = live, -1
            self._index = open_index(live)
        generation = self._index.latest_generation()
        if self._searcher is None or generation != self._generation:
            self.close()
            self._index = open_index(live)
            self._searcher = self._index.searcher()
            self._facets = shared_counter(str(live), generation, self._index)
            self._docsets = shared_docsets(str(live), generation, self._searcher)
            self._ranker = Ranker(self._searcher, self._docsets)
            self._generation = generation
        assert self._facets is not None and self._docsets is not None
        return self._searcher, self._facets, self._docsets

    def search(self, request: Query) -> Results:
        check_request(request)
        counted = [facet_name(name) for name in request.facet_fields] or list(FIELDS.facet_names)
        searcher, facets, docsets = self._view()
        text_query, narrowing = self._queries(searcher, request)
        docnums = docsets.matching(_both(text_query, narrowing))
        first = (request.page - 1) * request.limit
        hits = []
        if first < len(docnums):  # past the end is an empty page
            stems = query_stems(text_query)
            ranked = self._ranked(searcher, text_query, narrowing, docnums, request)
            hits = [self._hit(stored, score, stems) for stored, score in ranked[first:]]
        return Results(
            query=request.text,
            total=len(docnums),
            page=request.page,
            limit=request.limit,
            hits=hits,
            facets={name: facets.count(name, docnums, request.facet_limit) for name in counted}
            if request.facet_limit
            else {name: [] for name in counted},
        )

    def _ranked(
        self,
        searcher: Searcher,
        text_query: wquery.Query,
        narrowing: wquery.Query | None,
        docnums: np.ndarray,
        request: Query,
    ) -> list[tuple[dict[str, Any], float | None]]:
        """The first pages of hits (stored fields, score), by relevance or newest first."""
        wanted = request.page * request.limit
        if request.sort == "relevance":
            assert self._ranker is not None
            best = self._ranker.top(text_query, docnums, wanted)
            if best is not None:
                return [(searcher.stored_fields(docnum), score) for docnum, score in best]
        sort = {"sortedby": "date", "reverse": True} if request.sort == "date" else {}
        # The matches are known: Whoosh only orders them (and never sees a quote document).
        found = _whoosh_search(searcher, text_query, wanted, set(docnums.tolist()), sort)
        # Sorted by date, Whoosh's "score" is the sort key: no relevance to show.
        return [(hit.fields(), hit.score if request.sort == "relevance" else None) for hit in found]

    def facet(self, name: str, request: Query | None = None, inside: str | None = None) -> list[FacetCount]:
        """Every value of one facet with its count, over the articles a query matches.

        ``inside`` drills the places facet down: only places the gazetteer
        (or the article) puts inside that place, such as Iraq's provinces and cities.
        """
        facet_field = facet_name(name)
        searcher, facets, docsets = self._view()
        text_query, narrowing = self._queries(searcher, request or Query())
        docnums = docsets.matching(_both(text_query, narrowing))
        if inside is None:
            return facets.count(facet_field, docnums)
        if facet_field != "places":
            raise QuerySyntaxError("only the places facet can be drilled down with --inside")
        return _places_inside(facets.count("place_path", docnums), self._resolver.key("place", inside))

    def timeline(self, request: Query) -> list[tuple[str, int]]:
        """Matching articles per month (YYYY-MM), oldest first."""
        searcher, facets, docsets = self._view()
        text_query, narrowing = self._queries(searcher, request)
        docnums = docsets.matching(_both(text_query, narrowing))
        return sorted((c.value, c.count) for c in facets.count("month", docnums))

    def names(self, kind: str | None = None, prefix: str = "") -> list[Entity]:
        """Every entity with its spellings and article count, most mentioned first."""
        if kind is not None and kind not in ENTITY_KINDS:
            raise QuerySyntaxError(f"unknown entity type {kind!r}; types are: {', '.join(ENTITY_KINDS)}")
        searcher, facets = self._current()
        articles: dict[tuple[str, str], int] = {}
        spellings: dict[tuple[str, str], dict[str, None]] = {}
        for stored in checked(searcher.all_stored_fields()):
            named: dict[tuple[str, str], list[str]] = {}  # an entity named in two forms counts once
            for label, written in json.loads(stored.get("names") or "{}").items():
                entity_kind, canonical = label.split(":", 1)
                entity = _entity(facets, entity_kind, canonical)
                if entity is not None:  # None: a name that is no one's (a given name alone)
                    named.setdefault(entity, []).extend([canonical, *written])
            for entity, forms in named.items():
                if kind and entity[0] != kind:
                    continue
                articles[entity] = articles.get(entity, 0) + 1
                spellings.setdefault(entity, {}).update(dict.fromkeys(forms))
        # the prefix is matched on the entity's every spelling: its count stays the whole count
        found = [item for item in articles.items() if _starts_with(prefix, [item[0][1], *spellings[item[0]]])]
        ranked = sorted(found, key=lambda item: (-item[1], item[0][1].casefold()))
        return [
            Entity(type=k, name=name, articles=count, spellings=list(spellings[(k, name)]))
            for (k, name), count in ranked
        ]

    def quotes(self, request: QuoteQuery) -> QuoteResults:
        """Quotes, one hit each: their words match the query and their speaker the filter."""
        check_request(request)
        searcher, _ = self._current()
        budget = TermBudget()
        parsed = parse_text_query(request.text, searcher.schema, self._resolver, fields=("quote_text",))
        text_query = bounded(parsed, searcher.reader(), budget)
        narrowing = self._narrowing(request, searcher, budget)
        only_quotes = QUOTES if narrowing is None else wquery.And([QUOTES, narrowing])
        sort = {"sortedby": "date", "reverse": True} if request.sort == "date" else {}
        wanted = request.page * request.limit
        page = ResultsPage(
            _whoosh_search(searcher, text_query, wanted, only_quotes, sort), request.page, request.limit
        )
        past_end = (request.page - 1) * request.limit >= page.total
        hits = [] if past_end else [QuoteHit(**json.loads(hit["quote_record"])) for hit in page]
        return QuoteResults(
            query=request.text, total=page.total, page=request.page, limit=request.limit, hits=hits
        )

    def _queries(self, searcher: Searcher, request: Query) -> tuple[wquery.Query, wquery.Query | None]:
        """The text query, and the filters narrowing it (None: no filter, Whoosh's fast path).

        Quote documents share no text field with articles, but a negation
        ("NOT x", every document but…) and the filters (dates, sources and
        speakers exist on quote documents too) would find them: the matches
        are always narrowed to articles, so a total never counts a quote.
        Patterns are expanded here, within the term caps.
        """
        budget = TermBudget()
        parsed = parse_text_query(request.text, searcher.schema, self._resolver)
        text_query = (
            ARTICLES if isinstance(parsed, wquery.Every) else bounded(parsed, searcher.reader(), budget)
        )
        narrowing = self._narrowing(request, searcher, budget)
        articles_only = ARTICLES if narrowing is None else wquery.And([ARTICLES, narrowing])
        return text_query, None if text_query is ARTICLES and narrowing is None else articles_only

    def _narrowing(self, request: Query, searcher: Searcher, budget: TermBudget) -> wquery.Query | None:
        _, facets, _ = self._view()
        narrowing = filter_query(request, self._resolver, facets.spellings)
        return None if narrowing is None else bounded(narrowing, searcher.reader(), budget)

    def article(self, article_id: str) -> Article:
        searcher, _ = self._current()
        stored = searcher.document(id=article_id, kind=ARTICLE_KIND)  # a quote's id is no article
        if stored is None:
            raise ArticleNotFoundError(article_id)
        article = Article.from_dict(json.loads(stored["article"]))
        article.date_written = stored.get("date_written")
        return article

    def count(self) -> int:
        """How many articles the index holds."""
        _, _, docsets = self._view()
        return len(docsets.matching(ARTICLES))

    def _hit(self, stored: dict[str, Any], score: float | None, stems: frozenset[str]) -> Hit:
        article = json.loads(stored["article"])
        return Hit(
            id=article["id"],
            score=None if score is None else round(float(score), 4),
            headline=article["headline"],
            byline=article["byline"],
            date=article["date"],
            source=article["source"],
            places=article["places"],
            people=article["people"],
            snippet=snippet(article["body"], stems),
        )


ENTITY_KINDS = ENTITY_FACETS  # the --type of `dateline names`: the facets of entity kinds


def _whoosh_search(
    searcher: Searcher, text_query: wquery.Query, limit: int, only: Any, sort: dict[str, Any]
) -> Results_:
    """Whoosh's own search (ranking it alone knows, or sorting by date), within the deadline."""
    collector = searcher.collector(limit=limit, filter=only, **sort)
    searcher.search_with_collector(text_query, watch_deadline(collector))
    return collector.results()


def _both(text_query: wquery.Query, narrowing: wquery.Query | None) -> wquery.Query:
    return text_query if narrowing is None else wquery.And([text_query, narrowing])


def _entity(facets: FacetCounter, kind: str, canonical: str) -> tuple[str, str] | None:
    """The kind and entity a name belongs to in the name table (merged facets; a firm tagged
    as a person is the firm's), else the name itself; None where the table says it is no one."""
    if kind not in MERGED_FACETS:
        return kind, canonical
    key = name_key(canonical) or canonical
    if not facets.left(kind, key):
        return kind, facets.value(kind, key) or canonical
    for other in MERGED_FACETS:
        value = facets.value(other, key) if other != kind else None
        if value is not None:
            return other, value
    return None


def _starts_with(prefix: str, spellings: list[str]) -> bool:
    """Any spelling starts with the prefix, as written (al-) or folded (Raqq finds al-Raqa)."""
    if not prefix:
        return True
    written, folded = fold_ascii(prefix), name_key(prefix)
    return any(
        fold_ascii(s).startswith(written) or (folded and name_key(s).startswith(folded)) for s in spellings
    )


def _places_inside(paths: list[FacetCount], ancestor: str) -> list[FacetCount]:
    counts: dict[str, int] = {}
    for path in paths:
        parts = path.value.split(PATH_SEPARATOR)
        keys = [name_key(part) for part in parts[:-1]]
        if ancestor in keys:
            counts[parts[-1]] = counts.get(parts[-1], 0) + path.count
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold()))
    return [FacetCount(value, count) for value, count in ranked]


def facet_name(name: str, registry: Registry = FIELDS) -> str:
    """The facet for a name a user types: 'places', 'place' or 'org' all work."""
    facet = registry.facet(name)
    if facet is None:
        raise QuerySyntaxError(f"unknown facet {name!r}; facets are: {', '.join(registry.facet_names)}")
    return facet.facet
