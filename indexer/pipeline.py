"""From a file to finished Articles.

``parse_file`` runs the stages in order:

1. read: the reader for the file's format splits it into Articles
   (header, sections, captions, comments);
2. enrich: each extractor in ``EXTRACTORS`` fills fields from the text
   (entities and quotes land here as they are built);
3. override: archive-level facts the caller knows (``source``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from indexer.article import Article
from indexer.readers import read_articles

Extractor = Callable[[Article], None]

EXTRACTORS: list[Extractor] = []


def parse_file(path: Path, article_id: str, *, source: str | None = None) -> list[Article]:
    articles = read_articles(path, article_id)
    for article in articles:
        for extract in EXTRACTORS:
            extract(article)
        if source:
            article.source = source
    return articles
