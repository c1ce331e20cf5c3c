"""A web page's story body: the <article> (or the block holding most paragraph text), without furniture.

Navigation, share bars, related links, ads, scripts and comment threads are
removed; ``<h2>``/``<h3>`` open sections, ``<figcaption>`` gives captions,
``<blockquote>`` stays as quoted text.
"""

from __future__ import annotations

from bs4 import BeautifulSoup, Tag

from indexer.article import Article, Section
from indexer.readers.html.markup import JUNK, STORY_BLOCKS, STORY_ROOTS, attribute_words, is_byline


def read_body(soup: BeautifulSoup, article: Article) -> None:
    for tag in soup.find_all("script"):
        tag.decompose()
    _remove_junk(soup)
    root = soup.find("article") or soup.find("main") or _densest_block(soup) or soup
    sections = [Section(heading=None)]
    for element in root.find_all(list(STORY_BLOCKS)):
        text = " ".join(element.get_text(" ").split())
        if not text or element.find_parent(["blockquote", "figcaption"]) is not None or is_byline(element):
            continue
        if element.name in ("h2", "h3"):
            sections.append(Section(heading=text))
        elif element.name == "figcaption":
            if text not in article.captions:
                article.captions.append(text)
        elif element.name == "li" and element.find_parent(["ul", "ol"]) is not None and len(text.split()) < 6:
            continue
        elif element.name == "blockquote" and not text.startswith(("“", '"')):
            sections[-1].paragraphs.append(f"“{text}”")
        else:
            sections[-1].paragraphs.append(text)
    article.sections = [s for s in sections if s.paragraphs]


def _remove_junk(soup: BeautifulSoup) -> None:
    for tag in soup.find_all(True):
        if isinstance(tag, Tag) and tag.attrs is not None and tag.name not in STORY_ROOTS:
            marks = " ".join([*attribute_words(tag, "class"), *attribute_words(tag, "id")])
            if marks and JUNK.search(marks):
                tag.decompose()


def _densest_block(soup: BeautifulSoup) -> Tag | None:
    scores: dict[int, tuple[int, Tag]] = {}
    for paragraph in soup.find_all("p"):
        parent = paragraph.parent
        if isinstance(parent, Tag):
            length = len(paragraph.get_text())
            current = scores.get(id(parent), (0, parent))
            scores[id(parent)] = (current[0] + length, parent)
    if not scores:
        return None
    return max(scores.values(), key=lambda item: item[0])[1]
