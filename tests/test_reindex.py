"""Reindexing as cron runs it: incremental, bad input, locking, crashes, strictness, swaps, workers."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from whoosh import index as whoosh_index

from indexer import segments
from indexer.lock import index_lock
from indexer.maintenance import optimize_index
from indexer.writer import index_paths
from search import Archive, Query
from search.cli import main
from tests.conftest import make_archive, story

BINARY = Path(sys.executable).parent / "dateline"


def children_of(pid: int) -> list[int]:
    """The process's children, from /proc (Linux)."""
    found: list[int] = []
    for children in Path(f"/proc/{pid}/task").glob("*/children"):
        found += [int(child) for child in children.read_text().split()]
    return found


def articles_in(index_dir: Path) -> set[str]:
    with Archive(index_dir) as archive:
        return {hit.id for hit in archive.search(Query(limit=1000)).hits}


def test_incremental_run_adds_updates_removes_and_skips(tmp_path: Path) -> None:
    archive = make_archive(tmp_path / "archive", 5)
    index_dir = tmp_path / "index"
    first = index_paths([archive], index_dir)
    assert (first.added, first.updated, first.removed, first.unchanged) == (5, 0, 0, 0)
    (archive / "story-0000.txt").write_text(story(0, "A late change."))
    (archive / "story-0001.txt").unlink()
    (archive / "story-9999.txt").write_text(story(9999))
    os.utime(archive / "story-0002.txt")  # touched, not changed
    second = index_paths([archive], index_dir)
    assert (second.added, second.updated, second.removed, second.unchanged) == (1, 1, 1, 3)
    assert articles_in(index_dir) == {"story-0000", "story-0002", "story-0003", "story-0004", "story-9999"}
    with Archive(index_dir) as searcher:
        assert searcher.search(Query(text='"late change"')).total == 1
    third = index_paths([archive], index_dir)
    assert (third.added, third.updated, third.removed, third.unchanged) == (0, 0, 0, 5)


def test_no_prune_keeps_articles_of_vanished_files(tmp_path: Path) -> None:
    archive = make_archive(tmp_path / "archive", 3)
    index_dir = tmp_path / "index"
    index_paths([archive], index_dir)
    (archive / "story-0001.txt").unlink()
    report = index_paths([archive], index_dir, prune=False)
    assert report.removed == 0
    assert "story-0001" in articles_in(index_dir)


def test_bad_input_is_named_and_everything_else_indexed(tmp_path: Path) -> None:
    archive = make_archive(tmp_path / "archive", 3)
    (archive / "empty.txt").write_bytes(b"")
    (archive / "binary.txt").write_bytes(bytes(range(256)) * 4)
    with (archive / "huge.txt").open("wb") as huge:
        huge.write((b"All work and no play makes a dull story. " * 25 + b"\n\n") * 50_000)
    (archive / "latin1.txt").write_bytes(
        "Caf\xe9 reopens\n\nThe caf\xe9 reopened on Monday.\n".encode("latin-1")
    )
    (archive / "nobody.html").write_text("<html><head></head><body><script>x()</script></body></html>")
    (archive / "feed.jsonl").write_text('{"id": "ok-1", "title": "Good line", "text": "Fine."}\n{broken\n')
    (archive / "sheet.csv").write_text("title,text\nGood row,Fine.\nBad,row,extra\n")
    (archive / "locked.txt").write_text(story(77))
    (archive / "locked.txt").chmod(0)
    (archive / "vanishing.txt").write_text(story(88))

    def vanish(done: int, total: int, path: Path) -> None:  # deleted while the run goes on
        if (archive / "vanishing.txt").exists():
            (archive / "vanishing.txt").unlink()

    report = index_paths([archive], tmp_path / "index", progress=vanish)
    problems = {Path(f.path).name: f.problem for f in report.failed}
    assert problems["empty.txt"] == "empty file"
    assert problems["binary.txt"].startswith("binary file")
    assert problems["huge.txt"].endswith("too large for one article (limit 10 MB)")
    assert problems["nobody.html"].startswith("no article in the page")
    assert problems["feed.jsonl"].startswith("line 2: not JSON")
    assert problems["sheet.csv"].startswith("row 3:")
    assert problems["vanishing.txt"] == "No such file or directory"
    if os.geteuid() != 0:  # root reads a mode-000 file all the same
        assert problems["locked.txt"] == "Permission denied"
    indexed = articles_in(tmp_path / "index")
    assert {"story-0000", "story-0001", "story-0002", "latin1", "ok-1", "sheet#2"} <= indexed


def test_exit_codes_and_strict(tmp_path: Path) -> None:
    archive = make_archive(tmp_path / "archive", 2)
    index_dir = tmp_path / "index"
    runner = CliRunner()
    assert runner.invoke(main, ["index", str(archive), "--index", str(index_dir)]).exit_code == 0
    (archive / "empty.txt").write_bytes(b"")
    (archive / "story-0000.txt").write_text(story(0, "Changed."))
    strict = runner.invoke(main, ["index", str(archive), "--index", str(index_dir), "--strict"])
    assert strict.exit_code == 1
    assert "--strict" in strict.output
    with Archive(index_dir) as searcher:
        assert searcher.search(Query(text="Changed")).total == 0  # nothing written
    partial = runner.invoke(main, ["index", str(archive), "--index", str(index_dir), "--json"])
    assert partial.exit_code == 3
    assert json.loads(partial.stdout)["updated"] == 1
    fatal = runner.invoke(main, ["index", str(tmp_path / "missing"), "--index", str(index_dir)])
    assert fatal.exit_code == 1


def test_second_writer_waits_then_names_the_holder(tmp_path: Path) -> None:
    archive = make_archive(tmp_path / "archive", 2)
    index_dir = tmp_path / "index"
    with index_lock(index_dir):
        started = time.monotonic()
        run = subprocess.run(
            [BINARY, "index", str(archive), "--index", str(index_dir), "--wait", "1"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        waited = time.monotonic() - started
    assert run.returncode == 1
    assert f"pid {os.getpid()}" in run.stderr and "waited 1 s" in run.stderr
    assert waited >= 1.0
    assert (
        subprocess.run([BINARY, "index", str(archive), "--index", str(index_dir)], timeout=60).returncode == 0
    )


def test_lock_of_a_killed_process_is_cleared(tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from indexer.lock import index_lock\n"
            "with index_lock(Path(sys.argv[1])):\n    print('held', flush=True); time.sleep(60)",
            str(index_dir),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    archive = make_archive(tmp_path / "archive", 1)
    assert (
        subprocess.run([BINARY, "index", str(archive), "--index", str(index_dir)], timeout=60).returncode == 0
    )


@pytest.mark.parametrize("delay", [0.3, 1.0, 2.0, 3.0])
def test_kill_9_leaves_the_old_index_and_the_next_run_completes(tmp_path: Path, delay: float) -> None:
    archive = make_archive(tmp_path / "archive", 40)
    index_dir = tmp_path / "index"
    index_paths([archive], index_dir)
    before = articles_in(index_dir)
    make_archive(archive, 400)  # 360 new stories and a reindex to come
    for number in range(0, 40, 3):
        (archive / f"story-{number:04d}.txt").write_text(story(number, "Revised."))
    run = subprocess.Popen(
        [BINARY, "index", str(archive), "--index", str(index_dir), "--jobs", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(delay)
    workers = children_of(run.pid)
    run.send_signal(signal.SIGKILL)
    run.wait()
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{pid}").exists() for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [pid for pid in workers if Path(f"/proc/{pid}").exists()], "worker processes outlived the kill"
    after_kill = articles_in(index_dir)  # searchable: either the old index or the finished one
    assert after_kill in (before, {f"story-{n:04d}" for n in range(400)})
    finish = subprocess.run(
        [BINARY, "index", str(archive), "--index", str(index_dir), "--json"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert finish.returncode == 0, finish.stderr
    assert articles_in(index_dir) == {f"story-{n:04d}" for n in range(400)}
    with Archive(index_dir) as searcher:
        assert searcher.search(Query(text="Revised", limit=100)).total == 14


def test_full_rebuild_swaps_while_an_open_search_keeps_answering(tmp_path: Path) -> None:
    archive = make_archive(tmp_path / "archive", 3)
    index_dir = tmp_path / "index"
    index_paths([archive], index_dir)
    with Archive(index_dir) as reader:
        assert reader.count() == 3
        (archive / "story-0003.txt").write_text(story(3))
        report = index_paths([archive], index_dir, full=True)
        assert report.added == 4 and report.unchanged == 0
        assert reader.count() == 4  # the open archive moves to the new generation
    assert sorted(p.name for p in index_dir.iterdir() if p.name.startswith("gen-")) == ["gen-1", "gen-2"]
    assert (index_dir / "CURRENT").read_text().strip() == "gen-2"


def test_workers_give_the_same_index_as_one_process(tmp_path: Path) -> None:
    archive = make_archive(tmp_path / "archive", 250)  # enough files for the worker processes to start
    one = index_paths([archive], tmp_path / "one", jobs=1)
    two = index_paths([archive], tmp_path / "two", jobs=2)
    assert one.added == two.added == 250
    for number in range(0, 250, 10):  # an incremental run through the workers replaces, never duplicates
        (archive / f"story-{number:04d}.txt").write_text(story(number, "Revised: ferries also left Mosul."))
    one = index_paths([archive], tmp_path / "one", jobs=1)
    two = index_paths([archive], tmp_path / "two", jobs=2)
    assert (one.updated, one.unchanged) == (two.updated, two.unchanged) == (25, 225)
    index_paths([archive], tmp_path / "fresh", jobs=2)
    with Archive(tmp_path / "one") as a, Archive(tmp_path / "two") as b, Archive(tmp_path / "fresh") as c:
        for text in ("Basra", "revised", '"port authority"', "ships AND 17"):
            ours, theirs = a.search(Query(text=text, limit=300)), b.search(Query(text=text, limit=300))
            assert ours.total == theirs.total > 0
            assert sorted(h.id for h in ours.hits) == sorted(h.id for h in theirs.hits)
            assert ours.facets == theirs.facets == c.search(Query(text=text, limit=300)).facets
        places = {f.value: f.count for f in b.search(Query(text="Basra")).facets["places"]}
        assert (places["Basra"], places["Mosul"]) == (250, 25)  # the replaced versions no longer count
        assert b.count() == 250
    # each segment keeps its part of the facet tables; none is left of segments merged away
    live = tmp_path / "two" / (tmp_path / "two" / "CURRENT").read_text().strip()
    before = {p.name for p in live.glob("segment-facets-*")}
    segments_before, segments_after = optimize_index(tmp_path / "two")
    assert len(before) == segments_before > 1 and segments_after == 1
    with whoosh_index.open_dir(str(live)).reader() as reader:
        (segment,) = [leaf.segment().segment_id() for leaf, _ in reader.leaf_readers()]
    assert [p.name for p in live.glob("segment-facets-*")] == [f"segment-facets-{segment}.v3.npz"]
    with Archive(tmp_path / "two") as b, Archive(tmp_path / "fresh") as c:
        assert b.search(Query(text="Basra")).facets == c.search(Query(text="Basra")).facets


def test_an_article_whose_extraction_fails_is_reported_and_retried(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = make_archive(tmp_path / "archive", 5)
    index_dir = tmp_path / "index"
    real_enrich = segments.enrich_articles

    def enrich_failing_on_story_3(articles: list[Any], options: Any) -> list[Any]:
        if articles[0].id == "story-0003":
            raise ValueError("extractor tripped")
        return real_enrich(articles, options)

    monkeypatch.setattr(segments, "enrich_articles", enrich_failing_on_story_3)
    report = index_paths([archive], index_dir)
    assert report.added == 4
    assert [(Path(f.path).name, f.problem) for f in report.failed] == [
        ("story-0003.txt", "story-0003: ValueError: extractor tripped")
    ]
    assert articles_in(index_dir) == {f"story-{n:04d}" for n in (0, 1, 2, 4)}
    monkeypatch.setattr(segments, "enrich_articles", real_enrich)
    retry = index_paths([archive], index_dir)  # the file did not change; its failed article is retried
    assert (retry.added, retry.failed) == (1, [])
    assert articles_in(index_dir) == {f"story-{n:04d}" for n in range(5)}


def test_changed_records_of_an_export_are_the_only_ones_rewritten(tmp_path: Path) -> None:
    export = tmp_path / "archive" / "export.jsonl"
    export.parent.mkdir()
    records = [{"id": f"r{n}", "title": f"Report {n}", "text": f"Ships in Basra: {n}."} for n in range(50)]
    export.write_text("".join(json.dumps(r) + "\n" for r in records))
    index_dir = tmp_path / "index"
    assert index_paths([export.parent], index_dir).added == 50
    records[7]["text"] = "Ships in Basra: a revised count."
    records = [r for r in records if r["id"] != "r9"] + [{"id": "r50", "title": "New", "text": "New report."}]
    export.write_text("".join(json.dumps(r) + "\n" for r in records))
    report = index_paths([export.parent], index_dir)
    assert (report.added, report.updated, report.removed, report.unchanged) == (1, 1, 1, 48)
    with Archive(index_dir) as searcher:
        assert [h.id for h in searcher.search(Query(text="revised")).hits] == ["r7"]
        assert searcher.count() == 50
