"""Quality report for the HTML reader on readability-pages (a script, not a test).

    python -m tools.quality_html [--show-errors]

- headline: exact match with Readability's expected title, case and white space folded;
- byline found: pages with an expected byline where ours names the same people;
- byline invented: pages with no expected byline where we report one anyway.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from indexer.article import Article
from indexer.entities.names import name_key
from indexer.errors import ArticleReadError
from indexer.readers.html import read_html_article

PAGES = Path(__file__).resolve().parents[2] / "shared" / "data" / "readability-pages"


def _fold(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


def _same_people(expected: str, ours: list[str]) -> bool:
    """Every name we report is in the expected byline (which may add a role: "Brenda Goodman, MA, WebMD")."""
    words = set(name_key(expected).split())
    return bool(ours) and all(set(name_key(name).split()) <= words for name in ours)


def score(pages: Path, show_errors: bool = False) -> dict[str, object]:
    total = headline_right = with_byline = byline_right = without_byline = invented = 0
    for folder in sorted(p for p in pages.iterdir() if (p / "source.html").exists()):
        expected = json.loads((folder / "expected-metadata.json").read_text())
        try:
            article = read_html_article(folder / "source.html", folder.name)
        except ArticleReadError:  # no title, no text: nothing to report
            article = Article(id=folder.name, path="", format="html")
        total += 1
        if _fold(article.headline) == _fold(expected.get("title")):
            headline_right += 1
        elif show_errors:
            print(f"HEADLINE {folder.name}: {article.headline!r} expected {expected.get('title')!r}")
        if expected.get("byline"):
            with_byline += 1
            if _same_people(expected["byline"], article.byline):
                byline_right += 1
            elif show_errors:
                print(f"BYLINE {folder.name}: {article.byline!r} expected {expected['byline']!r}")
        else:
            without_byline += 1
            if article.byline:
                invented += 1
                if show_errors:
                    print(f"INVENTED {folder.name}: {article.byline!r}")
    return {
        "pages": total,
        "headline_exact": round(headline_right / total, 4),
        "byline_found": round(byline_right / with_byline, 4) if with_byline else 0.0,
        "byline_invented": round(invented / without_byline, 4) if without_byline else 0.0,
    }


def main() -> None:
    if not PAGES.exists():
        sys.exit(f"{PAGES} is absent: this report needs ../shared/data")
    print(score(PAGES, show_errors="--show-errors" in sys.argv))


if __name__ == "__main__":
    main()
