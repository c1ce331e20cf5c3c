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
from pathlib import Path

import numpy as np
from whoosh import index
from whoosh.reading import IndexReader

from indexer.entities.names import name_key
from indexer.postings import leaf_postings
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
    # per group of spellings with one name key: its spellings' postings, and the spellings' sizes
    groups: dict[str, int] = {}
    postings: list[list[tuple[np.ndarray, np.ndarray]]] = []
    spellings: list[dict[str, int]] = []
    for leaf, offset in reader.leaf_readers():
        if field not in leaf.indexed_field_names():
            continue
        for term in leaf.lexicon(field):
            value = term.decode("utf-8")
            number = groups.setdefault(name_key(value) or value, len(groups))
            if number == len(postings):
                postings.append([])
                spellings.append({})
            ids, weights = leaf_postings(leaf, field, term, weights=True)
            postings[number].append((ids + offset, weights))
            spellings[number][value] = spellings[number].get(value, 0) + len(ids)
    values = [max(counts, key=counts.__getitem__) for counts in spellings]  # most used, first on a tie
    merged = [_merge_spellings(parts) for parts in postings]
    sizes = [len(docs) for docs, _ in merged]
    docs = np.concatenate([d for d, _ in merged]) if merged else np.empty(0, dtype=np.int64)
    weights = np.concatenate([w for _, w in merged]) if merged else np.empty(0, dtype=np.int64)
    numbers = np.repeat(np.arange(len(values), dtype=np.int64), sizes)
    order = sorted(range(len(values)), key=lambda n: values[n].casefold())
    alphabetical = np.empty(len(values), dtype=np.int64)
    alphabetical[order] = np.arange(len(values))
    return FacetTable(values, docs, numbers, weights if (weights > 1).any() else None, alphabetical)


def _merge_spellings(parts: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    """One name's documents over its spellings: a name counts once per article, a speaker
    once per quote (the largest weight of the article's spellings)."""
    docs = np.concatenate([ids for ids, _ in parts])
    weights = np.maximum(np.concatenate([w for _, w in parts]), 1).astype(np.int64)
    if len(parts) == 1:
        return docs, weights
    order = np.lexsort((-weights, docs))
    docs, weights = docs[order], weights[order]
    first = np.flatnonzero(np.r_[True, docs[1:] != docs[:-1]])
    return docs[first], weights[first]


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
