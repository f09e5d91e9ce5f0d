"""``scorecard git install`` and ``init`` inside a git work tree."""

from __future__ import annotations

import sys

from tests.conftest import digest
from tests.git.conftest import git, sc


def _attrs(repo, path):
    return git(repo, "check-attr", "diff", "merge", "--", path).stdout


def test_init_in_a_work_tree_sets_up_the_drivers(tmp_path):
    git(tmp_path, "init", "--quiet", "repo")
    repo = tmp_path / "repo"
    out = sc(repo, "init").stdout
    assert "set merge.scorecard.driver" in out
    assert (repo / ".gitattributes").read_text() == (
        "/scorecard.db diff=scorecard merge=scorecard\n/reports/*.md merge=scorecard-report\n"
    )
    assert "diff: scorecard" in _attrs(repo, "scorecard.db")
    assert "merge: scorecard" in _attrs(repo, "scorecard.db")
    driver = git(repo, "config", "--local", "merge.scorecard.driver").stdout.strip()
    assert driver == f"{sys.executable} -m scorecard git merge %O %A %B %P"
    textconv = git(repo, "config", "--local", "diff.scorecard.textconv").stdout.strip()
    assert textconv == f"{sys.executable} -m scorecard git textconv --dump-format 2"
    assert git(repo, "config", "--local", "diff.scorecard.cachetextconv").stdout.strip() == "true"


def test_install_sets_again_only_the_settings_that_changed(tmp_path):
    """A stale driver (a moved virtualenv) is set again, also one set twice (git reads
    the last value); settings already right are left as they are."""
    git(tmp_path, "init", "--quiet", "repo")
    repo = tmp_path / "repo"
    sc(repo, "init")
    right = git(repo, "config", "--local", "merge.scorecard.driver").stdout.strip()
    git(repo, "config", "--local", "diff.scorecard.textconv", "/old/venv/bin/python -m scorecard")
    git(repo, "config", "--local", "--add", "merge.scorecard.driver", "/old/venv/bin/python")
    out = sc(repo, "git", "install").stdout
    assert "set diff.scorecard.textconv" in out and "set merge.scorecard.driver" in out
    assert "set merge.scorecard.name" not in out and "set diff.scorecard.cachetextconv" not in out
    assert "set merge.scorecard-report" not in out
    assert git(repo, "config", "--local", "merge.scorecard.driver").stdout.strip() == right
    assert "/old/" not in git(repo, "config", "--local", "diff.scorecard.textconv").stdout
    assert "set " not in sc(repo, "git", "install").stdout


def test_git_log_p_converts_each_version_once_and_keeps_it(tmp_path):
    """With the textconv cache on, git keeps each blob's rows under
    refs/notes/textconv/scorecard, so a second `git log -p` runs no textconv."""
    git(tmp_path, "init", "--quiet", "repo")
    repo = tmp_path / "repo"
    sc(repo, "init")  # commits what a clone needs
    sc(repo, "set", "mqls", "131")
    git(repo, "commit", "--quiet", "-am", "a value")
    # The configured command, behind a script whose body can change while the
    # command (git's cache key) stays the same.
    wrapper = tmp_path / "textconv.sh"
    configured = git(repo, "config", "--local", "diff.scorecard.textconv").stdout.strip()
    wrapper.write_text(f'#!/bin/sh\nexec {configured} "$@"\n')
    wrapper.chmod(0o755)
    git(repo, "config", "--local", "diff.scorecard.textconv", str(wrapper))
    first = git(repo, "log", "-p", "--", "scorecard.db").stdout
    assert '"mqls"' in first and "131" in first
    assert git(repo, "rev-parse", "--verify", "--quiet", "refs/notes/textconv/scorecard").stdout
    wrapper.write_text("#!/bin/sh\nexit 1\n")  # a textconv run now would fail the log
    assert git(repo, "log", "-p", "--", "scorecard.db").stdout == first


def test_install_is_idempotent_and_keeps_other_attributes(tmp_path):
    git(tmp_path, "init", "--quiet", "repo")
    repo = tmp_path / "repo"
    (repo / ".gitattributes").write_text("*.png binary")  # no trailing newline
    sc(repo, "init", "team")
    before = (repo / ".gitattributes").read_text()
    assert before == (
        "*.png binary\n/team/scorecard.db diff=scorecard merge=scorecard\n"
        "/team/reports/*.md merge=scorecard-report\n"
    )
    again = sc(repo / "team", "git", "install").stdout
    assert "added" not in again and "set " not in again
    assert (repo / ".gitattributes").read_text() == before
    assert "merge: scorecard" in _attrs(repo, "team/scorecard.db")
    assert "merge: unspecified" in _attrs(repo, "other/scorecard.db")


def test_init_outside_git_does_no_git_and_install_says_why(tmp_path):
    folder = tmp_path / "plain"
    out = sc(tmp_path, "init", str(folder)).stdout
    assert "merge.scorecard" not in out
    assert not (folder / ".gitattributes").exists()
    before = digest(folder / "scorecard.db")
    failed = sc(folder, "git", "install", check=False)
    assert failed.returncode == 1
    assert failed.stderr.startswith("scorecard: ") and "git init" in failed.stderr
    assert len(failed.stderr.splitlines()) == 1
    assert digest(folder / "scorecard.db") == before


def test_read_only_commands_leave_git_status_clean(clones):
    sales, _ = clones
    ids = [line.split()[0] for line in sc(sales, "commitment", "list").stdout.splitlines()]
    for args in (
        ("show",),
        ("show", "--week", "last"),
        ("commitment", "list"),
        ("conflicts",),
        ("log",),
        ("log", ids[0]),
        ("log", "--git"),
        ("git", "textconv", "scorecard.db"),
    ):
        result = sc(sales, *args)
        assert result.returncode == 0, (args, result.stderr)
        assert git(sales, "status", "--porcelain", "--ignored").stdout == "", args


def test_a_database_path_with_spaces_gets_a_quoted_pattern(tmp_path):
    git(tmp_path, "init", "--quiet", "repo")
    repo = tmp_path / "repo"
    sc(repo, "init", "team space")
    text = (repo / ".gitattributes").read_text()
    assert text == (
        '"/team space/scorecard.db" diff=scorecard merge=scorecard\n'
        '"/team space/reports/*.md" merge=scorecard-report\n'
    )
    assert "merge: scorecard" in _attrs(repo, "team space/scorecard.db")
    assert "merge: scorecard-report" in _attrs(repo, "team space/reports/2026-W47.md")


def test_read_only_commands_never_migrate_an_older_file(tmp_path):
    """A file of an older schema is read from a migrated copy; the first write migrates it."""
    import sqlite3

    from tests.db.test_connection import _schema_1_file

    git(tmp_path, "init", "--quiet", "--initial-branch=main", "repo")
    repo = tmp_path / "repo"
    sc(repo, "init")
    (repo / "scorecard.db").unlink()
    _schema_1_file(repo / "scorecard.db")
    git(repo, "add", "scorecard.db")
    git(repo, "commit", "--quiet", "-m", "An old file")
    before = digest(repo / "scorecard.db")
    for args in (("show",), ("commitment", "list"), ("conflicts",), ("log",), ("export",)):
        result = sc(repo, *args)
        assert result.returncode == 0, (args, result.stderr)
        assert digest(repo / "scorecard.db") == before, args
        assert git(repo, "status", "--porcelain").stdout == "", args
    sc(repo, "set", "mqls", "120")
    conn = sqlite3.connect(repo / "scorecard.db")
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    value = conn.execute("SELECT value FROM metric_values").fetchall()
    conn.close()
    assert version > 1 and value == [(120.0,)]
