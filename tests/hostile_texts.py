"""Crafted texts that once stalled the indexer, generated rather than stored.

Each one made a pattern or a scan of the extractors run in exponential or
quadratic time (issue 13, defect 5); each is short to write and, on the
code before the fix, ran for minutes.
"""

from __future__ import annotations

import json
from pathlib import Path

# One paragraph of each: text that the text reader turns into a story paragraph.
HOSTILE_PARAGRAPHS: dict[str, str] = {
    # a hyphenated capitalised name the acronym cue could split two ways per segment
    "acronym-backtracking": "The Aa" + "-Bb" * 30 + " group (AB) met.",
    # the same name before a council cue
    "council-backtracking": "The Aa" + "-Bb" * 30 + " x council met.",
    "quotation-marks": '"' * 100_000,
    "said-smith": '"Yes," said Smith. ' * 2_000,
    "said-smith-long": '"Yes," said Smith. ' * 20_000,
    "told-capitals": "He told " + "A" * 100_000,
    # a cue word in the paragraph makes its patterns run at every capital of the token
    "long-capitalised-token": "The " + "A" * 100_000 + " (AB) provincial council neighbourhood said.",
}


def write_text_article(folder: Path, name: str, paragraph: str) -> Path:
    path = folder / f"{name}.txt"
    path.write_text(f"Headline of {name}\n\n{paragraph}\n", encoding="utf-8")
    return path


def write_spaced_byline_record(folder: Path) -> Path:
    """A JSON Lines record whose byline has 100,000 spaces inside it."""
    path = folder / "spaced-byline.jsonl"
    record = {
        "id": "spaced-byline",
        "headline": "A byline of spaces",
        "body": "Text.",
        "byline": "A" + " " * 100_000 + "B",
    }
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    return path
