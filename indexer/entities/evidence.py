"""What a story says about where its places are: the evidence a word-like place needs.

"Split", "Mobile", "Bell" and "George" are towns, and far more often a stock
split, a phone, a company and a given name. Such a name (one of
``WORD_LIKE_PLACES``) is read as a place only when the story supports one
of its candidates:

- a dateline from it ("SPLIT, Yugoslavia, March 3");
- its own qualifier ("Mobile, Alabama", "Mobile, Ala.");
- a preposition of place before it, in text written in mixed case, and no
  capitalised word after it ("in Split"; not "in West German trading");
- for a town, its first-order region named in the same paragraph, or its
  country, unless that country is the dateline's: a story filed from the
  United States names it without making every "Bell" the Californian town;
  for a region, its country named anywhere in the story.

A town's mention in a headline or at a sentence's start is capitalised by
grammar, not as a name: there only a dateline, a qualifier or a preposition
counts.

A name that opens one of the story's organisations ("Bell Industries Inc",
"Dome Petroleum") is that company unless a dateline or a qualifier says
otherwise. A qualifier also chooses among the candidates of any other name: "Greenwich,
Conn." is the town in Connecticut, not the London borough.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from indexer.entities.gazetteer import Gazetteer, Place
from indexer.entities.names import name_key
from indexer.lexicon.places import PLACE_PREPOSITIONS, WORD_LIKE_PLACES

_PREPOSITION_BEFORE = re.compile(rf"\b(?:{'|'.join(sorted(PLACE_PREPOSITIONS))})\s+$", re.IGNORECASE)
# ", Alabama", ", Ala.", ", N.Y.", ", West Germany": up to three capitalised words after a comma
_QUALIFIER = re.compile(r",\s+((?:[A-Z][\w'’.-]*)(?:\s+[A-Z][\w'’.-]*){0,2})")
_LOOK_BEHIND = 12  # characters: "outskirts " is the longest preposition and its space
_CAPITALISED_NEXT = re.compile(r"[\s-]+[A-Z]")


class Mentioned(Protocol):
    """A name found in the story (``extract.Found``)."""

    @property
    def text(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def paragraph(self) -> int: ...
    @property
    def place(self) -> Place | None: ...


@dataclass(frozen=True, slots=True)
class StoryEvidence:
    """Per name key: the candidate the story supports, and whether it supports the name as a place at all."""

    supported: dict[str, Place] = field(default_factory=dict)
    evidenced: frozenset[str] = frozenset()
    qualifiers: dict[str, Place] = field(default_factory=dict)  # name key → the region or country after it


def place_key(gazetteer: Gazetteer, written: str) -> str:
    return name_key(gazetteer.canonical("place", written))


def is_word_like(gazetteer: Gazetteer, written: str) -> bool:
    return place_key(gazetteer, written) in WORD_LIKE_PLACES


def story_evidence(
    gazetteer: Gazetteer,
    places: Sequence[Mentioned],
    texts: Sequence[str],
    paragraph_countries: dict[int, set[str]],
    named: dict[int, set[str]],
    company_words: frozenset[str] = frozenset(),
) -> StoryEvidence:
    """The evidence for each mentioned place; ``named``: per paragraph, the places it names outright."""
    home = next((item.place.country for item in places if item.place and item.start < 0), None)
    supported: dict[str, Place] = {}
    evidenced: set[str] = set()
    qualifiers: dict[str, Place] = {}
    for item in places:
        key = place_key(gazetteer, item.text)
        qualifier = _qualifier(gazetteer, item, texts)
        if qualifier:
            qualifiers.setdefault(key, qualifier)
        if key not in WORD_LIKE_PLACES or key in supported:
            continue
        if key in company_words:  # "Bell Industries Inc": only a dateline or a qualifier makes it the town
            candidate = _supported_candidate(gazetteer, key, item, qualifier, {}, {}, home, texts)
            if candidate:
                supported[key] = candidate
                evidenced.add(key)
            continue
        candidate = _supported_candidate(
            gazetteer, key, item, qualifier, paragraph_countries, named, home, texts
        )
        if candidate:
            supported[key] = candidate
            evidenced.add(key)
        elif item.place or qualifier or _after_preposition(item, texts):
            evidenced.add(key)
    return StoryEvidence(supported, frozenset(evidenced), qualifiers)


def _supported_candidate(
    gazetteer: Gazetteer,
    key: str,
    item: Mentioned,
    qualifier: Place | None,
    paragraph_countries: dict[int, set[str]],
    named: dict[int, set[str]],
    home: str | None,
    texts: Sequence[str],
) -> Place | None:
    if item.place:
        return item.place  # a dateline names the very place
    grammar = _capitalised_by_grammar(item, texts)  # a town's capital letter there proves nothing
    nearby = paragraph_countries.get(item.paragraph, set())
    anywhere = set().union(*paragraph_countries.values())
    for candidate in gazetteer.places.get(key, []):
        chain = gazetteer.within_chain(candidate)
        if qualifier and (qualifier.name in chain or qualifier.name == candidate.country):
            return candidate
        is_region = candidate.kind != "city" and chain == [candidate.country]
        if is_region and candidate.country in anywhere - {candidate.name}:
            return candidate
        if grammar:
            continue
        if set(chain) - {candidate.country} & named.get(item.paragraph, set()):
            return candidate
        if candidate.country in nearby - {home, candidate.name}:
            return candidate
    return None


def _capitalised_by_grammar(item: Mentioned, texts: Sequence[str]) -> bool:
    """In the headline, or first in its sentence: "Reading blogs remains popular"."""
    if item.paragraph == 0 or item.start <= 0 or item.paragraph >= len(texts):
        return True
    before = texts[item.paragraph][: item.start].rstrip(" \"'‘“")
    return not before or before[-1] in ".!?:;"


def _after_preposition(item: Mentioned, texts: Sequence[str]) -> bool:
    """ "in Split", "near Mobile"; a shouted headline ("PLANS TO SPLIT IN TWO") says nothing."""
    if item.start < 0 or item.paragraph >= len(texts) or item.text.isupper():
        return False
    text = texts[item.paragraph]
    if _CAPITALISED_NEXT.match(text, item.end):
        return False  # part of a longer name: "in West German trading", "in Mobile Telecom"
    return bool(_PREPOSITION_BEFORE.search(text, max(0, item.start - _LOOK_BEHIND), item.start))


def _qualifier(gazetteer: Gazetteer, item: Mentioned, texts: Sequence[str]) -> Place | None:
    """The region or country written after a place and a comma, if the gazetteer knows it."""
    if item.start < 0 or item.paragraph >= len(texts):
        return None
    match = _QUALIFIER.match(texts[item.paragraph], item.end)
    if not match:
        return None
    words = match[1].split()
    for size in range(len(words), 0, -1):
        written = " ".join(words[:size])
        place = gazetteer.place(written) or gazetteer.place(written.rstrip(".,"))
        if place and place.kind in ("country", "place", "region"):
            return place
    return None


def countries_by_paragraph(pairs: Iterable[tuple[int, str]]) -> dict[int, set[str]]:
    found: dict[int, set[str]] = defaultdict(set)
    for paragraph, country in pairs:
        found[paragraph].add(country)
    return dict(found)
