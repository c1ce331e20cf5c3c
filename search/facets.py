"""Facet counts over a set of matching articles.

Each facet field has a table (``indexer.facet_tables``): for every value,
its documents. The writer saves the tables with each commit; a count is
then a few numpy operations over the table's postings, whatever the number
of matches. A table missing on disk is built on first use, once per
process and commit.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np
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

    def __init__(
        self, ix: Index, tables: dict[str, FacetTable] | None = None, directory: Path | None = None
    ) -> None:
        self._index = ix  # read only to build a table the writer did not save
        self._directory = directory  # the index's folder: its alias files steer the name table
        self._reader: IndexReader | None = None
        self._tables: dict[str, FacetTable] = dict(tables or {})
        self._building = threading.Lock()
        self._values_by_key: dict[str, dict[str, int]] = {}

    def spellings(self, facet: str, key: str) -> list[tuple[str, str]] | None:
        """The field and spelling of every form of the facet value whose forms include this
        name key (None: no such value; none: a name that left the facet, as another kind's).

        A filter on them finds exactly the articles the facet counts under that value."""
        value = self._value_number(facet, key)
        table = self._table(facet)
        if value is None:
            return [] if key in table.gone_keys else None
        facets = table.spelling_facets or [""] * len(table.spellings)
        found = np.flatnonzero(table.spelling_values == value).tolist()
        return [(facets[n] or facet, table.spellings[n]) for n in found]

    def left(self, facet: str, key: str) -> bool:
        """The name with this key left the facet (another kind's value, or no one's)."""
        return self._value_number(facet, key) is None and key in self._table(facet).gone_keys

    def value(self, facet: str, key: str) -> str | None:
        """The facet value (the entity, as shown) one of whose forms has this name key."""
        value = self._value_number(facet, key)
        return None if value is None else self._table(facet).values[value]

    def _value_number(self, facet: str, key: str) -> int | None:
        by_key = self._values_by_key.get(facet)
        if by_key is None:
            table = self._table(facet)
            by_key = dict(zip(table.spelling_keys, table.spelling_values.tolist(), strict=True))
            self._values_by_key[facet] = by_key
        return by_key.get(key)

    def count(self, field: str, docnums: np.ndarray, limit: int | None = None) -> list[FacetCount]:
        """Value counts over the matching documents (a sorted array), most frequent first."""
        table = self._table(field)
        if not len(docnums) or not len(table.values):
            return []
        matching = np.zeros(max(int(docnums[-1]), int(table.docs.max(initial=0))) + 1, dtype=bool)
        matching[docnums] = True
        chosen = matching[table.docs]
        weights = table.weights[chosen] if table.weights is not None else None
        counts = np.bincount(table.numbers[chosen], weights=weights, minlength=len(table.values))
        present = np.flatnonzero(counts)
        ranked = present[np.lexsort((table.alphabetical[present], -counts[present]))]
        if limit is not None:
            ranked = ranked[:limit]
        return [FacetCount(table.values[number], int(counts[number])) for number in ranked]

    def _table(self, field: str) -> FacetTable:
        table = self._tables.get(field)
        if table is None:
            with self._building:  # one thread builds a missing table; the others wait for it
                if self._tables.get(field) is None and self._reader is None:
                    self._reader = self._index.reader()
                table = self._tables.get(field) or build_table(self._reader, field, self._directory)
                self._tables[field] = table
        return table


_SHARED: dict[tuple[str, int], FacetCounter] = {}
_SHARED_LOCK = threading.Lock()


def shared_counter(index_path: str, generation: int, ix: Index) -> FacetCounter:
    """One counter per index generation for the whole process: its tables are built once.

    Document numbers are fixed within a generation, so every searcher of it
    can use the same tables. A table missing on disk is built through a reader
    of the counter's own, opened then and kept.
    """
    key = (index_path, generation)
    with _SHARED_LOCK:
        counter = _SHARED.get(key)
        if counter is None:
            for old in [k for k in _SHARED if k[0] == index_path]:
                del _SHARED[old]
            tables = load_tables(Path(index_path), generation)
            counter = _SHARED[key] = FacetCounter(ix, tables, Path(index_path))
        return counter
