"""The facet audit on the shared archive: today's figures are the floor or ceiling.

The figures are today's (issue 15's first rounds; issue 16's baseline for speakers and
quotes): a change that makes a facet worse fails here; the lead tightens them as the
extractor improves.
A value or quote nobody has judged yet counts against the figure, so a changed
extractor passes only once its new top values are judged in tools/audit/.

The audit indexes the whole archive (23,370 articles, about 140 s on 2 cores) into
its cache, .dateline/audit-index, only when that cache is missing or was built by
other indexing code; with a current cache the module takes about 15 s.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, shared_path

pytestmark = pytest.mark.slow  # only when the cache must be rebuilt; see the docstring

# (junk + duplicates + unjudged) / 50, today.
TODAY_BAD_SHARE = {"people": 0.08, "organisations": 0.06, "places": 0.04, "speakers": 0.42}
TODAY_WORD_PLACES_ABOUT = 0.82  # judged sample of every word-like place (0.827 today)
TODAY_WORD_PLACES_ABOUT_WITH_UNJUDGED = 0.57  # unjudged counted as not about (0.573 today)
TODAY_ISSUE_WORD_PLACES_ABOUT = 0.89  # issue 15's list of twelve (0.897 today)
TODAY_SPEAKER_ACCURACY = 0.69  # right / (right + wrong), 59 / 85 today
TODAY_CLEAN_TEXT = 0.36  # 36 of 100


def _audit(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tools.audit_facets", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


@pytest.fixture(scope="module")
def figures() -> dict[str, Any]:
    for part in ("reuters21578/articles.jsonl", "bbc", "wikinews"):
        shared_path(f"data/{part}")
    completed = _audit("--json")
    assert completed.returncode == 0, completed.stderr
    figures: dict[str, Any] = json.loads(completed.stdout)
    return figures


@pytest.mark.parametrize("facet", list(TODAY_BAD_SHARE))
def test_junk_and_duplicates_in_the_top_50_stay_within_todays_baseline(
    figures: dict[str, Any], facet: str
) -> None:
    found = figures["facets"][facet]
    assert len(found["top"]) == 50
    bad = found["junk"] + found["duplicates"] + len(found["unjudged"])
    assert bad / 50 <= TODAY_BAD_SHARE[facet], (
        f"{facet}: {found['junk']} junk, {found['duplicates']} duplicates, "
        f"unjudged {found['unjudged']} (judge them in tools/audit/facets.tsv)"
    )


def test_each_top_value_comes_with_example_headlines(figures: dict[str, Any]) -> None:
    for facet, found in figures["facets"].items():
        for value in found["top"]:
            assert value["examples"], f"{facet}: {value['value']} has no example headline"


def test_word_like_places_are_about_the_place_at_least_as_often_as_today(figures: dict[str, Any]) -> None:
    places = figures["word_places"]
    unjudged = {p["place"]: p["unjudged"] for p in places["places"] if p["unjudged"]}
    assert places["about_share"] >= TODAY_WORD_PLACES_ABOUT, unjudged
    assert places["issue_list_about_share"] >= TODAY_ISSUE_WORD_PLACES_ABOUT, unjudged
    # Unjudged articles count as not about the place: judge them in tools/audit/word_places.tsv.
    sampled = sum(len(p["sample"]) for p in places["places"])
    about = sum(p["about"] for p in places["places"])
    assert about / sampled >= TODAY_WORD_PLACES_ABOUT_WITH_UNJUDGED, unjudged


def test_the_quote_sample_is_attributed_and_clean_at_least_as_often_as_today(
    figures: dict[str, Any],
) -> None:
    quotes = figures["quotes"]
    assert quotes["sampled"] == 100
    # Unjudged quotes count as wrong and unclean: judge them in tools/audit/quotes.tsv.
    judged_named = quotes["speaker"]["right"] + quotes["speaker"]["wrong"] + len(quotes["unjudged"])
    assert quotes["speaker"]["right"] / judged_named >= TODAY_SPEAKER_ACCURACY, quotes["unjudged"]
    assert quotes["text"]["clean"] / quotes["sampled"] >= TODAY_CLEAN_TEXT, quotes["unjudged"]


def test_a_second_run_reuses_the_cached_index(figures: dict[str, Any]) -> None:
    completed = _audit("--json")
    assert completed.returncode == 0, completed.stderr
    again = json.loads(completed.stdout)
    assert again["index_seconds"] is None
    assert again["facets"] == figures["facets"]  # and the seeded samples are the same samples
    assert again["quotes"]["speaker"] == figures["quotes"]["speaker"]


def test_a_broken_judgement_file_is_one_error_line_naming_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "facets.tsv").write_text("# facet\tvalue\tverdict\tnote\npeople\tREUTER\tnonsense\t\n")
    completed = _audit("--judgements", str(tmp_path))
    assert completed.returncode == 1
    assert completed.stderr.strip() == (
        f"Error: {tmp_path / 'facets.tsv'}:2: verdict 'nonsense' is not ok, junk or duplicate-of VALUE"
    )
    assert "Traceback" not in completed.stderr


def test_a_missing_judgement_folder_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    completed = _audit("--judgements", str(tmp_path / "absent"))
    assert completed.returncode == 1
    assert completed.stderr.startswith(f"Error: {tmp_path / 'absent'}: ")
    assert "Traceback" not in completed.stderr
