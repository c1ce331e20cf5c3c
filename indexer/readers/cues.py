"""Classifiers for the lines of a plain-text news article.

Each function looks at the *shape* of one line or block — its length, its
punctuation, a leading "By", a bracketed photo credit — rather than at any
one site's exact strings, so the same reader copes with other archives.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from indexer.lexicon.bylines import BYLINE_SPLIT
from indexer.lexicon.names import SIGNATURE_NAME

SENTENCE_END = re.compile(r"[.!?:;,\"'”’)\]…]$")
_NAME = SIGNATURE_NAME

# A comment thread opens with a count ("12 Comments", "1 Comment(s)",
# "Comments (3)") or a form heading ("Leave a reply", "Comment policy").
COMMENT_HEADER = re.compile(
    r"""^(?:\d+\s+(?:reader\s+)?comments?(?:\s*\(s\))?
        |(?:reader\s+|user\s+)?comments?\s*(?:\(\d+\))?:?
        |leave\s+a\s+(?:comment|reply)\b.*
        |comment\s+policy\b.*
        |join\s+the\s+(?:discussion|conversation)\b.*)$""",
    re.IGNORECASE | re.VERBOSE,
)

# Page furniture that survives a copy-paste of a web page: reader polls,
# share buttons, comment-form residue, ads.
BOILERPLATE = re.compile(
    r"""^(?:(?:do|did)\s+you\s+(?:like|enjoy|find)\b.*\?
        |was\s+this\s+(?:article|story|page)\s+(?:helpful|useful)\b.*
        |(?:share|print|email|tweet|save)(?:\s+this(?:\s+(?:article|story|page))?)?:?
        |(?:share\s+on|follow\s+us\s+on)\b.{0,40}
        |advertisements?|sponsored(?:\s+content)?
        |(?:related|recommended|more)\s+(?:articles|stories|content|news|from\b.*):?
        |read\s+more:?.{0,80}
        |click\s+here\b.{0,80}
        |.*\*?\s*denotes\s+required\s+fields?\b.*
        |\d+\s*/\s*\d+)$""",
    re.IGNORECASE | re.VERBOSE,
)

BYLINE = re.compile(r"^(?:written\s+|reporting\s+|story\s+)?by[:\s]\s*(?P<names>.+)$", re.IGNORECASE)
_BYLINE_TAIL = re.compile(r"\s*(?:\||·|•|—|–| - ).*$")

# Photo captions carry a credit: "[Photo courtesy of X]", "(Photo: X)",
# "Photo: X", "Image copyright X", "File photo".
CAPTION = re.compile(
    r"""(?:[\[(]\s*(?:photo|image|picture|file\s+photo|credit)\b[^\])]*[\])]\s*$
        |^(?:photo|image|picture|caption|file\s+photo)\s*(?:credit)?\s*:
        |^image\s+(?:copyright|caption)\b)""",
    re.IGNORECASE | re.VERBOSE,
)

# The date a dateline may carry: "1996-08-22", "Feb 26", "August 22, 1996".
_MONTH = r"(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]{0,6}\.?"
_DATELINE_DATE = rf"\d{{4}}-\d{{2}}-\d{{2}}|{_MONTH}\s+\d{{1,2}}(?:,\s*\d{{4}})?(?!\d)"

# "MOSUL, Iraq (Reuters) - ...", "LONDON — ...", "HOUSTON, Feb 26 (Reuters) - ...":
# an upper-case place name opening the first paragraph, closed by a dash; or a
# paragraph that is only a place and its date ("NEW YORK 1996-08-22", a wire's own line).
DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'’ -]{1,40}[A-Z.]"
    rf"(?:,\s*(?!(?:{_MONTH})\s+\d)[A-Z][\w.' ]{{1,30}}?)?)"
    rf"(?:,?\s+(?P<date>{_DATELINE_DATE}))?\s*"
    r"(?:\((?P<agency>[A-Za-z][\w .&-]{0,30})\)\s*)?"
    r"(?:[-–—]{1,2}\s+|(?<=\d)\s*$)"
)


class Dateline(NamedTuple):
    place: str
    agency: str | None
    date: str | None  # as written ("1996-08-22", "Feb 26")


SIGNATURE = re.compile(rf"^(?P<author>{_NAME})(?:\s*[,(]\s*(?P<location>{_NAME})\)?)?$")
_SIGNED_TEXT = re.compile(
    rf"^(?P<text>.*?[.!?\"”’)])\s+[-–—]?\s*(?P<author>{_NAME})(?:,\s*(?P<location>{_NAME}))?$"
)

# The outlet an article's interviewees speak to ("he told Diyaruna",
# "told the BBC").
_TOLD_OUTLET = re.compile(
    # an inner capital, digit or hyphen (BBC, Al-Monitor) looked ahead for, the word then taken
    # whole: "[\w-]*[A-Z\d-][\w-]*" tried every split of a long word, quadratic in its length
    r"\b(?:told|tell|tells|telling)\s+(?P<outlet>(?:the\s+)?[A-Z](?=[\w-]*?[A-Z\d-])[\w-]*+(?<![A-Z]s)"
    r"|(?:the\s+)?[A-Z][a-z]+)"
    r"(?=[.,;:\"'”’]|\s+(?:that|on|in|news|newspaper|television|radio|he|she|they|it)\b|$)"
)


# A wire service's sign-off closing a story ("… costs.  REUTER"): not story text.
_SIGN_OFF = re.compile(r"(?:^|(?<=[.!?\"”’)])\s+)[A-Z]{2,8}\W{0,3}$")


def without_sign_off(paragraph: str) -> str:
    """The paragraph without a closing sign-off; empty if that was all of it."""
    return _SIGN_OFF.sub("", paragraph).rstrip()


def word_count(text: str) -> int:
    return len(text.split())


def is_boilerplate(line: str) -> bool:
    return bool(BOILERPLATE.match(line.strip()))


def is_comment_header(line: str) -> bool:
    return bool(COMMENT_HEADER.match(line.strip()))


def is_caption(block: str) -> bool:
    return bool(CAPTION.search(block))


def is_label(block: str) -> bool:
    """A kicker: a few capitalised words naming a desk or topic ("Iraq News")."""
    words = block.split()
    return (
        is_title_like(block, max_words=4)
        and all(w[0].isupper() or w in _LABEL_SMALL_WORDS for w in words)
        and words[0][0].isupper()
    )


_LABEL_SMALL_WORDS = frozenset({"and", "of", "&", "the", "in", "on", "for", "-", "|"})


def is_title_like(block: str, max_words: int = 25) -> bool:
    """One line, short, not closed like a sentence: a headline or kicker."""
    return (
        "\n" not in block
        and 0 < word_count(block) <= max_words
        and not re.search(r"[.,;:\"”]$", block)
        and not BYLINE.match(block)
    )


def is_paragraph(block: str) -> bool:
    return bool(SENTENCE_END.search(block)) or word_count(block) >= 15


def is_heading(block: str) -> bool:
    """A short line opening a section: capitalised, unpunctuated, not a number."""
    return (
        "\n" not in block
        and 1 <= word_count(block) <= 8
        and len(block) <= 70
        and block[0].isupper()
        and not SENTENCE_END.search(block)
        and not block.rstrip("?!").endswith("?")
        and any(ch.isalpha() for ch in block)
    )


def byline_names(block: str) -> list[str] | None:
    """The authors of a "By X and Y" line, or None when it is not a byline."""
    match = BYLINE.match(block.strip())
    if not match or word_count(block) > 14:
        return None
    names_part = _BYLINE_TAIL.sub("", match["names"]).strip()
    names = [n.strip() for n in BYLINE_SPLIT.split(names_part) if n.strip()]
    if not names or not all(re.match(_NAME + "$", n) for n in names):
        return None
    return names


def dateline_of(paragraph: str) -> Dateline | None:
    """The opening dateline of a lede: its place, and the agency and date named in it, if any."""
    match = DATELINE.match(paragraph)
    if not match:
        return None
    return Dateline(match["place"].strip(), match["agency"], match["date"])


def split_signature(text: str) -> tuple[str, str | None, str | None]:
    """Split a reader comment into (text, author, location) by its signature."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) > 1:
        last = lines[-1].lstrip("-–— ")
        signed = SIGNATURE.match(last)
        if signed and word_count(last) <= 7:
            return " ".join(lines[:-1]), signed["author"], signed["location"]
    joined = " ".join(lines)
    signed = _SIGNED_TEXT.match(joined)
    if signed:
        return signed["text"].strip(), signed["author"], signed["location"]
    return joined, None, None


def outlet_told(paragraphs: list[str]) -> str | None:
    """The outlet interviewees are said to have "told", when it recurs."""
    counts: dict[str, int] = {}
    for paragraph in paragraphs:
        for match in _TOLD_OUTLET.finditer(paragraph):
            outlet = re.sub(r"^the\s+", "", match["outlet"])
            counts[outlet] = counts.get(outlet, 0) + 1
    if not counts:
        return None
    outlet, count = max(counts.items(), key=lambda item: item[1])
    return outlet if count >= 2 else None
