"""Issues on two clones of one workspace, merged by git row by row."""

from __future__ import annotations

import json

from tests.git.conftest import git, query, sc


def _issues(folder, *args):
    return json.loads(sc(folder, "issue", "list", *args, "--json").stdout)


def _raise(folder, text):
    return sc(folder, "issue", "add", text).stdout.strip()


def _share(folder, message):
    git(folder, "commit", "--quiet", "-am", message)
    git(folder, "push", "--quiet")


def test_issues_raised_and_ranked_on_two_clones_are_all_kept(clones):
    sales, marketing = clones
    a = _raise(sales, "a")
    b = _raise(sales, "b")
    c = _raise(sales, "c")
    _share(sales, "Three issues")
    git(marketing, "pull", "--quiet")

    sc(sales, "issue", "rank", c[:6], "1")  # c a b
    _raise(sales, "from sales")
    _share(sales, "Sales re-ranks")
    sc(marketing, "issue", "rank", b[:6], "1")  # b a c
    _raise(marketing, "from marketing")
    git(marketing, "commit", "--quiet", "-am", "Marketing re-ranks")

    pulled = git(marketing, "pull", "--quiet", check=False)
    assert pulled.returncode == 0, pulled.stderr
    order = [i["text"] for i in _issues(marketing)]
    # each moved issue keeps its move; new issues from both sides are at the bottom
    assert order[:3] in (["c", "b", "a"], ["b", "c", "a"])
    assert sorted(order[3:]) == ["from marketing", "from sales"]
    assert query(marketing / "scorecard.db", "SELECT count(*) FROM conflicts") == [(0,)]
    assert {a, b, c} <= {i["id"] for i in _issues(marketing)}


def test_the_same_issue_moved_on_both_sides_takes_the_later_move(clones, monkeypatch):
    sales, marketing = clones
    _a, _b, c = (_raise(sales, t) for t in "abc")
    _share(sales, "Three issues")
    git(marketing, "pull", "--quiet")
    monkeypatch.setenv("SCORECARD_TODAY", "2026-11-19")
    sc(marketing, "issue", "rank", c[:6], "2")  # the later move (a day later, same week)
    monkeypatch.setenv("SCORECARD_TODAY", "2026-11-18")
    sc(sales, "issue", "rank", c[:6], "1")
    _share(sales, "c first")
    git(marketing, "commit", "--quiet", "-am", "c second")
    assert git(marketing, "pull", "--quiet", check=False).returncode == 0
    assert [i["text"] for i in _issues(marketing)] == ["a", "c", "b"]
    assert query(marketing / "scorecard.db", "SELECT count(*) FROM conflicts") == [(0,)]


def test_solved_on_one_side_and_dropped_on_the_other_is_a_conflict(clones):
    sales, marketing = clones
    issue = _raise(sales, "Hand-off is slow")
    _share(sales, "An issue")
    git(marketing, "pull", "--quiet")

    sc(
        sales,
        "issue",
        "solve",
        issue[:6],
        "--commitment",
        "Write the SLA",
        "--owner",
        "Sam Rivera",
    )
    _share(sales, "Solved")
    sc(marketing, "issue", "drop", issue[:6], "--note", "not an issue")
    git(marketing, "commit", "--quiet", "-am", "Dropped")

    pulled = git(marketing, "pull", "--quiet", check=False)
    assert pulled.returncode != 0  # git reports the conflict
    rows = query(
        marketing / "scorecard.db",
        "SELECT table_name, column_name, ours, theirs FROM conflicts ORDER BY column_name",
    )
    assert ("issues", "status", '"dropped"', '"solved"') in rows
    # nothing is lost: the commitment sales made and its link are both there
    links = query(marketing / "scorecard.db", "SELECT issue_id FROM issue_commitments")
    assert links == [(issue,)]
    listed = sc(marketing, "conflicts", check=False)
    assert "issues" in listed.stdout + listed.stderr
