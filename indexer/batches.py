"""Changed files into the index: read, batched, enriched and written in this process or on
worker processes (``indexer.segments``), each file's outcome recorded in the manifest."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh.writing import SegmentWriter

from indexer.article import Article
from indexer.errors import ArticleReadError
from indexer.filenames import printable
from indexer.manifest import FileEntry
from indexer.pipeline import ParseOptions
from indexer.planning import ChangedFile, record_hash
from indexer.readers import read_file
from indexer.report import Failure, IndexReport, capped_problems
from indexer.segments import BatchDone, SegmentWorkers, write_batch

BATCH = 32
INLINE_BELOW = 200  # fewer files and articles than this to enrich: no worker processes
BIG_EXPORT_BYTES = 1_000_000  # changed files this big hold enough articles for the workers


@dataclass(frozen=True, slots=True)
class WriteTarget:
    """Where and how a run writes: the generation, the options, the report it fills."""

    directory: Path
    options: ParseOptions
    report: IndexReport
    jobs: int
    fresh: bool  # an empty new generation: nothing to replace


@dataclass(slots=True)
class FileWrite:
    """A changed file on its way into the index: its batches still out, what they wrote and what failed."""

    item: ChangedFile
    problems: list[str]
    old_ids: set[str]  # the file's articles before this run
    batches: int = 0
    written: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)


class FileWriter:
    """Writes changed files: in this process, or on worker processes that write segments of
    their own once there is enough to do (``indexer.segments``).

    An article replaces its earlier version only once it was written: one whose
    extraction fails is reported, keeps its earlier version and is retried next run.
    """

    def __init__(
        self,
        writer: SegmentWriter,
        target: WriteTarget,
        manifest: dict[str, FileEntry],
        owners: dict[str, str],
        *,
        many: bool,
    ) -> None:
        self._writer, self._target, self._options = writer, target.directory, target.options
        self._report, self._manifest, self._jobs, self._many = target.report, manifest, target.jobs, many
        self._fresh = target.fresh
        self._owners = owners  # article id → the file it came from: ids are unique in an index
        self._workers = (
            SegmentWorkers(self._target, self._options, self._jobs) if self._jobs > 1 and many else None
        )
        self._out: dict[int, FileWrite] = {}
        self._keys = 0
        self.progress: Callable[[Path], None] = lambda path: None

    def add(self, item: ChangedFile) -> None:
        articles, problems = read_changed(item)
        if articles is None:  # unreadable: keep what the index had of it
            self._report.failed += [Failure(_name(item), problem) for problem in problems]
            if item.previous:
                self._manifest[str(item.file.path)] = item.previous
            self.progress(item.file.path)
            return
        old_ids = set(item.previous.article_ids) if item.previous else set()
        refused = self._claim_ids(item)
        articles = [a for a in articles if a.id not in refused]
        for article_id in old_ids - set(item.entry.article_ids):
            self._writer.delete_by_term("article_id", article_id)
        pending = FileWrite(item, problems, old_ids)
        pending.failed += refused.items()
        if self._jobs > 1 and (self._many or self._workers or len(articles) >= INLINE_BELOW):
            self._workers = self._workers or SegmentWorkers(self._target, self._options, self._jobs)
            for start in range(0, len(articles), BATCH):
                key = self._register(pending)
                pending.batches += 1
                for done in self._workers.submit(key, articles[start : start + BATCH]):
                    self._batch_done(done)
            if not pending.batches:
                self._file_done(pending)
        else:
            pending.batches = 1
            self._batch_done(write_batch(self._writer, articles, self._options, self._register(pending)))

    def _claim_ids(self, item: ChangedFile) -> dict[str, str]:
        """The file's ids that another file's articles have: refused, with the problem
        (the first claim keeps its id; the file is read again next run)."""
        path = str(item.file.path)
        refused: dict[str, str] = {}
        for article_id in item.entry.article_ids:
            owner = self._owners.get(article_id, path)
            if owner != path:
                refused[article_id] = f"the id of an article of {printable(owner)} too; skipped"
            else:
                self._owners[article_id] = path
        return refused

    def finish(self) -> list[Any]:
        """Waits for the workers' last batches; their segments, for the commit."""
        if self._workers is None:
            return []
        for done in self._workers.finish():
            self._batch_done(done)
        return self._workers.segments

    def stop(self) -> None:
        if self._workers is not None:
            self._workers.stop()

    def _register(self, pending: FileWrite) -> int:
        """A key for one batch of the file, to find the file when the batch is done."""
        self._keys += 1
        self._out[self._keys] = pending
        return self._keys

    def _batch_done(self, done: BatchDone) -> None:
        pending = self._out.pop(done.key)
        for article_id in done.written:
            # only now: a failed article keeps its earlier version. A new one is deleted too: an
            # article the index has that its manifest does not know of is replaced, never doubled
            if not self._fresh:
                self._writer.delete_by_term("article_id", article_id)
        pending.written += done.written
        pending.failed += done.failed
        pending.batches -= 1
        if not pending.batches:
            self._file_done(pending)

    def _file_done(self, pending: FileWrite) -> None:
        item, report = pending.item, self._report
        path = _name(item)
        old_ids = pending.old_ids
        all_ids, written = set(item.entry.article_ids), set(pending.written)
        report.removed += len(old_ids - all_ids)
        report.updated += len(written & old_ids)
        report.added += len(written - old_ids)
        report.unchanged += len(all_ids - written - {a for a, _ in pending.failed})
        report.failed += [Failure(path, problem) for problem in capped_problems(pending.problems)]
        report.failed += [Failure(path, f"{article_id}: {problem}") for article_id, problem in pending.failed]
        before = item.previous.article_hashes if item.previous else {}
        for article_id, _ in pending.failed:  # recorded as it was: the next run tries it again
            if article_id in before:
                item.entry.article_hashes[article_id] = before[article_id]
            elif article_id in item.entry.article_ids:  # never indexed: not in the index yet
                item.entry.article_hashes.pop(article_id, None)
                item.entry.article_ids.remove(article_id)
        if pending.failed:  # and the next run reads the file again, though it did not change
            item.entry.mtime_ns, item.entry.sha256 = -1, ""
        self._manifest[str(item.file.path)] = item.entry
        self.progress(item.file.path)


def _name(item: ChangedFile) -> str:
    return printable(str(item.file.path))


def read_changed(item: ChangedFile) -> tuple[list[Article] | None, list[str]]:
    """The file's new and changed records (None if unreadable), and its problems.

    A JSON Lines or CSV export that gained 100 records out of 20,000 is read
    whole, but only those 100 are enriched and written: each record's hash
    is kept in the manifest.
    """
    try:
        read = read_file(item.file.path, item.file.article_id)
        articles, problems = read.articles, read.problems
    except ArticleReadError as err:
        return None, [err.problem]
    except Exception as err:  # a reader bug on odd input must not stop the run
        return None, [f"{type(err).__name__}: {err}"]
    articles, problems = _first_of_each_id(articles, problems)
    hashes = {a.id: record_hash(a) for a in articles}
    item.entry.article_ids = list(hashes)
    item.entry.article_hashes = hashes
    before = item.previous.article_hashes if item.previous else {}
    return [a for a in articles if before.get(a.id) != hashes[a.id]], problems


def _first_of_each_id(articles: list[Article], problems: list[str]) -> tuple[list[Article], list[str]]:
    first: dict[str, Article] = {}
    for article in articles:
        if article.id in first:
            problems = [*problems, f"{article.id}: a second record with this id; the first is indexed"]
        else:
            first[article.id] = article
    return list(first.values()), problems
