"""A hit's snippet: the story around the first word the query matched, each match as **word**.

Whoosh's highlighter analyses the whole body of every hit; here a regular
expression finds the words that could match (the query's stems as
prefixes, over the accent-folded text) and only those words go through the
analyzer, so a snippet costs a few microseconds, not a millisecond.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from whoosh import query as wquery
from whoosh.support.charset import accent_map

from indexer.schema import STEMMED_TEXT

SNIPPET_CHARS = 200
BEFORE_MATCH = 60  # characters of context kept before the first match
STORY_FIELDS = frozenset({"text", "headline", "section", "caption", "quote"})


def query_stems(query: wquery.Query) -> frozenset[str]:
    """The analysed words a query looks for in the story."""
    return frozenset(
        text.decode("utf-8") if isinstance(text, bytes) else str(text)
        for fieldname, text in query.iter_all_terms(phrases=True)
        if fieldname in STORY_FIELDS
    )


def snippet(body: str, stems: frozenset[str]) -> str:
    matches = list(_matches(body, stems)) if stems else []
    if not matches:
        return _lede(body)
    start = _word_start(body, max(0, matches[0][0] - BEFORE_MATCH))
    end = _word_end(body, min(len(body), start + SNIPPET_CHARS))
    parts, cursor = [], start
    for word_start, word_end in matches:
        if word_start < start or word_end > end:
            continue
        parts += [body[cursor:word_start], "**", body[word_start:word_end], "**"]
        cursor = word_end
    parts.append(body[cursor:end])
    text = " ".join("".join(parts).split())
    return ("… " if start > 0 else "") + text + (" …" if end < len(body) else "")


def _matches(body: str, stems: frozenset[str]) -> Iterable[tuple[int, int]]:
    folded = body.translate(accent_map).lower()
    if len(folded) != len(body):  # a character folded into two (ß → ss): offsets would drift
        folded = body.lower()
    for candidate in _candidates(stems).finditer(folded):
        if _stem(candidate.group()) in stems:
            yield candidate.span()


@lru_cache(maxsize=256)
def _candidates(stems: frozenset[str]) -> re.Pattern[str]:
    # A Porter stem is a prefix of its word, but for a final y turned i (compani ← company)
    prefixes = sorted({s[:-1] if s.endswith("i") and len(s) > 2 else s for s in stems}, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(p) for p in prefixes) + r")\w*")


@lru_cache(maxsize=65536)
def _stem(word: str) -> str | None:
    tokens = [t.text for t in STEMMED_TEXT(word)]
    return tokens[0] if len(tokens) == 1 else None


def _lede(body: str) -> str:
    if len(body) <= SNIPPET_CHARS:
        return " ".join(body.split())
    return " ".join(body[: _word_end(body, SNIPPET_CHARS)].split()) + " …"


def _word_start(body: str, position: int) -> int:
    while 0 < position < len(body) and not body[position - 1].isspace():
        position += 1
    return position


def _word_end(body: str, position: int) -> int:
    while 0 < position < len(body) and not body[position].isspace():
        position -= 1
    return position
