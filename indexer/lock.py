"""One writer per index: an exclusive lock that a killed process cannot leave behind.

The lock is ``flock`` on ``index_dir/dateline.lock``: the kernel releases
it when its holder exits, however it exits, so a stale lock file is just a
file. Its text names the holder (pid, host, start) for the message a
waiting run prints.
"""

from __future__ import annotations

import fcntl
import os
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from indexer.errors import IndexLockedError

LOCK_FILE = "dateline.lock"


@contextmanager
def index_lock(index_dir: Path, wait: float = 0.0, holder: str = "dateline") -> Iterator[None]:
    """Held for the block; ``holder`` (the command) is what a waiting run's message names."""
    index_dir.mkdir(parents=True, exist_ok=True)
    path = index_dir / LOCK_FILE
    handle = open(path, "a+")  # noqa: SIM115 - held for the whole block
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    handle.seek(0)
                    other = handle.read().strip() or "another process"
                    raise IndexLockedError(
                        f"{index_dir} is being written by {other}; waited {wait:g} s "
                        "(try again later, or --wait SECONDS)"
                    ) from None
                time.sleep(min(0.2, max(0.01, deadline - time.monotonic())))
        handle.seek(0)
        handle.truncate()
        started = datetime.now(UTC).isoformat(timespec="seconds")
        handle.write(f"{holder} (pid {os.getpid()} on {socket.gethostname()}, since {started})")
        handle.flush()
        yield
    finally:
        handle.close()  # closing releases the lock
