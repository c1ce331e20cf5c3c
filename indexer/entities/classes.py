"""What kind of thing a found name is, by classes of evidence, not by lists of names.

The tagger reads words and their neighbours; it cannot see that "Chrysler
Corp" ends in a corporate form, that "<C>" (a ticker) follows "Chrysler",
that "REUTER" closes a story, or that "Nine Mths" is a row of a results
table. Each rule here reads one such class of evidence around a mention:

- ``judge``: one mention in its text: repaired when the tagger cut or glued
  it ("Standard and" + "Poor's Corp", "REAGAN WILL"), relabelled ORG on a
  firm's evidence, or dropped (a table's abbreviation, a wire's sign-off);
- ``joined``: neighbouring mentions that are one name ("General Agreement"
  "on" "Tariffs and Trade");
- ``is_no_entity``: whole names that are no entity value (holidays, awards,
  fixtures; a lone generic noun: "Bank", "Finance Ministry");
- ``organisation_heads``: a word that opens an organisation's name in the
  same article stands for that organisation (Chrysler beside Chrysler Corp);
- ``is_region`` / ``well_known_place``: places the tagger took for people.

Word lists are data, in ``indexer.lexicon.entities``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from indexer.entities.gazetteer import Gazetteer
from indexer.entities.names import fold_ascii, name_key
from indexer.entities.tagger import Mention
from indexer.lexicon.entities import (
    BODY_HEADS,
    CONTINENTS,
    CORPORATE_SUFFIXES,
    ECONOMIC_MEASURES,
    EVENTS,
    FINANCIAL_ABBREVIATIONS,
    FIRM_NOUNS,
    GENERIC_HEADS,
    GENERIC_MODIFIERS,
    GLUED_WORDS,
    IN_WORD_FORMS,
    MARKET_WORDS,
    OPENING_WORDS,
    REGION_MODIFIERS,
    REGIONS,
    SHARE_CLASS_WORDS,
    SHARE_WORDS,
    SPORTS,
    WIRE_SERVICES,
)
from indexer.lexicon.names import TITLES
from indexer.lexicon.patterns import one_of

_WORD_EDGES = re.compile(r"^[^\w&]+|[^\w&]+$")
_POSSESSIVE = re.compile(r"['’]s$")
# A ticker after a company's name in Reuters copy: "Chrysler Corp <C>", "<CHRY.O>".
_TICKER_AFTER = re.compile(r"\s*<[A-Z][A-Z0-9.]{0,9}>")
# "Sony shares fell", not "Tokyo stock index" or "Australian share market" (a market's, not a firm's).
_SHARES_AFTER = re.compile(
    rf"\s+(?:{one_of(SHARE_WORDS)})\b(?!\s+(?:{one_of(MARKET_WORDS)})\b)", re.IGNORECASE
)
_SHARES_OF_BEFORE = re.compile(r"\b(?:shares|stock|stake)\s+(?:in|of)\s+$", re.IGNORECASE)
_FIRM_NOUN_BEFORE = re.compile(rf"\b(?:{one_of(FIRM_NOUNS)})\s+$", re.IGNORECASE)
_STATEMENT_AFTER = re.compile(r"\s+said\s+in\s+a\s+statement\b")
# The first name of a firm named for two ("Standard and Poor's Corp", "Procter & Gamble").
_PARTNER_BEFORE = re.compile(r"(?<![\w'’])[A-Z][\w'’.]*\s+(?:and|&)\s+$")
# The corporate form the tagger left out: "Harris Upham" + " and Co", "Smith" + " & Co".
_FORM_AFTER = re.compile(r"\s*(?:and|&)\s+(?:Co|Cos|Company)\b\.?")
_ENDS_IN_PARTNERS_FORM = re.compile(r"\s(?:and|&)\s+(?:Co|Cos|Company)\.?$")
_JOINERS = frozenset(["of", "on", "for"])
_TITLE_BEFORE = re.compile(rf"(?<![\w'’])(?:{one_of(w.capitalize() for w in TITLES)})\s+$")
_LETTER_AFTER = re.compile(r"\s+[A-Z]\b")
_POSSESSIVE_AFTER = re.compile(r"['’]s\b")
_SENTENCE_ENDS = frozenset(".!?\"'”’)")


def words_of(name: str) -> list[str]:
    """The name's words, folded and without the punctuation around them ("Corp." → "corp")."""
    return [w for w in map(_folded_word, name.split()) if w]


@lru_cache(maxsize=100_000)
def _folded_word(word: str) -> str:
    # called for every word of every mention several times: folding was a tenth of extraction
    return _WORD_EDGES.sub("", fold_ascii(word))


def judge(text: str, mention: Mention, gazetteer: Gazetteer, floor: int = 0) -> Mention | None:
    """The mention as it should be read, or None if it is no entity at all; a repair reaches back
    no further than ``floor`` (the end of the mention before: "Reagan and" is no firm's partner)."""
    mention = _unopened(_unglued(text, _repaired(text, mention, floor), gazetteer))
    words = words_of(mention.text)
    if not words or any(w in FINANCIAL_ABBREVIATIONS for w in words):
        return None
    if len(words) == 1 and words[0] in ECONOMIC_MEASURES:
        return None  # "GNP rose": a measure
    if words[-1] in SHARE_CLASS_WORDS and _LETTER_AFTER.match(text, mention.end):
        return None  # "Class B common shares": a kind of share
    if words[0] in WIRE_SERVICES:  # a sign-off, a credit, or a wire's service ("Reuter Monitor")
        return None if len(words) == 1 and _at_line_edge(text, mention) else _as(mention, "ORG")
    if (
        mention.label != "ORG"
        and _firm_evidence(text, mention, words)
        and not _place_or_people(mention, gazetteer)
    ):
        return _as(mention, "ORG")
    return mention


# "Lynn Reaser of Barnett Banks Inc", "Keith O'Neill of Norwich City": the tagger's one organisation.
_PERSON_OF = re.compile(r"(?P<person>[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){1,2}) of (?P<body>[A-Z].*)")


def person_of_body(mention: Mention) -> list[Mention]:
    """A person and the body they belong to, where the tagger read both as one organisation.

    The pair before "of" is a person's name unless it heads a body ("Bank of England", "Duke of
    Edinburgh") or holds a corporate or trade word."""
    match = _PERSON_OF.fullmatch(mention.text) if mention.label == "ORG" else None
    if match is None:
        return [mention]
    person = words_of(match["person"])
    if any(w in BODY_HEADS | CORPORATE_SUFFIXES | FIRM_NOUNS | GENERIC_HEADS | TITLES for w in person):
        return [mention]
    body_start = mention.start + match.start("body")
    return [
        Mention(match["person"], "PER", mention.start, mention.start + len(match["person"])),
        Mention(match["body"], "ORG", body_start, mention.end),
    ]


def joined(mentions: list[Mention], text: str) -> list[Mention]:
    """Neighbours that are one organisation: a name, a joining word, then an organisation
    ("General Agreement" on "Tariffs and Trade"; "Standard" and "Poor's Corp")."""
    kept: list[Mention] = []
    for mention in mentions:
        previous = kept[-1] if kept else None
        if previous and _joinable(previous, mention, text):
            end = _partners_end(text, previous, mention)
            kept[-1] = Mention(text[previous.start : end], "ORG", previous.start, end)
        else:
            kept.append(mention)
    return kept


def is_no_entity(name: str) -> bool:
    """A holiday, award or fixture, or a lone generic noun ("Bank", "Central Bank")."""
    words = words_of(name)
    if not words or " ".join(words) in EVENTS:
        return True
    return words[-1] in GENERIC_HEADS and all(w in GENERIC_HEADS | GENERIC_MODIFIERS for w in words)


def is_region(name: str) -> bool:
    """A continent or a world region ("Latin America", "Southeast Asia", "Middle East")."""
    words = words_of(name)
    if not words or " ".join(words) in REGIONS:
        return bool(words)
    return words[-1] in CONTINENTS and all(w in REGION_MODIFIERS for w in words[:-1])


# "SOCCER - ", "MOTOR RACING - ", "Tennis: ": the sports desk's heading opening a headline.
_SPORTS_HEADING = re.compile(r"^\s*(?P<sport>[A-Za-z][A-Za-z ]{1,30}?)\s*(?:-|:|--)\s")


def is_sports_story(headline: str) -> bool:
    """A headline opened by a sport's name as a heading ("CRICKET - AUSTRALIA V SRI LANKA")."""
    heading = _SPORTS_HEADING.match(headline)
    return heading is not None and all(word in SPORTS for word in words_of(heading["sport"]))


def same_publisher(name: str, source: str) -> bool:
    """The publisher under its own name, singular or plural ("Reuter", "Reuters")."""
    return [w.removesuffix("s") for w in words_of(name)] == [w.removesuffix("s") for w in words_of(source)]


def well_known_place(name: str, gazetteer: Gazetteer) -> bool:
    place = gazetteer.place(name)
    return bool(place and place.well_known)


def _firm_word(word: str) -> bool:
    """A corporate form, or a word built on one: "Corp", "Citicorp", "Bancorp"."""
    return word in CORPORATE_SUFFIXES or word.endswith(IN_WORD_FORMS)


_CAPITALISED_RUN_AFTER = re.compile(r"(?:[ \t]+(?:&[ \t]+)?[A-Z][\w.'’&-]*)+")
_CAPITALISED_RUN_BEFORE = re.compile(r"(?:[A-Z][\w.'’&-]*[ \t]+)+$")


def inside_firm_name(text: str, mention: Mention) -> bool:
    """A place or demonym that is a word of a firm's name the tagger cut up ("ANGLO AMERICAN GOLD
    INVESTMENT CO LTD", "Franco Nevada Mines Ltd"): the capitalised run around it ends in a
    corporate form. Such a word places the story nowhere."""
    after = _CAPITALISED_RUN_AFTER.match(text, mention.end)
    if not after:
        return False
    before = _CAPITALISED_RUN_BEFORE.search(text, max(0, mention.start - 60), mention.start)
    run = (before.group() if before else "") + mention.text + after.group()
    return is_firm(run) and len(words_of(run)) > len(words_of(mention.text)) + 1


def is_firm(name: str) -> bool:
    """Several words ending in a corporate form: "Chrysler Corp", "Moody's Investors Service Inc"."""
    words = words_of(name)
    return len(words) > 1 and words[-1] in CORPORATE_SUFFIXES


def organisation_heads(names: Iterable[str]) -> dict[str, str]:
    """Name key of an organisation's opening word(s) → the organisation's full name.

    "Chrysler" beside "Chrysler Corp", "Moody's" beside "Moody's Investors
    Service": in one article, the short name is the organisation it opens.
    """
    heads: dict[str, str] = {}
    for name in sorted(names, key=len):
        parts = name.split()
        for size in range(1, len(parts)):
            head = _POSSESSIVE.sub("", " ".join(parts[:size]))
            if words_of(head) and words_of(head)[-1] not in GENERIC_HEADS | GENERIC_MODIFIERS:
                heads.setdefault(name_key(head), name)
    return heads


def _repaired(text: str, mention: Mention, floor: int) -> Mention:
    before = _PARTNER_BEFORE.search(text, max(floor, mention.start - 40), mention.start)
    named_for_two = mention.label == "ORG" or "&" in before.group() if before else False
    if before and words_of(mention.text) and (named_for_two or _POSSESSIVE_AFTER.match(text, mention.end)):
        return Mention(text[before.start() : mention.end], "ORG", before.start(), mention.end)
    title = _TITLE_BEFORE.search(text, max(floor, mention.start - 12), mention.start)
    if title and mention.label == "ORG":  # "General" of "General Electric Co", read by the tagger as a title
        return Mention(text[title.start() : mention.end], "ORG", title.start(), mention.end)
    form = _FORM_AFTER.match(text, mention.end)
    if form:
        return Mention(text[mention.start : form.end()], "ORG", mention.start, form.end())
    return mention


def _unglued(text: str, mention: Mention, gazetteer: Gazetteer) -> Mention:
    """Without the verbs, small words and days a capitalised text glued to its end; what is
    left of "U.S. WOULD" or "AUSTRALIAN FOR" is labelled as the place or demonym it is."""
    parts = mention.text.split()
    while len(parts) > 1 and words_of(parts[-1]) and words_of(parts[-1])[0] in GLUED_WORDS:
        parts = parts[:-1]
    if len(parts) == len(mention.text.split()):
        return mention
    end = mention.start + mention.text.index(parts[-1], len(" ".join(parts[:-1]))) + len(parts[-1])
    name = text[mention.start : end]
    label = (
        "LOC" if gazetteer.place(name) else "MISC" if gazetteer.country_of_demonym(name) else mention.label
    )
    return Mention(name, label, mention.start, end)


def _unopened(mention: Mention) -> Mention:
    """Without the words that are capitalised only because they open a sentence ("Moreover
    Reagan", "With Wikinews"); nothing left is no name (its text is then empty)."""
    parts = mention.text.split()
    opening = 0
    while (
        opening < len(parts) and words_of(parts[opening])[:1] and words_of(parts[opening])[0] in OPENING_WORDS
    ):
        opening += 1
    if not opening:
        return mention
    if opening == len(parts):
        return Mention("", mention.label, mention.start, mention.start)
    start = mention.start + mention.text.index(parts[opening], len(" ".join(parts[:opening])))
    return Mention(mention.text[start - mention.start :], mention.label, start, mention.end)


def _firm_evidence(text: str, mention: Mention, words: list[str]) -> bool:
    return (
        _firm_word(words[-1])
        or "&" in mention.text
        or bool(_TICKER_AFTER.match(text, mention.end))
        or bool(_SHARES_AFTER.match(text, mention.end))
        or bool(_SHARES_OF_BEFORE.search(text, max(0, mention.start - 20), mention.start))
        or bool(_FIRM_NOUN_BEFORE.search(text, max(0, mention.start - 20), mention.start))
        or (len(words) == 1 and bool(_STATEMENT_AFTER.match(text, mention.end)))
    )


def _place_or_people(mention: Mention, gazetteer: Gazetteer) -> bool:
    """A place or a demonym: "Tokyo shares", "Australian stocks" are a market's."""
    return bool(gazetteer.place(mention.text) or gazetteer.country_of_demonym(mention.text))


def _at_line_edge(text: str, mention: Mention) -> bool:
    """Alone at a line's start, or closing a line after its last sentence ("… costs. REUTER");
    "a spokesman told Reuters." ends a sentence with its object, no sign-off."""
    line_start = text.rfind("\n", 0, mention.start) + 1
    line_end = text.find("\n", mention.end)
    after = text[mention.end : line_end if line_end >= 0 else len(text)]
    before = text[line_start : mention.start].rstrip()
    return not before or (not after.strip(" \t.-") and before[-1] in _SENTENCE_ENDS)


def _joinable(first: Mention, second: Mention, text: str) -> bool:
    between = text[first.end : second.start].split()
    if between == [","]:  # the partners of a firm listed before its form: "Smith Barney, Harris Upham and Co"
        return bool(_ENDS_IN_PARTNERS_FORM.search(second.text))
    joiner = between[0].lower() if len(between) == 1 else ""
    if joiner in ("and", "&"):  # "House and Senate" are two; "Hudson Bay Mining and Smelting Co" one
        return is_firm(second.text) or (
            first.label == "ORG" and bool(_POSSESSIVE_AFTER.match(text, second.end))
        )
    return second.label == "ORG" and first.label in ("ORG", "MISC") and joiner in _JOINERS


def _partners_end(text: str, first: Mention, second: Mention) -> int:
    """Where a joined name ends: with its possessive when it names two partners ("Standard and Poor's")."""
    possessive = _POSSESSIVE_AFTER.match(text, second.end)
    partners = text[first.end : second.start].split() in (["and"], ["&"])
    return possessive.end() if possessive and partners else second.end


def _as(mention: Mention, label: str) -> Mention:
    return Mention(mention.text, label, mention.start, mention.end)
