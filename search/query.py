"""A search request, and how it becomes a Whoosh query.

Users write Whoosh query syntax with the field names they think in
(``headline:``, ``place:``, ``speaker:``…); filters narrow the matches
without changing their scores.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from dataclasses import fields as dataclass_fields
from datetime import datetime

from whoosh import qparser, query
from whoosh.fields import Schema

from indexer.dates import parse_date
from indexer.entities.gazetteer import Gazetteer
from indexer.entities.names import name_key
from indexer.errors import QuerySyntaxError
from indexer.fields import FIELDS, Facet, Registry
from indexer.name_table import MERGED_FACETS
from indexer.schema import DEFAULT_SEARCH_FIELDS

SORTS = ("relevance", "date")
MAX_LIMIT = 1000
MAX_QUERY_CHARS = 10_000  # Whoosh's parser is not interruptible: its input is bounded instead
# The fields a user's query may name; the rest of the schema (kind, article_id,
# date, quote_*, place_path, month…) is the index's own bookkeeping.
ARTICLE_FIELDS: tuple[str, ...] = FIELDS.query_fields
QUOTE_FIELDS: tuple[str, ...] = ("quote_text",)

# Query field → other names a user may type for it.
FIELD_ALIASES: dict[str, list[str]] = FIELDS.field_aliases


@dataclass(slots=True, kw_only=True)
class Query:
    text: str = ""
    places: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    orgs: list[str] = field(default_factory=list)
    bylines: list[str] = field(default_factory=list)
    speakers: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    date_from: str | None = None
    date_to: str | None = None
    page: int = 1
    limit: int = 10
    sort: str = "relevance"
    facet_limit: int = 10
    facet_fields: list[str] = field(default_factory=list)  # facets to count; none named: every facet
    within: bool = False  # --place also matches places inside it (Iraq finds Mosul)

    def filters(self, registry: Registry = FIELDS) -> dict[str, list[str]]:
        """Query field → the values that must all be present."""
        return {_filter_field(f, self.within): getattr(self, f.rule.attribute) for f in registry.filters}


def _filter_field(facet: Facet, within: bool) -> str:
    """The field a filter matches: under --within, the field of the places a place is inside."""
    inside = facet.rule.inside_field
    return inside if within and inside else facet.query


def check_filter_attributes(request_type: type[Query], registry: Registry = FIELDS) -> None:
    """Every filter of the registry has its list in the request: a facet without one fails at import."""
    declared = {f.name for f in dataclass_fields(request_type)}
    missing = [f.rule.attribute for f in registry.filters if f.rule.attribute not in declared]
    if missing:
        raise TypeError(f"{request_type.__name__} has no attribute for the filters {', '.join(missing)}")


check_filter_attributes(Query)

# Name fields → the alias table their values resolve through.
NAME_FIELDS: dict[str, str | None] = FIELDS.name_fields


class NameResolver:
    """Turns a name a user typed into the key the index holds: folded, then through the aliases."""

    def __init__(self, gazetteer: Gazetteer, registry: Registry = FIELDS) -> None:
        self._gazetteer = gazetteer
        self._name_fields = registry.name_fields

    def key(self, fieldname: str, written: str) -> str:
        key = name_key(written)
        kind = self._name_fields.get(fieldname)
        canonical = self._gazetteer.aliases[kind].get(key) if kind else None
        return name_key(canonical) if canonical else key

    def resolve_terms(self, parsed: query.Query) -> query.Query:
        def resolve(node: query.Query) -> query.Query:
            if isinstance(node, query.Term) and node.fieldname in self._name_fields:
                return query.Term(node.fieldname, self.key(node.fieldname, node.text), boost=node.boost)
            return node

        return parsed.accept(resolve)


@dataclass(slots=True, kw_only=True)
class QuoteQuery(Query):
    """A search for quotes: QUERY matches the quote's words; --speaker, --source and dates narrow."""

    def filters(self, registry: Registry = FIELDS) -> dict[str, list[str]]:
        return {str(f.rule.quote_field): getattr(self, f.rule.attribute) for f in registry.quote_filters}


def parse_text_query(
    text: str,
    schema: Schema,
    resolver: NameResolver | None = None,
    fields: tuple[str, ...] = DEFAULT_SEARCH_FIELDS,
    registry: Registry = FIELDS,
) -> query.Query:
    if len(text) > MAX_QUERY_CHARS:
        raise QuerySyntaxError(f"the query is longer than {MAX_QUERY_CHARS:,} characters")
    if "\x00" in text:
        raise QuerySyntaxError("the query contains a NUL character")
    if text.strip() in ("", "*", "*:*"):
        return query.Every()  # parsed, "*" would be a wildcard over every term of every field
    parser = qparser.MultifieldParser(list(fields), schema, group=qparser.AndGroup)
    parser.add_plugin(qparser.FieldAliasPlugin(registry.field_aliases))
    try:
        parsed = parser.parse(text)
    except Exception as err:  # Whoosh raises bare exceptions from deep in its parser
        raise QuerySyntaxError(f"cannot parse query {text!r}: {err}") from err
    allowed = QUOTE_FIELDS if fields == QUOTE_FIELDS else registry.query_fields
    _check_fields(parsed, allowed, text)
    return resolver.resolve_terms(parsed) if resolver else parsed


def _check_fields(parsed: query.Query, allowed: tuple[str, ...], text: str) -> None:
    """Every field the query names is one a user may search (terms, patterns and ranges alike)."""
    for node in _nodes(parsed):
        fieldname = getattr(node, "fieldname", None)
        if fieldname is not None and fieldname not in allowed:
            shown = "the quote's words only" if allowed == QUOTE_FIELDS else ", ".join(_user_fields(allowed))
            raise QuerySyntaxError(f"unknown field {fieldname!r} in query {text!r}; fields: {shown}")


def _user_fields(allowed: tuple[str, ...]) -> list[str]:
    """The fields an error lists: ``body`` for ``text``, and ``within`` left to --within."""
    return sorted({*allowed, "body"} - {"text", "within"})


def _nodes(parsed: query.Query) -> list[query.Query]:
    found = [parsed]
    for child in parsed.children():
        found.extend(_nodes(child))
    return found


# facet, name key → its value's every spelling and the field it is found in (none: it left the facet)
Spellings = Callable[[str, str], list[tuple[str, str]] | None]


def filter_query(
    request: Query, resolver: NameResolver, spellings: Spellings | None = None
) -> query.Query | None:
    """The filters as one query; ``spellings`` (the facets' name table) makes a filter on a
    merged facet find exactly the articles its facet value counts."""
    clauses: list[query.Query] = []
    for fieldname, values in request.filters().items():
        for value in values:
            key = resolver.key(fieldname, value)
            if not key:
                raise QuerySyntaxError(f"empty {fieldname} filter: {value!r}")
            clauses.append(_name_filter(fieldname, key, spellings))
    if request.date_from or request.date_to:
        start = _date_bound(request.date_from, "--from", end=False)
        end = _date_bound(request.date_to, "--to", end=True)
        clauses.append(query.DateRange("date", start, end))
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else query.And(clauses)


# Query field → its facet, for the facets the name table merges.
_MERGED_QUERY_FIELDS = {f.query: f.facet for f in FIELDS.facets if f.facet in MERGED_FACETS}


def _name_filter(fieldname: str, key: str, spellings: Spellings | None) -> query.Query:
    """The facet value's spellings in their fields where the name is a value of a merged
    facet; nothing where it left that facet (a firm among the people); else the name key in
    the query field (a surname alone finds the full name)."""
    facet = _MERGED_QUERY_FIELDS.get(fieldname)
    forms = spellings(facet, key) if facet and spellings else None
    if forms is None:
        return query.Term(fieldname, key)
    if not forms:
        return query.NullQuery
    terms: list[query.Query] = [query.Term(found_in, form) for found_in, form in forms]
    return terms[0] if len(terms) == 1 else query.Or(terms)


def check_request(request: Query) -> None:
    if request.sort not in SORTS:
        raise QuerySyntaxError(f"sort must be one of {', '.join(SORTS)}, not {request.sort!r}")
    if request.page < 1:
        raise QuerySyntaxError("page must be 1 or more")
    if not 1 <= request.limit <= MAX_LIMIT:
        raise QuerySyntaxError(f"limit must be between 1 and {MAX_LIMIT}")


def _date_bound(text: str | None, option: str, *, end: bool) -> datetime | None:
    """A date bound; a year or a month stands for its first or last day."""
    if not text:
        return None
    unreadable = QuerySyntaxError(f"{option}: cannot read {text!r} as a date (try 2017-04-05)")
    partial = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?", text.strip())
    if partial:
        year = int(partial[1])
        month = int(partial[2]) if partial[2] else (12 if end else 1)
        if not (year >= 1 and 1 <= month <= 12):
            raise unreadable
        day = calendar.monthrange(year, month)[1] if end else 1
        iso = f"{year:04d}-{month:02d}-{day:02d}"
    else:
        try:
            iso = parse_date(text) or ""
        except (ValueError, OverflowError):  # a reader of odd dates may still trip on one
            iso = ""
    try:
        bound = datetime.fromisoformat(iso).replace(tzinfo=None)
    except ValueError as err:
        raise unreadable from err
    if end and len(iso) == 10:
        bound = bound.replace(hour=23, minute=59, second=59)
    return bound
