"""What a search returns: hits and facet counts, ready for any formatter."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from search.facets import FacetCount


@dataclass(slots=True, kw_only=True)
class Hit:
    id: str
    score: float | None
    headline: str | None
    byline: list[str]
    date: str | None
    source: str | None
    places: list[str]
    people: list[str]
    snippet: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True, kw_only=True)
class QuoteHit:
    text: str
    speaker: str | None
    headline: str | None
    date: str | None
    source: str | None
    article_id: str
    position: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True, kw_only=True)
class QuoteResults:
    query: str
    total: int
    page: int
    limit: int
    hits: list[QuoteHit] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True, kw_only=True)
class Entity:
    type: str  # people, places or organisations
    name: str
    articles: int
    spellings: list[str]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True, kw_only=True)
class Results:
    query: str
    total: int
    page: int
    limit: int
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, list[FacetCount]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
