"""Closing a week in git: one commit of what a clone needs, one tag, idempotent to completion."""

from __future__ import annotations

from scorecard.closing import close_and_commit
from scorecard.gitclose import commit_week_close, ensure_tag, week_message
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


def _files(repo, rev="HEAD"):
    return sorted(git(repo, "show", "--name-only", "--format=", rev).stdout.split())


def test_close_commits_only_what_a_clone_needs_and_tags(tmp_path):
    repo = _repo(tmp_path)
    (repo / "notes.txt").write_text("changed, not for this commit\n")
    (repo / "staged.txt").write_text("v2\n")
    git(repo, "add", "staged.txt")
    with Workspace.open(repo / "scorecard.toml") as ws:
        _week(ws)
        done = close_and_commit(ws, W47)
    assert done.commit is not None and len(done.commit) == 40
    assert _files(repo) == ["reports/2026-W47.md", "scorecard.db"]
    assert done.committed == ("reports/2026-W47.md", "scorecard.db")
    subject = git(repo, "log", "-1", "--format=%s").stdout.strip()
    assert subject == "Close 2026-W47: 2 of 11 values, 1 commitment made, 1 done, 1 missed"
    body = git(repo, "log", "-1", "--format=%b").stdout
    assert "mqls = 131 (target 120)" in body and "Missed: " in body and "Fix the form" in body
    assert git(repo, "rev-parse", "scorecard/2026-W47").stdout.strip() == done.commit
    assert done.tag == "created"
    status = git(repo, "status", "--porcelain").stdout.splitlines()
    assert sorted(status) == [" M notes.txt", "M  staged.txt"]


def test_nothing_changed_or_no_git_means_no_commit(tmp_path):
    repo = _repo(tmp_path)
    report = repo / "reports" / "2026-W47.md"
    with Workspace.open(repo / "scorecard.toml") as ws:
        assert commit_week_close(ws, W47, report, report.parent) == (None, [], None)
    head = git(repo, "rev-parse", "HEAD").stdout
    assert git(repo, "tag").stdout == ""
    plain = tmp_path / "plain"
    sc(tmp_path, "init", str(plain))
    with Workspace.open(plain / "scorecard.toml") as ws:
        ws.set_value(W47, "mqls", 1)
        done = close_and_commit(ws, W47)
        assert done.commit is None and not done.in_git
    assert git(repo, "rev-parse", "HEAD").stdout == head


def test_message_counts_an_empty_week(workspace):
    message = week_message(workspace, W47)
    assert message.startswith("Close 2026-W47: 0 of 11 values, 0 commitments made, 0 done")


def test_config_can_switch_off_the_tag(tmp_path):
    repo = _repo(tmp_path)
    toml = repo / "scorecard.toml"
    toml.write_text(toml.read_text().replace("tag = true", "tag = false"))
    with Workspace.open(toml) as ws:
        ws.set_value(W47, "mqls", 5)
        done = close_and_commit(ws, W47)
    assert done.commit is not None
    assert git(repo, "tag").stdout == ""
    assert git(repo, "rev-parse", "HEAD").stdout.strip() == done.commit
    # the changed toml is what a clone needs: it went into the commit too
    assert "scorecard.toml" in done.committed


def test_close_command_commits_and_tags_unless_told_not_to(tmp_path):
    repo = _repo(tmp_path)
    sc(repo, "set", "mqls", "131")
    skipped = sc(repo, "close", "2026-W46", "--no-commit")
    assert "Not committed (--no-commit)." in skipped.stdout
    assert git(repo, "tag").stdout == ""
    closed = sc(repo, "close", "2026-W47")
    assert "Committed " in closed.stdout and "Tag scorecard/2026-W47 created." in closed.stdout
    # every report is what a clone needs: the one closed without a commit goes in too
    assert _files(repo) == ["reports/2026-W46.md", "reports/2026-W47.md", "scorecard.db"]
    assert git(repo, "tag").stdout.split() == ["scorecard/2026-W47"]
    assert git(repo, "status", "--porcelain", "--", "scorecard.db", "reports").stdout == ""
    again = sc(repo, "close", "2026-W47")
    assert "was already closed" in again.stdout and "Nothing to commit" in again.stdout
    assert "Tag " not in again.stdout


def test_init_commits_what_a_clone_needs_and_a_clone_needs_only_install(tmp_path):
    repo = tmp_path / "repo"
    git(tmp_path, "init", "--quiet", "--initial-branch=main", str(repo))
    (repo / "other.txt").write_text("not ours\n")
    out = sc(repo, "init").stdout
    assert "Committed " in out
    assert _files(repo) == [".gitattributes", "scorecard.db", "scorecard.toml"]
    assert git(repo, "status", "--porcelain").stdout == "?? other.txt\n"
    bare = tmp_path / "origin.git"
    git(tmp_path, "clone", "--quiet", "--bare", str(repo), str(bare))
    other = tmp_path / "clone"
    git(tmp_path, "clone", "--quiet", str(bare), str(other))
    hint = sc(other, "show")
    assert "run 'scorecard git install'" in hint.stderr
    sc(other, "git", "install")
    shown = sc(other, "show")
    assert shown.stderr == "" and "Marketing-qualified leads" in shown.stdout


def test_close_after_a_crash_at_any_point_finishes_what_is_missing(tmp_path):
    repo = _repo(tmp_path)
    report = repo / "reports" / "2026-W47.md"
    # crashed after locking the week, before the report
    with Workspace.open(repo / "scorecard.toml") as ws:
        _week(ws)
        ws.close_week(W47)
    out = sc(repo, "close", "2026-W47").stdout
    assert "was already closed" in out and "Wrote reports/2026-W47.md" in out
    assert "Committed " in out and "Tag scorecard/2026-W47 created." in out
    # crashed after the commit, before the tag
    git(repo, "tag", "-d", "scorecard/2026-W47")
    out = sc(repo, "close", "2026-W47").stdout
    assert "Nothing to commit" in out and "Tag scorecard/2026-W47 created." in out
    assert (
        git(repo, "rev-parse", "scorecard/2026-W47^{commit}").stdout
        == git(repo, "rev-parse", "HEAD").stdout
    )
    # crashed after the report, before the commit
    sc(repo, "reopen", "2026-W47")
    sc(repo, "set", "mqls", "140", "--week", "2026-W47")
    with Workspace.open(repo / "scorecard.toml") as ws:
        from scorecard.closing import close_week

        close_week(ws, W47)
    assert "140" in report.read_text()
    out = sc(repo, "close", "2026-W47").stdout
    assert "Report unchanged" in out and "Committed " in out
    assert "Tag scorecard/2026-W47 moved." in out
    tagged = git(repo, "show", "scorecard/2026-W47:reports/2026-W47.md").stdout
    assert "140" in tagged
    assert git(repo, "status", "--porcelain", "--", "scorecard.db", "reports").stdout == ""


def test_the_tag_names_the_earliest_commit_with_the_current_report(tmp_path):
    repo = _repo(tmp_path)
    with Workspace.open(repo / "scorecard.toml") as ws:
        ws.set_value(W47, "mqls", 5)
        done = close_and_commit(ws, W47)
    first = done.commit
    (repo / "notes.txt").write_text("later\n")
    git(repo, "commit", "--quiet", "-am", "Later work")
    git(repo, "tag", "--force", "scorecard/2026-W47", "HEAD~2")  # somewhere wrong
    assert ensure_tag(repo, W47, repo / "reports" / "2026-W47.md") == "moved"
    assert git(repo, "rev-parse", "scorecard/2026-W47^{commit}").stdout.strip() == first
    assert ensure_tag(repo, W47, repo / "reports" / "2026-W47.md") is None


def test_git_not_on_path_in_a_repository_is_as_outside_git(tmp_path, monkeypatch):
    """A workspace in a git work tree on a machine whose PATH has no git: the
    week closes (its report written, nothing committed) and there are no
    conflicts, as outside git; git's state is read as none, not as an error."""
    from scorecard import gitstate

    repo = _repo(tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path / "no-git-here"))
    assert gitstate.read(repo / "scorecard.db") is None
    assert "No merge conflicts." in sc(repo, "conflicts").stdout
    closed = sc(repo, "close", "2026-W47")
    assert (repo / "reports" / "2026-W47.md").exists()
    assert "Not committed" in closed.stdout + closed.stderr
