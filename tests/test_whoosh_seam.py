"""Whoosh's private API is reached from one package, indexer/whoosh_ext, written for one Whoosh version."""

from __future__ import annotations

import ast
import importlib.metadata
import importlib.util
import re
import tomllib
import warnings
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from whoosh import index

from indexer.schema import build_schema
from indexer.store import live_dir
from indexer.whoosh_ext.listing import leaf_segment_id, segment_count, segment_ids
from indexer.whoosh_ext.toc import toc_pickled_names
from tests.conftest import ROOT

SEAM = ROOT / "indexer" / "whoosh_ext"
CHECKED = (ROOT / "indexer", ROOT / "search")
WHOOSH_DIST = "whoosh-reloaded"
ATTRIBUTE_CALLS = {"getattr", "hasattr", "setattr", "delattr"}
# Whoosh pickles the schema and the segments (with their codec) into every commit's table of
# contents, naming each class by module: indexes on disk name these, so these names are part
# of the index format. Moving one of these classes without keeping its name leaves every
# existing index unopenable ("No module named …"); change this list only with a migration.
INDEX_FORMAT_NAMES = {
    "indexer.schema.NameKeyFilter",
    "indexer.schema.StemmedText",
    "indexer.segment_writer.DatelineCodec",
}


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


@cache
def whoosh_private_names() -> frozenset[str]:
    """Every private name Whoosh's own source defines or uses as an attribute."""
    spec = importlib.util.find_spec("whoosh")
    assert spec is not None and spec.submodule_search_locations
    names: set[str] = set()
    for folder in spec.submodule_search_locations:
        for path in Path(folder).rglob("*.py"):
            for node in ast.walk(_parsed(path)):
                if isinstance(node, ast.Attribute):
                    names.add(node.attr)
                elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                    names.add(node.name)
                elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                    names.add(node.id)
    return frozenset(name for name in names if _private(name))


def _parsed(path: Path) -> ast.Module:
    with warnings.catch_warnings():  # Whoosh's source has old escape sequences
        warnings.simplefilter("ignore", SyntaxWarning)
        warnings.simplefilter("ignore", DeprecationWarning)
        return ast.parse(path.read_bytes())


def _whoosh_imports(tree: ast.Module) -> set[str]:
    """The names a module binds to something of Whoosh's (``from whoosh.x import Y``, ``import whoosh``)."""
    bound: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "whoosh":
            bound |= {alias.asname or alias.name for alias in node.names}
        elif isinstance(node, ast.Import):
            bound |= {
                (alias.asname or alias.name).split(".")[0]
                for alias in node.names
                if alias.name.split(".")[0] == "whoosh"
            }
    return bound


def _root_name(node: ast.expr) -> str | None:
    while isinstance(node, ast.Attribute | ast.Call | ast.Subscript):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def _on_self(node: ast.Attribute) -> bool:
    return isinstance(node.value, ast.Name) and node.value.id in ("self", "cls")


def _private_uses(tree: ast.Module) -> Iterator[tuple[int, str]]:
    """(line, what) for each use of a Whoosh private name: imported, read or written on an
    object, named in getattr/hasattr, or touched or overridden inside a subclass of Whoosh's."""
    whoosh = _whoosh_imports(tree)
    private = whoosh_private_names()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "whoosh":
            for alias in node.names:
                if _private(alias.name):
                    yield node.lineno, f"imports {node.module}.{alias.name}"
        elif isinstance(node, ast.ClassDef) and any(_root_name(base) in whoosh for base in node.bases):
            yield from _subclass_uses(node, private)
        elif isinstance(node, ast.Attribute) and node.attr in private:
            if not _on_self(node):
                yield node.lineno, f"reads or writes .{node.attr}"
        elif isinstance(node, ast.Call) and _root_name(node.func) in ATTRIBUTE_CALLS:
            named = node.args[1] if len(node.args) > 1 else None
            if isinstance(named, ast.Constant) and named.value in private:
                yield node.lineno, f"{_root_name(node.func)}(…, {named.value!r})"


def _subclass_uses(cls: ast.ClassDef, private: frozenset[str]) -> Iterator[tuple[int, str]]:
    """In a subclass of a Whoosh class, ``self._x`` and ``def _x`` are Whoosh's own."""
    for node in ast.walk(cls):
        if isinstance(node, ast.FunctionDef) and node.name in private:
            yield node.lineno, f"{cls.name} overrides {node.name}"
        elif isinstance(node, ast.Attribute) and node.attr in private and _on_self(node):
            yield node.lineno, f"{cls.name} uses self.{node.attr}"


def private_whoosh_uses(roots: tuple[Path, ...], seam: Path) -> list[str]:
    found: set[tuple[str, int, str]] = set()
    for root in roots:
        for path in root.rglob("*.py"):
            if not path.is_relative_to(seam):
                name = str(path.relative_to(root.parent))
                found |= {(name, line, what) for line, what in _private_uses(ast.parse(path.read_bytes()))}
    return [f"{name}:{line}: {what}" for name, line, what in sorted(found)]


def pinned_whoosh() -> str:
    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    pins = [d for d in dependencies if re.match(rf"{WHOOSH_DIST}\s*==", d)]
    assert len(pins) == 1, f"pyproject.toml should pin {WHOOSH_DIST} with ==, found {pins or dependencies}"
    pinned: str = pins[0].split("==", 1)[1].strip()
    return pinned


def test_the_installed_whoosh_is_the_pinned_version() -> None:
    pinned, installed = pinned_whoosh(), importlib.metadata.version(WHOOSH_DIST)
    assert installed == pinned, (
        f"{WHOOSH_DIST} {installed} is installed, but pyproject.toml pins {pinned}: "
        f"indexer/whoosh_ext/ uses Whoosh's private API and is written against the pin. "
        f"Install the pin (pip install -e .), or, to move to {installed}, read every module of "
        f"indexer/whoosh_ext/ against it, change the pin, and run tests/test_segment_writer.py "
        f"and tests/test_ranking.py."
    )


def test_only_the_seam_uses_whoosh_private_api() -> None:
    found = private_whoosh_uses(CHECKED, SEAM)
    assert found == [], (
        "Whoosh's private API used outside indexer/whoosh_ext/ (add a function there and call it):\n"
        + "\n".join(found)
    )


def test_the_check_finds_each_kind_of_private_use(tmp_path: Path) -> None:
    package = tmp_path / "package"
    (package / "seam").mkdir(parents=True)
    (package / "seam" / "inside.py").write_text("def count(ix):\n    return len(ix._segments())\n")
    (package / "outside.py").write_text(
        "from whoosh.codec.whoosh3 import _lenfield\n"
        "from whoosh.writing import SegmentWriter\n"
        "\n"
        "\n"
        "def count(ix):\n"
        "    return len(ix._segments())\n"
        "\n"
        "\n"
        "def blocks(matcher):\n"
        "    return hasattr(matcher, '_read_ids')\n"
        "\n"
        "\n"
        "class Writer(SegmentWriter):\n"
        "    def _finalize_segment(self):\n"
        "        return self._added\n"
        "\n"
        "\n"
        "class Ours:\n"
        "    def __init__(self):\n"
        "        self._segments = []\n"  # our own attribute of the same name: fine
    )
    found = private_whoosh_uses((package,), package / "seam")
    assert found == [
        "package/outside.py:1: imports whoosh.codec.whoosh3._lenfield",
        "package/outside.py:6: reads or writes ._segments",
        "package/outside.py:10: hasattr(…, '_read_ids')",
        "package/outside.py:14: Writer overrides _finalize_segment",
        "package/outside.py:15: Writer uses self._added",
    ]


def test_an_index_names_dateline_classes_as_every_existing_index_does(corpus_index: Path) -> None:
    named = toc_pickled_names(live_dir(corpus_index))
    ours = {name for name in named if name.split(".")[0] in ("indexer", "search")}
    assert ours == INDEX_FORMAT_NAMES, (
        "the index's table of contents names dateline classes other than those existing indexes "
        f"name: {sorted(ours ^ INDEX_FORMAT_NAMES)}. A class Whoosh pickles (a field type, a "
        "filter, the codec) must keep its module and name, or the old name must still find it."
    )


def test_an_index_with_no_segment_yet_lists_none(tmp_path: Path, corpus_index: Path) -> None:
    # Whoosh reads an index with no segment through one empty leaf that has no segment
    empty = index.create_in(str(tmp_path), build_schema())
    with empty.reader() as reader:
        assert [leaf_segment_id(leaf) for leaf, _ in reader.leaf_readers()] == [None]
    assert (segment_ids(empty), segment_count(empty)) == (set(), 0)
    built = index.open_dir(str(live_dir(corpus_index)))
    with built.reader() as reader:
        assert {leaf_segment_id(leaf) for leaf, _ in reader.leaf_readers()} == segment_ids(built) != set()
