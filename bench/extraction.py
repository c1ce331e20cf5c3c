"""Benchmark: entity extraction speed on one core (Reuters-21578).

    python -m bench.extraction [N]

Prints articles per second for ``extract_entities`` alone (reading and
indexing excluded), over the first N articles (default: all 20,841).
"""

from __future__ import annotations

import json
import sys
import time
from itertools import islice
from pathlib import Path

from indexer.entities.extract import extract_entities
from indexer.entities.gazetteer import load_gazetteer
from tools.quality_entities import reuters_article

REUTERS = Path(__file__).resolve().parents[2] / "shared" / "data" / "reuters21578" / "articles.jsonl"


def main() -> None:
    if not REUTERS.exists():
        sys.exit(f"{REUTERS} is absent: this benchmark needs ../shared/data")
    limit = int(sys.argv[1]) if len(sys.argv) > 1 else None
    gazetteer = load_gazetteer()
    with REUTERS.open() as lines:
        articles = [reuters_article(json.loads(line)) for line in islice(lines, limit)]
    words = sum(len(a.body.split()) + len((a.headline or "").split()) for a in articles)
    started = time.perf_counter()
    for article in articles:
        extract_entities(article, gazetteer)
    seconds = time.perf_counter() - started
    print(f"articles      {len(articles)}")
    print(f"words         {words}")
    print(f"seconds       {seconds:.1f}")
    print(f"articles/s    {len(articles) / seconds:.0f}")
    print(f"words/s       {words / seconds:.0f}")


if __name__ == "__main__":
    main()
