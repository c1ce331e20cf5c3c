"""Document-level quality of people, places and organisations on CoNLL-2003 (a script, not a test).

    python -m tools.quality_documents [valid|train] [--json] [--misses]

Each ``-DOCSTART-`` document is rebuilt as the plain-text file a wire story
would be (the headline, then one sentence a paragraph: the second is often
a dateline such as ``LONDON 1996-08-30``) and read by ``indexer.pipeline.parse``,
the function ``dateline parse`` calls. Per document, the set of gold names
of each kind is compared with the article's values: names are folded (case,
punctuation, transliteration), a value counts with every spelling the
article used for it, and a gold name counts with its canonical name, so
``U.S.`` is ``United States``; a leading "the" is dropped (The Oval is Oval).
MISC is ignored: its names are not scored, nor is a country read from one of
its demonyms (German gives Germany).

The article's publisher is its source (``article.source``), not one of its
organisations (the issue's rule): a gold organisation that is the source
under its own name ("Reuters" in a Reuters story) counts as found, as the
seed article's score in ``tools.quality_entities`` leaves its publication out.

``--misses`` prints the gold names not found and the values not in the gold,
each with the kind they were given instead, if any: where the errors go.
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from indexer.article import Article
from indexer.entities.classes import same_publisher
from indexer.entities.gazetteer import Gazetteer, load_gazetteer
from indexer.entities.names import name_key
from indexer.pipeline import parse
from tools.conll import ConllDocument, read_conll
from tools.quality_entities import prf

SHARED = Path(__file__).resolve().parents[2] / "shared"
KINDS = {"PER": "people", "LOC": "places", "ORG": "organisations"}
GAZETTEER_KINDS = {"people": "person", "places": "place", "organisations": "org"}


def document_text(doc: ConllDocument) -> str:
    """The headline, then one sentence a paragraph, tokens joined by spaces."""
    return "\n\n".join(" ".join(token for token, _ in sentence) for sentence in doc.sentences) + "\n"


def gold_names(doc: ConllDocument) -> dict[str, set[str]]:
    """Each kind's names as the document writes them (the text of its spans); MISC's too."""
    names: dict[str, set[str]] = {kind: set() for kind in [*KINDS.values(), "MISC"]}
    for start, end, label in doc.spans:
        names[KINDS.get(label, label)].add(doc.text[start:end])
    return names


def key(name: str) -> str:
    """A name folded for comparison; a leading "the" is no part of it (The Oval is Oval)."""
    folded = name_key(name)
    return folded[4:] if folded.startswith("the ") else folded


@dataclass
class Tally:
    counts: Counter[str] = field(default_factory=Counter)
    missed: Counter[str] = field(default_factory=Counter)  # "kind\tname\tgiven as"
    spurious: Counter[str] = field(default_factory=Counter)
    classes: Counter[str] = field(default_factory=Counter)  # "missed|spurious kind: class"
    documents: int = 0


def value_keys(article: Article, kind: str) -> dict[str, set[str]]:
    """Each value of a kind, with the folded keys of every spelling the article used for it."""
    return {
        value: {key(value)} | {key(s) for s in article.spellings.get(f"{kind}:{value}", [])}
        for value in getattr(article, kind)
    }


def gold_keys(name: str, kind: str, gazetteer: Gazetteer) -> set[str]:
    canonical = gazetteer.canonical(GAZETTEER_KINDS[kind], name)
    place = gazetteer.place(name) if kind == "places" else None
    return {key(name), key(canonical)} | ({key(place.name)} if place else set())


def misc_countries(gold: dict[str, set[str]], gazetteer: Gazetteer) -> set[str]:
    """The countries of the document's MISC demonyms (German, Palestinian): MISC is not scored,
    so a place read from one is neither right nor wrong."""
    countries = (gazetteer.country_of_demonym(name) for name in gold["MISC"])
    return {key(country) for country in countries if country}


def score_document(doc: ConllDocument, article: Article, gazetteer: Gazetteer, tally: Tally) -> None:
    gold = gold_names(doc)
    found = {kind: value_keys(article, kind) for kind in KINDS.values()}
    for kind in KINDS.values():
        expected = {name: gold_keys(name, kind, gazetteer) for name in gold[kind]}
        found_keys = set().union(*found[kind].values()) if found[kind] else set()
        gold_all = set().union(*expected.values()) if expected else set()
        for name, keys in expected.items():
            hit = bool(keys & found_keys) or (kind == "organisations" and _is_source(name, article))
            tally.counts[f"{kind}:gold"] += 1
            tally.counts[f"{kind}:found_gold"] += hit
            if not hit:
                given = _given_as(keys, found, kind)
                tally.missed[f"{kind}\t{name}\t{given}"] += 1
                tally.classes[f"missed {kind}: {_miss_class(doc, name, given, gazetteer)}"] += 1
        for value, keys in found[kind].items():
            right = bool(keys & gold_all)
            if not right and kind == "places" and keys & misc_countries(gold, gazetteer):
                continue
            tally.counts[f"{kind}:pred"] += 1
            tally.counts[f"{kind}:right"] += right
            if not right:
                gold_kind = _gold_kind_of(keys, gold, gazetteer, kind)
                tally.spurious[f"{kind}\t{value}\t{gold_kind}"] += 1
                tally.classes[f"spurious {kind}: {_spurious_class(keys, gold_all, gold_kind)}"] += 1
    tally.documents += 1


def _is_source(name: str, article: Article) -> bool:
    return bool(article.source) and same_publisher(name, article.source or "")


def _miss_class(doc: ConllDocument, name: str, given: str, gazetteer: Gazetteer) -> str:
    """Why a gold name was not found, as far as the text shows."""
    if given != "-":
        return f"given as {given}"
    lines = [" ".join(token for token, _ in sentence) for sentence in doc.sentences]
    where = [line for line in lines if f" {name} " in f" {line} "]
    if where and all(_is_shouted(line) for line in where):
        return "in capitals only (headline, table)"
    if where and all(_is_table(line) for line in where):
        return "in table lines only"
    place = gazetteer.place(name)
    if place and place.kind == "country" and len(where) == 1:
        return "a country named once (dropped as passing)"
    return "not tagged, or tagged as part of another name"


def _is_shouted(line: str) -> bool:
    words = [w for w in line.split() if w[:1].isalpha() and len(w) > 1]
    return sum(w.isupper() for w in words) > 0.6 * max(1, len(words))


def _is_table(line: str) -> bool:
    """A line of a results table: as many numbers as words, about."""
    tokens = line.split()
    return sum(t[:1].isdigit() for t in tokens) >= 0.3 * len(tokens)


def _spurious_class(keys: set[str], gold_all: set[str], gold_kind: str) -> str:
    if gold_kind != "-":
        return f"gold says {gold_kind}"
    words = {word for k in keys for word in k.split()}
    if any(words & set(g.split()) for g in gold_all):
        return "shares a word with a gold name (a fragment, or names glued)"
    return "no gold name (not a name, or MISC)"


def _given_as(keys: set[str], found: dict[str, dict[str, set[str]]], kind: str) -> str:
    for other, values in found.items():
        if other != kind and any(keys & k for k in values.values()):
            return other
    return "-"


def _gold_kind_of(keys: set[str], gold: dict[str, set[str]], gazetteer: Gazetteer, kind: str) -> str:
    for other, names in gold.items():
        if other not in (kind, "MISC") and any(keys & gold_keys(n, other, gazetteer) for n in names):
            return other
    return "-"


def parsed_documents(path: Path) -> Iterator[tuple[ConllDocument, Article]]:
    """Each document with the Article ``dateline parse`` reads from its text file."""
    with tempfile.TemporaryDirectory() as folder:
        for number, doc in enumerate(read_conll(path)):
            text_file = Path(folder) / f"doc{number:04d}.txt"
            text_file.write_text(document_text(doc), encoding="utf-8")
            result = parse(text_file, text_file.stem)
            text_file.unlink()
            if result.articles:
                yield doc, result.articles[0]


def conll_document_scores(path: Path, tally: Tally | None = None) -> dict[str, dict[str, float]]:
    gazetteer = load_gazetteer()
    tally = tally if tally is not None else Tally()
    for doc, article in parsed_documents(path):
        score_document(doc, article, gazetteer, tally)
    c = tally.counts
    scores = {}
    for kind in KINDS.values():
        precision = prf(c[f"{kind}:right"], c[f"{kind}:pred"], 1)["precision"]
        recall = prf(c[f"{kind}:found_gold"], 1, c[f"{kind}:gold"])["recall"]
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        scores[kind] = {"precision": precision, "recall": recall, "f1": round(f1, 4)}
    return scores


def main() -> None:
    split = next((a for a in sys.argv[1:] if not a.startswith("--")), "valid")
    path = SHARED / "data" / "conll2003" / f"{split}.txt"
    if not path.exists():
        sys.exit(f"Error: {path}: absent (../shared comes with the project's workspace)")
    tally = Tally()
    scores = conll_document_scores(path, tally)
    if "--json" in sys.argv:
        print(json.dumps({"documents": tally.documents, "scores": scores}, indent=2))
    else:
        print(f"CoNLL-2003 {split}, {tally.documents} documents, through dateline parse")
        for kind, figures in scores.items():
            print(
                f"  {kind:14} P {figures['precision']:.3f}  R {figures['recall']:.3f}  F1 {figures['f1']:.3f}"
            )
    if "--json" not in sys.argv:
        print("where the errors go (count, class):")
        for line, count in sorted(tally.classes.items()):
            print(f"  {count:4}  {line}")
    if "--misses" in sys.argv:
        for title, counter in (("missed", tally.missed), ("spurious", tally.spurious)):
            print(f"# {title}: kind, name, given as / gold kind, count")
            for line, count in counter.most_common():
                print(f"{title}\t{line}\t{count}")


if __name__ == "__main__":
    main()
