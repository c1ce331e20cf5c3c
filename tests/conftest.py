from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

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
