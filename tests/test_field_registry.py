"""The field registry: a facet declared once is everywhere a user meets facets.

A test-only facet (``desks``: the article's kicker, filterable with
``--desk``/``?desk=``) is added to an extended registry; the schema, a real
index written with it, the query parser, the facet counts, the CLI options,
the web filters and sidebar, and the OpenAPI document all pick it up. Then
dateline's own registry is checked against what the installed ``dateline``
binary and the web endpoint really offer.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner
from whoosh import index as whoosh_index

from indexer.article import Article, Section
from indexer.entities.gazetteer import KINDS
from indexer.errors import QuerySyntaxError
from indexer.facet_tables import build_table, table_fields
from indexer.fields import FIELDS, EntityKind, Facet, Filter
from indexer.schema import article_document, build_schema
from search.archive import facet_name
from search.cli import filter_options
from search.openapi import openapi_document
from search.query import Query, check_filter_attributes, parse_text_query
from search.web import create_app, facet_links, web_filters

DESKS = Facet(
    facet="desks",
    query="desk",
    attribute="kicker",
    aliases=("desks",),
    filter=Filter("desks", "Only articles from this desk.", rank=7),
)
EXTENDED = FIELDS.extended(DESKS)


@dataclass(slots=True, kw_only=True)
class DeskQuery(Query):
    desks: list[str] = field(default_factory=list)


def _article(article_id: str, kicker: str, body: str) -> Article:
    return Article(
        id=article_id,
        path=f"{article_id}.txt",
        format="text",
        kicker=kicker,
        headline=f"Headline of {article_id}",
        sections=[Section(heading=None, paragraphs=[body])],
    )


def test_an_added_facet_is_a_schema_field_and_a_facet_table() -> None:
    schema = build_schema(EXTENDED)
    assert {"desks", "desk"} <= set(schema.names())
    assert "desks" not in build_schema().names()  # dateline's own index has no such field
    assert "desks" in table_fields(EXTENDED)


def test_an_added_facet_is_written_searched_and_counted_in_a_real_index(tmp_path: Path) -> None:
    ix = whoosh_index.create_in(str(tmp_path), build_schema(EXTENDED))
    with ix.writer() as writer:
        for article in (
            _article("a", "World News", "Floods in the valley."),
            _article("b", "Business", "Floods close the port."),
            _article("c", "World News", "An election in the capital."),
        ):
            writer.add_document(**article_document(article, EXTENDED))
    with ix.searcher() as searcher:
        # the desk's folded field answers any case and the plural alias alike
        found = searcher.search(
            parse_text_query("desks:world-news floods", searcher.schema, registry=EXTENDED)
        )
        assert [hit["id"] for hit in found] == ["a"]
        table = build_table(searcher.reader(), "desks")
        assert sorted(table.values) == ["Business", "World News"]


def test_an_added_facet_is_a_query_field_and_a_filter() -> None:
    schema = build_schema(EXTENDED)
    assert repr(parse_text_query("desk:Sport", schema, registry=EXTENDED)) == "Term('desk', 'sport')"
    with pytest.raises(QuerySyntaxError, match="unknown field 'desk'"):
        parse_text_query("desk:business", schema)  # dateline's own registry does not let a query name it
    assert facet_name("desk", EXTENDED) == facet_name("desks", EXTENDED) == "desks"
    assert DeskQuery(desks=["Business"]).filters(EXTENDED)["desk"] == ["Business"]
    check_filter_attributes(DeskQuery, EXTENDED)
    # a filter added without a Query attribute to hold its values fails at once, naming it
    with pytest.raises(TypeError, match="Query has no attribute for the filters desks"):
        check_filter_attributes(Query, EXTENDED)


def test_an_added_facet_is_a_cli_option() -> None:
    received: dict[str, Any] = {}

    def search(**options: Any) -> None:
        received.update(options)

    command = click.command()(filter_options(search, EXTENDED))
    runner = CliRunner()
    shown = runner.invoke(command, ["--help"])
    assert "--desk TEXT Only articles from this desk." in " ".join(shown.output.split())
    # listed after the filters of dateline's own registry, before --within
    assert shown.output.index("--source") < shown.output.index("--desk") < shown.output.index("--within")
    runner.invoke(command, ["--desk", "Business", "--desk", "World News"])
    assert received["desks"] == ("Business", "World News")


def test_an_added_facet_is_a_web_filter_a_sidebar_link_and_an_openapi_parameter() -> None:
    assert web_filters(EXTENDED)["desk"] == "desks"
    assert facet_links(EXTENDED)["desks"]("Business") == {"desk": "Business"}
    document = openapi_document(EXTENDED)
    search_params = {p["name"]: p for p in document["paths"]["/api/search"]["get"]["parameters"]}
    assert search_params["desk"]["schema"] == {"type": "array", "items": {"type": "string"}}
    assert "desks" in search_params["facet"]["schema"]["items"]["enum"]
    facet_params = document["paths"]["/api/facets/{field}"]["get"]["parameters"]
    assert {"desks", "desk"} <= set(facet_params[0]["schema"]["enum"])
    assert "desk" in {p["name"] for p in facet_params}
    assert "desk" not in {p["name"] for p in openapi_document()["paths"]["/api/search"]["get"]["parameters"]}


def test_entity_kinds_speak_the_tagger_the_facets_and_the_alias_file() -> None:
    assert [(k.tag, k.facet, k.alias_kind) for k in EntityKind] == [
        ("PER", "people", "person"),
        ("LOC", "places", "place"),
        ("ORG", "organisations", "org"),
    ]
    assert EntityKind.from_tag("LOC") is EntityKind.PLACE
    assert EntityKind.from_tag("MISC") is None
    assert EntityKind.from_facet("organisations") is EntityKind.ORG
    assert all(kind.alias_kind in KINDS for kind in EntityKind)  # each has a table in the alias file
    assert all(kind.facet in FIELDS.facet_names for kind in EntityKind)


def _dateline(*args: str) -> str:
    binary = Path(sys.executable).parent / "dateline"
    if not binary.exists():
        pytest.skip(f"the dateline console script is not installed next to {sys.executable}")
    done = subprocess.run([str(binary), *args], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_installed_cli_offers_every_filter_and_facet_of_the_registry() -> None:
    search_help = _dateline("search", "--help")
    facets_help = " ".join(_dateline("facets", "--help").split())
    names_help = _dateline("names", "--help")
    for facet in FIELDS.filters:
        assert f"{facet.option} TEXT" in search_help
    for name in FIELDS.facet_names:
        assert name in facets_help
    assert "[people|places|organisations]" in names_help


def test_the_web_endpoint_offers_every_filter_of_the_registry(corpus_index: Path) -> None:
    client = create_app(corpus_index).test_client()
    document = client.get("/openapi.json").get_json()
    names = {p["name"] for p in document["paths"]["/api/search"]["get"]["parameters"]}
    for facet in FIELDS.filters:
        assert facet.param in names
        answer = client.get("/api/search", query_string={facet.param: "Mosul"})
        assert answer.status_code == 200, answer.get_json()
    page = client.get("/").get_data(as_text=True)
    for name in FIELDS.sidebar:
        if client.get("/api/search").get_json()["facets"][name]:
            assert f'data-facet="{name}"' in page
