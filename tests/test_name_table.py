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


# ---------------------------------------------------------------- kinds and spellings, by the evidence


def place_story(number: int, place: str) -> Article:
    """An invented article naming one place."""
    article = story(number)
    article.places = [place]
    article.spellings[f"places:{place}"] = [place]
    return article


FIRM, GUILD = "Zentrix Corp", "Fenwick Guild"
KINDS = [
    # a firm tagged as a person, no full name ends in it, and the archive names it with a corporate form
    *(story(n, people=["Zentrix"]) for n in range(3)),
    *(story(n, orgs=[FIRM]) for n in range(3, 5)),
    # a lone word tagged as a person, which other articles name as an organisation
    *(story(n, people=["Quorvia"]) for n in range(5, 8)),
    story(8, orgs=["Quorvia"]),
    # a well-attested person whose surname a firm shares: a person; the surname tagged as an organisation too
    *(story(n, people=["Ilsa Brandvold"], orgs=[GUILD]) for n in range(9, 12)),
    *(story(n, people=["Brandvold"], orgs=[GUILD]) for n in range(12, 15)),
    story(15, orgs=["Brandvold Corp"]),
    story(16, orgs=["Brandvold"]),
    # a given name alone, which only ever opens full names
    *(story(n, people=["Tobiah"]) for n in range(17, 19)),
    story(19, people=["Tobiah Wrenfield"]),
    story(20, people=["Tobiah Castellane"]),
    # one organisation's spellings
    *(story(n, orgs=["Northfold Harmonisation Board"]) for n in range(21, 23)),
    story(23, orgs=["Northfold Harmonization Board"]),
    *(story(n, orgs=["Velmark Shipping Corp"]) for n in range(24, 27)),
    story(27, orgs=["Velmark Shipping"]),
    story(28, orgs=["Tessaro, Pike and Co"]),
    *(story(n, orgs=["The Tessaro Pike"]) for n in range(29, 31)),
    # initials that leave out the corporate form
    *(story(n, orgs=["Brennick Dynamics Corp", "BD"]) for n in range(31, 33)),
    *(story(n, orgs=["BD"]) for n in range(33, 35)),
    # a party under its name; a reader may type its nickname
    *(story(n, orgs=["Conservative Party"]) for n in range(35, 37)),
    # a firm named after its founders, its first founder tagged as a person
    *(story(n, people=["Harrowgate"]) for n in range(37, 39)),
    story(39, orgs=["Harrowgate, Lisle and Penn Securities Corp"]),
    # a lone word tagged as a person that more articles name as a place
    *(story(n, people=["Marrowick"]) for n in range(40, 42)),
    *(place_story(n, "Marrowick") for n in range(42, 45)),
]


@pytest.fixture(scope="module")
def kinds(tmp_path_factory: pytest.TempPathFactory) -> Archive:
    index_dir = tmp_path_factory.mktemp("kinds") / "index"
    write_articles(index_dir, KINDS)
    return Archive(index_dir)


def test_a_firm_tagged_as_a_person_counts_as_the_firm_the_archive_names(kinds: Archive) -> None:
    assert "Zentrix" not in counts(kinds, "people")
    assert counts(kinds, "organisations")[FIRM] == 5
    assert kinds.search(Query(orgs=["Zentrix"])).total == 5
    assert kinds.search(Query(people=["Zentrix"])).total == 0


def test_names_lists_a_firm_tagged_as_a_person_as_the_firm_and_a_given_name_not_at_all(
    kinds: Archive,
) -> None:
    entities = {(e.type, e.name): e for e in kinds.names()}
    assert entities[("organisations", FIRM)].articles == 5
    assert "Zentrix" in entities[("organisations", FIRM)].spellings
    assert not {name for kind, name in entities if name in ("Zentrix", "Tobiah")}


def test_a_lone_word_the_archive_names_as_an_organisation_is_one(kinds: Archive) -> None:
    assert "Quorvia" not in counts(kinds, "people")
    assert counts(kinds, "organisations")["Quorvia"] == 4


def test_a_person_whose_surname_a_firm_shares_stays_a_person(kinds: Archive) -> None:
    people, orgs = counts(kinds, "people"), counts(kinds, "organisations")
    assert people["Ilsa Brandvold"] == 7  # the surname, and the article tagging it as an organisation
    assert "Brandvold" not in orgs
    assert orgs["Brandvold Corp"] == 1


def test_a_given_name_alone_is_no_one(kinds: Archive) -> None:
    people = counts(kinds, "people")
    assert "Tobiah" not in people
    assert (people["Tobiah Wrenfield"], people["Tobiah Castellane"]) == (1, 1)
    assert kinds.search(Query(people=["Tobiah"])).total == 0


@pytest.mark.parametrize(
    ("shown", "other", "articles"),
    [
        ("Northfold Harmonisation Board", "Northfold Harmonization Board", 3),
        ("Velmark Shipping Corp", "Velmark Shipping", 4),
        ("The Tessaro Pike", "Tessaro, Pike and Co", 3),
    ],
)
def test_spellings_of_one_long_name_are_one_organisation(
    kinds: Archive, shown: str, other: str, articles: int
) -> None:
    orgs = counts(kinds, "organisations")
    assert (orgs[shown], orgs.get(other)) == (articles, None)
    assert kinds.search(Query(orgs=[other])).total == articles


def test_a_founder_s_name_tagged_as_a_person_counts_as_the_firm(kinds: Archive) -> None:
    assert "Harrowgate" not in counts(kinds, "people")
    assert counts(kinds, "organisations")["Harrowgate, Lisle and Penn Securities Corp"] == 3


def test_a_lone_word_more_often_a_place_is_no_one(kinds: Archive) -> None:
    assert "Marrowick" not in counts(kinds, "people")
    assert counts(kinds, "places")["Marrowick"] == 3
    assert kinds.search(Query(people=["Marrowick"])).total == 0


def test_initials_leave_out_the_corporate_form(kinds: Archive) -> None:
    orgs = counts(kinds, "organisations")
    assert orgs["Brennick Dynamics Corp"] == 4
    assert "BD" not in orgs


def test_a_party_s_nickname_finds_the_party(kinds: Archive) -> None:
    assert kinds.search(Query(orgs=["Tories"])).total == 2


@pytest.mark.parametrize(("facet", "attribute"), [("people", "people"), ("organisations", "orgs")])
def test_after_moves_every_filter_finds_what_its_facet_counts(
    kinds: Archive, facet: str, attribute: str
) -> None:
    for value in kinds.facet(facet):
        found = kinds.search(Query(limit=1, facet_limit=0, **{attribute: [value.value]}))  # type: ignore[arg-type]
        assert found.total == value.count, value.value


def test_the_cli_finds_a_firm_tagged_as_a_person_under_organisations_only(tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    write_articles(index_dir, KINDS)
    command = [str(DATELINE), "search", "*", "--index", str(index_dir), "--format", "json"]
    as_org = subprocess.run([*command, "--org", "zentrix"], capture_output=True, text=True, check=True)
    as_person = subprocess.run([*command, "--person", "zentrix"], capture_output=True, text=True, check=True)
    assert json.loads(as_org.stdout)["total"] == 5
    assert json.loads(as_person.stdout)["total"] == 0
