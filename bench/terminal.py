"""Start-up as a person sees it: an app on a pseudo-terminal, read by a terminal emulator.

The in-process auto pilot (``bench/apps/ready.py``) says when the app *thinks*
it is ready. This measures what reaches a screen: the app runs on a real pty
(120×40, ``TERM=xterm-256color``), everything it writes is fed to pyte (a
VT100/xterm emulator), and the app counts as started once every marker (text
that only appears when the data is drawn, e.g. a metric's name and a row of
each list) is on the emulated screen, at the moment the bytes that completed
it arrived. Then ctrl+q is sent, and quitting is timed from that key to the
process's exit.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import termios
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pyte

COLUMNS, LINES = 120, 40
CTRL_Q = b"\x11"


class NotDrawn(Exception):
    """The app never drew its markers, or never exited after ctrl+q."""


@dataclass(frozen=True)
class TerminalRun:
    started: float
    """Seconds from just before the spawn until every marker was on screen."""
    quit: float
    """Seconds from ctrl+q until the process had exited."""


def _read(master: int, wait: float) -> tuple[bytes, float] | None:
    """What the app wrote within ``wait`` seconds (all of it that has arrived),
    and when the last of it arrived; None once the pty is closed."""
    chunks: list[bytes] = []
    arrived = time.monotonic()
    timeout = wait
    while True:
        ready, _, _ = select.select([master], [], [], timeout)
        if not ready:
            return b"".join(chunks), arrived
        try:
            data = os.read(master, 1 << 16)
        except OSError:  # EIO: the child closed its side
            data = b""
        if not data:
            return (b"".join(chunks), arrived) if chunks else None
        chunks.append(data)
        arrived = time.monotonic()
        timeout = 0  # take what else is there before the emulator parses any of it


def run(
    argv: Sequence[str],
    env: Mapping[str, str],
    markers: Sequence[str],
    *,
    cwd: str | None = None,
    timeout: float = 60.0,
) -> TerminalRun:
    """Start ``argv`` on a pty; time until ``markers`` are drawn, then ctrl+q to exit."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
    screen = pyte.Screen(COLUMNS, LINES)
    stream = pyte.ByteStream(screen)
    full_env = {**env, "TERM": "xterm-256color", "COLUMNS": str(COLUMNS), "LINES": str(LINES)}
    start = time.monotonic()
    proc = subprocess.Popen(
        list(argv),
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=full_env,
        cwd=cwd,
        start_new_session=True,  # the pty becomes its controlling terminal
    )
    os.close(slave)
    try:
        deadline = start + timeout
        missing = list(markers)
        arrived = start
        while missing:
            if time.monotonic() > deadline:
                raise NotDrawn(f"{argv[-1]}: never drew {missing[0]!r} in {timeout:g}s")
            got = _read(master, 0.05)
            if got is None:
                raise NotDrawn(f"{argv[-1]}: exited before drawing {missing[0]!r}")
            data, arrived = got
            if data:
                stream.feed(data)
                shown = "\n".join(screen.display)
                missing = [m for m in missing if m not in shown]
        # Drawn when the bytes that completed the picture arrived: the time the
        # emulator (pure Python, far slower than a real terminal) took to parse
        # them is not the app's.
        started = arrived - start
        os.write(master, CTRL_Q)
        asked = time.monotonic()
        while proc.poll() is None:
            if time.monotonic() > asked + timeout:
                raise NotDrawn(f"{argv[-1]}: still running {timeout:g}s after ctrl+q")
            if _read(master, 0.005) is None:  # the pty closed: the app is exiting
                proc.wait(timeout)
        return TerminalRun(started, time.monotonic() - asked)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        os.close(master)
