"""Benchmark dateline against the engines a user would pick instead, in one run.

    python -m bench.run [--scale 5] [--queries 300] [--out bench-results.json]

On ../shared/data/reuters21578/articles.jsonl (20,841 articles; --scale N
writes N copies with new ids: synthetic scale, labelled so): index with
dateline's full pipeline (--jobs 2), plain Whoosh (no extraction, default
analyzer), SQLite FTS5 and tantivy (if the `bench` extra is installed);
then the same reproducible queries on each, on a warm searcher: single
terms of varied frequency, two-term AND, phrases, a place filter; dateline
answers them with all its facets. Baselines take places from the editors'
tags, since they extract nothing.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

from whoosh import fields, index, qparser, sorting
from whoosh.query import And, Term

from search import Archive, Query

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "reuters21578"
PLACES = {
    "usa": "United States",
    "uk": "United Kingdom",
    "japan": "Japan",
    "canada": "Canada",
    "west-germany": "Germany",
    "france": "France",
    "brazil": "Brazil",
    "china": "China",
}


def load(scale: int) -> list[dict[str, object]]:
    tags = {json.loads(line)["id"]: json.loads(line)["places"] for line in (DATA / "gold-tags.jsonl").open()}
    records = [json.loads(line) for line in (DATA / "articles.jsonl").open()]
    out = []
    for copy in range(scale):
        for record in records:
            out.append(
                {
                    **record,
                    "id": record["id"] if copy == 0 else f"{record['id']}-copy{copy}",
                    "places": tags.get(record["id"], []),
                }
            )
    return out


def make_queries(records: list[dict[str, object]], count: int) -> list[tuple[str, str, str | None]]:
    """(kind, text, place code) triples, drawn with a fixed seed."""
    rng = random.Random(2025)
    sample = records[:5000]
    frequency: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    for record in sample:
        words = re.findall(r"[a-z]{4,}", str(record["body"]).lower())
        frequency.update(set(words))
        pairs.update(set(pairwise(words)))
    ranked = [w for w, _ in frequency.most_common()]
    buckets = [ranked[:50], ranked[50:500], ranked[500:5000]]
    common_pairs = [p for p, n in pairs.most_common(2000) if n >= 5]
    queries: list[tuple[str, str, str | None]] = []
    for i in range(count):
        kind = ("term", "and", "phrase", "place")[i % 4]
        if kind == "term":
            queries.append((kind, rng.choice(buckets[i % 3]), None))
        elif kind == "and":
            queries.append((kind, f"{rng.choice(buckets[1])} AND {rng.choice(buckets[0])}", None))
        elif kind == "phrase":
            queries.append((kind, '"{} {}"'.format(*rng.choice(common_pairs)), None))
        else:
            queries.append((kind, rng.choice(buckets[1]), rng.choice(list(PLACES))))
    return queries


def latencies(
    run: Callable[[str, str | None], object], queries: list[tuple[str, str, str | None]]
) -> dict[str, float]:
    for _, text, place in queries[:10]:
        run(text, place)  # warm
    times = []
    for _, text, place in queries:
        started = time.perf_counter()
        run(text, place)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {
        "p50_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[int(0.95 * len(times)) - 1], 2),
        "max_ms": round(times[-1], 2),
    }


def size_mb(path: Path) -> float:
    return round(sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6, 1)


def bench_dateline(records: list[dict[str, object]], work: Path, queries: list) -> dict[str, object]:
    export = work / "archive" / "articles.jsonl"
    export.parent.mkdir()
    export.write_text(
        "".join(json.dumps({k: v for k, v in r.items() if k != "places"}) + "\n" for r in records)
    )
    started = time.perf_counter()
    subprocess.run(
        [
            str(Path(sys.executable).parent / "dateline"),
            "index",
            str(export.parent),
            "--index",
            str(work / "dateline"),
            "--jobs",
            "2",
            "--quiet",
        ],
        check=True,
    )
    seconds = time.perf_counter() - started
    with Archive(work / "dateline") as archive:
        started = time.perf_counter()
        archive.search(Query(text="oil"))
        first = (time.perf_counter() - started) * 1000
        result = latencies(
            lambda t, p: archive.search(Query(text=t, places=[PLACES[p]] if p else [])), queries
        )
        plain = latencies(
            lambda t, p: archive.search(Query(text=t, places=[PLACES[p]] if p else [], facet_limit=0)),
            queries,
        )
    mb = export.stat().st_size / 1e6
    return {
        "index_seconds": round(seconds, 1),
        "articles_per_s": round(len(records) / seconds),
        "mb_per_s": round(mb / seconds, 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024),
        "index_mb": size_mb(work / "dateline"),
        "first_query_after_commit_ms": round(first, 1),
        "queries_all_facets": result,
        "queries_no_facets": plain,
    }


def bench_whoosh(records: list[dict[str, object]], work: Path, queries: list) -> dict[str, object]:
    schema = fields.Schema(
        id=fields.ID(stored=True, unique=True),
        headline=fields.TEXT,
        body=fields.TEXT,
        places=fields.KEYWORD(commas=True),
    )
    work.mkdir()
    ix = index.create_in(str(work), schema)
    started = time.perf_counter()
    writer = ix.writer(limitmb=256)
    for r in records:
        writer.add_document(
            id=str(r["id"]), headline=str(r["headline"]), body=str(r["body"]), places=",".join(r["places"])
        )  # type: ignore[arg-type]
    writer.commit()
    seconds = time.perf_counter() - started
    parser = qparser.MultifieldParser(["headline", "body"], ix.schema, group=qparser.AndGroup)
    facet = sorting.FieldFacet("places", allow_overlap=True)
    with ix.searcher() as searcher:

        def run(text: str, place: str | None, groups: bool = False) -> object:
            q = parser.parse(text)
            q = And([q, Term("places", place)]) if place else q
            return searcher.search(q, limit=10, groupedby=facet if groups else None)

        plain = latencies(run, queries)
        one_facet = latencies(lambda t, p: run(t, p, True), queries)
    return {
        "index_seconds": round(seconds, 1),
        "articles_per_s": round(len(records) / seconds),
        "index_mb": size_mb(work),
        "queries_no_facets": plain,
        "queries_one_places_facet": one_facet,
    }


def bench_sqlite(records: list[dict[str, object]], work: Path, queries: list) -> dict[str, object]:
    db = sqlite3.connect(work / "fts.db")
    db.executescript(
        "create virtual table docs using fts5(headline, body); create table places(doc, place);"
        "create index places_place on places(place, doc);"
    )
    started = time.perf_counter()
    for number, r in enumerate(records, start=1):
        db.execute(
            "insert into docs(rowid, headline, body) values (?, ?, ?)", (number, r["headline"], r["body"])
        )
        db.executemany("insert into places values (?, ?)", [(number, p) for p in r["places"]])  # type: ignore[union-attr]
    db.commit()
    seconds = time.perf_counter() - started

    def run(text: str, place: str | None) -> object:
        match = text.replace(" AND ", " ")
        if place:
            return db.execute(
                "select rowid from docs where docs match ? and rowid in "
                "(select doc from places where place = ?) order by rank limit 10",
                (match, place),
            ).fetchall()
        return db.execute(
            "select rowid from docs where docs match ? order by rank limit 10", (match,)
        ).fetchall()

    return {
        "index_seconds": round(seconds, 1),
        "articles_per_s": round(len(records) / seconds),
        "index_mb": size_mb(work),
        "queries_no_facets": latencies(run, queries),
    }


def bench_tantivy(records: list[dict[str, object]], work: Path, queries: list) -> dict[str, object] | None:
    try:
        import tantivy
    except ImportError:
        return None
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("headline", stored=False)
    builder.add_text_field("body", stored=False)
    builder.add_text_field("places", stored=False, tokenizer_name="raw")
    schema = builder.build()
    work.mkdir()
    ix = tantivy.Index(schema, path=str(work))
    started = time.perf_counter()
    writer = ix.writer()
    for r in records:
        writer.add_document(
            tantivy.Document(headline=str(r["headline"]), body=str(r["body"]), places=list(r["places"]))
        )  # type: ignore[arg-type]
    writer.commit()
    ix.reload()
    seconds = time.perf_counter() - started
    searcher = ix.searcher()

    def run(text: str, place: str | None) -> object:
        q = f"{text} AND places:{place}" if place else text
        return searcher.search(ix.parse_query(q, ["headline", "body"]), 10)

    return {
        "index_seconds": round(seconds, 1),
        "articles_per_s": round(len(records) / seconds),
        "index_mb": size_mb(work),
        "queries_no_facets": latencies(run, queries),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--out", type=Path, default=Path("bench-results.json"))
    args = parser.parse_args()
    if not DATA.exists():
        sys.exit(f"{DATA} is absent: this benchmark needs ../shared/data")
    records = load(args.scale)
    queries = make_queries(records, args.queries)
    label = f"{len(records)} articles" + (
        f" (synthetic: {args.scale} copies of Reuters)" if args.scale > 1 else ""
    )
    with tempfile.TemporaryDirectory(prefix="dateline-bench-") as tmp:
        work = Path(tmp)
        results = {
            "corpus": label,
            "queries": len(queries),
            "engines": {
                "dateline": bench_dateline(records, work, queries),
                "whoosh": bench_whoosh(records, work / "whoosh", queries),
                "sqlite_fts5": bench_sqlite(records, work, queries),
                "tantivy": bench_tantivy(records, work / "tantivy", queries),
            },
        }
    args.out.write_text(json.dumps(results, indent=2))
    print(f"{label}, {len(queries)} queries; results in {args.out}")
    print(f"{'engine':<12} {'index s':>8} {'art/s':>7} {'MB':>7} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for name, r in results["engines"].items():
        if r is None:
            print(f"{name:<12} (not installed: pip install -e '.[bench]')")
            continue
        for label_, key in (
            ("", "queries_no_facets"),
            ("+facets", "queries_all_facets"),
            ("+1 facet", "queries_one_places_facet"),
        ):
            if key in r:
                q = r[key]
                print(
                    f"{name + label_:<12} {r['index_seconds']:>8} {r['articles_per_s']:>7} "
                    f"{r['index_mb']:>7} "
                    f"{q['p50_ms']:>8} {q['p95_ms']:>8} {q['max_ms']:>8}"
                )
    d, w = results["engines"]["dateline"], results["engines"]["whoosh"]
    print(
        f"dateline/whoosh p50 (no facets): "
        f"{d['queries_no_facets']['p50_ms'] / w['queries_no_facets']['p50_ms']:.2f}x;"
        f" first dateline query after a commit: {d['first_query_after_commit_ms']} ms"
    )


if __name__ == "__main__":
    main()
