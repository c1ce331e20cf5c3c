"""Tag people, places, organisations and other names in text with the shipped CRF model."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pycrfsuite

from indexer.entities.features import sentence_features
from indexer.entities.gazetteer import Gazetteer
from indexer.entities.tokens import Token, sentences, tokenize
from indexer.lexicon.names import TAGGER_PARTICLES

MODEL = Path(__file__).resolve().parent.parent / "data" / "entities.crfsuite"


@dataclass(frozen=True, slots=True)
class Mention:
    text: str
    label: str  # PER, LOC, ORG or MISC
    start: int
    end: int


def _sentences_by_line(text: str) -> list[list[Token]]:
    """Sentences, never crossing a line break: headlines and captions end without a stop."""
    found: list[list[Token]] = []
    offset = 0
    for line in text.split("\n"):
        found += sentences(tokenize(line, offset))
        offset += len(line) + 1
    return found


# Capitalised only because they open a sentence; a sentence with no other
# capital names nobody, and a third of a news story's sentences are like that.
_OPENING_WORDS = frozenset(
    """The A An It He She They We I You This That These Those There Its His Her Their Our
    But And Or So Yet In On At For To Of By With From As If When While After Before Under
    However Some Both Other Many Most No Not One All Each""".split()  # noqa: SIM905 (reads as prose)
)


def _may_name(sentence: list[Token]) -> bool:
    """Whether a sentence has a capitalised word other than a common word opening it."""
    opening = next((i for i, t in enumerate(sentence) if t.text[:1].isalnum()), -1)
    return any(
        t.text[:1].isupper() and (i != opening or t.text not in _OPENING_WORDS)
        for i, t in enumerate(sentence)
    )


@lru_cache(maxsize=1)
def load_tagger() -> pycrfsuite.Tagger:
    tagger = pycrfsuite.Tagger()
    tagger.open(str(MODEL))
    return tagger


def tag_mentions(text: str, gazetteer: Gazetteer) -> list[Mention]:
    """Every name the model finds in text, with its label and character span."""
    tagger = load_tagger()
    mentions: list[Mention] = []
    for sentence in _sentences_by_line(text):
        if not _may_name(sentence):
            continue
        tags = tagger.tag(sentence_features(sentence, gazetteer))
        for run, label in _runs(sentence, tags):
            name = _names_in_run(run)
            if name:
                start, end = name[0].start, name[-1].end
                mentions.append(Mention(text[start:end], label, start, end))
    return mentions


def _runs(sentence: list[Token], tags: list[str]) -> list[tuple[list[Token], str]]:
    """The tokens of each tagged name, with its label."""
    runs: list[tuple[list[Token], str]] = []
    previous = "O"
    for token, tag in zip(sentence, tags, strict=True):
        if tag != "O" and (tag.startswith("B-") or previous[2:] != tag[2:]):
            runs.append(([token], tag[2:]))
        elif tag != "O":
            runs[-1][0].append(token)
        previous = tag
    return runs


def _names_in_run(run: list[Token]) -> list[Token]:
    """A tagged run as the name it holds: a name opens and closes on a capitalised word
    (a particle aside); the model sometimes takes in the common word before it
    ("the expansion of Jewish West Bank")."""
    while run and _is_common_word(run[0].text):
        run = run[1:]
    while run and _is_common_word(run[-1].text):
        run = run[:-1]
    return run


def _is_common_word(word: str) -> bool:
    return word.isalpha() and word.islower() and word not in TAGGER_PARTICLES
