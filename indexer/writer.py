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
import os
import shutil
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whoosh import index
from whoosh.writing import SegmentWriter

from indexer.article import Article
from indexer.batches import BIG_EXPORT_BYTES, INLINE_BELOW, FileWriter, WriteTarget
from indexer.discover import discover_articles
from indexer.entities.gazetteer import load_gazetteer
from indexer.errors import (
    IndexWriteError,
    StrictFailure,
)
from indexer.facet_tables import save_tables
from indexer.filenames import printable
from indexer.lock import index_lock
from indexer.maintenance import count_articles
from indexer.manifest import (
    FileEntry,
    drop_other_manifests,
    file_hash,
    load_manifest,
    save_manifest,
)
from indexer.pipeline import ParseOptions
from indexer.planning import plan_changes, vanished_files
from indexer.report import Failure, IndexReport, Progress, counted_progress, save_last_run
from indexer.schema import article_documents, build_schema
from indexer.store import (
    ALIASES_FILE,
    drop_unfinished,
    has_generations,
    index_aliases,
    live_dir,
    make_live,
    new_generation,
    remove_leftovers,
)
from indexer.whoosh_ext.codec import writer_settings
from indexer.whoosh_ext.commit import commit_number, commit_with_segments
from indexer.whoosh_ext.opening import index_exists, open_index, whoosh_errors

OnCommit = Callable[[int], None]  # called with the number of the commit about to be made


def open_or_create(directory: Path) -> index.Index:
    if index_exists(directory):
        return open_index(directory)
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
    with whoosh_errors(directory):
        writer = ix.writer(**writer_settings())
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
    if has_generations(index_dir) or index_exists(index_dir):
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
        save_last_run(index_dir, report)
    return report


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
        changed, kept = plan_changes(found.files, manifest, report)
        vanished = vanished_files(manifest, found, roots) if self.prune else []
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
            target = WriteTarget(self.target, self.options, report, self.jobs, self.fresh)
            writing = FileWriter(writer, target, manifest, owners, many=many)
            writing.progress = counted_progress(progress, len(found.files), len(found.files) - len(changed))
            try:
                for item in changed:
                    writing.add(item)
                segments += writing.finish()
            finally:
                writing.stop()


# Bump when extraction changes what an unchanged file gives: the next run rebuilds.
EXTRACTION_VERSION = "7"


def _settings(options: ParseOptions) -> dict[str, str]:
    return {
        "extraction": EXTRACTION_VERSION,
        "source": options.source or "",
        "aliases": file_hash(options.aliases) if options.aliases else "",
    }


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
