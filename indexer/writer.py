"""Write Articles into a Whoosh index on disk.

A run commits once at the end: until then the previous index is what every
searcher sees, so an interrupted run leaves it as it was.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from whoosh import index
from whoosh.index import LockError
from whoosh.query import Term
from whoosh.writing import SegmentWriter

from indexer.article import Article
from indexer.discover import ArticleFile, find_article_files
from indexer.entities.gazetteer import load_gazetteer
from indexer.errors import ArticleReadError, IndexLockedError, PartialReadError
from indexer.pipeline import ParseOptions, parse_file
from indexer.schema import ARTICLE_KIND, article_documents, build_schema

Progress = Callable[[int, int, Path], None]
ALIASES_FILE = "aliases.txt"


@dataclass(slots=True)
class Failure:
    path: str
    problem: str


@dataclass(slots=True)
class IndexReport:
    index: str
    files: int = 0
    indexed: int = 0
    failed: list[Failure] = field(default_factory=list)
    total_articles: int = 0
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def open_or_create(index_dir: Path) -> index.Index:
    if index.exists_in(str(index_dir)):
        return index.open_dir(str(index_dir))
    index_dir.mkdir(parents=True, exist_ok=True)
    return index.create_in(str(index_dir), build_schema())


@contextmanager
def index_writer(index_dir: Path) -> Iterator[SegmentWriter]:
    """A writer that commits when the block ends and cancels if it raises."""
    ix = open_or_create(index_dir)
    try:
        writer = ix.writer(limitmb=256)
    except LockError as err:
        raise IndexLockedError(f"{index_dir}: another dateline process is writing this index") from err
    try:
        yield writer
    except BaseException:
        writer.cancel()
        raise
    writer.commit()


def replace_article(writer: SegmentWriter, article: Article) -> None:
    """The article and its quotes, in place of any earlier version of them."""
    writer.delete_by_term("article_id", article.id)
    for document in article_documents(article):
        writer.add_document(**document)


def write_articles(index_dir: Path, articles: Iterable[Article]) -> int:
    """Add or replace Articles already read (by id); return how many were written."""
    written = 0
    with index_writer(index_dir) as writer:
        for article in articles:
            replace_article(writer, article)
            written += 1
    return written


def index_paths(
    paths: Sequence[Path],
    index_dir: Path,
    *,
    source: str | None = None,
    aliases: Path | None = None,
    progress: Progress | None = None,
) -> IndexReport:
    """Read every article under ``paths`` and add or replace it in the index.

    A file that cannot be read is reported in ``failed`` and skipped; the
    other articles are indexed all the same. ``aliases`` (a user alias file)
    is copied into the index, so searches resolve names the same way, and
    stays in effect for later runs until another is given.
    """
    started = time.perf_counter()
    report = IndexReport(index=str(index_dir))
    files = list(find_article_files([p.resolve() for p in paths]))
    report.files = len(files)
    options = ParseOptions(source=source, aliases=_install_aliases(aliases, index_dir))
    with index_writer(index_dir) as writer:
        for done, article_file in enumerate(files, start=1):
            for article in _read_reporting_failures(article_file, options, report):
                replace_article(writer, article)
                report.indexed += 1
            if progress:
                progress(done, len(files), article_file.path)
    report.total_articles = count_articles(index_dir)
    report.seconds = round(time.perf_counter() - started, 3)
    return report


def count_articles(index_dir: Path) -> int:
    with open_or_create(index_dir).searcher() as searcher:
        return len(list(searcher.docs_for_query(Term("kind", ARTICLE_KIND))))


def index_aliases(index_dir: Path) -> Path | None:
    """The user alias file an index was built with, if any."""
    path = index_dir / ALIASES_FILE
    return path if path.is_file() else None


def _install_aliases(aliases: Path | None, index_dir: Path) -> Path | None:
    if aliases is None:
        return index_aliases(index_dir)
    load_gazetteer(aliases, aliases_only=True)  # a broken file fails before any work
    index_dir.mkdir(parents=True, exist_ok=True)
    installed = index_dir / ALIASES_FILE
    shutil.copyfile(aliases, installed)
    return installed


def _read_reporting_failures(
    article_file: ArticleFile, options: ParseOptions, report: IndexReport
) -> list[Article]:
    try:
        return parse_file(article_file.path, article_file.article_id, options)
    except PartialReadError as err:
        report.failed += [Failure(err.path, problem) for problem in err.problems]
        return list(err.articles)
    except ArticleReadError as err:
        report.failed.append(Failure(err.path, err.problem))
    except Exception as err:  # a reader bug on odd input must not stop the run
        report.failed.append(Failure(str(article_file.path), f"{type(err).__name__}: {err}"))
    return []
