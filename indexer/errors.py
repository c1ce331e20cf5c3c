"""dateline's exception tree. Library code raises these; only the CLI
turns them into messages and exit codes.

    DatelineError
    ├── ArticleReadError      a file could not be read as an article
    │   └── PartialReadError  some lines or rows of a file could not; the rest were read
    ├── AliasFileError        an alias file that cannot be read or has a broken line
    ├── ExtractionTimeout     one article's extraction ran over its time limit
    ├── IndexMissingError     no index where one was expected
    ├── IndexLockedError      another process holds the index's write lock
    ├── ArticleNotFoundError  no article with the requested id
    └── QuerySyntaxError      a query or filter the parser cannot use
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


class DatelineError(Exception):
    """Base of every error dateline raises on purpose."""


class ArticleReadError(DatelineError):
    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class PartialReadError(ArticleReadError):
    """Some records of a multi-article file were broken; ``articles`` holds the good ones."""

    def __init__(self, path: str, problems: list[str], articles: list[Any]) -> None:
        super().__init__(path, "; ".join(problems))
        self.problems = problems
        self.articles = articles


class AliasFileError(DatelineError):
    """``line_no`` 0: the file as a whole (unreadable, not UTF-8 before any line)."""

    def __init__(self, path: Path, line_no: int, problem: str) -> None:
        super().__init__(f"{path}:{line_no}: {problem}" if line_no else f"{path}: {problem}")
        self.path = path
        self.line_no = line_no
        self.problem = problem


class ExtractionTimeout(DatelineError):
    """Raised inside an article's enrichment when its time is up (by a timer signal)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"extraction took longer than {seconds:g} s")
        self.problem = str(self)


class IndexMissingError(DatelineError):
    def __init__(self, index_dir: str) -> None:
        super().__init__(f"no index at {index_dir}. Build one with: dateline index PATH --index {index_dir}")
        self.index_dir = index_dir


class IndexLockedError(DatelineError):
    pass


class ArticleNotFoundError(DatelineError):
    def __init__(self, article_id: str) -> None:
        super().__init__(f"no article with id {article_id!r} in the index")
        self.article_id = article_id


class QuerySyntaxError(DatelineError):
    pass
