"""Query expansion: a pattern's terms, a date range's term ranges, a pattern already expanded."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from whoosh import query as wquery
from whoosh.query.ranges import NumericRange
from whoosh.query.terms import MultiTerm


def pattern_terms(pattern: MultiTerm, reader: Any) -> Iterable[bytes]:
    """The terms of the index a pattern (prefix, wildcard, fuzzy term…) matches, as it walks them."""
    found: Iterable[bytes] = pattern._btexts(reader)
    return found


def range_terms(query: NumericRange, reader: Any) -> wquery.Query:
    """A numeric (date) range as Whoosh compiles it: an Or of tiered term ranges, or NullQuery.

    Whoosh raises a bare ``Exception`` for a range on a field that is not numeric."""
    compiled: wquery.Query = query._compile_query(reader)
    return compiled


class ExpandedTerms(MultiTerm):  # type: ignore[misc]
    """A pattern already expanded to its terms: Whoosh matches and scores it exactly as the
    pattern (same Or of terms, same constant score), without walking the lexicon again."""

    def __init__(self, pattern: MultiTerm, btexts: list[bytes]) -> None:
        self.pattern = pattern
        self.fieldname = pattern.field()
        self.text = getattr(pattern, "text", "")
        self.boost = pattern.boost
        self.constantscore = pattern.constantscore
        self.btexts = btexts

    def _btexts(self, ixreader: Any) -> list[bytes]:
        return self.btexts

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ExpandedTerms) and (self.pattern, self.btexts) == (
            other.pattern,
            other.btexts,
        )

    def __hash__(self) -> int:
        return hash(self.pattern)

    def __repr__(self) -> str:
        return f"ExpandedTerms({self.pattern!r}, {len(self.btexts)} terms)"

    def __unicode__(self) -> str:
        return str(self.pattern)

    __str__ = __unicode__
