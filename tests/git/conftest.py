"""Real git in temporary repositories: an origin and clones of one workspace.

Git runs for real, and runs our diff and merge drivers itself, in processes
of their own (``python -m scorecard git merge``, ``git textconv``), as on a
user's machine. A command a test types (``sc``) runs in-process in that
clone's folder, as the CLI tests do: the same ``main`` with the same
arguments, environment and working directory, without 0.3 s of start-up each;
``sc_process`` runs it as a process of its own (a fork of
tests/forkserver.py), for a test whose point is another process (one the
open app must notice). The environment comes from
the hermetic fixture in tests/conftest.py (HOME, git config, author and
dates).
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from scorecard.cli import cli
from tests import forkserver
from tests.conftest import built_once


def sh(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(args, cwd=cwd, capture_output=True, text=True)
    if check and done.returncode != 0:
        raise AssertionError(f"{args} failed ({done.returncode}): {done.stdout}{done.stderr}")
    return done


def git(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return sh(cwd, "git", *args, check=check)


def sc(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """``scorecard ARGS`` typed in ``cwd``: exit code, stdout and stderr.

    In-process; an exception that would be a traceback fails the test.
    """
    with contextlib.chdir(cwd):
        done = CliRunner().invoke(cli, list(args), prog_name="scorecard", catch_exceptions=False)
    result = subprocess.CompletedProcess(
        ["scorecard", *args], done.exit_code, done.stdout, done.stderr
    )
    if check and result.returncode != 0:
        raise AssertionError(f"{args} failed ({result.returncode}): {result.stdout}{result.stderr}")
    return result


def sc_process(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """``scorecard ARGS`` as a process of its own: a fork of tests/forkserver.py
    (``python -m scorecard`` with the command's modules already imported)."""
    done = forkserver.run(["-m", "scorecard", *args], cwd=cwd)
    if check and done.returncode != 0:
        raise AssertionError(f"{args} failed ({done.returncode}): {done.stdout}{done.stderr}")
    return done


def query(db_path: Path, sql: str, params: tuple = ()) -> list[tuple]:
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def clone(origin: Path, dest: Path, name: str, *, install: bool = True) -> Path:
    git(origin.parent, "clone", "--quiet", str(origin), str(dest))
    git(dest, "config", "user.name", name)
    git(dest, "config", "user.email", f"{name.lower()}@example.com")
    git(dest, "config", "pull.rebase", "false")
    if install:
        sc(dest, "git", "install")
    return dest


def _build_origin(folder: Path) -> None:
    """A bare origin holding a workspace with two open commitments, set up by 'init'."""
    bare = folder / "origin.git"
    git(folder, "init", "--quiet", "--bare", "--initial-branch=main", str(bare))
    seed = folder / "seed"
    git(folder, "init", "--quiet", "--initial-branch=main", str(seed))
    git(seed, "config", "user.name", "Seed")
    git(seed, "config", "user.email", "seed@example.com")
    sc(seed, "init", "--sales-lead", "Sam Rivera", "--marketing-lead", "Maya Chen")
    sc(seed, "set", "mqls", "100")
    for text in ("Send the webinar list", "Call back every MQL"):
        sc(seed, "commitment", "add", text, "--owner", "Sam Rivera")
    git(seed, "add", "-A")
    git(seed, "commit", "--quiet", "-m", "Start the workspace")
    git(seed, "remote", "add", "origin", str(bare))
    git(seed, "push", "--quiet", "origin", "main")


def _build_clones(folder: Path, factory: pytest.TempPathFactory) -> None:
    """The origin beside a clone for each lead, drivers installed."""
    shutil.copytree(built_once(factory, "origin", _build_origin), folder, dirs_exist_ok=True)
    clone(folder / "origin.git", folder / "sales", "Sam")
    clone(folder / "origin.git", folder / "marketing", "Maya")


def _copy(template: Path, dest: Path, *names: str) -> None:
    """Copy the repositories ``names`` of a template, each clone pointed at the new origin."""
    for name in names:
        shutil.copytree(template / name, dest / name, symlinks=True)
    for name in names:
        if name != "origin.git":
            git(dest / name, "remote", "set-url", "origin", str(dest / "origin.git"))


@pytest.fixture
def origin(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A bare origin holding a workspace with two open commitments, set up by 'init'.

    Built once per session and copied (with the seed clone it was pushed from).
    """
    _copy(built_once(tmp_path_factory, "origin", _build_origin), tmp_path, "origin.git", "seed")
    return tmp_path / "origin.git"


@pytest.fixture
def clones(
    origin: Path, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, Path]:
    """Sam's and Maya's clones of the origin, drivers installed: copies, built once.

    (Cloning does not change the origin, so the template's origin is ``origin``'s.)
    """
    template = built_once(
        tmp_path_factory, "clones", lambda folder: _build_clones(folder, tmp_path_factory)
    )
    _copy(template, origin.parent, "sales", "marketing")
    return origin.parent / "sales", origin.parent / "marketing"


def commitment_ids(folder: Path) -> list[str]:
    return [
        r[0]
        for r in query(
            folder / "scorecard.db", "SELECT id FROM commitments ORDER BY created_at, id"
        )
    ]
