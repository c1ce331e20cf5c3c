"""What a run did: counts, the problems it met, and the progress a caller is told of."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from indexer.store import LAST_RUN

Progress = Callable[[int, int, Path], None]

PROBLEMS_PER_FILE = 20  # a file of broken lines: the first problems, then how many more
FAILURES_RECORDED = 1000  # in last-run.json and --json; ``failed_total`` counts them all


@dataclass(slots=True)
class Failure:
    path: str
    problem: str


@dataclass(slots=True)
class IndexReport:
    index: str
    files: int = 0
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    failed: list[Failure] = field(default_factory=list)
    skipped: list[Failure] = field(default_factory=list)  # not read on purpose (links)
    total_articles: int = 0
    seconds: float = 0.0

    @property
    def indexed(self) -> int:
        return self.added + self.updated

    def to_dict(self) -> dict[str, Any]:
        data = {**asdict(self), "indexed": self.indexed, "failed_total": len(self.failed)}
        data["failed"] = data["failed"][:FAILURES_RECORDED]
        return data


def counted_progress(progress: Progress | None, total: int, done: int) -> Callable[[Path], None]:
    def file_done(path: Path) -> None:
        nonlocal done
        done += 1
        if progress:
            progress(done, total, path)

    return file_done


def capped_problems(problems: list[str]) -> list[str]:
    if len(problems) <= PROBLEMS_PER_FILE:
        return problems
    more = len(problems) - PROBLEMS_PER_FILE
    return [*problems[:PROBLEMS_PER_FILE], f"{more} more problems in this file not listed"]


def save_last_run(index_dir: Path, report: IndexReport) -> None:
    staged = index_dir / f"{LAST_RUN}.{os.getpid()}.tmp"
    staged.write_text(json.dumps(report.to_dict(), indent=2))
    os.replace(staged, index_dir / LAST_RUN)
