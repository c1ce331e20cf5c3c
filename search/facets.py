"""Facet counts over a set of matching articles.

Each facet field has a table (``indexer.facet_tables``): for every article,
its value numbers. The writer saves the tables with each commit; a counting
pass is then one loop over the matching articles. A table missing on disk
is built on first use, once per process and commit.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from whoosh.index import Index
from whoosh.reading import IndexReader

from indexer.facet_tables import FacetTable, build_table, load_tables


@dataclass(frozen=True, slots=True)
class FacetCount:
    value: str
    count: int

    def to_dict(self) -> dict[str, object]:
        return {"value": self.value, "count": self.count}


class FacetCounter:
    """Counts facet values for one view of the index; safe to share between threads."""

    def __init__(self, reader: IndexReader, tables: dict[str, FacetTable] | None = None) -> None:
        self._reader = reader
        self._tables: dict[str, FacetTable] = dict(tables or {})
        self._building = threading.Lock()

    def count(self, field: str, docnums: Iterable[int], limit: int | None = None) -> list[FacetCount]:
        table = self._table(field)
        counts: Counter[int] = Counter()
        for docnum in docnums:
            counts.update(table.by_doc.get(docnum, ()))
        values = table.values
        ranked = sorted(counts.items(), key=lambda item: (-item[1], values[item[0]].casefold()))
        if limit is not None:
            ranked = ranked[:limit]
        return [FacetCount(values[number], count) for number, count in ranked]

    def _table(self, field: str) -> FacetTable:
        table = self._tables.get(field)
        if table is None:
            with self._building:  # one thread builds a missing table; the others wait for it
                table = self._tables.get(field) or build_table(self._reader, field)
                self._tables[field] = table
        return table


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
            tables = load_tables(Path(index_path), generation)
            counter = _SHARED[key] = FacetCounter(ix.reader(), tables)
        return counter
