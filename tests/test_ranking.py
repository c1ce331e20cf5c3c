"""Relevance: dateline's numpy ranking gives Whoosh's BM25F order and scores, on a real index."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from whoosh import index

from indexer.article import Article, Section
from indexer.store import live_dir
from indexer.writer import write_articles
from search import Archive, Query
from search.query import parse_text_query

WORDS = [
    "harbour",
    "ships",
    "grain",
    "convoy",
    "bridge",
    "river",
    "market",
    "council",
    "strike",
    "port",
    "fuel",
    "price",
    "wheat",
    "rail",
]


def invented_articles(count: int) -> list[Article]:
    """Invented stories whose words repeat with varied frequency and length (a fixed seed)."""
    rng = random.Random(7)
    articles = []
    for number in range(count):
        body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 60))) + "."
        headline = " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 5))).capitalize()
        articles.append(
            Article(
                id=f"story-{number:03d}",
                path=f"story-{number:03d}.txt",
                format="text",
                headline=headline,
                sections=[Section(heading=None, paragraphs=[body])],
            )
        )
    return articles


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("ranking") / "index"
    write_articles(directory, invented_articles(150))
    return directory


@pytest.mark.parametrize(
    "text",
    [
        "grain",
        "ships AND river",
        "ships OR fuel",
        '"grain convoy"',
        "harbour AND NOT strike",
        "headline:price wheat",
        '"port fuel" OR market',
    ],
)
def test_hits_and_scores_are_whooshs_bm25f(index_dir: Path, text: str) -> None:
    with Archive(index_dir) as archive:
        ours = archive.search(Query(text=text, limit=20, facet_limit=0))
    ix = index.open_dir(str(live_dir(index_dir)))
    with ix.searcher() as searcher:
        parsed = parse_text_query(text, searcher.schema)
        # every match, unoptimised: Whoosh's exact ranking (its top-k shortcuts can miss a hit)
        every = sorted(
            searcher.search(parsed, limit=None, optimize=False), key=lambda h: (-h.score, h.docnum)
        )
        theirs = [(hit["id"], round(hit.score, 4)) for hit in every[:20]]
    assert ours.total == len(every) > 0
    assert [(hit.id, hit.score) for hit in ours.hits] == theirs
