"""Render results, articles and facet lists as text, JSON, JSON Lines or CSV."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from indexer.article import Article
from search.facets import FacetCount
from search.results import Entity, QuoteResults, Results

FORMATS = ("text", "json", "jsonl", "csv")
HIT_COLUMNS = ("id", "score", "headline", "byline", "date", "source", "places", "people", "snippet")


def format_results(results: Results, fmt: str) -> str:
    if fmt == "json":
        return _json(results.to_dict())
    if fmt == "jsonl":
        return "\n".join(json.dumps(hit.to_dict(), ensure_ascii=False) for hit in results.hits)
    if fmt == "csv":
        return _csv(HIT_COLUMNS, [hit.to_dict() for hit in results.hits])
    return _results_text(results)


def format_article(article: Article, fmt: str) -> str:
    if fmt in ("json", "jsonl"):
        return _json(article.to_dict(), indent=2 if fmt == "json" else None)
    if fmt == "csv":
        return _csv(("field", "value"), [{"field": k, "value": v} for k, v in article.to_dict().items()])
    return _article_text(article)


def format_facet(name: str, counts: Sequence[FacetCount], fmt: str) -> str:
    rows = [c.to_dict() for c in counts]
    if fmt == "json":
        return _json({"facet": name, "values": rows})
    if fmt == "jsonl":
        return "\n".join(json.dumps(row, ensure_ascii=False) for row in rows)
    if fmt == "csv":
        return _csv(("value", "count"), rows)
    if not counts:
        return f"no values for {name}"
    width = len(str(counts[0].count))
    return "\n".join(f"{c.count:>{width}}  {c.value}" for c in counts)


QUOTE_COLUMNS = ("text", "speaker", "headline", "date", "source", "article_id", "position")


def format_quotes(results: QuoteResults, fmt: str) -> str:
    if fmt == "json":
        return _json(results.to_dict())
    if fmt == "jsonl":
        return "\n".join(json.dumps(hit.to_dict(), ensure_ascii=False) for hit in results.hits)
    if fmt == "csv":
        return _csv(QUOTE_COLUMNS, [hit.to_dict() for hit in results.hits])
    noun = "quote" if results.total == 1 else "quotes"
    lines = [f"{results.total} {noun} for {results.query!r}"]
    for hit in results.hits:
        meta = " · ".join(x for x in (hit.headline, hit.date, f"{hit.article_id}#{hit.position}") if x)
        lines += ["", f"“{hit.text}”", f"   — {hit.speaker or 'unattributed'}", f"   {meta}"]
    return "\n".join(lines)


def format_entities(entities: Sequence[Entity], fmt: str) -> str:
    rows = [e.to_dict() for e in entities]
    if fmt == "json":
        return _json(rows)
    if fmt == "jsonl":
        return "\n".join(json.dumps(row, ensure_ascii=False) for row in rows)
    if fmt == "csv":
        return _csv(("type", "name", "articles", "spellings"), rows)
    if not entities:
        return "no names"
    width = len(str(entities[0].articles))
    lines = []
    for e in entities:
        others = [s for s in e.spellings if s != e.name]
        also = f"  (also: {', '.join(others)})" if others else ""
        lines.append(f"{e.articles:>{width}}  {e.type:<13} {e.name}{also}")
    return "\n".join(lines)


def _json(data: Any, indent: int | None = 2) -> str:
    return json.dumps(data, ensure_ascii=False, indent=indent)


def _csv(columns: Sequence[str], rows: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(row.get(k)) for k in columns})
    return buffer.getvalue().rstrip("\n")


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        return "; ".join(v if isinstance(v, str) else json.dumps(v, ensure_ascii=False) for v in value)
    return "" if value is None else value


def _results_text(results: Results) -> str:
    noun = "result" if results.total == 1 else "results"
    pages = max(1, -(-results.total // results.limit))
    lines = [f"{results.total} {noun} for {results.query!r} (page {results.page} of {pages})"]
    first = (results.page - 1) * results.limit
    for number, hit in enumerate(results.hits, start=first + 1):
        meta = " · ".join(x for x in (hit.id, ", ".join(hit.byline), hit.source, hit.date) if x)
        lines += ["", f"{number}. {hit.headline or '(no headline)'}", f"   {meta}"]
        if hit.snippet:
            lines.append(f"   {hit.snippet}")
    shown = {name: counts for name, counts in results.facets.items() if counts}
    if shown:
        lines += ["", "Facets:"]
        for name, counts in shown.items():
            lines.append(f"  {name}: " + ", ".join(f"{c.value} ({c.count})" for c in counts))
    return "\n".join(lines)


def _article_text(article: Article) -> str:
    lines: list[str] = []
    if article.kicker:
        lines.append(article.kicker.upper())
    lines.append(article.headline or "(no headline)")
    meta = [
        ("By", " and ".join(article.byline)),
        (
            "Date",
            f"{article.date} (written {article.date_written!r})"
            if article.date_written and article.date and article.date_written != article.date
            else article.date or "",
        ),
        ("Dateline", article.dateline or ""),
        ("Source", article.source or ""),
        ("Places", ", ".join(article.places)),
        ("People", ", ".join(article.people)),
        ("Organisations", ", ".join(article.organisations)),
        ("Id", article.id),
        ("File", article.path),
    ]
    lines += [f"{label}{' ' if label == 'By' else ': '}{value}" for label, value in meta if value]
    lines += [f"[Caption] {caption}" for caption in article.captions]
    for section in article.sections:
        lines.append("")
        if section.heading:
            lines += [f"## {section.heading}", ""]
        lines.append("\n\n".join(section.paragraphs))
    if article.comments:
        lines += ["", f"Reader comments ({len(article.comments)}):"]
        for comment in article.comments:
            who = ", ".join(x for x in (comment.author, comment.location) if x)
            lines.append(f"  - {comment.text}" + (f" — {who}" if who else ""))
    return "\n".join(lines)
