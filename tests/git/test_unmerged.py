"""An unmerged database: writes refused, failed drivers explained, re-merged without loss."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import digest
from tests.git.conftest import clone, git, query, sc


def _value(folder: Path, metric: str):
    rows = query(
        folder / "scorecard.db", "SELECT value FROM metric_values WHERE metric = ?", (metric,)
    )
    return rows[0][0] if rows else None


def _diverge(origin: Path, tmp_path: Path, *, install: bool = False):
    """Sales pushes mqls=140; the other clone commits mqls=150 and pulls: a binary conflict."""
    sales = clone(origin, tmp_path / "sales", "Sam")
    other = clone(origin, tmp_path / "other", "Maya", install=install)
    sc(sales, "set", "mqls", "140")
    sc(sales, "set", "pipeline", "1000")
    git(sales, "commit", "--quiet", "-am", "a")
    git(sales, "push", "--quiet")
    sc(other, "set", "mqls", "150")
    git(other, "commit", "--quiet", "-am", "b")
    return sales, other


def test_every_write_into_an_unmerged_file_is_refused_with_the_way_out(origin, tmp_path):
    _, other = _diverge(origin, tmp_path)
    assert git(other, "pull", check=False).returncode != 0
    before = digest(other / "scorecard.db")
    for args in (
        ("set", "mqls", "155"),
        ("note", "add", "idea", "More webinars"),
        ("commitment", "add", "Call", "--owner", "Sam Rivera"),
        ("close", "2026-W47"),
    ):
        refused = sc(other, *args, check=False)
        assert refused.returncode == 1, args
        assert len(refused.stderr.splitlines()) == 1, refused.stderr
        assert "scorecard.db is unmerged in git (merge in progress); nothing saved" in (
            refused.stderr
        )
        assert "scorecard git install" in refused.stderr
    assert digest(other / "scorecard.db") == before


def test_install_remerges_from_the_index_and_keeps_edits_made_meanwhile(origin, tmp_path):
    _, other = _diverge(origin, tmp_path)
    assert git(other, "pull", check=False).returncode != 0
    # another tool (an older scorecard, sqlite3) wrote into the unmerged file
    import sqlite3

    conn = sqlite3.connect(other / "scorecard.db")
    conn.execute(
        "INSERT INTO metric_values (week, metric, value, target, entered_at) "
        "VALUES ('2026-W47', 'web-visits', 9100, 8000, '2026-11-18T13:00:00Z')"
    )
    conn.commit()
    conn.close()
    installed = sc(other, "git", "install").stdout
    assert "and the changes made in the file since" in installed
    assert "1 conflict(s) recorded" in installed
    assert _value(other, "web-visits") == 9100  # the edit made meanwhile
    assert _value(other, "pipeline") == 1000  # their side
    assert _value(other, "mqls") == 150  # ours, until the conflict is resolved
    listed = sc(other, "conflicts").stdout
    assert "ours:   150" in listed and "theirs: 140" in listed
    assert "ours = your branch" in listed
    sc(other, "conflicts", "resolve", "--all", "--theirs")
    git(other, "add", "scorecard.db")
    git(other, "commit", "--quiet", "--no-edit")
    assert _value(other, "mqls") == 140 and _value(other, "web-visits") == 9100


def test_a_stale_driver_path_is_reported_and_a_failed_merge_explained(origin, tmp_path):
    _, other = _diverge(origin, tmp_path, install=True)
    stale = "/nonexistent/venv/bin/python -m scorecard"
    git(other, "config", "merge.scorecard.driver", f"{stale} git merge %O %A %B %P")
    git(other, "config", "diff.scorecard.textconv", f"{stale} git textconv")
    shown = sc(other, "show")
    assert "the scorecard git driver does not run (/nonexistent/venv/bin/python does not" in (
        shown.stderr
    )
    assert git(other, "pull", check=False).returncode != 0
    listed = sc(other, "conflicts", check=False)
    assert listed.returncode == 1 and "No merge conflicts" not in listed.stdout
    assert "was not merged row by row" in listed.stdout
    assert "scorecard git install" in listed.stdout
    installed = sc(other, "git", "install").stdout
    assert "set merge.scorecard.driver" in installed and "1 conflict(s) recorded" in installed
    assert "and the changes made" not in installed  # the file was git's copy: nothing else
    assert _value(other, "pipeline") == 1000


def _slow_driver(folder: Path) -> Path:
    """A driver that starts the real merge but is slowed down inside it, to be killed."""
    script = folder.parent / "slow-driver.py"
    script.write_text(
        "import sys, time\n"
        "marker = sys.argv[5]\n"
        "import db.merge as m\n"
        "real = m._write\n"
        "def slow(*a, **k):\n"
        "    with open(marker + '.started', 'w') as fh:\n"
        "        fh.write(str(__import__('os').getpid()))\n"
        "    time.sleep(60)\n"
        "    return real(*a, **k)\n"
        "m._write = slow\n"
        "from scorecard.cli import main\n"
        "sys.argv = ['scorecard', 'git', 'merge', *sys.argv[1:5]]\n"
        "main()\n"
    )
    return script


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL], ids=["term", "kill"])
def test_a_merge_driver_killed_halfway_leaves_nothing_behind(origin, tmp_path, sig):
    _, other = _diverge(origin, tmp_path, install=True)
    marker = tmp_path / "driver"
    script = _slow_driver(other)
    git(
        other,
        "config",
        "merge.scorecard.driver",
        f"{sys.executable} {script} %O %A %B %P {marker}",
    )
    pull = subprocess.Popen(
        ["git", "pull", "--quiet"], cwd=other, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 60
    while not Path(f"{marker}.started").exists():
        assert time.monotonic() < deadline and pull.poll() is None, "the driver never started"
        time.sleep(0.05)
    while not Path(f"{marker}.started").read_text():
        time.sleep(0.05)
    os.kill(int(Path(f"{marker}.started").read_text()), sig)  # the driver, not its shell
    pull.communicate(timeout=60)
    assert git(other, "ls-files", "--unmerged", "scorecard.db").stdout
    # nothing git would add: no temporary file in the work tree
    status = git(other, "status", "--porcelain", "--untracked-files=all").stdout
    assert status.splitlines() == ["UU scorecard.db"]
    assert not list(other.glob("*scorecard-merge*")) and not list(other.glob(".merge_file*"))
    # the next merge (here: install's re-merge) removes what a killed one left in .git
    git(other, "config", "merge.scorecard.driver", "placeholder")
    installed = sc(other, "git", "install").stdout
    assert "1 conflict(s) recorded" in installed
    assert not list((other / ".git").glob("scorecard-merge-*"))
    assert _value(other, "pipeline") == 1000


def test_during_a_rebase_the_sides_and_the_next_step_are_said_plainly(origin, tmp_path):
    _, other = _diverge(origin, tmp_path, install=True)
    pulled = git(other, "pull", "--rebase", check=False)
    assert pulled.returncode != 0
    assert "then 'git add scorecard.db && git rebase --continue'" in pulled.stderr
    listed = sc(other, "conflicts").stdout
    assert "During this rebase: ours = upstream (the commits you pulled" in listed
    assert "theirs = your commits being replayed on top" in listed
    # during a rebase git's "ours" is upstream: 140 is theirs, our own 150 is "theirs"
    assert "ours:   140" in listed and "theirs: 150" in listed
    refused = sc(other, "set", "mqls", "1", check=False)
    assert "(rebase in progress)" in refused.stderr
    done = sc(other, "conflicts", "resolve", "--all", "--theirs").stdout
    assert "Finish with: git add scorecard.db && git rebase --continue" in done
    git(other, "add", "scorecard.db")
    git(other, "-c", "core.editor=true", "rebase", "--continue")
    assert _value(other, "mqls") == 150 and _value(other, "pipeline") == 1000


def test_a_cherry_pick_hint_names_cherry_pick_continue(origin, tmp_path):
    _, other = _diverge(origin, tmp_path, install=True)
    git(other, "fetch", "--quiet")
    picked = git(other, "cherry-pick", "origin/main", check=False)
    assert picked.returncode != 0
    listed = sc(other, "conflicts").stdout
    assert "During this cherry-pick: ours = your branch; theirs = the commit being" in listed
    done = sc(other, "conflicts", "resolve", "--all", "--ours").stdout
    assert "git add scorecard.db && git cherry-pick --continue" in done


@pytest.mark.asyncio
async def test_the_app_explains_an_unmerged_file_and_refuses_saves_keeping_the_text(
    origin, tmp_path
):
    from scorecard.workspace import Workspace
    from screens.app import ScorecardApp
    from screens.conflicts import GitBanner
    from screens.value_entry import ValueEntry
    from tests.screens.conftest import git_checked, press, settle, type_text

    _, other = _diverge(origin, tmp_path)  # no drivers: a binary conflict
    assert git(other, "pull", check=False).returncode != 0
    before = digest(other / "scorecard.db")
    ws = Workspace.open(other / "scorecard.toml")
    try:
        app = ScorecardApp(ws, poll_interval=None)
        async with app.run_test(size=(140, 40)) as pilot:
            await git_checked(pilot)
            banner = str(app.screen.query_one(GitBanner).render())
            assert "unmerged and was not merged row by row" in banner
            assert "scorecard git install" in banner
            await press(pilot, "enter")
            await type_text(pilot, "77")
            await press(pilot, "enter")
            entry = app.screen.query_one(ValueEntry)
            await settle(pilot)
            # nothing typed is lost: kept for its metric (the entry moved on; Up goes back)
            assert entry.draft(ws.config.metrics[0].key) == "77"
            error = str(entry.query_one("#entry-error").render())
            assert "scorecard.db is unmerged in git (merge in progress); nothing saved" in error
    finally:
        ws.close()
    assert digest(other / "scorecard.db") == before


def test_install_remerge_leaves_out_a_colleagues_damaged_row_as_the_driver_does(origin, tmp_path):
    """A pull without drivers, then 'git install': the colleague's bad row is named
    on stderr and not merged; their good change is."""
    import sqlite3

    sales = clone(origin, tmp_path / "sales", "Sam")
    other = clone(origin, tmp_path / "other", "Maya", install=False)
    sc(sales, "set", "pipeline", "1000")
    conn = sqlite3.connect(sales / "scorecard.db")
    conn.execute(
        "INSERT INTO notes (id, week, kind, author, text, created_at, updated_at) VALUES "
        "('bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', '2026-W47', 'rant', 'Eve', 'x', "
        "'2026-11-18T10:00:00Z', '2026-11-18T10:00:00Z')"
    )
    conn.commit()
    conn.close()
    git(sales, "commit", "--quiet", "-am", "a")
    git(sales, "push", "--quiet")
    sc(other, "set", "mqls", "150")
    git(other, "commit", "--quiet", "-am", "b")
    assert git(other, "pull", check=False).returncode != 0  # no drivers: a binary conflict
    installed = sc(other, "git", "install")
    assert "theirs: damaged row notes bbbbbbb (kind 'rant'" in installed.stderr
    assert "not merged" in installed.stderr
    assert "no conflicts" in installed.stdout
    assert _value(other, "pipeline") == 1000 and _value(other, "mqls") == 150
    assert query(other / "scorecard.db", "SELECT count(*) FROM notes WHERE kind = 'rant'") == [(0,)]


def test_a_workspace_deep_in_the_repository_is_found_unmerged_and_remerged(tmp_path):
    """The database two folders down (names git would read as a pattern): its stages
    are found, the refusal names its path and the operation, install merges it."""
    git(tmp_path, "init", "--quiet", "--initial-branch=main", "repo")
    repo = tmp_path / "repo"
    folder = repo / "teams [*]" / "sync"
    folder.mkdir(parents=True)
    sc(folder, "init", "--sales-lead", "Sam Rivera", "--marketing-lead", "Maya Chen")
    # a file whose name the pattern "teams [*]/sync/scorecard.db" would match, if read as one
    (repo / "teams *" / "sync").mkdir(parents=True)
    (repo / "teams *" / "sync" / "scorecard.db").write_bytes(b"another file")
    git(repo, "add", "-A")
    git(repo, "commit", "--quiet", "-m", "start")
    git(repo, "config", "--local", "--unset", "merge.scorecard.driver")  # a binary conflict
    git(repo, "checkout", "--quiet", "-b", "theirs")
    sc(folder, "set", "mqls", "140")
    git(repo, "commit", "--quiet", "-am", "theirs")
    git(repo, "checkout", "--quiet", "main")
    sc(folder, "set", "pipeline", "1000")
    git(repo, "commit", "--quiet", "-am", "ours")
    assert git(repo, "merge", "theirs", check=False).returncode != 0
    refused = sc(folder, "set", "mqls", "155", check=False)
    assert refused.returncode == 1
    assert refused.stderr.startswith("scorecard: scorecard.db is unmerged in git (merge in ")
    shown = sc(folder, "show").stderr
    assert "scorecard.db is unmerged and was not merged row by row" in shown
    installed = sc(folder, "git", "install").stdout
    assert "no conflicts: finish with 'git add scorecard.db && git commit'" in installed
    assert (_value(folder, "mqls"), _value(folder, "pipeline")) == (140, 1000)
