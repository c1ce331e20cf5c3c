"""Queries with a cost limit, and `dateline serve` under abuse (issue 13, defects 9 and 11).

Over a real index: the sample corpus (its quote documents included) and a
few hundred generated articles of random words, so that a pattern walks a
large lexicon. Server tests start the real `dateline serve` binary on
127.0.0.1 and talk HTTP to it.
"""

from __future__ import annotations

import json
import os
import random
import socket
import string
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from click.testing import CliRunner

from indexer.article import Article, Section
from indexer.writer import index_paths, write_articles
from search.cli import main
from tests.conftest import CORPUS

DATELINE = Path(sys.executable).parent / "dateline"
GENERATED = 200
# 26 leading-wildcard patterns: few terms each (under every cap), but each
# walks the whole lexicon of two fields: seconds of CPU per query.
SLOW_QUERY = " OR ".join(
    f"*{a}q{b}*" for a, b in zip(string.ascii_lowercase, "etaoinshrdlucmfwypvbgkjqxz", strict=True)
)
BROAD_QUERY = " OR ".join(f"{letter}*" for letter in string.ascii_lowercase)


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(5, 9)))


@pytest.fixture(scope="session")
def wordy_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    index_dir = tmp_path_factory.mktemp("wordy") / "index"
    index_paths([CORPUS], index_dir)
    rng = random.Random(13)
    articles = [
        Article(
            id=f"generated-{number}",
            path=f"generated-{number}.txt",
            format="text",
            headline=" ".join(_word(rng) for _ in range(6)),
            sections=[Section(heading=None, paragraphs=[" ".join(_word(rng) for _ in range(150))])],
        )
        for number in range(GENERATED)
    ]
    write_articles(index_dir, articles)
    return index_dir


def run_cli(index_dir: Path, *args: str) -> Any:
    return CliRunner().invoke(main, [*args, "--index", str(index_dir)])


def article_total(index_dir: Path, query: str) -> int:
    result = run_cli(index_dir, "search", query, "--format", "json", "--facets", "0")
    assert result.exit_code == 0, result.output
    return int(json.loads(result.output)["total"])


# --- the CLI: a cap on expansion, a deadline ---------------------------------


def test_a_pattern_past_the_term_cap_is_refused_at_once(wordy_index: Path) -> None:
    started = time.monotonic()
    result = run_cli(wordy_index, "search", BROAD_QUERY)
    assert result.exit_code == 1
    assert result.output.startswith("Error: the query expands to too many terms;")
    assert len(result.output.strip().splitlines()) == 1
    assert time.monotonic() - started < 5


def test_a_pattern_under_the_cap_still_works(wordy_index: Path) -> None:
    assert article_total(wordy_index, "Mosu*") >= 1


def test_a_slow_query_stops_at_the_cli_timeout(wordy_index: Path) -> None:
    started = time.monotonic()
    result = run_cli(wordy_index, "search", SLOW_QUERY, "--timeout", "0.5")
    elapsed = time.monotonic() - started
    assert result.exit_code == 1
    assert result.output.strip() == "Error: the query took longer than 0.5 s; narrow it"
    assert elapsed < 3, f"the query ran {elapsed:.1f} s past a 0.5 s timeout"


@pytest.mark.parametrize(
    ("command", "timeout"),
    [
        (["facets", "places", SLOW_QUERY], "0.3"),
        # the quotes' own lexicon is small: only a timeout shorter than any work shows it
        (["quotes", SLOW_QUERY], "0.000001"),
        (["names"], "0.000001"),
        (["show", "diyaruna-mosul-isil-internal-tensions"], "0.000001"),
    ],
)
def test_every_query_command_has_the_timeout(wordy_index: Path, command: list[str], timeout: str) -> None:
    result = run_cli(wordy_index, *command, "--timeout", timeout)
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: the query took longer than {float(timeout):g} s")


def test_the_cli_timeout_is_larger_than_the_web_one() -> None:
    result = CliRunner().invoke(main, ["search", "--help"])
    assert "--timeout SECONDS" in result.output and "30" in result.output


# --- totals count articles, never quote documents ----------------------------


def test_negative_queries_count_articles_only(wordy_index: Path) -> None:
    everything = article_total(wordy_index, "")
    assert article_total(wordy_index, "NOT zzzz") == everything
    assert article_total(wordy_index, "NOT Mosul") == everything - article_total(wordy_index, "Mosul")
    facets = run_cli(wordy_index, "facets", "years", "NOT zzzz", "--format", "json")
    plain = run_cli(wordy_index, "facets", "years", "--format", "json")
    assert json.loads(facets.output) == json.loads(plain.output)


def test_a_filter_alone_counts_articles_only(wordy_index: Path) -> None:
    # sources and dates exist on quote documents too
    result = run_cli(wordy_index, "search", "NOT zzzz", "--source", "Diyaruna", "--format", "json")
    by_filter = run_cli(wordy_index, "search", "", "--source", "Diyaruna", "--format", "json")
    assert json.loads(result.output)["total"] == json.loads(by_filter.output)["total"] >= 1
    hits = json.loads(result.output)["hits"]
    assert all(hit["headline"] for hit in hits)


# --- the server --------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    def __init__(self, process: subprocess.Popen[bytes], port: int) -> None:
        self.process = process
        self.port = port

    def get(
        self, path: str, source: str = "127.0.0.1", timeout: float = 20
    ) -> tuple[int, dict[str, Any], float]:
        """Status, JSON body and seconds taken, from a client bound to ``source`` (any 127.x address)."""
        started = time.monotonic()
        with socket.create_connection(
            ("127.0.0.1", self.port), timeout=timeout, source_address=(source, 0)
        ) as sock:
            sock.sendall(f"GET {path} HTTP/1.0\r\nHost: localhost\r\n\r\n".encode())
            raw = b""
            while chunk := sock.recv(65536):
                raw += chunk
        head, _, body = raw.partition(b"\r\n\r\n")
        status = int(head.split()[1])
        return (
            status,
            json.loads(body) if body.startswith(b"{") else {"raw": body.decode()},
            time.monotonic() - started,
        )

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@pytest.fixture
def serve(wordy_index: Path) -> Iterator[Any]:
    started: list[subprocess.Popen[bytes]] = []

    def start(*options: str) -> Server:
        port = _free_port()
        command = [str(DATELINE), "serve", "--index", str(wordy_index), "--port", str(port), *options]
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        started.append(process)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).read()
                return Server(process, port)
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                assert process.poll() is None, process.stderr.read().decode() if process.stderr else ""
                time.sleep(0.1)
        raise AssertionError("dateline serve did not start")

    yield start
    for process in started:
        process.terminate()
        process.wait(timeout=10)


def _search_path(query: str) -> str:
    return "/api/search?" + urlencode({"q": query})


def test_healthz_and_a_plain_search_answer_while_slow_queries_run(serve: Any) -> None:
    if not hasattr(socket, "SO_REUSEADDR") or sys.platform != "linux":
        pytest.skip("needs Linux's loopback 127.0.0.0/8 to play 8 clients")
    server = serve("--timeout", "2")
    with ThreadPoolExecutor(max_workers=8) as clients:
        slow = [clients.submit(server.get, _search_path(SLOW_QUERY), f"127.0.0.{n + 2}") for n in range(8)]
        time.sleep(0.5)  # the eight are running
        assert not any(future.done() for future in slow)
        status, health, health_seconds = server.get("/healthz")
        assert (status, health["status"]) == (200, "ok")
        status, plain, plain_seconds = server.get(_search_path("Mosul"))
        assert status == 200 and plain["total"] >= 1
        answers = [future.result(timeout=30) for future in slow]
    assert health_seconds < 1, f"/healthz took {health_seconds:.2f} s"
    assert plain_seconds < 1, f"a plain search took {plain_seconds:.2f} s"
    assert {status for status, _, _ in answers} == {503}
    assert all("took longer than 2 s" in body["error"] for _, body, _ in answers)
    assert max(seconds for _, _, seconds in answers) < 5
    # the queries stopped: the server idles after its answers
    before = server.cpu_seconds()
    time.sleep(1)
    assert server.cpu_seconds() - before < 0.2


def test_a_broad_pattern_is_a_400_at_once(serve: Any) -> None:
    server = serve()
    status, body, seconds = server.get(_search_path(BROAD_QUERY))
    assert status == 400 and body["error"].startswith("the query expands to too many terms;")
    assert seconds < 2


def test_one_client_gets_4_queries_in_flight_then_429(serve: Any) -> None:
    server = serve("--timeout", "1.5")
    with ThreadPoolExecutor(max_workers=8) as clients:
        answers = list(clients.map(lambda _: server.get(_search_path(SLOW_QUERY)), range(8)))
    statuses = sorted(status for status, _, _ in answers)
    assert statuses.count(503) <= 4 and statuses.count(429) >= 4, statuses
    refused = [body for status, body, seconds in answers if status == 429]
    assert all("running" in body["error"] and body["status"] == 429 for body in refused)
    assert server.get("/healthz")[0] == 200  # and the client's slots are free again
    assert server.get(_search_path("Mosul"))[0] == 200


def test_retry_after_comes_with_429(serve: Any) -> None:
    server = serve("--timeout", "1.5", "--per-client", "1")
    with ThreadPoolExecutor(max_workers=2) as clients:
        running = clients.submit(server.get, _search_path(SLOW_QUERY))
        time.sleep(0.3)
        url = f"http://127.0.0.1:{server.port}{_search_path('Mosul')}"
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(url, timeout=5)
        running.result()
    assert refused.value.code == 429 and refused.value.headers["Retry-After"] == "1"


def test_idle_connections_past_the_limit_are_closed_and_a_new_client_is_answered(serve: Any) -> None:
    """Connections that send nothing hold a slot until --channel-timeout; a client
    arriving meanwhile waits in the listen queue and is answered once they close."""
    server = serve("--connection-limit", "4", "--channel-timeout", "2")
    # two more than the limit: the client is answered once the first four time out
    idle = [socket.create_connection(("127.0.0.1", server.port)) for _ in range(6)]
    try:
        idle[0].sendall(b"GET /healthz HTTP/1.1\r\n")  # a request begun, never finished
        time.sleep(0.3)
        status, body, seconds = server.get("/healthz", timeout=15)
        assert (status, body["status"]) == (200, "ok")
        assert seconds < 6, f"a new client waited {seconds:.1f} s"
    finally:
        for sock in idle:
            sock.close()


def test_serve_offers_the_connection_settings() -> None:
    help_text = CliRunner().invoke(main, ["serve", "--help"]).output
    for option in ("--connection-limit", "--channel-timeout", "--threads", "--per-client", "--timeout"):
        assert option in help_text
