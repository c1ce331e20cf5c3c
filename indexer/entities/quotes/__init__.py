"""Direct quotes and who said them.

``extract_quotes`` walks the story paragraph by paragraph:

1. pair quotation marks (``marks``: curly by direction, straight by context),
   outermost pairs only; a quote left open at a paragraph's end continues
   only when the next paragraph opens with a mark (the multi-paragraph
   convention), otherwise the stray mark is ignored, so nothing swallows the story;
2. drop what is not speech (``marks.is_speech``): quoted names and titles
   ("Islamic State of Iraq and the Levant", "Shark Tank") and short scare
   quotes with no speech cue;
3. find the speaker in the quote's sentence (``attribution``): after it
   (', he said', ', said Ahmed al-Sharifi', ', Mamuzini told Diyaruna',
   ', according to X') or before it ('X said:', 'X told reporters', 'he
   said, adding that');
4. carry the speaker on: a second quote in the same paragraph, a
   continuation paragraph with no cue, and pronouns take the last named
   speaker; names resolve to the article's people (``speakers``: titles
   stripped, surnames to full names).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.article import Article, Quote
from indexer.entities.quotes.attribution import (
    CUE_WINDOW,
    Sentences,
    carried_speaker,
    last_named,
    named_speakers,
    speaker_of,
    transcript_speaker,
)
from indexer.entities.quotes.marks import QuoteSpan, is_speech, mask, quote_spans
from indexer.entities.quotes.speakers import learn, people_keys, resolve
from indexer.lexicon.grammar import PRONOUNS

__all__ = ["CUE_WINDOW", "FoundQuote", "QuoteSpan", "extract_quotes", "find_quotes", "quote_spans"]


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
    people = people_keys(article.people)
    quotes: list[FoundQuote] = []
    last_speaker: str | None = None
    carried: str | None = None  # an open quote or a "X said:" introduction carried into the next paragraph
    for index, paragraph in enumerate(paragraphs):
        following = paragraphs[index + 1] if index + 1 < len(paragraphs) else ""
        spans = quote_spans(paragraph)
        masked = mask(paragraph, spans)
        sentences = Sentences(masked)
        previous_in_paragraph: str | None = transcript_speaker(paragraph)
        for number, span in enumerate(spans):
            if not span.closed and not re.match(r"\s*[\"“]", following):
                continue  # a stray mark: never read the rest as a quote
            text = paragraph[span.start : span.end].strip()
            said_by = transcript_speaker(text) or speaker_of(sentences, span)
            if said_by is None and number == 0 and span.start <= 1 and carried:
                said_by = carried
            if said_by is None and previous_in_paragraph:
                said_by = previous_in_paragraph
            if said_by is None:
                said_by = last_named(masked, span.start)
            if not is_speech(text, said_by):
                continue
            # only a pronoun needs the speaker before it: looked up for pronouns alone
            recent = last_named(masked, span.start) if said_by and said_by.lower() in PRONOUNS else None
            speaker = resolve(said_by, recent or last_speaker, people)
            quotes.append(FoundQuote(index, span.start, span.end, text, said_by, speaker))
            previous_in_paragraph = said_by or previous_in_paragraph
            if speaker and said_by and said_by.lower() not in PRONOUNS and speaker[:1].isupper():
                last_speaker = speaker
                learn(people, speaker)
        named = named_speakers(masked, 0, len(masked))
        if named:
            last_speaker = resolve(named[-1], last_speaker, people) or last_speaker
            if last_speaker:
                learn(people, last_speaker)
        carried = carried_speaker(paragraph, spans, masked, previous_in_paragraph)
    return quotes
