"""Readers turn one file into Articles. One reader a file format."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from indexer.article import Article
from indexer.errors import ArticleReadError
from indexer.readers.text import read_text_article

Reader = Callable[[Path, str], list[Article]]


def _single(read: Callable[[Path, str], Article]) -> Reader:
    return lambda path, article_id: [read(path, article_id)]


READERS: dict[str, Reader] = {
    ".txt": _single(read_text_article),
    ".text": _single(read_text_article),
}


def has_reader(path: Path) -> bool:
    return path.suffix.lower() in READERS


def read_articles(path: Path, article_id: str) -> list[Article]:
    """Every article in one file; an unknown extension is read as plain text."""
    reader = READERS.get(path.suffix.lower(), _single(read_text_article))
    try:
        return reader(path, article_id)
    except ArticleReadError:
        raise
    except OSError as err:
        raise ArticleReadError(str(path), err.strerror or str(err)) from err
