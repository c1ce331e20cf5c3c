"""The one place dateline reaches into Whoosh's private API.

dateline writes and reads Whoosh's files faster than Whoosh's public API
allows, and that needs Whoosh's internals: its codec and postings writer,
its segment writer's finishing steps, its postings blocks, its length
columns, its list of segments, its query expansion. Every such use is in
this package, behind functions and classes of ours; the rest of
``indexer`` and ``search`` calls those only (``tests/test_whoosh_seam.py``
checks both that, and that the installed Whoosh is the version pinned in
``pyproject.toml``). Upgrading Whoosh means reading these modules:

- ``codec``: ``DatelineCodec`` (W3Codec uncompressed, a per-document
  reader that remembers a missing length column) and ``writer_settings``.
- ``segment_writer``: ``TermSegmentWriter`` and ``TermPostingsWriter``,
  writing the files byte for byte as Whoosh does
  (``tests/test_segment_writer.py``).
- ``commit``: a writer's next commit number, finishing a worker's segment,
  committing with the workers' segments (as Whoosh's MpWriter does).
- ``listing``: the segments a commit holds.
- ``postings``: a term's postings and positions read a block at a time.
- ``lengths``: the one-byte field length columns, and BM25F's parameters.
- ``queries``: a pattern's terms, a date range's term ranges, and
  ``ExpandedTerms``, a pattern already expanded.

Written against whoosh-reloaded 2.7.5 (W3 codec).
"""
