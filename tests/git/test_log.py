"""``scorecard log``: commitment history, from the database and from git."""

from __future__ import annotations

import shutil
import subprocess

from scorecard import gitblobs, githistory
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
    assert len(everything) == 4  # init's commit added the metric definitions (metrics table)
    assert everything[0].endswith("(+13 -0 rows)")
    assert everything[-1].endswith("Only a number  (+1 -1 rows)")
    assert sc(sales, "log", "--git", second).stdout.count("\n") == 1


def _dump_lines(folder, rev):
    """The rows git diff shows for the database at ``rev`` (empty if absent)."""
    blob = subprocess.run(
        ["git", "show", f"{rev}:scorecard.db"], cwd=folder, capture_output=True, check=False
    )
    if blob.returncode != 0:
        return set()
    copy = folder.parent / f"{rev.replace('^', '_')}.db"
    copy.write_bytes(blob.stdout)
    text = sc(folder, "git", "textconv", str(copy)).stdout
    return {line for line in text.splitlines() if line and not line.startswith("#")}


def test_log_git_counts_rows_as_git_diff_shows_them_across_a_merge(clones):
    """Every commit's '+N -M rows' is what the row-by-row diff against its first
    parent shows: rows added, removed and changed (a change is one of each)."""
    sales, marketing = clones
    first = commitment_ids(sales)[0]
    sc(sales, "commitment", "done", first)
    sc(sales, "set", "pipeline", "250000")
    git(sales, "commit", "--quiet", "-am", "Sales reviews")
    git(sales, "push", "--quiet", "origin", "main")
    sc(marketing, "note", "add", "kudos", "Great hand-off", "--author", "Maya")
    sc(marketing, "set", "mqls", "140")
    git(marketing, "commit", "--quiet", "-am", "Marketing notes")
    git(marketing, "pull", "--quiet", "--no-edit", "origin", "main")
    lines = sc(marketing, "log", "--git").stdout.splitlines()
    shas = git(marketing, "log", "--reverse", "--format=%h %H", "--", "scorecard.db")
    full = dict(line.split() for line in shas.stdout.splitlines())
    assert len(lines) == 5  # init (the metrics table), start, sales, marketing, the merge
    for line in lines:
        sha = full[line.split()[0]]
        old, new = _dump_lines(marketing, f"{sha}^"), _dump_lines(marketing, sha)
        assert line.endswith(f"(+{len(new - old)} -{len(old - new)} rows)"), line
    assert "Merge" in lines[-1]


def test_log_git_over_a_longer_history_lists_every_change_once_oldest_first(clones):
    """A history long enough to be read in two halves at once (a git process each):
    the changes of both come out oldest first, each once, as one reader would list them."""
    sales, _ = clones
    first, second = commitment_ids(sales)
    subjects = []
    for n in range(9):
        sc(sales, "set", "mqls", str(200 + n))
        if n == 1:
            sc(sales, "commitment", "done", first)
        if n == 6:
            sc(sales, "commitment", "carry", second)
        git(sales, "commit", "--quiet", "-am", f"Week {n}")
        subjects.append(f"Week {n}")
    later = [i for i in commitment_ids(sales) if i not in (first, second)]
    assert len(later) == 1  # the carried commitment's successor
    logs = {i: sc(sales, "log", "--git", i).stdout.splitlines() for i in (first, second, *later)}
    assert [line.split("  ", 1)[1] for line in logs[first]] == [
        "Start the workspace  (created)",
        "Week 1  (status open → done)",
    ]
    assert logs[second][0].endswith("Start the workspace  (created)")
    assert logs[second][1].endswith("Week 6  (status open → carried)")
    assert len(logs[second]) == 2
    assert [line.split("  ", 1)[1] for line in logs[later[0]]] == ["Week 6  (created)"]
    everything = sc(sales, "log", "--git").stdout.splitlines()
    assert [line.split("  ")[1] for line in everything][-9:] == subjects  # each commit once
    shas = git(sales, "log", "--reverse", "--format=%h", "--", "scorecard.db").stdout.split()
    assert [line.split()[0] for line in everything] == shas


def test_log_id_git_stopped_early_leaves_no_git_running(clones, monkeypatch):
    """Both parts' git processes start at once; a caller that stops after the first
    change (before the newer part has taken a step) leaves neither running."""
    sales, _ = clones
    first, _ = commitment_ids(sales)
    for n in range(8):
        sc(sales, "set", "mqls", str(300 + n))
        git(sales, "commit", "--quiet", "-am", f"Week {n}")
    started: list[gitblobs.Blobs] = []

    class Recorded(gitblobs.Blobs):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            started.append(self)

    monkeypatch.setattr(githistory, "Blobs", Recorded)
    changes = githistory.db_changes(sales / "scorecard.db", first)
    assert next(changes).what == "created"
    changes.close()
    assert len(started) == 2  # one git per part, both started before the first step
    assert all(blobs.proc.returncode is not None for blobs in started)


def test_log_git_reads_the_versions_as_stored_whatever_a_checkout_would_do_to_them(clones):
    """git hands the versions over as a checkout would write them where nothing
    converts the file (one write each, faster); a smudge filter or line endings set
    for it must not change what is read: the same log as without them."""
    sales, _ = clones
    first, _ = commitment_ids(sales)
    for n in range(5):
        sc(sales, "set", "mqls", str(300 + n))
        if n == 3:
            sc(sales, "commitment", "done", first)
        git(sales, "commit", "--quiet", "-am", f"Week {n}")
    plain = sc(sales, "log", "--git", first).stdout, sc(sales, "log", "--git").stdout
    assert plain[0].count("\n") == 2 and "Week 3  (status open → done)" in plain[0]
    attributes = sales / ".git" / "info" / "attributes"
    git(sales, "config", "filter.cut.smudge", "head -c 100")
    for rule in ("scorecard.db filter=cut", "scorecard.db text eol=crlf", "* ident"):
        attributes.write_text(rule + "\n")
        shutil.rmtree(sales / ".git" / "scorecard", ignore_errors=True)  # every version read
        again = sc(sales, "log", "--git", first).stdout, sc(sales, "log", "--git").stdout
        assert again == plain, rule
