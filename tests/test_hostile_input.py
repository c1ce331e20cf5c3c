"""Hostile input: no file stalls the run or outlives it (issue 13, defects 5, 6 and 12).

Every crafted text is generated here (``tests/hostile_texts.py``) and read
through the real readers and extractors; the runs are real ``dateline``
processes over real indexes on disk.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from indexer.errors import PartialReadError
from indexer.pipeline import MAX_EXTRACTED_PARAGRAPH, ParseOptions, enrich_articles, parse_file
from tests.hostile_texts import HOSTILE_PARAGRAPHS, write_spaced_byline_record, write_text_article

BINARY = Path(sys.executable).parent / "dateline"
BUDGET_SECONDS = 2.0
NORMAL_STORY = (
    "Ferry crossing reopens at Basra\n\n"
    "BASRA, Iraq (Reuters) - The Shatt al-Arab ferry crossing reopened on Monday, "
    'the port authority said. "We are back to a full timetable," said Lena Okafor, its director.\n\n'
    "Editor's note: this is an invented sample article written for dateline's tests.\n"
)


@pytest.fixture(scope="module", autouse=True)
def _gazetteer_loaded() -> None:
    enrich_articles([], ParseOptions())  # loaded once per process: not part of any article's time


@pytest.fixture
def cpu_guard() -> Iterator[None]:
    """Fail, rather than hang, on code that loops for minutes (counted in CPU time, so it does not
    collide with the extraction's own wall-clock timer)."""

    def stalled(signum: int, frame: object) -> None:
        raise AssertionError("extraction ran for more than 10 s of CPU time")

    previous = signal.signal(signal.SIGVTALRM, stalled)
    signal.setitimer(signal.ITIMER_VIRTUAL, 10.0)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        signal.signal(signal.SIGVTALRM, previous)


@pytest.mark.usefixtures("cpu_guard")
@pytest.mark.parametrize("name", sorted(HOSTILE_PARAGRAPHS))
def test_crafted_paragraph_is_read_within_budget_and_indexed_whole(tmp_path: Path, name: str) -> None:
    path = write_text_article(tmp_path, name, HOSTILE_PARAGRAPHS[name])
    started = time.perf_counter()
    try:
        [article] = parse_file(path, name)
    except PartialReadError as err:  # over budget: reported as such, never a stall
        assert err.problems == [f"{name}: extraction took longer than {BUDGET_SECONDS:g} s"]
        return
    finally:
        assert time.perf_counter() - started < BUDGET_SECONDS + 1.0
    assert article.headline == f"Headline of {name}"
    assert HOSTILE_PARAGRAPHS[name].strip() in article.body  # the full text is kept for the index


@pytest.mark.usefixtures("cpu_guard")
def test_byline_of_spaces_in_json_lines_is_read_within_budget(tmp_path: Path) -> None:
    started = time.perf_counter()
    [article] = parse_file(write_spaced_byline_record(tmp_path), "spaced")
    assert time.perf_counter() - started < BUDGET_SECONDS
    assert article.byline == ["A B"]


@pytest.fixture(autouse=True)
def _budget(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATELINE_ARTICLE_SECONDS", str(BUDGET_SECONDS))


def test_a_paragraph_past_the_limit_is_read_for_names_only_up_to_it(tmp_path: Path) -> None:
    padding = "The ferry ran on time. " * (MAX_EXTRACTED_PARAGRAPH // 23 + 10)
    paragraph = (
        f"Lena Okafor, the port director, said the ferry would run from Basra. {padding}"
        "Farid Haddad, a captain, said the crossing at Mosul was closed."
    )
    [article] = parse_file(write_text_article(tmp_path, "long", paragraph), "long")
    assert "Basra" in article.places
    assert "Mosul" not in article.places  # past the limit: not read for names
    assert "Farid Haddad, a captain" in article.body  # but indexed


def test_an_article_over_its_time_limit_is_reported_and_the_others_are_indexed(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "normal.txt").write_text(NORMAL_STORY)
    for name in ("acronym-backtracking", "said-smith-long", "told-capitals"):
        write_text_article(archive, name, HOSTILE_PARAGRAPHS[name])
    # within every limit of size, but far more text than 0.2 s can read
    lede = NORMAL_STORY.split("\n\n")[1]
    (archive / "endless.txt").write_text("Endless\n\n" + "\n\n".join(f"{n}. {lede}" for n in range(1_800)))
    index_dir = tmp_path / "index"
    env = {**os.environ, "DATELINE_ARTICLE_SECONDS": "0.2"}
    run = subprocess.run(
        [BINARY, "index", str(archive), "--index", str(index_dir), "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert run.returncode == 3, run.stderr
    report = json.loads(run.stdout)
    assert report["failed"] == [
        {"path": str(archive / "endless.txt"), "problem": "endless: extraction took longer than 0.2 s"}
    ]
    assert f"Error: {archive / 'endless.txt'}: endless: extraction took longer than 0.2 s" in run.stderr
    assert "Traceback" not in run.stderr
    found = subprocess.run(
        [BINARY, "search", "Okafor", "--index", str(index_dir), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert [hit["id"] for hit in json.loads(found.stdout)["hits"]] == ["normal"]
    stats = subprocess.run(
        [BINARY, "stats", "--json", "--index", str(index_dir)], capture_output=True, text=True, timeout=60
    )
    assert json.loads(stats.stdout)["articles"] == 4  # normal and the three crafted ones


def test_a_page_of_entities_is_read_and_a_page_of_tags_refused(tmp_path: Path) -> None:
    entities = tmp_path / "entities.html"
    entities.write_text(f"<html><title>Entities</title><body><p>{'&amp; ' * 400_000}</p></body></html>")
    tags = tmp_path / "tags.html"
    tags.write_text(f"<html><title>Tags</title><body><p>{'<b>x</b>' * 600_000}</p></body></html>")
    started = time.perf_counter()
    run = subprocess.run(
        [BINARY, "parse", str(entities), str(tags)], capture_output=True, text=True, timeout=120
    )
    assert time.perf_counter() - started < 15
    assert run.returncode == 1
    assert run.stderr.strip() == (
        f"Error: {tags}: 1,200,008 tags are too many for one web page (limit 100,000)"
    )
    assert json.loads(run.stdout)["headline"] == "Entities"


def test_an_over_long_json_lines_record_is_refused_and_the_others_read(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    huge = json.dumps({"id": "huge", "headline": "Huge", "body": "word " * 2_100_000})
    path.write_text(json.dumps({"id": "small", "headline": "Small", "body": "Text."}) + "\n" + huge + "\n")
    run = subprocess.run([BINARY, "parse", str(path)], capture_output=True, text=True, timeout=60)
    assert run.returncode == 1
    assert run.stderr.strip() == (
        f"Error: {path}: line 2: a record of 10.5 million characters is too large for one article "
        "(limit 10 million)"
    )
    assert json.loads(run.stdout)["id"] == "small"


def _broken_aliases(tmp_path: Path) -> Path:
    path = tmp_path / "broken.txt"
    path.write_bytes(b"place | Mosul | al-Mawsil | Ninawa\nplace | M\xe9sul | Mossoul |\n")
    return path


def test_an_alias_file_that_is_not_utf8_is_one_line_naming_file_and_line(tmp_path: Path) -> None:
    aliases = _broken_aliases(tmp_path)
    article = tmp_path / "normal.txt"
    article.write_text(NORMAL_STORY)
    expected = f"Error: {aliases}:2: not UTF-8 (byte 0xe9); save the alias file as UTF-8"
    for command in (["parse", str(article)], ["index", str(article), "--index", str(tmp_path / "index")]):
        run = subprocess.run(
            [BINARY, *command, "--aliases", str(aliases)], capture_output=True, text=True, timeout=60
        )
        assert (run.returncode, run.stderr.strip()) == (1, expected), command


def _archive_for_workers(folder: Path, count: int = 240) -> Path:
    """Enough articles for ``--jobs 2`` to start its worker processes."""
    folder.mkdir()
    for number in range(count):
        (folder / f"story-{number:04d}.txt").write_text(
            f"Harbour report {number}\n\nDock workers in Basra loaded {number} ships, the port"
            f" authority said. {'The cranes worked through the night. ' * 40}\n"
        )
    return folder


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for children in Path(f"/proc/{pid}/task").glob("*/children"):
        found += [int(child) for child in children.read_text().split()]
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"  # a zombie has exited; only its parent has not collected it


def _start_with_workers(tmp_path: Path, **popen: object) -> tuple[subprocess.Popen[str], list[int]]:
    archive = _archive_for_workers(tmp_path / "archive", count=1_500)  # still running when killed
    run = subprocess.Popen(
        [BINARY, "index", str(archive), "--index", str(tmp_path / "index"), "--jobs", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **popen,  # type: ignore[call-overload]
    )
    deadline = time.monotonic() + 30
    while len(_children(run.pid)) < 2 and time.monotonic() < deadline and run.poll() is None:
        time.sleep(0.05)
    time.sleep(1.0)  # the workers are up, loading and waiting for work
    workers = _children(run.pid)
    assert len(workers) >= 2, "the run did not start its worker processes"
    return run, workers


def test_worker_processes_hold_articles_to_the_time_limit_too(tmp_path: Path) -> None:
    archive = _archive_for_workers(tmp_path / "archive")
    lede = NORMAL_STORY.split("\n\n")[1]
    (archive / "endless.txt").write_text("Endless\n\n" + "\n\n".join(f"{n}. {lede}" for n in range(1_800)))
    run = subprocess.run(
        [BINARY, "index", str(archive), "--index", str(tmp_path / "index"), "--jobs", "2", "--json"],
        capture_output=True,
        text=True,
        env={**os.environ, "DATELINE_ARTICLE_SECONDS": "0.2"},
        timeout=120,
    )
    assert run.returncode == 3, run.stderr
    report = json.loads(run.stdout)
    assert report["failed"] == [
        {"path": str(archive / "endless.txt"), "problem": "endless: extraction took longer than 0.2 s"}
    ]
    assert report["total_articles"] == 240


def _reap(workers: list[int], within: float) -> list[int]:
    """The workers still alive after ``within`` seconds; those are then killed, not leaked."""
    deadline = time.monotonic() + within
    while any(map(_alive, workers)) and time.monotonic() < deadline:
        time.sleep(0.1)
    alive = [pid for pid in workers if _alive(pid)]
    for pid in alive:
        os.kill(pid, signal.SIGKILL)
    return alive


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("kill", [signal.SIGKILL, signal.SIGTERM])
def test_a_killed_run_leaves_no_worker_and_its_output_ends(tmp_path: Path, kill: signal.Signals) -> None:
    run, workers = _start_with_workers(tmp_path)
    run.send_signal(kill)
    try:
        # the output ends once every holder of the pipes is gone: at once, as the workers die with
        # their parent (a worker that only noticed took a second or more, or blocked for ever)
        run.communicate(timeout=1.0)
    finally:
        alive = _reap(workers, within=5)
    assert not alive, "worker processes outlived their parent"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_ctrl_c_interrupts_the_parent_once_and_no_worker_speaks(tmp_path: Path) -> None:
    run, workers = _start_with_workers(tmp_path, start_new_session=True)
    os.killpg(run.pid, signal.SIGINT)  # what a terminal's Ctrl-C does: the whole foreground group
    _, stderr = run.communicate(timeout=20)
    alive = _reap(workers, within=5)
    assert (run.returncode, stderr.strip()) == (1, "Aborted!")  # click's one line; no worker traceback
    assert not alive
