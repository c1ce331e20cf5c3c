"""Credit lines: how they open, how they join names, and what in them is no person's name."""

# ruff: noqa: SIM905 -- word lists are written as text and split, as spaCy writes its language data

from __future__ import annotations

import re

from indexer.dates import CALENDAR_WORDS
from indexer.lexicon.patterns import one_of

# "By", in the languages of the pages read ("por", "par", "von", "door", "di", "av", "af", "de").
BY_WORDS = frozenset("by por par von door di av af de".split())
# Punctuation and words that join a credit's names: "A, B & C", "A and B; C".
NAME_SEPARATORS = frozenset(",;&")
NAME_JOINERS = frozenset(["and"])
# The same joiners in other languages, read in a web page's byline text ("A und B", "A y B").
FOREIGN_NAME_JOINERS = frozenset("und et y".split())
# Roles and page furniture, never a word of a person's name in a byline.
NOT_NAME_WORDS = (
    frozenset(
        """
        staff senior chief technologist project editor editors reporter correspondent writer
        contributor columnist producer news desk health
        sign log in out subscribe menu authority control authoring home more share comments comment
        follow email updated published posted
        """.split()
    )
    | CALENDAR_WORDS
)
# A whole credit that is a desk, not a person.
NOT_A_PERSON = frozenset(
    ["staff", "admin", "administrator", "editor", "editors", "news desk", "newsroom", "web team"]
)


def name_splitter(separators: frozenset[str], joiners: frozenset[str]) -> re.Pattern[str]:
    """Splits a credit at its separators and joining words, with the spaces around them."""
    return re.compile(rf"\s*(?:{one_of(separators)}|\b(?:{one_of(joiners)})\b)\s*")


# Where a plain-text byline or a web page's declared credit splits.
BYLINE_SPLIT = name_splitter(NAME_SEPARATORS, NAME_JOINERS)
# A web page's byline text, in whatever language the page is written.
PAGE_BYLINE_SPLIT = name_splitter(NAME_SEPARATORS, NAME_JOINERS | FOREIGN_NAME_JOINERS)
# A JSON Lines or CSV author field: its lists are joined by "; " and a comma stays inside
# a name written surname first ("Jong, Michiel de").
RECORD_BYLINE_SPLIT = name_splitter(NAME_SEPARATORS - {","}, NAME_JOINERS)
