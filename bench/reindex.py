"""Benchmark: full index of Reuters-21578 with --jobs N, then an incremental run after 100 changed articles.

    python -m bench.reindex [--jobs 2]

Works on a copy of ../shared/data/reuters21578/articles.jsonl in a temporary
folder; prints both times and their ratio.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REUTERS = Path(__file__).resolve().parents[2] / "shared" / "data" / "reuters21578" / "articles.jsonl"


def timed_index(archive: Path, index_dir: Path, jobs: int, *extra: str) -> tuple[float, dict[str, object]]:
    binary = Path(sys.executable).parent / "dateline"
    started = time.perf_counter()
    run = subprocess.run(
        [
            str(binary),
            "index",
            str(archive),
            "--index",
            str(index_dir),
            "--jobs",
            str(jobs),
            "--json",
            *extra,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return time.perf_counter() - started, json.loads(run.stdout)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--changed", type=int, default=100)
    args = parser.parse_args()
    if not REUTERS.exists():
        sys.exit(f"{REUTERS} is absent: this benchmark needs ../shared/data")
    work = Path(tempfile.mkdtemp(prefix="dateline-bench-"))
    try:
        archive = work / "archive"
        archive.mkdir()
        export = archive / "articles.jsonl"
        shutil.copyfile(REUTERS, export)
        full_seconds, full = timed_index(archive, work / "index", args.jobs)
        lines = export.read_text().splitlines()
        step = len(lines) // args.changed
        for n in range(args.changed):
            record = json.loads(lines[n * step])
            record["body"] += f"\n    Correction {n}: figures revised."
            lines[n * step] = json.dumps(record)
        export.write_text("\n".join(lines) + "\n")
        incremental_seconds, incremental = timed_index(archive, work / "index", args.jobs)
        print(f"articles              {full['total_articles']}")
        print(f"full index, jobs={args.jobs}    {full_seconds:.1f} s ({full['added']} added)")
        print(
            f"after {args.changed} changed     {incremental_seconds:.1f} s "
            f"({incremental['updated']} updated, {incremental['unchanged']} unchanged)"
        )
        print(f"ratio                 {100 * incremental_seconds / full_seconds:.1f} %")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
