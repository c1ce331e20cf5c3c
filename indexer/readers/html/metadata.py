"""A web page's metadata: JSON-LD, <meta> tags, and the page's <title> and <time>.

In the order publishers are most careful with it: JSON-LD
(``NewsArticle``/``Article``), then ``<meta>`` tags (Dublin Core, OpenGraph,
Twitter), then the page itself (``<title>`` without its site suffix,
``<h1>``, ``<time>``).
"""

from __future__ import annotations

import json
import re
from typing import Any

from bs4 import BeautifulSoup

from indexer.dates import parse_date
from indexer.readers.html.markup import ARTICLE_TYPES, DATE_META

_SEPARATOR = re.compile(r" [|\-–—\\/>»] ")


def clean(text: str | None) -> str | None:
    if not text:
        return None
    cleaned = " ".join(text.split())
    return cleaned or None


def first(values: dict[str, str], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        if values.get(key):
            return values[key]
    return None


def meta_values(soup: BeautifulSoup) -> dict[str, str]:
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


def json_ld(soup: BeautifulSoup) -> dict[str, Any]:
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


def title_from_page(soup: BeautifulSoup) -> str | None:
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


def page_date(linked: dict[str, Any], meta: dict[str, str], soup: BeautifulSoup) -> tuple[str, str] | None:
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
