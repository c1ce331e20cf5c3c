"""The import graph: no cycle, the indexer never imports the search side, and the search side
uses the writer only through the indexer's public surface (``indexer.api``), from the CLI."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("indexer", "search")
WRITE_SIDE = ("indexer.writer", "indexer.batches", "indexer.planning", "indexer.segments", "indexer.report")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports() -> dict[str, set[str]]:
    """Each of our modules → the modules of ours it imports at module level."""
    paths = {module_name(path): path for package in PACKAGES for path in (ROOT / package).rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for module, path in paths.items():
        found: set[str] = set()
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                # "from package import submodule" imports the submodule, not the package's names
                for alias in node.names:
                    submodule = f"{node.module}.{alias.name}"
                    found.add(submodule if submodule in paths else node.module)
            elif isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
        graph[module] = {m for m in found if m.split(".")[0] in PACKAGES}
    return graph


def test_no_import_cycle() -> None:
    graph = imports()
    state: dict[str, str] = {}

    def visit(module: str, trail: list[str]) -> None:
        state[module] = "open"
        for imported in sorted(graph.get(module, ())):
            if state.get(imported) == "open":
                cycle = (
                    [*trail[trail.index(imported) :], imported] if imported in trail else [module, imported]
                )
                raise AssertionError("import cycle: " + " → ".join(cycle))
            if imported not in state:
                visit(imported, [*trail, imported])
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])


def test_the_indexer_never_imports_the_search_side() -> None:
    upward = {m: sorted(i for i in deps if i.startswith("search")) for m, deps in imports().items()}
    assert {m: deps for m, deps in upward.items() if m.startswith("indexer") and deps} == {}


def test_the_search_side_reaches_the_writer_only_through_the_indexer_api() -> None:
    graph = imports()
    reaching = {
        module: sorted(i for i in deps if i.startswith(WRITE_SIDE))
        for module, deps in graph.items()
        if module.startswith("search")
    }
    assert {m: deps for m, deps in reaching.items() if deps} == {}
    assert {m for m, deps in graph.items() if m.startswith("search") and "indexer.api" in deps} == {
        "search.cli"
    }
