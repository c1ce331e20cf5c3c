"""Commits: the number a writer's commit will get, and commits that bring in
segments written by other processes (the steps Whoosh's MpWriter takes)."""

from __future__ import annotations

from typing import Any

from whoosh.writing import SegmentWriter

Segment = Any  # whoosh.codec.whoosh3.W3Segment: a finished segment, picklable to the parent


def commit_number(writer: SegmentWriter) -> int:
    """The number of the commit this writer will make (Whoosh's "generation" of the TOC)."""
    number: int = writer.generation
    return number


def finish_segment(writer: SegmentWriter) -> Segment | None:
    """Write out the segment of a writer that will not commit itself; None if it has no documents.

    Whoosh's own multi-process writer finishes a sub-segment this way; the
    segment is then committed by another writer (``commit_with_segments``).
    """
    return writer._finalize_segment() if writer._added else None


def commit_with_segments(writer: SegmentWriter, segments: list[Segment]) -> None:
    """Commit the writer (its deletions, its own documents) with segments finished elsewhere.

    Whoosh's MpWriter commits its sub-writers' segments the same way.
    """
    writer._check_state()
    final = writer._merge_segments(None, False, True)
    final += segments
    if writer._added:
        final.append(writer._finalize_segment())
    else:
        writer._close_segment()
    writer._commit_toc(final)
    writer._finish()
