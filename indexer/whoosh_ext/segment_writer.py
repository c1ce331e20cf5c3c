"""A Whoosh segment writer that keeps postings by term and writes each term's at once.

Whoosh's ``SegmentWriter`` puts every posting in a pool as a tuple, sorts
them all when the segment is finished and hands them to the postings
writer one call at a time, looking up the document's field length for each.
The workers write tens of thousands of articles per segment, and that was a
third of their writing time. Here a document's postings go straight into a
list per term, finishing the segment sorts only the terms, and each term's
postings are written a block at a time with lengths kept as the documents
came. The segment files are byte for byte those Whoosh writes (a test
compares them), so everything that reads an index reads these.
"""

from __future__ import annotations

from array import array
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from whoosh.codec.whoosh3 import W3PostingsWriter
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import SegmentWriter

# one term's postings in one segment: documents, weights, encoded values
TermPostings = tuple[list[int], list[float], list[bytes]]


class TermPostingsWriter(W3PostingsWriter):  # type: ignore[misc]
    """Whoosh's postings writer, given a whole term's postings at a time."""

    _ids: Any  # Whoosh's block buffer (an array of ids), set by the base class

    def add_term_postings(self, postings: TermPostings, lengths: bytearray | None) -> None:
        """Fill the blocks as ``add_posting`` would one posting at a time (same blocks, same statistics)."""
        ids, weights, values = postings
        limit = self._blocklimit
        for start in range(0, len(ids), limit):
            if self._ids:  # a full block: Whoosh writes it when the next posting comes
                self._write_block()
            block_ids = ids[start : start + limit]
            block_weights = weights[start : start + limit]
            self._ids = array("I", block_ids)
            self._weights = array("f", block_weights)
            self._values = [value for value in values[start : start + limit] if value]
            self._maxweight = max(0, max(block_weights))
            if lengths is not None:
                found = [lengths[docnum] for docnum in block_ids if docnum < len(lengths) and lengths[docnum]]
                if found:
                    self._minlength = byte_to_length(min(found))
                    self._maxlength = byte_to_length(max(found))


class TermSegmentWriter(SegmentWriter):  # type: ignore[misc]
    """A segment writer (no lock: a worker's own segment) for documents of plain fields.

    Documents may not use Whoosh's ``_boost``/``_stored_`` keys, spelling or
    term vectors; the schema here uses none of them.
    """

    def __init__(self, ix: Any, **settings: Any) -> None:
        super().__init__(ix, _lk=False, **settings)
        self._terms: defaultdict[str, dict[bytes, TermPostings]] = defaultdict(dict)
        # field → its length byte per document, for the postings blocks' statistics
        self._lengths: defaultdict[str, bytearray] = defaultdict(bytearray)

    def add_document(self, **fields: Any) -> None:
        self._check_state()
        docnum = self.docnum
        names = sorted(fields)
        self._check_fields(self.schema, names)
        # analysed before anything is kept: a field that fails leaves no postings behind
        analysed = {name: self._analysed(name, fields[name]) for name in names if fields[name] is not None}
        perdoc = self.perdocwriter
        perdoc.start_doc(docnum)
        for name, (postings, length) in analysed.items():
            field = self.schema[name]
            terms = self._terms[name] if postings else {}
            for tbytes, weight, vbytes in postings:
                found = terms.get(tbytes)
                if found is None:
                    terms[tbytes] = found = ([], [], [])
                found[0].append(docnum)
                found[1].append(weight)
                found[2].append(vbytes)
            if length:
                column = self._lengths[name]
                column.extend(bytes(docnum + 1 - len(column)))
                column[docnum] = length_to_byte(length)
            value = fields[name]
            perdoc.add_field(name, field, value if field.stored else None, length)
            if field.column_type:
                perdoc.add_column_value(name, field.column_type, field.to_column_value(value))
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1

    def term_postings(self, field: str) -> Iterator[tuple[bytes, list[int], list[float]]]:
        """A field's terms in order, each with its documents and weights (before or after finishing)."""
        terms = self._terms.get(field, {})
        for tbytes in sorted(terms):
            ids, weights, _ = terms[tbytes]
            yield tbytes, ids, weights

    def add_reader(self, reader: Any) -> None:
        raise NotImplementedError("merging is left to Whoosh's own writer: it goes through the pool")

    def _analysed(self, name: str, value: Any) -> tuple[list[tuple[bytes, float, bytes]], int]:
        field = self.schema[name]
        if not field.indexed:
            return [], 0
        postings = []
        length = 0
        for tbytes, freq, weight, vbytes in field.index(value):
            length += freq
            postings.append((tbytes, weight, vbytes))
        return postings, (length if field.scorable else 0)

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        writer = self.fieldwriter
        for name in sorted(self._terms):
            terms = self._terms[name]
            writer.start_field(name, self.schema[name])
            lengths = self._lengths.get(name)
            postings_writer: TermPostingsWriter = writer._postwriter
            for tbytes in sorted(terms):
                writer.start_term(tbytes)
                postings_writer.add_term_postings(terms[tbytes], lengths)
                writer.finish_term()
            writer.finish_field()
        writer.close()
