"""Write Articles into the index on disk: incrementally, atomically, one writer at a time.

``index_paths`` runs, under the index lock:

1. plan: compare every file with the live generation's manifest — a
   ``stat`` for an unchanged file, a hash for a touched one;
2. read the new and changed files (in this process) and enrich their
   articles (entities, quotes) on ``jobs`` worker processes, a bounded
   number of batches in flight;
3. write: remove the articles of vanished files (unless ``prune=False``),
   replace those of changed files, add new ones, and commit once;
4. record: the manifest after the commit, then for ``full`` the new
   generation goes live in one rename.

A run killed at any point leaves the previous commit searchable; the next
run redoes what was not recorded.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import shutil
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from whoosh import index
from whoosh.index import LockError
from whoosh.query import Term
from whoosh.searching import Searcher
from whoosh.writing import SegmentWriter

from indexer.article import Article
from indexer.discover import ArticleFile, Discovery, discover_articles, printable
from indexer.entities.gazetteer import load_gazetteer
from indexer.errors import (
    ArticleReadError,
    DatelineError,
    IndexLockedError,
    IndexWriteError,
    PartialReadError,
)
from indexer.facet_tables import save_tables
from indexer.lock import index_lock
from indexer.manifest import (
    FileEntry,
    drop_other_manifests,
    file_hash,
    load_manifest,
    save_manifest,
)
from indexer.pipeline import ParseOptions
from indexer.readers import read_articles
from indexer.schema import ARTICLE_KIND, article_documents, build_schema
from indexer.segments import BatchDone, SegmentWorkers, write_batch
from indexer.store import (
    drop_unfinished,
    has_generations,
    live_dir,
    make_live,
    new_generation,
    remove_leftovers,
)
from indexer.trust import check_index_folder
from indexer.whoosh_ext.codec import writer_settings
from indexer.whoosh_ext.commit import commit_number, commit_with_segments

Progress = Callable[[int, int, Path], None]
OnCommit = Callable[[int], None]  # called with the number of the commit about to be made
ALIASES_FILE = "aliases.txt"
LAST_RUN = "last-run.json"
BATCH = 32
INLINE_BELOW = 200  # fewer files and articles than this to enrich: no worker processes
BIG_EXPORT_BYTES = 1_000_000  # changed files this big hold enough articles for the workers
PROBLEMS_PER_FILE = 20  # a file of broken lines: the first problems, then how many more
FAILURES_RECORDED = 1000  # in last-run.json and --json; ``failed_total`` counts them all


class StrictFailure(DatelineError):
    """--strict and some article failed: nothing was committed."""


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


@dataclass(slots=True)
class _Changed:
    file: ArticleFile
    entry: FileEntry  # the file as it is now (article ids filled once read)
    previous: FileEntry | None


def open_or_create(directory: Path) -> index.Index:
    check_index_folder(directory)
    if index.exists_in(str(directory)):
        return index.open_dir(str(directory))
    directory.mkdir(parents=True, exist_ok=True)
    return index.create_in(str(directory), build_schema())


@contextmanager
def index_writer(
    directory: Path, segments: list[Any] | None = None, on_commit: OnCommit | None = None
) -> Iterator[SegmentWriter]:
    """A writer that commits when the block ends (with any ``segments`` the body's
    worker processes wrote) and cancels if it raises.

    ``on_commit`` stages the new commit's manifest just before the commit is
    made; without it, the live manifest is carried over to the new commit.
    """
    ix = open_or_create(directory)
    carried = load_manifest(directory)
    try:
        writer = ix.writer(**writer_settings())
    except LockError as err:
        raise IndexLockedError(f"{directory}: another process is writing this index") from err
    try:
        yield writer
        if on_commit is not None:
            on_commit(commit_number(writer))
        elif carried[1]:
            save_manifest(directory, commit_number(writer), *carried)
    except BaseException:
        writer.cancel()
        raise
    try:
        if segments:
            commit_with_segments(writer, segments)
        else:
            writer.commit()
    except BaseException:
        with suppress(Exception):  # the commit failed half way (a full disk): release what it can
            writer.cancel()
        raise
    drop_other_manifests(directory, commit_number(writer))


def replace_article(writer: SegmentWriter, article: Article) -> None:
    """The article and its quotes, in place of any earlier version of them."""
    writer.delete_by_term("article_id", article.id)
    for document in article_documents(article):
        writer.add_document(**document)


def write_articles(index_dir: Path, articles: Iterable[Article]) -> int:
    """Add or replace Articles already read (by id) in the live index; return how many."""
    written = 0
    with index_lock(index_dir):
        live = _live_or_first(index_dir)
        with index_writer(live) as writer:
            for article in articles:
                replace_article(writer, article)
                written += 1
        save_tables(live)
    return written


def _live_or_first(index_dir: Path) -> Path:
    check_index_folder(index_dir)
    if has_generations(index_dir) or index.exists_in(str(index_dir)):
        return live_dir(index_dir)
    generation = new_generation(index_dir)
    open_or_create(generation)
    make_live(index_dir, generation)
    return generation


def index_paths(
    paths: Sequence[Path],
    index_dir: Path,
    *,
    source: str | None = None,
    aliases: Path | None = None,
    full: bool = False,
    prune: bool = True,
    jobs: int = 1,
    wait: float = 0.0,
    strict: bool = False,
    follow_symlinks: bool = False,
    progress: Progress | None = None,
) -> IndexReport:
    """Bring the index up to date with the articles under ``paths``.

    A file that cannot be read is reported in ``failed`` and its earlier
    articles stay as they were; every other article is indexed. ``aliases``
    (a user alias file) is copied into the index and stays in effect.
    """
    started = time.perf_counter()
    report = IndexReport(index=str(index_dir))
    with index_lock(index_dir, wait, holder="dateline index"), _without_cyclic_gc(), _os_errors():
        options = ParseOptions(source=source, aliases=_install_aliases(aliases, index_dir))
        settings = _settings(options)
        drop_unfinished(index_dir)
        live_files, live_settings = (
            load_manifest(live_dir(index_dir)) if has_generations(index_dir) else ({}, {})
        )
        # other aliases or another source change every article: rebuild, and swap when done
        fresh = full or not has_generations(index_dir) or live_settings != settings
        target = new_generation(index_dir) if fresh else live_dir(index_dir)
        remove_leftovers(target)
        run = _Run(target, options, settings, report, fresh=fresh, prune=prune, jobs=jobs, strict=strict)
        try:
            run.write(paths, {} if fresh else live_files, follow_symlinks, progress)
        except BaseException:
            if fresh:
                shutil.rmtree(target, ignore_errors=True)
            else:  # what the workers and the writer left of the failed commit
                remove_leftovers(target)
            raise
        save_tables(target)  # the first search after this commit loads them instead of building
        if fresh:
            make_live(index_dir, target)
        report.total_articles = count_articles(index_dir)
        report.seconds = round(time.perf_counter() - started, 3)
        _save_last_run(index_dir, report)
    return report


def _save_last_run(index_dir: Path, report: IndexReport) -> None:
    staged = index_dir / f"{LAST_RUN}.{os.getpid()}.tmp"
    staged.write_text(json.dumps(report.to_dict(), indent=2))
    os.replace(staged, index_dir / LAST_RUN)


@contextmanager
def _os_errors() -> Iterator[None]:
    """A full disk, a read-only folder, a permission: one line naming the file."""
    try:
        yield
    except OSError as err:
        where = printable(str(err.filename)) if err.filename else "the index"
        raise IndexWriteError(f"{where}: {err.strerror or err}") from err


@contextmanager
def _without_cyclic_gc() -> Iterator[None]:
    """A run holds a whole export's articles and the writer's buffers: the cyclic
    collector would walk them again and again, and they make no cycles to collect."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass(slots=True)
class _Run:
    """One run's writing into its target generation."""

    target: Path
    options: ParseOptions
    settings: dict[str, str]
    report: IndexReport
    fresh: bool  # an empty new generation: nothing to replace
    prune: bool
    jobs: int
    strict: bool

    def write(
        self,
        paths: Sequence[Path],
        manifest: dict[str, FileEntry],
        follow_symlinks: bool,
        progress: Progress | None,
    ) -> None:
        report = self.report
        roots = [p.resolve() for p in paths]
        found = discover_articles(roots, follow_symlinks=follow_symlinks)
        report.files = len(found.files)
        report.skipped += [Failure(printable(str(p)), why) for p, why in found.skipped]
        report.failed += [
            Failure(printable(str(p)), f"cannot read this folder ({why}); its articles are kept")
            for p, why in found.unreadable
        ]
        changed, kept = _plan(found.files, manifest, report)
        vanished = _vanished(manifest, found, roots) if self.prune else []
        segments: list[Any] = []

        def stage_manifest(commit: int) -> None:
            if self.strict and report.failed:
                raise StrictFailure(
                    f"{len(report.failed)} articles failed and --strict is set: nothing was written"
                )
            manifest.update(kept)
            save_manifest(self.target, commit, manifest, self.settings)

        with index_writer(self.target, segments, on_commit=stage_manifest) as writer:
            for name in vanished:
                for article_id in manifest[name].article_ids:
                    writer.delete_by_term("article_id", article_id)
                report.removed += len(manifest[name].article_ids)
                del manifest[name]
            # many files, or new exports big enough to hold many articles: start the workers now,
            # so their start-up overlaps the reading (a changed export may hold few changed records)
            new_bytes = sum(c.entry.size for c in changed if c.previous is None)
            many = len(changed) >= INLINE_BELOW or new_bytes >= BIG_EXPORT_BYTES
            owners = {i: name for name, entry in {**manifest, **kept}.items() for i in entry.article_ids}
            writing = _FileWriter(writer, self, manifest, owners, many=many)
            writing.progress = _counted(progress, len(found.files), len(found.files) - len(changed))
            try:
                for item in changed:
                    writing.add(item)
                segments += writing.finish()
            finally:
                writing.stop()


def _vanished(manifest: dict[str, FileEntry], found: Discovery, roots: list[Path]) -> list[str]:
    """Files the manifest has that are gone from the folders named (and could be read)."""
    present = {str(f.path) for f in found.files}
    unread = [p for p, _ in found.unreadable]
    return [
        name
        for name in manifest
        if name not in present and _under(Path(name), roots) and not _under(Path(name), unread)
    ]


def _counted(progress: Progress | None, total: int, done: int) -> Callable[[Path], None]:
    def file_done(path: Path) -> None:
        nonlocal done
        done += 1
        if progress:
            progress(done, total, path)

    return file_done


def _plan(
    files: list[ArticleFile], manifest: dict[str, FileEntry], report: IndexReport
) -> tuple[list[_Changed], dict[str, FileEntry]]:
    changed: list[_Changed] = []
    kept: dict[str, FileEntry] = {}
    for article_file in files:
        name = str(article_file.path)
        previous = manifest.get(name)
        try:
            stat = article_file.path.stat()
            if previous and (previous.size, previous.mtime_ns) == (stat.st_size, stat.st_mtime_ns):
                kept[name] = previous
                report.unchanged += len(previous.article_ids)
                continue
            digest = file_hash(article_file.path)
        except OSError as err:
            report.failed.append(Failure(printable(name), err.strerror or str(err)))
            if previous:
                kept[name] = previous
            continue
        if previous and previous.sha256 == digest:  # touched, not changed
            kept[name] = FileEntry(
                stat.st_size, stat.st_mtime_ns, digest, previous.article_ids, previous.article_hashes
            )
            report.unchanged += len(previous.article_ids)
            continue
        changed.append(_Changed(article_file, FileEntry(stat.st_size, stat.st_mtime_ns, digest), previous))
    return changed, kept


@dataclass(slots=True)
class _FileWrite:
    """A changed file on its way into the index: its batches still out, what they wrote and what failed."""

    item: _Changed
    problems: list[str]
    old_ids: set[str]  # the file's articles before this run
    batches: int = 0
    written: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)


class _FileWriter:
    """Writes changed files: in this process, or on worker processes that write segments of
    their own once there is enough to do (``indexer.segments``).

    An article replaces its earlier version only once it was written: one whose
    extraction fails is reported, keeps its earlier version and is retried next run.
    """

    def __init__(
        self,
        writer: SegmentWriter,
        run: _Run,
        manifest: dict[str, FileEntry],
        owners: dict[str, str],
        *,
        many: bool,
    ) -> None:
        self._writer, self._target, self._options = writer, run.target, run.options
        self._report, self._manifest, self._jobs, self._many = run.report, manifest, run.jobs, many
        self._fresh = run.fresh
        self._owners = owners  # article id → the file it came from: ids are unique in an index
        self._workers = (
            SegmentWorkers(self._target, self._options, self._jobs) if self._jobs > 1 and many else None
        )
        self._out: dict[int, _FileWrite] = {}
        self._keys = 0
        self.progress: Callable[[Path], None] = lambda path: None

    def add(self, item: _Changed) -> None:
        articles, problems = _read(item)
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
        pending = _FileWrite(item, problems, old_ids)
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

    def _claim_ids(self, item: _Changed) -> dict[str, str]:
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

    def _register(self, pending: _FileWrite) -> int:
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

    def _file_done(self, pending: _FileWrite) -> None:
        item, report = pending.item, self._report
        path = _name(item)
        old_ids = pending.old_ids
        all_ids, written = set(item.entry.article_ids), set(pending.written)
        report.removed += len(old_ids - all_ids)
        report.updated += len(written & old_ids)
        report.added += len(written - old_ids)
        report.unchanged += len(all_ids - written - {a for a, _ in pending.failed})
        report.failed += [Failure(path, problem) for problem in _capped(pending.problems)]
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


def _name(item: _Changed) -> str:
    return printable(str(item.file.path))


def _capped(problems: list[str]) -> list[str]:
    if len(problems) <= PROBLEMS_PER_FILE:
        return problems
    more = len(problems) - PROBLEMS_PER_FILE
    return [*problems[:PROBLEMS_PER_FILE], f"{more} more problems in this file not listed"]


def _read(item: _Changed) -> tuple[list[Article] | None, list[str]]:
    """The file's new and changed records (None if unreadable), and its problems.

    A JSON Lines or CSV export that gained 100 records out of 20,000 is read
    whole, but only those 100 are enriched and written: each record's hash
    is kept in the manifest.
    """
    try:
        articles, problems = read_articles(item.file.path, item.file.article_id), []
    except PartialReadError as err:
        articles, problems = list(err.articles), err.problems
    except ArticleReadError as err:
        return None, [err.problem]
    except Exception as err:  # a reader bug on odd input must not stop the run
        return None, [f"{type(err).__name__}: {err}"]
    articles, problems = _first_of_each_id(articles, problems)
    for article in articles:
        article.path = printable(article.path)
    hashes = {a.id: _record_hash(a) for a in articles}
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


def _record_hash(article: Article) -> str:
    """Of every field a reader fills (extractors fill the rest from these)."""
    fields = (
        article.headline,
        article.kicker,
        article.source,
        article.date,
        article.dateline,
        "\x1e".join(article.byline),
        "\x1e".join(article.captions),
        "\x1e".join(f"{s.heading}\x1d" + "\x1d".join(s.paragraphs) for s in article.sections),
        "\x1e".join(f"{c.text}\x1d{c.author}\x1d{c.location}" for c in article.comments),
    )
    return hashlib.sha256("\x1f".join(f or "" for f in fields).encode()).hexdigest()


# Bump when extraction changes what an unchanged file gives: the next run rebuilds.
EXTRACTION_VERSION = "6"


def _settings(options: ParseOptions) -> dict[str, str]:
    return {
        "extraction": EXTRACTION_VERSION,
        "source": options.source or "",
        "aliases": file_hash(options.aliases) if options.aliases else "",
    }


def _under(path: Path, roots: list[Path]) -> bool:
    return any(path == root or root in path.parents for root in roots)


def count_articles(index_dir: Path) -> int:
    directory = live_dir(index_dir)
    check_index_folder(directory)
    if not index.exists_in(str(directory)):
        return 0
    with index.open_dir(str(directory)).searcher() as searcher:
        return count_kind(searcher, ARTICLE_KIND)


def count_kind(searcher: Searcher, kind: str) -> int:
    """How many documents of a kind (articles, quotes) a view of the index holds."""
    return len(list(searcher.docs_for_query(Term("kind", kind))))


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


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
