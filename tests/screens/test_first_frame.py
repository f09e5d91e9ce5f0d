"""Start-up as a terminal shows it: the week screen's first frame already holds the
whole week, its issues line included (nothing pops in a frame later and pushes
the lists down)."""

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

import pyte

COLUMNS, LINES = 140, 45


def first_screen_with(cwd: Path, marker: str, timeout: float = 60) -> str:
    """What the emulated terminal shows when ``marker`` first appears on it."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(COLUMNS), "LINES": str(LINES)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "scorecard", "tui"],
        cwd=cwd,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        start_new_session=True,
    )
    os.close(slave)
    screen = pyte.Screen(COLUMNS, LINES)
    stream = pyte.ByteStream(screen)
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not select.select([master], [], [], 0.2)[0]:
                continue
            # Everything written so far, before the emulator looks: one frame
            # can arrive in several reads.
            data = b""
            while select.select([master], [], [], 0.01)[0]:
                chunk = os.read(master, 1 << 16)
                if not chunk:
                    break
                data += chunk
            stream.feed(data)
            shown = "\n".join(screen.display)
            if marker in shown:
                return shown
        raise AssertionError(f"{marker!r} never drawn")
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(30)
        os.close(master)


def test_the_first_frame_shows_the_issues_line_with_the_week(demo_dir: Path) -> None:
    shown = first_screen_with(demo_dir, "Marketing-qualified leads")
    assert "Issues: " in shown
    assert "Say/do (13 weeks)" in shown
