"""The field registry: every facet and every field a user may search, declared once.

A facet such as places is one entry below: its facet name (``places``, the
field holding the values as written, which the counters show), its query
field (``place``, the same names folded for matching), the other names a
user may type for it, the alias table its names resolve through, the Article
attribute it is read from, and — if it can narrow a search — its filter: the
CLI option, the web parameter and the ``Query`` attribute holding the values.

The Whoosh schema, the facet tables, the query parser's field names and
aliases, the CLI's filter options, the web's filters and sidebar and the
OpenAPI parameters are all derived from a :class:`Registry`; ``FIELDS`` is
dateline's own. To add a facet, add a :class:`Facet` to ``FIELDS`` (and,
if it filters, a list attribute of that name to ``search.query.Query``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from functools import cached_property

from indexer.article import Article


class EntityKind(Enum):
    """The three kinds of names, under the three names each goes by.

    ``tag``: the tagger's label; ``facet``: the facet and the Article
    attribute (and the ``--type`` of ``dateline names``); ``alias_kind``: the
    kind column of the alias file, and the gazetteer table it fills.
    """

    PERSON = ("PER", "people", "person")
    PLACE = ("LOC", "places", "place")
    ORG = ("ORG", "organisations", "org")

    def __init__(self, tag: str, facet: str, alias_kind: str) -> None:
        self.tag = tag
        self.facet = facet
        self.alias_kind = alias_kind

    @classmethod
    def from_tag(cls, tag: str) -> EntityKind | None:
        """The kind of a tagger label; None for labels that name no kind (MISC, O)."""
        return next((kind for kind in cls if kind.tag == tag), None)

    @classmethod
    def from_facet(cls, facet: str) -> EntityKind:
        return next(kind for kind in cls if kind.facet == facet)


ENTITY_FACETS: tuple[str, ...] = tuple(kind.facet for kind in EntityKind)


@dataclass(frozen=True, slots=True)
class Filter:
    """How a facet narrows a search: ``--place Mosul``, ``?place=Mosul``, ``Query(places=["Mosul"])``."""

    attribute: str  # the Query attribute holding the values
    help: str  # the CLI option's help
    rank: int  # where it is listed among the filters (CLI help, web, OpenAPI)
    inside_field: str | None = None  # the field matched instead under --within
    quote_field: str | None = None  # the field of quote documents it narrows in `dateline quotes`


@dataclass(frozen=True, slots=True)
class Facet:
    facet: str  # the facet's name, and its field of display values
    query: str  # the query field: the values folded by name_key (place:, --place)
    attribute: str  # the Article attribute its values are read from
    aliases: tuple[str, ...] = ()  # other names a user may type for the query field
    alias_kind: EntityKind | None = None  # the alias table its names resolve through; None: no aliases
    read: Callable[[Article], list[str]] | None = None  # for values that are not the attribute as is
    sidebar: bool = True  # shown on the search page
    filter: Filter | None = None  # None: counted, never a filter
    surnames: bool = False  # a surname alone matches the full name (--person Mamuzini)
    per_mention: bool = False  # counts mentions, not articles (speakers count quotes)
    date_range: bool = False  # a click on a value narrows the dates to it (years)

    def values(self, article: Article) -> list[str]:
        """The article's values: a list attribute as is, a value alone, nothing for None."""
        if self.read is not None:
            return self.read(article)
        value = getattr(article, self.attribute)
        if value is None:
            return []
        return list(value) if isinstance(value, list) else [value]

    @property
    def rule(self) -> Filter:
        """Its filter; only for the facets ``Registry.filters`` lists, which all have one."""
        if self.filter is None:
            raise ValueError(f"the {self.facet} facet is not a filter")
        return self.filter

    @property
    def option(self) -> str | None:
        """The CLI option (``--place``); the web parameter is the query field's name."""
        return f"--{self.query}" if self.filter else None

    @property
    def param(self) -> str | None:
        return self.query if self.filter else None

    def link(self, value: str) -> dict[str, str] | None:
        """The web parameters a click on one of its values adds; None: not a link."""
        if self.filter:
            return {self.query: value}
        if self.date_range:
            return {"from": value, "to": value}
        return None


@dataclass(frozen=True, slots=True)
class SearchField:
    """A field a query may name that is not a facet (``headline:``, ``within:``…)."""

    name: str
    aliases: tuple[str, ...] = ()
    alias_kind: EntityKind | None = None


def _speakers(article: Article) -> list[str]:
    return [quote.speaker for quote in article.quotes if quote.speaker]


@dataclass(frozen=True)  # no slots: the derived maps are cached on the instance
class Registry:
    """Facets in the order they are counted and shown, and the other searchable fields."""

    facets: tuple[Facet, ...]
    search_fields: tuple[SearchField, ...]

    def extended(self, *facets: Facet) -> Registry:
        return Registry((*self.facets, *facets), self.search_fields)

    @cached_property
    def facet_names(self) -> tuple[str, ...]:
        return tuple(f.facet for f in self.facets)

    @cached_property
    def facet_fields(self) -> dict[str, str]:
        """Facet name → query field (``places`` → ``place``)."""
        return {f.facet: f.query for f in self.facets}

    @cached_property
    def filters(self) -> tuple[Facet, ...]:
        """The facets that filter, in the order their options are listed."""
        return tuple(sorted((f for f in self.facets if f.filter), key=lambda f: f.rule.rank))

    @cached_property
    def quote_filters(self) -> tuple[Facet, ...]:
        return tuple(f for f in self.filters if f.rule.quote_field)

    @cached_property
    def sidebar(self) -> tuple[str, ...]:
        return tuple(f.facet for f in self.facets if f.sidebar)

    @cached_property
    def query_fields(self) -> tuple[str, ...]:
        """Every field an article query may name, without its aliases."""
        return (*(s.name for s in self.search_fields), *(f.query for f in self.facets))

    @cached_property
    def field_aliases(self) -> dict[str, list[str]]:
        """Query field → the other names a user may type for it."""
        declared = [(f.query, f.aliases) for f in self.facets] + [
            (s.name, s.aliases) for s in self.search_fields
        ]
        return {name: list(aliases) for name, aliases in declared if aliases}

    @cached_property
    def name_fields(self) -> dict[str, str | None]:
        """Fields holding names → the alias table their values resolve through (None: none)."""

        def kind(entity: EntityKind | None) -> str | None:
            return entity.alias_kind if entity else None

        found: dict[str, str | None] = {}
        for facet in self.facets:
            found[facet.query] = kind(facet.alias_kind)
            rule = facet.filter
            if rule and rule.inside_field:
                found[rule.inside_field] = kind(facet.alias_kind)
            if rule and rule.quote_field:
                found[rule.quote_field] = kind(facet.alias_kind)
        found.update((s.name, kind(s.alias_kind)) for s in self.search_fields if s.alias_kind)
        return found

    def facet(self, name: str) -> Facet | None:
        """The facet a user means by ``places``, ``place`` or ``org``."""
        return next((f for f in self.facets if name in (f.facet, f.query)), None)


FIELDS = Registry(
    facets=(
        Facet(
            facet="places",
            query="place",
            attribute="places",
            aliases=("places",),
            alias_kind=EntityKind.PLACE,
            filter=Filter("places", "Only articles naming this place.", rank=1, inside_field="within"),
        ),
        Facet(
            facet="people",
            query="person",
            attribute="people",
            aliases=("people",),
            alias_kind=EntityKind.PERSON,
            surnames=True,
            filter=Filter("people", "Only articles naming this person.", rank=2),
        ),
        Facet(
            facet="organisations",
            query="org",
            attribute="organisations",
            aliases=("organisation", "organisations", "organization", "organizations"),
            alias_kind=EntityKind.ORG,
            filter=Filter("orgs", "Only articles naming this organisation.", rank=3),
        ),
        Facet(
            facet="speakers",
            query="speaker",
            attribute="quotes",
            read=_speakers,
            aliases=("speakers",),
            alias_kind=EntityKind.PERSON,
            surnames=True,
            per_mention=True,
            filter=Filter(
                "speakers", "Only articles quoting this person.", rank=5, quote_field="quote_speaker"
            ),
        ),
        Facet(
            facet="bylines",
            query="byline",
            attribute="byline",
            aliases=("bylines", "author"),
            alias_kind=EntityKind.PERSON,
            filter=Filter("bylines", "Only articles by this author.", rank=4),
        ),
        Facet(
            facet="sources",
            query="source",
            attribute="source",
            aliases=("sources",),
            alias_kind=EntityKind.ORG,
            filter=Filter("sources", "Only articles from this source.", rank=6, quote_field="quote_source"),
        ),
        Facet(facet="kickers", query="kicker", attribute="kicker", aliases=("kickers",), sidebar=False),
        Facet(facet="years", query="year", attribute="year", aliases=("years",), date_range=True),
    ),
    search_fields=(
        SearchField("headline"),
        SearchField("text", ("body", "story")),
        SearchField("section", ("sections", "heading")),
        SearchField("caption", ("captions",)),
        SearchField("quote", ("quotes",)),
        SearchField("comment", ("comments",)),
        SearchField("within", ("in",), EntityKind.PLACE),
    ),
)
