"""Search, filters and facet counts on real temporary indexes with exact expectations."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.article import Article, Comment, Quote, Section
from indexer.errors import ArticleNotFoundError, IndexMissingError, QuerySyntaxError
from indexer.writer import write_articles
from search import Archive, Query


def article(article_id: str, headline: str, text: str, **fields: object) -> Article:
    return Article(
        id=article_id,
        path=f"{article_id}.txt",
        format="text",
        headline=headline,
        sections=[Section(heading=None, paragraphs=[text])],
        **fields,  # type: ignore[arg-type]
    )


ARTICLES = [
    article(
        "a",
        "Fighting spreads in Mosul",
        "Clashes spread across Mosul and toward the Syrian border.",
        places=["Mosul", "Iraq", "Syria"],
        people=["Noor Haddad"],
        byline=["Rana Khoury"],
        source="Example Wire",
        date="2016-11-02",
        quotes=[Quote(text="We will hold the bridge", speaker="Noor Haddad")],
    ),
    article(
        "b",
        "Erbil airport reopens",
        "Flights resumed in Erbil, in northern Iraq, on Monday.",
        places=["Iraq", "Erbil"],
        byline=["Rana Khoury", "Yusuf Darwish"],
        source="Example Wire",
        date="2017-03-15",
    ),
    article(
        "c",
        "Aid reaches Deir ez-Zor",
        "Convoys crossed into Syria with food and medicine.",
        places=["Syria"],
        byline=["Lina Haddad"],
        source="Other Daily",
        date="2018-01-20",
        comments=[Comment(text="Finally some good news about Mosul", author="Sami Ode", location="Amman")],
    ),
]


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Archive:
    index_dir = tmp_path_factory.mktemp("search") / "index"
    write_articles(index_dir, ARTICLES)
    return Archive(index_dir)


def ids(archive: Archive, **query: object) -> list[str]:
    return sorted(hit.id for hit in archive.search(Query(limit=100, **query)).hits)  # type: ignore[arg-type]


def test_multi_valued_place_facet_counts_every_value(archive: Archive) -> None:
    facets = archive.search(Query()).facets
    assert [(c.value, c.count) for c in facets["places"]] == [
        ("Iraq", 2),
        ("Syria", 2),
        ("Erbil", 1),
        ("Mosul", 1),
    ]
    assert [(c.value, c.count) for c in facets["bylines"]] == [
        ("Rana Khoury", 2),
        ("Lina Haddad", 1),
        ("Yusuf Darwish", 1),
    ]
    assert [(c.value, c.count) for c in facets["years"]] == [("2016", 1), ("2017", 1), ("2018", 1)]
    assert [(c.value, c.count) for c in facets["speakers"]] == [("Noor Haddad", 1)]


def test_facets_count_only_matching_articles(archive: Archive) -> None:
    results = archive.search(Query(text="Syria OR Syrian"))
    assert results.total == 2
    assert [(c.value, c.count) for c in results.facets["sources"]] == [
        ("Example Wire", 1),
        ("Other Daily", 1),
    ]


def test_place_filter_ignores_case_and_combines_with_and(archive: Archive) -> None:
    assert ids(archive, places=["Iraq"]) == ["a", "b"]
    assert ids(archive, places=["iraq"]) == ["a", "b"]
    assert ids(archive, places=["Iraq", "Syria"]) == ["a"]
    assert ids(archive, places=["Baghdad"]) == []


def test_byline_source_and_speaker_filters(archive: Archive) -> None:
    assert ids(archive, bylines=["rana khoury"]) == ["a", "b"]
    assert ids(archive, bylines=["Rana Khoury"], places=["Syria"]) == ["a"]
    assert ids(archive, sources=["Other Daily"]) == ["c"]
    assert ids(archive, speakers=["Noor Haddad"]) == ["a"]


def test_filter_does_not_match_a_word_inside_another_name(archive: Archive) -> None:
    assert ids(archive, bylines=["Haddad"]) == []


def test_field_queries(archive: Archive) -> None:
    assert ids(archive, text="place:Erbil") == ["b"]
    assert ids(archive, text='byline:"Yusuf Darwish"') == ["b"]
    assert ids(archive, text="headline:airport") == ["b"]
    assert ids(archive, text="quote:bridge") == ["a"]


def test_stemmed_text_matches_word_forms(archive: Archive) -> None:
    assert ids(archive, text="flight") == ["b"]
    assert ids(archive, text="spreading") == ["a"]


def test_comments_are_searched_only_when_asked(archive: Archive) -> None:
    assert ids(archive, text="Mosul") == ["a"]
    assert ids(archive, text="comment:Mosul") == ["c"]
    assert ids(archive, text="comment:Amman") == ["c"]


def test_date_range_and_date_sort(archive: Archive) -> None:
    assert ids(archive, date_from="2017", date_to="2017-12") == ["b"]
    assert ids(archive, date_from="2017-03-15") == ["b", "c"]
    newest_first = archive.search(Query(sort="date")).hits
    assert [hit.id for hit in newest_first] == ["c", "b", "a"]


def test_pages(archive: Archive) -> None:
    first = archive.search(Query(sort="date", limit=2, page=1))
    second = archive.search(Query(sort="date", limit=2, page=2))
    beyond = archive.search(Query(sort="date", limit=2, page=3))
    assert [h.id for h in first.hits] == ["c", "b"]
    assert [h.id for h in second.hits] == ["a"]
    assert beyond.hits == [] and beyond.total == 3


def test_snippet_highlights_the_matched_word(archive: Archive) -> None:
    (hit,) = archive.search(Query(text="Erbil")).hits
    assert "**Erbil**" in hit.snippet
    assert hit.headline == "Erbil airport reopens"
    assert hit.byline == ["Rana Khoury", "Yusuf Darwish"]


def test_facet_lists_every_value(archive: Archive) -> None:
    assert [(c.value, c.count) for c in archive.facet("place", Query(text="place:Iraq"))] == [
        ("Iraq", 2),
        ("Erbil", 1),
        ("Mosul", 1),
        ("Syria", 1),
    ]


def test_article_round_trips_through_the_index(archive: Archive) -> None:
    stored = archive.article("a")
    assert stored == ARTICLES[0]
    with pytest.raises(ArticleNotFoundError, match="'zzz'"):
        archive.article("zzz")


def test_reindexed_article_replaces_the_old_one_in_an_open_archive(tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    write_articles(index_dir, ARTICLES)
    with Archive(index_dir) as archive:
        assert archive.search(Query(text="airport")).total == 1
        changed = article("b", "Erbil airport closes again", "Flights stopped.", places=["Erbil"])
        write_articles(index_dir, [changed])
        results = archive.search(Query(text="airport"))
        assert results.total == 1
        assert [h.headline for h in results.hits] == ["Erbil airport closes again"]
        assert archive.count() == 3


def test_bad_requests_raise_clear_errors(archive: Archive, tmp_path: Path) -> None:
    with pytest.raises(QuerySyntaxError, match="--from: cannot read 'last week'"):
        archive.search(Query(date_from="last week"))
    with pytest.raises(QuerySyntaxError, match="unknown facet 'colour'"):
        archive.facet("colour")
    with pytest.raises(IndexMissingError, match="dateline index"):
        Archive(tmp_path / "nothing")
