"""A web page's byline: the credits it declares, else the names in its byline elements."""

from __future__ import annotations

import re
from typing import Any

from bs4 import BeautifulSoup, Tag

from indexer.dates import parse_date
from indexer.lexicon.bylines import BY_WORDS, BYLINE_SPLIT, NOT_A_PERSON, NOT_NAME_WORDS, PAGE_BYLINE_SPLIT
from indexer.lexicon.names import NAME_PARTICLES
from indexer.lexicon.patterns import one_of
from indexer.readers.html.markup import AUTHOR_META, BYLINE_CLASS, PAGE_TAGS, attribute_words

_BY = re.compile(rf"^(?:written\s+)?(?:{one_of(BY_WORDS)})[:\s]+", re.IGNORECASE)
_NOT_A_PERSON = re.compile(rf"^(?:{one_of(NOT_A_PERSON)})$", re.IGNORECASE)


def page_byline(
    linked: dict[str, Any], meta: dict[str, str], soup: BeautifulSoup, site: str | None
) -> list[str]:
    # What the page declares (structured data, meta tags) is taken as written, people or
    # organisations; a byline found in the page's text must look like people's names.
    people = linked.get("people") or set()
    if people:  # a Person may share the site's name: a personal blog
        return [a for a in linked["authors"] if a in people]
    declared = [", ".join(linked.get("authors") or [])]
    declared += [meta[k] for k in AUTHOR_META if meta.get(k) and not meta[k].startswith("http")]
    for candidate in declared:
        credits = _credits(candidate, site)
        if credits:
            return credits
    for candidate in _byline_elements(soup):
        names = _names(candidate, site)
        if names:
            return names
    return []


def _credits(candidate: str, site: str | None) -> list[str]:
    text = _BY.sub("", " ".join(re.sub(r"\([^)]*\)", " ", candidate).split()))
    if re.fullmatch(r"[^,]+,\s*[^,]+", text) and len(text.split()) <= 4 and not re.search(r"\band\b|&", text):
        return [text] if _is_credit(text, site) else []  # "Jong, Michiel de": one name, surname first
    parts = [p.strip() for p in BYLINE_SPLIT.split(text) if p.strip()]
    return [p for p in parts if _is_credit(p, site)]


def _byline_elements(soup: BeautifulSoup) -> list[str]:
    found = []
    for tag in soup.find_all(True):
        if not isinstance(tag, Tag) or tag.name in PAGE_TAGS:
            continue
        marks = " ".join(
            [
                *attribute_words(tag, "class"),
                *attribute_words(tag, "id"),
                *attribute_words(tag, "itemprop"),
            ]
        )
        if (
            tag.get("rel") == ["author"]
            or "author" in (tag.get("itemprop") or "")
            or BYLINE_CLASS.search(marks)
        ):
            text = " ".join(tag.get_text(" ").split())
            if 0 < len(text) < 100:
                found.append(text)
    return found


def _is_credit(name: str, site: str | None) -> bool:
    return (
        bool(name.strip())
        and len(name) < 100
        and not parse_date(name)
        and not _NOT_A_PERSON.match(name.strip())
        and (site is None or name.strip().casefold() != site.casefold())
    )


def _names(candidate: str, site: str | None) -> list[str]:
    """The people a byline names, in order, stopping at the first part that is not a name (a role)."""
    text = _BY.sub("", " ".join(re.sub(r"\([^)]*\)", " ", candidate).split()))
    text = re.split(r"\s[|•·]\s|\s+(?:on|updated|published)\s+\w+\s+\d", text)[0].strip(" ,;-")
    names = []
    for part in PAGE_BYLINE_SPLIT.split(text):
        name = part.strip()
        if not name:
            continue
        if not _is_person_name(name) or (site and name.casefold() == site.casefold()):
            break
        names.append(name)
    return names


def _is_person_name(name: str) -> bool:
    words = name.split()
    return (
        1 <= len(words) <= 5
        and not re.search(r"\d", name)
        and not _NOT_A_PERSON.match(name)
        and not any(w.lower().strip(".") in NOT_NAME_WORDS for w in words)
        and all(_capitalised(w) or w.lower() in NAME_PARTICLES for w in words)
        and not (len(words) == 1 and (w := words[0]).isupper() and len(w) <= 3)
        and _capitalised(words[0])
    )


def _capitalised(word: str) -> bool:
    """Upper case first, or a script with no case at all (肖春芳)."""
    initial = word[:1]
    return initial.isupper() or (initial.isalpha() and not initial.islower())
