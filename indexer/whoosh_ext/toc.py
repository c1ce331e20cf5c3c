"""What an index's table of contents names: the classes Whoosh pickles into it.

Whoosh keeps each commit's schema and segments as pickles in
``_MAIN_<n>.toc``; a pickle names each class by module and name, so those
names are part of the index format. An index whose table of contents names
a module that no longer exists cannot be opened: a class that is pickled
there must keep its name when the code moves (``tests/test_whoosh_seam.py``
pins the names).
"""

from __future__ import annotations

import io
import pickle
from pathlib import Path
from typing import Any

from whoosh import index
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC


class _NameRecorder(pickle.Unpickler):
    def __init__(self, data: bytes) -> None:
        super().__init__(io.BytesIO(data))
        self.names: set[str] = set()

    def find_class(self, module: str, name: str) -> Any:
        self.names.add(f"{module}.{name}")
        return super().find_class(module, name)


def toc_pickled_names(directory: Path) -> set[str]:
    """Every class and function the latest commit's table of contents names (it is unpickled:
    call it on an index of your own only)."""
    storage = FileStorage(str(directory))
    stream = storage.open_file(TOC._filename("MAIN", index.open_dir(str(directory)).latest_generation()))
    try:
        for _ in range(3):  # the sizes of int, long and float
            stream.read_varint()
        stream.read_int()  # the byte-order check
        stream.read_int()  # the TOC version
        for _ in range(3):  # Whoosh's release
            stream.read_varint()
        schema = stream.read_string()
        stream.read_int()  # the generation
        stream.read_int()  # unused
        segments = stream.read()
    finally:
        stream.close()
    names: set[str] = set()
    for data in (schema, segments):
        recorder = _NameRecorder(data)
        recorder.load()
        names |= recorder.names
    return names
