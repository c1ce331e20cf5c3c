"""Nothing in an index folder is executed (defect 7).

dateline's own tables carry no code: a pickle planted under their old names
is never loaded, and a damaged table is rebuilt. Whoosh's table of contents
is a pickle that cannot be changed, so an index that someone else could
have written is refused before it is opened, unless the user says they
trust it. Real index on disk, real ``dateline`` binary, real ``dateline serve``.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import whoosh
from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.index import _CURRENT_TOC_VERSION
from whoosh.system import _FLOAT_SIZE, _INT_SIZE, _LONG_SIZE

from indexer.facet_tables import TABLE_FIELDS, load_tables
from indexer.store import live_dir
from tests.conftest import CORPUS
from tests.webdriver import free_port, wait_until_up

OTHER_UID = 54321  # a user that is not the one running the tests (root can chown to it)
NO_TRUST = {key: value for key, value in os.environ.items() if key != "DATELINE_TRUST_INDEX"}


class Payload:
    """Unpickling this creates the marker file: proof that a planted file ran."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        return (open, (str(self.marker), "w"))


@pytest.fixture
def index_dir(corpus_index: Path, tmp_path: Path) -> Path:
    """A private copy of the corpus index for one test to tamper with."""
    copy = tmp_path / "index"
    shutil.copytree(corpus_index, copy)
    return copy


def dateline(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    binary = Path(sys.executable).parent / "dateline"
    if not binary.exists():
        pytest.skip(f"the dateline console script is not installed next to {sys.executable}")
    return subprocess.run(
        [str(binary), *args], env=env or NO_TRUST, capture_output=True, text=True, timeout=60
    )


def _generation(live: Path) -> int:
    return int(whoosh_index.open_dir(str(live)).latest_generation())


def _segment_ids(live: Path) -> list[str]:
    with whoosh_index.open_dir(str(live)).reader() as reader:
        return [leaf.segment().segment_id() for leaf, _ in reader.leaf_readers()]


def plant_old_tables(index_dir: Path, marker: Path) -> list[Path]:
    """A payload under every name the pickle-format tables had; the new tables removed."""
    live = live_dir(index_dir)
    for table in [*live.glob("facets-*"), *live.glob("segment-facets-*")]:
        table.unlink()
    names = [f"facets-{_generation(live)}.v2.pickle"]
    names += [f"segment-facets-{segment}.pickle" for segment in _segment_ids(live)]
    planted = [live / name for name in names]
    for path in planted:
        path.write_bytes(pickle.dumps(Payload(marker)))
    return planted


def facets_of(output: str) -> dict[str, Any]:
    return dict(json.loads(output)["facets"])


def test_planted_table_pickles_never_run_on_search(index_dir: Path, tmp_path: Path) -> None:
    expected = dateline("search", "Mosul", "--index", str(index_dir), "--format", "json")
    marker = tmp_path / "ran"
    plant_old_tables(index_dir, marker)
    found = dateline("search", "Mosul", "--index", str(index_dir), "--format", "json")
    assert found.returncode == 0, found.stderr
    assert not marker.exists()
    assert facets_of(found.stdout) == facets_of(expected.stdout)  # the tables were built instead
    assert facets_of(found.stdout)["places"]


@contextmanager
def serving(index_dir: Path) -> Iterator[str]:
    """A real ``dateline serve`` on a free local port; its base URL."""
    port = free_port()
    binary = Path(sys.executable).parent / "dateline"
    server = subprocess.Popen(
        [str(binary), "serve", "--port", str(port), "--index", str(index_dir)],
        env=NO_TRUST,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_up(f"{base}/healthz", "dateline serve")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


def get_json(url: str) -> tuple[int, Any]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as err:
        return err.code, json.load(err)


def test_planted_table_pickles_never_run_on_the_first_web_request(index_dir: Path, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    plant_old_tables(index_dir, marker)
    with serving(index_dir) as base:
        status, answer = get_json(f"{base}/api/search?q=Mosul")
    assert not marker.exists()
    assert status == 200 and answer["total"] > 0 and answer["facets"]["places"]


def test_a_served_index_made_untrusted_answers_503_after_the_next_commit(
    index_dir: Path, tmp_path: Path
) -> None:
    with serving(index_dir) as base:
        assert get_json(f"{base}/api/search?q=Mosul")[0] == 200
        live = live_dir(index_dir)
        _writable_by_others(live)
        extra = tmp_path / "more"
        extra.mkdir()
        (extra / "ferry.txt").write_text("Ferry resumes on the Tigris\n\nThe ferry at Mosul runs again.\n")
        trusted = {**NO_TRUST, "DATELINE_TRUST_INDEX": "1"}
        indexed = dateline("index", str(extra), "--no-prune", "--index", str(index_dir), "-q", env=trusted)
        assert indexed.returncode == 0, indexed.stderr
        status, answer = get_json(f"{base}/api/search?q=Mosul")
    assert status == 503
    assert answer["error"].startswith(f"{live}: writable by other users")


def test_planted_table_pickles_never_run_on_index_and_are_removed(index_dir: Path, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    planted = plant_old_tables(index_dir, marker)
    indexed = dateline("index", str(CORPUS), "--index", str(index_dir), "--quiet")
    assert indexed.returncode == 0, indexed.stderr
    assert not marker.exists()
    assert not any(path.exists() for path in planted)
    live = live_dir(index_dir)
    assert set(load_tables(live, _generation(live))) == set(TABLE_FIELDS)  # saved again, new format


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _garbage(path: Path) -> None:
    path.write_bytes(b"PK\x03\x04 not a table at all")


def _object_array(path: Path) -> None:
    """The new format's container holding a pickle: numpy must refuse to load it."""
    marker = path.parent.parent / "ran"
    with path.open("wb") as out:
        payload = np.array([Payload(marker)], dtype=object)
        np.savez(out, allow_pickle=True, layout=payload, int64=payload, float64=payload)


def _numbers_out_of_range(path: Path) -> None:
    with np.load(path) as saved:
        arrays = {name: saved[name] for name in saved.files}
    for name, array in arrays.items():
        if array.dtype == np.int64:  # value and term numbers among them
            arrays[name] = array + 10**9
    with path.open("wb") as out:
        np.savez(out, **arrays)


@pytest.mark.parametrize("damage", [_truncate, _garbage, _object_array, _numbers_out_of_range])
def test_damaged_tables_are_rebuilt_without_a_traceback(index_dir: Path, damage: Any) -> None:
    live = live_dir(index_dir)
    expected = dateline("facets", "places", "--index", str(index_dir), "--format", "json")
    tables = [*live.glob("facets-*.npz"), *live.glob("segment-facets-*.npz")]
    assert tables
    for table in tables:
        damage(table)
    assert load_tables(live, _generation(live)) == {}  # refused, not read
    counted = dateline("facets", "places", "--index", str(index_dir), "--format", "json")
    assert counted.returncode == 0 and counted.stderr == ""
    assert json.loads(counted.stdout) == json.loads(expected.stdout)
    assert not (index_dir.parent / "ran").exists()
    indexed = dateline("index", str(CORPUS), "--index", str(index_dir), "--quiet")
    assert indexed.returncode == 0 and indexed.stderr == ""
    assert set(load_tables(live, _generation(live))) == set(TABLE_FIELDS)
    again = dateline("facets", "places", "--index", str(index_dir), "--format", "json")
    assert json.loads(again.stdout) == json.loads(expected.stdout)  # saved again from sound parts


def _writable_by_others(path: Path) -> None:
    path.chmod(path.stat().st_mode | 0o002)


def _writable_by_group(path: Path) -> None:
    path.chmod(path.stat().st_mode | 0o020)


def _owned_by_another_user(path: Path) -> None:
    os.chown(path, OTHER_UID, -1)


def _needs_root_for_chown(change: Any) -> None:
    if change is _owned_by_another_user and os.geteuid() != 0:
        pytest.skip("giving a file to another user needs root")


UNSAFE = [_writable_by_others, _writable_by_group, _owned_by_another_user]
OPENING = [
    ("search", "Mosul"),
    ("stats",),
    ("show", "no-such-article"),
    ("facets", "places"),
    ("names",),
    ("quotes",),
    ("optimize",),
    ("index", str(CORPUS), "--quiet"),
]


def _toc(live: Path) -> Path:
    return live / f"_MAIN_{_generation(live)}.toc"


@pytest.mark.parametrize("change", UNSAFE)
@pytest.mark.parametrize("target", ["toc", "live folder", "index folder", "CURRENT"])
def test_an_index_others_could_write_is_refused_naming_the_path(
    index_dir: Path, change: Any, target: str
) -> None:
    _needs_root_for_chown(change)
    live = live_dir(index_dir)
    path = {"toc": _toc(live), "live folder": live, "index folder": index_dir}.get(
        target, index_dir / "CURRENT"
    )
    change(path)
    refused = dateline("stats", "--index", str(index_dir))
    assert refused.returncode == 1
    assert refused.stderr.startswith(f"Error: {path}: ")
    assert "--trust-index" in refused.stderr and "DATELINE_TRUST_INDEX=1" in refused.stderr
    assert refused.stderr.count("\n") == 1 and "Traceback" not in refused.stderr


@pytest.mark.parametrize("command", OPENING, ids=[c[0] for c in OPENING])
def test_every_command_that_opens_an_index_refuses_an_untrusted_one(index_dir: Path, command: Any) -> None:
    toc = _toc(live_dir(index_dir))
    _writable_by_others(toc)
    refused = dateline(*command, "--index", str(index_dir))
    assert refused.returncode == 1, refused.stdout
    assert refused.stderr.startswith(f"Error: {toc}: writable by other users")
    assert "Traceback" not in refused.stderr


def test_serve_refuses_an_untrusted_index_before_listening(index_dir: Path) -> None:
    toc = _toc(live_dir(index_dir))
    _writable_by_others(toc)
    refused = dateline("serve", "--port", str(free_port()), "--index", str(index_dir))
    assert refused.returncode == 1
    assert refused.stderr.startswith(f"Error: {toc}: writable by other users")


def test_trust_index_flag_and_environment_open_it_anyway(index_dir: Path) -> None:
    _writable_by_others(_toc(live_dir(index_dir)))
    flagged = dateline("search", "Mosul", "--index", str(index_dir), "--trust-index", "--format", "json")
    assert flagged.returncode == 0, flagged.stderr
    assert json.loads(flagged.stdout)["total"] > 0
    trusted = dateline("stats", "--index", str(index_dir), env={**NO_TRUST, "DATELINE_TRUST_INDEX": "1"})
    assert trusted.returncode == 0, trusted.stderr


def _plant_toc(live: Path, marker: Path) -> Path:
    """A next-generation TOC in Whoosh's own layout whose pickled schema is the payload."""
    name = f"_MAIN_{_generation(live) + 1}.toc"
    stream = FileStorage(str(live)).create_file(name)
    for size in (_INT_SIZE, _LONG_SIZE, _FLOAT_SIZE):
        stream.write_varint(size)
    stream.write_int(-12345)
    stream.write_int(_CURRENT_TOC_VERSION)
    for number in whoosh.__version__[:3]:
        stream.write_varint(number)
    stream.write_string(pickle.dumps(Payload(marker)))
    stream.close()
    return live / name


def test_a_planted_toc_from_another_user_never_runs(index_dir: Path, tmp_path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("giving a file to another user needs root")
    marker = tmp_path / "ran"
    toc = _plant_toc(live_dir(index_dir), marker)
    _owned_by_another_user(toc)
    refused = dateline("stats", "--index", str(index_dir))
    assert not marker.exists()
    assert refused.returncode == 1
    assert refused.stderr.startswith(f"Error: {toc}: owned by another user")


def test_an_index_written_under_a_shared_umask_is_still_ours(tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    binary = Path(sys.executable).parent / "dateline"
    indexed = subprocess.run(
        ["sh", "-c", f'umask 002 && exec "{binary}" index "{CORPUS}" --index "{index_dir}" --quiet'],
        env=NO_TRUST,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert indexed.returncode == 0, indexed.stderr
    found = dateline("search", "Mosul", "--index", str(index_dir))
    assert found.returncode == 0, found.stderr
    assert not [p for p in index_dir.rglob("*") if p.stat().st_mode & 0o022]
