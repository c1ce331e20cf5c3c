"""Read a saved web page into an Article.

Metadata first, in the order publishers are most careful with it: JSON-LD
(``NewsArticle``/``Article``), then ``<meta>`` tags (Dublin Core, OpenGraph,
Twitter), then the page itself (``<title>`` without its site suffix,
``<h1>``, byline elements, ``<time>``). The story body is the ``<article>``
(or the block holding most paragraph text) with navigation, share bars,
related links, ads, scripts and comment threads removed; ``<h2>``/``<h3>``
open sections, ``<figcaption>`` gives captions, ``<blockquote>`` stays as
quoted text.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup, Tag

from indexer.article import Article, Section
from indexer.dates import CALENDAR_WORDS, parse_date
from indexer.errors import ArticleReadError
from indexer.readers.encoding import decode_text

ARTICLE_TYPES = {
    "NewsArticle",
    "Article",
    "ReportageNewsArticle",
    "BlogPosting",
    "AnalysisNewsArticle",
    "WebPage",
}
TITLE_META = (
    "dc:title",
    "dcterm:title",
    "og:title",
    "weibo:article:title",
    "weibo:webpage:title",
    "title",
    "twitter:title",
    "parsely-title",
)
AUTHOR_META = ("dc:creator", "dcterm:creator", "author", "byl", "parsely-author", "sailthru:author")
DATE_META = (
    "article:published_time",
    "datePublished",
    "dc:date",
    "dcterm:created",
    "pubdate",
    "publishdate",
    "date",
)
_JUNK = re.compile(
    r"comment|share|social|related|recommend|advert|\bads?\b|promo|newsletter|subscribe|\bnav|menu|footer|"
    r"sidebar|cookie|banner|breadcrumb|popup|modal|masthead|skip|signup|outbrain|taboola",
    re.IGNORECASE,
)
_BYLINE_CLASS = re.compile(r"byline|author|writtenby|p-author", re.IGNORECASE)
_SEPARATOR = re.compile(r" [|\-–—\\/>»] ")
_NOT_A_PERSON = re.compile(
    r"^(?:staff|admin|administrator|editor|editors|news desk|newsroom|web team)$", re.I
)


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
    meta = _meta_values(soup)
    for tag in soup.find_all(
        ["style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "svg"]
    ):
        tag.decompose()
    linked = _json_ld(soup)
    source = linked.get("site") or meta.get("og:site_name")
    article = Article(id=article_id, path=path, format="html", source=_clean(source))
    article.headline = _clean(linked.get("headline") or _first(meta, TITLE_META) or _title_from_page(soup))
    dated = _date(linked, meta, soup)
    if dated:
        article.date, article.date_written = dated
    article.byline = _byline(linked, meta, soup, source)
    _read_body(soup, article)
    if not article.sections and not article.headline:
        raise ArticleReadError(path, "no article in the page: no title and no text")
    return article


def _clean(text: str | None) -> str | None:
    if not text:
        return None
    cleaned = " ".join(text.split())
    return cleaned or None


def _first(values: dict[str, str], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        if values.get(key):
            return values[key]
    return None


def _meta_values(soup: BeautifulSoup) -> dict[str, str]:
    values: dict[str, str] = {}
    for tag in soup.find_all("meta"):
        content = tag.get("content")
        if not content:
            continue
        names = f"{tag.get('name') or ''} {tag.get('property') or ''} {tag.get('itemprop') or ''}"
        for name in names.lower().split():
            # "DC.Creator" and "dc:creator" are one tag; as in Readability, the last one counts
            values[name.strip().replace(".", ":")] = " ".join(str(content).split())
    return values


def _json_ld(soup: BeautifulSoup) -> dict[str, Any]:
    """headline, authors, date and site of the first article object in the page's JSON-LD."""
    for script in soup.find_all("script", type="application/ld+json"):
        raw = re.sub(r"^\s*<!\[CDATA\[|\]\]>\s*$", "", script.string or "")
        try:
            data = json.loads(raw)
        except (ValueError, TypeError):
            continue
        for item in _ld_items(data):
            kinds = item.get("@type")
            kinds = set(kinds) if isinstance(kinds, list) else {kinds}
            if kinds & ARTICLE_TYPES:
                return {
                    "headline": _ld_title(item, soup),
                    "authors": _ld_names(item.get("author")),
                    "people": _ld_people(item.get("author")),
                    "date": item.get("datePublished"),
                    "site": next(iter(_ld_names(item.get("publisher"))), None),
                }
    return {}


def _ld_title(item: dict[str, Any], soup: BeautifulSoup) -> str | None:
    """headline or name; where both differ, the one closer to the page's <title>."""
    headline, name = item.get("headline"), item.get("name")
    if not (isinstance(headline, str) and isinstance(name, str)) or headline == name:
        return headline if isinstance(headline, str) else name if isinstance(name, str) else None
    page_words = set((soup.title.get_text() if soup.title else "").casefold().split())

    def overlap(text: str) -> float:
        words = text.casefold().split()
        return sum(w in page_words for w in words) / max(1, len(words))

    publisher = next(iter(_ld_names(item.get("publisher"))), None)
    if name == publisher:
        return headline
    return headline if overlap(headline) >= overlap(name) else name


def _ld_items(data: Any) -> list[dict[str, Any]]:
    if isinstance(data, list):
        return [i for d in data for i in _ld_items(d)]
    if isinstance(data, dict):
        return [data, *_ld_items(data.get("@graph", []))]
    return []


def _ld_people(value: Any) -> set[str]:
    items = value if isinstance(value, list) else [value]
    return {i["name"] for i in items if isinstance(i, dict) and i.get("@type") == "Person" and i.get("name")}


def _ld_names(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict) and isinstance(value.get("name"), str):
        return [value["name"]]
    if isinstance(value, list):
        return [n for v in value for n in _ld_names(v)]
    return []


def _title_from_page(soup: BeautifulSoup) -> str | None:
    """The <title> without its site name, as Readability cuts it."""
    original = " ".join((soup.title.get_text() if soup.title else "").split())
    title = original
    hierarchical = False
    if _SEPARATOR.search(original):
        hierarchical = bool(re.search(r" [\\/>»] ", original))
        title = re.sub(r"(.*) [|\-–—\\/>»] .*", r"\1", original)
        if len(title.split()) < 3:
            title = re.sub(r"^[^|\-–—\\/>»]*[|\-–—\\/>»] (.*)", r"\1", original)
    elif ": " in original:
        headings = {" ".join(h.get_text().split()) for h in soup.find_all(["h1", "h2"])}
        if original not in headings:
            title = original[original.rfind(":") + 1 :].strip()
            if len(title.split()) < 3:
                title = original[original.find(":") + 1 :].strip()
            elif len(original[: original.find(":")].split()) > 5:
                title = original
    elif len(original) > 150 or len(original) < 15:
        h1s = soup.find_all("h1")
        if len(h1s) == 1:
            title = " ".join(h1s[0].get_text().split())
    words = len(title.split())
    if words <= 4 and (not hierarchical or words != len(_SEPARATOR.sub(" ", original).split()) - 1):
        title = original
    return title or None


def _date(linked: dict[str, Any], meta: dict[str, str], soup: BeautifulSoup) -> tuple[str, str] | None:
    """The first date the page gives that can be read: (ISO 8601, as written)."""
    candidates = [linked.get("date"), *(meta.get(k) for k in DATE_META)]
    time_tag = soup.find("time", datetime=True)
    if time_tag:
        candidates.append(str(time_tag["datetime"]))
    for candidate in candidates:
        if isinstance(candidate, str):
            parsed = parse_date(candidate)
            if parsed:
                return parsed, candidate
    return None


def _byline(linked: dict[str, Any], meta: dict[str, str], soup: BeautifulSoup, site: str | None) -> list[str]:
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
    parts = [p.strip() for p in re.split(r"\s*(?:,|&|\band\b)\s*", text) if p.strip()]
    return [p for p in parts if _is_credit(p, site)]


def _byline_elements(soup: BeautifulSoup) -> list[str]:
    found = []
    for tag in soup.find_all(True):
        if not isinstance(tag, Tag) or tag.name in ("html", "body", "meta", "link", "script", "style"):
            continue
        marks = " ".join(
            [
                *_attribute_words(tag, "class"),
                *_attribute_words(tag, "id"),
                *_attribute_words(tag, "itemprop"),
            ]
        )
        if (
            tag.get("rel") == ["author"]
            or "author" in (tag.get("itemprop") or "")
            or _BYLINE_CLASS.search(marks)
        ):
            text = " ".join(tag.get_text(" ").split())
            if 0 < len(text) < 100:
                found.append(text)
    return found


_BY = re.compile(r"^(?:written\s+)?(?:by|por|par|von|door|di|av|af|de)[:\s]+", re.IGNORECASE)
_NOT_NAME_WORDS = (
    frozenset(
        [
            "staff",
            "senior",
            "chief",
            "technologist",
            "project",
            "editor",
            "editors",
            "reporter",
            "correspondent",
            "writer",
            "contributor",
            "columnist",
            "producer",
            "news",
            "desk",
            "health",
            "sign",
            "log",
            "in",
            "out",
            "subscribe",
            "menu",
            "authority",
            "control",
            "authoring",
            "home",
            "more",
            "share",
            "comments",
            "comment",
            "follow",
            "email",
            "updated",
            "published",
            "posted",
        ]
    )
    | CALENDAR_WORDS
)
_PARTICLES = frozenset(
    {"de", "da", "di", "van", "von", "der", "den", "du", "la", "le", "al", "el", "bin", "ibn", "y"}
)


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
    for part in re.split(r"\s*(?:,|&|\band\b|\bund\b|\bet\b|\by\b)\s*", text):
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
        and not any(w.lower().strip(".") in _NOT_NAME_WORDS for w in words)
        and all(_capitalised(w) or w.lower() in _PARTICLES for w in words)
        and not (len(words) == 1 and (w := words[0]).isupper() and len(w) <= 3)
        and _capitalised(words[0])
    )


def _attribute_words(tag: Tag, name: str) -> list[str]:
    """An attribute's value as words (bs4 gives class as a list, id as a string)."""
    value = tag.get(name)
    if value is None:
        return []
    return [value] if isinstance(value, str) else [str(word) for word in value]


def _is_byline(element: Tag) -> bool:
    marks = " ".join([*_attribute_words(element, "class"), *_attribute_words(element, "id")])
    return bool(marks and _BYLINE_CLASS.search(marks))


def _capitalised(word: str) -> bool:
    """Upper case first, or a script with no case at all (肖春芳)."""
    first = word[:1]
    return first.isupper() or (first.isalpha() and not first.islower())


def _read_body(soup: BeautifulSoup, article: Article) -> None:
    for tag in soup.find_all("script"):
        tag.decompose()
    for tag in soup.find_all(True):
        if (
            isinstance(tag, Tag)
            and tag.attrs is not None
            and tag.name not in ("html", "body", "article", "main")
        ):
            marks = " ".join([*_attribute_words(tag, "class"), *_attribute_words(tag, "id")])
            if marks and _JUNK.search(marks):
                tag.decompose()
    root = soup.find("article") or soup.find("main") or _densest_block(soup) or soup
    sections = [Section(heading=None)]
    for element in root.find_all(["p", "h2", "h3", "figcaption", "blockquote", "li"]):
        text = " ".join(element.get_text(" ").split())
        if not text or element.find_parent(["blockquote", "figcaption"]) is not None or _is_byline(element):
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
