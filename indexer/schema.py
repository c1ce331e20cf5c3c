"""The Whoosh schema: every field, its analyzer, and how an Article maps to it.

Analyzers are named here and shared by indexing and query parsing, so a
word or a name is folded the same way when it is written and when it is
asked for.

- ``STEMMED_TEXT``: story text — words, lower-cased, accents folded,
  English stop words dropped, stemmed.
- ``NAME_FOLDED``: one token per name — the whole name folded by
  ``name_key`` (case, diacritics, the Arabic article, doubled letters, q/k,
  ou/u…), so ``place:ar-Raqqah`` and ``--place al-raqa`` both find an
  article that wrote Raqqa, and never a word inside another name.
- ``NAME_DISPLAY``: one token per name, as written; the facet counters read
  these back as the values they show.
"""

from __future__ import annotations

import json
from datetime import datetime
from functools import lru_cache
from typing import Any

from whoosh import fields
from whoosh.analysis import (
    CharsetFilter,
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.support.charset import accent_map

from indexer.article import Article, Comment
from indexer.entities.names import name_key
from indexer.fields import FIELDS, Facet, Registry

# Names are joined with this before indexing: no name contains a newline.
NAME_SEPARATOR = "\n"

STEMMED_TEXT = RegexTokenizer() | LowercaseFilter() | CharsetFilter(accent_map) | StopFilter() | StemFilter()


class NameKeyFilter(Filter):  # type: ignore[misc]
    """Replaces each token (a whole name) by its name key."""

    def __call__(self, tokens: Any) -> Any:
        for token in tokens:
            token.text = name_key(token.text)
            if token.text:
                yield token


NAME_FOLDED = RegexTokenizer(r"[^\n]+") | NameKeyFilter()
NAME_DISPLAY = RegexTokenizer(r"[^\n]+")

# User-facing field name → the facet field holding display values.
# Each facet also has a query field with NAME_FOLDED (place, person…).
FACETS: dict[str, str] = FIELDS.facet_fields

# Searched when a query names no field; comments only when asked (comment:).
# ``text`` holds body, section headings, captions and quotes together (``body:``
# is an alias of it): two fields to search instead of five, and the story
# analysed once.
DEFAULT_SEARCH_FIELDS: tuple[str, ...] = ("headline", "text")


class StemmedText(fields.TEXT):  # type: ignore[misc]
    """A TEXT field analysed by STEMMED_TEXT, indexed in one pass.

    Whoosh runs each word through five chained generators; the loop below
    does the same steps in the same order (the pieces are STEMMED_TEXT's own)
    and gives the same terms, positions and weights (a test compares them),
    in about a third of the time. Queries still go through STEMMED_TEXT.
    """

    def __init__(self, field_boost: float = 1.0) -> None:
        super().__init__(analyzer=STEMMED_TEXT, field_boost=field_boost)

    def index(self, value: Any, **kwargs: Any) -> Any:
        if not isinstance(value, str) or kwargs:
            yield from super().index(value, **kwargs)
            return
        tokenizer, _, folding, stops, stemming = STEMMED_TEXT.items
        charmap, stoplist, shortest = folding.charmap, stops.stops, stops.min
        positions: dict[str, list[int]] = {}
        kept = 0
        first = 0
        for number, match in enumerate(tokenizer.expression.finditer(value)):
            word = match.group().lower().translate(charmap)
            if len(word) < shortest or word in stoplist:
                continue
            if not kept:
                first = number  # StopFilter renumbers: the words kept follow the first one's position
            positions.setdefault(_stem(stemming.stemfn, word), []).append(first + kept)
            kept += 1
        encode, boost = self.format.encode, self.format.field_boost
        for term, found in positions.items():
            yield term.encode("utf-8"), len(found), float(len(found)) * boost, encode(found)


@lru_cache(maxsize=200_000)
def _stem(stemfn: Any, word: str) -> str:
    return str(stemfn(word))


def _text(boost: float = 1.0) -> fields.TEXT:
    return StemmedText(field_boost=boost)


def _name_fields(registry: Registry) -> dict[str, fields.FieldType]:
    declared: dict[str, fields.FieldType] = {}
    for facet in registry.facets:
        declared[facet.query] = fields.KEYWORD(analyzer=NAME_FOLDED)
        # scorable: a facet counting mentions (speakers count quotes) reads a name's frequency
        declared[facet.facet] = fields.KEYWORD(analyzer=NAME_DISPLAY, scorable=facet.per_mention)
    return declared


def build_schema(registry: Registry = FIELDS) -> fields.Schema:
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        path=fields.ID(stored=True),
        article=fields.STORED(),
        headline=_text(boost=3.0),
        section=_text(),
        caption=_text(),
        quote=_text(),
        text=_text(),
        quote_text=_text(),
        quote_speaker=fields.KEYWORD(analyzer=NAME_FOLDED),
        quote_source=fields.KEYWORD(analyzer=NAME_FOLDED),
        comment=_text(),
        date=fields.DATETIME(sortable=True),
        kind=fields.ID(),
        article_id=fields.ID(),
        quote_record=fields.STORED(),
        within=fields.KEYWORD(analyzer=NAME_FOLDED),
        place_path=fields.KEYWORD(analyzer=NAME_DISPLAY),
        month=fields.KEYWORD(analyzer=NAME_DISPLAY),
        names=fields.STORED(),
        date_written=fields.STORED(),
        **_name_fields(registry),
    )


ARTICLE_KIND = "article"
QUOTE_KIND = "quote"


def article_documents(article: Article) -> list[dict[str, Any]]:
    """The article's document, then one document per quote (``dateline quotes`` searches those)."""
    return [article_document(article), *(quote_document(article, n) for n in range(len(article.quotes)))]


def quote_document(article: Article, position: int) -> dict[str, Any]:
    quote = article.quotes[position]
    record = {
        "article_id": article.id,
        "position": position + 1,
        "text": quote.text,
        "speaker": quote.speaker,
        "headline": article.headline,
        "date": article.date,
        "source": article.source,
    }
    # Quote documents have fields of their own, so an article search never matches one.
    document: dict[str, Any] = {
        "id": f"{article.id}#{position + 1}",
        "kind": QUOTE_KIND,
        "article_id": article.id,
        "quote_text": quote.text,
        "quote_record": json.dumps(record, ensure_ascii=False),
    }
    if quote.speaker:
        document["quote_speaker"] = NAME_SEPARATOR.join(_with_surnames([quote.speaker]))
    if article.source:
        document["quote_source"] = article.source
    if article.date:
        document["date"] = _as_datetime(article.date)
    return document


def _with_surnames(names: list[str]) -> list[str]:
    """Full names, then their last words: --speaker Mamuzini finds Said Mamuzini."""
    surnames = [name.split()[-1] for name in names if len(name.split()) > 1]
    return list(dict.fromkeys([*names, *surnames]))


def article_document(article: Article, registry: Registry = FIELDS) -> dict[str, Any]:
    """The Whoosh document for an article: its stored JSON plus every indexed field."""
    document: dict[str, Any] = {
        "id": article.id,
        "kind": ARTICLE_KIND,
        "article_id": article.id,
        "path": article.path,
        "article": json.dumps(article.to_dict(), ensure_ascii=False),
        "headline": article.headline or "",
        "section": "\n".join(s.heading for s in article.sections if s.heading),
        "caption": "\n".join(article.captions),
        "quote": "\n".join(q.text for q in article.quotes),
        "text": "\n".join(
            [article.body, *(s.heading for s in article.sections if s.heading), *article.captions]
            + [q.text for q in article.quotes]
        ),
        "comment": "\n".join(_comment_text(c) for c in article.comments),
    }
    for facet in registry.facets:
        document.update(_facet_fields(facet, facet.values(article)))
    paths = [_place_path(place, article.place_within.get(place, [])) for place in article.places]
    if paths:
        document["place_path"] = NAME_SEPARATOR.join(paths)
        document["within"] = NAME_SEPARATOR.join(
            part for path in paths for part in path.split(PATH_SEPARATOR)
        )
    document["names"] = json.dumps(article.spellings, ensure_ascii=False)
    if article.date_written:
        document["date_written"] = article.date_written
    if article.date:
        document["date"] = _as_datetime(article.date)
        document["month"] = article.date[:7]
    return document


def _facet_fields(facet: Facet, values: list[str]) -> dict[str, str]:
    """The facet's display field and its query field (with surnames where a surname alone matches)."""
    unique = list(dict.fromkeys(v.strip() for v in values if v and v.strip()))
    found: dict[str, str] = {}
    if unique:
        found[facet.facet] = NAME_SEPARATOR.join(unique)
        found[facet.query] = NAME_SEPARATOR.join(_with_surnames(unique) if facet.surnames else unique)
    if facet.per_mention and values:  # one line per mention: the facet counts mentions
        found[facet.facet] = NAME_SEPARATOR.join(v.strip() for v in values)
    return found


PATH_SEPARATOR = " > "


def _place_path(place: str, within: list[str]) -> str:
    """Country first: "Iraq > Ninawa > Mosul"."""
    return PATH_SEPARATOR.join([*reversed(within), place])


def _comment_text(comment: Comment) -> str:
    return " ".join(x for x in (comment.text, comment.author, comment.location) if x)


def _as_datetime(iso: str) -> datetime:
    parsed = datetime.fromisoformat(iso)
    # Whoosh compares naive datetimes; keep the wall-clock time as written.
    return parsed.replace(tzinfo=None)
