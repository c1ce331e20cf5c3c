"""Split text into word tokens with their character offsets."""

from __future__ import annotations

import re
from typing import NamedTuple

from indexer.lexicon.names import TAGGER_ABBREVIATIONS
from indexer.lexicon.patterns import one_of

# Acronyms with dots (U.S.), an initial before a name (P. Simmons: one token, as the
# tagger was trained, and no sentence end), words with inner hyphens or apostrophes
# (al-Raqa, O'Neill), a possessive 's on its own, numbers, any other symbol.
_TOKEN = re.compile(
    r"(?:[A-Za-z]\.){2,}"
    r"|[A-Z]\.(?=\s?[A-Z])"
    r"|\d+(?:[.,:/-]\d+)*"
    r"|['’]s\b"
    r"|\w+(?:[-'’&]\w+)*(?=['’]s\b)"
    rf"|(?:{one_of(TAGGER_ABBREVIATIONS)})\.(?=\s+[A-Z])"
    r"|\w+(?:[-'’&]\w+)*"
    r"|[^\w\s]"
)
_SENTENCE_END = frozenset({".", "!", "?"})


class Token(NamedTuple):  # a tuple: made for every word of every article, and cheap to make
    text: str
    start: int
    end: int


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """Tokens of text; their offsets count from ``offset`` (the text's place in a longer one)."""
    return [Token(m.group(), m.start() + offset, m.end() + offset) for m in _TOKEN.finditer(text)]


def sentences(tokens: list[Token]) -> list[list[Token]]:
    """Cut at ., ! or ? followed by a capitalised word or a quote; keeps tagging local."""
    found: list[list[Token]] = []
    start = 0
    last = len(tokens) - 1
    for position, token in enumerate(tokens):
        if token.text in _SENTENCE_END and (position == last or not tokens[position + 1].text[0].islower()):
            found.append(tokens[start : position + 1])
            start = position + 1
    if start <= last:
        found.append(tokens[start:])
    return found
