"""The audit as a person at a terminal runs it: a progress line, and Ctrl-C that stops it cleanly.

These run the real command in a child process, with its standard error on a
pseudo-terminal where a person would see it, and send it a real SIGINT.
"""

from __future__ import annotations

import csv
import json
import multiprocessing
import os
import pty
import select
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Final

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")


def _export(path: Path, rows: int) -> Path:
    with path.open("w", encoding="utf-8", newline="") as export:
        writer = csv.writer(export)
        writer.writerow(["id", "email", "phone", "notes"])
        for number in range(rows):
            writer.writerow(
                [
                    f"C{number:06d}",
                    f"person.{number}@example.com",
                    f"07400 {100000 + number}",
                    "Paid by card 4111 1111 1111 1111, CVV 123. Customer happy.",
                ]
            )
    return path


# A shell starts a background job's processes with Ctrl-C ignored, and an ignored signal
# stays ignored across exec: the command is started hearing it, as from a terminal.
_AS_FROM_A_TERMINAL: Final = (
    "import signal; signal.signal(signal.SIGINT, signal.default_int_handler); "
    "from custrecords.cli import main_exit; main_exit()"
)


def _command(path: Path, *options: str) -> list[str]:
    return [
        sys.executable,
        "-c",
        _AS_FROM_A_TERMINAL,
        "audit",
        str(path),
        "--today",
        "2026-11-30",
        *options,
    ]


def _read_until(fd: int, wanted: bytes, seconds: float) -> bytes:
    seen = b""
    deadline = time.monotonic() + seconds
    while wanted not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                seen += os.read(fd, 4096)
            except OSError:
                break
    return seen


def test_ctrl_c_stops_the_audit_and_what_was_written_is_valid_json(tmp_path: Path) -> None:
    export = _export(tmp_path / "big.csv", 200_000)
    controller, terminal = pty.openpty()
    child = subprocess.Popen(
        _command(export, "--format", "json"),
        stdout=subprocess.PIPE,
        stderr=terminal,
    )
    os.close(terminal)
    try:
        progress = _read_until(controller, b"rows/s", seconds=60)
        assert b"rows/s" in progress  # a progress line, on a terminal
        progress += _read_until(controller, b"left", seconds=10)
        assert b"left" in progress  # the file's size is known: the time left is shown
        child.send_signal(signal.SIGINT)
        out, _ = child.communicate(timeout=60)
    finally:
        os.close(controller)
        if child.poll() is None:
            child.kill()
    assert child.returncode == 130
    lines = out.decode().splitlines()
    records = [json.loads(line) for line in lines]  # every line is JSON: none cut short
    summary = records[-1]["summary"]
    assert summary["interrupted"] is True
    assert 0 < summary["records"] < 200_000
    assert len(records) - 1 == summary["records_with_problems"]
    assert b"Traceback" not in progress


def test_a_piped_audit_prints_no_progress(tmp_path: Path) -> None:
    export = _export(tmp_path / "small.csv", 3_000)
    done = subprocess.run(_command(export), capture_output=True, timeout=120, check=False)
    assert done.returncode == 1  # cards were planted
    assert done.stderr == b""
    assert b"interrupted" not in done.stdout


def _signal_heard(results: Any) -> None:
    results.put(signal.SIGINT in signal.pthread_sigmask(signal.SIG_BLOCK, ()))


def test_a_worker_started_for_the_audit_ignores_ctrl_c_from_its_first_moment() -> None:
    # Ctrl-C while a worker is still importing printed its traceback: a worker must be
    # spawned deaf to it, not only made deaf once it has started.
    from custrecords.export_audit import _deaf_to_ctrl_c

    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    with _deaf_to_ctrl_c():
        worker = context.Process(target=_signal_heard, args=(results,))
        worker.start()
    assert signal.SIGINT not in signal.pthread_sigmask(signal.SIG_BLOCK, ())  # heard again
    worker.join(timeout=60)
    assert results.get(timeout=5) is True


def test_ctrl_c_while_workers_start_is_heard_once_they_have() -> None:
    # Ignoring SIGINT while a chunk was submitted lost a Ctrl-C pressed then: under
    # load, an audit told to stop ran on to its end.
    from custrecords.export_audit import _deaf_to_ctrl_c

    def press_ctrl_c_while_workers_start() -> None:
        with _deaf_to_ctrl_c():
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.2)

    heard = signal.signal(signal.SIGINT, signal.default_int_handler)  # as from a terminal
    try:
        with pytest.raises(KeyboardInterrupt):
            press_ctrl_c_while_workers_start()
    finally:
        signal.signal(signal.SIGINT, heard)
