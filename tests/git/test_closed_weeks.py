"""Closed weeks across two clones: both close, or one closes while the other edits."""

from __future__ import annotations

from tests.git.conftest import git, query, sc


def _closed(folder, week="2026-W47"):
    return query(
        folder / "scorecard.db", "SELECT closed, closed_at FROM weeks WHERE week = ?", (week,)
    )[0]


def _tag(folder, week="2026-W47"):
    return git(folder, "rev-parse", f"scorecard/{week}^{{commit}}").stdout.strip()


def test_both_closing_the_same_week_merge_cleanly(clones):
    sales, marketing = clones
    sc(sales, "close", "2026-W47")
    git(sales, "push", "--quiet", "origin", "main", "--tags")
    sc(marketing, "close", "2026-W47")
    pulled = git(marketing, "pull", "--no-edit", check=False)
    assert pulled.returncode == 0, pulled.stdout + pulled.stderr
    assert "CONFLICT" not in pulled.stdout
    assert _closed(marketing)[0] == 1
    assert query(marketing / "scorecard.db", "SELECT count(*) FROM conflicts") == [(0,)]
    again = sc(marketing, "close", "2026-W47").stdout
    assert "Report unchanged" in again and "Nothing to commit" in again
    assert git(marketing, "status", "--porcelain").stdout == ""
    # the tag fetched from the remote is kept: pushing tags is not rejected
    git(marketing, "fetch", "--quiet", "--tags", "--force")
    sc(marketing, "close", "2026-W47")
    assert _tag(marketing) == _tag(sales)
    git(marketing, "push", "--quiet", "origin", "main", "--tags")


def test_a_late_value_on_a_week_closed_elsewhere_is_a_conflict_to_settle(clones):
    sales, marketing = clones
    sc(sales, "close", "2026-W47")
    git(sales, "push", "--quiet", "origin", "main", "--tags")
    sc(marketing, "set", "mqls", "155")  # a late edit: the week is still open here
    git(marketing, "commit", "--quiet", "-am", "Late MQLs")
    pulled = git(marketing, "pull", "--no-edit", check=False)
    assert pulled.returncode != 0 and "CONFLICT" in pulled.stdout
    listed = sc(marketing, "conflicts").stdout
    assert "During this merge: ours = your branch" in listed
    assert "weeks 2026-W47  closed" in listed
    assert "ours:   open" in listed and "theirs: closed" in listed
    assert "value=155" in listed
    # reopen: keep the late edit (ours); closing again regenerates the report, moves the tag
    resolved = sc(marketing, "conflicts", "resolve", "--all", "--ours").stdout
    assert "2026-W47 is open again with the late edits" in resolved
    assert _closed(marketing)[0] == 0
    git(marketing, "add", "scorecard.db")
    git(marketing, "commit", "--quiet", "--no-edit")
    closed = sc(marketing, "close", "2026-W47").stdout
    assert "Closed 2026-W47" in closed and "Wrote reports/2026-W47.md" in closed
    assert "Tag scorecard/2026-W47 moved." in closed
    report = git(marketing, "show", "scorecard/2026-W47:reports/2026-W47.md").stdout
    assert "155" in report


def test_keeping_the_close_drops_the_late_edits(clones):
    sales, marketing = clones
    sc(sales, "close", "2026-W47")
    git(sales, "push", "--quiet", "origin", "main", "--tags")
    sc(marketing, "set", "mqls", "155")
    sc(marketing, "note", "add", "idea", "Late idea")
    git(marketing, "commit", "--quiet", "-am", "Late edits")
    assert git(marketing, "pull", "--no-edit", check=False).returncode != 0
    sc(marketing, "conflicts", "resolve", "--all", "--theirs")  # theirs closed it
    assert _closed(marketing)[0] == 1
    assert query(marketing / "scorecard.db", "SELECT count(*) FROM notes") == [(0,)]
    value = query(
        marketing / "scorecard.db", "SELECT value FROM metric_values WHERE metric = 'mqls'"
    )
    assert value == [(100.0,)]
    git(marketing, "add", "scorecard.db")
    git(marketing, "commit", "--quiet", "--no-edit")
    again = sc(marketing, "close", "2026-W47").stdout
    assert "Report unchanged" in again
    assert git(marketing, "status", "--porcelain").stdout == ""


def test_both_closing_with_different_numbers_never_conflicts_on_the_report(clones):
    sales, marketing = clones
    sc(sales, "set", "mqls", "140")
    sc(sales, "close", "2026-W47")
    git(sales, "push", "--quiet", "origin", "main", "--tags")
    sc(marketing, "set", "mqls", "150")
    sc(marketing, "close", "2026-W47")
    pulled = git(marketing, "pull", "--no-edit", check=False)
    assert pulled.returncode != 0
    assert "reports/2026-W47.md changed on both sides: kept ours" in pulled.stderr
    assert "CONFLICT (add/add)" not in pulled.stdout
    unmerged = git(marketing, "ls-files", "--unmerged").stdout
    assert "scorecard.db" in unmerged and "reports/" not in unmerged
    sc(marketing, "conflicts", "resolve", "--all", "--theirs")
    git(marketing, "add", "scorecard.db")
    git(marketing, "commit", "--quiet", "--no-edit")
    again = sc(marketing, "close", "2026-W47").stdout
    assert "Wrote reports/2026-W47.md" in again and "Committed " in again
    assert "140" in (marketing / "reports" / "2026-W47.md").read_text()
    assert "Tag scorecard/2026-W47 moved." in again


def test_the_same_derived_target_recorded_on_both_sides_is_no_late_edit(clones):
    """Both leads enter last week (each recording the derived targets of that week, the
    same on both sides); Sales closes it. Only Marketing's value is a late edit."""
    sales, marketing = clones
    sc(sales, "set", "mqls", "90", "--week", "last")
    sc(sales, "close", "last")
    git(sales, "push", "--quiet", "origin", "main", "--tags")
    sc(marketing, "set", "sqls-accepted", "30", "--week", "last")
    git(marketing, "commit", "--quiet", "-am", "Last week's SQLs")
    pulled = git(marketing, "pull", "--no-edit", check=False)
    assert pulled.returncode != 0 and "CONFLICT" in pulled.stdout
    tables = query(marketing / "scorecard.db", "SELECT DISTINCT table_name FROM conflicts")
    assert sorted(t for (t,) in tables) == ["metric_values", "weeks"]
