"""Facet audit on the shared archive (a script, not a test).

    python -m tools.audit_facets [--index DIR] [--rebuild] [--jobs N] [--json] [--drafts]

Indexes the shared archive (Reuters-21578, BBC, Wikinews and corpus/) with the
``dateline`` binary into a cached index (reused unless ``--rebuild``), then,
through the library API only (``search.Archive``):

1. the top 50 values of people, organisations, places and speakers, with
   counts and two example headlines each, scored against
   ``tools/audit/facets.tsv`` (``ok`` / ``junk`` / ``duplicate-of X``);
2. for each place whose name is also a word (Split, Mobile, …), a seeded
   sample of up to 10 of its articles, scored against
   ``tools/audit/word_places.tsv`` (``about`` / ``not-about``);
3. a seeded sample of 100 quotes over all quotes, scored against
   ``tools/audit/quotes.tsv`` (speaker ``right`` / ``wrong`` /
   ``none-expected``; text ``clean`` / ``trailing-comma`` / ``fragment`` /
   ``other``).

Values no judgement covers are listed as unjudged (``--drafts`` prints them
as TSV lines to judge and paste), so the files grow as the extractor changes.
A judged quote whose text or speaker the extractor now writes differently is
unjudged again: its judgement was about other output.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from indexer.article import Article
from indexer.errors import AuditFileError, DatelineError, IndexMissingError
from search.archive import Archive
from search.query import Query, QuoteQuery
from search.results import QuoteHit

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"
ARCHIVE_PATHS = (
    SHARED_DATA / "reuters21578" / "articles.jsonl",
    SHARED_DATA / "bbc",
    SHARED_DATA / "wikinews",
    ROOT / "corpus",
)
DEFAULT_INDEX = ROOT / ".dateline" / "audit-index"
AUDIT_DIR = ROOT / "tools" / "audit"  # the judgement files
FACETS_FILE = "facets.tsv"
WORD_PLACES_FILE = "word_places.tsv"
QUOTES_FILE = "quotes.tsv"
# The code whose output the index holds: an index built by other code is stale.
EXTRACTOR_SOURCES = (ROOT / "indexer",)

TOP = 50
SEED = 1516  # issues 15 and 16
WORD_PLACE_SAMPLE = 10
QUOTE_SAMPLE = 100
PAGE = 1000  # the API's largest page
EXAMPLE_POOL = 20  # hits read to find two examples that carry the value itself

# The facet → the Query attribute that filters on it.
FACETS = {"people": "people", "organisations": "orgs", "places": "places", "speakers": "speakers"}
# Places whose names are also common words, surnames or given names (issue 15, point 4, and
# more found in the archive's places facet).
# Issue 15's own list, the one its target counts.
ISSUE_WORD_PLACES: tuple[str, ...] = ("Split", "Mobile", "Hit", "Bell", "George", "Reading", "Nice", "Bath")
ISSUE_WORD_PLACES += ("Orange", "Victoria", "Jersey", "West")
WORD_PLACES = (
    *ISSUE_WORD_PLACES,
    *("Este", "Will", "Republic", "Bank", "Federal", "Dome"),
    *("Cocoa", "Delta", "WALL", "DEAL", "Troy", "Midland", "Sale", "Wells"),
)
SPEAKER_VERDICTS = ("right", "wrong", "none-expected")
TEXT_VERDICTS = ("clean", "trailing-comma", "fragment", "other")


# ---------------------------------------------------------------- the index


def extractor_stamp() -> str:
    """A digest of the indexing code and data: the index is stale when it changes."""
    digest = hashlib.sha256()
    for folder in EXTRACTOR_SOURCES:
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def stamp_file(index_dir: Path) -> Path:
    # Beside the index, not in it: the index folder holds only what dateline writes.
    return index_dir.parent / f"{index_dir.name}.extractor"


def index_is_current(index_dir: Path) -> bool:
    stamp = stamp_file(index_dir)
    return stamp.exists() and stamp.read_text().strip() == extractor_stamp() and _opens(index_dir)


def _opens(index_dir: Path) -> bool:
    try:
        Archive(index_dir).close()
    except IndexMissingError:
        return False
    return True


def dateline_binary() -> Path:
    """The ``dateline`` installed beside this Python (the venv's)."""
    return Path(sys.executable).parent / "dateline"


def build_index(index_dir: Path, jobs: int, paths: Iterable[Path] = ARCHIVE_PATHS) -> float:
    """Index the archive from scratch with the dateline binary; returns the seconds it took."""
    index_dir.parent.mkdir(parents=True, exist_ok=True)
    stamp = extractor_stamp()
    started = time.perf_counter()
    command = [str(dateline_binary()), "index", *map(str, paths), "--index", str(index_dir)]
    command += ["--jobs", str(jobs), "--full", "--quiet"]
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    if completed.returncode not in (0, 3):  # 3: some articles failed, the rest indexed
        raise DatelineError(f"{index_dir}: dateline index failed: {completed.stderr.strip()}")
    stamp_file(index_dir).write_text(stamp + "\n")
    return time.perf_counter() - started


# ---------------------------------------------------------------- judgement files


@dataclass(frozen=True)
class Verdict:
    verdict: str  # ok, junk or duplicate
    of: str = ""  # for duplicate: the value it duplicates
    note: str = ""


def _rows(path: Path, columns: int) -> Iterator[tuple[int, list[str]]]:
    """The TSV rows of a judgement file, padded to ``columns``; ``#`` lines are comments."""
    if not path.exists():
        return
    for line_no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) < columns - 1:
            raise AuditFileError(path, line_no, f"{len(cells)} tab-separated columns, expected {columns}")
        yield line_no, [cell.strip() for cell in cells] + [""] * (columns - len(cells))


@dataclass(frozen=True)
class Judgements:
    facets: dict[tuple[str, str], Verdict]
    word_places: dict[tuple[str, str], str]
    quotes: dict[tuple[str, int], QuoteJudgement]


def read_judgements(folder: Path = AUDIT_DIR) -> Judgements:
    """The three judgement files of a folder (a file not there: nothing judged yet)."""
    if not folder.is_dir():
        raise AuditFileError(folder, 0, "no such folder of judgement files")
    return Judgements(
        read_facet_judgements(folder / FACETS_FILE),
        read_place_judgements(folder / WORD_PLACES_FILE),
        read_quote_judgements(folder / QUOTES_FILE),
    )


def read_facet_judgements(path: Path) -> dict[tuple[str, str], Verdict]:
    judged: dict[tuple[str, str], Verdict] = {}
    for line_no, (facet, value, verdict, note, *_) in _rows(path, 4):
        if facet not in FACETS:
            raise AuditFileError(path, line_no, f"unknown facet {facet!r} (facets: {', '.join(FACETS)})")
        judged[(facet, value)] = _verdict(path, line_no, verdict, note)
    return judged


def _verdict(path: Path, line_no: int, verdict: str, note: str) -> Verdict:
    if verdict in ("ok", "junk"):
        return Verdict(verdict, note=note)
    if verdict.startswith("duplicate-of ") and verdict[len("duplicate-of ") :].strip():
        return Verdict("duplicate", verdict[len("duplicate-of ") :].strip(), note)
    raise AuditFileError(path, line_no, f"verdict {verdict!r} is not ok, junk or duplicate-of VALUE")


def read_place_judgements(path: Path) -> dict[tuple[str, str], str]:
    judged: dict[tuple[str, str], str] = {}
    for line_no, (place, article_id, verdict, *_) in _rows(path, 4):
        if verdict not in ("about", "not-about"):
            raise AuditFileError(path, line_no, f"verdict {verdict!r} is not about or not-about")
        judged[(place, article_id)] = verdict
    return judged


@dataclass(frozen=True)
class QuoteJudgement:
    speaker: str
    text: str
    speaker_verdict: str
    text_verdict: str


def read_quote_judgements(path: Path) -> dict[tuple[str, int], QuoteJudgement]:
    judged: dict[tuple[str, int], QuoteJudgement] = {}
    for line_no, (article_id, position, speaker, s_verdict, t_verdict, text, *_) in _rows(path, 7):
        if s_verdict not in SPEAKER_VERDICTS or t_verdict not in TEXT_VERDICTS:
            raise AuditFileError(
                path,
                line_no,
                f"verdicts {s_verdict!r}, {t_verdict!r}: speaker is one of {', '.join(SPEAKER_VERDICTS)}; "
                f"text one of {', '.join(TEXT_VERDICTS)}",
            )
        if not position.isdigit():
            raise AuditFileError(path, line_no, f"position {position!r} is not a number")
        judged[(article_id, int(position))] = QuoteJudgement(speaker, one_line(text), s_verdict, t_verdict)
    return judged


def one_line(text: str) -> str:
    """A quote's text as a TSV cell: whitespace (tabs, newlines) folded to single spaces."""
    return " ".join(text.split())


# ---------------------------------------------------------------- facets


@dataclass
class ScoredValue:
    value: str
    count: int
    examples: list[str]
    verdict: str | None  # None: unjudged
    of: str = ""
    filter_total: int = 0  # articles the value's filter finds: more than count when it resolves wider


@dataclass
class FacetAudit:
    facet: str
    top: list[ScoredValue]
    junk: int = 0
    duplicates: int = 0
    unjudged: list[str] = field(default_factory=list)

    @property
    def share(self) -> float:
        return (self.junk + self.duplicates) / len(self.top) if self.top else 0.0


def audit_facet(archive: Archive, facet: str, judged: dict[tuple[str, str], Verdict]) -> FacetAudit:
    top = [
        _scored(archive, facet, value.value, value.count, judged.get((facet, value.value)))
        for value in archive.facet(facet)[:TOP]
    ]
    return FacetAudit(
        facet=facet,
        top=top,
        junk=sum(v.verdict == "junk" for v in top),
        duplicates=sum(v.verdict == "duplicate" for v in top),
        unjudged=[v.value for v in top if v.verdict is None],
    )


def _scored(archive: Archive, facet: str, value: str, count: int, verdict: Verdict | None) -> ScoredValue:
    request = Query(limit=EXAMPLE_POOL, facet_limit=0)
    setattr(request, FACETS[facet], [value])
    found = archive.search(request)
    # The filter resolves names (--person Brown also finds Gordon Brown): the examples are
    # articles that carry this very value, where the first page has them.
    exact = [hit for hit in found.hits if value in _values(archive.article(hit.id), facet)]
    examples = [hit.headline or hit.id for hit in (exact or found.hits)[:2]]
    scored = ScoredValue(value, count, examples, None, filter_total=found.total)
    if verdict is not None:
        scored.verdict, scored.of = verdict.verdict, verdict.of
    return scored


def _values(article: Article, facet: str) -> list[str]:
    if facet == "speakers":
        return [quote.speaker for quote in article.quotes if quote.speaker]
    return list(getattr(article, "organisations" if facet == "organisations" else facet))


# ---------------------------------------------------------------- word-like places


@dataclass
class PlaceSample:
    place: str
    articles: int
    sample: list[tuple[str, str]]  # (article id, headline)
    about: int = 0
    not_about: int = 0
    unjudged: list[str] = field(default_factory=list)


def audit_word_places(archive: Archive, judged: dict[tuple[str, str], str]) -> list[PlaceSample]:
    in_archive = {value.value for value in archive.facet("places")}
    return [_place_sample(archive, place, judged) for place in WORD_PLACES if place in in_archive]


def _place_sample(archive: Archive, place: str, judged: dict[tuple[str, str], str]) -> PlaceSample:
    tagged = sorted(_all_hits(archive, Query(places=[place])))
    sample = sorted(random.Random(f"{SEED}:{place}").sample(tagged, min(WORD_PLACE_SAMPLE, len(tagged))))
    verdicts = [judged.get((place, article_id)) for article_id, _ in sample]
    return PlaceSample(
        place=place,
        articles=len(tagged),
        sample=sample,
        about=verdicts.count("about"),
        not_about=verdicts.count("not-about"),
        unjudged=[article_id for (article_id, _), v in zip(sample, verdicts, strict=True) if v is None],
    )


def _all_hits(archive: Archive, request: Query) -> Iterator[tuple[str, str]]:
    page = 1
    while True:
        request.page, request.limit, request.facet_limit = page, PAGE, 0
        found = archive.search(request)
        yield from ((hit.id, hit.headline or "") for hit in found.hits)
        if page * PAGE >= found.total:
            return
        page += 1


# ---------------------------------------------------------------- quotes


@dataclass
class QuoteAudit:
    total: int
    sample: list[QuoteHit]
    speaker: dict[str, int]
    text: dict[str, int]
    speaker_where_none_expected: int  # a speaker given to a quote whose text names no one
    unjudged: list[QuoteHit]

    @property
    def speaker_accuracy(self) -> float:
        named = self.speaker["right"] + self.speaker["wrong"]
        return self.speaker["right"] / named if named else 0.0

    @property
    def clean_share(self) -> float:
        judged = sum(self.text.values())
        return self.text["clean"] / judged if judged else 0.0


def all_quotes(archive: Archive) -> list[QuoteHit]:
    """Every quote, in an order that does not depend on how the index was written."""
    quotes: list[QuoteHit] = []
    page = 1
    while True:
        found = archive.quotes(QuoteQuery(page=page, limit=PAGE))
        quotes += found.hits
        if page * PAGE >= found.total:
            break
        page += 1
    return sorted(quotes, key=lambda quote: (quote.article_id, quote.position))


def audit_quotes(archive: Archive, judged: dict[tuple[str, int], QuoteJudgement]) -> QuoteAudit:
    quotes = all_quotes(archive)
    sample = sorted(
        random.Random(SEED).sample(quotes, min(QUOTE_SAMPLE, len(quotes))),
        key=lambda quote: (quote.article_id, quote.position),
    )
    speaker = dict.fromkeys(SPEAKER_VERDICTS, 0)
    text = dict.fromkeys(TEXT_VERDICTS, 0)
    given_where_none = 0
    unjudged = []
    for quote in sample:
        judgement = _current_judgement(quote, judged)
        if judgement is None:
            unjudged.append(quote)
            continue
        speaker[judgement.speaker_verdict] += 1
        text[judgement.text_verdict] += 1
        given_where_none += judgement.speaker_verdict == "none-expected" and bool(quote.speaker)
    return QuoteAudit(len(quotes), sample, speaker, text, given_where_none, unjudged)


def _current_judgement(
    quote: QuoteHit, judged: dict[tuple[str, int], QuoteJudgement]
) -> QuoteJudgement | None:
    """The judgement of this quote, if it judged this very text and speaker."""
    judgement = judged.get((quote.article_id, quote.position))
    if (
        judgement is None
        or judgement.text != one_line(quote.text)
        or judgement.speaker != (quote.speaker or "")
    ):
        return None
    return judgement


# ---------------------------------------------------------------- the report


@dataclass
class Audit:
    index: str
    articles: int
    index_seconds: float | None  # None: a cached index was reused
    audit_seconds: float
    facets: list[FacetAudit]
    word_places: list[PlaceSample]
    quotes: QuoteAudit

    @property
    def word_places_about(self) -> float:
        return _about_share(self.word_places)

    @property
    def issue_word_places_about(self) -> float:
        return _about_share([p for p in self.word_places if p.place in ISSUE_WORD_PLACES])


def _about_share(places: list[PlaceSample]) -> float:
    about = sum(p.about for p in places)
    judged = about + sum(p.not_about for p in places)
    return about / judged if judged else 0.0


def run_audit(index_dir: Path, judged: Judgements) -> Audit:
    started = time.perf_counter()
    with Archive(index_dir) as archive:
        facets = [audit_facet(archive, facet, judged.facets) for facet in FACETS]
        places = audit_word_places(archive, judged.word_places)
        quotes = audit_quotes(archive, judged.quotes)
        articles = archive.count()
    return Audit(str(index_dir), articles, None, time.perf_counter() - started, facets, places, quotes)


def figures(audit: Audit) -> dict[str, Any]:
    """The audit's figures as JSON-ready data."""
    return {
        "index": audit.index,
        "articles": audit.articles,
        "index_seconds": None if audit.index_seconds is None else round(audit.index_seconds, 1),
        "audit_seconds": round(audit.audit_seconds, 1),
        "facets": {
            f.facet: {
                "junk": f.junk,
                "duplicates": f.duplicates,
                "share": round(f.share, 4),
                "unjudged": f.unjudged,
                "top": [asdict(v) for v in f.top],
            }
            for f in audit.facets
        },
        "word_places": {
            "about_share": round(audit.word_places_about, 4),
            "issue_list_about_share": round(audit.issue_word_places_about, 4),
            "places": [asdict(p) for p in audit.word_places],
        },
        "quotes": {
            "total": audit.quotes.total,
            "sampled": len(audit.quotes.sample),
            "speaker": audit.quotes.speaker,
            "speaker_accuracy": round(audit.quotes.speaker_accuracy, 4),
            "speaker_where_none_expected": audit.quotes.speaker_where_none_expected,
            "text": audit.quotes.text,
            "clean_share": round(audit.quotes.clean_share, 4),
            "unjudged": [asdict(q) for q in audit.quotes.unjudged],
        },
    }


def print_report(audit: Audit) -> None:
    built = "reused" if audit.index_seconds is None else f"built in {audit.index_seconds:.1f} s"
    print(f"Index {audit.index} ({audit.articles:,} articles, {built}); audit {audit.audit_seconds:.1f} s\n")
    for facet in audit.facets:
        _print_facet(facet)
    _print_places(audit)
    _print_quotes(audit.quotes)


def _print_facet(facet: FacetAudit) -> None:
    print(f"== {facet.facet}: top {len(facet.top)}")
    for rank, value in enumerate(facet.top, 1):
        verdict = {None: "UNJUDGED", "duplicate": f"duplicate-of {value.of}"}.get(
            value.verdict, value.verdict
        )
        wider = f", its filter finds {value.filter_total:,}" if value.filter_total > value.count else ""
        print(f"{rank:3}. {value.value} ({value.count:,}{wider}) [{verdict}]")
        for headline in value.examples:
            print(f"       - {headline}")
    print(
        f"-- {facet.facet}: junk {facet.junk}, duplicates {facet.duplicates}, "
        f"(junk+dup)/{len(facet.top)} = {facet.share:.0%}; unjudged {len(facet.unjudged)}"
        + (f": {', '.join(facet.unjudged)}" if facet.unjudged else "")
        + "\n"
    )


def _print_places(audit: Audit) -> None:
    print("== word-like places: a seeded sample of each one's articles")
    for place in audit.word_places:
        judged = place.about + place.not_about
        print(
            f"{place.place}: {place.articles} articles; about {place.about} of {judged} judged"
            + (f"; unjudged {', '.join(place.unjudged)}" if place.unjudged else "")
        )
    print(
        f"-- about the place: {audit.word_places_about:.0%} of the judged sample; "
        f"{audit.issue_word_places_about:.0%} for issue 15's list ({', '.join(ISSUE_WORD_PLACES)})\n"
    )


def _print_quotes(quotes: QuoteAudit) -> None:
    print(f"== quotes: a seeded sample of {len(quotes.sample)} of {quotes.total:,}")
    print(f"speaker: {quotes.speaker}; accuracy {quotes.speaker_accuracy:.0%} (right / (right + wrong))")
    print(f"  a speaker given where none is expected: {quotes.speaker_where_none_expected}")
    print(f"text: {quotes.text}; clean {quotes.clean_share:.0%}")
    if quotes.unjudged:
        print(f"unjudged: {len(quotes.unjudged)}")
        for quote in quotes.unjudged:
            print(f"  {quote.article_id} #{quote.position} [{quote.speaker}] {one_line(quote.text)[:100]}")


def print_drafts(audit: Audit) -> None:
    """The unjudged values as TSV lines with '?' verdicts, to judge and paste into the files."""
    print(f"# {FACETS_FILE}")
    for facet in audit.facets:
        for value in facet.top:
            if value.verdict is None:
                print(f"{facet.facet}\t{value.value}\t?\t{value.count}; {' | '.join(value.examples)}")
    print(f"# {WORD_PLACES_FILE}")
    for place in audit.word_places:
        for article_id, headline in place.sample:
            if article_id in place.unjudged:
                print(f"{place.place}\t{article_id}\t?\t{headline}")
    print(f"# {QUOTES_FILE}")
    for quote in audit.quotes.unjudged:
        cells = [
            quote.article_id,
            str(quote.position),
            quote.speaker or "",
            "?",
            "?",
            one_line(quote.text),
            "",
        ]
        print("\t".join(cells))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.audit_facets", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--index", type=Path, default=DEFAULT_INDEX, help=f"cached index (default {DEFAULT_INDEX})"
    )
    parser.add_argument("--judgements", type=Path, default=AUDIT_DIR, help="folder of the judgement files")
    parser.add_argument("--rebuild", action="store_true", help="index the archive again even if cached")
    parser.add_argument("--jobs", type=int, default=2, help="indexing worker processes (default 2)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--drafts", action="store_true", help="print unjudged values as TSV lines to judge")
    args = parser.parse_args(argv)
    try:
        return _run(args)
    except DatelineError as err:
        print(f"Error: {err}", file=sys.stderr)
        return 1


def _run(args: argparse.Namespace) -> int:
    judged = read_judgements(args.judgements)  # a broken file is reported before a long build
    missing = [path for path in ARCHIVE_PATHS if not path.exists()]
    index_seconds = None
    if args.rebuild or not index_is_current(args.index):
        if missing:
            raise DatelineError(f"{missing[0]}: the shared archive is absent (../shared/data)")
        index_seconds = build_index(args.index, args.jobs)
    audit = run_audit(args.index, judged)
    audit.index_seconds = index_seconds
    if args.drafts:
        print_drafts(audit)
    elif args.json:
        print(json.dumps(figures(audit), indent=2, ensure_ascii=False))
    else:
        print_report(audit)
    return 0


if __name__ == "__main__":
    sys.exit(main())
