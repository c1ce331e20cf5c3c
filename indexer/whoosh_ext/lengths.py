"""Field lengths as Whoosh stores them (one byte per document), and BM25F's parameters."""

from __future__ import annotations

from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.scoring import BM25F
from whoosh.util.numeric import byte_to_length

_BYTE_TO_LENGTH = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)


def leaf_lengths(leaf: Any, fieldname: str) -> np.ndarray:
    """Every document's length in the field in one segment, decoded as Whoosh decodes it; 1 if none."""
    count = leaf.doc_count_all()
    try:  # the length column is one byte per document: read it whole
        perdoc = leaf._perdoc
        lenfield = _lenfield(fieldname)
        if not perdoc.has_column(lenfield):
            return np.ones(count)
        colfile, offset, length = perdoc._get_column_file(lenfield)
        raw = np.frombuffer(bytes(colfile.get(offset, length)), dtype=np.uint8)[:count]
        # the column stops at the last document that has the field: the rest are unset (0)
        raw = np.concatenate((raw, np.zeros(count - len(raw), dtype=np.uint8)))
        if LENGTHS_COLUMN._default == 0:
            lengths = _BYTE_TO_LENGTH[raw]
            return np.where(raw == 0, 1.0, lengths)  # Whoosh's scorer asks with default 1
    except (AttributeError, OSError, ValueError):
        pass
    return np.array([leaf.doc_field_length(d, fieldname, 1) for d in range(count)], dtype=np.float64)


def bm25f_b(weighting: BM25F, fieldname: str) -> float:
    """BM25F's length normalisation for a field (its own B if it was given one)."""
    b: float = weighting._field_B.get(fieldname, weighting.B)
    return b
