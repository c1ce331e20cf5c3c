from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from indexer.article import Article, Section
from indexer.entities.extract import extract_entities
from indexer.entities.gazetteer import load_gazetteer
from indexer.writer import index_paths

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SAMPLE = CORPUS / "diyaruna-mosul-isil-internal-tensions.txt"
SHARED = ROOT.parent / "shared"
SHARED_DATA = SHARED / "data"


def shared_path(relative: str) -> Path:
    """A file under ../shared, or a clean skip where a clone has none."""
    path = SHARED / relative
    if not path.exists():
        pytest.skip(f"{path} is absent (../shared comes with the project's workspace, not with a clone)")
    return path


@pytest.fixture
def gold() -> dict[str, Any]:
    return json.loads(shared_path("gold/seed-article.json").read_text())


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real Whoosh index of corpus/, built once for the read-only tests."""
    index_dir = tmp_path_factory.mktemp("corpus") / "index"
    index_paths([CORPUS], index_dir)
    return index_dir


@pytest.fixture
def cli(corpus_index: Path) -> Iterator[Callable[..., Any]]:
    runner = CliRunner()

    def invoke(*args: str) -> Any:
        return runner.invoke(_main(), [*args, "--index", str(corpus_index)])

    yield invoke


def _main() -> Any:
    from search.cli import main

    return main


# Invented articles for tests that need a real archive of their own: tiny, so a run of a
# few hundred takes seconds, and varied, so each one is an article of its own.
_TOPICS = (
    *("harbour", "council", "bridge", "market", "river", "school", "ferry", "water", "power", "grain"),
    *("budget", "rail", "clinic", "port", "farm", "court", "road", "union", "tariff", "vote"),
)
_TOWNS = ("Avenor", "Brisk", "Calder", "Dunmore", "Elsby", "Farrow", "Glenmoor", "Hollis", "Ivers", "Jarrow")


def write_invented_articles(folder: Path, numbers: Iterable[int], revision: int = 1) -> dict[str, str]:
    """Plain-text articles ``a0000.txt``… under ``folder``; returns their {article id: headline}.

    ``revision`` goes into the headline, so a search tells which version of an article is indexed.
    """
    folder.mkdir(parents=True, exist_ok=True)
    headlines: dict[str, str] = {}
    for number in numbers:
        topic = [_TOPICS[(number * step + revision) % len(_TOPICS)] for step in (1, 3, 7, 11)]
        town = _TOWNS[number % len(_TOWNS)]
        headline = f"{topic[0].title()} {topic[1]} plan {number} agreed in {town}, revision {revision}"
        (folder / f"a{number:04d}.txt").write_text(
            f"{headline}\n\n"
            f"The {topic[0]} {topic[1]} in {town} will change next year, the {topic[2]} office said.\n\n"
            f"Officials said the {topic[3]} work would take {number % 12 + 2} months.\n",
            encoding="utf-8",
        )
        headlines[f"a{number:04d}"] = headline
    return headlines


def indexed_headlines(dateline: Path, index_dir: Path) -> list[tuple[str, str]]:
    """Every article document of the live index as (id, headline), duplicates kept, through
    the public CLI: ``dateline search '*'`` lists each document (at most 1000)."""
    completed = subprocess.run(
        [str(dateline), "search", "*", "--index", str(index_dir), "--format", "json", "--limit", "1000"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    result = json.loads(completed.stdout)
    hits = [(hit["id"], hit["headline"]) for hit in result["hits"]]
    assert result["total"] == len(hits), f"{result['total']} documents: more than one page of 1000"
    return hits


MARKER = "DATELINE_TEST_RUN"


def marked_env(marker: str) -> dict[str, str]:
    """The environment for a subprocess whose descendants ``marked_processes`` finds:
    worker processes inherit it, whoever their parent becomes."""
    return {**os.environ, MARKER: marker}


def marked_processes(marker: str) -> dict[int, str]:
    """Live processes (not zombies) started with ``marked_env(marker)``: {pid: command line}."""
    wanted = f"{MARKER}={marker}".encode()
    found: dict[int, str] = {}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if wanted not in (proc / "environ").read_bytes().split(b"\0"):
                continue
            state = (proc / "stat").read_text().rsplit(")", 1)[1].split()[0]
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:  # gone meanwhile, or not ours to read
            continue
        if state != "Z":
            found[int(proc.name)] = cmdline.strip()
    return found


def story(number: int, extra: str = "") -> str:
    return (
        f"Harbour report number {number}\n\n"
        f"Dock workers in Basra loaded {number} ships on Monday, the port authority said. {extra}\n\n"
        "Editor's note: this is an invented sample article written for dateline's tests.\n"
    )


def make_archive(folder: Path, count: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        (folder / f"story-{number:04d}.txt").write_text(story(number))
    return folder


def extracted_story(
    *paragraphs: str, headline: str | None = None, dateline: str | None = None, source: str | None = None
) -> Article:
    """An article of these paragraphs, its entities extracted as the indexer does."""
    article = Article(
        id="test",
        path="test.txt",
        format="text",
        headline=headline,
        dateline=dateline,
        source=source,
        sections=[Section(heading=None, paragraphs=list(paragraphs))],
    )
    extract_entities(article, load_gazetteer())
    return article
