"""What a generation holds: each file indexed, as it was, and the articles it gave.

An unchanged file costs a ``stat`` (same size and modification time); a
touched but unchanged one costs a hash; only a changed one is read again.

The manifest belongs to one Whoosh commit: it is written, under the number
of the commit about to be made, *before* that commit's table of contents is
renamed into place, and read back for the commit that is live. A run killed
before the commit leaves a manifest no commit refers to (ignored, then
overwritten); killed after it, the commit and its manifest are both there.
There is no instant at which the index holds articles its manifest does not
record, so a rerun never adds them a second time.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from indexer.whoosh_ext.opening import index_exists, open_index

MANIFEST_PREFIX = "dateline-manifest-"
_MANIFEST = re.compile(r"^dateline-manifest(?:-(\d+))?\.json$")


@dataclass(slots=True)
class FileEntry:
    size: int
    mtime_ns: int
    sha256: str
    article_ids: list[str] = field(default_factory=list)
    article_hashes: dict[str, str] = field(default_factory=dict)  # of each record as read


Manifest = tuple[dict[str, FileEntry], dict[str, str]]


def manifest_path(generation: Path, commit: int) -> Path:
    return generation / f"{MANIFEST_PREFIX}{commit}.json"


def live_commit(generation: Path) -> int | None:
    """The number of the generation's live Whoosh commit (None: no index there yet)."""
    if not index_exists(generation):
        return None
    return int(open_index(generation).latest_generation())


def load_manifest(generation: Path) -> Manifest:
    """The files the live commit holds, and the settings it was built with (aliases, source…).

    No manifest for the live commit (an index of an older dateline, or one
    written by hand) reads as empty settings: the writer then rebuilds.
    """
    commit = live_commit(generation)
    path = manifest_path(generation, commit) if commit is not None else None
    if path is None or not path.is_file():
        return {}, {}
    raw = json.loads(path.read_text(encoding="utf-8"))
    files = {name: FileEntry(**entry) for name, entry in raw.get("files", {}).items()}
    return files, raw.get("settings", {})


def save_manifest(
    generation: Path, commit: int, files: dict[str, FileEntry], settings: dict[str, str]
) -> None:
    """Stage the manifest of the commit numbered ``commit``; call before that commit."""
    final = manifest_path(generation, commit)
    staged = final.with_name(f"{final.name}.{os.getpid()}.tmp")
    data = {"settings": settings, "files": {k: asdict(v) for k, v in sorted(files.items())}}
    with staged.open("w", encoding="utf-8") as out:
        out.write(json.dumps(data))
        out.flush()
        os.fsync(out.fileno())
    os.replace(staged, final)


def drop_other_manifests(generation: Path, commit: int) -> None:
    """Manifests of commits that are gone, or were never made."""
    for path in generation.iterdir():
        match = _MANIFEST.match(path.name)
        if match and match[1] != str(commit):
            path.unlink(missing_ok=True)


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as data:
        for block in iter(lambda: data.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
