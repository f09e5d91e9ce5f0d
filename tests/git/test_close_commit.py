"""``commit_week_close``: the database and the report, one commit, one tag."""

from __future__ import annotations

from scorecard.gitops import commit_week_close, week_message
from scorecard.weeks import parse_week
from scorecard.workspace import Workspace
from tests.git.conftest import git, sc

W47 = parse_week("2026-W47")


def _repo(tmp_path):
    repo = tmp_path / "repo"
    git(tmp_path, "init", "--quiet", "--initial-branch=main", str(repo))
    sc(repo, "init", "--sales-lead", "Sam Rivera", "--marketing-lead", "Maya Chen")
    (repo / "notes.txt").write_text("draft\n")
    (repo / "staged.txt").write_text("v1\n")
    git(repo, "add", "-A")
    git(repo, "commit", "--quiet", "-m", "Start")
    return repo


def _week(ws):
    ws.set_value(W47, "mqls", 131)
    ws.set_value(W47, "pipeline", 260000)
    due = ws.add_commitment("Send the list", "Sam Rivera", week=W47 - 1, due=W47)
    missed = ws.add_commitment("Fix the form", "Maya Chen", week=W47 - 1, due=W47)
    ws.set_commitment_status(due.id, "done", week=W47)
    ws.set_commitment_status(missed.id, "missed", week=W47)
    ws.add_commitment("Run the webinar", "Maya Chen", week=W47)


def test_close_commits_only_the_database_and_report_and_tags(tmp_path):
    repo = _repo(tmp_path)
    (repo / "notes.txt").write_text("changed, not for this commit\n")
    (repo / "staged.txt").write_text("v2\n")
    git(repo, "add", "staged.txt")
    with Workspace.open(repo / "scorecard.toml") as ws:
        _week(ws)
        ws.close_week(W47)
        report = repo / "reports" / "2026-W47.md"
        report.parent.mkdir()
        report.write_text("# Week 2026-W47\n")
        sha = commit_week_close(ws, W47, [report])
    assert sha is not None and len(sha) == 40
    files = git(repo, "show", "--name-only", "--format=", sha).stdout.split()
    assert sorted(files) == ["reports/2026-W47.md", "scorecard.db"]
    subject = git(repo, "log", "-1", "--format=%s").stdout.strip()
    assert subject == "Close 2026-W47: 2 of 10 values, 1 commitment made, 1 done, 1 missed"
    body = git(repo, "log", "-1", "--format=%b").stdout
    assert "mqls = 131 (target 120)" in body and "Missed: " in body and "Fix the form" in body
    assert git(repo, "rev-parse", "scorecard/2026-W47").stdout.strip() == sha
    status = git(repo, "status", "--porcelain").stdout.splitlines()
    assert sorted(status) == [" M notes.txt", "M  staged.txt"]


def test_nothing_changed_or_no_git_means_no_commit(tmp_path):
    repo = _repo(tmp_path)
    with Workspace.open(repo / "scorecard.toml") as ws:
        assert commit_week_close(ws, W47, []) is None
    head = git(repo, "rev-parse", "HEAD").stdout
    assert git(repo, "tag").stdout == ""
    plain = tmp_path / "plain"
    sc(tmp_path, "init", str(plain))
    with Workspace.open(plain / "scorecard.toml") as ws:
        ws.set_value(W47, "mqls", 1)
        assert commit_week_close(ws, W47, []) is None
    assert git(repo, "rev-parse", "HEAD").stdout == head


def test_message_counts_an_empty_week(workspace):
    message = week_message(workspace, W47)
    assert message.startswith("Close 2026-W47: 0 of 10 values, 0 commitments made, 0 done")


def test_config_can_switch_off_the_tag(tmp_path):
    repo = _repo(tmp_path)
    toml = repo / "scorecard.toml"
    toml.write_text(toml.read_text().replace("tag = true", "tag = false"))
    with Workspace.open(toml) as ws:
        ws.set_value(W47, "mqls", 5)
        sha = commit_week_close(ws, W47, [])
    assert sha is not None
    assert git(repo, "tag").stdout == ""
    assert git(repo, "rev-parse", "HEAD").stdout.strip() == sha


def test_with_the_close_command_s_report(tmp_path):
    from scorecard.closing import close_week

    repo = _repo(tmp_path)
    with Workspace.open(repo / "scorecard.toml") as ws:
        _week(ws)
        done = close_week(ws, W47)
        sha = commit_week_close(ws, W47, [done.report])
        assert commit_week_close(ws, W47, [done.report]) is None  # nothing new
    files = git(repo, "show", "--name-only", "--format=", sha).stdout.split()
    assert sorted(files) == ["reports/2026-W47.md", "scorecard.db"]
    assert git(repo, "status", "--porcelain").stdout == ""


def test_close_command_commits_and_tags_unless_told_not_to(tmp_path):
    repo = _repo(tmp_path)
    sc(repo, "set", "mqls", "131")
    skipped = sc(repo, "close", "2026-W46", "--no-commit")
    assert "Not committed (--no-commit)." in skipped.stdout
    assert git(repo, "tag").stdout == ""
    closed = sc(repo, "close", "2026-W47")
    assert "Committed " in closed.stdout and "tagged scorecard/2026-W47" in closed.stdout
    files = git(repo, "show", "--name-only", "--format=", "HEAD").stdout.split()
    assert sorted(files) == ["reports/2026-W47.md", "scorecard.db"]
    assert git(repo, "tag").stdout.split() == ["scorecard/2026-W47"]
    # The week closed with --no-commit stays the user's to commit.
    status = git(repo, "status", "--porcelain", "--", "scorecard.db", "reports").stdout
    assert status == "?? reports/2026-W46.md\n"
