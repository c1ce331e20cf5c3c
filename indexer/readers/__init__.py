"""Readers turn one file into Articles. One reader a file format."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from indexer.article import Article
from indexer.errors import ArticleReadError, PartialReadError
from indexer.filenames import printable
from indexer.readers.html import read_html_article
from indexer.readers.records import read_csv_articles, read_jsonl_articles
from indexer.readers.result import ReadResult
from indexer.readers.text import read_text_article

Reader = Callable[[Path, str], ReadResult]


def _single(read: Callable[[Path, str], Article]) -> Reader:
    return lambda path, article_id: ReadResult([read(path, article_id)])


READERS: dict[str, Reader] = {
    ".txt": _single(read_text_article),
    ".text": _single(read_text_article),
    ".html": _single(read_html_article),
    ".htm": _single(read_html_article),
    ".xhtml": _single(read_html_article),
    ".jsonl": read_jsonl_articles,
    ".ndjson": read_jsonl_articles,
    ".csv": read_csv_articles,
}


def has_reader(path: Path) -> bool:
    return path.suffix.lower() in READERS


def reader_for(path: Path) -> Reader:
    """By extension; an unknown one by content: markup is a web page, anything else plain text."""
    if path.suffix.lower() in READERS:
        return READERS[path.suffix.lower()]
    with path.open("rb") as start:
        head = start.read(2048).lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html", b"\xef\xbb\xbf<")) or b"<html" in head:
        return READERS[".html"]
    if head.startswith(b"{") and b"}\n{" in head:
        return READERS[".jsonl"]
    return READERS[".txt"]


# A single article larger than this is not an article (a dump, a log, a mistake).
MAX_ARTICLE_BYTES = 10_000_000
MULTI_ARTICLE = frozenset({".jsonl", ".ndjson", ".csv"})


def read_file(path: Path, article_id: str) -> ReadResult:
    """Every article in one file, and the problems of its broken records (JSON Lines, CSV).

    Raises ``ArticleReadError`` only when the file as a whole cannot be read.
    """
    try:
        size = path.stat().st_size
        reader = reader_for(path)
    except OSError as err:
        raise ArticleReadError(str(path), err.strerror or str(err)) from err
    if size == 0:
        raise ArticleReadError(str(path), "empty file")
    if size > MAX_ARTICLE_BYTES and reader not in (READERS[s] for s in MULTI_ARTICLE):
        raise ArticleReadError(str(path), f"{size / 1e6:.0f} MB is too large for one article (limit 10 MB)")
    try:
        result = reader(path, printable(article_id))
    except ArticleReadError:
        raise
    except OSError as err:
        raise ArticleReadError(str(path), err.strerror or str(err)) from err
    for article in result.articles:  # a name Whoosh can store and JSON can print
        article.path = printable(article.path)
    return result


def read_articles(path: Path, article_id: str) -> list[Article]:
    """Every article in one file, all or nothing: a broken record raises ``PartialReadError``
    (which holds the good ones), for callers that treat any problem as a failure."""
    result = read_file(path, article_id)
    if result.problems:
        raise PartialReadError(str(path), result.problems, result.articles)
    return result.articles
