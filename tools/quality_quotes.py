"""Quality report for quotes and speakers on PolNeAR dev (a script, not a test).

    python -m tools.quality_quotes [--json] [--show-errors] [--train]

Gold direct quotes are the ``Content`` spans that carry quotation marks; the
speaker is the ``Source`` span of the same ``Attribution``.

- precision: extracted quotes that overlap an annotated Content span;
- recall: gold direct quotes that an extracted quote overlaps;
- speaker accuracy: over matched pairs, the speaker as the text names it
  ("he", "Caddell") or as resolved ("Pat Caddell") shares a word with the
  gold Source span. Where the gold Source is a pronoun (PolNeAR does not
  resolve them), the pronoun itself must be what the extractor read.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from indexer.article import Article, Section
from indexer.entities.extract import extract_entities
from indexer.entities.gazetteer import load_gazetteer
from indexer.entities.quotes import FoundQuote, find_quotes

SHARED = Path(__file__).resolve().parents[2] / "shared"
POLNEAR_DEV = SHARED / "data" / "polnear" / "dev"
_PRONOUNS = frozenset({"he", "she", "they", "i", "we", "it"})
_STOP = frozenset({"the", "a", "an", "of", "and", "mr", "mrs", "ms", "dr", "his", "her", "its", "their"})


@dataclass
class GoldQuote:
    fragments: list[tuple[int, int]]
    text: str
    source: str | None
    quoted: bool


@dataclass
class Document:
    name: str
    text: str
    contents: list[GoldQuote] = field(default_factory=list)


def read_polnear(directory: Path) -> list[Document]:
    documents = []
    for ann in sorted((directory / "attributions").glob("*.ann")):
        text_path = directory / "text" / (ann.stem.rsplit("_", 1)[0] + ".txt")
        text = text_path.read_text(encoding="utf-8")
        spans: dict[str, tuple[str, list[tuple[int, int]], str]] = {}
        relations = []
        for line in ann.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if line.startswith("T") and len(parts) >= 3:
                kind, _, offsets = parts[1].partition(" ")
                fragments = [tuple(map(int, f.split())) for f in offsets.split(";")]
                spans[parts[0]] = (kind, fragments, parts[2])  # type: ignore[assignment]
            elif line.startswith("E"):
                relations.append(dict(role.split(":") for role in parts[1].split()[1:]))
        document = Document(ann.stem, text)
        for relation in relations:
            content = spans.get(relation.get("Content", ""))
            if not content:
                continue
            source = spans.get(relation.get("Source", ""))
            document.contents.append(
                GoldQuote(
                    fragments=content[1],
                    text=content[2],
                    source=source[2] if source else None,
                    quoted=bool(re.search(r"[\"“”]", content[2])),
                )
            )
        documents.append(document)
    return documents


def extracted_quotes(document: Document) -> list[tuple[int, int, FoundQuote]]:
    """Our quotes with their offsets in the document."""
    offsets = []
    paragraphs = []
    for match in re.finditer(r"[^\n]+", document.text):
        if match.group().strip():
            offsets.append(match.start())
            paragraphs.append(match.group())
    article = Article(
        id=document.name,
        path="",
        format="text",
        headline=None,
        sections=[Section(heading=None, paragraphs=paragraphs)],
    )
    extract_entities(article, load_gazetteer())
    return [(offsets[q.paragraph] + q.start, offsets[q.paragraph] + q.end, q) for q in find_quotes(article)]


def _words(text: str | None) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", (text or "").lower()) if w not in _STOP}


def _overlaps(start: int, end: int, fragments: list[tuple[int, int]]) -> bool:
    return any(start < f_end and f_start < end for f_start, f_end in fragments)


def score(directory: Path, show_errors: bool = False) -> dict[str, object]:
    extracted = matched_extracted = gold_total = gold_found = speaker_right = speaker_total = 0
    for document in read_polnear(directory):
        ours = extracted_quotes(document)
        gold = [g for g in document.contents if g.quoted]
        extracted += len(ours)
        for start, end, quote in ours:
            if any(_overlaps(start, end, g.fragments) for g in document.contents):
                matched_extracted += 1
            elif show_errors:
                print(f"FP {document.name}: {quote.text[:90]!r} ({quote.said_by})")
        for g in gold:
            gold_total += 1
            hits = [q for start, end, q in ours if _overlaps(start, end, g.fragments)]
            if not hits:
                if show_errors:
                    print(f"FN {document.name}: {g.text[:90]!r} ({g.source})")
                continue
            gold_found += 1
            if g.source:
                speaker_total += 1
                gold_words = _words(g.source)
                if g.source.strip().lower() in _PRONOUNS:
                    right = any((q.said_by or "").lower() == g.source.strip().lower() for q in hits)
                else:
                    right = any(gold_words & (_words(q.said_by) | _words(q.speaker)) for q in hits)
                if right:
                    speaker_right += 1
                elif show_errors:
                    print(
                        f"SPK {document.name}: gold {g.source!r} ours {hits[0].said_by!r}/{hits[0].speaker!r}"
                    )
    return {
        "extracted": extracted,
        "gold_direct_quotes": gold_total,
        "precision": round(matched_extracted / extracted, 4) if extracted else 0.0,
        "recall": round(gold_found / gold_total, 4) if gold_total else 0.0,
        "speaker_accuracy": round(speaker_right / speaker_total, 4) if speaker_total else 0.0,
    }


def main() -> None:
    if not POLNEAR_DEV.exists():
        sys.exit(f"{POLNEAR_DEV} is absent: this report needs ../shared/data")
    # --train scores the train split: a check that a change generalises beyond dev
    directory = POLNEAR_DEV.parent / "train" if "--train" in sys.argv else POLNEAR_DEV
    report = score(directory, show_errors="--show-errors" in sys.argv)
    print(json.dumps(report, indent=2) if "--json" in sys.argv else report)


if __name__ == "__main__":
    main()
