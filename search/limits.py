"""What a query may cost: a deadline, and a cap on the terms its patterns expand to.

A wildcard, prefix, fuzzy term or range stands for every term of the
index it matches; ``a* OR b* … z*`` stands for the whole lexicon. Such a
pattern is expanded here, once, before anything reads a posting: the walk
over the lexicon checks the deadline as it goes, and a pattern (or a
query) that would expand past its cap is refused with a message rather
than truncated, because a truncated expansion would report wrong totals
and facet counts without saying so.

The deadline is cooperative: the loops that can run long (the lexicon
walk, reading postings, Whoosh's collectors, phrase positions, ranking)
call ``check_deadline()``, so a query past its time stops using the CPU
instead of running on after its caller gave up.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from whoosh import query as wquery
from whoosh.collectors import Collector, WrappingCollector
from whoosh.query.ranges import NumericRange
from whoosh.query.terms import MultiTerm

from indexer.errors import QuerySyntaxError, QueryTimeoutError, QueryTooBroadError
from indexer.whoosh_ext.queries import ExpandedTerms, pattern_terms, range_terms

MAX_TERMS_PER_PATTERN = 1000
MAX_TERMS_PER_QUERY = 5000
WEB_QUERY_SECONDS = 5.0  # a page's visitor, and the server's threads, wait this long at most
CLI_QUERY_SECONDS = 30.0  # one person at a terminal can afford more
PER_CLIENT = 4  # web queries in flight from one remote address
CHECK_EVERY = 256  # loop turns between two looks at the clock: cheap, and a few ms apart at most


@dataclass(frozen=True, slots=True)
class Deadline:
    ends: float  # time.monotonic()
    seconds: float

    def check(self) -> None:
        if time.monotonic() > self.ends:
            raise QueryTimeoutError(self.seconds)


_DEADLINE: ContextVar[Deadline | None] = ContextVar("dateline_query_deadline", default=None)


@contextmanager
def time_limit(seconds: float | None, started: float | None = None) -> Iterator[None]:
    """Every check_deadline() inside raises QueryTimeoutError once ``seconds`` have passed.

    ``started`` (a time.monotonic()) counts time already spent waiting, such
    as in a server's queue; None or 0 seconds: no limit."""
    if not seconds:
        yield
        return
    begun = time.monotonic() if started is None else started
    token = _DEADLINE.set(Deadline(begun + seconds, seconds))
    try:
        check_deadline()
        yield
    finally:
        _DEADLINE.reset(token)


def check_deadline() -> None:
    deadline = _DEADLINE.get()
    if deadline is not None:
        deadline.check()


def checked(items: Iterator[Any] | Any) -> Iterator[Any]:
    """The items, with a look at the deadline every CHECK_EVERY of them."""
    for number, item in enumerate(items):
        if number % CHECK_EVERY == 0:
            check_deadline()
        yield item


class _CheckedReader:
    """An index reader whose term walks look at the deadline: patterns expand through it."""

    def __init__(self, reader: Any) -> None:
        self._reader = reader
        self.schema = reader.schema

    def __getattr__(self, name: str) -> Any:
        return getattr(self._reader, name)

    def terms_from(self, fieldname: str, prefix: bytes) -> Iterator[tuple[str, bytes]]:
        return checked(self._reader.terms_from(fieldname, prefix))

    def expand_prefix(self, fieldname: str, prefix: str | bytes) -> Iterator[bytes]:
        return checked(self._reader.expand_prefix(fieldname, prefix))

    def lexicon(self, fieldname: str) -> Iterator[bytes]:
        return checked(self._reader.lexicon(fieldname))

    def terms_within(self, fieldname: str, text: str, maxdist: int, prefix: int = 0) -> Iterator[str]:
        # Whoosh's segment reader walks an automaton that never yields control
        # while nothing matches; the plain walk over the prefix's terms does.
        from whoosh.reading import IndexReader

        words: Iterator[str] = IndexReader.terms_within(self, fieldname, text, maxdist, prefix)
        return words


@dataclass(slots=True)
class TermBudget:
    """Counts the terms a query's patterns expand to, against both caps."""

    per_pattern: int = MAX_TERMS_PER_PATTERN
    per_query: int = MAX_TERMS_PER_QUERY
    spent: int = 0
    widest: list[str] = field(default_factory=list)

    def expand(self, pattern: MultiTerm, reader: Any) -> list[bytes]:
        if pattern.field() not in reader.schema:
            return []
        found: list[bytes] = []
        for btext in pattern_terms(pattern, _CheckedReader(reader)):
            found.append(btext)
            if len(found) > self.per_pattern:
                raise _too_broad(f"{_shown(pattern)} matches more than {self.per_pattern:,} terms")
            if self.spent + len(found) > self.per_query:
                raise _too_broad(f"its patterns match more than {self.per_query:,} terms together")
        self.spent += len(found)
        return sorted(set(found))


def bounded(parsed: wquery.Query, reader: Any, budget: TermBudget | None = None) -> wquery.Query:
    """The query with every pattern expanded to its terms, within the caps and the deadline."""
    spending = budget or TermBudget()

    def expand(node: wquery.Query) -> wquery.Query:
        if isinstance(node, ExpandedTerms):
            return node
        if isinstance(node, NumericRange):  # a date range: a few tiered term ranges, expanded the same way
            try:
                compiled = range_terms(node, reader)
            except Exception as err:  # Whoosh raises a bare Exception for a range on a non-numeric field
                raise QuerySyntaxError(f"cannot search {node}: {err}") from err
            return compiled if compiled is wquery.NullQuery else compiled.accept(expand)
        if isinstance(node, wquery.Every) and node.fieldname:
            # "field:*" (every document with the field): Whoosh would read every posting of it
            raise _too_broad(f"{node.fieldname}:* matches every term of the field")
        if isinstance(node, MultiTerm):
            return ExpandedTerms(node, spending.expand(node, reader))
        return node

    return parsed.accept(expand)


def watch_deadline(collector: Collector) -> Collector:
    """The collector, looking at the deadline as its matcher hands out documents.

    The look goes into the innermost collector's stream of matches, so the
    wrappers around it (Whoosh's filter collector) work as they do."""
    inner = collector
    while isinstance(inner, WrappingCollector):
        inner = inner.child
    matches = inner.matches
    inner.matches = lambda: checked(matches())
    return collector


def _shown(pattern: MultiTerm) -> str:
    return str(pattern)


def _too_broad(why: str) -> QueryTooBroadError:
    return QueryTooBroadError(f"the query expands to too many terms; {why}: make the pattern longer")
