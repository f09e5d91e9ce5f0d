"""Issue rows and the metrics catalog written by someone else: validated like every table.

The ``issues``, ``issue_commitments`` and ``issue_events`` tables and the
``metrics`` catalog travel through git with the rest of the file. A row no
command would write (a bad status, a text where the rank belongs, an id that
is not an id, a dangling reference, an overlong text) is left out of what is
shown and named on stderr, listed by ``scorecard check`` and removed by
``--fix``, and not merged from a colleague's branch.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

import db
from tests.conftest import digest
from tests.git.conftest import clone, git, origin, sc  # noqa: F401 (origin: a fixture)
from tests.reliability.conftest import one_line_error, scorecard

W47 = "2026-W47"
NOW = "2026-11-18T12:00:00Z"


def _id(letter: str) -> str:
    return letter * 32


def _issue(**fields: Any) -> dict[str, Any]:
    row = {
        "id": _id("a"),
        "text": "good issue",
        "raised_by": "Sam Rivera",
        "raised_in": W47,
        "source_kind": None,
        "source_id": None,
        "owner": None,
        "rank": 1.0,
        "ranked_at": NOW,
        "status": "open",
        "settled_in": None,
        "resolution": None,
        "created_at": NOW,
        "updated_at": NOW,
    }
    return {**row, **fields}


def _event(**fields: Any) -> dict[str, Any]:
    row = {
        "id": _id("e"),
        "issue_id": _id("a"),
        "seq": 1,
        "action": "raised",
        "week": W47,
        "detail": None,
        "by": "Sam Rivera",
        "at": NOW,
    }
    return {**row, **fields}


def _insert(conn: sqlite3.Connection, table: str, row: dict[str, Any]) -> None:
    names = ", ".join(f'"{c}"' for c in row)
    conn.execute(
        f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' for _ in row)})", list(row.values())
    )


def _plant(db_file: Path, rows: list[tuple[str, dict[str, Any]]]) -> None:
    """Write ``rows`` straight into the file as another tool would: CHECK
    constraints and foreign keys not enforced."""
    conn = sqlite3.connect(db_file, isolation_level=None)
    try:
        conn.execute("PRAGMA ignore_check_constraints = ON")
        conn.execute(
            "INSERT OR IGNORE INTO weeks (week, closed, updated_at) VALUES (?, 0, ?)", [W47, NOW]
        )
        for table, row in rows:
            _insert(conn, table, row)
    finally:
        conn.close()


#: (table, row, what stderr or check names) — one bad row each.
BAD: list[tuple[str, dict[str, Any], str]] = [
    ("issues", _issue(id=_id("b"), text="bad status", status="pending"), "status 'pending'"),
    ("issues", _issue(id=_id("c"), text="bad rank", rank="top"), "rank 'top' is not a number"),
    ("issues", _issue(id="XYZ", text="bad id"), "issues XYZ: id 'XYZ' is not an id"),
    (
        "issues",
        _issue(id=_id("d"), text="bad week", raised_in="2026-W99"),
        "raised_in '2026-W99'",
    ),
    ("issues", _issue(id=_id("f"), text="x" * 100_001), "text has 100,001 characters"),
    (
        "issues",
        _issue(id=_id("9"), text="bad owner", owner="Sam\nRivera"),
        "owner is not a single line",
    ),
    (
        "issues",
        _issue(id=_id("8"), text="bad stamp", updated_at="yesterday"),
        "updated_at 'yesterday' is not an ISO time",
    ),
    (
        "issues",
        _issue(id=_id("7"), text="bad source", source_kind="metric", source_id="\x1b[2J"),
        "source_id '\x1b[2J' is not a metric key",
    ),
    (
        "issue_events",
        _event(id=_id("1"), action="hacked", detail="bad action"),
        "action 'hacked' is not one of",
    ),
    ("issue_events", _event(id=_id("2"), seq=2, at="1 May"), "at '1 May' is not an ISO time"),
    (
        "issue_commitments",
        {"issue_id": _id("a"), "commitment_id": "nope", "linked_at": NOW},
        "commitment_id 'nope' is not an id",
    ),
]
#: Rows whose reference names a row that is not there (only check and the merge see these).
DANGLING: list[tuple[str, dict[str, Any], str]] = [
    ("issue_events", _event(id=_id("3"), issue_id=_id("6")), "refers to no issues row"),
    (
        "issue_commitments",
        {"issue_id": _id("a"), "commitment_id": _id("5"), "linked_at": NOW},
        "commitment_id 5555555 refers to no commitments row",
    ),
]
#: A metrics catalog row for each rule of scorecard.toml it breaks.
BAD_METRICS: list[tuple[dict[str, Any], str]] = [
    ({"key": "Bad Key"}, "key 'Bad Key' is not a metric key"),
    ({"key": "evil-area", "area": "<script>"}, "area '<script>' is not one of"),
    ({"key": "evil-tol", "tolerance": 7.0}, "tolerance 7.0 is not from 0 to 1"),
    ({"key": "evil-target", "target": "lots"}, "target 'lots' is not a number"),
]


def _metric(**fields: Any) -> dict[str, Any]:
    row = {
        "key": "evil",
        "name": "Evil",
        "area": "trust",
        "owner": "shared",
        "unit": "count",
        "direction": "higher",
        "tolerance": 0.1,
        "target": 1.0,
        "min": 0.0,
        "max": None,
        "decimals": 0,
        "description": "",
        "position": None,
        "active": 0,
        "updated_at": NOW,
    }
    return {**row, **fields}


def _plant_all(db_file: Path) -> None:
    _plant(
        db_file,
        [("issues", _issue()), ("issue_events", _event())]
        + [(t, r) for t, r, _ in BAD + DANGLING]
        + [("metrics", _metric(**fields)) for fields, _ in BAD_METRICS],
    )


def test_bad_issue_rows_are_left_out_and_named_never_a_traceback(workspace_dir, db_file):
    _plant_all(db_file)
    before = digest(db_file)
    listed = scorecard("issue", "list", "--all", cwd=workspace_dir)
    assert "Traceback" not in listed.stderr, listed.stderr
    assert "good issue" in listed.stdout
    for hidden in ("bad status", "bad rank", "bad id", "bad week", "xxxxxxxx", "bad owner"):
        assert hidden not in listed.stdout, hidden
    for _table, _row, named in BAD[:8]:
        assert named.replace("\x1b", "\\x1b") in listed.stderr, (named, listed.stderr)
    assert "\x1b" not in listed.stderr  # the planted escape is shown, never sent
    for args in (
        ("issue", "list"),
        ("show",),
        ("export",),
        ("export", "-f", "json"),
        ("export", "--from", "2026-W40"),
        ("log", _id("a")[:7]),
        ("issue", "list", "--suggested"),
    ):
        done = scorecard(*args, cwd=workspace_dir)
        assert "Traceback" not in done.stderr, (args, done.stderr)
        assert done.returncode == 0 and (done.stdout.strip() or "--suggested" in args), args
        for hidden in ("bad status", "bad rank", "hacked", "bad action", "1 May"):
            assert hidden not in done.stdout, (args, hidden)
    log = scorecard("log", _id("a")[:7], cwd=workspace_dir)
    assert "issue_events 1111111: action 'hacked'" in log.stderr, log.stderr
    assert "issue_events 2222222: at '1 May'" in log.stderr, log.stderr
    assert digest(db_file) == before, "reading changed the file"
    # a damaged issue is not found to act on: one line, nothing written
    line = one_line_error(scorecard("issue", "solve", "bbbbbbb", cwd=workspace_dir), 2)
    assert "issue bbbbbbb is damaged" in line and "scorecard check" in line
    assert digest(db_file) == before


def test_writes_next_to_bad_issue_rows_never_compute_with_them(workspace_dir, db_file):
    """A rank that is not a number used to end ``issue add`` in a traceback."""
    _plant(db_file, [("issues", _issue()), ("issues", _issue(id=_id("c"), rank="top"))])
    added = scorecard("issue", "add", "a new one", cwd=workspace_dir)
    assert added.returncode == 0 and "Traceback" not in added.stderr, added.stderr
    new_id = added.stdout.strip()
    assert scorecard("issue", "rank", new_id[:7], "1", cwd=workspace_dir).returncode == 0
    listed = scorecard("issue", "list", cwd=workspace_dir).stdout
    assert listed.index("a new one") < listed.index("good issue")
    assert "bad rank" not in listed


def test_check_lists_every_bad_issue_and_metrics_row_and_fix_removes_them(workspace_dir, db_file):
    _plant_all(db_file)
    done = scorecard("check", cwd=workspace_dir)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    expected = len(BAD) + len(DANGLING) + len(BAD_METRICS)
    assert f"{expected} problems" in done.stderr, done.stderr
    for _table, _row, named in BAD + DANGLING:
        assert named.replace("\x1b", "\\x1b") in done.stderr, (named, done.stderr)
    for _fields, named in BAD_METRICS:
        assert named in done.stderr, (named, done.stderr)
    assert "integrity" not in done.stderr, "a row that breaks a CHECK is named as a row"
    assert "\x1b" not in done.stderr
    fixed = scorecard("check", "--fix", cwd=workspace_dir)
    assert fixed.returncode == 0, fixed.stderr
    assert fixed.stdout.count("removed ") == expected, fixed.stdout
    again = scorecard("check", cwd=workspace_dir)
    assert again.returncode == 0 and "ok (integrity, schema" in again.stdout, again.stderr
    listed = scorecard("issue", "list", "--all", cwd=workspace_dir)
    assert listed.returncode == 0 and listed.stderr == "", listed.stderr
    assert "good issue" in listed.stdout
    conn = db.connect(db_file)
    try:
        keys = {r["key"] for r in db.query(conn, "SELECT key FROM metrics")}
        assert not keys & {"Bad Key", "evil-area", "evil-tol", "evil-target"}
        assert "mqls" in keys, "the catalog's own rows stay"
    finally:
        conn.close()


def test_fix_gives_an_issue_whose_week_row_is_missing_its_week(workspace_dir, db_file):
    """An issue raised in a week without a ``weeks`` row is kept: the week is added."""
    _plant(db_file, [("issues", _issue(raised_in="2026-W40", text="older issue"))])
    done = scorecard("check", cwd=workspace_dir)
    assert done.returncode == 1
    assert "issues aaaaaaa: raised_in 2026-W40 refers to no weeks row" in done.stderr
    fixed = scorecard("check", "--fix", cwd=workspace_dir)
    assert fixed.returncode == 0, fixed.stderr
    assert "added week 2026-W40 for issues aaaaaaa" in fixed.stdout
    assert "older issue" in scorecard("issue", "list", cwd=workspace_dir).stdout


def test_a_conflict_on_an_issue_is_not_a_bad_row(workspace_dir, db_file):
    """A merge records conflicts on issues too: their rows are ours, not damage."""
    _plant(db_file, [("issues", _issue())])
    conn = sqlite3.connect(db_file, isolation_level=None)
    conn.execute(
        "INSERT INTO conflicts VALUES (?, 'issues', ?, 'text', '\"old\"', '\"mine\"', "
        "'\"theirs\"', ?)",
        [_id("c"), f'["{_id("a")}"]', NOW],
    )
    conn.close()
    done = scorecard("check", cwd=workspace_dir)
    assert done.returncode == 0, done.stderr
    assert "issues" in scorecard("conflicts", cwd=workspace_dir).stdout


def test_a_column_added_to_the_issue_tables_is_ignored(workspace_dir, db_file):
    assert scorecard("issue", "add", "before", cwd=workspace_dir).returncode == 0
    conn = sqlite3.connect(db_file, isolation_level=None)
    for table in ("issues", "issue_events", "issue_commitments", "metrics"):
        conn.execute(f"ALTER TABLE {table} ADD COLUMN mood TEXT DEFAULT 'sunny'")
    conn.close()
    added = scorecard("issue", "add", "after", cwd=workspace_dir)
    assert added.returncode == 0, added.stderr
    listed = scorecard("issue", "list", cwd=workspace_dir)
    assert listed.returncode == 0 and listed.stderr == "", listed.stderr
    assert "before" in listed.stdout and "after" in listed.stdout
    log = scorecard("log", added.stdout.strip()[:7], cwd=workspace_dir)
    assert log.returncode == 0 and "raised" in log.stdout, log.stderr
    assert scorecard("check", cwd=workspace_dir).returncode == 0


pytestmark_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@pytestmark_git
def test_a_colleagues_bad_issue_rows_are_not_merged(origin, tmp_path):  # noqa: F811
    """Two leads, two clones, one remote: Maya's branch plants bad issue rows and a
    bad catalog row next to a good issue; Sam pulls. The good issue is merged,
    each bad row is named and not merged, and Sam's own work is intact."""
    sales = clone(origin, tmp_path / "sales", "Sam")
    marketing = clone(origin, tmp_path / "marketing", "Maya")
    good = sc(marketing, "issue", "add", "Leads go cold").stdout.strip()
    _plant(
        marketing / "scorecard.db",
        [
            ("issues", _issue(id=_id("b"), text="bad status", status="pending")),
            ("issues", _issue(id=_id("c"), text="\x1b]52;c;cHduZWQ=\x07", rank="top")),
            ("issue_events", _event(id=_id("1"), issue_id=good, action="hacked")),
            ("issue_events", _event(id=_id("3"), issue_id=_id("6"))),
            ("metrics", _metric(key="evil", area="<script>")),
        ],
    )
    git(marketing, "commit", "--quiet", "-am", "issues")
    git(marketing, "push", "--quiet")
    mine = sc(sales, "issue", "add", "Demo no-shows").stdout.strip()
    git(sales, "commit", "--quiet", "-am", "an issue")
    pulled = git(sales, "pull", "--quiet", "--no-edit", check=False)
    said = pulled.stdout + pulled.stderr
    assert pulled.returncode == 0, said
    assert "Traceback" not in said
    for named in (
        "theirs: damaged row issues bbbbbbb (status 'pending'",
        "theirs: damaged row issues ccccccc (rank 'top' is not a number)",
        "theirs: damaged row issue_events 1111111 (action 'hacked'",
        "theirs: damaged row issue_events 3333333 (issue_id 6666666 refers to no issues row)",
        "theirs: damaged row metrics evil (area '<script>'",
    ):
        assert named in said, (named, said)
    assert "\x1b]52" not in said
    listed = sc(sales, "issue", "list", "--all")
    assert listed.stderr == "", listed.stderr
    assert "Leads go cold" in listed.stdout and "Demo no-shows" in listed.stdout
    assert "bad status" not in listed.stdout and "52;c" not in listed.stdout
    assert sc(sales, "check").returncode == 0
    assert good and mine
