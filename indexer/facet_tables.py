"""Facet tables: for each facet field, every value's documents.

Built from the postings (Whoosh's own grouping counts only the first value
of a multi-valued field), once per commit: the writer saves them beside the
index, so the first search after a commit only loads them: a few numpy
arrays per facet, read in milliseconds. Values whose
name keys are equal (Yarmouk, al-Yarmuk) share one number, shown under the
spelling most articles use.
"""

from __future__ import annotations

import os
import pickle
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

import numpy as np
from whoosh import index
from whoosh.reading import IndexReader

from indexer.entities.names import name_key
from indexer.postings import leaf_field_postings
from indexer.schema import FACETS

TABLE_FIELDS = (*FACETS, "month", "place_path")


@dataclass(slots=True)
class FacetTable:
    """A facet's postings, flat: posting i says document ``docs[i]`` has value ``numbers[i]``."""

    values: list[str]  # value number → the spelling shown
    docs: np.ndarray  # document of each posting
    numbers: np.ndarray  # value number of each posting
    weights: np.ndarray | None  # speakers: quotes of each posting; None where every weight is 1
    alphabetical: np.ndarray  # value number → its rank in case-folded order (ties in counts)


def build_table(reader: IndexReader, field: str) -> FacetTable:
    groups: dict[str, int] = {}  # name key → value number
    documents: list[dict[int, float]] = []  # per value: document → weight (the largest of its spellings)
    spellings: list[dict[str, int]] = []  # per value: spelling → documents
    for leaf, offset in reader.leaf_readers():
        if field not in leaf.indexed_field_names():
            continue
        for term, ids, weights in leaf_field_postings(leaf, field):
            value = term.decode("utf-8")
            number = groups.setdefault(name_key(value) or value, len(groups))
            if number == len(documents):
                documents.append({})
                spellings.append({})
            per_value = documents[number]
            for docnum, weight in zip(ids, weights, strict=True):
                docnum += offset
                if weight > per_value.get(docnum, 0.0):
                    per_value[docnum] = weight
            spellings[number][value] = spellings[number].get(value, 0) + len(ids)
    values = [max(counts, key=counts.__getitem__) for counts in spellings]  # most used, first on a tie
    sizes = [len(per_value) for per_value in documents]
    total = sum(sizes)
    docs = np.fromiter(chain.from_iterable(documents), dtype=np.int64, count=total)
    # a name counts once per article; a speaker once per quote (its weight)
    found = np.fromiter(chain.from_iterable(d.values() for d in documents), dtype=np.float64, count=total)
    weights = np.maximum(found, 1).astype(np.int64)
    numbers = np.repeat(np.arange(len(values), dtype=np.int64), sizes)
    order = sorted(range(len(values)), key=lambda n: values[n].casefold())
    alphabetical = np.empty(len(values), dtype=np.int64)
    alphabetical[order] = np.arange(len(values))
    return FacetTable(values, docs, numbers, weights if (weights > 1).any() else None, alphabetical)


def _path(directory: Path, generation: int) -> Path:
    return directory / f"facets-{generation}.v2.pickle"  # v2: numpy arrays


def save_tables(directory: Path) -> None:
    """Build every facet table of the index's latest commit and save it beside the index."""
    ix = index.open_dir(str(directory))
    generation = ix.latest_generation()
    with ix.reader() as reader:
        tables = {field: build_table(reader, field) for field in TABLE_FIELDS}
    staged = directory / f"facets.{os.getpid()}.tmp"
    with staged.open("wb") as out:
        pickle.dump(tables, out, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(staged, _path(directory, generation))
    for old in directory.glob("facets-*.pickle"):
        if old != _path(directory, generation):
            old.unlink(missing_ok=True)


def load_tables(directory: Path, generation: int) -> dict[str, FacetTable]:
    """The saved tables of this commit, or none (they are then built on first use)."""
    try:
        with _path(directory, generation).open("rb") as saved:
            tables = pickle.load(saved)  # written by our own writer, beside the index
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
        return {}
    return tables if isinstance(tables, dict) else {}
