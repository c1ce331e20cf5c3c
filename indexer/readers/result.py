"""What reading one file gives: its articles, and the problems of the records that failed."""

from __future__ import annotations

from dataclasses import dataclass, field

from indexer.article import Article


@dataclass(slots=True)
class ReadResult:
    articles: list[Article] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # "line 7: not JSON (…)", one a broken record
