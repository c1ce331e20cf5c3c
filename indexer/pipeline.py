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

Stages 3 and 4 read a bounded view of the article (each paragraph up to
``MAX_EXTRACTED_PARAGRAPH`` characters, the article up to
``MAX_EXTRACTED_CHARS``; the full text is still indexed) and run under a
time limit per article (``ARTICLE_SECONDS``): one hostile file costs
seconds, never the run.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from types import FrameType

from indexer.article import Article, Section
from indexer.entities.extract import extract_entities
from indexer.entities.gazetteer import Gazetteer, load_gazetteer
from indexer.entities.quotes import extract_quotes
from indexer.errors import ExtractionTimeout, PartialReadError
from indexer.readers import read_file
from indexer.readers.result import ReadResult
from indexer.readers.text import drop_sign_off, read_dateline_and_source


@dataclass(frozen=True, slots=True)
class ParseOptions:
    source: str | None = None
    aliases: Path | None = None


# A news paragraph is a few hundred characters; the longest in the shared corpora
# (Reuters, BBC, Wikinews, PolNeAR) has 3,700. Past this, a paragraph is read for names
# and quotes up to here only.
MAX_EXTRACTED_PARAGRAPH = 5_000
# About 50,000 words: longer than the longest feature story. Past it, nothing more is
# read for names and quotes.
MAX_EXTRACTED_CHARS = 300_000
# One article's names and quotes take milliseconds; a text that takes longer than this is
# hostile or pathological, and is reported as failed. $DATELINE_ARTICLE_SECONDS overrides it.
ARTICLE_SECONDS = 10.0


def article_seconds() -> float:
    """The time limit per article: ``ARTICLE_SECONDS``, or $DATELINE_ARTICLE_SECONDS (0: none)."""
    value = os.environ.get("DATELINE_ARTICLE_SECONDS", "")
    try:
        return float(value) if value.strip() else ARTICLE_SECONDS
    except ValueError:
        return ARTICLE_SECONDS


def parse(path: Path, article_id: str, options: ParseOptions | None = None) -> ReadResult:
    """One file read and enriched: its articles, and the problems of its broken records and
    of the articles over their time limit. ``ArticleReadError``: the file cannot be read."""
    options = options or ParseOptions()
    read = read_file(path, article_id)
    parsed = ReadResult(problems=list(read.problems))
    for article in read.articles:
        try:
            parsed.articles += enrich_articles([article], options)
        except ExtractionTimeout as err:
            parsed.problems.append(f"{article.id}: {err.problem}")
    return parsed


def parse_file(path: Path, article_id: str, options: ParseOptions | None = None) -> list[Article]:
    """``parse``, all or nothing: any problem raises ``PartialReadError`` with the good articles."""
    parsed = parse(path, article_id, options)
    if parsed.problems:
        raise PartialReadError(str(path), parsed.problems, parsed.articles)
    return parsed.articles


def enrich_articles(articles: list[Article], options: ParseOptions) -> list[Article]:
    """Stages 2 to 4 on articles already read; the unit of work a worker process runs.

    Raises ``ExtractionTimeout`` when one article takes longer than ``article_seconds()``.
    """
    gazetteer = load_gazetteer(options.aliases)
    seconds = article_seconds()
    for article in articles:
        drop_sign_off(article)
        if article.dateline is None:
            read_dateline_and_source(article)
        if options.source:
            article.source = options.source
        with time_limit(seconds):
            _extract(article, gazetteer)
    return articles


EXTRACTED_FIELDS = ("people", "places", "organisations", "spellings", "place_within", "quotes")


def _extract(article: Article, gazetteer: Gazetteer) -> None:
    """Names and quotes, read from the article's bounded view and kept on the article."""
    view = extraction_view(article)
    extract_entities(view, gazetteer)
    extract_quotes(view)
    for name in EXTRACTED_FIELDS if view is not article else ():
        setattr(article, name, getattr(view, name))


def extraction_view(article: Article) -> Article:
    """The article itself, or a copy with its paragraphs cut to the extraction limits."""
    texts = [article.headline or "", *article.captions, *(p for s in article.sections for p in s.paragraphs)]
    if all(len(t) <= MAX_EXTRACTED_PARAGRAPH for t in texts) and sum(map(len, texts)) <= MAX_EXTRACTED_CHARS:
        return article
    budget = [MAX_EXTRACTED_CHARS]

    def cut(text: str) -> str:
        kept = _cut_at_word(text, min(MAX_EXTRACTED_PARAGRAPH, budget[0]))
        budget[0] -= len(kept)
        return kept

    headline = cut(article.headline) if article.headline else article.headline
    captions = [c for c in map(cut, article.captions) if c]
    sections = [
        Section(heading=s.heading, paragraphs=[p for p in map(cut, s.paragraphs) if p])
        for s in article.sections
    ]
    return replace(article, headline=headline, captions=captions, sections=sections)


def _cut_at_word(text: str, limit: int) -> str:
    """At most ``limit`` characters of text, cut after a word where there is one."""
    if len(text) <= limit:
        return text
    if limit <= 0:
        return ""
    space = text.rfind(" ", 0, limit + 1)
    return text[:space] if space > limit // 2 else text[:limit]


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise ``ExtractionTimeout`` in the block once ``seconds`` have passed.

    A timer signal reaches the main thread only (a regular expression stuck in
    C code is interrupted too: the re engine checks for signals); elsewhere, or
    with ``seconds`` 0, the block runs unlimited.
    """
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if seconds <= 0 or not usable:
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        raise ExtractionTimeout(seconds)

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
