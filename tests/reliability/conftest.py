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

SOAK = bool(os.environ.get("SCORECARD_SOAK"))


def bound(ci: int, soak: int) -> int:
    """A loop count: small in the default run, large under SCORECARD_SOAK=1."""
    return soak if SOAK else ci


def scorecard(
    *args: str, cwd: Path, timeout: float = 60, prefix: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[str]:
    """Run the real ``scorecard`` command in a subprocess, as a user would."""
    return subprocess.run(
        [*prefix, sys.executable, "-m", "scorecard", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


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
