"""Nothing lost, nothing doubled: ids, unreadable folders, odd file names, links, full disks, leftovers."""

from __future__ import annotations

import ctypes
import fcntl
import json
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

from whoosh import index as whoosh_index

from indexer.store import live_dir

BINARY = Path(sys.executable).parent / "dateline"
INVENTED = "Editor's note: this is an invented sample article written for dateline's tests."


def story(headline: str, body: str) -> str:
    return f"{headline}\n\n{body}\n\n{INVENTED}\n"


def record(article_id: str, title: str) -> str:
    return json.dumps({"id": article_id, "title": title, "body": f"{title}. {INVENTED}"}) + "\n"


def run_index(
    archive: Path, index_dir: Path, *extra: str, **kwargs: object
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BINARY), "index", str(archive), "--index", str(index_dir), "--jobs", "1", *extra],
        capture_output=True,
        text=True,
        timeout=120,
        **kwargs,  # type: ignore[call-overload]
    )


def article_ids(index_dir: Path) -> list[str]:
    """Every article document's id in the live index, duplicates included."""
    ix = whoosh_index.open_dir(str(live_dir(index_dir)))
    with ix.searcher() as searcher:
        return sorted(fields["id"] for fields in searcher.all_stored_fields() if "article" in fields)


def test_articles_sharing_an_id_are_refused_naming_both_files_and_removing_one_loses_nothing(
    tmp_path: Path,
) -> None:
    archive, index_dir = tmp_path / "archive", tmp_path / "index"
    archive.mkdir()
    (archive / "story.txt").write_text(story("Ferry resumes on the Tigris", "Boats crossed at dawn."))
    (archive / "story.html").write_text(
        "<html><head><title>Port strike in Basra</title></head><body><article><h1>Port strike in Basra"
        f"</h1><p>Dock workers stopped work.</p><p>{INVENTED}</p></article></body></html>"
    )
    (archive / "a.jsonl").write_text(record("X", "Grain prices rise"))
    (archive / "b.jsonl").write_text(record("X", "Grain prices fall"))

    first = run_index(archive, index_dir, "--json")
    assert first.returncode == 3
    assert article_ids(index_dir) == ["X", "story"]  # one document per id, not five
    problems = [f"{f['path']}: {f['problem']}" for f in json.loads(first.stdout)["failed"]]
    assert any("b.jsonl" in p and "a.jsonl" in p for p in problems)
    assert any("story.txt" in p and "story.html" in p for p in problems)

    (archive / "b.jsonl").unlink()
    (archive / "story.html").unlink()
    second = run_index(archive, index_dir, "--json")
    assert second.returncode == 0, second.stderr
    assert article_ids(index_dir) == ["X", "story"]  # a.jsonl's and story.txt's are still there
    third = run_index(archive, index_dir, "--json")
    assert json.loads(third.stdout)["total_articles"] == 2


def test_a_second_record_with_the_same_id_in_one_file_is_reported_not_doubled(tmp_path: Path) -> None:
    archive, index_dir = tmp_path / "archive", tmp_path / "index"
    archive.mkdir()
    (archive / "wire.jsonl").write_text(record("A", "First") + record("A", "Again") + record("B", "Other"))
    result = run_index(archive, index_dir)
    assert result.returncode == 3
    assert "A: a second record with this id" in result.stderr
    assert article_ids(index_dir) == ["A", "B"]


def _without_root_override() -> None:  # pragma: no cover - runs in the child
    """Root, but without the capabilities that read any folder whatever its mode."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def test_an_unreadable_folder_is_an_error_and_its_articles_are_kept(tmp_path: Path) -> None:
    archive, index_dir = tmp_path / "archive", tmp_path / "index"
    (archive / "closed").mkdir(parents=True)
    (archive / "open.txt").write_text(story("Open story", "Read every time."))
    (archive / "closed" / "kept.txt").write_text(story("Closed story", "Read the first time."))
    as_user = {"preexec_fn": _without_root_override} if os.geteuid() == 0 else {}
    assert run_index(archive, index_dir, **as_user).returncode == 0
    (archive / "closed").chmod(0)
    try:
        result = run_index(archive, index_dir, **as_user)
    finally:
        (archive / "closed").chmod(0o755)
    assert result.returncode == 3
    assert "closed: cannot read this folder" in result.stderr
    assert "0 removed" in result.stdout
    assert article_ids(index_dir) == ["closed/kept", "open"]


def test_a_file_name_that_is_not_utf8_is_indexed_with_the_others(tmp_path: Path) -> None:
    archive, index_dir = tmp_path / "archive", tmp_path / "index"
    archive.mkdir()
    (archive / "plain.txt").write_text(story("A plain name", "Nothing odd."))
    os.close(os.open(os.fsencode(archive) + b"/lat\xe9in.txt", os.O_CREAT | os.O_WRONLY))
    with open(os.fsencode(archive) + b"/lat\xe9in.txt", "w") as odd:
        odd.write(story("An odd name", "Written in a Latin-1 folder."))
    result = run_index(archive, index_dir)
    assert result.returncode == 0, result.stderr
    assert article_ids(index_dir) == ["lat\\xe9in", "plain"]
    shown = subprocess.run(
        [str(BINARY), "show", "lat\\xe9in", "--index", str(index_dir)], capture_output=True, text=True
    )
    assert "An odd name" in shown.stdout
    parsed = subprocess.run(
        [str(BINARY), "parse", os.fsdecode(os.fsencode(archive) + b"/lat\xe9in.txt")],
        capture_output=True,
        text=True,
    )
    assert json.loads(parsed.stdout)["id"] == "lat\\xe9in"  # as the index names it


def test_symbolic_links_are_not_followed_unless_asked_and_never_outside_the_archive(tmp_path: Path) -> None:
    archive, index_dir, outside = tmp_path / "archive", tmp_path / "index", tmp_path / "outside"
    archive.mkdir()
    outside.mkdir()
    (archive / "own.txt").write_text(story("Our own story", "Inside the archive."))
    (outside / "secret.txt").write_text(story("Not for the archive", "Outside it."))
    (archive / "passwd.txt").symlink_to("/etc/passwd")
    (archive / "secret.txt").symlink_to(outside / "secret.txt")
    (archive / "again.txt").symlink_to(archive / "own.txt")
    (archive / "loop").symlink_to(archive)

    plain = run_index(archive, index_dir)
    assert plain.returncode == 0, plain.stderr
    assert article_ids(index_dir) == ["own"]
    assert "Skipped: " in plain.stderr and "passwd.txt: a symbolic link" in plain.stderr

    followed = run_index(archive, index_dir, "--follow-symlinks")
    assert followed.returncode == 0, followed.stderr
    assert article_ids(index_dir) == ["again", "own"]  # the link inside the archive; the loop ends
    assert "outside" in followed.stderr


def orphans(generation: Path) -> list[str]:
    """Files in a generation that its live commit does not use: staged, or of another segment."""
    ix = whoosh_index.open_dir(str(generation))
    segments = {segment.segment_id() for segment in ix._segments()}
    return [
        path.name
        for path in generation.iterdir()
        if path.name.endswith(".tmp")
        or (
            (path.name.startswith(("MAIN_", "segment-")) and not any(s in path.name for s in segments))
            and path.name != "MAIN_WRITELOCK"
        )
    ]


def _small_files() -> None:  # pragma: no cover - runs in the child
    """A disk that fills up: writes past 64 KB fail with EFBIG instead of killing the process."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (64_000, 64_000))


def test_a_full_disk_is_one_error_line_leaves_nothing_behind_and_the_retry_works(tmp_path: Path) -> None:
    archive, index_dir = tmp_path / "archive", tmp_path / "index"
    archive.mkdir()
    (archive / "first.txt").write_text(story("First story", "Small."))
    assert run_index(archive, index_dir).returncode == 0
    words = " ".join(f"word{n}" for n in range(30_000))
    (archive / "big.txt").write_text(story("A long story", words))

    full = run_index(archive, index_dir, preexec_fn=_small_files)
    assert full.returncode == 1
    assert "Traceback" not in full.stderr
    assert full.stderr.startswith("Error: ") and len(full.stderr.strip().splitlines()) == 1
    assert orphans(live_dir(index_dir)) == []
    assert article_ids(index_dir) == ["first"]

    retry = run_index(archive, index_dir)
    assert retry.returncode == 0, retry.stderr
    assert article_ids(index_dir) == ["big", "first"]


def test_files_left_by_a_dead_run_are_removed_by_the_next_one(tmp_path: Path) -> None:
    archive, index_dir = tmp_path / "archive", tmp_path / "index"
    archive.mkdir()
    (archive / "first.txt").write_text(story("First story", "Small."))
    assert run_index(archive, index_dir).returncode == 0
    live = live_dir(index_dir)
    leftovers = [live / "_MAIN_7.toc.1712345678.123", live / "dateline-manifest-9.json.4242.tmp"]
    leftovers += [live / "MAIN_deadbeef00000000.pst", index_dir / "CURRENT.4242.tmp"]
    for path in leftovers:
        path.write_bytes(b"left by a killed run")
    (archive / "second.txt").write_text(story("Second story", "Small too."))
    assert run_index(archive, index_dir).returncode == 0
    assert [p for p in leftovers if p.exists()] == []
    assert article_ids(index_dir) == ["first", "second"]


def test_a_file_of_broken_lines_lists_the_first_problems_then_a_count(tmp_path: Path) -> None:
    archive, index_dir = tmp_path / "archive", tmp_path / "index"
    archive.mkdir()
    (archive / "broken.jsonl").write_text(record("ok", "Fine") + "{not json\n" * 500)
    result = run_index(archive, index_dir, "--json")
    assert result.returncode == 3
    lines = result.stderr.strip().splitlines()
    assert 20 <= len(lines) <= 22
    assert "480 more problems in this file" in lines[-1]
    assert article_ids(index_dir) == ["ok"]
    assert (index_dir / "last-run.json").stat().st_size < 20_000


def test_the_lock_message_names_the_command_holding_it(tmp_path: Path) -> None:
    archive, index_dir = tmp_path / "archive", tmp_path / "index"
    archive.mkdir()
    (archive / "first.txt").write_text(story("First story", "Small."))
    assert run_index(archive, index_dir).returncode == 0
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from indexer.lock import index_lock\n"
            "with index_lock(Path(sys.argv[1]), holder='dateline optimize'):\n"
            "    print('held', flush=True); time.sleep(30)",
            str(index_dir),
        ],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        result = run_index(archive, index_dir)
        assert result.returncode == 1
        assert "being written by dateline optimize (pid" in result.stderr
    finally:
        holder.kill()
        holder.wait()


def _lock_is_held(path: Path) -> bool:
    with path.open("a") as probe:
        try:
            fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(probe, fcntl.LOCK_UN)
        return False


def test_optimize_waiting_for_a_full_rebuild_merges_the_generation_it_made_live(tmp_path: Path) -> None:
    archive, index_dir = tmp_path / "archive", tmp_path / "index"
    archive.mkdir()
    for number in range(240):  # enough for worker processes: the rebuild writes several segments
        (archive / f"story-{number:03d}.txt").write_text(story(f"Harbour report {number}", "Ships."))
    assert run_index(archive, index_dir).returncode == 0
    rebuild = subprocess.Popen(
        [
            str(BINARY),
            "index",
            str(archive),
            "--index",
            str(index_dir),
            "--full",
            "--jobs",
            "2",
            "--wait",
            "30",
            "-q",
        ],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        for _ in range(400):  # until the rebuild holds the lock
            if _lock_is_held(index_dir / "dateline.lock"):
                break
            time.sleep(0.02)
        optimized = subprocess.run(
            [str(BINARY), "optimize", "--index", str(index_dir), "--wait", "120"],
            capture_output=True,
            text=True,
            timeout=180,
        )
    finally:
        assert rebuild.wait(timeout=180) == 0, rebuild.stderr
    assert optimized.returncode == 0, optimized.stderr
    stats = json.loads(
        subprocess.run(
            [str(BINARY), "stats", "--index", str(index_dir), "--json"], capture_output=True, text=True
        ).stdout
    )
    assert stats["generation"] == "gen-2"
    assert stats["segments"] == 1  # the new live generation was merged, not the one it replaced
    assert stats["articles"] == 240


def test_an_empty_folder_gives_an_empty_index_that_later_runs_fill(tmp_path: Path) -> None:
    archive, index_dir = tmp_path / "archive", tmp_path / "index"
    archive.mkdir()
    empty = run_index(archive, index_dir)
    assert empty.returncode == 0, empty.stderr
    (archive / "first.txt").write_text(story("First story", "Small."))
    assert run_index(archive, index_dir).returncode == 0
    assert article_ids(index_dir) == ["first"]


def test_a_damaged_index_is_one_error_line_saying_how_to_rebuild(tmp_path: Path) -> None:
    archive, index_dir = tmp_path / "archive", tmp_path / "index"
    archive.mkdir()
    (archive / "first.txt").write_text(story("First story", "Small."))
    assert run_index(archive, index_dir).returncode == 0
    for toc in live_dir(index_dir).glob("_MAIN_*.toc"):
        toc.write_bytes(toc.read_bytes()[:40])  # truncated, as by a disk that filled mid-write
    for command in (["search", "story"], ["stats"]):
        result = subprocess.run(
            [str(BINARY), *command, "--index", str(index_dir)], capture_output=True, text=True
        )
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
        assert "the index cannot be opened" in result.stderr and "--full" in result.stderr
