"""Read a saved web page into an Article.

Page metadata (``metadata``: JSON-LD, ``<meta>`` tags, ``<title>``, ``<time>``;
``byline``: declared credits, else byline elements) first, then the story
body (``body``); ``markup`` lists the types, tags and class names read.
"""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup

from indexer.article import Article
from indexer.errors import ArticleReadError
from indexer.readers.encoding import decode_text
from indexer.readers.html.body import read_body
from indexer.readers.html.byline import page_byline
from indexer.readers.html.markup import NOT_STORY_TAGS, TITLE_META
from indexer.readers.html.metadata import clean, first, json_ld, meta_values, page_date, title_from_page

__all__ = ["MAX_PAGE_TAGS", "parse_html_article", "read_html_article"]


def read_html_article(path: Path, article_id: str) -> Article:
    html = decode_text(path.read_bytes(), str(path))
    return parse_html_article(html, article_id=article_id, path=str(path))


# The parsed tree costs about a kilobyte per element: a 5 MB page of nothing but tags
# took 25 s and a gigabyte. The largest real page of the shared corpora has 19,252 tags.
MAX_PAGE_TAGS = 100_000
_TAG = re.compile(r"<[A-Za-z!/]")


def parse_html_article(html: str, *, article_id: str, path: str) -> Article:
    tags = sum(1 for _ in _TAG.finditer(html))
    if tags > MAX_PAGE_TAGS:
        raise ArticleReadError(path, f"{tags:,} tags are too many for one web page (limit {MAX_PAGE_TAGS:,})")
    soup = BeautifulSoup(html, "html.parser")
    meta = meta_values(soup)
    for tag in soup.find_all(list(NOT_STORY_TAGS)):
        tag.decompose()
    linked = json_ld(soup)
    source = linked.get("site") or meta.get("og:site_name")
    article = Article(id=article_id, path=path, format="html", source=clean(source))
    article.headline = clean(linked.get("headline") or first(meta, TITLE_META) or title_from_page(soup))
    dated = page_date(linked, meta, soup)
    if dated:
        article.date, article.date_written = dated
    article.byline = page_byline(linked, meta, soup, source)
    read_body(soup, article)
    if not article.sections and not article.headline:
        raise ArticleReadError(path, "no article in the page: no title and no text")
    return article
