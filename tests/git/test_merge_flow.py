"""Two leads, two clones, one remote: merges row by row."""

from __future__ import annotations

import sqlite3

from tests import forkserver
from tests.conftest import digest
from tests.git.conftest import clone, commitment_ids, git, query, sc


def _value(folder, metric):
    rows = query(
        folder / "scorecard.db", "SELECT value FROM metric_values WHERE metric = ?", (metric,)
    )
    return rows[0][0] if rows else None


def _status(folder, cid):
    return query(folder / "scorecard.db", "SELECT status FROM commitments WHERE id = ?", (cid,))[0][
        0
    ]


def _no_side_files(folder):
    assert not list(folder.glob("scorecard.db-*"))
    assert not list(folder.glob(".scorecard-merge-*"))


def test_different_changes_on_two_clones_merge_without_conflict(clones):
    sales, marketing = clones
    first, second = commitment_ids(sales)
    sc(sales, "set", "sqls-accepted", "42")
    sc(sales, "commitment", "done", first)
    git(sales, "commit", "--quiet", "-am", "Sales numbers")
    git(sales, "push", "--quiet")
    sc(marketing, "set", "web-visits", "9100")
    sc(marketing, "commitment", "missed", second)
    note = sc(marketing, "note", "add", "kudos", "Great hand-off").stdout.strip()
    git(marketing, "commit", "--quiet", "-am", "Marketing numbers")

    pulled = git(marketing, "pull", "--quiet", check=False)
    assert pulled.returncode == 0, pulled.stderr
    assert _value(marketing, "sqls-accepted") == 42 and _value(marketing, "web-visits") == 9100
    assert _status(marketing, first) == "done" and _status(marketing, second) == "missed"
    assert query(marketing / "scorecard.db", "SELECT count(*) FROM conflicts") == [(0,)]
    _no_side_files(marketing)
    # the merge commit's diff against our side reads as rows: sales' changes
    diff = git(marketing, "diff", "HEAD~1", "HEAD", "--", "scorecard.db").stdout
    assert '+metric_values "2026-W47" "sqls-accepted": value=42.0' in diff
    assert f'+commitments "{first}": ' in diff and 'status="done"' in diff
    assert "Binary files" not in diff

    git(marketing, "push", "--quiet")
    git(sales, "pull", "--quiet")
    assert _value(sales, "web-visits") == 9100 and _status(sales, second) == "missed"
    assert any(r[0] == note for r in query(sales / "scorecard.db", "SELECT id FROM notes"))
    assert git(sales, "status", "--porcelain").stdout == ""


def test_same_value_changed_differently_is_a_conflict_to_resolve(clones):
    sales, marketing = clones
    sc(sales, "set", "mqls", "140")
    git(sales, "commit", "--quiet", "-am", "MQLs per sales")
    git(sales, "push", "--quiet")
    sc(marketing, "set", "mqls", "150")
    sc(marketing, "set", "pipeline", "300000")
    git(marketing, "commit", "--quiet", "-am", "MQLs per marketing")

    pulled = git(marketing, "pull", check=False)
    assert pulled.returncode != 0
    assert "CONFLICT" in pulled.stdout and "scorecard.db" in pulled.stdout
    assert git(marketing, "ls-files", "--unmerged", "scorecard.db").stdout
    _no_side_files(marketing)
    # everything else merged; the conflicted field keeps our value meanwhile
    assert _value(marketing, "pipeline") == 300000 and _value(marketing, "mqls") == 150
    listed = sc(marketing, "conflicts")
    assert "metric_values 2026-W47 mqls" in listed.stdout
    assert "ours:   150" in listed.stdout and "theirs: 140" in listed.stdout
    assert "base:   100" in listed.stdout
    shown = sc(marketing, "show")
    assert "1 merge conflict(s) to resolve" in shown.stderr

    conflict_id = query(marketing / "scorecard.db", "SELECT id FROM conflicts")[0][0]
    resolved = sc(marketing, "conflicts", "resolve", conflict_id[:6], "--theirs")
    assert "kept 140" in resolved.stdout and "git add scorecard.db" in resolved.stdout
    assert _value(marketing, "mqls") == 140
    git(marketing, "add", "scorecard.db")
    git(marketing, "commit", "--quiet", "--no-edit")
    assert git(marketing, "status", "--porcelain").stdout == ""
    assert sc(marketing, "conflicts").stdout == "No merge conflicts.\n"
    assert len(git(marketing, "log", "--format=%P", "-1").stdout.split()) == 2


def test_a_typed_value_resolves_too(clones):
    sales, marketing = clones
    sc(sales, "set", "mqls", "140")
    git(sales, "commit", "--quiet", "-am", "a")
    git(sales, "push", "--quiet")
    sc(marketing, "set", "mqls", "150")
    git(marketing, "commit", "--quiet", "-am", "b")
    assert git(marketing, "pull", check=False).returncode != 0
    before = digest(marketing / "scorecard.db")
    bad = sc(marketing, "conflicts", "resolve", "--all", "--value", "x", check=False)
    assert bad.returncode == 2 and bad.stderr.startswith("scorecard: ")
    walked = sc(marketing, "conflicts", "resolve", check=False)  # end of input: aborted
    assert walked.returncode == 1 and walked.stderr == "scorecard: aborted\n"
    assert digest(marketing / "scorecard.db") == before
    proc = forkserver.spawn(  # a process of its own reading its answers from stdin
        ["-m", "scorecard", "conflicts", "resolve"],
        cwd=marketing,
        stdin=forkserver.PIPE,
        stdout=forkserver.PIPE,
        stderr=forkserver.PIPE,
    )
    assert proc.stdin is not None
    proc.stdin.write("v\nlots\nv\n145\n")
    proc.stdin.close()
    out, err = proc.communicate(60)
    assert proc.returncode == 0, err
    assert "lots" in err and "kept 145" in out
    assert _value(marketing, "mqls") == 145


def test_delete_against_modify_of_a_commitment_is_a_conflict(clones):
    sales, marketing = clones
    first, _ = commitment_ids(sales)
    sc(sales, "commitment", "done", first)
    git(sales, "commit", "--quiet", "-am", "Done")
    git(sales, "push", "--quiet")
    conn = sqlite3.connect(marketing / "scorecard.db")
    conn.execute("DELETE FROM commitment_events WHERE commitment_id = ?", (first,))
    conn.execute("DELETE FROM commitments WHERE id = ?", (first,))
    conn.commit()
    conn.close()
    git(marketing, "commit", "--quiet", "-am", "Deleted a commitment")

    assert git(marketing, "pull", check=False).returncode != 0
    # nothing lost meanwhile: the changed row is there, the conflict says who deleted it
    assert _status(marketing, first) == "done"
    listed = sc(marketing, "conflicts").stdout
    assert f"commitments {first[:7]}  row" in listed
    assert "ours:   deleted" in listed and "theirs: status=done" in listed
    sc(marketing, "conflicts", "resolve", "--all", "--ours")
    assert query(
        marketing / "scorecard.db", "SELECT count(*) FROM commitments WHERE id = ?", (first,)
    ) == [(0,)]
    assert query(
        marketing / "scorecard.db",
        "SELECT count(*) FROM commitment_events WHERE commitment_id = ?",
        (first,),
    ) == [(0,)]
    git(marketing, "commit", "--quiet", "-am", "Merged")
    assert git(marketing, "status", "--porcelain").stdout == ""


def test_fresh_clone_without_drivers_fails_safely_and_hints(origin, tmp_path):
    sales = clone(origin, tmp_path / "sales", "Sam")
    bare_clone = clone(origin, tmp_path / "fresh", "Maya", install=False)
    sc(sales, "set", "mqls", "140")
    git(sales, "commit", "--quiet", "-am", "a")
    git(sales, "push", "--quiet")
    sc(bare_clone, "set", "mqls", "150")
    git(bare_clone, "commit", "--quiet", "-am", "b")
    committed = digest(bare_clone / "scorecard.db")

    pulled = git(bare_clone, "pull", check=False)
    assert pulled.returncode != 0
    assert "CONFLICT" in pulled.stdout
    # git kept our file as it was: a whole, readable database
    assert digest(bare_clone / "scorecard.db") == committed
    shown = sc(bare_clone, "show")
    assert shown.returncode == 0 and "150" in shown.stdout
    assert "run 'scorecard git install' to merge it row by row" in shown.stderr
    assert len(shown.stderr.splitlines()) == 1

    installed = sc(bare_clone, "git", "install").stdout
    assert "1 conflict(s) recorded" in installed
    assert "theirs: 140" in sc(bare_clone, "conflicts").stdout
    again = sc(bare_clone, "git", "install").stdout  # a second run never merges twice
    assert "recorded" not in again and "1 merge conflict(s) to resolve" in again
    sc(bare_clone, "conflicts", "resolve", "--all", "--theirs")
    git(bare_clone, "add", "scorecard.db")
    git(bare_clone, "commit", "--quiet", "--no-edit")
    assert git(bare_clone, "status", "--porcelain").stdout == ""
    assert len(git(bare_clone, "log", "--format=%P", "-1").stdout.split()) == 2


def test_drivers_missing_on_a_tracked_database_are_reported_by_show(origin, tmp_path):
    fresh = clone(origin, tmp_path / "fresh", "Maya", install=False)
    shown = sc(fresh, "show")
    assert shown.returncode == 0
    assert shown.stderr.strip() == (
        "scorecard: scorecard.db is in git but the scorecard diff/merge drivers are not set "
        "up in this clone; run 'scorecard git install'"
    )
    sc(fresh, "git", "install")
    assert sc(fresh, "show").stderr == ""


def test_references_hold_across_a_merge(clones):
    """Both leads make commitments due the same far week and one carries one over: the
    merge has one row for that week, the carried one names its source, and nothing
    refers to a row that is not there."""
    sales, marketing = clones
    first, _ = commitment_ids(sales)
    sc(
        sales,
        "commitment",
        "add",
        "Quarterly review deck",
        "--owner",
        "Sam Rivera",
        "--due",
        "2027-W10",
    )
    carried = sc(sales, "commitment", "carry", first).stdout.strip()
    git(sales, "commit", "--quiet", "-am", "Sales plans")
    git(sales, "push", "--quiet")
    sc(marketing, "commitment", "add", "Launch plan", "--owner", "Maya Chen", "--due", "2027-W10")
    git(marketing, "commit", "--quiet", "-am", "Marketing plans")

    pulled = git(marketing, "pull", "--quiet", check=False)
    assert pulled.returncode == 0, pulled.stderr
    path = marketing / "scorecard.db"
    assert query(path, "SELECT count(*) FROM conflicts") == [(0,)]
    assert query(path, "SELECT count(*) FROM weeks WHERE week = '2027-W10'") == [(1,)]
    assert query(path, "SELECT carried_from FROM commitments WHERE id = ?", (carried,)) == [
        (first,)
    ]
    assert query(path, "PRAGMA foreign_key_check") == []
    assert sc(marketing, "check").returncode == 0


def test_a_derived_target_entered_under_two_tomls_is_a_conflict(clones):
    """Sales lowers the conversion target and enters a week; Marketing enters the same
    week under the old target. Which target was in force is the leads' call: one
    conflict on the recorded target, and the week is graded by the one kept."""
    sales, marketing = clones
    config = sales / "scorecard.toml"
    text = config.read_text(encoding="utf-8")
    block = text.index('key = "mql-to-sql"')
    at = text.index("target = 33", block)
    config.write_text(text[:at] + "target = 25" + text[at + len("target = 33") :], "utf-8")
    sc(sales, "set", "mqls", "100", "--week", "next")
    git(sales, "commit", "--quiet", "-am", "Sales: conversion target 25")
    git(sales, "push", "--quiet")
    sc(marketing, "set", "sqls-accepted", "30", "--week", "next")
    git(marketing, "commit", "--quiet", "-am", "Marketing: next week's SQLs")

    pulled = git(marketing, "pull", "--quiet", "--no-rebase", check=False)
    assert pulled.returncode != 0
    path = marketing / "scorecard.db"
    assert query(path, "SELECT table_name, column_name FROM conflicts") == [
        ("derived_targets", "target")
    ]
    listed = sc(marketing, "conflicts").stdout
    assert "derived_targets" in listed and "mql-to-sql" in listed
    assert "ours:   33" in listed and "theirs: 25" in listed
    [(conflict,)] = query(path, "SELECT id FROM conflicts")
    sc(marketing, "conflicts", "resolve", conflict, "--theirs")
    git(marketing, "add", "scorecard.db")
    git(marketing, "commit", "--quiet", "--no-edit")
    assert sc(marketing, "check").returncode == 0
    line = sc(marketing, "show", "--week", "next").stdout
    conversion = next(x for x in line.splitlines() if "MQL → SQL conversion" in x)
    assert "target ≥ 25%" in conversion and "30%" in conversion and "on track" in conversion
