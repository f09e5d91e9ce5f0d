"""``scorecard tui`` on a real pseudo-terminal, as a terminal emulator runs it:
the tests that need what a person's terminal gets (keys at full speed, the first
frame) drive the app through this."""

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

#: The app asks whether the terminal supports synchronized output (DECRQM for
#: mode 2026); the answer "supported, off" makes it mark each frame.
SYNC_QUERY = b"\x1b[?2026$p"
SYNC_SUPPORTED = b"\x1b[?2026;2$y"
SYNC_BEGIN, SYNC_END = b"\x1b[?2026h", b"\x1b[?2026l"


class Terminal:
    """``scorecard tui`` in ``cwd`` on a pty of ``columns`` x ``lines``."""

    def __init__(self, cwd: Path, columns: int = 160, lines: int = 50) -> None:
        self.columns, self.lines = columns, lines
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
        env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(columns), "LINES": str(lines)}
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

    def screen_when(self, marker: str, timeout: float = 60) -> str:
        """What an emulated terminal shows when ``marker`` first appears on it,
        looked at between whole frames only.

        The emulated terminal answers the app's query for synchronized output
        (mode 2026, as most terminals do), so the app wraps each frame in a
        begin and an end mark: the screen is looked at only where no frame is
        half written. A frame can arrive in several reads, and on a loaded
        machine with pauses between them. Before that answer has reached the
        app, frames are unmarked: everything written so far is read first.
        """
        import pyte

        screen = pyte.Screen(self.columns, self.lines)
        stream = pyte.ByteStream(screen)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not select.select([self.master], [], [], 0.2)[0]:
                continue
            data = b""
            while select.select([self.master], [], [], 0.01)[0]:
                chunk = os.read(self.master, 1 << 16)
                if not chunk:
                    break
                data += chunk
            if SYNC_QUERY in self.out[1 - len(SYNC_QUERY) :] + data:  # one split across reads too
                self.write(SYNC_SUPPORTED)
            self.out += data
            stream.feed(data)
            if self.out.rfind(SYNC_BEGIN) > self.out.rfind(SYNC_END):
                continue  # inside a frame: read on
            shown = "\n".join(screen.display)
            if marker in shown:
                return shown
        raise AssertionError(f"{marker!r} never drawn")

    def write(self, data: bytes) -> None:
        os.write(self.master, data)

    def drain(self) -> None:
        while select.select([self.master], [], [], 0)[0]:
            try:
                self.out += os.read(self.master, 65536)
            except OSError:
                return

    def close(self) -> None:
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(30)
        os.close(self.master)
