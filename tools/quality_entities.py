"""Quality report for people, places and organisations (a script, not a test).

    python -m tools.quality_entities [--json] [--reuters-limit=N]

1. CoNLL-2003 valid, span level: exact (start, end, type) matches of PER, LOC, ORG.
2. The sample article's gold, document level: canonical names, folded.
3. Reuters-21578, country level: the places found, mapped to countries,
   against the editors' place tags, on articles that carry place tags; and
   the recall of the people the editors tagged (a person found whose name
   holds the tag's surname).
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

from indexer.article import Article, Section
from indexer.entities.extract import extract_entities, find_mentions
from indexer.entities.gazetteer import Gazetteer, load_gazetteer
from indexer.entities.names import name_key
from indexer.readers.text import read_text_article
from tools.conll import read_conll

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(__file__).resolve().parents[2] / "shared"
LABELS = {"PER": "people", "LOC": "places", "ORG": "organisations"}


def prf(true_positive: int, predicted: int, gold: int) -> dict[str, float]:
    precision = true_positive / predicted if predicted else 0.0
    recall = true_positive / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def conll_span_scores(path: Path) -> dict[str, dict[str, float]]:
    gazetteer = load_gazetteer()
    counts: Counter[str] = Counter()
    for doc in read_conll(path):
        gold = {s for s in doc.spans if s[2] in LABELS}
        found = {(m.start, m.end, m.label) for m in find_mentions(doc.text, gazetteer) if m.label in LABELS}
        for label in LABELS:
            g = {s for s in gold if s[2] == label}
            f = {s for s in found if s[2] == label}
            counts[f"{label}:tp"] += len(g & f)
            counts[f"{label}:pred"] += len(f)
            counts[f"{label}:gold"] += len(g)
    return {
        LABELS[label]: prf(counts[f"{label}:tp"], counts[f"{label}:pred"], counts[f"{label}:gold"])
        for label in LABELS
    }


# Reuters place codes that are not a country's name with its hyphens as spaces.
REUTERS_CODES = {"usa": "United States", "uk": "United Kingdom", "ussr": "Soviet Union"}
# The 1987 tags name states that have since dissolved; each is scored as the
# state that continues it (as West Germany is Germany), found or tagged.
CONTINUATORS = {"Soviet Union": "Russia", "Yugoslavia": "Serbia"}


def reuters_article(record: dict[str, str]) -> Article:
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s{3,}|\n\n", record["body"]) if p.strip()]
    return Article(
        id=record["id"],
        path="",
        format="jsonl",
        headline=record["headline"],
        dateline=record.get("dateline"),
        sections=[Section(heading=None, paragraphs=paragraphs)],
    )


def country_of(place: str, within: list[str], gazetteer: Gazetteer) -> str | None:
    known = gazetteer.place(place)
    if known and (known.kind == "country" or (known.kind == "place" and not known.within)):
        return known.name
    # The article's own hierarchy: a place it did not resolve has no country.
    return within[-1] if within else None


def reuters_country_scores(articles_path: Path, tags_path: Path, limit: int | None) -> dict[str, object]:
    """Countries found against the editors' place tags; the tagged people found, by surname."""
    gazetteer = load_gazetteer()
    tags, people_tags = _reuters_tags(tags_path, gazetteer)
    true_positive = predicted = gold = articles = 0
    people_found = people_gold = 0
    wrong: Counter[str] = Counter()
    seconds = 0.0
    with articles_path.open() as lines:
        for line in lines:
            record = json.loads(line)
            if record["id"] not in tags:
                continue
            article = reuters_article(record)
            started = time.perf_counter()
            extract_entities(article, gazetteer)
            seconds += time.perf_counter() - started
            found = {
                CONTINUATORS.get(country, country)
                for p in article.places
                if (country := country_of(p, article.place_within.get(p, []), gazetteer))
            }
            expected = tags[record["id"]]
            true_positive += len(found & expected)
            predicted += len(found)
            gold += len(expected)
            wrong.update(found - expected)
            people = people_tags.get(record["id"], [])
            people_found += sum(_surname_found(tag, article.people) for tag in people)
            people_gold += len(people)
            articles += 1
            if limit and articles >= limit:
                break
    return {
        "articles": articles,
        "countries": prf(true_positive, predicted, gold),
        "countries_found_but_not_tagged": dict(wrong.most_common(10)),
        "people_recall_by_surname": round(people_found / people_gold, 4) if people_gold else None,
        "people_tagged": people_gold,
        "extraction_articles_per_second": round(articles / seconds, 1) if seconds else None,
    }


def _reuters_tags(tags_path: Path, gazetteer: Gazetteer) -> tuple[dict[str, set[str]], dict[str, list[str]]]:
    """Per article id: the tagged countries (of articles with place tags), and the tagged people."""
    places: dict[str, set[str]] = {}
    people: dict[str, list[str]] = {}
    for line in tags_path.read_text().splitlines():
        record = json.loads(line)
        if record["places"]:
            names = (
                gazetteer.canonical("place", REUTERS_CODES.get(c, c.replace("-", " ").title()))
                for c in record["places"]
            )
            places[record["id"]] = {CONTINUATORS.get(name, name) for name in names}
            people[record["id"]] = list(record["people"])
    return places, people


def _surname_found(tag: str, people: list[str]) -> bool:
    """The editors tag "james-baker", "volcker", "zhao-ziyang": a person whose name holds its last word."""
    surname = name_key(tag.split("-")[-1])
    return any(surname in name_key(person).split() for person in people)


def seed_document_scores(gold_path: Path) -> dict[str, object]:
    gold = json.loads(gold_path.read_text())
    article = read_text_article(ROOT / "corpus" / "diyaruna-mosul-isil-internal-tensions.txt", "seed")
    extract_entities(article, load_gazetteer())
    scores: dict[str, object] = {}
    for field in ("people", "places", "organisations"):
        # The publisher is the article's source (``article.source``), not one of its organisations.
        expected = {name_key(item["name"]) for item in gold[field] if item.get("role") != "publication"}
        found = {name_key(name) for name in getattr(article, field)}
        scores[field] = prf(len(expected & found), len(found), len(expected))
    return scores


def main() -> None:
    report: dict[str, object] = {}
    limit = None
    for arg in sys.argv[1:]:
        if arg.startswith("--reuters-limit="):
            limit = int(arg.split("=", 1)[1])
    conll = SHARED / "data" / "conll2003" / "valid.txt"
    if conll.exists():
        started = time.perf_counter()
        report["conll_valid_span"] = conll_span_scores(conll)
        report["conll_seconds"] = round(time.perf_counter() - started, 1)
    seed_gold = SHARED / "gold" / "seed-article.json"
    if seed_gold.exists():
        report["seed_document"] = seed_document_scores(seed_gold)
    reuters = SHARED / "data" / "reuters21578"
    if reuters.exists():
        report["reuters_country"] = reuters_country_scores(
            reuters / "articles.jsonl", reuters / "gold-tags.jsonl", limit
        )
    if "--json" in sys.argv:
        print(json.dumps(report, indent=2))
        return
    for section, scores in report.items():
        print(section, scores)


if __name__ == "__main__":
    main()
