"""Which documents a query matches, as a sorted array of document numbers, fast.

Totals and facet counts need every matching document, not the top ten.
Whoosh finds them one posting at a time through its matcher tree; here a
term's postings are read a block at a time into a numpy array and queries
combine as array set operations, several times faster. Phrases are checked
on positions, only in the documents that hold all their words. Query types
without a fast path (wildcards, ranges, fuzzy terms…) go through Whoosh's
own matcher.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from whoosh import query as wquery
from whoosh.query.wrappers import ConstantScoreQuery
from whoosh.searching import Searcher

from indexer.whoosh_ext.postings import DOCNUM, EMPTY, leaf_positions, leaf_postings
from indexer.whoosh_ext.queries import ExpandedTerms
from search.limits import check_deadline, checked

CACHED_TERMS = 4096  # postings kept per commit: repeated terms and filters cost nothing


class DocSets:
    """Document-number arrays for one searcher (one commit of the index)."""

    def __init__(self, searcher: Searcher, cache: OrderedDict[tuple[str, bytes], Any]) -> None:
        self._searcher = searcher
        self._leaves: list[tuple[Any, int]] = list(searcher.reader().leaf_readers())
        self._terms = cache
        self._live: np.ndarray | None = None

    def matching(self, query: wquery.Query) -> np.ndarray:
        check_deadline()
        if isinstance(query, wquery.Term):
            return self.term(query.fieldname, query.text)
        if isinstance(query, wquery.And):
            return self._all_of(query.subqueries)
        if isinstance(query, wquery.Or | wquery.DisjunctionMax):
            return self._any_of(query.subqueries)
        if isinstance(query, wquery.AndNot):
            return np.setdiff1d(self.matching(query.a), self.matching(query.b), assume_unique=True)
        if isinstance(query, wquery.AndMaybe):
            return self.matching(query.a)
        if isinstance(query, wquery.Not):
            return np.setdiff1d(self.live(), self.matching(query.query), assume_unique=True)
        if isinstance(query, wquery.Every) and not query.fieldname:
            return self.live()
        if query is wquery.NullQuery:
            return EMPTY
        if isinstance(query, ExpandedTerms):
            return self._expanded(query)
        if isinstance(query, ConstantScoreQuery):
            return self.matching(query.child)
        if isinstance(query, wquery.Phrase) and query.slop == 1:
            key = (query.fieldname, b"\x00phrase\x00" + "\x00".join(query.words).encode())
            found = self._terms.get(key)
            if found is None:
                found = self._terms[key] = self._phrase(query.fieldname, query.words)
            return found
        found = checked(self._searcher.docs_for_query(query))
        return np.unique(np.fromiter(found, dtype=DOCNUM))

    def live(self) -> np.ndarray:
        """Every document not deleted."""
        if self._live is None:
            reader = self._searcher.reader()
            everything = np.arange(reader.doc_count_all(), dtype=DOCNUM)
            if reader.has_deletions():
                everything = np.fromiter(reader.all_doc_ids(), dtype=DOCNUM)
            self._live = everything
        return self._live

    def term(self, fieldname: str, text: str | bytes) -> np.ndarray:
        if fieldname not in self._searcher.schema:
            return EMPTY
        field = self._searcher.schema[fieldname]
        btext = text if isinstance(text, bytes) else field.to_bytes(text)
        return self.term_weights(fieldname, btext)[0]

    def term_weights(self, fieldname: str, btext: bytes) -> tuple[np.ndarray, np.ndarray]:
        """The term's documents (ascending) and its weight in each, read once for matching and ranking."""
        key = (fieldname, btext)
        found = self._terms.get(key)
        if found is None:
            parts = [leaf_postings(leaf, fieldname, btext, weights=True) for leaf, _ in self._leaves]
            ids = [docs + offset for (docs, _), (_, offset) in zip(parts, self._leaves, strict=True)]
            weights = [w for _, w in parts if w is not None]
            found = (_joined(ids), _joined(weights)) if parts else (EMPTY, np.empty(0))
            for array in found:
                array.flags.writeable = False  # shared through the cache
            self._terms[key] = found
            if len(self._terms) > CACHED_TERMS:
                self._terms.popitem(last=False)
        return found

    def _expanded(self, query: ExpandedTerms) -> np.ndarray:
        """A pattern's documents: its terms' postings, read past the cache (a pattern's
        hundreds of terms would push out the terms that are asked for again)."""
        if query.fieldname not in self._searcher.schema:
            return EMPTY
        arrays = []
        for btext in query.btexts:
            check_deadline()
            parts = [leaf_postings(leaf, query.fieldname, btext)[0] + offset for leaf, offset in self._leaves]
            arrays.append(_joined(parts) if parts else EMPTY)
        return np.unique(np.concatenate(arrays)) if arrays else EMPTY

    def _all_of(self, subqueries: Sequence[wquery.Query]) -> np.ndarray:
        wanted = [q for q in subqueries if not isinstance(q, wquery.Not)]
        unwanted = [q.query for q in subqueries if isinstance(q, wquery.Not)]
        arrays = sorted((self.matching(q) for q in wanted), key=len) if wanted else [self.live()]
        result = arrays[0]
        for other in arrays[1:]:
            if not len(result):
                break
            result = np.intersect1d(result, other, assume_unique=True)
        for query in unwanted:
            result = np.setdiff1d(result, self.matching(query), assume_unique=True)
        return result

    def _any_of(self, subqueries: Iterable[wquery.Query]) -> np.ndarray:
        arrays = [self.matching(q) for q in subqueries]
        arrays = [a for a in arrays if len(a)]
        if not arrays:
            return EMPTY
        if len(arrays) == 1:
            return arrays[0]
        union = np.sort(np.concatenate(arrays))
        return union[np.concatenate(([True], union[1:] != union[:-1]))]

    def _phrase(self, fieldname: str, words: list[str]) -> np.ndarray:
        if not words:
            return EMPTY
        candidates = self._all_of([wquery.Term(fieldname, w) for w in words])
        if len(words) == 1 or not len(candidates):
            return candidates
        field = self._searcher.schema[fieldname]
        found: list[int] = []
        for leaf, offset in self._leaves:
            inside = candidates[(candidates >= offset) & (candidates < offset + leaf.doc_count_all())]
            local = set((inside - offset).tolist())
            if not local:
                continue
            positions = [leaf_positions(leaf, fieldname, field.to_bytes(w), local) for w in words]
            for docnum in checked(sorted(local)):
                first, *rest = (p.get(docnum, ()) for p in positions)
                following = [set(p) for p in rest]
                if any(all(start + i + 1 in after for i, after in enumerate(following)) for start in first):
                    found.append(docnum + offset)
        return np.array(found, dtype=DOCNUM)


_CACHES: dict[tuple[str, int], OrderedDict[tuple[str, bytes], Any]] = {}
_CACHES_LOCK = threading.Lock()


def shared_docsets(index_path: str, generation: int, searcher: Searcher) -> DocSets:
    """DocSets for a searcher, with a postings cache shared by every searcher of the same commit."""
    with _CACHES_LOCK:
        cache = _CACHES.get((index_path, generation))
        if cache is None:
            for old in [k for k in _CACHES if k[0] == index_path]:
                del _CACHES[old]
            cache = _CACHES[(index_path, generation)] = OrderedDict()
    return DocSets(searcher, cache)


def _joined(arrays: list[np.ndarray]) -> np.ndarray:
    return arrays[0] if len(arrays) == 1 else np.concatenate(arrays)
