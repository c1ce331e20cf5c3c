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

import json
import os
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import numpy as np
from whoosh import index
from whoosh.reading import IndexReader, SegmentReader

from indexer.entities.names import name_key
from indexer.postings import leaf_field_postings
from indexer.schema import FACETS
from indexer.trust import check_index_folder

TABLE_FIELDS = (*FACETS, "month", "place_path")
T = TypeVar("T")


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
    by_name = sorted(range(len(values)), key=lambda n: values[n].casefold())
    alphabetical = np.empty(len(values), dtype=np.int64)
    alphabetical[by_name] = np.arange(len(values))
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
    return directory / f"facets-{generation}.v3.npz"  # v3: numpy's format without pickles


def _segment_path(directory: Path, segment_id: str) -> Path:
    return directory / f"segment-facets-{segment_id}.v3.npz"


# Saved as plain arrays and JSON text, loaded with allow_pickle=False: a table file
# planted in the index folder can hold wrong numbers, never code.
_LOADING_ERRORS = (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile)


def _save(path: Path, arrays: dict[str, np.ndarray]) -> None:
    staged = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    with staged.open("wb") as out:  # a file, not a name: numpy would append ".npz" to the name
        np.savez(out, allow_pickle=False, **arrays)
    os.replace(staged, path)


def _load(path: Path) -> dict[str, np.ndarray]:
    """Every array of a saved file, read whole (a truncated or altered file fails here)."""
    with np.load(path, allow_pickle=False) as saved:
        return {name: saved[name] for name in saved.files}


def _text(strings: list[str]) -> np.ndarray:
    return np.frombuffer(json.dumps(strings, ensure_ascii=False).encode("utf-8"), dtype=np.uint8)


def _strings(saved: np.ndarray) -> list[str]:
    strings = json.loads(saved.tobytes().decode("utf-8"))
    if not isinstance(strings, list) or not all(isinstance(s, str) for s in strings):
        raise ValueError("not a list of strings")
    return strings


def _integers(saved: np.ndarray, size: int | None = None, below: int | None = None) -> np.ndarray:
    """A saved array of numbers that can index what it refers to, or ValueError."""
    if saved.dtype != np.int64 or saved.ndim != 1 or (size is not None and len(saved) != size):
        raise ValueError("not the saved numbers")
    if len(saved) and (saved.min() < 0 or (below is not None and saved.max() >= below)):
        raise ValueError("numbers out of range")
    return saved


def _floats(saved: np.ndarray, size: int) -> np.ndarray:
    if saved.dtype != np.float64 or saved.shape != (size,):
        raise ValueError("not the saved weights")
    return saved


def _segment_arrays(field: str, part: SegmentTable) -> dict[str, np.ndarray]:
    return {
        f"{field}.spellings": _text(part.spellings),
        f"{field}.keys": _text(part.keys),
        f"{field}.docs": part.docs,
        f"{field}.terms": part.terms,
        f"{field}.weights": part.weights,
    }


def _segment_from(saved: dict[str, np.ndarray], field: str) -> SegmentTable:
    spellings, keys = _strings(saved[f"{field}.spellings"]), _strings(saved[f"{field}.keys"])
    if len(keys) != len(spellings):
        raise ValueError("spellings and keys differ in number")
    docs = _integers(saved[f"{field}.docs"])
    terms = _integers(saved[f"{field}.terms"], len(docs), below=len(spellings))
    return SegmentTable(spellings, keys, docs, terms, _floats(saved[f"{field}.weights"], len(docs)))


def _table_arrays(field: str, table: FacetTable) -> dict[str, np.ndarray]:
    arrays = {
        f"{field}.values": _text(table.values),
        f"{field}.docs": table.docs,
        f"{field}.numbers": table.numbers,
        f"{field}.alphabetical": table.alphabetical,
    }
    if table.weights is not None:
        arrays[f"{field}.weights"] = table.weights
    return arrays


def _table_from(saved: dict[str, np.ndarray], field: str) -> FacetTable:
    values = _strings(saved[f"{field}.values"])
    docs = _integers(saved[f"{field}.docs"])
    numbers = _integers(saved[f"{field}.numbers"], len(docs), below=len(values))
    weights = saved.get(f"{field}.weights")
    return FacetTable(
        values,
        docs,
        numbers,
        None if weights is None else _integers(weights, len(docs)),
        _integers(saved[f"{field}.alphabetical"], len(values), below=max(len(values), 1)),
    )


def save_segment_tables(directory: Path, segment_id: str, terms_of: Callable[[str], Terms]) -> None:
    """A new segment's parts, saved by the process that wrote it (before the commit that adds it)."""
    parts = {field: segment_table(terms_of(field)) for field in TABLE_FIELDS}
    _save(_segment_path(directory, segment_id), _all_arrays(_segment_arrays, parts))


def _all_arrays(
    arrays_of: Callable[[str, T], dict[str, np.ndarray]], tables: dict[str, T]
) -> dict[str, np.ndarray]:
    return {name: array for field, table in tables.items() for name, array in arrays_of(field, table).items()}


def _segment_tables(directory: Path, leaf: SegmentReader) -> dict[str, SegmentTable]:
    path = _segment_path(directory, leaf.segment().segment_id())
    try:
        saved = _load(path)
        return {field: _segment_from(saved, field) for field in TABLE_FIELDS}
    except _LOADING_ERRORS:  # none yet, or damaged: read again from the segment
        pass
    parts = {field: _leaf_part(leaf, field) for field in TABLE_FIELDS}
    _save(path, _all_arrays(_segment_arrays, parts))
    return parts


def save_tables(directory: Path) -> None:
    """Every facet table of the index's latest commit, saved beside the index.

    Merged from the segments' parts: saved by the workers that wrote them, or
    read from the segment here once and kept."""
    check_index_folder(directory)
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
    _save(_path(directory, generation), _all_arrays(_table_arrays, tables))
    for old in directory.glob("facets-*"):  # an earlier commit's, or an older format's (pickles)
        if old != _path(directory, generation):
            old.unlink(missing_ok=True)
    for old in directory.glob("segment-facets-*"):
        if old not in current:  # a segment merged away, or never committed, or an older format
            old.unlink(missing_ok=True)


def load_tables(directory: Path, generation: int) -> dict[str, FacetTable]:
    """The saved tables of this commit, or none (they are then built on first use)."""
    try:
        saved = _load(_path(directory, generation))
        return {field: _table_from(saved, field) for field in TABLE_FIELDS}
    except _LOADING_ERRORS:  # none, or damaged: the search side builds them from the index
        return {}
