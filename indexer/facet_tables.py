"""Facet tables: for each facet field, every value's documents.

Built from the postings (Whoosh's own grouping counts only the first value
of a multi-valued field), once per commit: the writer saves them beside the
index, so the first search after a commit only loads them: a few numpy
arrays per facet, read in milliseconds. Each segment keeps its part of the
tables in a file of its own (the worker that wrote the segment saves it), so a
commit merges the parts instead of reading every posting again. Values whose
name keys are equal (Yarmouk, al-Yarmuk) share one number, shown under the
spelling most articles use.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from whoosh import index
from whoosh.reading import IndexReader, SegmentReader

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


@dataclass(slots=True)
class SegmentTable:
    """One segment's part of a facet table: its postings, documents numbered within the segment.

    Segments never change once written (deletions aside), so each keeps its
    part from commit to commit, and a commit only merges the parts.
    """

    spellings: list[str]  # term number → the value as written
    keys: list[str]  # term number → its name key
    docs: np.ndarray
    terms: np.ndarray  # term number of each posting
    weights: np.ndarray  # float: a speaker's quotes in the article


Terms = Iterable[tuple[bytes, Sequence[int], Sequence[float]]]  # term, its documents, their weights


def segment_table(terms: Terms) -> SegmentTable:
    """The part of one segment, from its terms in order."""
    spellings: list[str] = []
    sizes: list[int] = []
    docs: list[int] = []
    weights: list[float] = []
    for term, ids, found in terms:
        spellings.append(term.decode("utf-8"))
        sizes.append(len(ids))
        docs += ids
        weights += found
    return SegmentTable(
        spellings,
        [name_key(spelling) or spelling for spelling in spellings],
        np.array(docs, dtype=np.int64),
        np.repeat(np.arange(len(spellings), dtype=np.int64), sizes),
        np.array(weights, dtype=np.float64),
    )


def merge_tables(parts: Sequence[tuple[SegmentTable, int, np.ndarray]]) -> FacetTable:
    """One table from the segments' parts: (part, the segment's first document, its deleted documents).

    Spellings whose name keys are equal are one value, shown under the
    spelling with most postings (the first of them on a tie)."""
    spelling_numbers: dict[str, int] = {}
    spellings: list[str] = []
    value_of: list[int] = []  # spelling number → value number
    groups: dict[str, int] = {}  # name key → value number
    docs, terms, weights = [], [], []
    for part, offset, deleted in parts:
        mapping = np.empty(len(part.spellings), dtype=np.int64)
        for local, (spelling, key) in enumerate(zip(part.spellings, part.keys, strict=True)):
            number = spelling_numbers.get(spelling)
            if number is None:
                number = spelling_numbers[spelling] = len(spellings)
                spellings.append(spelling)
                value_of.append(groups.setdefault(key, len(groups)))
            mapping[local] = number
        kept = ~np.isin(part.docs, deleted) if len(deleted) else slice(None)
        docs.append(part.docs[kept] + offset)
        terms.append(mapping[part.terms[kept]])
        weights.append(part.weights[kept])
    all_docs, all_terms, found = (np.concatenate(a) if a else np.empty(0) for a in (docs, terms, weights))
    all_docs, all_terms = all_docs.astype(np.int64), all_terms.astype(np.int64)
    values = _shown_spellings(
        spellings, value_of, np.bincount(all_terms, minlength=len(spellings)), len(groups)
    )
    numbers = np.array(value_of, dtype=np.int64)[all_terms]
    # a document under two spellings of one value counts once, with the larger weight
    order = np.lexsort((-found, all_docs, numbers))
    numbers, all_docs, found = numbers[order], all_docs[order], found[order]
    first = np.ones(len(order), dtype=bool)
    first[1:] = (numbers[1:] != numbers[:-1]) | (all_docs[1:] != all_docs[:-1])
    # a name counts once per article; a speaker once per quote (its weight)
    counted = np.maximum(found[first], 1).astype(np.int64)
    order = sorted(range(len(values)), key=lambda n: values[n].casefold())
    alphabetical = np.empty(len(values), dtype=np.int64)
    alphabetical[order] = np.arange(len(values))
    return FacetTable(
        values, all_docs[first], numbers[first], counted if (counted > 1).any() else None, alphabetical
    )


def _shown_spellings(
    spellings: list[str], value_of: list[int], postings: np.ndarray, count: int
) -> list[str]:
    """Each value's most used spelling (postings of deleted documents not counted)."""
    shown = [""] * count
    most = [-1] * count
    for number, (spelling, value) in enumerate(zip(spellings, value_of, strict=True)):
        if postings[number] > most[value]:
            shown[value], most[value] = spelling, int(postings[number])
    return shown


def _leaf_part(leaf: SegmentReader, field: str) -> SegmentTable:
    if field not in leaf.indexed_field_names():
        return segment_table([])
    return segment_table(leaf_field_postings(leaf, field))


def _deleted(leaf: SegmentReader) -> np.ndarray:
    if not leaf.has_deletions():
        return np.empty(0, dtype=np.int64)
    return np.fromiter(leaf.deleted_docs_set, dtype=np.int64)


def build_table(reader: IndexReader, field: str) -> FacetTable:
    """A facet's table read from the index (when none was saved)."""
    return merge_tables(
        [(_leaf_part(leaf, field), offset, _deleted(leaf)) for leaf, offset in reader.leaf_readers()]
    )


def _path(directory: Path, generation: int) -> Path:
    return directory / f"facets-{generation}.v2.pickle"  # v2: numpy arrays


def _segment_path(directory: Path, segment_id: str) -> Path:
    return directory / f"segment-facets-{segment_id}.pickle"


def _save(path: Path, tables: object) -> None:
    staged = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    with staged.open("wb") as out:
        pickle.dump(tables, out, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(staged, path)


def save_segment_tables(directory: Path, segment_id: str, terms_of: Callable[[str], Terms]) -> None:
    """A new segment's parts, saved by the process that wrote it (before the commit that adds it)."""
    _save(
        _segment_path(directory, segment_id),
        {field: segment_table(terms_of(field)) for field in TABLE_FIELDS},
    )


def _segment_tables(directory: Path, leaf: SegmentReader) -> dict[str, SegmentTable]:
    path = _segment_path(directory, leaf.segment().segment_id())
    try:
        with path.open("rb") as saved:
            parts = pickle.load(saved)  # written by our own writer, beside the index
        if isinstance(parts, dict) and set(parts) >= set(TABLE_FIELDS):
            return parts
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
        pass
    parts = {field: _leaf_part(leaf, field) for field in TABLE_FIELDS}
    _save(path, parts)
    return parts


def save_tables(directory: Path) -> None:
    """Every facet table of the index's latest commit, saved beside the index.

    Merged from the segments' parts: saved by the workers that wrote them, or
    read from the segment here once and kept."""
    ix = index.open_dir(str(directory))
    generation = ix.latest_generation()
    with ix.reader() as reader:
        leaves = reader.leaf_readers()
        parts = [(_segment_tables(directory, leaf), offset, _deleted(leaf)) for leaf, offset in leaves]
        tables = {
            field: merge_tables([(p[field], offset, gone) for p, offset, gone in parts])
            for field in TABLE_FIELDS
        }
        current = {_segment_path(directory, leaf.segment().segment_id()) for leaf, _ in leaves}
    _save(_path(directory, generation), tables)
    for old in directory.glob("facets-*.pickle"):
        if old != _path(directory, generation):
            old.unlink(missing_ok=True)
    for old in directory.glob("segment-facets-*.pickle"):
        if old not in current:  # a segment merged away, or never committed
            old.unlink(missing_ok=True)


def load_tables(directory: Path, generation: int) -> dict[str, FacetTable]:
    """The saved tables of this commit, or none (they are then built on first use)."""
    try:
        with _path(directory, generation).open("rb") as saved:
            tables = pickle.load(saved)  # written by our own writer, beside the index
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
        return {}
    return tables if isinstance(tables, dict) else {}
