"""Quotation marks: paired into quoted spans, blanked out of the text around them, and what they hold."""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.lexicon.grammar import TITLE_SMALL_WORDS
from indexer.lexicon.names import ABBREVIATIONS
from indexer.lexicon.patterns import one_of


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


_ABBREVIATION_DOT = re.compile(rf"\b(?:{one_of(ABBREVIATIONS)}|[A-Z])\.(?=[\s,)A-Z-])")


def mask(paragraph: str, spans: list[QuoteSpan]) -> str:
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


def is_speech(text: str, speaker: str | None) -> bool:
    """Not a quoted name or title, nor a short scare quote that no one speaks."""
    words = text.split()
    if not words:
        return False
    content = [w for w in words if w.lower().strip(",.") not in TITLE_SMALL_WORDS]
    titled = all(w[:1].isupper() or not w[:1].isalpha() for w in content)
    if titled and (not re.search(r"[.!?,]$", text) or len(words) <= 5) and len(words) <= 10:
        return False  # a quoted name or title ("Fox and Friends.", "Islamic State of Iraq and the Levant")
    if speaker is None:
        return len(words) >= 5 and bool(re.search(r"[.!?,]$", text))
    return True
