"""Split text into word tokens with their character offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Acronyms with dots (U.S.), words with inner hyphens or apostrophes
# (al-Raqa, O'Neill), a possessive 's on its own, numbers, any other symbol.
_TOKEN = re.compile(
    r"(?:[A-Za-z]\.){2,}"
    r"|\d+(?:[.,:/-]\d+)*"
    r"|['’]s\b"
    r"|\w+(?:[-'’&]\w+)*(?=['’]s\b)"
    r"|(?:Mrs|Mr|Ms|Dr|St|Jr|Sr|Mt|Co|Gen|Col|Lt|Sgt|Inc|Ltd|Corp|Rep|Sen|Gov|Prof|Capt|Maj)\.(?=\s+[A-Z])"
    r"|\w+(?:[-'’&]\w+)*"
    r"|[^\w\s]"
)
_SENTENCE_END = frozenset({".", "!", "?"})


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int


def tokenize(text: str) -> list[Token]:
    return [Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def sentences(tokens: list[Token]) -> list[list[Token]]:
    """Cut at ., ! or ? followed by a capitalised word or a quote; keeps tagging local."""
    found: list[list[Token]] = []
    current: list[Token] = []
    for position, token in enumerate(tokens):
        current.append(token)
        following = tokens[position + 1] if position + 1 < len(tokens) else None
        if token.text in _SENTENCE_END and (following is None or not following.text[0].islower()):
            found.append(current)
            current = []
    if current:
        found.append(current)
    return found
