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
from dataclasses import field as default
from pathlib import Path
from typing import Any

import numpy as np
from whoosh.reading import IndexReader, SegmentReader

from indexer.entities.names import name_key
from indexer.fields import FIELDS, Registry
from indexer.name_table import MERGED_FACETS, Companions, merge_roots, pinned_keys, rekinding, shown_forms
from indexer.whoosh_ext.listing import leaf_segment_id
from indexer.whoosh_ext.opening import open_index
from indexer.whoosh_ext.postings import leaf_field_postings


def table_fields(registry: Registry = FIELDS) -> tuple[str, ...]:
    """Every field with a table: the facets, then the timeline's months and the places' paths."""
    return (*registry.facet_names, "month", "place_path")


TABLE_FIELDS = table_fields()


@dataclass(slots=True)
class FacetTable:
    """A facet's postings, flat: posting i says document ``docs[i]`` has value ``numbers[i]``."""

    values: list[str]  # value number → the spelling shown
    docs: np.ndarray  # document of each posting
    numbers: np.ndarray  # value number of each posting
    weights: np.ndarray | None  # speakers: quotes of each posting; None where every weight is 1
    alphabetical: np.ndarray  # value number → its rank in case-folded order (ties in counts)
    # every spelling the field holds, its name key and its value: what a filter on a value matches
    spellings: list[str] = default(default_factory=list)
    spelling_keys: list[str] = default(default_factory=list)
    spelling_values: np.ndarray = default(default_factory=lambda: np.empty(0, dtype=np.int64))
    # the facet field each spelling is found in ("": this one): a firm tagged as a person
    spelling_facets: list[str] = default(default_factory=list)
    # name keys of values that left this facet (another kind's, or a given name): they match nothing
    gone_keys: list[str] = default(default_factory=list)


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
    spelling_keys: list[str] = []
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
                spelling_keys.append(key)
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
    alphabetical = _alphabetical(values)
    return FacetTable(
        values,
        all_docs[first],
        numbers[first],
        counted if (counted > 1).any() else None,
        alphabetical,
        spellings,
        spelling_keys,
        np.array(value_of, dtype=np.int64),
        [""] * len(spellings),
    )


def _alphabetical(values: list[str]) -> np.ndarray:
    by_name = sorted(range(len(values)), key=lambda n: values[n].casefold())
    alphabetical = np.empty(len(values), dtype=np.int64)
    alphabetical[by_name] = np.arange(len(values))
    return alphabetical


def merged_by_names(
    table: FacetTable, rule: str, pinned: frozenset[str], companions: Sequence[FacetTable] = ()
) -> FacetTable:
    """The table with the name table's merges applied: one value per entity (``indexer.name_table``).

    ``companions``: the tables whose values an article's vote goes by, ``table``
    first (none: the article itself). An article naming two forms of one entity
    counts once."""
    order = np.argsort(table.numbers, kind="stable")
    bounds = np.searchsorted(table.numbers[order], np.arange(len(table.values) + 1))
    sorted_docs = table.docs[order]
    docs_of = [np.sort(sorted_docs[bounds[n] : bounds[n + 1]]) for n in range(len(table.values))]
    found = Companions([(t.docs, t.numbers, len(t.values)) for t in companions]) if companions else None
    roots = merge_roots(table.values, docs_of, rule, found, pinned)
    if np.array_equal(roots, np.arange(len(roots))):
        return table
    kept, renumbered = np.unique(roots, return_inverse=True)
    shown = shown_forms(table.values, np.diff(bounds), roots)
    values = [table.values[shown[int(root)]] for root in kept]
    numbers = renumbered[table.numbers]
    weights = table.weights if table.weights is not None else np.ones(len(numbers), dtype=np.int64)
    order = np.lexsort((-weights, table.docs, numbers))
    numbers, docs, weights = numbers[order], table.docs[order], weights[order]
    first = np.ones(len(order), dtype=bool)
    first[1:] = (numbers[1:] != numbers[:-1]) | (docs[1:] != docs[:-1])
    return FacetTable(
        values,
        docs[first],
        numbers[first],
        weights[first] if table.weights is not None else None,
        _alphabetical(values),
        table.spellings,
        table.spelling_keys,
        renumbered[table.spelling_values],
        table.spelling_facets,
        table.gone_keys,
    )


def with_name_table(
    tables: dict[str, FacetTable], directory: Path, others: dict[str, FacetTable] | None = None
) -> dict[str, FacetTable]:
    """The facets the name table merges, merged (the alias files of the index at ``directory`` win).

    ``others``: the companion facets' tables where ``tables`` does not hold them."""
    merged = dict(tables)
    known = {**(others or {}), **tables}  # as read, before any merge
    if {PEOPLE, ORGANISATIONS} <= known.keys():
        kinds = dict(
            zip(
                (PEOPLE, ORGANISATIONS),
                rekinded(known[PEOPLE], known[ORGANISATIONS], known.get(PLACES)),
                strict=True,
            )
        )
        merged.update({facet: table for facet, table in kinds.items() if facet in merged})
    for facet, (rule, kind, companion_facets) in MERGED_FACETS.items():
        if facet in merged:
            companions = [known[name] for name in companion_facets]
            merged[facet] = merged_by_names(merged[facet], rule, pinned_keys(directory, kind), companions)
    return merged


PEOPLE, ORGANISATIONS, PLACES = "people", "organisations", "places"


def rekinded(
    people: FacetTable, orgs: FacetTable, places: FacetTable | None = None
) -> tuple[FacetTable, FacetTable]:
    """Both facets with each value in the facet of its kind, as the archive says
    (``indexer.name_table.rekinding``): a firm tagged as a person counts as that firm."""
    counts = [np.bincount(t.numbers, minlength=len(t.values)) for t in (people, orgs)]
    found: list[tuple[str, int]] = []
    if places is not None:
        place_counts = np.bincount(places.numbers, minlength=len(places.values)).tolist()
        found = list(zip(places.values, place_counts, strict=True))
    kinds = rekinding(people.values, counts[0], orgs.values, counts[1], found)
    gone_people = {*kinds.to_organisations, *kinds.no_one}
    people_kept, orgs_added = _moved(people, kinds.to_organisations, gone_people, PEOPLE)
    orgs_kept, people_added = _moved(orgs, kinds.to_people, set(kinds.to_people), ORGANISATIONS)
    return _joined(people_kept, people_added), _joined(orgs_kept, orgs_added)


@dataclass(slots=True)
class _Moving:
    """Postings and spellings leaving a facet for values of another."""

    docs: np.ndarray
    numbers: np.ndarray  # the other facet's value numbers
    spellings: list[str]
    keys: list[str]
    values: list[int]
    facet: str  # the field the spellings are found in


def _moved(
    table: FacetTable, moves: dict[int, int], gone: set[int], facet: str
) -> tuple[FacetTable, _Moving]:
    """The table without the values ``gone``, and what ``moves`` sends to the other facet."""
    leaving = np.isin(table.numbers, list(gone)) if gone else np.zeros(len(table.numbers), dtype=bool)
    target = np.array([moves.get(n, -1) for n in range(len(table.values))], dtype=np.int64)
    sent = leaving & (target[table.numbers] >= 0) if len(table.numbers) else leaving
    own = table.spelling_values
    staying = ~np.isin(own, list(gone)) if gone else np.ones(len(own), dtype=bool)
    moving = np.flatnonzero(~staying & (target[own] >= 0) if len(own) else ~staying).tolist()
    moved = _Moving(
        table.docs[sent],
        target[table.numbers[sent]],
        [table.spellings[n] for n in moving],
        [table.spelling_keys[n] for n in moving],
        [int(target[own[n]]) for n in moving],
        facet,
    )
    kept = np.flatnonzero(staying).tolist()
    facets = table.spelling_facets or [""] * len(table.spellings)
    left = FacetTable(
        table.values,
        table.docs[~leaving],
        table.numbers[~leaving],
        table.weights[~leaving] if table.weights is not None else None,
        table.alphabetical,
        [table.spellings[n] for n in kept],
        [table.spelling_keys[n] for n in kept],
        own[staying],
        [facets[n] for n in kept],
        sorted({*table.gone_keys, *(table.spelling_keys[n] for n in np.flatnonzero(~staying).tolist())}),
    )
    return left, moved


def _joined(table: FacetTable, moved: _Moving) -> FacetTable:
    """The table with another facet's postings and spellings added (an article counts once)."""
    if not len(moved.docs) and not moved.spellings:
        return table
    numbers = np.concatenate([table.numbers, moved.numbers])
    docs = np.concatenate([table.docs, moved.docs])
    weights = None
    if table.weights is not None:
        weights = np.concatenate([table.weights, np.ones(len(moved.docs), dtype=table.weights.dtype)])
    order = np.lexsort((docs, numbers))
    numbers, docs = numbers[order], docs[order]
    first = np.ones(len(order), dtype=bool)
    first[1:] = (numbers[1:] != numbers[:-1]) | (docs[1:] != docs[:-1])
    facets = table.spelling_facets or [""] * len(table.spellings)
    moved_keys = set(moved.keys)
    return FacetTable(
        table.values,
        docs[first],
        numbers[first],
        weights[order][first] if weights is not None else None,
        table.alphabetical,
        table.spellings + moved.spellings,
        table.spelling_keys + moved.keys,
        np.concatenate([table.spelling_values, np.array(moved.values, dtype=np.int64)]),
        facets + [moved.facet] * len(moved.spellings),
        [k for k in table.gone_keys if k not in moved_keys],
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


def build_table(reader: IndexReader, field: str, directory: Path | None = None) -> FacetTable:
    """A facet's table read from the index (when none was saved), merged by the name table
    as the writer merges it when ``directory`` (the index's) is given."""
    table = _read_table(reader, field)
    if directory is None or field not in MERGED_FACETS:
        return table
    wanted = {*MERGED_FACETS[field][2], *MERGED_FACETS, PLACES}  # companions, and the kinds (rekinding)
    others = {name: _read_table(reader, name) for name in wanted if name != field}
    return with_name_table({field: table}, directory, others)[field]


def _read_table(reader: IndexReader, field: str) -> FacetTable:
    return merge_tables(
        [(_leaf_part(leaf, field), offset, _deleted(leaf)) for leaf, offset in reader.leaf_readers()]
    )


def _path(directory: Path, generation: int) -> Path:
    # v3: numpy's format without pickles; v4: with the name table's merges and every spelling;
    # v5: with each spelling's field and the keys gone to another kind
    return directory / f"facets-{generation}.v5.npz"


def _segment_path(directory: Path, segment_id: str) -> Path:
    return directory / f"segment-facets-{segment_id}.v3.npz"


# Saved as plain arrays and JSON text, loaded with allow_pickle=False: a table file
# planted in the index folder can hold wrong numbers, never code.
_LOADING_ERRORS = (OSError, ValueError, KeyError, TypeError, EOFError, zipfile.BadZipFile)
_KINDS = ("int64", "float64")

Columns = dict[str, list[str] | np.ndarray]  # one table: strings, or int64 or float64 arrays


def _save(path: Path, tables: dict[str, Columns]) -> None:
    staged = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    with staged.open("wb") as out:  # a file, not a name: numpy would append ".npz" to the name
        np.savez(out, allow_pickle=False, **_packed(tables))
    os.replace(staged, path)


def _packed(tables: dict[str, Columns]) -> dict[str, np.ndarray]:
    """Every column in three arrays: the layout with the strings as JSON, the integers, the floats.

    Three members of the zip file rather than one per column: each costs a lookup and a header."""
    layout: dict[str, dict[str, dict[str, Any]]] = {}
    pools: dict[str, list[np.ndarray]] = {kind: [] for kind in _KINDS}
    ends = dict.fromkeys(_KINDS, 0)
    for field, columns in tables.items():
        strings, arrays = {}, {}
        for name, column in columns.items():
            if isinstance(column, list):
                strings[name] = column
                continue
            kind = column.dtype.name
            arrays[name] = [kind, ends[kind], ends[kind] + len(column)]
            pools[kind].append(column)
            ends[kind] += len(column)
        layout[field] = {"strings": strings, "arrays": arrays}
    text = json.dumps(layout).encode("ascii")  # escaped: faster to write than UTF-8
    return {
        "layout": np.frombuffer(text, dtype=np.uint8),
        **{kind: np.concatenate(pool) if pool else np.empty(0, dtype=kind) for kind, pool in pools.items()},
    }


class _Saved:
    """One table's columns as loaded; each is checked before use (a file can be altered)."""

    def __init__(self, layout: dict[str, Any], pools: dict[str, np.ndarray]) -> None:
        self._strings: dict[str, Any] = layout["strings"]
        self._arrays: dict[str, Any] = layout["arrays"]
        self._pools = pools

    def strings(self, name: str) -> list[str]:
        strings = self._strings[name]
        if not isinstance(strings, list) or not set(map(type, strings)) <= {str}:
            raise ValueError(f"{name}: not a list of strings")
        return strings

    def has(self, name: str) -> bool:
        return name in self._arrays

    def floats(self, name: str, size: int) -> np.ndarray:
        return self._array(name, "float64", size)

    def integers(self, name: str, size: int | None = None, below: int | None = None) -> np.ndarray:
        """Numbers that can index what they refer to."""
        numbers = self._array(name, "int64", size)
        if len(numbers) and (numbers.min() < 0 or (below is not None and numbers.max() >= below)):
            raise ValueError(f"{name}: numbers out of range")
        return numbers

    def _array(self, name: str, kind: str, size: int | None) -> np.ndarray:
        saved_kind, start, stop = self._arrays[name]
        pool = self._pools[kind]
        if saved_kind != kind or not 0 <= start <= stop <= len(pool) or size not in (None, stop - start):
            raise ValueError(f"{name}: not the saved column")
        return pool[start:stop]


def _load(path: Path) -> dict[str, _Saved]:
    """Every table of a saved file, by field (a truncated or altered file fails here)."""
    with np.load(path, allow_pickle=False) as saved:
        layout = json.loads(saved["layout"].tobytes())
        pools = {kind: saved[kind] for kind in _KINDS}
    if any(pool.dtype != kind or pool.ndim != 1 for kind, pool in pools.items()):
        raise ValueError("not the saved columns")
    return {field: _Saved(layout[field], pools) for field in TABLE_FIELDS}


def _segment_columns(part: SegmentTable) -> Columns:
    return {
        "spellings": part.spellings,
        "keys": part.keys,
        "docs": part.docs,
        "terms": part.terms,
        "weights": part.weights,
    }


def _segment_from(saved: _Saved) -> SegmentTable:
    spellings, keys = saved.strings("spellings"), saved.strings("keys")
    if len(keys) != len(spellings):
        raise ValueError("spellings and keys differ in number")
    docs = saved.integers("docs")
    terms = saved.integers("terms", len(docs), below=len(spellings))
    return SegmentTable(spellings, keys, docs, terms, saved.floats("weights", len(docs)))


def _table_columns(table: FacetTable) -> Columns:
    columns: Columns = {
        "values": table.values,
        "docs": table.docs,
        "numbers": table.numbers,
        "alphabetical": table.alphabetical,
        "spellings": table.spellings,
        "spelling_keys": table.spelling_keys,
        "spelling_values": table.spelling_values,
        "spelling_facets": table.spelling_facets or [""] * len(table.spellings),
        "gone_keys": table.gone_keys,
    }
    if table.weights is not None:
        columns["weights"] = table.weights
    return columns


def _table_from(saved: _Saved) -> FacetTable:
    values = saved.strings("values")
    docs = saved.integers("docs")
    spellings, keys = saved.strings("spellings"), saved.strings("spelling_keys")
    if len(keys) != len(spellings):
        raise ValueError("spellings and keys differ in number")
    return FacetTable(
        values,
        docs,
        saved.integers("numbers", len(docs), below=len(values)),
        saved.integers("weights", len(docs)) if saved.has("weights") else None,
        saved.integers("alphabetical", len(values), below=max(len(values), 1)),
        spellings,
        keys,
        saved.integers("spelling_values", len(spellings), below=max(len(values), 1)),
        _same_length(saved.strings("spelling_facets"), spellings),
        saved.strings("gone_keys"),
    )


def _same_length(column: list[str], spellings: list[str]) -> list[str]:
    if len(column) != len(spellings):
        raise ValueError("a column and the spellings differ in number")
    return column


def save_segment_tables(directory: Path, segment_id: str, terms_of: Callable[[str], Terms]) -> None:
    """A new segment's parts, saved by the process that wrote it (before the commit that adds it)."""
    parts = {field: _segment_columns(segment_table(terms_of(field))) for field in TABLE_FIELDS}
    _save(_segment_path(directory, segment_id), parts)


def _segment_tables(directory: Path, leaf: SegmentReader) -> dict[str, SegmentTable]:
    segment_id = leaf_segment_id(leaf)
    if segment_id is None:  # an index with no segment yet: nothing to save
        return {field: _leaf_part(leaf, field) for field in TABLE_FIELDS}
    path = _segment_path(directory, segment_id)
    try:
        return {field: _segment_from(saved) for field, saved in _load(path).items()}
    except _LOADING_ERRORS:  # none yet, or damaged: read again from the segment
        pass
    parts = {field: _leaf_part(leaf, field) for field in TABLE_FIELDS}
    _save(path, {field: _segment_columns(part) for field, part in parts.items()})
    return parts


def save_tables(directory: Path) -> None:
    """Every facet table of the index's latest commit, saved beside the index.

    Merged from the segments' parts: saved by the workers that wrote them, or
    read from the segment here once and kept."""
    ix = open_index(directory)
    generation = ix.latest_generation()
    with ix.reader() as reader:
        leaves = reader.leaf_readers()
        parts = [(_segment_tables(directory, leaf), offset, _deleted(leaf)) for leaf, offset in leaves]
        tables = {
            field: merge_tables([(p[field], offset, gone) for p, offset, gone in parts])
            for field in TABLE_FIELDS
        }
        tables = with_name_table(tables, directory)
        current = {_segment_path(directory, s) for leaf, _ in leaves if (s := leaf_segment_id(leaf))}
    _save(_path(directory, generation), {field: _table_columns(table) for field, table in tables.items()})
    for old in directory.glob("facets-*"):  # an earlier commit's, or an older format's (pickles)
        if old != _path(directory, generation):
            old.unlink(missing_ok=True)
    for old in directory.glob("segment-facets-*"):
        if old not in current:  # a segment merged away, or never committed, or an older format
            old.unlink(missing_ok=True)


def load_tables(directory: Path, generation: int) -> dict[str, FacetTable]:
    """The saved tables of this commit, or none (they are then built on first use)."""
    try:
        return {field: _table_from(saved) for field, saved in _load(_path(directory, generation)).items()}
    except _LOADING_ERRORS:  # none, or damaged: the search side builds them from the index
        return {}
