"""The codec every dateline writer uses, and the settings it is given with."""

from __future__ import annotations

from typing import Any

from whoosh.codec.whoosh3 import W3Codec, W3PerDocReader

from indexer.whoosh_ext.segment_writer import TermPostingsWriter


class DatelineCodec(W3Codec):  # type: ignore[misc]
    """Whoosh's codec, with postings blocks left uncompressed (faster to write and to read)
    and a per-document reader that remembers a field has no length column: Whoosh
    looks for the file again for every posting of such a field it writes."""

    def __init__(self) -> None:
        super().__init__(compression=0)

    def per_document_reader(self, storage: Any, segment: Any) -> W3PerDocReader:
        return _PerDocReader(storage, segment)

    def postings_writer(self, dbfile: Any, byteids: bool = False) -> TermPostingsWriter:
        return TermPostingsWriter(
            dbfile,
            blocklimit=self._blocklimit,
            byteids=byteids,
            compression=self._compression,
            inlinelimit=self._inlinelimit,
        )


# Whoosh pickles the codec with each segment into the table of contents, by its class's
# module and name: every index written so far names the module the codec was first
# defined in, and that module finds it here (tests/test_whoosh_seam.py pins the names).
DatelineCodec.__module__ = "indexer.segment_writer"


class _PerDocReader(W3PerDocReader):  # type: ignore[misc]
    def _cached_reader(self, fieldname: str, column: Any) -> Any:
        if fieldname not in self._readers:
            self._readers[fieldname] = super()._cached_reader(fieldname, column)  # None included
        return self._readers[fieldname]


def writer_settings() -> dict[str, Any]:
    """Every writer's settings; separate segment files, since a compound file is
    copied into memory each time a searcher opens it."""
    return {"limitmb": 512, "codec": DatelineCodec(), "compound": False}
