"""Where an index lives on disk, and how a new one replaces it atomically.

An index directory holds generations (``gen-1``, ``gen-2``…), each a
complete Whoosh index with its own file manifest, and a ``CURRENT`` file
naming the live one. A full rebuild writes a new generation and then
replaces ``CURRENT`` in one ``os.replace``: a searcher opened before keeps
reading the old generation, which stays on disk until the next rebuild.
A directory holding a bare Whoosh index (no ``CURRENT``) is read as is.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from whoosh import index

from indexer.whoosh_ext.listing import segment_ids

CURRENT = "CURRENT"
ALIASES_FILE = "aliases.txt"  # the user alias file an index was built with
LAST_RUN = "last-run.json"  # what the last run did
_GENERATION = re.compile(r"^gen-(\d+)$")


def live_dir(index_dir: Path) -> Path:
    """The directory of the live Whoosh index."""
    pointer = index_dir / CURRENT
    if pointer.is_file():
        name = pointer.read_text().strip()
        if _GENERATION.match(name) and (index_dir / name).is_dir():
            return index_dir / name
    return index_dir


def has_generations(index_dir: Path) -> bool:
    return (index_dir / CURRENT).is_file()


def new_generation(index_dir: Path) -> Path:
    """A fresh, empty generation directory (not yet live)."""
    index_dir.mkdir(parents=True, exist_ok=True)
    numbers = [int(m[1]) for p in index_dir.iterdir() if (m := _GENERATION.match(p.name))]
    generation = index_dir / f"gen-{max(numbers, default=0) + 1}"
    generation.mkdir()
    return generation


def make_live(index_dir: Path, generation: Path) -> None:
    """Point CURRENT at a generation atomically, then drop all but it and the one before."""
    previous = live_dir(index_dir) if has_generations(index_dir) else None
    staged = index_dir / f"{CURRENT}.{os.getpid()}.tmp"
    staged.write_text(generation.name + "\n")
    os.replace(staged, index_dir / CURRENT)
    keep = {generation.name, previous.name if previous else ""}
    for path in index_dir.iterdir():
        if _GENERATION.match(path.name) and path.name not in keep:
            shutil.rmtree(path, ignore_errors=True)


# Whoosh writes a table of contents to "_MAIN_<n>.toc.<time>" and renames it, and buffers in
# "MAIN.tmp"; dateline stages files as "<name>.<pid>.tmp". Any of them left behind belongs to a
# run that died. Every file of a segment (Whoosh's, and dateline's tables of it) names its id.
_STAGED = re.compile(r"^(_MAIN_\d+\.toc\.[\d.]+|.+\.\d+\.tmp|MAIN\.tmp)$")
_SEGMENT_FILE = re.compile(r"(?:^|[-_])(MAIN_[0-9a-z]{16})(?:[._-]|$)")


def remove_leftovers(generation: Path) -> None:
    """Files of runs that died (or failed, e.g. on a full disk) in a generation: staged
    files never renamed into place, and files of segments no commit refers to. Call
    under the index lock, on a generation already checked (``indexer.trust``)."""
    if not generation.is_dir():
        return
    live = set()
    if index.exists_in(str(generation)):  # already checked by the caller (indexer.trust)
        live = segment_ids(index.open_dir(str(generation)))
    for path in generation.iterdir():
        segment = _SEGMENT_FILE.search(path.name)
        if _STAGED.match(path.name) or (segment and segment[1] not in live):
            shutil.rmtree(path) if path.is_dir() else path.unlink(missing_ok=True)


def drop_unfinished(index_dir: Path) -> None:
    """Generations newer than the live one were left by an interrupted rebuild."""
    live = live_dir(index_dir)
    live_number = int(m[1]) if (m := _GENERATION.match(live.name)) else 0
    for path in index_dir.iterdir():
        match = _GENERATION.match(path.name)
        if match and int(match[1]) > live_number:
            shutil.rmtree(path, ignore_errors=True)
        elif _STAGED.match(path.name):
            path.unlink(missing_ok=True)


def index_aliases(index_dir: Path) -> Path | None:
    """The user alias file an index was built with, if any."""
    path = index_dir / ALIASES_FILE
    return path if path.is_file() else None
