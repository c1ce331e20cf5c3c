"""The public API and the README's CLI reference stay true."""

from __future__ import annotations

import click

import search
from search.cli import main
from tests.conftest import ROOT


def test_search_exports_are_exactly_all() -> None:
    public = {name for name in dir(search) if not name.startswith("_") and name[0].isupper()}
    assert set(search.__all__) == public
    assert all(getattr(search, name) for name in search.__all__)


def test_readme_documents_every_command_and_option() -> None:
    readme = (ROOT / "README.md").read_text()
    missing = []
    for name, command in main.commands.items():
        if f"dateline {name}" not in readme:
            missing.append(f"dateline {name}")
        for param in command.params:
            if isinstance(param, click.Option):
                missing += [opt for opt in param.opts if opt.startswith("--") and f"`{opt}" not in readme]
    assert missing == []
