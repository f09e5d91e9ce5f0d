"""The git paths under fire: diffs of hostile or damaged files, merges of damaged
sides, and closing a week right after a crash.
"""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

import db
from tests.conftest import digest
from tests.reliability import history
from tests.reliability.conftest import one_line_error, scorecard, terminal
from tests.reliability.ledger import check_sound
from tests.reliability.test_hostile_text import HOSTILE, UNSAFE

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def test_textconv_of_hostile_text_is_inert_one_row_a_line(workspace, db_file):
    from scorecard.weeks import parse_week

    week = parse_week("2026-W47")
    for text in HOSTILE.values():
        workspace.add_note("idea", text, week=week)
    done = terminal("git", "textconv", str(db_file))
    assert done.exit_code == 0, done.stderr
    assert not UNSAFE.search(done.stdout)
    assert "\r" not in done.stdout
    assert sum(line.startswith("notes ") for line in done.stdout.splitlines()) == len(HOSTILE)


@pytest.mark.parametrize("damage", ["truncated", "zero-bytes", "garbage"], ids=lambda d: d)
def test_textconv_of_a_damaged_file_is_one_line_and_never_fails(db_file, damage):
    data = db_file.read_bytes()
    broken = {"truncated": data[:5000], "zero-bytes": b"", "garbage": b"\x00junk" * 1000}[damage]
    db_file.write_bytes(broken)
    done = terminal("git", "textconv", str(db_file))
    assert done.exit_code == 0 and "Traceback" not in done.output
    assert len(done.stdout.splitlines()) == 1 and done.stdout.startswith("# ")
    assert db_file.read_bytes() == broken


@pytest.mark.parametrize("side", ["ours", "theirs", "base"])
def test_merge_with_a_damaged_side_fails_in_one_line_and_keeps_ours(db_file, tmp_path, side):
    files = {name: tmp_path / f"{name}.db" for name in ("base", "ours", "theirs")}
    for path in files.values():
        shutil.copy(db_file, path)
    files[side].write_bytes(files[side].read_bytes()[:5000])
    before = digest(files["ours"])
    done = terminal("git", "merge", *(str(files[n]) for n in ("base", "ours", "theirs")), "x.db")
    assert "cannot merge" in one_line_error(done, done.exit_code)
    assert done.exit_code != 0
    assert digest(files["ours"]) == before


def _git(cwd, *args):
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)


def test_close_right_after_a_crash_commits_a_sound_database(tmp_path):
    """A writer killed mid-transaction leaves the file half-changed beside a hot
    journal; ``close`` must commit the file as it was before that write."""
    folder = tmp_path / "repo"
    folder.mkdir()
    _git(folder, "init", "-q")
    config = history.build(folder, 1)
    db_file = folder / "scorecard.db"
    _git(folder, "add", "-A")
    _git(folder, "commit", "-qm", "a year of history")
    before = db.connect(db_file)
    notes = db.query(before, "SELECT id, text FROM notes ORDER BY id")
    before.close()
    clean = digest(db_file)
    # a transaction that spills its changes into the file, then dies
    crash = (
        "import os, signal, sqlite3, sys\n"
        "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "c.execute('PRAGMA cache_size = 1')\n"
        "c.execute('BEGIN IMMEDIATE')\n"
        "c.execute(\"UPDATE notes SET text = text || ?\", ['x' * 2000])\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    subprocess.run([sys.executable, "-c", crash, str(db_file)], check=False)
    assert (folder / "scorecard.db-journal").exists(), "the crash left no hot journal"
    assert digest(db_file) != clean, "the crash left the file untouched: nothing to prove"
    done = scorecard("close", "2026-W47", cwd=folder)
    assert done.returncode == 0, done.stderr
    committed = tmp_path / "committed.db"
    committed.write_bytes(
        subprocess.run(
            ["git", "show", "HEAD:scorecard.db"], cwd=folder, capture_output=True, check=True
        ).stdout
    )
    after = db.connect(committed)
    try:
        check_sound(after)
        assert db.query(after, "SELECT id, text FROM notes ORDER BY id") == notes
    finally:
        after.close()
    assert config.exists()
