"""dateline's exception tree. Library code raises these; only the CLI
turns them into messages and exit codes.

    DatelineError
    ├── ArticleReadError      a file could not be read as an article
    │   └── PartialReadError  all-or-nothing callers only (read_articles, parse_file): a
    │                         record was broken; readers themselves return a ReadResult
    ├── AliasFileError        an alias file that cannot be read or has a broken line
    ├── AuditFileError        a judgement file of the facet audit with a line it cannot read
    ├── ExtractionTimeout     one article's extraction ran over its time limit
    ├── IndexMissingError     no index where one was expected
    ├── IndexDamagedError     an index Whoosh cannot open (truncated, another version)
    ├── WorkerDiedError       an indexing worker process died: nothing of the run was committed
    ├── IndexLockedError      another process holds the index's write lock
    ├── IndexWriteError       the index could not be written (disk full, read-only, permissions)
    ├── UntrustedIndexError   someone else can write the index folder: opening it could run their code
    ├── ArticleNotFoundError  no article with the requested id
    ├── QuerySyntaxError      a query or filter the parser cannot use
    │   └── QueryTooBroadError  its patterns expand to more terms than a query may use
    ├── QueryTimeoutError     a query ran past its deadline (and stopped)
    ├── BadRequestError       a web request's parameter out of its range or form
    ├── TooManyQueriesError   a web client has as many queries running as it may
    └── StrictFailure         --strict, and an article failed: nothing was written

The CLI turns every one into one ``Error:`` line and exit 1 (``search.cli``,
one boundary for all commands); the web maps them to statuses in one table
(``search.web.STATUS``: 404, 429, 503, else 400).
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


class IndexWriteError(DatelineError):
    """An OS error while writing the index, as one line naming the file."""


class ArticleNotFoundError(DatelineError):
    def __init__(self, article_id: str) -> None:
        super().__init__(f"no article with id {article_id!r} in the index")
        self.article_id = article_id


class QuerySyntaxError(DatelineError):
    pass


class QueryTooBroadError(QuerySyntaxError):
    """A wildcard, prefix, fuzzy term or range that expands past the term cap."""


class QueryTimeoutError(DatelineError):
    def __init__(self, seconds: float) -> None:
        super().__init__(f"the query took longer than {seconds:g} s; narrow it")
        self.seconds = seconds


class UntrustedIndexError(DatelineError):
    """A file or folder of an index that someone other than the current user (or root) could write."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(
            f"{path}: {problem}; opening the index would run any code planted in it (Whoosh's "
            "index files are pickles). Make it yours alone (chown, chmod go-w), or pass "
            "--trust-index (or set DATELINE_TRUST_INDEX=1) if you trust everyone who can write it"
        )
        self.path = path
        self.problem = problem


class BadRequestError(DatelineError):
    """A web request's parameter out of its range or form."""


class TooManyQueriesError(DatelineError):
    """A web client has as many queries running as it may."""


class StrictFailure(DatelineError):
    """--strict and some article failed: nothing was committed."""


class AuditFileError(DatelineError):
    """A judgement file of the facet audit (``tools/audit/``) with a line it cannot read."""

    def __init__(self, path: Path, line_no: int, problem: str) -> None:
        super().__init__(f"{path}:{line_no}: {problem}" if line_no else f"{path}: {problem}")


class IndexDamagedError(DatelineError):
    def __init__(self, index_dir: str, problem: str) -> None:
        super().__init__(
            f"{index_dir}: the index cannot be opened ({problem}); rebuild it with "
            f"dateline index PATH --index {index_dir} --full"
        )


class WorkerDiedError(DatelineError):
    """An indexing worker process died or failed: the run committed nothing."""
