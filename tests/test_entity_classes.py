"""Junk classes kept out of people and organisations (issue 15, build point 2).

Each test writes an article the way the wire or the BBC writes one and
checks what a user filtering on people or organisations would see.
"""

from __future__ import annotations

import pytest

from indexer.entities.extract import extract_entities
from indexer.entities.gazetteer import load_gazetteer
from indexer.entities.names import name_key
from indexer.pipeline import parse_file
from indexer.readers import read_file
from tests.conftest import extracted_story as extracted
from tests.conftest import shared_path


def keys(names: list[str]) -> set[str]:
    return {name_key(n) for n in names}


def test_a_wire_sign_off_under_a_results_table_is_nobody() -> None:
    article = extracted("Shr 1.20 dlrs vs 1.10 dlrs\nNet 4.5 mln vs 3.2 mln\nRevs 40 mln vs 33 mln\nReuter")
    assert article.people == [] and article.organisations == []


def test_a_wire_named_inside_a_sentence_is_an_organisation_not_a_person() -> None:
    article = extracted("The minister told Reuter that talks would resume on Monday, said John Major.")
    assert "Reuter" not in article.people
    assert "John Major" in article.people


@pytest.mark.parametrize(
    ("paragraph", "firm"),
    [
        (
            "Chrysler Corp said it would buy the company. Chrysler said the deal would close soon.",
            "Chrysler Corp",
        ),
        ("Analysts at Smith Barney, Harris Upham and Co said the rise was expected.", "Harris Upham"),
        ("Standard and Poor's Corp said it lowered its rating of the bonds.", "Standard and Poor's Corp"),
        ("Procter & Gamble Co said profits rose in the quarter.", "Procter & Gamble Co"),
        ("Analysts at the Japanese electronics giant Sony expect weaker sales.", "Sony"),
        ("The notes are rated AAA by Standard and Poor's and secured by mortgages.", "Standard and Poor's"),
        ("Citicorp said it would raise its prime rate.", "Citicorp"),
    ],
)
def test_companies_are_organisations_not_people(paragraph: str, firm: str) -> None:
    article = extracted(paragraph)
    assert not any(name_key(firm.split()[0]) in name_key(p) for p in article.people), article.people
    assert any(name_key(firm) in name_key(o) for o in article.organisations), article.organisations


def test_a_ticker_or_its_shares_make_a_name_a_company() -> None:
    article = extracted("Shearson <SHE> raised its offer. Traders said Teledyne shares rose 2 dlrs.")
    assert not keys(article.people) & {"shearson", "teledyne"}


def test_a_market_named_for_its_place_is_no_company() -> None:
    article = extracted("Australian share markets closed higher and the Tokyo stock index rose.")
    assert article.organisations == []


def test_a_firms_first_word_is_that_firm() -> None:
    article = extracted(
        "Chrysler Corp <C> said February car output fell.",
        "A spokesman said Chrysler expects output to recover in the spring.",
    )
    assert article.people == []
    assert article.organisations == ["Chrysler Corp"]


def test_a_person_named_like_a_firm_stays_a_person() -> None:
    article = extracted(
        "Henry Ford said the Ford Motor Co plant would reopen. Ford said workers would return on Monday."
    )
    assert "Henry Ford" in article.people


@pytest.mark.parametrize("event", ["Christmas", "Oscar", "Super Bowl", "Easter", "Ramadan", "Premiership"])
def test_holidays_awards_and_fixtures_are_no_entities(event: str) -> None:
    article = extracted(f"Sales rose before {event}, said Mary Jones. {event} is a big day, Jones said.")
    every_value = article.people + article.organisations + article.places
    assert name_key(event) not in keys(every_value)
    assert "Mary Jones" in article.people


def test_a_person_whose_first_name_is_an_award_keeps_it() -> None:
    article = extracted("Costa Rica's President Oscar Arias said the plan would stand.")
    assert "Oscar Arias" in article.people


@pytest.mark.parametrize(
    ("paragraph", "whole"),
    [
        ("General Motors Corp said its sales fell.", "General Motors Corp"),
        (
            "The General Agreement on Tariffs and Trade met in Geneva.",
            "General Agreement on Tariffs and Trade",
        ),
        ("Standard and Poor's Corp said it downgraded the debt.", "Standard and Poor's Corp"),
    ],
)
def test_organisations_keep_their_first_word(paragraph: str, whole: str) -> None:
    assert whole in extracted(paragraph).organisations


def test_a_title_the_tagger_left_out_of_an_organisation_is_put_back() -> None:
    assert extracted("General Electric Co said its profit rose.").organisations == ["General Electric Co"]


def test_a_person_read_as_the_end_of_an_office_is_that_person() -> None:
    article = extracted("Chancellor of the Exchequer Nigel Lawson said the pound was stable. Lawson said so.")
    assert article.people == ["Nigel Lawson"]
    assert article.organisations == []


def test_a_title_is_still_stripped_before_a_persons_name() -> None:
    assert "Colin Powell" in extracted("General Colin Powell said the troops would stay.").people


def test_a_name_glued_to_a_day_or_a_verb_is_the_name() -> None:
    article = extracted(
        "President Reagan Friday signed the bill into law.", headline="U.S. Said To Weigh Tariffs"
    )
    assert "Reagan" in article.people
    assert not [n for n in article.people + article.organisations if n.split()[-1] in ("Friday", "Said")]


@pytest.mark.parametrize("row", ["Nine mths", "1st Qtr", "N.Z. Dlrs", "Shr", "Avg shrs", "Revs"])
def test_results_table_abbreviations_are_no_entities(row: str) -> None:
    article = extracted(f"Bank of Zealand Group\n{row} 1.20 vs 1.10\nNet profit 4.5 mln {row}")
    every_value = article.people + article.organisations + article.places
    assert not [v for v in every_value if row.split()[-1].lower() in v.lower()]


def test_a_share_class_is_no_person() -> None:
    article = extracted("Class B shares will carry ten votes each, the company said.")
    assert article.people == []


@pytest.mark.parametrize("generic", ["Bank", "Commission", "Finance Ministry", "Central Bank", "Ltd"])
def test_a_lone_generic_noun_is_no_organisation(generic: str) -> None:
    article = extracted(f"The {generic} said on Tuesday it would act, according to the World Bank.")
    assert generic not in article.organisations
    assert "World Bank" in article.organisations


def test_a_region_is_no_person() -> None:
    article = extracted("Exports to Latin America rose sharply, said Paul Volcker.")
    assert "Latin America" not in article.people
    assert "Paul Volcker" in article.people


def test_the_publisher_is_the_source_not_an_organisation() -> None:
    article = extracted(
        "Reuters reported that Reuters Holdings Plc shares rose, and the BBC confirmed it.", source="Reuters"
    )
    assert "Reuters" not in article.organisations
    assert "Reuters Holdings Plc" in article.organisations
    assert article.source == "Reuters"


def test_the_sample_articles_publisher_is_its_source() -> None:
    (article,) = parse_file(shared_path("articles") / "diyaruna-mosul-isil-internal-tensions.txt", "sample")
    assert article.source == "Diyaruna"
    assert "Diyaruna" not in article.organisations + article.people


def test_bbc_companies_are_not_people() -> None:
    """BBC copy names firms by their trade ("Record company Sony BMG", "software firm X")."""
    path = shared_path("data/bbc/entertainment")
    people: set[str] = set()
    for file in sorted(path.glob("*.txt"))[:120]:
        (article,) = read_file(file, file.stem).articles
        extract_entities(article, load_gazetteer())
        people |= keys(article.people)
    assert not people & {"oscar", "oscars", "christmas", "sony", "sony bmg"}


def test_reuters_people_hold_no_wire_names_nor_table_rows() -> None:
    path = shared_path("data/reuters21578/articles.jsonl")
    people: set[str] = set()
    for article in read_file(path, "reuters").articles[:600]:
        extract_entities(article, load_gazetteer())
        people |= {p.lower() for p in article.people}
    junk = {
        p for p in people if set(p.replace(".", " ").split()) & {"reuter", "reuters", "qtr", "mths", "dlrs"}
    }
    assert not junk


def test_a_source_told_the_wire_is_an_organisation_not_a_sign_off() -> None:
    article = extracted('"I\'m not retiring," Duran told Reuters.', "He fights again in October.")
    assert "Reuters" in article.organisations


def test_the_wire_closing_the_story_is_still_a_sign_off() -> None:
    article = extracted("Net profit rose 12 pct in the year, the company said.\nReuter")
    assert article.organisations == [] and article.people == []


def test_a_place_opening_on_a_title_word_keeps_it() -> None:
    article = extracted(
        "Police said on Friday.", "The fire broke out in a flat in Queen 's Park , west London ."
    )
    assert "'s Park" not in article.places
    assert any(place.startswith("Queen") for place in article.places)


def test_a_person_of_a_firm_is_the_person_and_the_firm() -> None:
    article = extracted("Lynn Reaser of Barnett Banks Inc said the figures were strong .")
    assert "Lynn Reaser" in article.people
    assert keys(article.organisations) & keys(["Barnett Banks Inc", "Barnett Banks"])
    assert not [o for o in article.organisations if " of " in o]


@pytest.mark.parametrize("body", ["Bank of England", "University of Chicago", "Duke of Edinburgh"])
def test_a_body_named_x_of_y_stays_whole(body: str) -> None:
    article = extracted(f"A spokesman for the {body} said on Friday the plan was under review.")
    assert not {"England", "Chicago", "Edinburgh"} & set(article.people)


def test_a_lone_surname_after_the_full_name_is_written_as_that_person() -> None:
    article = extracted(
        "Glenn Hoddle left out Tony Adams and former captain David Platt .",
        "Adams and Platt are both injured and will miss England 's opening World Cup qualifier .",
    )
    assert "David Platt" in article.people
    assert "Platt" in article.spellings.get("people:David Platt", [])


@pytest.mark.parametrize(
    "paragraph",
    [
        "Moreover, officials said output rose in the quarter.",
        "Which is why the plan was delayed, officials said.",
        "However the committee said it would meet again on Tuesday.",
    ],
)
def test_a_word_that_opens_a_sentence_is_nobody(paragraph: str) -> None:
    article = extracted(paragraph, "The talks went on.")
    assert article.people == [] and article.organisations == []


def test_a_word_opening_a_sentence_is_no_part_of_the_name_after_it() -> None:
    article = extracted("Moreover Jane Okafor said the talks would go on.", "Okafor spoke in Lagos.")
    assert "Jane Okafor" in article.people
    assert not any("Moreover" in name for name in article.people)


def test_an_economic_measure_is_no_organisation() -> None:
    article = extracted("GNP rose 1.2 pct in the quarter, the statistics office said.")
    assert "GNP" not in article.organisations + article.people


def test_a_name_the_alias_table_knows_as_a_party_is_no_person() -> None:
    article = extracted("The Lib Dem candidate said the count would be close.", "Tories said nothing.")
    assert article.people == []
    assert "Liberal Democrats" in article.organisations


def test_a_place_word_inside_a_firms_name_places_the_story_nowhere() -> None:
    article = extracted(
        "Franco Nevada Mines Ltd said its reserves rose, and Anglo American Gold Investment Co Ltd "
        "said profit fell.",
        headline="ANGLO AMERICAN GOLD INVESTMENT CO LTD <AAGIY> YEAR",
    )
    assert "Nevada" not in article.places and "United States" not in article.places
    assert "Franco Nevada Mines Ltd" in article.organisations


def test_a_demonym_outside_a_firms_name_still_names_its_country() -> None:
    article = extracted("American officials said output in Texas fell, Acme Corp said.")
    assert "United States" in article.places and "Texas" in article.places
