"""The one record that travels from reader to index to search results.

Readers produce an :class:`Article`, extractors fill its entity and quote
fields, ``indexer.schema`` maps it to a Whoosh document, and ``search``
returns slices of it. Its JSON form (``to_dict``) is what ``dateline parse``
prints and what the index stores, so the key set is part of the public
contract.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True, kw_only=True)
class Section:
    heading: str | None
    paragraphs: list[str] = field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class Quote:
    text: str
    speaker: str | None = None


@dataclass(slots=True, kw_only=True)
class Comment:
    text: str
    author: str | None = None
    location: str | None = None


@dataclass(slots=True, kw_only=True)
class Article:
    id: str
    path: str
    format: str
    source: str | None = None
    kicker: str | None = None
    headline: str | None = None
    byline: list[str] = field(default_factory=list)
    date: str | None = None
    dateline: str | None = None
    sections: list[Section] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    # Not part of the JSON form: the date as the source wrote it (kept in the
    # index's stored fields), and extractor by-products for the index —
    # "kind:canonical" → spellings seen, and place → the places it is in.
    date_written: str | None = field(default=None, repr=False, compare=False)
    spellings: dict[str, list[str]] = field(default_factory=dict, repr=False, compare=False)
    place_within: dict[str, list[str]] = field(default_factory=dict, repr=False, compare=False)

    @property
    def body(self) -> str:
        """The story text: every paragraph of every section, blank-line separated."""
        return "\n\n".join(p for s in self.sections for p in s.paragraphs)

    @property
    def year(self) -> str | None:
        return self.date[:4] if self.date else None

    def to_dict(self) -> dict[str, Any]:
        # by hand, not dataclasses.asdict: its deep copy was 3% of indexing
        nested = {
            "sections": [{"heading": s.heading, "paragraphs": list(s.paragraphs)} for s in self.sections],
            "quotes": [{"text": q.text, "speaker": q.speaker} for q in self.quotes],
            "comments": [{"text": c.text, "author": c.author, "location": c.location} for c in self.comments],
        }
        data = {}
        for key in ARTICLE_KEYS:
            value = nested[key] if key in nested else getattr(self, key)
            data[key] = list(value) if isinstance(value, list) and key not in nested else value
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        fields = {key: data[key] for key in ARTICLE_KEYS if key in data and key != "body"}
        fields["sections"] = [Section(**s) for s in data.get("sections", [])]
        fields["quotes"] = [Quote(**q) for q in data.get("quotes", [])]
        fields["comments"] = [Comment(**c) for c in data.get("comments", [])]
        return cls(**fields)


ARTICLE_KEYS: tuple[str, ...] = (
    "id",
    "path",
    "format",
    "source",
    "kicker",
    "headline",
    "byline",
    "date",
    "dateline",
    "sections",
    "body",
    "captions",
    "quotes",
    "people",
    "places",
    "organisations",
    "comments",
)
