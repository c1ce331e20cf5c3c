"""Direct quotes and who said them.

``extract_quotes`` walks the story paragraph by paragraph:

1. pair quotation marks (curly by direction, straight by context), outermost
   pairs only; a quote left open at a paragraph's end continues only when
   the next paragraph opens with a mark (the multi-paragraph convention),
   otherwise the stray mark is ignored, so nothing swallows the story;
2. drop what is not speech: quoted names and titles ("Islamic State of Iraq
   and the Levant", "Shark Tank") and short scare quotes with no speech cue;
3. find the speaker in the quote's sentence: after it (', he said',
   ', said Ahmed al-Sharifi', ', Mamuzini told Diyaruna', ', according to X')
   or before it ('X said:', 'X told reporters', 'he said, adding that');
4. carry the speaker on: a second quote in the same paragraph, a
   continuation paragraph with no cue, and pronouns take the last named
   speaker; names resolve to the article's people (titles stripped,
   surnames to full names).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Any

from indexer.article import Article, Quote
from indexer.dates import CALENDAR_WORDS
from indexer.entities.names import name_key
from indexer.lexicon.names import TITLES

SPEECH_VERBS = (
    "said|says|say|saying|told|tells|tell|telling|added|adds|adding|explained|explains|noted|notes|stated|"
    "asked|asks|replied|replies|continued|continues|insisted|insists|argued|argues|warned|warns|wrote|writes|"
    "tweeted|tweets|declared|declares|claimed|claims|recalled|recalls|acknowledged|announced|announces|"
    "conceded|concedes|emphasised|emphasized|stressed|stresses|remarked|observed|suggested|suggests|admitted|admits|"
    "complained|joked|jokes|predicted|promised|urged|urges|vowed|vows|concluded|answered|responded|"
    "commented|quipped|posted|cautioned|shouted|yelled|testified|countered|boasted|lamented|mused|"
    "pointed out|went on|goes on|according to|According to|read|reads|"
    "reported|reports|described|describes|called|calls|"
    "thundered|whispered|laughed|sighed|agreed|agrees|disagreed|confirmed|confirms|denied|denies|"
    "assured|proclaimed|pleaded|explained|emailed|texted|messaged|wondered|asserted|asserts|maintained|"
    "asking|noting|writing|arguing|explaining|warning|insisting|claiming|declaring|stating|replying|"
    "responding|tweeting|shot back|fired back|hit back"
)


def _trie(words: str) -> str:
    """A pattern for any of the |-separated words, with shared beginnings factored out:
    Python's re tries the branches of a plain a|b|c one by one at every position."""
    tree: dict[str, Any] = {}
    for word in words.split("|"):
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here

    def pattern(node: dict[str, Any]) -> str:
        branches = [re.escape(char) + pattern(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
        return f"(?:{body})?" if "" in node else body

    return pattern(tree)


_SPEECH_VERB = _trie(SPEECH_VERBS)
_SPEECH = re.compile(rf"\b(?:{_SPEECH_VERB})\b")
# Starts where a word starts and is as long as a real name's word: a pattern that could
# start at every capital of a 100,000-letter token and run to its end took quadratic time.
_NAME_WORD = (
    r"(?<![\w'’])(?:[A-Z][\w'’.-]{0,50}"
    r"|(?:al|el|ar|as|ad|an|ash|bin|ibn|abu|de|van|von|da|di|bint)[-\s][A-Z][\w'’-]{0,50})"
)
_NAME = rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,4}}"
# Verbs that invert ("said X"); "told X" names the listener, not the speaker.
INVERTING_VERBS = SPEECH_VERBS.replace("told|tells|tell|telling|", "").replace("|called|calls|", "|")
_INVERTING_VERB = _trie(INVERTING_VERBS)
_INVERTING = re.compile(_INVERTING_VERB)
_ABBREVIATIONS = "".join(
    rf"(?<!\b{a})"
    for a in (
        "Mr",
        "Mrs",
        "Ms",
        "Dr",
        "St",
        "Sen",
        "Rep",
        "Gov",
        "Gen",
        "Lt",
        "Col",
        "Sgt",
        "Capt",
        "Jr",
        "Sr",
        "Prof",
        "Rev",
        "No",
        "Inc",
        "Co",
        "Corp",
        "Ltd",
        "Ft",
        "Mt",
        "U.S",
        "U.N",
        "[A-Z]",
    )
)
_SENTENCE_END = re.compile(rf"{_ABBREVIATIONS}[.!?][\"”]?(?=\s+[A-Z“\"]|\s*$)")
_SMALL_WORDS = frozenset(
    {"of", "and", "the", "a", "an", "in", "on", "for", "to", "at", "by", "de", "al", "&"}
)
_PRONOUNS = frozenset({"he", "she", "they", "i", "we"})
# "it added": an outlet or a document speaks; read, but never resolved to a person
_IMPERSONAL = "it"
# Capitalised words that open a clause, never a speaker's name.
_CLAUSE_WORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "but",
        "or",
        "so",
        "yet",
        "when",
        "while",
        "though",
        "although",
        "if",
        "as",
        "after",
        "before",
        "since",
        "because",
        "once",
        "in",
        "on",
        "at",
        "for",
        "from",
        "with",
        "by",
        "to",
        "of",
        "this",
        "that",
        "these",
        "those",
        "there",
        "here",
        "it",
        "its",
        "his",
        "her",
        "their",
        "our",
        "my",
        "your",
        "today",
        "yesterday",
        "tomorrow",
    ]
)
_CLAUSE_WORDS |= CALENDAR_WORDS | {
    *["according", "however", "meanwhile", "still", "also", "even", "instead", "democratic", "republican"],
    *[
        "during",
        "following",
        "despite",
        "amid",
        "under",
        "over",
        "about",
        "against",
        "among",
        "through",
        "without",
        "within",
        "into",
        "upon",
    ],
}
_DETERMINERS = frozenset(
    {"the", "a", "an", "one", "another", "his", "her", "their", "its", "some", "two", "three"}
)
_NOT_SPEAKERS = frozenset(
    {"it", "this", "that", "which", "who", "what", "there", "here", "report", "reports"}
)


@dataclass(slots=True)
class QuoteSpan:
    start: int  # of the text inside the marks
    end: int
    closed: bool


def quote_spans(paragraph: str) -> list[QuoteSpan]:
    """Outermost quoted spans; a span left open runs to the paragraph's end (closed=False)."""
    stack: list[int] = []
    spans: list[QuoteSpan] = []
    for match in re.finditer(r"[\"“”]", paragraph):
        position, mark = match.start(), match.group()
        if _is_opening(paragraph, position, mark, bool(stack)):
            stack.append(position)
        elif stack:
            opened = stack.pop()
            if not stack:
                spans.append(QuoteSpan(opened + 1, position, True))
    if stack:
        spans.append(QuoteSpan(stack[0] + 1, len(paragraph), False))
    return spans


def _is_opening(text: str, position: int, mark: str, inside: bool) -> bool:
    before = text[position - 1] if position else " "
    after = text[position + 1] if position + 1 < len(text) else " "
    if mark == "“":  # a curly mark says its direction, unless typed the wrong way round
        return not (before.isalnum() or before in ".,;:!?") or not (after.isspace() or after in ".,;:!?)")
    if mark == "”":  # typed the wrong way round: opens a paragraph, or a word after a space
        return (position == 0 or (before.isspace() and after.isalnum())) and not inside
    if inside:
        # 'defeats ", Mamuzini said': a close mark may follow a space
        return before.isspace() and after.isalnum()
    return not ((before.isalnum() or before in ".,;:!?") and (after.isspace() or after in ".,;:!?)"))


@dataclass(frozen=True, slots=True)
class FoundQuote:
    paragraph: int
    start: int
    end: int
    text: str
    said_by: str | None  # as the text names them ("he", "Mamuzini", "the source")
    speaker: str | None  # resolved: the article's canonical person where there is one


def extract_quotes(article: Article) -> None:
    article.quotes = [Quote(text=q.text, speaker=q.speaker) for q in find_quotes(article)]


def find_quotes(article: Article) -> list[FoundQuote]:
    paragraphs = [p for s in article.sections for p in s.paragraphs]
    people = _people_keys(article.people)
    quotes: list[FoundQuote] = []
    last_speaker: str | None = None
    carried: str | None = None  # an open quote or a "X said:" introduction carried into the next paragraph
    for index, paragraph in enumerate(paragraphs):
        following = paragraphs[index + 1] if index + 1 < len(paragraphs) else ""
        spans = quote_spans(paragraph)
        masked = _mask(paragraph, spans)
        sentences = _Sentences(masked)
        previous_in_paragraph: str | None = _transcript_speaker(paragraph)
        for number, span in enumerate(spans):
            if not span.closed and not re.match(r"\s*[\"“]", following):
                continue  # a stray mark: never read the rest as a quote
            text = paragraph[span.start : span.end].strip()
            said_by = _transcript_speaker(text) or _attribution(sentences, span)
            if said_by is None and number == 0 and span.start <= 1 and carried:
                said_by = carried
            if said_by is None and previous_in_paragraph:
                said_by = previous_in_paragraph
            if said_by is None:
                said_by = _last_named(masked, span.start)
            if not _is_speech(text, said_by):
                continue
            # only a pronoun needs the speaker before it: looked up for pronouns alone
            recent = _last_named(masked, span.start) if said_by and said_by.lower() in _PRONOUNS else None
            speaker = _resolve(said_by, recent or last_speaker, people)
            quotes.append(FoundQuote(index, span.start, span.end, text, said_by, speaker))
            previous_in_paragraph = said_by or previous_in_paragraph
            if speaker and said_by and said_by.lower() not in _PRONOUNS and speaker[:1].isupper():
                last_speaker = speaker
                _learn(people, speaker)
        named = _named_speakers(masked, 0, len(masked))
        if named:
            last_speaker = _resolve(named[-1], last_speaker, people) or last_speaker
            if last_speaker:
                _learn(people, last_speaker)
        carried = _carried_speaker(paragraph, spans, masked, previous_in_paragraph)
    return quotes


def _transcript_speaker(paragraph: str) -> str | None:
    """'PENCE: …' or 'Wallace: …' opening a paragraph of an interview transcript."""
    match = re.match(r"^(?P<who>[A-Z][A-Za-z.'’ -]{1,40}?):\s", paragraph)
    if match and len(match["who"].split()) <= 4 and match["who"].split()[0].lower() not in _CLAUSE_WORDS:
        return match["who"].title() if match["who"].isupper() else match["who"]
    return None


_ABBREVIATION_DOT = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|Rep|Reps|Sen|Sens|Gov|Gen|Lt|Col|Sgt|Capt|Jr|Sr|Prof|Rev|St|Ft|Mt|[A-Z])\.(?=[\s,)A-Z-])"
)


def _mask(paragraph: str, spans: list[QuoteSpan]) -> str:
    """The paragraph with quoted text blanked, so cue words inside quotes are not read as cues.

    Abbreviation dots (Rep., D-Wis.) are blanked too, keeping every offset,
    so they do not end a sentence or a speaker's name.
    """
    chars = list(paragraph)
    for span in spans:
        # a quote's own full stop stays: '"… timing." Gov. McCrory said' is two sentences
        kept = span.end - 1 if span.closed and paragraph[span.end - 1 : span.end] in (".", "!", "?") else -1
        for i in range(span.start, span.end):
            if i != kept:
                chars[i] = " "
    for match in _ABBREVIATION_DOT.finditer(paragraph):
        chars[match.end() - 1] = " "
    return "".join(chars)


# How far from a quote its cues are read. Real sentences and paragraphs are shorter
# (PolNeAR's longest paragraph has 2,573 characters); without a bound, each quote of a
# paragraph of thousands re-read all the text before it: quadratic time.
CUE_WINDOW = 2_000


class _Sentences:
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


def _attribution(sentences: _Sentences, span: QuoteSpan) -> str | None:
    """Who the quote's sentence says spoke it: after the quote first, then before it."""
    masked = sentences.masked
    left, right = sentences.bounds(span.start, span.end)
    if span.closed:
        who = _speaker_after(masked[span.end + 1 : right])
        if who:
            return who
    before = masked[left : max(left, span.start - 1)]
    who = _speaker_before(before) or _label(before)
    if who:
        return who
    subject = _sentence_subject(before)
    return subject if subject != _IMPERSONAL else None  # "It was a "mistake"": no one speaks


_LABEL = re.compile(rf"^(?:.*[—–-]\s+)?(?:[\w.]+\s+){{0,4}}?(?P<who>{_NAME})(?:\s*\([^)]*\))?\s*:\s*$")


def _label(before: str) -> str | None:
    """'Rep. Trey Gowdy (R-S.C.): "…"', 'TURNOUT IN IOWA - Michael McDonald: "…"': a name labels the quote."""
    match = _LABEL.match(before.strip())
    return _speaker_phrase(match["who"]) if match else None


def _speaker_after(after: str) -> str | None:
    """', he said', ', union leader Tomas Reyes said', ', said Ahmed al-Sharifi', ', according to X'."""
    signed = re.match(rf"^\s*[―—–-]+\s*(?P<who>{_NAME})", after)
    if signed:
        return _speaker_phrase(signed["who"])
    verb = _SPEECH.search(after[:200])  # the same first verb, where it can count: at most 120 in
    if not verb or verb.start() > 120:
        return _subject_after(after)
    between = after[: verb.start()]
    leading = re.match(rf"^[\s,]*(?P<who>{_NAME})\s*,", between)
    if leading and not _NEXT_CLAUSE.match(between):  # '"…," Harry Bond, 30, of Raleigh, N.C., said'
        who = _speaker_phrase(leading["who"])
        if who:
            return who
    if _NEXT_CLAUSE.search(between) or re.search(r"\band\s*$", between):
        return _subject_after(after)  # '"…," but he said that …': the cue of the next clause
    who = _speaker_phrase(between.strip(" ,;—–-"))
    if who:
        return who
    if _INVERTING.fullmatch(verb.group()):
        clause = re.split(r"[.,;:!?\"“”]", after[verb.end() :], maxsplit=1)[0]
        return _speaker_phrase(_name_before_affiliation(clause))
    return _subject_after(after)


# '"…," but he said that …', '"…" to the test and warned': a conjunction opens another clause
_NEXT_CLAUSE = re.compile(r"(?:^\W*|,\s*)(?:but|and|while|although|though|whereas|because)\b")


def _name_before_affiliation(clause: str) -> str:
    """'Cameron Easley for Morning Consult' → 'Cameron Easley': who spoke, not where they work."""
    return re.split(r"\s(?:for|at|from|with|in|on|to|about)\s", clause, maxsplit=1)[0]


_AFTER_SUBJECT = re.compile(
    # possessive spaces: "\s*,?\s*" split a run of blanked quote text every way
    rf"^\s*+,?\s*+(?P<who>{_NAME}|he|she|they|we|I)\s+(?:[a-z]+ly\s+)?(?P<verb>[a-z]+(?:ed|s))\b"
)


def _subject_after(after: str) -> str | None:
    """'"…," Blige sings to Clinton': a name and its verb right after the quote, whatever the verb."""
    match = _AFTER_SUBJECT.match(after)
    if not match or match["verb"] in ("was", "is", "has", "does", "as", "us", "this", "its"):
        return None
    if match["who"].lower() in _PRONOUNS and not match["verb"].endswith("ed"):
        return None  # '"…," she elaborated': a pronoun only with a past tense
    return _speaker_phrase(match["who"])


def _speaker_before(before: str) -> str | None:
    """'Lena Okafor said:', 'said Caddell:', 'he said, adding that': the nearest cue that names someone."""
    opening = _OPENING_VERB.search(before)
    if opening:
        return _speaker_phrase(opening["who"])
    for verb in reversed(list(_SPEECH.finditer(before))):
        if _shares_subject(before[: verb.start()], verb.group()):
            # "Trump attacked Clinton over Libya, saying", "… and said": the sentence's subject speaks
            who = _sentence_subject(before[: verb.start()])
            if who:
                return who
        if _INVERTING.fullmatch(verb.group()):
            following = re.split(r"[.,;:!?]", before[verb.end() :], maxsplit=1)[0]
            if re.fullmatch(rf"\s*{_NAME}\s*", following) and not re.search(r"['’]s\s*$", following):
                return _speaker_phrase(following)
        clause = re.split(r"[,;:(—–\"“”]", before[: verb.start()])[-1]
        words = _without_adverbs(clause.split())[-8:]
        if not words:  # "Kerr Putney, the police chief, said": the name before its apposition
            words = before[: verb.start()].split()[-16:]
        who = _speaker_phrase(" ".join(words))
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
    rf"(?:^|[.!?]\s+)(?:Said|Says|Added|Asked|Wrote)\s+(?P<who>{_NAME})(?:,[^.!?]{{0,120}})?\s*[:,]?\s*$"
)
# "she still says", "Trump later told", "he has said": what stands between a subject and its verb
_BETWEEN_SUBJECT_AND_VERB = frozenset(
    [
        "also",
        "still",
        "later",
        "then",
        "again",
        "often",
        "once",
        "never",
        "even",
        "just",
        "only",
        "has",
        "had",
        "have",
        "would",
        "will",
        "could",
        "might",
        "may",
        "must",
        "should",
        "did",
        "does",
        "do",
        "was",
        "is",
    ]
)


def _without_adverbs(words: list[str]) -> list[str]:
    while words and (
        words[-1].lower() in _BETWEEN_SUBJECT_AND_VERB or re.fullmatch(r"[a-z]{3,}ly", words[-1])
    ):
        words = words[:-1]
    return words


# "Cruz exhorted Republicans to "vote your conscience"": with no speech verb,
# the quote still belongs to who the sentence is about.
_INTRODUCTION = re.compile(
    r"^\s*(?:In|On|At|During|After|Before|Earlier|Later|Meanwhile|However|But|And|Though|While|When|With|"
    r"Following|Since|Still|Yet|Then|Last|This|Next|Asked|Like|Unlike|Under|For|From|As|If|Once|Now|"
    r"Today|Instead|Indeed|Separately|Finally|[A-Z][a-z]+ing)\b[^,]{0,80},\s*"
)
_IRREGULAR_PAST = frozenset(
    [
        "made",
        "took",
        "gave",
        "got",
        "went",
        "came",
        "put",
        "sent",
        "began",
        "brought",
        "kept",
        "left",
        "held",
        "found",
        "saw",
        "thought",
        "spoke",
        "ran",
        "won",
        "lost",
        "met",
        "paid",
        "felt",
        "sang",
    ]
)
_AUXILIARIES = frozenset(
    ["is", "was", "has", "had", "have", "will", "would", "could", "can", "did", "does", "are", "were", "may"]
)


_SUBJECT_START = re.compile(
    rf"^\s*(?:(?:In|On|At|During|After|Before|Earlier|Later|Meanwhile|However|But|And|Though|While|When)\b[^,]{{0,80}},\s*)?"
    rf"(?:[A-Z][a-z]+\s+){{0,3}}?(?:,\s*)?(?P<who>{_NAME}|He|She|They|We|I)\b(?![-’'])"
)


def _sentence_subject(before: str) -> str | None:
    """A name opening the sentence, else the words before its first verb ('Senator Ann Lee chimed')."""
    match = _SUBJECT_START.match(before)
    if match and re.match(r"\s+(?:[a-z]+ly\s+)?[a-z]+(?:ed|s)\b", before[match.end() :]):
        who = _speaker_phrase(match["who"])
        if who:
            return who
    words = _INTRODUCTION.sub("", before, count=1).split()
    for i, word in enumerate(words[:20]):
        if i and _looks_like_verb(word.strip(",;:"), words[i - 1]):
            subject = _without_adverbs(words[:i])
            return _speaker_phrase(" ".join(subject)) if subject else None
    return None


def _looks_like_verb(word: str, previous: str) -> bool:
    if not word.isalpha() or not word.islower():
        return False
    if word in _AUXILIARIES or word in _IRREGULAR_PAST or word.endswith("ed") or _SPEECH.fullmatch(word):
        return True
    # "Trump says", "she still insists": a present tense after its subject, not a plural noun
    after_subject = previous[:1].isupper() or previous.lower() in _PRONOUNS or previous.endswith("ly")
    return word.endswith("s") and not previous.endswith(",") and after_subject


def _speaker_phrase(phrase: str) -> str | None:
    """The speaker in a phrase: its last name run, else a pronoun, else a short noun phrase."""
    phrase = " ".join(re.sub(r"\([^)]*\)", " ", phrase).split())
    clauses = [c.strip() for c in re.split(r"[,;:]", phrase) if c.strip()]
    # "Marc Morial, the chief executive of the League," — a name, then what he is
    # "Jenna Golden, Twitter's director of advertising," — an apposition may open with an owner
    appositions = all(not c[:1].isupper() or re.match(r"\S+['’]s\s+[a-z]", c) for c in clauses[1:])
    if len(clauses) > 1 and appositions and re.match(_NAME, clauses[0]):
        phrase = clauses[0]
    else:
        phrase = clauses[-1] if clauses else ""
    matches = [
        m
        for m in re.finditer(_NAME, phrase)
        if m.group().split()[0].lower() not in _NOT_SPEAKERS and not _shouted(m.group())
    ]
    named = [(m, _strip_titles(_drop_clause_words(m.group()))) for m in matches]
    named = [(m, n) for m, n in named if n and n.split()[0].lower() not in _PRONOUNS]
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
    pronoun = words[-1].lower() in _PRONOUNS or words[-1].lower() == _IMPERSONAL
    if pronoun and (len(words) == 1 or words[-2].lower() in _CLAUSE_WORDS):  # "Though she called"
        return words[-1].lower()
    if words[0].lower() in _NOT_SPEAKERS or words[-1].lower() in _NOT_SPEAKERS:
        return None
    # "the source", "a spokesman", "officials": a determiner or a plural role, nothing looser
    plural_role = len(words) <= 2 and words[-1].endswith("s") and words[0].lower() not in _CLAUSE_WORDS
    if (words[0].lower() in _DETERMINERS and len(words) > 1) or plural_role:
        return phrase
    return None


def _shouted(name: str) -> bool:
    """A dateline or a headline in capitals (FLINT, CONGRESS HAS…), not a speaker's name."""
    letters = [ch for ch in name if ch.isalpha()]
    return len(letters) > 3 and all(ch.isupper() for ch in letters)


def _drop_clause_words(name: str) -> str:
    words = name.split()
    while words and words[0].lower() in _CLAUSE_WORDS:
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


def _is_speech(text: str, speaker: str | None) -> bool:
    words = text.split()
    if not words:
        return False
    content = [w for w in words if w.lower().strip(",.") not in _SMALL_WORDS]
    titled = all(w[:1].isupper() or not w[:1].isalpha() for w in content)
    if titled and (not re.search(r"[.!?,]$", text) or len(words) <= 5) and len(words) <= 10:
        return False  # a quoted name or title ("Fox and Friends.", "Islamic State of Iraq and the Levant")
    if speaker is None:
        return len(words) >= 5 and bool(re.search(r"[.!?,]$", text))
    return True


def _last_named(masked: str, end: int) -> str | None:
    """'…, Schiff said. "The other factor…"': the paragraph's last speaker before the quote."""
    named = _named_speakers(masked, _word_start(masked, end - CUE_WINDOW), end)
    return named[-1] if named else None


_INVERTED_SPEAKER = re.compile(rf"(?:{_INVERTING_VERB})\s+(?P<who>[^.,;:!?]{{0,100}}?)(?=[.,;:!?]|$)")
_NAME_SPEAKING = re.compile(rf"(?P<who>{_NAME})\s+(?:{_SPEECH_VERB})\b")


def _named_speakers(masked: str, start: int, end: int) -> list[str]:
    """Named people who speak in masked[start:end], direct or indirect ('… said Sheikh X')."""
    found: list[str] = []
    for match in _INVERTED_SPEAKER.finditer(masked, start, end):
        who = _speaker_phrase(match["who"])
        if who and who[:1].isupper():
            found.append(who)
    for match in _NAME_SPEAKING.finditer(masked, start, end):
        who = _speaker_phrase(match["who"])
        if who and who[:1].isupper():
            found.append(who)
    return found


def _carried_speaker(
    paragraph: str, spans: list[QuoteSpan], masked: str, last_in_paragraph: str | None
) -> str | None:
    """Who speaks on into the next paragraph: an unclosed quote's speaker or 'X continued:'."""
    if spans and not spans[-1].closed:
        return last_in_paragraph
    if paragraph.rstrip().endswith(":"):
        return _speaker_before(masked.rstrip()[:-1])
    # the next paragraph, if it opens with a quote and names no one, goes on with this speaker
    return last_in_paragraph if spans else None


def _people_keys(people: list[str]) -> dict[str, str]:
    keys: dict[str, str] = {}
    for person in people:
        keys.setdefault(name_key(person), person)
    for person in people:
        parts = person.split()
        if len(parts) > 1:
            keys.setdefault(name_key(parts[-1]), person)
    return keys


def _learn(people: dict[str, str], speaker: str) -> None:
    """A full name heard as a speaker also resolves its surname later in the article."""
    parts = speaker.split()
    if len(parts) > 1 and speaker[:1].isupper():
        people.setdefault(name_key(speaker), speaker)
        surname = name_key(parts[-1])
        if len(people.get(surname, "").split()) < len(parts):
            people[surname] = speaker


def _resolve(raw: str | None, last_speaker: str | None, people: dict[str, str]) -> str | None:
    if raw is None:
        return None
    if raw.lower() == _IMPERSONAL:
        return None
    if raw.lower() in _PRONOUNS:
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
