"""Facet tables: for each facet field, every article's value numbers.

Built from the postings (Whoosh's own grouping counts only the first value
of a multi-valued field), once per commit: the writer saves them beside the
index, so the first search after a commit only loads them. Values whose
name keys are equal (Yarmouk, al-Yarmuk) share one number, shown under the
spelling most articles use.
"""

from __future__ import annotations

import os
import pickle
from dataclasses import dataclass
from pathlib import Path

from whoosh import index
from whoosh.reading import IndexReader

from indexer.entities.names import name_key
from indexer.schema import FACETS

TABLE_FIELDS = (*FACETS, "month", "place_path")


@dataclass(slots=True)
class FacetTable:
    values: list[str]  # value number → the spelling shown
    by_doc: dict[int, tuple[int, ...]]  # document → value numbers (a speaker once per quote)


def build_table(reader: IndexReader, field: str) -> FacetTable:
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
    by_doc = {doc: tuple(n for n, w in per_doc.items() for _ in range(w)) for doc, per_doc in weights.items()}
    return FacetTable([spelling for _, spelling in best], by_doc)


def _path(directory: Path, generation: int) -> Path:
    return directory / f"facets-{generation}.pickle"


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
