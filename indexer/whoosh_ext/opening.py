"""Opening an index: the trust check first, and Whoosh's exceptions translated into
dateline's in this one place (``indexer.errors``)."""

from __future__ import annotations

import pickle
import struct
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from whoosh import index
from whoosh.index import Index

from indexer.errors import IndexDamagedError, IndexLockedError, IndexMissingError
from indexer.trust import check_index_folder


@contextmanager
def whoosh_errors(directory: Path) -> Iterator[None]:
    """Whoosh's errors about an index as dateline's, naming the folder."""
    try:
        yield
    except index.LockError as err:
        raise IndexLockedError(f"{directory}: another process is writing this index") from err
    except index.EmptyIndexError as err:
        raise IndexMissingError(str(directory)) from err
    except (index.IndexError, pickle.UnpicklingError, EOFError, struct.error) as err:
        raise IndexDamagedError(str(directory), f"{type(err).__name__}: {err}") from err


def index_exists(directory: Path) -> bool:
    check_index_folder(directory)
    with whoosh_errors(directory):
        return bool(index.exists_in(str(directory)))


def open_index(directory: Path) -> Index:
    """The Whoosh index in ``directory``, once its folder passed the trust check."""
    check_index_folder(directory)
    with whoosh_errors(directory):
        return index.open_dir(str(directory))
