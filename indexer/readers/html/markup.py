"""What page markup says: the JSON-LD types, meta tags and class names the web-page reader reads."""

# ruff: noqa: SIM905 -- word lists are written as text and split, as spaCy writes its language data

from __future__ import annotations

import re

from bs4 import Tag

# JSON-LD types of an article object.
ARTICLE_TYPES = frozenset(
    "NewsArticle Article ReportageNewsArticle BlogPosting AnalysisNewsArticle WebPage".split()
)
# <meta> names in the order their value is trusted: Dublin Core, OpenGraph, Weibo, then the rest.
TITLE_META = tuple(
    """
    dc:title dcterm:title og:title weibo:article:title weibo:webpage:title title twitter:title parsely-title
    """.split()
)
AUTHOR_META = tuple("dc:creator dcterm:creator author byl parsely-author sailthru:author".split())
DATE_META = tuple(
    "article:published_time datePublished dc:date dcterm:created pubdate publishdate date".split()
)
# Elements that are never the story: styling, navigation, page furniture, embedded frames.
NOT_STORY_TAGS = ("style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "svg")
# Elements whose class or id is never read for a byline or as junk.
PAGE_TAGS = ("html", "body", "meta", "link", "script", "style")
# Elements that hold the story: never removed as junk, whatever their class.
STORY_ROOTS = ("html", "body", "article", "main")
# The story's blocks, in document order.
STORY_BLOCKS = ("p", "h2", "h3", "figcaption", "blockquote", "li")
# Parts of a class or id (regular expressions) that mark page furniture, not story.
JUNK_MARKS = tuple(
    r"""
    comment share social related recommend advert \bads?\b promo newsletter subscribe \bnav menu footer
    sidebar cookie banner breadcrumb popup modal masthead skip signup outbrain taboola
    """.split()
)
JUNK = re.compile("|".join(JUNK_MARKS), re.IGNORECASE)
# Parts of a class or id that mark a byline.
BYLINE_MARKS = ("byline", "author", "writtenby", "p-author")
BYLINE_CLASS = re.compile("|".join(BYLINE_MARKS), re.IGNORECASE)


def attribute_words(tag: Tag, name: str) -> list[str]:
    """An attribute's value as words (bs4 gives class as a list, id as a string)."""
    value = tag.get(name)
    if value is None:
        return []
    return [value] if isinstance(value, str) else [str(word) for word in value]


def is_byline(element: Tag) -> bool:
    marks = " ".join([*attribute_words(element, "class"), *attribute_words(element, "id")])
    return bool(marks and BYLINE_CLASS.search(marks))
