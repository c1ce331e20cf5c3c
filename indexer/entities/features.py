"""Token features for the entity tagger: the word, its shape, its neighbours, and what the gazetteer knows."""

from __future__ import annotations

import re
from functools import lru_cache

from indexer.entities.gazetteer import Gazetteer
from indexer.entities.names import name_key
from indexer.entities.tokens import Token
from indexer.lexicon.names import TAGGER_PARTICLE_PREFIXES, TAGGER_PARTICLES, TITLES
from indexer.lexicon.patterns import one_of

_PARTICLE_PREFIX = re.compile(rf"^(?:{one_of(TAGGER_PARTICLE_PREFIXES)})-", re.IGNORECASE)


def word_shape(word: str) -> str:
    shape = re.sub(r"[A-Z]", "X", word)
    shape = re.sub(r"[a-z]", "x", shape)
    shape = re.sub(r"\d", "d", shape)
    return re.sub(r"(.)\1{2,}", r"\1\1", shape)


def gazetteer_marks(words: list[str], gazetteer: Gazetteer) -> list[str]:
    """B-/I- marks for the longest runs of words that name a known place."""
    marks = [""] * len(words)
    position = 0
    while position < len(words):
        if not words[position][:1].isupper():
            position += 1
            continue
        longest = 4 if name_key(words[position]) in gazetteer.first_words else 1
        for size in range(longest, 0, -1):
            chunk = words[position : position + size]
            if len(chunk) == size and chunk[0][:1].isupper() and gazetteer.place(" ".join(chunk)):
                marks[position] = "B"
                for inner in range(position + 1, position + size):
                    marks[inner] = "I"
                position += size
                break
        else:
            position += 1
    return marks


def sentence_features(tokens: list[Token], gazetteer: Gazetteer) -> list[list[str]]:
    words = [t.text for t in tokens]
    upper_sentence = sum(w.isupper() for w in words) > 0.6 * max(1, sum(w[:1].isalpha() for w in words))
    marks = gazetteer_marks(words, gazetteer)
    own = [_word_features(w, upper_sentence, gazetteer) for w in words]
    lowers = [w.lower() for w in words]
    # each word's strings as a neighbour, made once per word (most of the cost was formatting them)
    as_context = [
        _as_context(lower, row[1][6:], mark) for lower, row, mark in zip(lowers, own, marks, strict=True)
    ]
    features: list[list[str]] = []
    last = len(words) - 1
    for i in range(len(words)):
        row = [*own[i], _GAZ[marks[i]]]
        if upper_sentence:
            row.append("upper_sentence")
        row.append(as_context[i - 2][2] if i > 1 else "-2:edge")
        row.append(as_context[i + 2][3] if i + 2 <= last else "2:edge")
        if i > 0:
            row += as_context[i - 1][0]
            if lowers[i - 1].rstrip(".") in TITLES:
                row.append("after_title")
        else:
            row.append("-1:edge")
        if i < last:
            row += as_context[i + 1][1]
        else:
            row.append("1:edge")
        if i == 0 or (i == 1 and not words[0][:1].isalnum()):
            row.append("first")
        features.append(row)
    return features


_GAZ = {mark: f"gaz={mark}" for mark in ("", "B", "I")}


@lru_cache(maxsize=200_000)
def _as_context(lower: str, shape: str, mark: str) -> tuple[tuple[str, ...], tuple[str, ...], str, str]:
    """A word's features as seen from the next word, the previous one, two after and two before."""
    return (
        (f"-1:w={lower}", f"-1:shape={shape}", f"-1:gaz={mark}"),
        (f"1:w={lower}", f"1:shape={shape}", f"1:gaz={mark}"),
        f"-2:w={lower}",
        f"2:w={lower}",
    )


@lru_cache(maxsize=200_000)
def _word_features(word: str, upper_sentence: bool, gazetteer: Gazetteer) -> tuple[str, ...]:
    lower = word.lower()
    row = [
        f"w={lower}",
        f"shape={word_shape(word)}",
        f"suf3={lower[-3:]}",
        f"pre3={lower[:3]}",
    ]
    if word[:1].isupper():
        row.append("cap")
    if lower in TITLES or lower.rstrip(".") in TITLES:
        row.append("title")
    if lower in TAGGER_PARTICLES or _PARTICLE_PREFIX.match(word):
        row.append("particle")
    if gazetteer.country_of_demonym(word):
        row.append("demonym")
    key = name_key(word)
    if key in gazetteer.aliases["org"]:
        row.append("known_org")
    if key in gazetteer.aliases["person"]:
        row.append("known_person")
    if upper_sentence and len(word) > 1:
        row.append(f"w_title={word.title()}")
    return tuple(row)
