"""From a file to finished Articles.

``parse_file`` runs the stages in order:

1. read: the reader for the file's format splits it into Articles
   (header, sections, captions, comments);
2. complete and override: a wire sign-off closing the story dropped, the
   lede's dateline for any format, and archive-level facts the caller
   knows (``source``);
3. enrich: people, places and organisations from headline, captions and
   body (``indexer.entities.extract``), with the user's aliases applied;
4. quotes and their speakers, resolved to those people
   (``indexer.entities.quotes``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from indexer.article import Article
from indexer.entities.extract import extract_entities
from indexer.entities.gazetteer import load_gazetteer
from indexer.entities.quotes import extract_quotes
from indexer.errors import PartialReadError
from indexer.readers import read_articles
from indexer.readers.text import drop_sign_off, read_dateline_and_source


@dataclass(frozen=True, slots=True)
class ParseOptions:
    source: str | None = None
    aliases: Path | None = None


def parse_file(path: Path, article_id: str, options: ParseOptions | None = None) -> list[Article]:
    options = options or ParseOptions()
    problems: list[str] = []
    try:
        articles = read_articles(path, article_id)
    except PartialReadError as err:  # enrich the good records, then report the broken ones
        articles, problems = err.articles, err.problems
    articles = enrich_articles(articles, options)
    if problems:
        raise PartialReadError(str(path), problems, articles)
    return articles


def enrich_articles(articles: list[Article], options: ParseOptions) -> list[Article]:
    """Stages 2 to 4 on articles already read; the unit of work a worker process runs."""
    gazetteer = load_gazetteer(options.aliases)
    for article in articles:
        drop_sign_off(article)
        if article.dateline is None:
            read_dateline_and_source(article)
        if options.source:
            article.source = options.source
        extract_entities(article, gazetteer)
        extract_quotes(article)
    return articles
