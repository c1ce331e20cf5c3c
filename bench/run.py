"""Benchmark dateline against the engines a user would pick instead, in one run.

    python -m bench.run [--scale 5] [--queries 300] [--out bench-results.json]

On ../shared/data/reuters21578/articles.jsonl (20,841 articles; --scale N
writes N copies with new ids: synthetic scale, labelled so): index with
dateline's full pipeline (--jobs 2), plain Whoosh (no extraction, default
analyzer), SQLite FTS5 and tantivy (if the `bench` extra is installed);
then the same reproducible queries on each, on a warm searcher: single
terms of varied frequency, two-term AND, phrases, a place filter; dateline
answers them without facets and with five (places, people, speakers,
sources, years), and answers its first query after each of five commits.
Baselines take places from the editors' tags, since they extract nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
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

from indexer.article import Article, Section
from indexer.writer import write_articles
from search import Archive, Query, docsets, facets

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "reuters21578"
FIVE_FACETS = ["places", "people", "speakers", "sources", "years"]
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
    with cold_archive(work / "dateline") as archive:
        plain = latencies(
            lambda t, p: archive.search(Query(text=t, places=[PLACES[p]] if p else [], facet_limit=0)),
            queries,
        )
    with cold_archive(work / "dateline") as archive:
        five = latencies(
            lambda t, p: archive.search(
                Query(text=t, places=[PLACES[p]] if p else [], facet_fields=FIVE_FACETS)
            ),
            queries,
        )
        first = first_queries_after_commits(archive, work / "dateline", queries)
    mb = export.stat().st_size / 1e6
    return {
        "index_seconds": round(seconds, 1),
        "articles_per_s": round(len(records) / seconds),
        "mb_per_s": round(mb / seconds, 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024),
        "index_mb": size_mb(work / "dateline"),
        "first_query_after_commit_ms": first,
        "queries_five_facets": five,
        "queries_no_facets": plain,
    }


def cold_archive(index_dir: Path) -> Archive:
    """An Archive that has cached nothing: each latency run starts as a new process would."""
    docsets._CACHES.clear()
    facets._SHARED.clear()
    return Archive(index_dir)


def first_queries_after_commits(archive: Archive, index_dir: Path, queries: list) -> list[float]:
    """A running search process: one article is committed, then the next query (five facets) is timed."""
    times = []
    for number, (_, text, _) in enumerate(queries[:5]):
        added = Article(
            id=f"bench-commit-{number}",
            path="bench.txt",
            format="text",
            headline=f"Benchmark commit {number}",
            sections=[Section(heading=None, paragraphs=["An invented one-line story for the benchmark."])],
        )
        write_articles(index_dir, [added])
        started = time.perf_counter()
        archive.search(Query(text=text, facet_fields=FIVE_FACETS))
        times.append(round((time.perf_counter() - started) * 1000, 1))
    return times


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
            "machine": machine(),
            "queries": len(queries),
            "engines": {
                "dateline": bench_dateline(records, work, queries),
                "whoosh": bench_whoosh(records, work / "whoosh", queries),
                "sqlite_fts5": bench_sqlite(records, work, queries),
                "tantivy": bench_tantivy(records, work / "tantivy", queries),
            },
        }
    args.out.write_text(json.dumps(results, indent=2))
    print_table(label, results)


def print_table(label: str, results: dict) -> None:
    engines = results["engines"]
    whoosh_p50 = engines["whoosh"]["queries_no_facets"]["p50_ms"]
    print(f"{label}, {results['queries']} queries, on {machine()}")
    print(
        f"{'engine':<22} {'index s':>8} {'art/s':>7} {'MB':>7} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'max ms':>8} {'p50/whoosh':>10}"
    )
    for name, r in engines.items():
        if r is None:
            print(f"{name:<22} (not installed: pip install -e '.[bench]')")
            continue
        for suffix, key in (
            ("", "queries_no_facets"),
            (" + 5 facets", "queries_five_facets"),
            (" + 1 places facet", "queries_one_places_facet"),
        ):
            if key in r:
                q = r[key]
                print(
                    f"{name + suffix:<22} {r['index_seconds']:>8} {r['articles_per_s']:>7} "
                    f"{r['index_mb']:>7} {q['p50_ms']:>8} {q['p95_ms']:>8} {q['max_ms']:>8} "
                    f"{q['p50_ms'] / whoosh_p50:>10.2f}"
                )
    d = engines["dateline"]
    print(
        f"dateline: {d['mb_per_s']} MB of text/s, peak memory {d['peak_rss_mb']} MB; "
        f"first query (five facets) after each of 5 commits: {d['first_query_after_commit_ms']} ms"
    )


def machine() -> str:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    model = (
        next(
            (
                line.split(":", 1)[1].strip()
                for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")
            ),
            platform.processor() or "unknown CPU",
        )
        if Path("/proc/cpuinfo").exists()
        else platform.processor()
    )
    return f"{cores} cores ({model}), Python {platform.python_version()}"


if __name__ == "__main__":
    main()
