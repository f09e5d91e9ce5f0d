"""Helpers for the reliability suite: bounded loops, the CLI in a subprocess.

Loops are bounded in count and in time. ``SCORECARD_SOAK=1`` turns every
bounded loop into a long soak (see docs/reliability.md).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from scorecard.cli import cli
from tests import forkserver

SOAK = bool(os.environ.get("SCORECARD_SOAK"))


def bound(ci: int, soak: int) -> int:
    """A loop count: small in the default run, large under SCORECARD_SOAK=1."""
    return soak if SOAK else ci


def scorecard(
    *args: str, cwd: Path, timeout: float = 60, prefix: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[str]:
    """Run the real ``scorecard`` command in a process of its own, as a user would.

    A fork of tests/forkserver.py (the command's modules already imported:
    none of its own start-up each); with a ``prefix`` (another program that
    runs it, such as ``setpriv``) a fresh ``python -m scorecard``.
    """
    if not prefix:
        return forkserver.run(["-m", "scorecard", *args], cwd=cwd, timeout=timeout)
    return subprocess.run(
        [*prefix, sys.executable, "-m", "scorecard", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def scorecard_here(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``scorecard ARGS`` typed in ``cwd``, run in-process (the same ``main``).

    For the checks a loop makes after each process it killed, which are about
    the file left behind, not about a process: without a Python start-up each.
    """
    import contextlib

    with contextlib.chdir(cwd):
        done = CliRunner().invoke(cli, list(args), prog_name="scorecard", catch_exceptions=False)
    return subprocess.CompletedProcess(
        ["scorecard", *args], done.exit_code, done.stdout, done.stderr
    )


def scorecard_tty(*args: str, cwd: Path, timeout: float = 60) -> tuple[int, str]:
    """Exit code and what a terminal receives (stdout and stderr) from ``scorecard``.

    Runs on a pseudo-terminal in raw mode: click strips ANSI codes when output
    is not a terminal, so only a real tty shows what a user's terminal would get.
    A fork of tests/forkserver.py whose stdout and stderr are the terminal's end.
    """
    import pty
    import tty

    master, slave = pty.openpty()
    tty.setraw(slave)
    try:
        proc = forkserver.spawn(
            ["-m", "scorecard", *args],
            cwd=cwd,
            stdin=forkserver.DEVNULL,
            stdout=slave,
            stderr=slave,
        )
    finally:
        os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    return proc.wait(timeout), b"".join(chunks).decode("utf-8")


def terminal(*args: str) -> Result:
    """``scorecard`` in-process, its output as a terminal gets it.

    ``color=True``: otherwise click strips ANSI codes from output that is not a
    terminal, which would hide an escape sequence the product let through.
    """
    return CliRunner().invoke(cli, list(args), color=True, catch_exceptions=False)


def one_line_error(done: subprocess.CompletedProcess[str] | object, code: int) -> str:
    """Assert the command failed with ``code`` and one ``scorecard:`` line; return it."""
    exit_code = getattr(done, "returncode", getattr(done, "exit_code", None))
    stderr: str = getattr(done, "stderr")  # noqa: B009
    assert exit_code == code, (exit_code, stderr)
    assert stderr.startswith("scorecard: ") and stderr.count("\n") == 1, stderr
    assert "Traceback" not in stderr
    return stderr


@pytest.fixture
def ws_config(workspace_dir: Path) -> Path:
    return workspace_dir / "scorecard.toml"


@pytest.fixture
def db_file(workspace_dir: Path) -> Path:
    return workspace_dir / "scorecard.db"
