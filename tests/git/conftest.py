"""Real git in temporary repositories: an origin and clones of one workspace.

The CLI runs in a subprocess (``python -m scorecard``), as git itself runs it
for the diff and merge drivers. The environment comes from the hermetic
fixture in tests/conftest.py (HOME, git config, author and dates).
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest


def sh(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(args, cwd=cwd, capture_output=True, text=True)
    if check and done.returncode != 0:
        raise AssertionError(f"{args} failed ({done.returncode}): {done.stdout}{done.stderr}")
    return done


def git(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return sh(cwd, "git", *args, check=check)


def sc(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return sh(cwd, sys.executable, "-m", "scorecard", *args, check=check)


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


@pytest.fixture
def origin(tmp_path: Path) -> Path:
    """A bare origin holding a workspace with two open commitments, set up by 'init'."""
    bare = tmp_path / "origin.git"
    git(tmp_path, "init", "--quiet", "--bare", "--initial-branch=main", str(bare))
    seed = tmp_path / "seed"
    git(tmp_path, "init", "--quiet", "--initial-branch=main", str(seed))
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
    return bare


@pytest.fixture
def clones(origin: Path, tmp_path: Path) -> tuple[Path, Path]:
    return clone(origin, tmp_path / "sales", "Sam"), clone(origin, tmp_path / "marketing", "Maya")


def commitment_ids(folder: Path) -> list[str]:
    return [
        r[0]
        for r in query(
            folder / "scorecard.db", "SELECT id FROM commitments ORDER BY created_at, id"
        )
    ]
