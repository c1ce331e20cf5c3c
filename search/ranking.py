"""Relevance over a known set of matching documents: Whoosh's BM25F, computed with numpy.

The search already knows every matching document (``search.docsets``), so
ranking them needs no matcher tree: for each term of the query, its
weights in those documents and their field lengths give BM25F scores in a
few array operations, and compound queries add their parts' scores as
Whoosh's matchers do (Or, And, a phrase: the sum of what matched). The top
hits and their scores are Whoosh's own; a query with a part this module
cannot score (wildcards, ranges, boosts on compound parts…) is ranked by
Whoosh instead.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from whoosh import query as wquery
from whoosh.scoring import BM25F
from whoosh.searching import Searcher

from indexer.whoosh_ext.lengths import bm25f_b, leaf_lengths
from search.docsets import DocSets
from search.limits import check_deadline


class Unscorable(Exception):
    """A part of the query has no numpy scorer: let Whoosh rank it."""


class Ranker:
    """Ranks matching documents for one searcher (one commit of the index)."""

    def __init__(self, searcher: Searcher, docsets: DocSets) -> None:
        self._searcher = searcher
        self._docsets = docsets
        self._lengths: dict[str, np.ndarray] = {}

    def top(self, query: wquery.Query, docnums: np.ndarray, count: int) -> list[tuple[int, float]] | None:
        """The ``count`` best (docnum, score) pairs, best first; None if Whoosh must rank this query."""
        weighting = self._searcher.weighting
        if type(weighting) is not BM25F or not len(docnums):
            return None if len(docnums) else []
        try:
            scores = self._scores(query, docnums)
        except Unscorable:
            return None
        order = np.lexsort((docnums, -scores))[:count]  # Whoosh breaks ties by document number
        return [(int(docnums[i]), float(scores[i])) for i in order]

    def _scores(self, query: wquery.Query, docnums: np.ndarray) -> np.ndarray:
        scores, matched = self._scored(query, docnums)
        return np.where(matched, scores, 0.0)

    def _scored(self, query: wquery.Query, docnums: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Each document's score for the query, and whether it matches it (a part of an Or may not)."""
        check_deadline()
        if isinstance(query, wquery.Term):
            scores, matched = self._term(query.fieldname, query.text, docnums)
            return scores * query.boost, matched
        if query.boost != 1.0:
            raise Unscorable(query)
        if isinstance(query, wquery.Or) and not isinstance(query, wquery.DisjunctionMax):
            if query.scale or query.minmatch:
                raise Unscorable(query)
            parts = [self._scored(q, docnums) for q in query.subqueries]
            return _sum(np.where(m, s, 0.0) for s, m in parts), np.logical_or.reduce([m for _, m in parts])
        if isinstance(query, wquery.And):
            wanted = [self._scored(q, docnums) for q in query.subqueries if not isinstance(q, wquery.Not)]
            matched = np.logical_and.reduce([m for _, m in wanted])
            scores = _sum(s for s, _ in wanted)
            for unwanted in (q for q in query.subqueries if isinstance(q, wquery.Not)):
                matched &= ~np.isin(docnums, self._docsets.matching(unwanted.query), assume_unique=True)
                scores = scores + 1.0  # Whoosh's inverse matcher scores 1 for each document it lets through
            return scores, matched
        if isinstance(query, wquery.AndNot):
            scores, matched = self._scored(query.a, docnums)
            return scores, matched & ~np.isin(docnums, self._docsets.matching(query.b), assume_unique=True)
        if isinstance(query, wquery.Phrase) and query.slop == 1:
            # a phrase scores the sum of its words (Whoosh: an intersection under a span matcher)
            scores = _sum(self._term(query.fieldname, word, docnums)[0] for word in query.words)
            return scores, np.isin(docnums, self._docsets.matching(query), assume_unique=True)
        raise Unscorable(query)

    def _term(self, fieldname: str, text: str | bytes, docnums: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        searcher = self._searcher
        if fieldname not in searcher.schema:
            return np.zeros(len(docnums)), np.zeros(len(docnums), dtype=bool)
        field = searcher.schema[fieldname]
        btext = text if isinstance(text, bytes) else field.to_bytes(text)
        ids, weights = self._docsets.term_weights(fieldname, btext)
        at = np.searchsorted(ids, docnums)
        found = at < len(ids)
        found[found] = ids[at[found]] == docnums[found]
        tf = np.zeros(len(docnums))
        tf[found] = weights[at[found]]
        if not field.scorable:
            return tf, found  # Whoosh scores a term of an unscored field by its weight
        weighting: BM25F = searcher.weighting
        b = bm25f_b(weighting, fieldname)
        k1 = weighting.K1
        idf = searcher.idf(fieldname, btext)
        average = searcher.avg_field_length(fieldname) or 1
        lengths = self._field_lengths(fieldname)[docnums]
        return idf * ((tf * (k1 + 1)) / (tf + k1 * ((1 - b) + b * lengths / average))), found

    def _field_lengths(self, fieldname: str) -> np.ndarray:
        """Every document's length in the field, as Whoosh stores it (one byte, decoded); 1 if none."""
        lengths = self._lengths.get(fieldname)
        if lengths is None:
            parts = [leaf_lengths(leaf, fieldname) for leaf, _ in self._searcher.reader().leaf_readers()]
            lengths = self._lengths[fieldname] = np.concatenate(parts) if parts else np.ones(0)
        return lengths


def _sum(parts: Any) -> np.ndarray:
    total: np.ndarray | None = None
    for part in parts:
        total = part if total is None else total + part
    if total is None:
        raise Unscorable("empty compound query")
    return total
