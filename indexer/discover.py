"""Find the article files under the paths a user names, with stable ids.

An archive folder is untrusted input: a symbolic link in it is not followed
unless asked for, and then never to a file outside the folder named; a
folder that cannot be read is reported (its articles are then kept in the
index as they were, never pruned as if they were gone).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from indexer.errors import ArticleReadError
from indexer.filenames import printable
from indexer.readers import has_reader

# An archive dump often ships its own notes; they are not articles.
NOT_ARTICLES = ("readme", "license", "licence", "changelog", "copying")


@dataclass(frozen=True, slots=True)
class ArticleFile:
    path: Path
    article_id: str


@dataclass(slots=True)
class Discovery:
    files: list[ArticleFile] = field(default_factory=list)
    unreadable: list[tuple[Path, str]] = field(default_factory=list)  # folders: (path, problem)
    skipped: list[tuple[Path, str]] = field(default_factory=list)  # links not followed: (path, why)


def discover_articles(paths: Sequence[Path], *, follow_symlinks: bool = False) -> Discovery:
    """Files named directly are always read; directories are walked for known formats.

    The id is the path relative to the directory named, without extension,
    so it stays the same wherever the archive is mounted.
    """
    found = Discovery()
    for root in paths:
        if root.is_file():
            found.files.append(ArticleFile(root, printable(root.stem)))
        elif root.is_dir():
            for path in _walk(root.resolve(), found, follow_symlinks):
                relative = path.relative_to(root.resolve())
                if _is_article_file(path, relative):
                    found.files.append(ArticleFile(path, printable(relative.with_suffix("").as_posix())))
        else:
            raise ArticleReadError(printable(str(root)), "no such file or directory")
    return found


def find_article_files(paths: Sequence[Path]) -> Iterator[ArticleFile]:
    yield from discover_articles(paths).files


def _walk(root: Path, found: Discovery, follow_symlinks: bool) -> Iterator[Path]:
    def unreadable(err: OSError) -> None:
        found.unreadable.append((Path(err.filename or root), err.strerror or str(err)))

    seen = {root}  # a followed link back up the tree would loop for ever
    for folder, dirs, names in os.walk(root, onerror=unreadable, followlinks=follow_symlinks):
        here = Path(folder)
        keep = []
        for name in sorted(dirs):
            path = here / name
            if name.startswith(".") or (
                path.is_symlink() and not _link_allowed(path, root, follow_symlinks, found)
            ):
                continue
            if path.resolve() not in seen:
                seen.add(path.resolve())
                keep.append(name)
        dirs[:] = keep
        for name in sorted(names):
            path = here / name
            if path.is_symlink() and (
                not _is_article_file(path, path.relative_to(root))
                or not _link_allowed(path, root, follow_symlinks, found)
            ):
                continue
            yield path


def _link_allowed(link: Path, root: Path, follow_symlinks: bool, found: Discovery) -> bool:
    if not follow_symlinks:
        found.skipped.append((link, "a symbolic link, not followed (--follow-symlinks reads it)"))
        return False
    target = link.resolve()
    if target != root and root not in target.parents:
        found.skipped.append((link, f"a symbolic link to {printable(str(target))}, outside {root}"))
        return False
    return True


def _is_article_file(path: Path, relative: Path) -> bool:
    return (
        path.is_file()
        and has_reader(path)
        and not any(part.startswith(".") for part in relative.parts)
        and not path.stem.lower().startswith(NOT_ARTICLES)
    )
