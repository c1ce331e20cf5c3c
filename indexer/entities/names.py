"""Name keys: one key for every transliteration of a name.

``name_key`` folds the variations that romanised Arabic (and news spelling
generally) introduces without changing the name: case, diacritics, the
Arabic article in all its assimilated forms (al-, el-, ar-, as-, ash-…),
hyphens and apostrophes, doubled letters, q/k, ou/oo/u, ee/i, and a final
h after a vowel. al-Raqa, Raqqa, ar-Raqqah and Rakka share one key; Mosul
and Mosel do not, because vowels other than those pairs are kept.
Exonyms that no folding can bridge (Nineveh, Ninawa) come from the alias
table instead.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from indexer.lexicon.names import ARABIC_ARTICLES
from indexer.lexicon.patterns import one_of

_ARTICLE = re.compile(rf"(?:^|(?<=\s))(?:{one_of(ARABIC_ARTICLES)})[-\s]+(?=\w)")
_APOSTROPHES = re.compile(r"[ʼʾʿ'’‘`´]")
_NOT_WORD = re.compile(r"[^a-z0-9]+")
_PAIRS: tuple[tuple[str, str], ...] = (
    ("ou", "u"),
    ("oo", "u"),
    ("ee", "i"),
    ("ck", "k"),
    ("q", "k"),
    ("ph", "f"),
)
_DOUBLED = re.compile(r"([a-z])\1+")
_FINAL_H = re.compile(r"(?<=[aeiou])h$")


def fold_ascii(text: str) -> str:
    """Lower case, diacritics removed."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


@lru_cache(maxsize=200_000)
def name_key(name: str) -> str:
    """The folded key of a name; equal keys mean one entity."""
    text = _APOSTROPHES.sub("", fold_ascii(name))
    words = []
    for word in _NOT_WORD.sub(" ", _strip_articles(text)).split():
        words.append(_fold_word(word))
    return " ".join(words)


def _strip_articles(text: str) -> str:
    # Wherever a word starts: "Abu Bakr al-Baghdadi" keeps Abu Bakr, drops al-.
    return _ARTICLE.sub("", " ".join(text.split()))


def _fold_word(word: str) -> str:
    for written, folded in _PAIRS:
        word = word.replace(written, folded)
    word = _DOUBLED.sub(r"\1", word)
    return _FINAL_H.sub("", word) if len(word) > 3 else word
