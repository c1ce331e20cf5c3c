"""The archive's name table: one entity, one facet value, and its filter finds what it counts.

Real indexes on disk of a few invented articles (their people and
organisations are fictional), and the ``dateline`` binary for the CLI.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from indexer.article import Article, Section
from indexer.name_table import MIN_SHARED
from indexer.store import ALIASES_FILE, live_dir
from indexer.writer import write_articles
from search import Archive, Query

DATELINE = Path(sys.executable).parent / "dateline"
MONTH = "1987-03"


def story(number: int, people: list[str] = [], orgs: list[str] = [], month: str = MONTH) -> Article:  # noqa: B006
    """An invented article naming these people and organisations, each spelt as given."""
    return Article(
        id=f"story-{number}",
        path=f"story-{number}.txt",
        format="text",
        headline=f"Invented story {number}",
        date=f"{month}-{1 + number % 27:02d}",
        sections=[Section(heading=None, paragraphs=[f"Invented text number {number}."])],
        people=people,
        organisations=orgs,
        spellings={
            **{f"people:{name}": [name] for name in people},
            **{f"organisations:{name}": [name] for name in orgs},
        },
    )


DAIRY, MILLS = "Lumen Dairy Cooperative", "Harrow Mills"
ARTICLES = [
    # a full name, and its surname alone in articles about the same things: one person
    *(story(n, people=["Ada Quillfeather"], orgs=[DAIRY]) for n in range(3)),
    *(story(n, people=["Quillfeather"], orgs=[DAIRY]) for n in range(3, 7)),
    # two full names share a surname and its companions, neither dominant: the surname stays apart
    *(story(n, people=["Bram Oakhurst"], orgs=[MILLS]) for n in range(7, 10)),
    *(story(n, people=["Cara Oakhurst"], orgs=[MILLS]) for n in range(10, 13)),
    *(story(n, people=["Oakhurst"], orgs=[MILLS]) for n in range(13, 16)),
    # a surname whose only full name shares nothing with its articles: no evidence, apart
    *(story(n, people=["Dov Pellingham"], orgs=["Vantor Shipping"], month="2005-06") for n in range(16, 19)),
    *(story(n, people=["Pellingham"], orgs=["Gellert Bank"]) for n in range(19, 22)),
    # an acronym named beside its long form in a few articles, then alone: one organisation
    *(story(n, orgs=["Northern Grain Board", "NGB"]) for n in range(22, 24)),
    *(story(n, orgs=["NGB"]) for n in range(24, 27)),
    story(27, orgs=["Northern Grain Board"]),
    # a short form inside a longer name, beside other organisations equally often: apart
    *(story(n, orgs=["Kelmar Treasury", "Treasury", "Ostrava Treasury"]) for n in range(28, 31)),
]


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Archive:
    index_dir = tmp_path_factory.mktemp("names") / "index"
    write_articles(index_dir, ARTICLES)
    return Archive(index_dir)


def counts(archive: Archive, facet: str) -> dict[str, int]:
    return {value.value: value.count for value in archive.facet(facet)}


def test_a_surname_in_the_news_with_its_full_name_is_that_person(archive: Archive) -> None:
    people = counts(archive, "people")
    assert people["Ada Quillfeather"] == 7
    assert "Quillfeather" not in people
    assert archive.search(Query(people=["Quillfeather"])).total == 7


def test_a_surname_shared_by_several_full_names_stays_apart(archive: Archive) -> None:
    people = counts(archive, "people")
    assert (people["Bram Oakhurst"], people["Cara Oakhurst"], people["Oakhurst"]) == (3, 3, 3)
    assert archive.search(Query(people=["Oakhurst"])).total == 3


def test_a_full_name_sharing_nothing_with_the_surname_s_articles_is_no_evidence(archive: Archive) -> None:
    people = counts(archive, "people")
    assert (people["Dov Pellingham"], people["Pellingham"]) == (3, 3)


def test_an_acronym_beside_its_long_form_is_one_organisation_counted_once(archive: Archive) -> None:
    orgs = counts(archive, "organisations")
    assert orgs["Northern Grain Board"] == 6  # 2 articles name both: counted once each
    assert "NGB" not in orgs
    assert archive.search(Query(orgs=["ngb"])).total == 6


def test_a_short_form_fitting_several_long_ones_equally_stays_apart(archive: Archive) -> None:
    assert counts(archive, "organisations")["Treasury"] == 3


@pytest.mark.parametrize(("facet", "attribute"), [("people", "people"), ("organisations", "orgs")])
def test_every_value_s_filter_finds_exactly_what_its_facet_counts(
    archive: Archive, facet: str, attribute: str
) -> None:
    for value in archive.facet(facet):
        found = archive.search(Query(limit=1, facet_limit=0, **{attribute: [value.value]}))  # type: ignore[arg-type]
        assert found.total == value.count, value.value


def test_names_lists_one_entity_with_all_its_spellings(archive: Archive) -> None:
    (ada,) = [e for e in archive.names("people") if e.name == "Ada Quillfeather"]
    assert ada.articles == 7
    assert set(ada.spellings) == {"Ada Quillfeather", "Quillfeather"}


def test_the_table_is_rebuilt_from_the_index_when_its_file_is_gone(tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    write_articles(index_dir, ARTICLES)
    for saved in live_dir(index_dir).glob("facets-*"):
        saved.unlink()  # as if a run was killed between its commit and saving the tables
    assert counts(Archive(index_dir), "people")["Ada Quillfeather"] == 7


def test_an_incremental_run_rebuilds_the_table(tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    write_articles(index_dir, ARTICLES[:3] + ARTICLES[3:4])  # one surname article: too little evidence
    assert counts(Archive(index_dir), "people") == {"Ada Quillfeather": 3, "Quillfeather": 1}
    write_articles(index_dir, ARTICLES[4 : 3 + MIN_SHARED])
    assert counts(Archive(index_dir), "people") == {"Ada Quillfeather": 3 + MIN_SHARED}


def test_the_alias_file_wins_over_the_table(tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    index_dir.mkdir()
    (index_dir / ALIASES_FILE).write_text("person | Quillfeather | |\n", encoding="utf-8")
    write_articles(index_dir, ARTICLES[:7])
    assert counts(Archive(index_dir), "people") == {"Quillfeather": 4, "Ada Quillfeather": 3}
    assert Archive(index_dir).search(Query(people=["Quillfeather"])).total == 4


def test_the_cli_filter_and_facet_agree(tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    write_articles(index_dir, ARTICLES)
    command = [str(DATELINE), "search", "*", "--index", str(index_dir), "--person", "quillfeather"]
    shown = subprocess.run([*command, "--format", "json"], capture_output=True, text=True, check=True)
    result = json.loads(shown.stdout)
    assert result["total"] == 7
    assert {"value": "Ada Quillfeather", "count": 7} in result["facets"]["people"]


@pytest.mark.parametrize("prefix", ["ada", "quill"])
def test_names_by_prefix_of_any_form_gives_the_whole_entity(archive: Archive, prefix: str) -> None:
    (ada,) = [e for e in archive.names("people", prefix=prefix) if e.name == "Ada Quillfeather"]
    assert ada.articles == 7
