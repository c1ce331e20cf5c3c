"""Speakers: the name in a cue's phrase, and the article's person it stands for."""

from __future__ import annotations

import re

from indexer.entities.names import name_key
from indexer.lexicon.grammar import CLAUSE_WORDS, DETERMINERS, NOT_SPEAKERS, PRONOUNS
from indexer.lexicon.names import SPEAKER_NAME_WORD, TITLES

NAME = rf"{SPEAKER_NAME_WORD}(?:\s+{SPEAKER_NAME_WORD}){{0,4}}"
# "it added": an outlet or a document speaks; read, but never resolved to a person
IMPERSONAL = "it"


def speaker_phrase(phrase: str) -> str | None:
    """The speaker in a phrase: its last name run, else a pronoun, else a short noun phrase."""
    phrase = " ".join(re.sub(r"\([^)]*\)", " ", phrase).split())
    clauses = [c.strip() for c in re.split(r"[,;:]", phrase) if c.strip()]
    # "Marc Morial, the chief executive of the League," — a name, then what he is
    # "Jenna Golden, Twitter's director of advertising," — an apposition may open with an owner
    appositions = all(not c[:1].isupper() or re.match(r"\S+['’]s\s+[a-z]", c) for c in clauses[1:])
    if len(clauses) > 1 and appositions and re.match(NAME, clauses[0]):
        phrase = clauses[0]
    else:
        phrase = clauses[-1] if clauses else ""
    matches = [
        m
        for m in re.finditer(NAME, phrase)
        if m.group().split()[0].lower() not in NOT_SPEAKERS and not _shouted(m.group())
    ]
    named = [(m, _strip_titles(_drop_clause_words(m.group()))) for m in matches]
    named = [(m, n) for m, n in named if n and n.split()[0].lower() not in PRONOUNS]
    if named:
        match, name = named[-1]
        rest = phrase[match.end() :].split()
        group = rest and len(rest) <= 4 and all(w[:1].islower() for w in rest) and rest[-1].endswith("s")
        if group and not re.search(r"['’]s$", match.group()):
            return phrase[match.start() :]  # "Iraqi officials and analysts": a group, not a person
        if rest and not group and rest[0][:1].islower() and re.search(r"['’]s$", match.group()):
            if len(rest) <= 2 and all(w.isalpha() and w.islower() for w in rest):
                return phrase[match.start() :]  # "Gary Johnson's doctor", "Clinton's campaign"
            return None  # "Trump's flurry of …": the name owns something, it does not speak
        return re.sub(r"['’]s$", "", name)
    words = phrase.split()
    if not words or len(words) > 6:
        return None
    pronoun = words[-1].lower() in PRONOUNS or words[-1].lower() == IMPERSONAL
    if pronoun and (len(words) == 1 or words[-2].lower() in CLAUSE_WORDS):  # "Though she called"
        return words[-1].lower()
    if words[0].lower() in NOT_SPEAKERS or words[-1].lower() in NOT_SPEAKERS:
        return None
    # "the source", "a spokesman", "officials": a determiner or a plural role, nothing looser
    plural_role = len(words) <= 2 and words[-1].endswith("s") and words[0].lower() not in CLAUSE_WORDS
    if (words[0].lower() in DETERMINERS and len(words) > 1) or plural_role:
        return phrase
    return None


def _shouted(name: str) -> bool:
    """A dateline or a headline in capitals (FLINT, CONGRESS HAS…), not a speaker's name."""
    letters = [ch for ch in name if ch.isalpha()]
    return len(letters) > 3 and all(ch.isupper() for ch in letters)


def _drop_clause_words(name: str) -> str:
    words = name.split()
    while words and words[0].lower() in CLAUSE_WORDS:
        words = words[1:]
    return " ".join(words)


def _strip_titles(name: str) -> str:
    """'Retired Lt. Gen. Michael Flynn' → 'Michael Flynn': the name after its last title."""
    words = name.split()
    # the last word is the surname even when it is also a title (Charlie King, Ann Bishop)
    titled = [i for i, w in enumerate(words[:-1]) if w.lower().rstrip(".") in TITLES]
    if titled:
        words = words[titled[-1] + 1 :]
    return " ".join(words)


def people_keys(people: list[str]) -> dict[str, str]:
    """Name key → the article's person: full names, and surnames of the people with more than one word."""
    keys: dict[str, str] = {}
    for person in people:
        keys.setdefault(name_key(person), person)
    for person in people:
        parts = person.split()
        if len(parts) > 1:
            keys.setdefault(name_key(parts[-1]), person)
    return keys


def learn(people: dict[str, str], speaker: str) -> None:
    """A full name heard as a speaker also resolves its surname later in the article."""
    parts = speaker.split()
    if len(parts) > 1 and speaker[:1].isupper():
        people.setdefault(name_key(speaker), speaker)
        surname = name_key(parts[-1])
        if len(people.get(surname, "").split()) < len(parts):
            people[surname] = speaker


def resolve(raw: str | None, last_speaker: str | None, people: dict[str, str]) -> str | None:
    """The person a speaker as written stands for: pronouns the last speaker, surnames the full name."""
    if raw is None:
        return None
    if raw.lower() == IMPERSONAL:
        return None
    if raw.lower() in PRONOUNS:
        return (
            last_speaker
            if raw.lower() in ("he", "she")
            else (last_speaker if raw.lower() == "they" else None)
        )
    key = name_key(raw)
    if key in people:
        return people[key]
    last_word = name_key(raw.split()[-1])
    known = people.get(last_word) if raw[:1].isupper() else None
    # a surname points to the full name; a fuller name than the one known stays as written
    return known if known and len(known.split()) >= len(raw.split()) else raw
