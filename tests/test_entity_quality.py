"""Pins the entity quality figures of tools.quality_entities: a change that lowers them fails.

The figures are floors just under what the extractor scores now; raise them
when it improves. The issue's own targets are lower still (people and places
F1 >= 0.85, organisations >= 0.60; Reuters countries P and R >= 0.80).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from indexer.pipeline import parse
from tests.conftest import shared_path
from tools.conll import read_conll
from tools.quality_documents import conll_document_scores, document_text
from tools.quality_entities import conll_span_scores, reuters_country_scores, seed_document_scores

BINARY = Path(sys.executable).parent / "dateline"

CONLL_F1_FLOORS = {"people": 0.87, "places": 0.93, "organisations": 0.83}


def test_conll_valid_span_f1_stays_above_floor() -> None:
    scores = conll_span_scores(shared_path("data/conll2003/valid.txt"))
    for kind, floor in CONLL_F1_FLOORS.items():
        assert scores[kind]["f1"] >= floor, (kind, scores[kind])


def test_seed_article_document_level_recall_is_complete() -> None:
    scores = seed_document_scores(shared_path("gold/seed-article.json"))
    assert scores["people"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    assert scores["places"]["recall"] == 1.0 and scores["places"]["precision"] >= 0.85
    assert scores["organisations"]["recall"] == 1.0


def test_reuters_country_precision_and_recall_on_first_2000_tagged_articles() -> None:
    reuters = shared_path("data/reuters21578")
    scores = reuters_country_scores(reuters / "articles.jsonl", reuters / "gold-tags.jsonl", limit=2000)
    assert scores["articles"] == 2000
    assert scores["countries"]["precision"] >= 0.85  # type: ignore[index]
    assert scores["countries"]["recall"] >= 0.92  # type: ignore[index]


def _parsed(tmp_path: Path, text: str) -> dict[str, Any]:
    path = tmp_path / "story.txt"
    path.write_text(text, encoding="utf-8")
    return parse(path, "story").articles[0].to_dict()


@pytest.mark.parametrize(
    ("lede", "place", "date"),
    [
        ("NEW YORK 1996-08-22", "New York", "1996-08-22"),
        ("BONN, Aug 22, 1996 (Reuters) - Germany's central bank left rates unchanged.", "Bonn", "1996-08-22"),
        ("HOUSTON, Feb 26 - Oil prices rose on Thursday.", "Houston", None),
    ],
)
def test_wire_datelines_give_the_story_its_place_and_date(
    tmp_path: Path, lede: str, place: str, date: str | None
) -> None:
    article = _parsed(tmp_path, f"Rates unchanged\n\n{lede}\n\nThe bank said its council met on Thursday.\n")
    assert article["dateline"] == lede.split(",")[0].split(" 1996")[0]
    assert place in article["places"]
    assert article["date"] == date


def test_initial_and_surname_are_one_person(tmp_path: Path) -> None:
    article = _parsed(tmp_path, "Scores\n\nSomerset 83 and 174 ( P. Simmons 4-38 ) , Leicestershire 296 .\n")
    assert "P. Simmons" in article["people"]


# Document level, through `dateline parse`'s own function (tools.quality_documents). Floors just
# under today's figures; the targets are people and places F1 >= 0.90, organisations >= 0.87.
CONLL_DOCUMENT_F1_FLOORS = {"people": 0.93, "places": 0.895, "organisations": 0.85}


def test_conll_valid_document_f1_stays_above_floor() -> None:
    scores = conll_document_scores(shared_path("data/conll2003/valid.txt"))
    for kind, floor in CONLL_DOCUMENT_F1_FLOORS.items():
        assert scores[kind]["f1"] >= floor, (kind, scores[kind])


def test_document_report_reads_what_the_dateline_binary_prints(tmp_path: Path) -> None:
    """The report calls the library; the CLI must print the same names for the same file."""
    documents = read_conll(shared_path("data/conll2003/valid.txt"))
    for number, doc in zip(range(3), documents, strict=False):
        path = tmp_path / f"doc{number}.txt"
        path.write_text(document_text(doc), encoding="utf-8")
        printed = json.loads(subprocess.run([BINARY, "parse", path], capture_output=True, check=True).stdout)
        called = parse(path, path.stem).articles[0].to_dict()
        for field in ("dateline", "people", "places", "organisations"):
            assert printed[field] == called[field], (number, field)


def _values(article: dict[str, Any]) -> list[str]:
    return [*article["people"], *article["places"], *article["organisations"]]


def test_a_name_does_not_open_on_a_common_word(tmp_path: Path) -> None:
    article = _parsed(
        tmp_path,
        "Settlements\n\nIsrael announced this week the expansion of Jewish West Bank settlements.\n",
    )
    assert not [v for v in _values(article) if v[:1].islower()], _values(article)
