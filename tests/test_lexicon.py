"""The word lists in indexer/lexicon, seen from outside: one list of abbreviations for every quote rule."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

BINARY = Path(sys.executable).parent / "dateline"


def parsed_quotes(path: Path) -> list[dict[str, str | None]]:
    result = subprocess.run([str(BINARY), "parse", str(path)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    quotes: list[dict[str, str | None]] = json.loads(result.stdout)["quotes"]
    return quotes


@pytest.mark.parametrize("title", ["Maj.", "Gen.", "Rev.", "Sgt."])
def test_a_title_abbreviation_after_said_leaves_the_speakers_name_whole(tmp_path: Path, title: str) -> None:
    # "Maj." was missing from one of two copies of the list: it ended a sentence there,
    # and the speaker read as "Maj"
    story = tmp_path / "harbour.txt"
    story.write_text(
        "Harbour dredging to start in June\n\n"
        "The harbour will be dredged from June, the port authority said on Monday.\n\n"
        f'"The channel has silted up faster than anyone expected," said {title} Tom Hale, '
        "who commands the harbour engineers.\n"
    )
    (quote,) = parsed_quotes(story)
    assert quote["speaker"] == "Tom Hale"
    assert quote["text"].startswith("The channel has silted up")
