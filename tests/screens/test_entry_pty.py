"""The app on a real pseudo-terminal, keys written at full speed: what is stored is
exactly what was typed, metric by metric (read back through the library)."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

from scorecard.weeks import parse_week
from scorecard.workspace import Workspace

W47 = parse_week("2026-W47")
PASTE_START, PASTE_END = b"\x1b[200~", b"\x1b[201~"


class Terminal:
    """``scorecard tui`` on a pty of 160x50, as a terminal emulator runs it."""

    def __init__(self, cwd: Path) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 160, 0, 0))
        env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "160", "LINES": "50"}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "scorecard", "tui"],
            cwd=cwd,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            start_new_session=True,
        )
        os.close(slave)
        self.out = b""

    def read_until(self, marker: bytes, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while marker not in self.out:
            assert time.monotonic() < deadline, f"no {marker!r} on the terminal"
            if select.select([self.master], [], [], 0.2)[0]:
                self.out += os.read(self.master, 65536)

    def write(self, data: bytes) -> None:
        os.write(self.master, data)

    def drain(self) -> None:
        while select.select([self.master], [], [], 0)[0]:
            try:
                self.out += os.read(self.master, 65536)
            except OSError:
                return

    def close(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(30)
        os.close(self.master)


def _wait_for(config: Path, expected: dict[str, float], term: Terminal) -> dict[str, float]:
    deadline = time.monotonic() + 60
    while True:
        term.drain()  # a terminal that is not read blocks the app's writes
        with Workspace.open(config) as ws:
            got = {k: v.value for k in expected if (v := ws.value(W47, k)) is not None}
        if got == expected or time.monotonic() > deadline:
            return got
        time.sleep(0.2)


def test_keys_and_a_paste_at_full_speed_on_a_real_terminal(workspace_dir: Path) -> None:
    term = Terminal(workspace_dir)
    try:
        term.read_until(b"values entered")  # the first frame is up
        time.sleep(0.5)
        # Enter on the first metric, four values, then a bracketed paste of three lines
        # and two more values typed: all in one write, as fast as a terminal sends them.
        # (MQL → SQL conversion and win rate are derived: the entry and the paste skip them.)
        keys = b"\r22\r33\r44\r55\r"
        keys += PASTE_START + b"16\n250000\n4\n95000\n" + PASTE_END
        keys += b"91\r12%\r"
        term.write(keys)
        expected = {
            "mqls": 22,
            "web-visits": 33,
            "attended-calls": 44,
            "sqls-accepted": 55,
            "opportunities": 16,
            "pipeline": 250_000,
            "deals-won": 4,
            "closed-won": 95_000,
            "sla-followup": 91,
            "lead-rejection": 12,
        }
        assert _wait_for(workspace_dir / "scorecard.toml", expected, term) == expected
        # type-to-edit on the last metric (the entry is on it), then nothing else changed
        term.write(b"96\r")
        expected["retention"] = 96
        assert _wait_for(workspace_dir / "scorecard.toml", expected, term) == expected
    finally:
        term.close()
