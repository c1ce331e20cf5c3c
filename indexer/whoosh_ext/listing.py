"""The segments an index's latest commit is made of."""

from __future__ import annotations

from typing import Any

from whoosh.index import Index


def segment_ids(ix: Index) -> set[str]:
    """The ids of the latest commit's segments (each segment's files carry its id in their names)."""
    return {segment.segment_id() for segment in ix._segments()}


def segment_count(ix: Index) -> int:
    return len(ix._segments())


def leaf_segment_id(leaf: Any) -> str | None:
    """The id of the segment a leaf reader (one of ``reader.leaf_readers()``) reads; None for
    the one leaf of an index with no segment yet (Whoosh's empty reader has no segment)."""
    segment = leaf.segment()
    return None if segment is None else str(segment.segment_id())
