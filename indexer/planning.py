"""Which files a run must read: new, changed (by size and time, then by hash), or gone."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from indexer.article import Article
from indexer.discover import ArticleFile, Discovery
from indexer.filenames import printable
from indexer.manifest import FileEntry, file_hash
from indexer.report import Failure, IndexReport


@dataclass(slots=True)
class ChangedFile:
    file: ArticleFile
    entry: FileEntry  # the file as it is now (article ids filled once read)
    previous: FileEntry | None


def plan_changes(
    files: list[ArticleFile], manifest: dict[str, FileEntry], report: IndexReport
) -> tuple[list[ChangedFile], dict[str, FileEntry]]:
    changed: list[ChangedFile] = []
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
        changed.append(ChangedFile(article_file, FileEntry(stat.st_size, stat.st_mtime_ns, digest), previous))
    return changed, kept


def vanished_files(manifest: dict[str, FileEntry], found: Discovery, roots: list[Path]) -> list[str]:
    """Files the manifest has that are gone from the folders named (and could be read)."""
    present = {str(f.path) for f in found.files}
    unread = [p for p, _ in found.unreadable]
    return [
        name
        for name in manifest
        if name not in present and is_under(Path(name), roots) and not is_under(Path(name), unread)
    ]


def is_under(path: Path, roots: list[Path]) -> bool:
    return any(path == root or root in path.parents for root in roots)


def record_hash(article: Article) -> str:
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
