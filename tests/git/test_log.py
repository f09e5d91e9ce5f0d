"""``scorecard log``: commitment history, from the database and from git."""

from __future__ import annotations

from tests.git.conftest import commitment_ids, git, query, sc


def test_log_lists_status_history(clones):
    sales, _ = clones
    first, _ = commitment_ids(sales)
    sc(sales, "commitment", "done", first)
    every = sc(sales, "log").stdout.splitlines()
    assert len(every) == 3
    mine = [line.split()[1:3] for line in every if line.split()[1] == first[:7]]
    assert mine == [[first[:7], "open"], [first[:7], "done"]]
    one = sc(sales, "log", first[:6]).stdout.splitlines()
    assert [line.split()[2] for line in one] == ["open", "done"]
    assert all(line.split()[1] == first[:7] for line in one)
    text = query(sales / "scorecard.db", "SELECT text FROM commitments WHERE id = ?", (first,))
    assert one[0].endswith(text[0][0])
    bad = sc(sales, "log", "zz", check=False)
    assert bad.returncode == 2 and bad.stderr.startswith("scorecard: ")


def test_log_git_names_the_commits_that_changed_a_commitment(clones):
    sales, _ = clones
    first, second = commitment_ids(sales)
    sc(sales, "commitment", "done", first)
    git(sales, "commit", "--quiet", "-am", "Review the week", "--author=Sam Rivera <s@x.com>")
    sc(sales, "set", "mqls", "130")
    git(sales, "commit", "--quiet", "-am", "Only a number")
    lines = sc(sales, "log", "--git", first).stdout.splitlines()
    assert len(lines) == 2
    assert "Start the workspace" in lines[0] and "(created)" in lines[0]
    assert lines[1].endswith("Review the week  (status open → done)")
    assert "Sam Rivera" in lines[1] and "2026-11-18" in lines[1]
    sha = git(sales, "rev-parse", "--short=7", "HEAD~1").stdout.strip()
    assert lines[1].startswith(sha)
    everything = sc(sales, "log", "--git").stdout.splitlines()
    assert len(everything) == 3
    assert everything[-1].endswith("Only a number  (+1 -1 rows)")
    assert sc(sales, "log", "--git", second).stdout.count("\n") == 1
