"""The index folder is a trust boundary: opening an index can run code.

Whoosh keeps each commit's table of contents (``_MAIN_N.toc``) as a pickle,
and unpickles it whenever the index is opened, so whoever can write a file
of the live index can make dateline run their code. dateline's own files
(facet tables, manifest) carry no code, but the TOC's format is Whoosh's.
So an index is opened only if every file of its live generation, the folder
holding them and, for a generation, the index folder and its ``CURRENT``
pointer belong to the current user (or root) and no one else can write them.
Whoever trusts everyone who can write the folder says so with
``--trust-index`` or ``DATELINE_TRUST_INDEX=1``.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

from indexer.errors import UntrustedIndexError
from indexer.store import CURRENT

TRUST_ENV = "DATELINE_TRUST_INDEX"
_WRITABLE_BY_OTHERS = stat.S_IWGRP | stat.S_IWOTH
_ROOT = 0


def trust_every_index() -> None:
    """Skip the check for the rest of this process and the processes it starts (``--trust-index``)."""
    os.environ[TRUST_ENV] = "1"


def keep_files_private() -> None:
    """Files this process creates are writable by their owner alone.

    With a umask of 002 (common where each user has a group of their own)
    dateline's own index would be group-writable, and refused on next open."""
    os.umask(os.umask(0) | _WRITABLE_BY_OTHERS)


def check_index_folder(directory: Path) -> None:
    """Raise UntrustedIndexError unless only the current user (or root) can have written the index.

    ``directory`` is the Whoosh index about to be opened: a generation, or a
    bare index. One stat per file; a folder that does not exist passes (there
    is nothing to open)."""
    if os.environ.get(TRUST_ENV) == "1" or not hasattr(os, "geteuid") or not directory.is_dir():
        return
    me = os.geteuid()
    for path in _paths_to_check(directory):
        try:
            info = path.stat()
        except OSError:  # gone meanwhile (a writer removed an old segment) or a dangling link
            continue
        problem = _problem(info, me)
        if problem:
            raise UntrustedIndexError(str(path), problem)


def _paths_to_check(directory: Path) -> Iterator[Path]:
    yield directory
    with os.scandir(directory) as entries:
        for entry in entries:
            yield Path(entry.path)
    parent = directory.parent
    if (parent / CURRENT).is_file():  # a generation: CURRENT chooses what is opened
        yield parent
        yield parent / CURRENT


def _problem(info: os.stat_result, me: int) -> str | None:
    if info.st_uid not in (me, _ROOT):
        return f"owned by another user (uid {info.st_uid})"
    if info.st_mode & _WRITABLE_BY_OTHERS:
        return "writable by other users (group or world)"
    return None
