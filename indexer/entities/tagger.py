"""Tag people, places, organisations and other names in text with the shipped CRF model."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pycrfsuite

from indexer.entities.features import sentence_features
from indexer.entities.gazetteer import Gazetteer
from indexer.entities.tokens import Token, sentences, tokenize

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
        tokens = [Token(t.text, t.start + offset, t.end + offset) for t in tokenize(line)]
        found += sentences(tokens)
        offset += len(line) + 1
    return found


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
        if not any(t.text[:1].isupper() for t in sentence):
            continue  # nothing capitalised, nothing to name
        tags = tagger.tag(sentence_features(sentence, gazetteer))
        start: int | None = None
        label = ""
        end = 0
        for token, tag in zip(sentence, tags, strict=True):
            if start is not None and (tag == "O" or tag.startswith("B-") or tag[2:] != label):
                mentions.append(Mention(text[start:end], label, start, end))
                start = None
            if tag != "O" and start is None:
                start, label = token.start, tag[2:]
            end = token.end
        if start is not None:
            mentions.append(Mention(text[start:end], label, start, end))
    return mentions
