"""A database file written by someone else: checked schema, validated rows.

The file travels through git; a colleague's commit (or another tool) can put
code in it (a trigger), take our names (a view), change a table, or store
rows no command would write. Every command refuses code in one line before
touching a table; bad rows are left out of what is shown, each named once on
stderr; ``scorecard check`` reports all of it and ``--fix`` removes it.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from tests.conftest import digest
from tests.reliability.conftest import one_line_error, scorecard, terminal

W47 = "2026-W47"
NOW = "2026-11-18T12:00:00Z"


def _sql(db_file: Path, *statements: str) -> None:
    conn = sqlite3.connect(db_file, isolation_level=None)
    try:
        for statement in statements:
            conn.execute(statement)
    finally:
        conn.close()


DOUBLE = (
    "CREATE TRIGGER double_it AFTER INSERT ON metric_values BEGIN "
    "UPDATE metric_values SET value = value * 2 WHERE rowid = new.rowid; END"
)
EAT_NOTES = "CREATE TRIGGER eat AFTER INSERT ON notes BEGIN DELETE FROM notes; END"


@pytest.mark.parametrize(
    ("planted", "named"),
    [
        ((DOUBLE,), "trigger double_it on metric_values"),
        ((EAT_NOTES,), "trigger eat on notes"),
        (
            ("CREATE TRIGGER hang BEFORE INSERT ON _sqlite_migrations BEGIN SELECT 1; END",),
            "trigger hang on _sqlite_migrations",
        ),
        (
            ("DROP TABLE notes", "CREATE VIEW notes AS SELECT * FROM commitments"),
            "view notes takes the name of a scorecard table",
        ),
        (
            ("ALTER TABLE notes ADD COLUMN shout TEXT GENERATED ALWAYS AS (upper(text))",),
            "column notes.shout is generated",
        ),
        (
            ("CREATE UNIQUE INDEX one_per_week ON notes (week)",),
            "unique index one_per_week on notes",
        ),
        (
            ("ALTER TABLE notes ADD COLUMN mood TEXT CHECK (length(text) < 5)",),
            "column notes.mood has a constraint",
        ),
        (
            ("ALTER TABLE metric_values ADD COLUMN src TEXT REFERENCES notes(id)",),
            "column metric_values.src has a constraint",
        ),
    ],
    ids=[
        "trigger-double",
        "trigger-eat",
        "trigger-migrations",
        "view",
        "generated",
        "unique",
        "check-column",
        "references-column",
    ],
)
def test_code_or_shadowing_in_the_file_is_refused_in_one_line(
    workspace_dir, db_file, planted, named
):
    _sql(db_file, *planted)
    before = digest(db_file)
    # The real command once (all a user's terminal gets: one line, nothing at exit),
    # then each kind of command in-process: the same code, without a start-up each.
    line = one_line_error(scorecard("set", "mqls", "5", cwd=workspace_dir), 2)
    assert named in line and "scorecard check --fix" in line, line
    for args in (("show",), ("set", "mqls", "5"), ("note", "add", "idea", "x"), ("export",)):
        line = one_line_error(terminal(*args), 2)
        assert named in line and "scorecard check --fix" in line, line
    assert digest(db_file) == before, "nothing ran against the file"
    done = terminal("check")
    assert done.exit_code == 1 and named in done.stderr and "Traceback" not in done.stderr
    fixed = terminal("check", "--fix")
    if "view" in named:  # the table itself is gone: --fix removes the view, git restores the rest
        assert "removed view notes" in fixed.stdout and "table notes is missing" in fixed.stderr
        return
    assert fixed.exit_code == 0, fixed.stderr
    assert "removed " in fixed.stdout and "ok (integrity, schema" in fixed.stdout
    assert terminal("set", "mqls", "5").exit_code == 0
    assert terminal("note", "add", "idea", "kept").exit_code == 0
    shown = terminal("show")
    assert shown.exit_code == 0 and "kept" in shown.stdout
    from scorecard.weeks import parse_week
    from scorecard.workspace import Workspace

    with Workspace.open(workspace_dir / "scorecard.toml") as ws:
        assert ws.value(parse_week(W47), "mqls").value == 5  # stored as typed, not doubled


def test_a_column_added_by_sqlite_utils_is_ignored(workspace_dir, db_file):
    assert scorecard("note", "add", "idea", "before", cwd=workspace_dir).returncode == 0
    # metric_values ends in a table constraint: SQLite writes the column before it
    for table in ("notes", "metric_values"):
        done = subprocess.run(
            [
                shutil.which("sqlite-utils") or "sqlite-utils",
                "add-column",
                str(db_file),
                table,
                "mood",
                "text",
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
    _sql(db_file, "UPDATE notes SET mood = 'sunny'")
    assert scorecard("note", "add", "idea", "after", cwd=workspace_dir).returncode == 0
    shown = scorecard("show", cwd=workspace_dir)
    assert shown.returncode == 0 and shown.stderr == "", shown.stderr
    assert "before" in shown.stdout and "after" in shown.stdout
    assert "sunny" not in shown.stdout
    assert scorecard("check", cwd=workspace_dir).returncode == 0


def test_a_user_view_is_allowed_and_never_read_as_data(workspace_dir, db_file):
    _sql(db_file, "CREATE VIEW my_report AS SELECT week, count(*) AS n FROM notes GROUP BY week")
    assert scorecard("show", cwd=workspace_dir).returncode == 0
    assert scorecard("check", cwd=workspace_dir).returncode == 0


def _bad_rows(db_file: Path) -> None:
    """Rows no command writes: a text where a number belongs, a bad enum, a bad
    week id, a note over the length limit, a malformed conflict row."""
    _sql(
        db_file,
        f"INSERT INTO weeks (week, closed, updated_at) VALUES ('{W47}', 0, '{NOW}')",
        f"INSERT INTO metric_values VALUES ('{W47}', 'mqls', 'lots', 120, NULL, 'x', '{NOW}')",
        f"INSERT INTO metric_values VALUES ('{W47}', 'pipeline', 250000, 'big', NULL, 'x', "
        f"'{NOW}')",
        f"INSERT INTO metric_values VALUES ('{W47}', 'web-visits', 9000, 8000, NULL, 'x', '{NOW}')",
        "INSERT INTO commitments VALUES ('" + "a" * 32 + f"', 'ok task', 'Sam', 'sales', "
        f"'{W47}', '{W47}', 'open', NULL, '{NOW}', '{NOW}')",
        "INSERT INTO commitments VALUES ('" + "b" * 32 + f"', 'bad team', 'Sam', 'pirates', "
        f"'{W47}', '{W47}', 'open', NULL, '{NOW}', '{NOW}')",
        "INSERT INTO commitments VALUES ('" + "c" * 32 + f"', 'bad due', 'Sam', 'sales', "
        f"'{W47}', '2026-W99', 'open', NULL, '{NOW}', '{NOW}')",
        "INSERT INTO notes VALUES ('" + "d" * 32 + f"', '{W47}', 'idea', 'Sam', "
        f"'{'x' * 100_001}', '{NOW}', '{NOW}')",
        "INSERT INTO notes VALUES ('" + "e" * 32 + f"', '{W47}', 'idea', 'Sam', 'good note', "
        f"'{NOW}', '{NOW}')",
        "INSERT INTO conflicts VALUES ('" + "f" * 32 + "', 'notes', 'not json', 'text', "
        f"'1', '2', '3', '{NOW}')",
    )


def test_bad_rows_are_left_out_and_named_never_a_traceback(workspace_dir, db_file, tmp_path):
    _bad_rows(db_file)
    before = digest(db_file)
    shown = scorecard("show", cwd=workspace_dir)
    assert shown.returncode == 1, "a command that left rows out says so in its exit code"
    assert "Traceback" not in shown.stderr
    assert "ok task" in shown.stdout and "good note" in shown.stdout
    assert "9,000" in shown.stdout
    for hidden in ("bad team", "bad due", "lots", "xxxxxxxxxx"):
        assert hidden not in shown.stdout, hidden
    for named in (
        "metric_values 2026-W47 mqls: value 'lots' is not a number",
        "metric_values 2026-W47 pipeline: target 'big' is not a number",
        "commitments bbbbbbb: team 'pirates' is not one of",
        "commitments ccccccc: due_week '2026-W99'",
        "notes ddddddd: text has 100,001 characters, more than 100,000",
    ):
        assert named in shown.stderr, (named, shown.stderr)
    for args in (
        ("export",),
        ("export", "-f", "json"),
        ("export", "-f", "csv"),
        ("export", "-f", "csv", "--commitments"),
        ("export", "--from", "2026-W40"),
        ("commitment", "list"),
        ("log",),
        ("conflicts",),
    ):
        done = terminal(*args)  # in-process: the real command ran once above
        assert "Traceback" not in done.stderr, (args, done.stderr)
        assert done.exit_code == 1 and "left out" in done.stderr, (args, done.stderr)
        assert done.stdout.strip() or args == ("log",), args  # no event is bad: none to show
        assert "bad team" not in done.stdout and "lots" not in done.stdout, args
    assert "No merge conflicts" in terminal("conflicts").stdout
    assert digest(db_file) == before, "reading changed the file"
    closed = scorecard("close", W47, "--no-commit", cwd=workspace_dir)
    assert closed.returncode == 0, closed.stderr
    report = (workspace_dir / "reports" / f"{W47}.md").read_text("utf-8")
    assert "ok task" in report and "bad team" not in report
    # a bad row cannot be reviewed: it is not found, in one line
    line = one_line_error(scorecard("commitment", "done", "bbbbbbb", cwd=workspace_dir), 2)
    assert "damaged" in line


def test_check_lists_every_bad_row_and_fix_removes_them(workspace_dir, db_file):
    _bad_rows(db_file)
    done = scorecard("check", cwd=workspace_dir)
    assert done.returncode == 1
    assert done.stderr.count("\n") == 7, done.stderr  # six bad rows and the count
    assert "6 problems" in done.stderr
    fixed = scorecard("check", "--fix", cwd=workspace_dir)
    assert fixed.returncode == 0, fixed.stderr
    assert fixed.stdout.count("removed ") == 6
    shown = scorecard("show", cwd=workspace_dir)
    assert shown.returncode == 0 and shown.stderr == "", shown.stderr
    assert "ok task" in shown.stdout and "good note" in shown.stdout


def test_a_value_typed_over_a_bad_row_replaces_it(workspace_dir, db_file):
    _bad_rows(db_file)
    assert scorecard("set", "mqls", "131", cwd=workspace_dir).returncode == 0
    shown = scorecard("show", cwd=workspace_dir)
    assert "131" in shown.stdout and "mqls: value" not in shown.stderr


def test_check_of_a_damaged_file_is_one_line_per_problem(workspace_dir, db_file):
    db_file.write_bytes(db_file.read_bytes()[:3000])
    done = scorecard("check", cwd=workspace_dir)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "damaged" in done.stderr or "integrity" in done.stderr


def test_the_app_leaves_bad_rows_out_and_says_so(workspace_dir, db_file):
    from tests.reliability.test_tui import _run_app_on_a_pty

    _bad_rows(db_file)
    out = _run_app_on_a_pty(workspace_dir, b"scorecard check")
    assert b"damaged stored row" in out and b"Traceback" not in out


def test_terminal_output_of_check_is_inert(workspace_dir, db_file):
    _sql(db_file, 'CREATE TRIGGER "\x1b]0;pwned\x07" AFTER INSERT ON notes BEGIN SELECT 1; END')
    done = terminal("check")
    assert done.exit_code == 1
    assert "\x1b" not in done.output and "\\x1b]0;pwned" in done.output
