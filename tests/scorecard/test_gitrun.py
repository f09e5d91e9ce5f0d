"""The one git runner: bounded, never prompting, hints that paste into a shell."""

from __future__ import annotations

import subprocess

import pytest

from scorecard import gitrun
from scorecard.gitrun import GitError, run, shell_path


def test_paths_in_hints_are_relative_and_quoted(tmp_path):
    folder = tmp_path / "team space"
    folder.mkdir()
    assert shell_path(folder / "scorecard.db", cwd=tmp_path) == "'team space/scorecard.db'"
    assert shell_path(folder / "scorecard.db", cwd=folder) == "scorecard.db"
    assert shell_path("/elsewhere/it's.db", cwd=folder) == "'/elsewhere/it'\"'\"'s.db'"


def test_git_never_prompts_and_takes_no_optional_locks(tmp_path, monkeypatch):
    monkeypatch.setenv("GIT_ASKPASS", "/usr/bin/some-askpass")
    env = gitrun.environment()
    assert env["GIT_TERMINAL_PROMPT"] == "0" and env["GIT_OPTIONAL_LOCKS"] == "0"
    assert "GIT_ASKPASS" not in env
    # stdin is closed: a command that would read it ends at once
    done = run("hash-object", "--stdin", cwd=tmp_path)
    assert done.stdout.strip() == "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"  # empty input


def test_a_git_that_hangs_is_stopped_in_one_line(tmp_path, monkeypatch):
    def hang(*args, **kwargs):
        raise subprocess.TimeoutExpired(args[0], kwargs.get("timeout", 0))

    monkeypatch.setattr(subprocess, "run", hang)
    with pytest.raises(GitError, match="git fetch did not finish within 2 seconds"):
        run("fetch", cwd=tmp_path, timeout=2)


def test_a_failure_is_git_s_last_line(tmp_path):
    with pytest.raises(GitError) as caught:
        run("rev-parse", "HEAD", cwd=tmp_path)
    assert str(caught.value).startswith("git rev-parse failed: not a git repository")


def test_git_started_without_waiting_answers_as_run_does(tmp_path):
    run("init", "--quiet", cwd=tmp_path)
    asked = [gitrun.start("rev-parse", "--is-inside-work-tree", cwd=tmp_path) for _ in range(3)]
    asked.append(gitrun.start("rev-parse", "HEAD", cwd=tmp_path))
    answers = [found.result() for found in asked]
    assert [a.stdout for a in answers[:3]] == ["true\n"] * 3
    assert answers[3].returncode != 0  # no commit yet: an answer, not an exception
    with pytest.raises(GitError, match="^git rev-parse failed: "):
        gitrun.start("rev-parse", "HEAD", cwd=tmp_path).result(check=True)


def test_a_started_git_that_hangs_is_stopped_in_one_line(tmp_path, monkeypatch):
    fake = tmp_path / "bin" / "git"
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\nexec /bin/sleep 60\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(fake.parent))
    found = gitrun.start("fetch", cwd=tmp_path, timeout=0.2)
    with pytest.raises(GitError, match="^git fetch did not finish within 0.2 seconds$"):
        found.result()
    assert found.proc.poll() is not None  # killed and reaped
    found.close()  # again: nothing left to do


def test_git_that_cannot_start_is_one_line(tmp_path, monkeypatch):
    (tmp_path / "file").write_text("")
    with pytest.raises(GitError, match="is not a folder"):
        gitrun.start("status", cwd=tmp_path / "file")
    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
    with pytest.raises(GitError, match="git is not installed"):
        gitrun.start("status", cwd=tmp_path)
