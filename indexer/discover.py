"""Find the article files under the paths a user names, with stable ids."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from indexer.errors import ArticleReadError
from indexer.readers import has_reader

# An archive dump often ships its own notes; they are not articles.
NOT_ARTICLES = ("readme", "license", "licence", "changelog", "copying")


@dataclass(frozen=True, slots=True)
class ArticleFile:
    path: Path
    article_id: str


def find_article_files(paths: Sequence[Path]) -> Iterator[ArticleFile]:
    """Files named directly are always read; directories are walked for known formats.

    The id is the path relative to the directory named, without extension,
    so it stays the same wherever the archive is mounted.
    """
    for root in paths:
        if root.is_file():
            yield ArticleFile(root, root.stem)
        elif root.is_dir():
            for path in sorted(root.rglob("*")):
                relative = path.relative_to(root)
                if _is_article_file(path, relative):
                    yield ArticleFile(path, relative.with_suffix("").as_posix())
        else:
            raise ArticleReadError(str(root), "no such file or directory")


def _is_article_file(path: Path, relative: Path) -> bool:
    return (
        path.is_file()
        and has_reader(path)
        and not any(part.startswith(".") for part in relative.parts)
        and not path.stem.lower().startswith(NOT_ARTICLES)
    )
