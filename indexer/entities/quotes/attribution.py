"""Attribution: who a quote's sentence says spoke it.

After the quote (', he said', ', said Ahmed al-Sharifi', ', Mamuzini told
Diyaruna', ', according to X'), else before it ('X said:', 'X told
reporters', 'he said, adding that'), else the sentence's subject; an
interview transcript's 'NAME: …' and a signature ('― Name') sign a quote.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from indexer.entities.quotes.marks import QuoteSpan
from indexer.entities.quotes.speakers import IMPERSONAL, NAME, speaker_phrase
from indexer.lexicon.grammar import (
    AFFILIATION_PREPOSITIONS,
    AUXILIARIES,
    BETWEEN_SUBJECT_AND_VERB,
    CLAUSE_WORDS,
    INTRODUCTION_OPENERS,
    IRREGULAR_PAST,
    NEXT_CLAUSE_CONJUNCTIONS,
    NOT_SPEECH_AFTER_QUOTE,
    PRONOUNS,
    SUBJECT_OPENERS,
)
from indexer.lexicon.names import ABBREVIATIONS
from indexer.lexicon.patterns import one_of, trie
from indexer.lexicon.speech import INVERTING_VERBS, OPENING_VERBS, SPEECH_PHRASES, SPEECH_VERBS

_SPEECH_VERB = trie(SPEECH_VERBS | SPEECH_PHRASES)
SPEECH = re.compile(rf"\b(?:{_SPEECH_VERB})\b")
_INVERTING_VERB = trie(INVERTING_VERBS)
_INVERTING = re.compile(_INVERTING_VERB)
# A dot after an abbreviation or an initial ends no sentence. "U.S" and "U.N" are kept as they
# always were, their dot unescaped, so "UPS." ends no sentence either: a known defect, kept
# while this module is reshaped without a change of behaviour.
_NOT_AFTER_ABBREVIATION = "".join(
    rf"(?<!\b{a})" for a in [*map(re.escape, sorted(ABBREVIATIONS)), "U.S", "U.N", "[A-Z]"]
)
# the mark looked ahead for first: the lookbehinds, tried at every character, cost more than the test
_SENTENCE_END = re.compile(rf"(?=[.!?]){_NOT_AFTER_ABBREVIATION}[.!?][\"”]?(?=\s+[A-Z“\"]|\s*$)")

# How far from a quote its cues are read. Real sentences and paragraphs are shorter
# (PolNeAR's longest paragraph has 2,573 characters); without a bound, each quote of a
# paragraph of thousands re-read all the text before it: quadratic time.
CUE_WINDOW = 2_000


class Sentences:
    """A masked paragraph's sentence ends, found once for all its quotes."""

    def __init__(self, masked: str) -> None:
        self.masked = masked
        ends = list(_SENTENCE_END.finditer(masked))
        self.starts = [m.start() for m in ends]
        self.ends = [m.end() for m in ends]

    def bounds(self, start: int, end: int) -> tuple[int, int]:
        """The sentence around a quote, at most ``CUE_WINDOW`` characters either side of it."""
        limit = max(0, start - 1)
        before = bisect_right(self.ends, limit)
        left = self.ends[before - 1] if before else 0
        # read as the text before the quote alone: a full stop right before its mark ends a sentence
        for match in _SENTENCE_END.finditer(self.masked, max(0, limit - 8), limit):
            left = max(left, match.end())
        after = bisect_left(self.starts, end + 1)
        right = self.ends[after] if after < len(self.ends) else len(self.masked)
        return max(left, _word_start(self.masked, limit - CUE_WINDOW)), min(right, end + 1 + CUE_WINDOW)


def _word_start(text: str, position: int) -> int:
    """The first word start at or after position (0 for a position before the text)."""
    if position <= 0:
        return 0
    space = text.find(" ", position)
    return len(text) if space < 0 else space + 1


def transcript_speaker(paragraph: str) -> str | None:
    """'PENCE: …' or 'Wallace: …' opening a paragraph of an interview transcript."""
    match = re.match(r"^(?P<who>[A-Z][A-Za-z.'’ -]{1,40}?):\s", paragraph)
    if match and len(match["who"].split()) <= 4 and match["who"].split()[0].lower() not in CLAUSE_WORDS:
        return match["who"].title() if match["who"].isupper() else match["who"]
    return None


def speaker_of(sentences: Sentences, span: QuoteSpan) -> str | None:
    """Who the quote's sentence says spoke it: after the quote first, then before it."""
    masked = sentences.masked
    left, right = sentences.bounds(span.start, span.end)
    if span.closed:
        who = _speaker_after(masked[span.end + 1 : right])
        if who:
            return who
    before = masked[left : max(left, span.start - 1)]
    who = speaker_before(before) or _label(before)
    if who:
        return who
    subject = _sentence_subject(before)
    return subject if subject != IMPERSONAL else None  # "It was a "mistake"": no one speaks


_LABEL = re.compile(rf"^(?:.*[—–-]\s+)?(?:[\w.]+\s+){{0,4}}?(?P<who>{NAME})(?:\s*\([^)]*\))?\s*:\s*$")


def _label(before: str) -> str | None:
    """'Rep. Trey Gowdy (R-S.C.): "…"', 'TURNOUT IN IOWA - Michael McDonald: "…"': a name labels the quote."""
    match = _LABEL.match(before.strip())
    return speaker_phrase(match["who"]) if match else None


def _speaker_after(after: str) -> str | None:
    """', he said', ', union leader Tomas Reyes said', ', said Ahmed al-Sharifi', ', according to X'."""
    signed = re.match(rf"^\s*[―—–-]+\s*(?P<who>{NAME})", after)
    if signed:
        return speaker_phrase(signed["who"])
    verb = SPEECH.search(after[:200])  # the same first verb, where it can count: at most 120 in
    if not verb or verb.start() > 120:
        return _subject_after(after)
    between = after[: verb.start()]
    leading = re.match(rf"^[\s,]*(?P<who>{NAME})\s*,", between)
    if leading and not _NEXT_CLAUSE.match(between):  # '"…," Harry Bond, 30, of Raleigh, N.C., said'
        who = speaker_phrase(leading["who"])
        if who:
            return who
    if _NEXT_CLAUSE.search(between) or re.search(r"\band\s*$", between):
        return _subject_after(after)  # '"…," but he said that …': the cue of the next clause
    who = speaker_phrase(between.strip(" ,;—–-"))
    if who:
        return who
    if _INVERTING.fullmatch(verb.group()):
        clause = re.split(r"[.,;:!?\"“”]", after[verb.end() :], maxsplit=1)[0]
        return speaker_phrase(_name_before_affiliation(clause))
    return _subject_after(after)


# '"…," but he said that …', '"…" to the test and warned': a conjunction opens another clause
_NEXT_CLAUSE = re.compile(rf"(?:^\W*|,\s*)(?:{one_of(NEXT_CLAUSE_CONJUNCTIONS)})\b")
_AFFILIATION = re.compile(rf"\s(?:{one_of(AFFILIATION_PREPOSITIONS)})\s")


def _name_before_affiliation(clause: str) -> str:
    """'Cameron Easley for Morning Consult' → 'Cameron Easley': who spoke, not where they work."""
    return _AFFILIATION.split(clause, maxsplit=1)[0]


_AFTER_SUBJECT = re.compile(
    # possessive spaces: "\s*,?\s*" split a run of blanked quote text every way
    rf"^\s*+,?\s*+(?P<who>{NAME}|he|she|they|we|I)\s+(?:[a-z]+ly\s+)?(?P<verb>[a-z]+(?:ed|s))\b"
)


def _subject_after(after: str) -> str | None:
    """'"…," Blige sings to Clinton': a name and its verb right after the quote, whatever the verb."""
    match = _AFTER_SUBJECT.match(after)
    if not match or match["verb"] in NOT_SPEECH_AFTER_QUOTE:
        return None
    if match["who"].lower() in PRONOUNS and not match["verb"].endswith("ed"):
        return None  # '"…," she elaborated': a pronoun only with a past tense
    return speaker_phrase(match["who"])


def speaker_before(before: str) -> str | None:
    """'Lena Okafor said:', 'said Caddell:', 'he said, adding that': the nearest cue that names someone."""
    opening = _OPENING_VERB.search(before)
    if opening:
        return speaker_phrase(opening["who"])
    for verb in reversed(list(SPEECH.finditer(before))):
        if _shares_subject(before[: verb.start()], verb.group()):
            # "Trump attacked Clinton over Libya, saying", "… and said": the sentence's subject speaks
            who = _sentence_subject(before[: verb.start()])
            if who:
                return who
        if _INVERTING.fullmatch(verb.group()):
            following = re.split(r"[.,;:!?]", before[verb.end() :], maxsplit=1)[0]
            if re.fullmatch(rf"\s*{NAME}\s*", following) and not re.search(r"['’]s\s*$", following):
                return speaker_phrase(following)
        clause = re.split(r"[,;:(—–\"“”]", before[: verb.start()])[-1]
        words = _without_adverbs(clause.split())[-8:]
        if not words:  # "Kerr Putney, the police chief, said": the name before its apposition
            words = before[: verb.start()].split()[-16:]
        who = speaker_phrase(" ".join(words))
        if who:
            return who
    return None


def _shares_subject(before_verb: str, verb: str) -> bool:
    """', saying', 'by saying', '… and said': a verb whose subject is the sentence's."""
    if verb.endswith("ing"):
        return bool(re.search(r"(?:,|\b(?:by|before|after|while|when))\s*$", before_verb))
    return bool(re.search(r"\band\s*$", before_verb))


# "Said Ellis: …": a sentence that opens with its verb
_OPENING_VERB = re.compile(
    rf"(?:^|[.!?]\s+)(?:{one_of(OPENING_VERBS)})\s+(?P<who>{NAME})(?:,[^.!?]{{0,120}})?\s*[:,]?\s*$"
)


def _without_adverbs(words: list[str]) -> list[str]:
    while words and (
        words[-1].lower() in BETWEEN_SUBJECT_AND_VERB or re.fullmatch(r"[a-z]{3,}ly", words[-1])
    ):
        words = words[:-1]
    return words


# "Cruz exhorted Republicans to "vote your conscience"": with no speech verb,
# the quote still belongs to who the sentence is about.
_INTRODUCTION = re.compile(rf"^\s*(?:{one_of(INTRODUCTION_OPENERS)}|[A-Z][a-z]+ing)\b[^,]{{0,80}},\s*")
_SUBJECT_START = re.compile(
    rf"^\s*(?:(?:{one_of(SUBJECT_OPENERS)})\b[^,]{{0,80}},\s*)?"
    rf"(?:[A-Z][a-z]+\s+){{0,3}}?(?:,\s*)?(?P<who>{NAME}|He|She|They|We|I)\b(?![-’'])"
)


def _sentence_subject(before: str) -> str | None:
    """A name opening the sentence, else the words before its first verb ('Senator Ann Lee chimed')."""
    match = _SUBJECT_START.match(before)
    if match and re.match(r"\s+(?:[a-z]+ly\s+)?[a-z]+(?:ed|s)\b", before[match.end() :]):
        who = speaker_phrase(match["who"])
        if who:
            return who
    words = _INTRODUCTION.sub("", before, count=1).split()
    for i, word in enumerate(words[:20]):
        if i and _looks_like_verb(word.strip(",;:"), words[i - 1]):
            subject = _without_adverbs(words[:i])
            return speaker_phrase(" ".join(subject)) if subject else None
    return None


def _looks_like_verb(word: str, previous: str) -> bool:
    if not word.isalpha() or not word.islower():
        return False
    if word in AUXILIARIES or word in IRREGULAR_PAST or word.endswith("ed") or SPEECH.fullmatch(word):
        return True
    # "Trump says", "she still insists": a present tense after its subject, not a plural noun
    after_subject = previous[:1].isupper() or previous.lower() in PRONOUNS or previous.endswith("ly")
    return word.endswith("s") and not previous.endswith(",") and after_subject


def last_named(masked: str, end: int) -> str | None:
    """'…, Schiff said. "The other factor…"': the paragraph's last speaker before the quote."""
    named = named_speakers(masked, _word_start(masked, end - CUE_WINDOW), end)
    return named[-1] if named else None


_INVERTED_SPEAKER = re.compile(rf"(?:{_INVERTING_VERB})\s+(?P<who>[^.,;:!?]{{0,100}}?)(?=[.,;:!?]|$)")
_NAME_SPEAKING = re.compile(rf"(?P<who>{NAME})\s+(?:{_SPEECH_VERB})\b")


def named_speakers(masked: str, start: int, end: int) -> list[str]:
    """Named people who speak in masked[start:end], direct or indirect ('… said Sheikh X')."""
    found: list[str] = []
    for match in _INVERTED_SPEAKER.finditer(masked, start, end):
        who = speaker_phrase(match["who"])
        if who and who[:1].isupper():
            found.append(who)
    for match in _NAME_SPEAKING.finditer(masked, start, end):
        who = speaker_phrase(match["who"])
        if who and who[:1].isupper():
            found.append(who)
    return found


def carried_speaker(
    paragraph: str, spans: list[QuoteSpan], masked: str, last_in_paragraph: str | None
) -> str | None:
    """Who speaks on into the next paragraph: an unclosed quote's speaker or 'X continued:'."""
    if spans and not spans[-1].closed:
        return last_in_paragraph
    if paragraph.rstrip().endswith(":"):
        return speaker_before(masked.rstrip()[:-1])
    # the next paragraph, if it opens with a quote and names no one, goes on with this speaker
    return last_in_paragraph if spans else None
