"""The dateline command line, through click's CliRunner and as the installed binary."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from indexer.article import ARTICLE_KEYS
from search.cli import EXIT_PARTIAL, main
from tests.conftest import CORPUS, SAMPLE

SAMPLE_ID = "diyaruna-mosul-isil-internal-tensions"


def test_search_json_returns_sample_with_highlight(cli: Any) -> None:
    result = cli("search", "Mosul", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) == {"query", "total", "page", "limit", "hits", "facets"}
    assert data["query"] == "Mosul" and data["page"] == 1 and data["limit"] == 10
    sample = next(hit for hit in data["hits"] if hit["id"] == SAMPLE_ID)
    assert set(sample) == {
        "id",
        "score",
        "headline",
        "byline",
        "date",
        "source",
        "places",
        "people",
        "snippet",
    }
    assert sample["headline"] == "Mosul battle lays bare ISIL's internal tensions"
    assert sample["byline"] == ["Khalid al-Taie"]
    assert "**Mosul**" in sample["snippet"]
    assert {"value": "Khalid al-Taie", "count": 1} in data["facets"]["bylines"]


def test_search_counts_only_the_facets_asked_for(cli: Any) -> None:
    every = json.loads(cli("search", "Mosul", "--format", "json").output)["facets"]
    two = json.loads(
        cli("search", "Mosul", "--facet", "places", "--facet", "byline", "--format", "json").output
    )
    assert set(two["facets"]) == {"places", "bylines"}
    assert two["facets"]["places"] == every["places"] and two["facets"]["bylines"] == every["bylines"]
    unknown = cli("search", "Mosul", "--facet", "weather")
    assert unknown.exit_code == 1 and "unknown facet 'weather'" in unknown.output


def test_search_byline_filter_and_text_output(cli: Any) -> None:
    result = cli("search", "Mosul", "--byline", "Khalid al-Taie")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("1 result for 'Mosul'")
    assert "Mosul battle lays bare ISIL's internal tensions" in result.output
    assert "bylines: Khalid al-Taie (1)" in result.output


def test_search_csv_and_jsonl(cli: Any) -> None:
    rows = list(csv.DictReader(io.StringIO(cli("search", "Mosul", "--format", "csv").output)))
    assert SAMPLE_ID in [row["id"] for row in rows]
    lines = cli("search", "Mosul", "--format", "jsonl").output.splitlines()
    assert len(lines) == len(rows)
    assert all(json.loads(line)["id"] for line in lines)


def test_no_match_is_not_an_error(cli: Any) -> None:
    result = cli("search", "zeppelin")
    assert result.exit_code == 0
    assert result.output.startswith("0 results for 'zeppelin'")


def test_show_text_and_json(cli: Any) -> None:
    text = cli("show", SAMPLE_ID)
    assert text.exit_code == 0
    assert "By Khalid al-Taie" in text.output
    assert "## Growing internal tensions" in text.output
    assert "Younis Elwan, Morocco" in text.output
    data = json.loads(cli("show", SAMPLE_ID, "--format", "json").output)
    assert data["id"] == SAMPLE_ID and data["kicker"] == "Iraq News"


def test_show_unknown_id_exits_1_naming_it(cli: Any) -> None:
    result = cli("show", "no-such-article")
    assert result.exit_code == 1
    assert "no article with id 'no-such-article'" in result.output


def test_facets_command(cli: Any) -> None:
    result = cli("facets", "kickers")
    assert result.exit_code == 0
    assert result.output.splitlines()[0].split(maxsplit=1) == ["2", "Iraq News"]
    data = json.loads(cli("facets", "byline", "Mosul", "--format", "json").output)
    assert data["facet"] == "bylines"
    assert {"value": "Khalid al-Taie", "count": 1} in data["values"]


def test_bad_date_exits_1_with_message(cli: Any) -> None:
    result = cli("search", "Mosul", "--from", "someday")
    assert result.exit_code == 1
    assert "--from: cannot read 'someday' as a date" in result.output


def test_usage_error_exits_2(cli: Any) -> None:
    result = cli("search", "Mosul", "--sort", "colour")
    assert result.exit_code == 2


def test_missing_index_says_how_to_build_one(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["search", "Mosul", "--index", str(tmp_path / "none")])
    assert result.exit_code == 1
    assert "no index at" in result.output and "dateline index" in result.output


def test_parse_prints_article_json_with_the_contract_keys() -> None:
    result = CliRunner().invoke(main, ["parse", str(SAMPLE)])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert tuple(data) == ARTICLE_KEYS
    assert data["format"] == "text"
    assert data["headline"] == "Mosul battle lays bare ISIL's internal tensions"
    assert data["body"].count("\n\n") == 20  # 21 paragraphs


def test_parse_several_files_prints_json_lines() -> None:
    files = sorted(str(p) for p in CORPUS.glob("*.txt"))
    result = CliRunner().invoke(main, ["parse", *files])
    lines = result.output.splitlines()
    assert len(lines) == len(files) >= 2
    assert [json.loads(line)["path"] for line in lines] == files


def test_parse_missing_file_names_it(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["parse", str(tmp_path / "gone.txt")])
    assert result.exit_code == 1
    assert "gone.txt" in result.output


def test_index_reports_bad_file_and_indexes_the_rest(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "good.txt").write_text("Bridge reopens\n\nThe bridge reopened on Friday.\n")
    (archive / "broken.txt").write_bytes(b"\x00\x01\x02binary")
    (archive / "README.txt").write_text("Notes about this archive, not an article.\n")
    index_dir = tmp_path / "index"
    result = CliRunner().invoke(main, ["index", str(archive), "--index", str(index_dir), "--json"])
    assert result.exit_code == EXIT_PARTIAL
    report = json.loads(result.stdout)
    assert report["indexed"] == 1 and report["files"] == 2
    assert report["failed"] == [
        {"path": str(archive / "broken.txt"), "problem": report["failed"][0]["problem"]}
    ]
    assert "broken.txt: binary file" in result.stderr
    found = CliRunner().invoke(main, ["search", "bridge", "--index", str(index_dir), "--format", "json"])
    assert [hit["id"] for hit in json.loads(found.output)["hits"]] == ["good"]


def test_index_summary_is_one_line_without_progress_bar_when_piped(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["index", str(CORPUS), "--index", str(tmp_path / "ix")])
    assert result.exit_code == 0
    assert result.output.count("\n") == 1
    # corpus/: 4 text files, 1 web page, 2 JSON Lines records, 2 CSV rows
    assert result.output.startswith("Indexed 9 articles from 7 files")


def test_index_location_from_environment(tmp_path: Path) -> None:
    env = {"DATELINE_INDEX": str(tmp_path / "env-index")}
    assert CliRunner().invoke(main, ["index", str(SAMPLE)], env=env).exit_code == 0
    result = CliRunner().invoke(main, ["search", "Mamuzini", "--format", "json"], env=env)
    assert json.loads(result.output)["total"] == 1


def _binary() -> Path:
    binary = Path(sys.executable).parent / "dateline"
    if not binary.exists():
        pytest.skip(f"the dateline console script is not installed next to {sys.executable}")
    return binary


def test_installed_binary_indexes_and_searches(tmp_path: Path) -> None:
    binary = _binary()
    env = {**os.environ, "DATELINE_INDEX": str(tmp_path / "index")}
    indexed = subprocess.run([binary, "index", str(CORPUS)], env=env, capture_output=True, text=True)
    assert indexed.returncode == 0, indexed.stderr
    assert indexed.stderr == ""  # no progress bar when not on a terminal
    found = subprocess.run(
        [binary, "search", "Mosul", "--format", "json"], env=env, capture_output=True, text=True
    )
    assert found.returncode == 0, found.stderr
    assert SAMPLE_ID in [hit["id"] for hit in json.loads(found.stdout)["hits"]]
    missing = subprocess.run(
        [binary, "search", "Mosul", "--index", str(tmp_path / "none")], capture_output=True, text=True
    )
    assert missing.returncode == 1
    assert missing.stderr.startswith("Error: no index at")
