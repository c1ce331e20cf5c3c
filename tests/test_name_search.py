"""Searching by person or place whatever the spelling, with facets, hierarchy and aliases."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from indexer.article import Article, Section
from indexer.writer import write_articles
from search import Archive, Query
from search.cli import main
from tests.conftest import SAMPLE

SAMPLE_ID = SAMPLE.stem
RAQQA = ["Raqqa", "al-Raqqa", "Ar-Raqqah", "Raqa", "ar-Raqqa", "Rakka", "al-Raqa"]
YARMOUK = ["Yarmouk", "al-Yarmuk", "Yarmuk"]
NINAWA = ["Nineveh", "Ninewa", "Nineva", "Ninawa"]


def hit_ids(cli: Any, *args: str) -> list[str]:
    result = cli("search", *args, "--format", "json", "--limit", "100")
    assert result.exit_code == 0, result.output
    return [hit["id"] for hit in json.loads(result.output)["hits"]]


@pytest.mark.parametrize("variant", RAQQA + YARMOUK + NINAWA)
def test_every_spelling_finds_the_sample_as_filter_and_field(cli: Any, variant: str) -> None:
    assert SAMPLE_ID in hit_ids(cli, "*", "--place", variant)
    assert SAMPLE_ID in hit_ids(cli, f'place:"{variant}"')


def test_gold_variants_find_the_sample(cli: Any, gold: dict[str, Any]) -> None:
    for place in gold["places"]:
        for variant in place.get("variants_that_must_match", []):
            assert SAMPLE_ID in hit_ids(cli, "*", "--place", variant), variant
            assert SAMPLE_ID in hit_ids(cli, f'place:"{variant}"'), variant


def test_mosel_is_not_mosul(cli: Any) -> None:
    assert hit_ids(cli, "*", "--place", "Mosel") == []
    assert len(hit_ids(cli, "*", "--place", "Mosul")) == 5


def test_person_filter_matches_surname_spelling_of_full_name(cli: Any) -> None:
    assert hit_ids(cli, "*", "--person", "Said Mamuzini") == [SAMPLE_ID]
    assert hit_ids(cli, 'person:"binyan al jarba"') == [SAMPLE_ID]


def test_org_filter_through_acronym(cli: Any) -> None:
    assert hit_ids(cli, "*", "--org", "ISIL") == [SAMPLE_ID]
    assert hit_ids(cli, "*", "--org", "Daesh") == [SAMPLE_ID]


def test_within_finds_articles_naming_only_a_place_inside(cli: Any) -> None:
    ferry = "invented-tigris-ferry-service"  # names Mosul, never Iraq
    assert ferry not in hit_ids(cli, "*", "--place", "Iraq")
    assert ferry in hit_ids(cli, "*", "--place", "Iraq", "--within")
    assert "invented-raqqa-water-network" not in hit_ids(cli, "*", "--place", "Iraq", "--within")


def test_places_facet_drills_from_country_to_city(cli: Any) -> None:
    result = cli("facets", "places", "--inside", "Iraq", "--format", "json")
    values = {v["value"]: v["count"] for v in json.loads(result.output)["values"]}
    assert values["Mosul"] == 5
    assert values["Ninawa"] == 2
    assert values["Basra"] == 1
    assert values["al-Yarmouk"] == 1
    assert "Syria" not in values and "Raqqa" not in values and "Iraq" not in values


def test_names_lists_spellings_and_counts(cli: Any) -> None:
    result = cli("names", "--type", "people", "--format", "json")
    entities = {e["name"]: e for e in json.loads(result.output)}
    assert entities["Said Mamuzini"] == {
        "type": "people",
        "name": "Said Mamuzini",
        "articles": 1,
        "spellings": ["Said Mamuzini", "Mamuzini"],
    }
    assert all(e["type"] == "people" for e in entities.values())
    places = json.loads(cli("names", "raqq", "--format", "json").output)
    assert [(p["name"], p["articles"]) for p in places] == [("Raqqa", 3)]
    assert "al-Raqa" in places[0]["spellings"]


def test_facet_shows_one_value_per_entity_under_most_used_spelling(tmp_path: Path) -> None:
    def article(article_id: str, place: str) -> Article:
        sections = [Section(heading=None, paragraphs=["Text."])]
        return Article(id=article_id, path="x", format="text", places=[place], sections=sections)

    index_dir = tmp_path / "index"
    write_articles(index_dir, [article("a", "Yarmouk"), article("b", "al-Yarmuk"), article("c", "Yarmouk")])
    with Archive(index_dir) as archive:
        places = archive.search(Query()).facets["places"]
    assert [(c.value, c.count) for c in places] == [("Yarmouk", 3)]


def test_user_alias_file_applies_at_next_index(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "river.txt").write_text(
        "Boats return to the Dijla\n\nFishermen on the Dijla river near Baghdad said catches were up.\n"
    )
    index_dir = tmp_path / "index"
    runner = CliRunner()
    assert runner.invoke(main, ["index", str(archive), "--index", str(index_dir)]).exit_code == 0

    def found(place: str) -> int:
        result = runner.invoke(
            main, ["search", "*", "--place", place, "--index", str(index_dir), "--format", "json"]
        )
        return json.loads(result.output)["total"]

    assert found("Tigris") == 0
    aliases = tmp_path / "my-aliases.txt"
    aliases.write_text("place | Tigris | Dijla, Dijlah | Iraq\n")
    result = runner.invoke(
        main, ["index", str(archive), "--index", str(index_dir), "--aliases", str(aliases)]
    )
    assert result.exit_code == 0, result.output
    assert found("Tigris") == 1
    assert found("Dijlah") == 1
    names = json.loads(
        runner.invoke(main, ["names", "tigris", "--index", str(index_dir), "--format", "json"]).output
    )
    assert names[0]["name"] == "Tigris" and "Dijla" in names[0]["spellings"]
    # the alias stays in effect for a later run that does not repeat --aliases
    assert runner.invoke(main, ["index", str(archive), "--index", str(index_dir)]).exit_code == 0
    assert found("Tigris") == 1


def test_corpus_places_facet_has_no_near_duplicates(cli: Any) -> None:
    data = json.loads(cli("search", "*", "--format", "json", "--facets", "100").output)
    from indexer.entities.names import name_key

    for facet in ("places", "people", "organisations"):
        values = [v["value"] for v in data["facets"][facet]]
        assert len({name_key(v) for v in values}) == len(values), facet
    assert data["total"] == 9
