"""The workers' segment writer and the text fields write what Whoosh's own code would, byte for byte."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from whoosh import fields, index
from whoosh.qparser import QueryParser
from whoosh.writing import SegmentWriter

from indexer.pipeline import ParseOptions, parse_file
from indexer.schema import STEMMED_TEXT, StemmedText, article_documents, build_schema
from indexer.whoosh_ext.codec import writer_settings
from indexer.whoosh_ext.commit import commit_with_segments
from indexer.whoosh_ext.segment_writer import TermSegmentWriter
from tests.conftest import CORPUS, make_archive


def _documents(tmp_path: Path) -> list[dict[str, Any]]:
    # 300 similar stories: their common words need several posting blocks of 128
    stories = make_archive(tmp_path / "many", 300)
    paths = sorted(p for p in CORPUS.iterdir() if p.is_file()) + sorted(stories.iterdir())
    articles = [article for path in paths for article in parse_file(path, path.stem, ParseOptions())]
    return [document for article in articles for document in article_documents(article)]


def _segment_files(directory: Path, ours: bool, documents: list[dict[str, Any]]) -> dict[str, bytes]:
    directory.mkdir()
    ix = index.create_in(directory, build_schema())
    writer = TermSegmentWriter(ix, **writer_settings()) if ours else SegmentWriter(ix, **writer_settings())
    for document in documents:
        writer.add_document(**document)
    segment = writer._finalize_segment().segment_id()
    return {p.name.replace(segment, "S"): p.read_bytes() for p in directory.iterdir() if segment in p.name}


def test_term_segment_writer_writes_what_whoosh_writes(tmp_path: Path) -> None:
    documents = _documents(tmp_path)
    written = _segment_files(tmp_path / "ours", True, documents)
    expected = _segment_files(tmp_path / "theirs", False, documents)
    assert sorted(written) == sorted(expected)
    assert [name for name in expected if written[name] != expected[name]] == []
    assert len(expected["S.pst"]) > 10_000


def test_a_document_that_fails_to_analyse_leaves_nothing_behind(tmp_path: Path) -> None:
    ix = index.create_in(tmp_path, build_schema())
    writer = TermSegmentWriter(ix, **writer_settings())
    writer.add_document(id="one", kind="article", text="Ferries cross the Tigris")
    with pytest.raises(ValueError):  # its id and kind come before the text that fails
        writer.add_document(id="two", kind="article", text=42)
    writer.add_document(id="three", kind="article", text="Ferries return")
    segment = writer._finalize_segment()
    commit_with_segments(ix.writer(**writer_settings()), [segment])
    with ix.searcher() as searcher:
        assert searcher.doc_count() == 2
        assert searcher.document(id="two") is None
        found = searcher.search(QueryParser("text", ix.schema).parse("ferries"))
        assert sorted(hit["id"] for hit in found) == ["one", "three"]


def test_stemmed_text_indexes_what_the_whoosh_analyzer_gives(tmp_path: Path) -> None:
    texts = [value for d in _documents(tmp_path) for value in d.values() if isinstance(value, str)]
    texts += [
        "Café crème — I.B.M. and the U.S. at 3.141; l'été, don't, *wild* ÉCOLE naïve Straße İstanbul",
        "",
        "the a of to be",  # stop words only
        "To be or not to be, said the Ministry of Water",  # positions renumbered after stop words
    ]
    whoosh_text = fields.TEXT(analyzer=STEMMED_TEXT, field_boost=3.0)
    ours = StemmedText(field_boost=3.0)
    assert [list(ours.index(t)) for t in texts] == [list(whoosh_text.index(t)) for t in texts]
    assert len(texts) > 1000
