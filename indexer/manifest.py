"""What a generation holds: each file indexed, as it was, and the articles it gave.

An unchanged file costs a ``stat`` (same size and modification time); a
touched but unchanged one costs a hash; only a changed one is read again.
The manifest is written after the index commits, atomically, so a run
killed in between only makes the next run hash and reindex a few files.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

MANIFEST = "dateline-manifest.json"


@dataclass(slots=True)
class FileEntry:
    size: int
    mtime_ns: int
    sha256: str
    article_ids: list[str] = field(default_factory=list)
    article_hashes: dict[str, str] = field(default_factory=dict)  # of each record as read


def load_manifest(generation: Path) -> tuple[dict[str, FileEntry], dict[str, str]]:
    """The files a generation holds, and the settings it was built with (aliases, source…)."""
    path = generation / MANIFEST
    if not path.is_file():
        return {}, {}
    raw = json.loads(path.read_text(encoding="utf-8"))
    files = {name: FileEntry(**entry) for name, entry in raw.get("files", {}).items()}
    return files, raw.get("settings", {})


def save_manifest(generation: Path, files: dict[str, FileEntry], settings: dict[str, str]) -> None:
    staged = generation / f"{MANIFEST}.{os.getpid()}.tmp"
    data = {"settings": settings, "files": {k: asdict(v) for k, v in sorted(files.items())}}
    staged.write_text(json.dumps(data), encoding="utf-8")
    os.replace(staged, generation / MANIFEST)


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as data:
        for block in iter(lambda: data.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
