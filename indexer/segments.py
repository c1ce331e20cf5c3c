"""Worker processes that enrich articles and write them into index segments of their own.

Whoosh writes a segment in one process, and writing costs as much as
extraction, so a single writer caps indexing at what one core can do. Each
worker here keeps a segment writer open for the whole run: it enriches a
batch of articles, turns them into documents and adds them to its segment.
At the end every worker finishes its segment and hands it back, and the
parent's writer adds them all to its own commit: the run is still one
atomic commit, and a run killed before it leaves the previous commit
searchable (the orphaned segment files are removed by the next commit).

One article whose extraction fails, or runs over its time limit, is
reported and skipped; the others of its batch are written.

A worker never outlives its parent: on Linux the kernel kills it when the
parent dies (``PR_SET_PDEATHSIG``), whatever it is blocked on; elsewhere it
notices within a second while it waits for work. Workers ignore SIGINT, so
Ctrl-C interrupts the parent alone, once.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import queue
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh import index
from whoosh.writing import SegmentWriter

from indexer.article import Article
from indexer.entities.tagger import load_tagger
from indexer.errors import ExtractionTimeout, WorkerDiedError
from indexer.facet_tables import save_segment_tables
from indexer.pipeline import ParseOptions, enrich_articles
from indexer.schema import article_documents
from indexer.whoosh_ext.codec import writer_settings
from indexer.whoosh_ext.commit import finish_segment
from indexer.whoosh_ext.segment_writer import TermSegmentWriter


@dataclass(slots=True)
class BatchDone:
    key: int
    written: list[str] = field(default_factory=list)  # article ids
    failed: list[tuple[str, str]] = field(default_factory=list)  # (article id, problem)


def write_batch(writer: SegmentWriter, articles: list[Article], options: ParseOptions, key: int) -> BatchDone:
    """Enrich and add one batch; an article that fails is reported, not written."""
    done = BatchDone(key)
    for article in articles:
        try:
            documents = article_documents(enrich_articles([article], options)[0])
        except ExtractionTimeout as err:
            done.failed.append((article.id, err.problem))
            continue
        except Exception as err:  # an extractor bug on odd input must not stop the others
            done.failed.append((article.id, f"{type(err).__name__}: {err}"))
            continue
        for document in documents:
            writer.add_document(**document)
        done.written.append(article.id)
    return done


PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def _die_with_parent() -> None:
    """Ask the kernel to SIGKILL this process when its parent dies (Linux); then check it is alive.

    A worker blocked reading its job pipe after a kill -9 of the parent held the
    parent's stdout and stderr open for ever: anything waiting for the output hung.
    """
    parent = multiprocessing.parent_process()
    if sys.platform.startswith("linux"):
        with suppress(OSError, AttributeError):  # no prctl: the is_alive poll in _work is the fallback
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if parent is not None and parent.pid is not None and os.getppid() != parent.pid:
        os._exit(1)  # the parent died before the request: nobody will commit this


def _work(directory: str, options: ParseOptions, jobs: Any, results: Any) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to report
    _die_with_parent()
    # Whoosh buffers every posting of the segment as a Python tuple: with the cyclic
    # collector on, each full collection walks millions of them (a fifth of the run's
    # time). The worker makes no garbage cycles worth collecting and ends with the run.
    gc.disable()
    enrich_articles([], options)  # the gazetteer loads while the parent reads the files
    load_tagger()
    writer = TermSegmentWriter(index.open_dir(directory), **writer_settings())
    parent = multiprocessing.parent_process()
    try:
        while True:
            try:
                job = jobs.get(timeout=1.0)
            except queue.Empty:
                if parent is not None and not parent.is_alive():  # killed: nobody will commit this
                    writer.cancel()
                    return
                continue
            if job is None:
                break
            key, articles = job
            results.put(write_batch(writer, articles, options, key))
        segment = finish_segment(writer)
        if segment is not None:  # its part of the facet tables, while its postings are in memory
            save_segment_tables(Path(directory), segment.segment_id(), writer.term_postings)
        results.put(("segment", segment))
    except BaseException as err:
        writer.cancel()
        results.put(("error", f"{type(err).__name__}: {err}"))


class SegmentWorkers:
    """``jobs`` writer processes for one index directory; submit batches, then ``finish``."""

    def __init__(self, directory: Path, options: ParseOptions, jobs: int) -> None:
        # spawned, not forked: a forked worker would share the lock's file and keep
        # the index locked after its parent was killed
        context = multiprocessing.get_context("spawn")
        self._jobs = context.Queue(maxsize=4 * jobs)
        self._results = context.Queue()
        self._processes = [
            context.Process(
                target=_work, args=(str(directory), options, self._jobs, self._results), daemon=True
            )
            for _ in range(jobs)
        ]
        with _sigint_ignored():  # inherited: a Ctrl-C while a worker starts up is not its traceback
            for process in self._processes:
                process.start()
        self._segments: list[Any] = []
        self._finished = 0

    def submit(self, key: int, articles: list[Article]) -> Iterator[BatchDone]:
        """Queue a batch; yields the batches that finished while waiting for room in the queue."""
        while True:
            yield from self.done(wait=False)
            try:
                self._jobs.put((key, articles), timeout=0.05)
                return
            except queue.Full:
                continue

    def done(self, wait: bool) -> Iterator[BatchDone]:
        while True:
            try:
                result = (
                    self._results.get(timeout=1.0 if wait else 0.0) if wait else self._results.get_nowait()
                )
            except queue.Empty:
                self._check_alive()
                return
            if isinstance(result, BatchDone):
                yield result
                continue
            kind, payload = result
            if kind == "error":
                raise WorkerDiedError(
                    f"an indexing worker failed ({payload}); nothing was written, run again"
                )
            self._finished += 1
            if payload is not None:
                self._segments.append(payload)
            if self._finished == len(self._processes):  # nothing more will come: no idle wait
                return

    def finish(self) -> Iterator[BatchDone]:
        """Tell every worker to finish its segment; yields the last batches, then ``segments`` is ready."""
        for _ in self._processes:
            self._jobs.put(None)
        while self._finished < len(self._processes):
            yield from self.done(wait=True)
        for process in self._processes:
            process.join()

    @property
    def segments(self) -> list[Any]:
        return self._segments

    def stop(self) -> None:
        for process in self._processes:
            if process.is_alive():
                process.kill()
            process.join()

    def _check_alive(self) -> None:
        codes = [p.exitcode for p in self._processes if p.exitcode not in (None, 0)]
        if codes:
            raise WorkerDiedError(
                f"an indexing worker process died (exit code {codes[0]}); nothing was written, run again"
            )


@contextmanager
def _sigint_ignored() -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
