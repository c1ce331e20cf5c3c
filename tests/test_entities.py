"""People, places and organisations: extraction, name keys, aliases and hierarchy."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from indexer.article import Article, Section
from indexer.entities.extract import extract_entities
from indexer.entities.gazetteer import AliasFileError, load_gazetteer
from indexer.entities.names import name_key
from indexer.pipeline import parse_file
from indexer.readers.text import parse_text_article
from tests.conftest import SAMPLE

SAMPLE_PEOPLE = [
    "Khalid al-Taie",
    "Binyan al-Jarba",
    "Said Mamuzini",
    "Abu Anas al-Suri",
    "Abu Bakr al-Baghdadi",
    "Ahmed al-Sharifi",
]
SAMPLE_PLACES = ["Mosul", "al-Raqa", "al-Yarmouk", "Syria", "Ninawa", "Iraq"]


@pytest.fixture(scope="module")
def sample() -> Article:
    (article,) = parse_file(SAMPLE, "sample")
    return article


def keys(names: list[str]) -> set[str]:
    return {name_key(n) for n in names}


@pytest.mark.parametrize(
    "spellings",
    [
        ["al-Raqa", "Raqqa", "ar-Raqqah", "Ar Raqqah", "Rakka", "Raqa", "ar-Raqqa", "AL-RAQQA"],
        ["Yarmouk", "al-Yarmuk", "Yarmuk", "al-Yarmouk"],
        ["Abu Bakr al-Baghdadi", "Abu Bakr el-Baghdadi", "Abu Bakr Al Baghdadi"],
        ["Zürich", "Zurich", "ZURICH"],
    ],
)
def test_spelling_variants_share_one_key(spellings: list[str]) -> None:
    assert len({name_key(s) for s in spellings}) == 1


@pytest.mark.parametrize(("one", "other"), [("Mosul", "Mosel"), ("Raqqa", "Rock"), ("Homs", "Hama")])
def test_different_names_keep_different_keys(one: str, other: str) -> None:
    assert name_key(one) != name_key(other)


def test_sample_people_and_places(sample: Article) -> None:
    assert keys(SAMPLE_PEOPLE) <= keys(sample.people)
    assert keys(SAMPLE_PLACES) <= keys(sample.places)


def test_sample_people_and_places_match_gold(sample: Article, gold: dict[str, Any]) -> None:
    assert keys([p["name"] for p in gold["people"]]) <= keys(sample.people)
    assert keys([p["name"] for p in gold["places"]]) <= keys(sample.places)
    for name in gold["people_in_comments_only"]:
        assert name_key(name) not in keys(sample.people)
    for name in gold["places_in_comments_only"]:
        assert name_key(name) not in keys(sample.places)


def test_sample_has_none_of_the_tempting_false_positives(sample: Article) -> None:
    for name in ("Diyaruna", "ISIL", "Comment Policy", "Younis Elwan"):
        assert name_key(name) not in keys(sample.people)
    for name in ("Diyaruna", "ISIL", "Morocco"):
        assert name_key(name) not in keys(sample.places)


def test_sample_surnames_and_titles_resolve_to_full_names(sample: Article) -> None:
    assert "Mamuzini" not in sample.people and "al-Jarba" not in sample.people
    assert "Sheikh Binyan al-Jarba" not in sample.people
    assert sample.spellings["people:Said Mamuzini"] == ["Said Mamuzini", "Mamuzini"]


def test_sample_organisations_with_acronym_expanded(sample: Article) -> None:
    assert "Islamic State of Iraq and the Levant" in sample.organisations
    assert "ISIL" not in sample.organisations
    assert {"Kurdistan Democratic Party", "Ninawa provincial council"} <= set(sample.organisations)


def test_sample_hierarchy_places_neighbourhood_in_its_city(sample: Article) -> None:
    assert sample.place_within["Mosul"] == ["Ninawa", "Iraq"]
    assert sample.place_within["al-Yarmouk"] == ["Mosul", "Ninawa", "Iraq"]


# Invented for this test: other names, other places, the same kinds of cue.
INVENTED = """\
Libya News

Water engineers warn of pipeline failures in Sirte

By Hana Boukhris

The General Union of Water Engineers (GUWE) said on Monday that pumps serving the
neighbourhoods of al-Jiza were failing, Tunisian and Libyan officials said.

"We cannot keep repairing the same valves," said union spokesman Omar Zawawi.
Zawawi added that Benghazi municipal council had promised new parts.

Residents of the city of Misrata said supplies had been cut twice this month.
"""


def test_extraction_generalises_to_other_names_and_places() -> None:
    article = parse_text_article(INVENTED, article_id="inv", path="inv.txt")
    extract_entities(article, load_gazetteer())
    assert "Omar Zawawi" in article.people and "Zawawi" not in article.people
    assert "Hana Boukhris" in article.people
    assert keys(["Sirte", "Libya", "Tunisia", "Benghazi", "Misrata"]) <= keys(article.places)
    assert "General Union of Water Engineers" in article.organisations
    assert "GUWE" not in article.organisations
    assert "Benghazi municipal council" in article.organisations
    assert article.place_within["Sirte"][-1] == "Libya"


def test_comments_feed_no_entity_field() -> None:
    text = (
        "Ferry resumes\n\nA ferry crossed the river in Mosul on Sunday.\n\n"
        "2 Comments\n\nGreat news. Layla Saeed, Amman\n"
    )
    article = parse_text_article(text, article_id="x", path="x.txt")
    extract_entities(article, load_gazetteer())
    assert "Amman" not in article.places and "Layla Saeed" not in article.people
    assert article.comments[0].author == "Layla Saeed"


def test_headline_capitals_are_not_names_on_their_own() -> None:
    text = "Ferry Service Resumes Across The River\n\nBoats crossed the Tigris in Mosul on Sunday.\n"
    article = parse_text_article(text, article_id="x", path="x.txt")
    extract_entities(article, load_gazetteer())
    assert "Ferry" not in article.people + article.organisations + article.places


def test_small_town_needs_its_country_in_the_story() -> None:
    article = Article(
        id="x",
        path="x",
        format="text",
        sections=[
            Section(
                heading=None, paragraphs=["The bank said it would split its shares, analysts in Split said."]
            )
        ],
    )
    extract_entities(article, load_gazetteer())
    assert article.place_within.get("Split", []) == []


def test_user_alias_file_merges_and_splits(tmp_path: Path) -> None:
    aliases = tmp_path / "aliases.txt"
    aliases.write_text(
        "place | Tigris | Dijla, Dijlah | Iraq\n"
        "place | Old Mosul | al-Mawsil\n"  # split al-Mawsil away from Mosul
        "person | Said Mamuzini | Saeed Mamouzini\n"
    )
    gazetteer = load_gazetteer(aliases)
    assert gazetteer.canonical("place", "Dijla") == "Tigris"
    assert gazetteer.canonical("place", "al-Mawsil") == "Old Mosul"
    assert gazetteer.canonical("person", "Saeed Mamouzini") == "Said Mamuzini"
    assert gazetteer.canonical("place", "Nineveh") == "Ninawa"  # the shipped table still applies


def test_broken_alias_file_names_file_and_line(tmp_path: Path) -> None:
    aliases = tmp_path / "aliases.txt"
    aliases.write_text("place | Tigris | Dijla\nplanet | Mars\n")
    with pytest.raises(AliasFileError, match=r"aliases\.txt:2: expected"):
        load_gazetteer(aliases)
