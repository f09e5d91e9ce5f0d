"""The git side of closing a week: one commit of what a clone needs, and the tag.

:func:`commit_week_close` is idempotent to completion: whatever of (commit,
tag) a crashed run left undone is done by the next, and it says which.

The tag ``scorecard/<week>`` points at the commit that gave the week's report
its current text. When two clones closed the same week (the same report, two
commits), every clone picks the same one of them once their histories have
met: the earliest (committer time, then id) of the commits reachable from
HEAD whose report is the current one, unless the existing tag already points
at one of those (a tag fetched from the remote is kept, so pushing tags is
never rejected after ``git fetch --tags``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from scorecard.gitops import commit_paths, pending, repo_root, setup_files
from scorecard.gitrun import run

if TYPE_CHECKING:
    from scorecard.weeks import Week
    from scorecard.workspace import Workspace

TAG_PREFIX = "scorecard/"


def tag_name(week: Week) -> str:
    return f"{TAG_PREFIX}{week}"


def week_message(ws: Workspace, week: Week) -> str:
    """Subject and body summarising the week, for the close commit."""
    from scorecard.text import commit_line

    summary = ws.summary(week)
    typed = [line for line in summary.lines if not line.metric.derived]  # derived: computed
    entered = [line for line in typed if line.value is not None]
    due = summary.due
    done = [c for c in due if c.status == "done"]
    missed = [c for c in due if c.status == "missed"]
    made = len(summary.made)
    subject = (
        f"Close {week}: {len(entered)} of {len(typed)} values, "
        f"{made} commitment{'' if made == 1 else 's'} made, {len(done)} done, {len(missed)} missed"
    )
    # git log replays the message on the reader's terminal: every field goes
    # through the commit-message sink (scorecard.text.commit_line)
    body = [
        commit_line(f"{line.metric.key} = {line.actual:g} (target {line.target:g})")
        for line in entered
    ]
    for title, items in (("Made", summary.made), ("Done", done), ("Missed", missed)):
        body += [
            f"{title}: {commit_line(c.short_id)} {commit_line(c.text, 70)} ({commit_line(c.owner)})"
            for c in items
        ]
    return commit_line(subject) + ("\n\n" + "\n".join(body) if body else "") + "\n"


def commit_week_close(
    ws: Workspace, week: Week, report: Path, reports: Path
) -> tuple[str | None, list[str], str | None]:
    """Commit the database, the reports and the setup files that are not committed
    yet, then make sure ``scorecard/<week>`` points at the right commit.

    Returns (the new commit or None, the files it holds, ``created``/``moved``/None
    for the tag). Other staged or modified files are neither staged nor committed.
    """
    root = repo_root(ws.root)
    if root is None:
        return None, [], None
    files = pending(root, [ws.db_path, reports, *setup_files(ws)])
    sha = commit_paths(root, files, week_message(ws, week)) if files else None
    tag = ensure_tag(root, week, report) if ws.config.git.tag else None
    return sha, files if sha else [], tag


def ensure_tag(root: Path, week: Week, report: Path) -> str | None:
    """Point ``scorecard/<week>`` at the commit that gave ``report`` its text.

    Returns ``created``, ``moved`` or None (already right, or the report is
    not committed yet).
    """
    rel = report.resolve().relative_to(root).as_posix()
    blob = run("rev-parse", "--verify", "--quiet", f"HEAD:{rel}", cwd=root, check=False)
    if blob.returncode != 0:
        return None
    wanted = blob.stdout.strip()
    name = tag_name(week)
    current = run(
        "rev-parse", "--verify", "--quiet", f"refs/tags/{name}^{{commit}}", cwd=root, check=False
    ).stdout.strip()
    candidates = _commits_with(root, rel, wanted)
    if not candidates:
        return None
    if current in candidates:
        return None
    target = min(candidates, key=lambda sha: (candidates[sha], sha))
    run("tag", "--force", name, target, cwd=root)
    return "moved" if current else "created"


def _commits_with(root: Path, rel: str, blob: str) -> dict[str, int]:
    """Commits reachable from HEAD that changed ``rel`` to ``blob``: id -> committer time."""
    log = run(
        "log",
        "--format=%H %ct",
        "--full-history",
        "--no-abbrev",
        "--raw",
        "HEAD",
        "--",
        rel,
        cwd=root,
    ).stdout
    found: dict[str, int] = {}
    sha = when = ""
    for line in log.splitlines():
        if not line:
            continue
        if not line.startswith(":"):
            sha, _, when = line.partition(" ")
            continue
        # ":100644 100644 <old> <new> M\tpath"
        fields = line.split("\t", 1)[0].split()
        if len(fields) >= 4 and fields[3] == blob and sha:
            found[sha] = int(when or 0)
    return found
