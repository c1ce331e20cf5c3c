"""The plain-text reader on the sample article, on invented layouts, and on the BBC folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from indexer.errors import ArticleReadError
from indexer.readers.text import parse_text_article, read_text_article
from tests.conftest import SAMPLE, SHARED_DATA


@pytest.fixture(scope="module")
def sample() -> Any:
    return read_text_article(SAMPLE, "sample")


def test_sample_header_fields(sample: Any) -> None:
    assert sample.kicker == "Iraq News"
    assert sample.headline == "Mosul battle lays bare ISIL's internal tensions"
    assert sample.byline == ["Khalid al-Taie"]
    assert sample.source == "Diyaruna"
    assert sample.date is None


def test_sample_repeated_caption_is_kept_once(sample: Any) -> None:
    assert len(sample.captions) == 1
    assert sample.captions[0].startswith("Iraqi forces found this photograph")
    assert "Iraqi forces found this photograph" not in sample.body


def test_sample_sections_headings_and_paragraph_counts(sample: Any) -> None:
    assert [(s.heading, len(s.paragraphs)) for s in sample.sections] == [
        (None, 8),
        ("Growing internal tensions", 6),
        ("Leadership losing support", 7),
    ]
    assert sample.sections[0].paragraphs[0].startswith("In stark contrast to the propaganda")
    assert sample.sections[2].paragraphs[-1].endswith("al-Sharifi said.")


def test_sample_body_has_no_boilerplate_or_comment(sample: Any) -> None:
    for line in ("Do you like this article?", "Comment(s)", "Comment Policy", "1500 / 1500", "Younis Elwan"):
        assert line not in sample.body


def test_sample_comment_split_with_author_and_location(sample: Any) -> None:
    assert [(c.text, c.author, c.location) for c in sample.comments] == [
        ("Iraq cannot take out ISIL alone given its strength.", "Younis Elwan", "Morocco")
    ]


def test_sample_matches_gold_file(sample: Any, gold: dict[str, Any]) -> None:
    assert sample.kicker == gold["kicker"]
    assert sample.headline == gold["headline"]
    assert sample.byline == gold["byline"]
    assert sample.source == gold["source"]
    assert sample.captions == gold["captions"]
    assert [(s.heading, len(s.paragraphs)) for s in sample.sections] == [
        (s["heading"], s["paragraphs"]) for s in gold["sections"]
    ]
    for section, expected in zip(sample.sections, gold["sections"], strict=True):
        assert section.paragraphs[0].startswith(expected["first_words"])
    for line in gold["boilerplate_not_in_body"]:
        assert line not in sample.body
    assert [_comment(c) for c in sample.comments] == gold["comments"]


def _comment(comment: Any) -> dict[str, Any]:
    return {"text": comment.text, "author": comment.author, "location": comment.location}


INVENTED_WIRE_STORY = """\
World

Harbour strike ends after port workers accept new contract

By Mira Castell, Tomas Reyes

Wed 05 Apr 2017

VALPARAISO, Chile (Invented Wire) - Dock workers voted on Tuesday to end a nine-day strike.

The vote was close, union officials said.

What changes

Shifts will be capped at ten hours under the new contract.

Share this article

Workers return on Thursday morning.

Reader comments

About time the port reopened.
Lucia Ferro, Santiago

Ten hours is still too long. Pablo Ortiz
"""


def test_other_layout_is_read_from_its_shape() -> None:
    article = parse_text_article(INVENTED_WIRE_STORY, article_id="x", path="x.txt")
    assert article.kicker == "World"
    assert article.headline == "Harbour strike ends after port workers accept new contract"
    assert article.byline == ["Mira Castell", "Tomas Reyes"]
    assert article.date == "2017-04-05"
    assert article.dateline == "VALPARAISO, Chile"
    assert article.source == "Invented Wire"
    assert [(s.heading, len(s.paragraphs)) for s in article.sections] == [(None, 2), ("What changes", 2)]
    assert "Share this article" not in article.body
    assert [(c.text, c.author, c.location) for c in article.comments] == [
        ("About time the port reopened.", "Lucia Ferro", "Santiago"),
        ("Ten hours is still too long.", "Pablo Ortiz", None),
    ]


def test_headline_first_article_has_no_kicker_or_byline() -> None:
    text = (
        "Ferry service resumes on the river\n\n"
        "A ferry resumed service on Sunday.\n\n"
        "It carries forty people.\n"
    )
    article = parse_text_article(text, article_id="x", path="x.txt")
    assert article.kicker is None
    assert article.headline == "Ferry service resumes on the river"
    assert article.byline == []
    assert article.body == "A ferry resumed service on Sunday.\n\nIt carries forty people."


def test_headline_typed_directly_above_first_paragraph() -> None:
    text = "Council approves budget\nThe city council approved its budget on Monday after a long debate.\n"
    article = parse_text_article(text, article_id="x", path="x.txt")
    assert article.headline == "Council approves budget"
    assert article.body.startswith("The city council approved")


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [("utf-8", b""), ("utf-8-sig", b""), ("utf-16", b""), ("cp1252", b"")],
)
def test_encodings_are_detected(tmp_path: Path, encoding: str, prefix: bytes) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(prefix + "Café reopens in Zürich\n\nThe café’s owner said “welcome”.\n".encode(encoding))
    article = read_text_article(path, "a")
    assert article.headline == "Café reopens in Zürich"
    assert article.body == "The café’s owner said “welcome”."


def test_binary_file_is_refused_with_its_name(tmp_path: Path) -> None:
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(ArticleReadError, match=r"photo\.txt: binary file"):
        read_text_article(path, "photo")


def test_all_bbc_files_parse_with_headline_on_first_line() -> None:
    bbc = SHARED_DATA / "bbc"
    if not bbc.is_dir():
        pytest.skip(f"{bbc} is absent (../shared/data comes with the workspace, not with a clone)")
    files = sorted(bbc.rglob("[0-9]*.txt"))
    assert len(files) == 2225
    right = 0
    for path in files:
        article = read_text_article(path, path.stem)
        first_line = path.read_bytes().decode("utf-8", errors="replace").split("\n", 1)[0]
        right += article.headline == " ".join(first_line.split())
        assert article.body, path
    assert right / len(files) >= 0.99
    latin1 = read_text_article(bbc / "sport" / "199.txt", "199")
    assert "\ufffd" not in latin1.body
