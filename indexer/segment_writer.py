"""The name under which every index's table of contents finds dateline's codec.

Whoosh pickles each segment with its codec, naming the class by module:
indexes name ``indexer.segment_writer.DatelineCodec``, where the codec was
first written. It lives in ``indexer.whoosh_ext.codec`` now; nothing
imports this module but Whoosh opening an index (``whoosh_ext/toc.py``).
"""

from indexer.whoosh_ext.codec import DatelineCodec

__all__ = ["DatelineCodec"]
