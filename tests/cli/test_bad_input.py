"""Every bad input: one line on stderr, exit 2, no traceback, database untouched."""

import sqlite3

import pytest

from db.schema import SCHEMA_VERSION
from tests.conftest import digest


@pytest.fixture
def with_commitments(run, workspace_dir):
    run("commitment", "add", "first", "--owner", "Sam Rivera")
    run("commitment", "add", "second", "--owner", "Sam Rivera")
    return workspace_dir


BAD = [
    (["set", "nope", "5"], "unknown metric 'nope'"),
    (["set", "mqls", "lots"], "'lots' is not a number"),
    (["set", "mqls", "NaN"], "'NaN' is not a number"),
    (["set", "mqls", "inf"], "'inf' is not a number"),
    (["set", "mqls", "1e309"], "'1e309' is not a number"),
    (["set", "mqls", "5", "--week", "2025-W53"], "2025 has weeks 1 to 52"),
    (["set", "mqls", "5", "--week", "2026-W00"], "2026 has weeks 1 to 53"),
    (["set", "mqls", "5", "--week", "yesterday-ish"], "invalid week"),
    (["commitment", "done", "zzzz"], "'zzzz' is not a commitment id"),
    (["commitment", "done", "0123456789"], "no commitment with id 0123456789"),
    (["commitment", "add", "x", "--owner", "   ", "--team", "sales"], "owner must not be empty"),
    (["commitment", "add", "x", "--owner", "Newcomer"], "choose sales, marketing or shared"),
    (["note", "add", "rant", "x"], "'rant' is not one of"),
    (["note", "add", "idea", ""], "note text must not be empty"),
    (["set", "mqls"], "Missing argument 'VALUE'"),
    (["frobnicate"], "No such command 'frobnicate'"),
    (["shw"], "No such command 'shw'. Did you mean 'show'?"),
    (["git", "textcon", "x"], "Did you mean 'textconv'?"),
]


@pytest.mark.parametrize(("args", "message"), BAD, ids=[" ".join(a) for a, _ in BAD])
def test_bad_input_is_one_line_exit_2_and_changes_nothing(run, with_commitments, args, message):
    db_file = with_commitments / "scorecard.db"
    before = digest(db_file)
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("scorecard: ")
    assert "Traceback" not in result.output
    assert digest(db_file) == before


def test_ambiguous_commitment_id(run, with_commitments, monkeypatch):
    import itertools

    counter = itertools.count()
    monkeypatch.setattr("scorecard.ids.new_id", lambda: f"beef{next(counter):028x}")
    run("commitment", "add", "third", "--owner", "Sam Rivera")
    run("commitment", "add", "fourth", "--owner", "Sam Rivera")
    before = digest(with_commitments / "scorecard.db")
    result = run("commitment", "done", "beef")
    assert result.exit_code == 2
    assert "ambiguous" in result.stderr and result.stderr.count("\n") == 1
    assert digest(with_commitments / "scorecard.db") == before


def _replace_config(folder, old, new):
    path = folder / "scorecard.toml"
    path.write_text(path.read_text().replace(old, new, 1))


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('title = "Test Co"', 'title = "Test Co"\n[[broken', "invalid TOML"),
        ('title = "Test Co"', 'title = "Test Co"\nflavour = 1', "flavour: unknown field"),
        ('direction = "higher"', "direction = 3", "metrics[0].direction"),
        ('database = "scorecard.db"', 'database = "../../etc/x.db"', "outside the workspace"),
    ],
)
def test_broken_config(run, workspace_dir, old, new, message):
    before = digest(workspace_dir / "scorecard.db")
    _replace_config(workspace_dir, old, new)
    result = run("set", "mqls", "5")
    assert result.exit_code == 2
    assert message in result.stderr and result.stderr.count("\n") == 1
    assert str(workspace_dir / "scorecard.toml") in result.stderr
    assert digest(workspace_dir / "scorecard.db") == before


def test_database_that_is_not_sqlite(run, workspace_dir):
    (workspace_dir / "scorecard.db").write_text("not a database\n" * 100)
    result = run("show")
    assert result.exit_code == 2
    assert "not an SQLite database" in result.stderr and result.stderr.count("\n") == 1
    assert (workspace_dir / "scorecard.db").read_text() == "not a database\n" * 100


def test_database_from_a_newer_version(run, workspace_dir):
    db_file = workspace_dir / "scorecard.db"
    conn = sqlite3.connect(db_file)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.close()
    before = digest(db_file)
    result = run("set", "mqls", "5")
    assert result.exit_code == 2
    assert "newer version of scorecard" in result.stderr and result.stderr.count("\n") == 1
    assert digest(db_file) == before


def test_no_workspace_anywhere(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("show")
    assert result.exit_code == 2
    assert "no scorecard.toml here or in any parent folder" in result.stderr
