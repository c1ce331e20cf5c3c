"""Web pages, JSON Lines and CSV exports read into the same Article fields."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from indexer.article import ARTICLE_KEYS
from indexer.errors import PartialReadError
from indexer.readers import read_articles
from indexer.readers.html import parse_html_article
from search.cli import main
from tests.conftest import CORPUS, SHARED_DATA, shared_path

PAGE = CORPUS / "invented-basra-port-strike.html"


def test_html_reader_takes_metadata_and_clean_body() -> None:
    (article,) = read_articles(PAGE, "page")
    assert article.format == "html"
    assert article.headline == "Basra dock workers end strike after pay deal"
    assert article.byline == ["Huda Karim", "Sami Nasser"]
    assert article.date == "2018-06-03T09:30:00+03:00"
    assert article.source == "Dateline Sample Times"
    assert article.captions == ["Cranes at the port of Umm Qasr. (Invented caption for a sample article.)"]
    assert [s.heading for s in article.sections] == [None, "What the deal changes"]
    assert "“The port will be working at full capacity by Tuesday.”" in article.body
    for furniture in (
        "Share on Facebook",
        "Home",
        "Oil exports rise",
        "Finally some good news",
        "© Dateline",
        "By Huda",
    ):
        assert furniture not in article.body


def test_html_without_structured_data_falls_back_to_meta_and_title() -> None:
    html = """<html><head><title>Flood waters recede in Kerala - The Example Post</title>
    <meta name="author" content="Staff"></head><body><h1>Flood waters recede in Kerala</h1>
    <p class="byline">Updated 12 March 2020</p>
    <p>Water levels fell across the state on Monday, officials said, and schools will reopen.</p>
    </body></html>"""
    article = parse_html_article(html, article_id="x", path="x.html")
    assert article.headline == "Flood waters recede in Kerala"
    assert article.byline == []  # neither "Staff" nor a date is a person
    assert article.date is None  # no date found means no date, never today's
    assert article.body.startswith("Water levels fell")


def test_jsonl_broken_line_is_named_and_the_rest_read(tmp_path: Path) -> None:
    path = tmp_path / "export.jsonl"
    path.write_text(
        '{"id": "a1", "title": "First", "text": "One.", "date": "2017-04-05"}\n'
        "{not json\n"
        '{"headline": "Third", "body": "Three.", "author": "Ana Ruiz"}\n'
    )
    with pytest.raises(PartialReadError, match=r"export\.jsonl: line 2: not JSON") as caught:
        read_articles(path, "export")
    assert [(a.id, a.headline, a.date) for a in caught.value.articles] == [
        ("a1", "First", "2017-04-05"),
        ("export#3", "Third", None),
    ]
    assert caught.value.articles[1].byline == ["Ana Ruiz"]


def test_csv_bad_row_is_named_and_the_rest_read(tmp_path: Path) -> None:
    path = tmp_path / "sheet.csv"
    path.write_text("title,text,published\nGood,Fine.,05-Apr-2017\nBad,row,with,extra\nAlso good,Yes.,\n")
    with pytest.raises(PartialReadError, match=r"row 3: 4 fields where the header has 3") as caught:
        read_articles(path, "sheet")
    assert [(a.headline, a.date) for a in caught.value.articles] == [
        ("Good", "2017-04-05"),
        ("Also good", None),
    ]


def test_index_keeps_good_records_and_reports_the_broken_line(tmp_path: Path) -> None:
    path = tmp_path / "export.jsonl"
    path.write_text('{"id": "a1", "title": "Bridge reopens", "text": "The bridge reopened."}\n{oops\n')
    index_dir = tmp_path / "index"
    result = CliRunner().invoke(main, ["index", str(path), "--index", str(index_dir), "--json"])
    assert result.exit_code == 3
    report = json.loads(result.stdout)
    assert report["indexed"] == 1
    assert report["failed"][0]["problem"].startswith("line 2: not JSON")


def test_utf16_web_page_is_read(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(
        "<html><head><title>Café reopens in Zürich today</title></head><body>"
        "<p>The café reopened on Monday after a long renovation of its old rooms.</p></body></html>".encode(
            "utf-16"
        )
    )
    (article,) = read_articles(path, "page")
    assert article.headline == "Café reopens in Zürich today"


def test_page_without_extension_is_recognised_by_content(tmp_path: Path) -> None:
    path = tmp_path / "saved-page"
    path.write_text(
        "<!DOCTYPE html><html><head><title>Ferry returns to the river</title></head>"
        "<body><p>The ferry returned to service on Sunday morning.</p></body></html>"
    )
    (article,) = read_articles(path, "saved")
    assert article.format == "html" and article.headline == "Ferry returns to the river"


def test_parse_prints_the_same_shape_for_every_format() -> None:
    files = [
        CORPUS / "diyaruna-mosul-isil-internal-tensions.txt",
        PAGE,
        CORPUS / "invented-wire-briefs.jsonl",
        CORPUS / "invented-desk-roundup.csv",
    ]
    result = CliRunner().invoke(main, ["parse", *map(str, files)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.output.splitlines()]
    assert {r["format"] for r in records} == {"text", "html", "jsonl", "csv"}
    assert all(tuple(r) == ARTICLE_KEYS for r in records)


def test_readability_pages_quality_floor() -> None:
    from tools.quality_html import score

    report = score(shared_path("data/readability-pages"))
    assert report["headline_exact"] >= 0.96
    assert report["byline_found"] >= 0.88
    assert report["byline_invented"] <= 0.05


def test_reuters_jsonl_all_articles_with_dates() -> None:
    path = SHARED_DATA / "reuters21578" / "articles.jsonl"
    if not path.exists():
        pytest.skip(f"{path} is absent (../shared/data comes with the workspace, not with a clone)")
    articles = read_articles(path, "reuters")
    assert len(articles) == 20841
    assert len({a.id for a in articles}) == 20841
    assert sum(a.date is not None for a in articles) / len(articles) >= 0.99


def test_wikinews_csvs_all_rows() -> None:
    folder = shared_path("data/wikinews")
    counts = [len(read_articles(path, path.stem)) for path in sorted(folder.glob("*.csv"))]
    assert sum(counts) == 295


def test_date_is_iso_and_the_original_is_kept_in_the_index(tmp_path: Path) -> None:
    export = tmp_path / "wire.jsonl"
    export.write_text(
        '{"id": "w1", "title": "Cocoa review", "text": "Showers continued.", '
        '"date": "26-FEB-1987 15:01:01.79"}\n'
    )
    index_dir = tmp_path / "index"
    assert CliRunner().invoke(main, ["index", str(export), "--index", str(index_dir)]).exit_code == 0
    shown = CliRunner().invoke(main, ["show", "w1", "--index", str(index_dir)]).output
    assert "Date: 1987-02-26T15:01:01 (written '26-FEB-1987 15:01:01.79')" in shown
    data = json.loads(
        CliRunner().invoke(main, ["show", "w1", "--index", str(index_dir), "--format", "json"]).output
    )
    assert data["date"] == "1987-02-26T15:01:01" and tuple(data) == ARTICLE_KEYS


def test_a_wire_sign_off_is_neither_story_text_nor_a_person(tmp_path: Path) -> None:
    export = tmp_path / "wire.jsonl"
    records = [
        {
            "id": "w1",
            "title": "Port reopens",
            "text": "Ships docked in Basra on Monday, Omar Haddad said.  REUTER",
        },
        {"id": "w2", "title": "Port closes", "text": "Ships left Basra.\n\n    AFP..."},
        {"id": "w3", "title": "Port busy", "text": "Trade rose, the head of the IMF said on Tuesday."},
        {"id": "w4", "title": "Warrants", "text": 'The warrants will trade under the symbol "ACMEW."'},
    ]  # invented records
    export.write_text("".join(json.dumps(r) + "\n" for r in records))
    result = CliRunner().invoke(main, ["parse", str(export)])
    assert result.exit_code == 0, result.output
    parsed = {a["id"]: a for a in map(json.loads, result.output.splitlines())}
    assert parsed["w1"]["body"] == "Ships docked in Basra on Monday, Omar Haddad said."
    assert parsed["w1"]["people"] == ["Omar Haddad"]
    assert parsed["w2"]["body"] == "Ships left Basra."
    assert parsed["w3"]["body"].endswith("the head of the IMF said on Tuesday.")  # a name in a sentence stays
    assert parsed["w4"]["body"].endswith('trade under the symbol "ACMEW."')
