"""Places that hold up: words spelled like towns, the region hierarchy, the candidate a story supports."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from indexer.entities.gazetteer import load_gazetteer
from indexer.entities.names import name_key
from indexer.lexicon.places import WORD_LIKE_PLACES
from tests.conftest import extracted_story as story

DATELINE = Path(sys.executable).parent / "dateline"


@pytest.mark.parametrize(
    ("headline", "body", "word"),
    [
        (
            "NORTHERN TELECOM PROPOSES TWO-FOR-ONE STOCK SPLIT",
            "The company said the Split was approved.",
            "Split",
        ),
        ("Mobile phones sell well", "Mobile operators in the US said sales of handsets rose.", "Mobile"),
        ("UNITED TELECOM ASKS TO RESTRICT BELL", "The regional Bell companies in the U.S. objected.", "Bell"),
        ("GEORGE WIMPEY PROFITS UP", "George Wimpey, the builder, said profits rose.", "George"),
        ("Elvis record tops chart", "The King's number one Hit was played across America.", "Hit"),
    ],
)
def test_word_spelled_like_a_town_is_no_place(headline: str, body: str, word: str) -> None:
    article = story(body, headline=headline, dateline="WASHINGTON, March 3")
    assert word not in article.places


@pytest.mark.parametrize(
    ("body", "dateline", "place", "inside"),
    [
        ("The Yugoslav ferry docked in Split on Tuesday.", None, "Split", None),
        ("Shipyards in Split, Croatia, laid off workers.", None, "Split", "Croatia"),
        ("The plant near Mobile, Alabama, will close.", None, "Mobile", "Alabama"),
        ("The port reopened, officials said.", "MOBILE, Ala., March 3", "Mobile", "Alabama"),
        ("Fighting was reported in Hit, west of Ramadi.", None, "Hit", "Anbar"),
        ("Victoria's premier said the state budget for Australia was tight.", None, "Victoria", None),
    ],
)
def test_word_like_town_with_evidence_is_kept(
    body: str, dateline: str | None, place: str, inside: str | None
) -> None:
    article = story(body, dateline=dateline)
    assert place in article.places
    if inside:
        assert inside in article.place_within[place]


def test_qualifier_picks_the_candidate_the_story_supports() -> None:
    article = story(
        "UST Inc of Greenwich, Conn., said its board raised the quarterly dividend.",
        headline="UST RAISES DIVIDEND",
        dateline="GREENWICH, Conn., March 3",
    )
    assert article.place_within["Greenwich"] == ["Connecticut", "United States"]
    assert "United Kingdom" not in article.places


def test_dateline_region_picks_the_town_in_it() -> None:
    article = story("The savings bank agreed to the sale.", dateline="ALHAMBRA, Calif., March 18")
    assert article.place_within["Alhambra"] == ["California", "United States"]


@pytest.mark.parametrize(
    ("city", "chain"),
    [
        ("Houston", ["Texas", "United States"]),
        ("Dallas", ["Texas", "United States"]),
        ("Mosul", ["Ninawa", "Iraq"]),
        ("Sydney", ["New South Wales", "Australia"]),
        ("Mexico City", ["Mexico"]),
    ],
)
def test_every_city_sits_in_its_region_and_country(city: str, chain: list[str]) -> None:
    gazetteer = load_gazetteer()
    place = gazetteer.place(city)
    assert place is not None
    assert gazetteer.within_chain(place) == chain


def test_word_like_list_holds_words_and_names_but_no_well_known_place() -> None:
    for word in ("Split", "Mobile", "Hit", "Bell", "George", "Reading", "Nice", "Bath", "Orange", "Jersey"):
        assert name_key(word) in WORD_LIKE_PLACES, word
    for place in ("Paris", "Jordan", "Houston", "Mosul", "Raqqa", "Texas", "China"):
        assert name_key(place) not in WORD_LIKE_PLACES, place


def test_place_within_finds_cities_of_a_region(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "oil.txt").write_text(
        "Refiners cut output\n\nHOUSTON, March 3 - Refiners in Houston cut output, the company said.\n",
        encoding="utf-8",
    )
    index = tmp_path / "index"
    subprocess.run([DATELINE, "index", str(folder), "--index", str(index), "-q"], check=True, timeout=120)
    found = subprocess.run(
        [
            DATELINE,
            "search",
            "--index",
            str(index),
            "--place",
            "Texas",
            "--within",
            "--format",
            "json",
            "output",
        ],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert json.loads(found.stdout)["total"] == 1


def test_place_shown_as_the_story_spells_it_not_as_geonames_transliterates() -> None:
    article = story("Iraqi troops moved from Faw to Amara, in southern Iraq.")
    assert {"Faw", "Amara"} <= set(article.places)
    assert not {"Al Fāw", "Al ‘Amārah"} & set(article.places)
    assert article.place_within["Faw"] == ["Basra Governorate", "Iraq"]


def test_alias_table_spelling_stays_the_one_value_of_a_place() -> None:
    article = story("Fighters left Raqqah for Mosul, and al-Raqqa was quiet, in Syria and Iraq.")
    assert "Raqqa" in article.places
    assert "Raqqah" not in article.places


@pytest.mark.parametrize(
    ("body", "word"),
    [
        (
            "Harris said it sold 68,000 Bell shares; it holds 18 pct of Bell Industries Inc of California.",
            "Bell",
        ),
        ("Bond trading in West German marks was quiet in Frankfurt, Germany.", "West"),
    ],
)
def test_company_or_longer_name_is_not_the_town(body: str, word: str) -> None:
    assert word not in story(body, dateline="WASHINGTON, March 3").places


def test_country_named_once_past_the_lede_is_passing() -> None:
    article = story(
        "Merrill Lynch is issuing a 100 mln Ecu eurobond due 1990, lead manager Merrill said.",
        "The bond pays 7-1/4 pct and is priced at 101-1/2.",
        "It is available in denominations of 1,000 Ecus and will be listed in Luxembourg.",
        headline="MERRILL LYNCH ISSUES 100 MLN ECU EUROBOND",
        dateline="LONDON, March 2",
    )
    assert "Luxembourg" not in article.places
    assert "London" in article.places


def test_country_named_in_the_lede_stays() -> None:
    article = story(
        "Luxembourg's central bank said reserves rose in February.",
        "The figures were published on Tuesday.",
        headline="RESERVES RISE",
        dateline="LONDON, March 2",
    )
    assert "Luxembourg" in article.places


def test_every_country_of_a_sports_story_is_one_of_its_entries() -> None:
    article = story(
        "Alan Shearer was named England captain on Friday by coach Glenn Hoddle.",
        "Hoddle said the squad trained well at Bisham Abbey.",
        "Adams and Platt are both injured and will miss the World Cup qualifier against Moldova on Sunday.",
        headline="SOCCER - SHEARER NAMED AS ENGLAND CAPTAIN",
        dateline="LONDON, Aug 30",
    )
    assert "Moldova" in article.places


def test_the_same_aside_outside_a_sports_story_stays_passing() -> None:
    article = story(
        "The central bank left its rates unchanged on Friday, its governor said.",
        "Analysts had expected no change.",
        "The bank's last cut came before the talks with Moldova on Sunday.",
        headline="CENTRAL BANK HOLDS RATES",
        dateline="LONDON, Aug 30",
    )
    assert "Moldova" not in article.places


@pytest.mark.parametrize(
    "aside",
    [
        "Agassi beat India's Leander Paes 6-3 in the evening.",
        "Security Council President Tono Eitel of Germany conveyed the members' views.",
    ],
)
def test_a_country_that_says_whose_a_person_is_stays(aside: str) -> None:
    article = story(
        "The talks went on late into the night, officials said on Friday.",
        "No agreement was reached.",
        aside,
        headline="TALKS GO ON",
        dateline="NEW YORK, Aug 30",
    )
    assert keys(article.places) & {"india", "germany"}


def test_a_city_is_a_place_in_its_dateline_and_a_team_in_the_table() -> None:
    article = story(
        "Milwaukee beat Chicago 5-3 on Friday, the Milwaukee pitcher said.",
        "Milwaukee shares the lead with Chicago.",
        headline="BASEBALL - MILWAUKEE BEAT CHICAGO",
        dateline="MILWAUKEE, Aug 30",
    )
    assert "Milwaukee" in article.places


def keys(names: list[str]) -> set[str]:
    return {name_key(n) for n in names}


def test_town_capitalised_by_grammar_needs_local_evidence() -> None:
    article = story(
        "Americans are avid blog readers, a survey found.",
        "Reading blogs remains far more popular in America than writing them.",
        headline="Blog reading explodes in America",
    )
    assert "Reading" not in article.places


def test_region_named_elsewhere_is_no_evidence_for_a_town() -> None:
    article = story(
        "With a modern mobile phone, pictures travel. Mobile picture messaging is booming.",
        "A reporter in Birmingham, Alabama, sent one to the paper.",
    )
    assert "Mobile" not in article.places
