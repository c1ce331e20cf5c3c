"""Facet counts over a set of matching articles.

Whoosh's own grouping counts only the first value of a multi-valued field
unless told otherwise, and is slow when it is told. Instead, the first time
a facet is asked of a searcher, its postings are turned once into a
per-article list of value numbers; each count is then one pass over the
matching articles.

Values whose name keys are equal (Yarmouk, al-Yarmuk) are one value,
shown under the spelling most articles use.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from whoosh.index import Index
from whoosh.searching import Searcher

from indexer.entities.names import name_key


@dataclass(frozen=True, slots=True)
class FacetCount:
    value: str
    count: int

    def to_dict(self) -> dict[str, object]:
        return {"value": self.value, "count": self.count}


class FacetCounter:
    """Counts facet values for one view of the index; safe to share between threads."""

    def __init__(self, searcher: Searcher) -> None:
        self._searcher = searcher
        self._values: dict[str, list[str]] = {}
        self._by_doc: dict[str, dict[int, tuple[int, ...]]] = {}
        self._building = threading.Lock()

    def count(self, field: str, docnums: Iterable[int], limit: int | None = None) -> list[FacetCount]:
        by_doc = self._doc_values(field)
        values = self._values[field]
        counts: Counter[int] = Counter()
        for docnum in docnums:
            counts.update(by_doc.get(docnum, ()))
        ranked = sorted(counts.items(), key=lambda item: (-item[1], values[item[0]].casefold()))
        if limit is not None:
            ranked = ranked[:limit]
        return [FacetCount(values[number], count) for number, count in ranked]

    def _doc_values(self, field: str) -> dict[int, tuple[int, ...]]:
        if field in self._by_doc:
            return self._by_doc[field]
        with self._building:  # one thread builds a field's table; the others wait for it
            return self._build(field)

    def _build(self, field: str) -> dict[int, tuple[int, ...]]:
        if field not in self._by_doc:
            reader = self._searcher.reader()
            groups: dict[str, int] = {}
            best: list[tuple[int, str]] = []  # per group: (articles, spelling) of its most used spelling
            weights: dict[int, dict[int, int]] = {}
            if field in reader.indexed_field_names():
                for term in reader.lexicon(field):
                    value = term.decode("utf-8")
                    number = groups.setdefault(name_key(value) or value, len(groups))
                    postings = list(reader.postings(field, term).items_as("weight"))
                    if number == len(best):
                        best.append((len(postings), value))
                    elif len(postings) > best[number][0]:
                        best[number] = (len(postings), value)
                    for docnum, weight in postings:
                        per_doc = weights.setdefault(docnum, {})
                        # a name counts once per article; a speaker once per quote
                        per_doc[number] = max(per_doc.get(number, 0), max(1, int(weight)))
            self._values[field] = [spelling for _, spelling in best]
            self._by_doc[field] = {  # published last: readers check this key
                doc: tuple(n for n, weight in per_doc.items() for _ in range(weight))
                for doc, per_doc in weights.items()
            }
        return self._by_doc[field]


_SHARED: dict[tuple[str, int], FacetCounter] = {}
_SHARED_LOCK = threading.Lock()


def shared_counter(index_path: str, generation: int, ix: Index) -> FacetCounter:
    """One counter per index generation for the whole process: its tables are built once.

    Document numbers are fixed within a generation, so every searcher of it
    can use the same tables. The counter reads through a searcher of its
    own, which it keeps open.
    """
    key = (index_path, generation)
    with _SHARED_LOCK:
        counter = _SHARED.get(key)
        if counter is None:
            for old in [k for k in _SHARED if k[0] == index_path]:
                del _SHARED[old]
            counter = _SHARED[key] = FacetCounter(ix.searcher())
        return counter
