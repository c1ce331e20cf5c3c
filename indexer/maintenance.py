"""What an index holds, and merging its segments."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from whoosh.query import Term
from whoosh.searching import Searcher

from indexer.errors import IndexMissingError
from indexer.facet_tables import save_tables
from indexer.lock import index_lock
from indexer.manifest import drop_other_manifests, load_manifest, save_manifest
from indexer.schema import ARTICLE_KIND, QUOTE_KIND
from indexer.store import LAST_RUN, live_dir
from indexer.whoosh_ext.codec import writer_settings
from indexer.whoosh_ext.commit import commit_number
from indexer.whoosh_ext.listing import segment_count
from indexer.whoosh_ext.opening import index_exists, open_index


@dataclass(slots=True)
class IndexStats:
    index: str
    generation: str
    articles: int
    quotes: int
    segments: int
    bytes: int
    last_run: dict[str, Any] | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def index_stats(index_dir: Path) -> IndexStats:
    live = live_dir(index_dir)
    if not index_exists(live):
        raise IndexMissingError(str(index_dir))
    ix = open_index(live)
    with ix.searcher() as searcher:
        articles = count_kind(searcher, ARTICLE_KIND)
        quotes = count_kind(searcher, QUOTE_KIND)
    last_run = index_dir / LAST_RUN
    return IndexStats(
        index=str(index_dir),
        generation=live.name,
        articles=articles,
        quotes=quotes,
        segments=segment_count(ix),
        bytes=sum(p.stat().st_size for p in live.iterdir() if p.is_file()),
        last_run=json.loads(last_run.read_text()) if last_run.is_file() else None,
    )


def optimize_index(index_dir: Path, wait: float = 0.0) -> tuple[int, int]:
    """Merge every segment into one; returns the segment counts before and after."""
    with index_lock(index_dir, wait, holder="dateline optimize"):
        live = live_dir(index_dir)  # only now: a --full run may have swapped it while we waited
        if not index_exists(live):
            raise IndexMissingError(str(index_dir))
        ix = open_index(live)
        before = segment_count(ix)
        files, settings = load_manifest(live)
        writer = ix.writer(**writer_settings())
        if settings:  # the same files, in the new commit
            save_manifest(live, commit_number(writer), files, settings)
        writer.commit(optimize=True)  # Whoosh's optimize() would make a compound file
        drop_other_manifests(live, commit_number(writer))
        save_tables(live)
        return before, segment_count(open_index(live))


def count_articles(index_dir: Path) -> int:
    directory = live_dir(index_dir)
    if not index_exists(directory):
        return 0
    with open_index(directory).searcher() as searcher:
        return count_kind(searcher, ARTICLE_KIND)


def count_kind(searcher: Searcher, kind: str) -> int:
    """How many documents of a kind (articles, quotes) a view of the index holds."""
    return len(list(searcher.docs_for_query(Term("kind", kind))))
