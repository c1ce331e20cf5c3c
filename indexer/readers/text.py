"""Read a plain-text article into its fields.

The text is cut into blocks at blank lines. The reader then walks it in
four stages:

1. cut the reader-comment thread off the end (a count or form heading);
2. drop page furniture anywhere (reader polls, share buttons, counters);
3. read the header: kicker, headline, byline, date and photo captions;
4. read the body: paragraphs, with short unpunctuated lines opening sections.
"""

from __future__ import annotations

from pathlib import Path

from indexer.article import Article, Comment, Section
from indexer.dates import parse_date
from indexer.errors import ArticleReadError
from indexer.readers import cues
from indexer.readers.encoding import decode_text

MAX_HEADER_BLOCKS = 8


def read_text_article(path: Path, article_id: str) -> Article:
    text = decode_text(path.read_bytes(), str(path))
    return parse_text_article(text, article_id=article_id, path=str(path))


def parse_text_article(text: str, *, article_id: str, path: str) -> Article:
    blocks = _blocks(text)
    if not blocks:
        raise ArticleReadError(path, "no text (only white space)")
    story_blocks, comment_blocks = _split_comments(blocks)
    story = _drop_boilerplate(story_blocks)
    article = Article(id=article_id, path=path, format="text")
    body_start = _read_header(story, article)
    _read_body(story[body_start:], article)
    article.comments = [_comment(block) for block in comment_blocks]
    read_dateline_and_source(article)
    return article


def _blocks(text: str) -> list[list[str]]:
    blocks: list[list[str]] = []
    current: list[str] = []
    for raw_line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = " ".join(raw_line.split())
        if line:
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _split_comments(blocks: list[list[str]]) -> tuple[list[list[str]], list[list[str]]]:
    """Everything from a comment-thread header on is reader comments."""
    for index, block in enumerate(blocks):
        if index < 2:
            continue
        for line_no, line in enumerate(block):
            if cues.is_comment_header(line):
                rest = [block[line_no + 1 :], *blocks[index + 1 :]]
                kept = blocks[:index] + ([block[:line_no]] if line_no else [])
                comments = [
                    [ln for ln in b if not cues.is_comment_header(ln) and not cues.is_boilerplate(ln)]
                    for b in rest
                ]
                return kept, [b for b in comments if b]
    return blocks, []


def _drop_boilerplate(blocks: list[list[str]]) -> list[str]:
    kept: list[str] = []
    for block in blocks:
        lines = [line for line in block if not cues.is_boilerplate(line)]
        if lines:
            kept.append("\n".join(lines))
    return kept


def _read_header(blocks: list[str], article: Article) -> int:
    """Fill kicker, headline, byline, date and captions; return where the body starts."""
    if not blocks:
        return 0
    first, _, rest = blocks[0].partition("\n")
    if rest:  # a headline typed straight above its first paragraph
        blocks[0:1] = [first, rest]
    second = blocks[1] if len(blocks) > 1 else ""
    index = 0
    if _is_kicker(first, second):
        article.kicker, article.headline, index = first, second, 2
    elif cues.byline_names(first) is None:
        article.headline, index = first, 1
    while index < min(len(blocks), MAX_HEADER_BLOCKS) and _take_header_block(blocks[index], article):
        index += 1
    return index


def _is_kicker(first: str, second: str) -> bool:
    return (
        cues.is_label(first)
        and cues.is_title_like(second, max_words=20)
        and cues.word_count(first) < cues.word_count(second)
        and cues.byline_names(second) is None
        and parse_date(second) is None
    )


def _take_header_block(block: str, article: Article) -> bool:
    names = cues.byline_names(block)
    if names is not None and not article.byline:
        article.byline = names
        return True
    if article.date is None and "\n" not in block and cues.word_count(block) <= 8:
        date = parse_date(block)
        if date:
            article.date, article.date_written = date, block
            return True
    if cues.is_caption(block):
        _add_caption(article, block)
        return True
    return False


def _add_caption(article: Article, block: str) -> None:
    caption = " ".join(block.split("\n"))
    if caption not in article.captions:
        article.captions.append(caption)


def _read_body(blocks: list[str], article: Article) -> None:
    sections = [Section(heading=None)]
    previous: str | None = None
    for position, block in enumerate(blocks):
        if block == previous:
            continue  # pasted pages repeat a caption or a pull-quote
        previous = block
        if cues.is_caption(block):
            _add_caption(article, block)
            continue
        following = blocks[position + 1] if position + 1 < len(blocks) else None
        if _opens_section(block, sections, following):
            sections.append(Section(heading=block))
            continue
        sections[-1].paragraphs.append(" ".join(block.split("\n")))
    article.sections = [s for s in sections if s.paragraphs or s.heading]


def _opens_section(block: str, sections: list[Section], following: str | None) -> bool:
    body_started = any(s.paragraphs for s in sections)
    return (
        body_started
        and bool(sections[-1].paragraphs)
        and following is not None
        and cues.is_heading(block)
        and cues.is_paragraph(following)
        and not cues.is_heading(following)
    )


def _comment(block: list[str]) -> Comment:
    text, author, location = cues.split_signature("\n".join(block))
    return Comment(text=text, author=author, location=location)


def drop_sign_off(article: Article) -> None:
    """A sign-off closing the story ("REUTER", "AP") is not a word of it, nor a name in it."""
    last = next((s for s in reversed(article.sections) if s.paragraphs), None)
    if last is None:
        return
    kept = cues.without_sign_off(last.paragraphs[-1])
    if kept:
        last.paragraphs[-1] = kept
    else:
        last.paragraphs.pop()


def read_dateline_and_source(article: Article) -> None:
    """The lede's dateline ("MOSUL, Iraq —") and the source it or the story names."""
    paragraphs = [p for s in article.sections for p in s.paragraphs]
    if not paragraphs:
        return
    found = cues.dateline_of(paragraphs[0])
    if found:
        article.dateline = found.place
        article.source = article.source or found.agency
        if article.date is None and found.date:
            article.date = parse_date(found.date)
            article.date_written = found.date if article.date else None
    article.source = article.source or cues.outlet_told(paragraphs)
