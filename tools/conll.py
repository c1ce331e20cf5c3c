"""Read CoNLL-2003 into documents: text rebuilt from tokens, with entity spans by character offset."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class ConllDocument:
    text: str = ""
    spans: set[tuple[int, int, str]] = field(default_factory=set)  # (start, end, PER|LOC|ORG|MISC)
    sentences: list[list[tuple[str, str]]] = field(default_factory=list)  # (token, IOB2 tag)


def read_conll(path: Path) -> Iterator[ConllDocument]:
    doc = ConllDocument()
    sentence: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("-DOCSTART-"):
            if sentence:
                doc.sentences.append(sentence)
                sentence = []
            if doc.sentences:
                yield _finish(doc)
            doc = ConllDocument()
        elif not line.strip():
            if sentence:
                doc.sentences.append(sentence)
                sentence = []
        else:
            parts = line.split()
            sentence.append((parts[0], parts[-1]))
    if sentence:
        doc.sentences.append(sentence)
    if doc.sentences:
        yield _finish(doc)


def _finish(doc: ConllDocument) -> ConllDocument:
    """One sentence a line, tokens joined by spaces; spans from the IOB2 tags."""
    pieces: list[str] = []
    offset = 0
    for sentence in doc.sentences:
        current: tuple[int, str] | None = None
        end = offset
        for token, tag in sentence:
            start = offset
            pieces.append(token + " ")
            offset += len(token) + 1
            if tag.startswith("B-") or (tag.startswith("I-") and (current is None or current[1] != tag[2:])):
                if current:
                    doc.spans.add((current[0], end, current[1]))
                current = (start, tag[2:])
            elif tag == "O" and current:
                doc.spans.add((current[0], end, current[1]))
                current = None
            end = start + len(token)
        if current:
            doc.spans.add((current[0], end, current[1]))
        pieces[-1] = pieces[-1][:-1] + "\n"
    doc.text = "".join(pieces)
    return doc
