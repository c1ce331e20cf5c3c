"""Read JSON Lines and CSV exports: one article per line or row.

Keys are matched case-insensitively, first match wins:

| field | keys |
|---|---|
| id | id, guid, article_id, uuid |
| headline | headline, title, name |
| body | body, text, content, article, story, description |
| byline | byline, author, authors, creator, by |
| date | date, published, published_at, publication_date, datetime, pubdate, created |
| source | source, publisher, site, site_name |
| url | url, link |
| dateline | dateline |
| kicker | kicker, section, category |

The id comes from the record, else from the file and line ("reuters#12").
A broken line or row is reported by number and skipped; the others are read.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

from indexer.article import Article, Section
from indexer.dates import parse_date
from indexer.errors import ArticleReadError
from indexer.lexicon.bylines import RECORD_BYLINE_SPLIT
from indexer.readers.encoding import decode_text
from indexer.readers.result import ReadResult

KEYS: dict[str, tuple[str, ...]] = {
    "id": ("id", "guid", "article_id", "uuid"),
    "headline": ("headline", "title", "name"),
    "body": ("body", "text", "content", "article", "story", "description"),
    "byline": ("byline", "author", "authors", "creator", "by"),
    "date": ("date", "published", "published_at", "publication_date", "datetime", "pubdate", "created"),
    "source": ("source", "publisher", "site", "site_name"),
    "url": ("url", "link"),
    "dateline": ("dateline",),
    "kicker": ("kicker", "section", "category"),
}
# Paragraphs: a blank line, or a new line indented like a wire story's ("\n    ").
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n(?=[ \t]{2,}\S)")


# One record is one article: the same limit as a file of one article (10 MB), counted in
# characters. A longer line is a dump or a mistake, refused before it is parsed.
MAX_RECORD_CHARS = 10_000_000


def read_jsonl_articles(path: Path, article_id: str) -> ReadResult:
    text = decode_text(path.read_bytes(), str(path))
    articles, problems = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        if len(line) > MAX_RECORD_CHARS:
            problems.append(f"line {number}: {_too_large(len(line))}")
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            problems.append(f"line {number}: not JSON ({err.msg})")
            continue
        if not isinstance(record, dict):
            problems.append(f"line {number}: not a JSON object")
            continue
        articles.append(record_article(record, path, f"{article_id}#{number}", "jsonl"))
    return _with_problems(articles, problems, path)


def read_csv_articles(path: Path, article_id: str) -> ReadResult:
    text = decode_text(path.read_bytes(), str(path))
    articles, problems = [], []
    rows = csv.DictReader(io.StringIO(text))
    try:
        for number, row in enumerate(rows, start=2):
            if None in row or any(v is None for v in row.values()):
                problems.append(
                    f"row {number}: {len(row)} fields where the header has {len(rows.fieldnames or [])}"
                )
                continue
            articles.append(record_article(row, path, f"{article_id}#{number}", "csv"))
    except csv.Error as err:
        problems.append(f"row {rows.line_num}: {err}")
    return _with_problems(articles, problems, path)


def _too_large(chars: int) -> str:
    return f"a record of {chars / 1e6:.1f} million characters is too large for one article (limit 10 million)"


def _with_problems(articles: list[Article], problems: list[str], path: Path) -> ReadResult:
    """The good records and the broken ones' problems; a file with no good record is unreadable."""
    if problems and not articles:
        raise ArticleReadError(str(path), "; ".join(problems[:5]))
    return ReadResult(articles, problems)


def record_article(record: dict[str, Any], path: Path, fallback_id: str, fmt: str) -> Article:
    lowered = {str(k).strip().lower(): v for k, v in record.items()}
    fields = {name: _value(lowered, keys) for name, keys in KEYS.items()}
    body = fields["body"] or ""
    paragraphs = [" ".join(p.split()) for p in _PARAGRAPH_BREAK.split(body) if p.strip()]
    return Article(
        id=fields["id"] or fallback_id,
        path=str(path),
        format=fmt,
        source=fields["source"],
        kicker=fields["kicker"],
        headline=" ".join((fields["headline"] or "").split()) or None,
        byline=_byline_names(fields["byline"] or ""),
        date=parse_date(fields["date"]) if fields["date"] else None,
        date_written=fields["date"],
        dateline=fields["dateline"],
        sections=[Section(heading=None, paragraphs=paragraphs)] if paragraphs else [],
    )


def _byline_names(byline: str) -> list[str]:
    # spaces folded first: "\s*" on both sides of the separator made a long run of them quadratic
    return [n.strip() for n in RECORD_BYLINE_SPLIT.split(" ".join(byline.split())) if n.strip()]


def _value(lowered: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = lowered.get(key)
        if isinstance(value, list):
            value = "; ".join(str(v.get("name", v)) if isinstance(v, dict) else str(v) for v in value)
        if value not in (None, ""):
            return str(value).strip()
    return None
