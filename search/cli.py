"""The ``dateline`` command line: thin wrappers over ``indexer`` and ``search``.

Exit codes: 0 success (no match is success); 1 an error, printed with the
file or query it concerns; 2 a usage error; 3 ``index`` indexed what it
could but some files failed (each is listed).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from indexer.api import IndexReport, default_jobs, index_paths
from indexer.errors import ArticleReadError, DatelineError
from indexer.fields import FIELDS, Registry
from indexer.maintenance import index_stats, optimize_index
from indexer.pipeline import ParseOptions, parse
from indexer.trust import keep_files_private, trust_every_index
from search.archive import ENTITY_KINDS, Archive, facet_name
from search.formatters import (
    FORMATS,
    format_article,
    format_entities,
    format_facet,
    format_quotes,
    format_results,
)
from search.limits import CLI_QUERY_SECONDS, PER_CLIENT, WEB_QUERY_SECONDS, time_limit
from search.query import SORTS, Query, QuoteQuery

EXIT_PARTIAL = 3
ERRORS_SHOWN = 100  # problems listed on stderr: a cron job's mail stays readable
DEFAULT_INDEX = Path(".dateline/index")
DEFAULT_CORPUS = Path("corpus")

F = TypeVar("F", bound=Callable[..., Any])


def _trust_index(_context: click.Context, _option: click.Parameter, trusted: bool) -> None:
    if trusted:
        trust_every_index()


def index_option(command: F) -> F:
    command = click.option(
        "--trust-index",
        is_flag=True,
        expose_value=False,
        callback=_trust_index,
        help="Open the index even if others can write its folder (or set DATELINE_TRUST_INDEX=1).",
    )(command)
    return click.option(
        "--index",
        "index_dir",
        type=click.Path(file_okay=False, path_type=Path),
        envvar="DATELINE_INDEX",
        default=DEFAULT_INDEX,
        show_default=True,
        help="Index directory (or set DATELINE_INDEX).",
    )(command)


def format_option(command: F) -> F:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        default="text",
        show_default=True,
        help="Output format.",
    )(command)


def aliases_option(command: F) -> F:
    return click.option(
        "--aliases",
        type=click.Path(dir_okay=False, exists=True, path_type=Path),
        envvar="DATELINE_ALIASES",
        help="Your alias file (merge, split or add names); kept with the index for later runs.",
    )(command)


def filter_options(command: F, registry: Registry = FIELDS) -> F:
    """The drill-down filters shared by search and facets (repeatable, combined with AND)."""
    options = [
        *(
            click.option(str(facet.option), facet.rule.attribute, multiple=True, help=facet.rule.help)
            for facet in registry.filters
        ),
        click.option(
            "--within", is_flag=True, help="--place also matches places inside it (Iraq finds Mosul)."
        ),
        click.option(
            "--from", "date_from", metavar="DATE", help="Published on or after (2016, 2016-10, 2016-10-17)."
        ),
        click.option("--to", "date_to", metavar="DATE", help="Published on or before."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def timeout_option(command: F) -> F:
    return click.option(
        "--timeout",
        default=CLI_QUERY_SECONDS,
        show_default=True,
        type=click.FloatRange(0, min_open=True),
        metavar="SECONDS",
        help="Stop a query that runs longer than this.",
    )(command)


def limited(command: F) -> F:
    """The command's work stops at --timeout (QueryTimeoutError), wherever it is."""

    @wraps(command)
    def wrapper(*args: Any, timeout: float, **kwargs: Any) -> Any:
        with time_limit(timeout):
            return command(*args, **kwargs)

    return timeout_option(wrapper)  # type: ignore[return-value]


@contextmanager
def reported_errors() -> Iterator[None]:
    """Turn library errors into one clear line on stderr and exit 1; never a traceback."""
    try:
        yield
    except DatelineError as err:
        raise click.ClickException(str(err)) from err
    except (click.ClickException, click.exceptions.Exit, click.Abort):
        raise
    except Exception as err:  # a bug: still one line, and the way to see more
        if os.environ.get("DATELINE_DEBUG"):
            raise
        raise click.ClickException(
            f"internal error ({type(err).__name__}: {err}); DATELINE_DEBUG=1 shows the traceback"
        ) from err


class ReportedGroup(click.Group):
    """Every command runs behind one error boundary: library errors and bugs alike end
    as one ``Error:`` line and exit 1, whatever the command."""

    def invoke(self, ctx: click.Context) -> Any:
        with reported_errors():
            return super().invoke(ctx)


@click.group(cls=ReportedGroup)
@click.version_option(package_name="dateline")
def main() -> None:
    """dateline: full-text search with facets over a news archive."""
    keep_files_private()  # an index others can write would be refused: see indexer/trust.py


@main.command("index")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@index_option
@click.option("--source", help="Source (publication) to record for every article read in this run.")
@aliases_option
@click.option("--full", is_flag=True, help="Rebuild from scratch into a new index, swapped in when complete.")
@click.option("--no-prune", "keep", is_flag=True, help="Keep the articles of files that have gone.")
@click.option(
    "--jobs", type=click.IntRange(1, 64), default=None, help="Worker processes (default: one per core)."
)
@click.option("--wait", default=0.0, type=click.FloatRange(0), help="Seconds to wait for another run's lock.")
@click.option(
    "--strict", is_flag=True, help="Any article that fails makes the run fail (exit 1), writing nothing."
)
@click.option(
    "--follow-symlinks",
    is_flag=True,
    help="Read symbolic links in the folders named (never to files outside them).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary.")
def index_command(
    paths: tuple[Path, ...],
    index_dir: Path,
    source: str | None,
    aliases: Path | None,
    full: bool,
    keep: bool,
    jobs: int | None,
    wait: float,
    strict: bool,
    follow_symlinks: bool,
    as_json: bool,
    quiet: bool,
) -> None:
    """Bring the index up to date with the articles under PATHS (default: corpus/).

    New files are added, changed ones reindexed, vanished ones removed; an
    unchanged file costs a stat. Exit 0: all indexed; 3: some articles
    failed (listed), the rest indexed; 1: nothing written (an error, or
    --strict with a failure).
    """
    targets = list(paths) or [DEFAULT_CORPUS]
    settings: dict[str, Any] = {
        "source": source,
        "aliases": aliases,
        "full": full,
        "prune": not keep,
        "jobs": jobs or default_jobs(),
        "wait": wait,
        "strict": strict,
        "follow_symlinks": follow_symlinks,
    }
    show_bar = not quiet and not as_json and sys.stderr.isatty()
    if show_bar:
        with click.progressbar(length=1, label="Indexing", file=sys.stderr) as bar:

            def progress(done: int, total: int, _path: Path) -> None:
                bar.length = total
                bar.update(done - bar.pos)

            report = index_paths(targets, index_dir, progress=progress, **settings)
    else:
        report = index_paths(targets, index_dir, **settings)
    for skipped in report.skipped[:ERRORS_SHOWN]:
        click.echo(f"Skipped: {skipped.path}: {skipped.problem}", err=True)
    for failure in report.failed[:ERRORS_SHOWN]:
        click.echo(f"Error: {failure.path}: {failure.problem}", err=True)
    if len(report.failed) > ERRORS_SHOWN:
        more = len(report.failed) - ERRORS_SHOWN
        click.echo(f"Error: {more} more problems not shown (`dateline stats --json` lists 1,000)", err=True)
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2))
    elif not quiet:
        click.echo(_summary(report))
    if report.failed:
        sys.exit(EXIT_PARTIAL)


def _summary(report: IndexReport) -> str:
    failed = f", {len(report.failed)} failed" if report.failed else ""
    return (
        f"Indexed {_count(report.indexed, 'article')} from {_count(report.files, 'file')} "
        f"({report.added} added, {report.updated} updated, {report.removed} removed, "
        f"{report.unchanged} unchanged{failed}) in {report.seconds:.1f} s; "
        f"{_count(report.total_articles, 'article')} in {report.index}"
    )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


@main.command("stats")
@index_option
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
def stats_command(index_dir: Path, as_json: bool) -> None:
    """Articles, quotes, segments and size of the index, and the last run's counts."""
    stats = index_stats(index_dir)
    if as_json:
        click.echo(json.dumps(stats.to_dict(), indent=2))
        return
    click.echo(
        f"{stats.index} ({stats.generation}): {stats.articles} articles, {stats.quotes} quotes, "
        f"{stats.segments} segments, {stats.bytes / 1e6:.1f} MB"
    )
    if stats.last_run:
        run = stats.last_run
        click.echo(
            f"last run: {run['added']} added, {run['updated']} updated, {run['removed']} removed, "
            f"{run['unchanged']} unchanged, {len(run['failed'])} failed in {run['seconds']} s"
        )


@main.command("optimize")
@index_option
@click.option("--wait", default=0.0, type=click.FloatRange(0), help="Seconds to wait for another run's lock.")
def optimize_command(index_dir: Path, wait: float) -> None:
    """Merge the index's segments into one (searches keep answering meanwhile)."""
    before, after = optimize_index(index_dir, wait)
    click.echo(f"{index_dir}: {before} segments merged into {after}")


@main.command("search")
@click.argument("query_text", metavar="QUERY")
@filter_options
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 1000), help="Hits per page.")
@click.option("--page", default=1, show_default=True, type=click.IntRange(1), help="Page number.")
@click.option("--sort", type=click.Choice(SORTS), default="relevance", show_default=True)
@click.option(
    "--facets",
    "facet_limit",
    default=10,
    show_default=True,
    type=click.IntRange(0),
    help="Top N values per facet.",
)
@click.option(
    "--facet",
    "facet_fields",
    multiple=True,
    metavar="FACET",
    help="Count only this facet (repeatable; default: every facet).",
)
@index_option
@format_option
@limited
def search_command(query_text: str, index_dir: Path, fmt: str, **options: Any) -> None:
    """Search the index. QUERY uses Whoosh syntax: Mosul AND place:Raqqa, "exact phrase", headline:ISIL."""
    request = Query(text=query_text, **_filters(options))
    with Archive(index_dir) as archive:
        echo_output(format_results(archive.search(request), fmt))


@main.command("quotes")
@click.argument("query_text", metavar="[QUERY]", default="")
@click.option(
    "--speaker", "speakers", multiple=True, help="Only quotes by this person (full name or surname)."
)
@click.option("--source", "sources", multiple=True, help="Only quotes from this source.")
@click.option("--from", "date_from", metavar="DATE", help="Published on or after.")
@click.option("--to", "date_to", metavar="DATE", help="Published on or before.")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 1000), help="Quotes per page.")
@click.option("--page", default=1, show_default=True, type=click.IntRange(1), help="Page number.")
@click.option("--sort", type=click.Choice(SORTS), default="relevance", show_default=True)
@index_option
@format_option
@limited
def quotes_command(query_text: str, index_dir: Path, fmt: str, **options: Any) -> None:
    """Direct quotes whose words match QUERY (all quotes if none), with speaker,
    headline, date and article id."""
    request = QuoteQuery(text=query_text, **_filters(options))
    with Archive(index_dir) as archive:
        echo_output(format_quotes(archive.quotes(request), fmt))


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", default=8080, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on."
)
@click.option(
    "--threads",
    default=16,
    show_default=True,
    type=click.IntRange(1, 256),
    help="Server threads; each runs one request (a query stops at --timeout).",
)
@click.option(
    "--timeout",
    default=WEB_QUERY_SECONDS,
    show_default=True,
    type=click.FloatRange(0, min_open=True),
    metavar="SECONDS",
    help="Stop a query that runs longer than this (503).",
)
@click.option(
    "--per-client",
    default=PER_CLIENT,
    show_default=True,
    type=click.IntRange(1),
    help="Queries in flight per client address; more are refused (429, Retry-After).",
)
@click.option(
    "--connection-limit",
    default=100,
    show_default=True,
    type=click.IntRange(1),
    help="Open connections at most; more wait to be accepted.",
)
@click.option(
    "--channel-timeout",
    default=30,
    show_default=True,
    type=click.IntRange(1),
    metavar="SECONDS",
    help="Close a connection idle (nothing sent, nothing to answer) this long.",
)
@index_option
def serve_command(
    host: str,
    port: int,
    threads: int,
    timeout: float,
    per_client: int,
    connection_limit: int,
    channel_timeout: int,
    index_dir: Path,
) -> None:
    """Serve the search page and the JSON API (read-only) with waitress."""
    import waitress

    from search.web import create_app

    with Archive(index_dir) as archive:  # a missing index fails here, with its hint, not on a request
        archive.timeline(Query())  # and the facet tables are built before the first visitor waits
        archive.search(Query())
    click.echo(f"Serving {index_dir} on http://{host}:{port}/ (Ctrl-C to stop)", err=True)
    waitress.serve(
        create_app(index_dir, timeout=timeout, per_client=per_client),
        host=host,
        port=port,
        threads=threads,
        connection_limit=connection_limit,
        channel_timeout=channel_timeout,
        # idle connections are looked for this often: else only every 30 s
        cleanup_interval=max(1, min(30, channel_timeout // 2)),
        ident="dateline",
    )


@main.command("show")
@click.argument("article_id", metavar="ID")
@index_option
@format_option
@limited
def show_command(article_id: str, index_dir: Path, fmt: str) -> None:
    """Print one indexed article with all its fields."""
    with Archive(index_dir) as archive:
        echo_output(format_article(archive.article(article_id), fmt))


@main.command(
    "facets",
    help=f"""Every value of one facet ({", ".join(FIELDS.facet_names)}) with its count,
    over all articles or those QUERY matches.""",
)
@click.argument("facet", metavar="FIELD")
@click.argument("query_text", metavar="[QUERY]", default="")
@filter_options
@click.option("--inside", metavar="PLACE", help="Places facet only: the places inside PLACE (drill down).")
@index_option
@format_option
@limited
def facets_command(
    facet: str, query_text: str, inside: str | None, index_dir: Path, fmt: str, **options: Any
) -> None:
    request = Query(text=query_text, **_filters(options))
    with Archive(index_dir) as archive:
        echo_output(format_facet(facet_name(facet), archive.facet(facet, request, inside=inside), fmt))


@main.command("names")
@click.argument("prefix", default="")
@click.option("--type", "kind", type=click.Choice(ENTITY_KINDS), help="Only people, places or organisations.")
@index_option
@format_option
@limited
def names_command(prefix: str, kind: str | None, index_dir: Path, fmt: str) -> None:
    """Entities with their spellings and article counts; PREFIX narrows by name (any spelling of it)."""
    with Archive(index_dir) as archive:
        echo_output(format_entities(archive.names(kind, prefix), fmt))


@main.command("parse")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--source", help="Source (publication) to record for every article.")
@aliases_option
def parse_command(files: tuple[Path, ...], source: str | None, aliases: Path | None) -> None:
    """Print the Article JSON read from each FILE; the index is not touched."""
    articles = []
    failed = False
    options = ParseOptions(source=source, aliases=aliases)
    for path in files:
        try:
            parsed = parse(path, path.stem, options)
        except ArticleReadError as err:
            click.echo(f"Error: {err}", err=True)
            failed = True
            continue
        articles += parsed.articles
        for problem in parsed.problems:
            click.echo(f"Error: {path}: {problem}", err=True)
        failed = failed or bool(parsed.problems)
    if len(articles) == 1:
        click.echo(json.dumps(articles[0].to_dict(), ensure_ascii=False, indent=2))
    else:
        for article in articles:
            click.echo(json.dumps(article.to_dict(), ensure_ascii=False))
    if failed:
        sys.exit(1)


def echo_output(text: str) -> None:
    """Print a command's output; nothing at all when there is nothing (an empty JSON Lines stream)."""
    if text:
        click.echo(text)


def _filters(options: dict[str, Any]) -> dict[str, Any]:
    return {key: list(value) if isinstance(value, tuple) else value for key, value in options.items()}
