"""Git integration through the ``git`` command: drivers, hints and week-close commits.

``install`` writes the ``.gitattributes`` line for the database and points the
repository's ``diff.scorecard.textconv`` and ``merge.scorecard.driver`` at the
Python that runs this scorecard (``python -m scorecard``), so it works from a
venv that is not on PATH. Nothing here runs unless a command asks for it.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from db.dump import DUMP_FORMAT
from scorecard.errors import ScorecardError

if TYPE_CHECKING:
    from scorecard.weeks import Week
    from scorecard.workspace import Workspace

DRIVER = "scorecard"
ATTRIBUTES = f"diff={DRIVER} merge={DRIVER}"


class GitError(ScorecardError):
    """A git command failed (exit 1)."""


def git(
    *args: str, cwd: Path, check: bool = True, input_text: str | None = None
) -> subprocess.CompletedProcess[str]:
    try:
        done = subprocess.run(
            ["git", *args],
            cwd=cwd,
            capture_output=True,
            text=True,
            encoding="utf-8",
            input=input_text,
        )
    except FileNotFoundError:
        raise GitError("git is not installed (or not on PATH)") from None
    if check and done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise GitError(f"git {args[0]} failed: {detail[-1] if detail else done.returncode}")
    return done


def repo_root(folder: Path) -> Path | None:
    """The top of the git work tree holding ``folder``, or None."""
    folder = Path(folder).resolve()
    if not any((p / ".git").exists() for p in (folder, *folder.parents)):
        return None
    try:
        done = git("rev-parse", "--show-toplevel", cwd=folder, check=False)
    except GitError:
        return None
    if done.returncode != 0 or not done.stdout.strip():
        return None
    return Path(done.stdout.strip()).resolve()


def scorecard_command() -> str:
    """How git should run this scorecard: the current interpreter, quoted."""
    return f"{shlex.quote(sys.executable)} -m scorecard"


def _pattern(root: Path, db_path: Path) -> str:
    rel = db_path.resolve().relative_to(root).as_posix()
    escaped = "".join("\\" + c if c in "*?[]\\!#" else c for c in rel)
    pattern = "/" + escaped
    if any(c.isspace() for c in pattern) or '"' in pattern:
        pattern = '"' + pattern.replace('"', '\\"') + '"'
    return pattern


def install(db_path: Path) -> list[str]:
    """Set up the drivers for ``db_path``'s repository; returns what was done. Idempotent."""
    root = repo_root(db_path.parent)
    if root is None:
        raise GitError(f"{db_path.parent} is not inside a git work tree; run 'git init' first")
    done: list[str] = []
    line = f"{_pattern(root, db_path)} {ATTRIBUTES}"
    attributes = root / ".gitattributes"
    existing = attributes.read_text(encoding="utf-8") if attributes.exists() else ""
    if line not in existing.splitlines():
        sep = "" if not existing or existing.endswith("\n") else "\n"
        attributes.write_text(existing + sep + line + "\n", encoding="utf-8")
        done.append(f"added '{line}' to {attributes}")
    command = scorecard_command()
    wanted = {
        f"diff.{DRIVER}.textconv": f"{command} git textconv --dump-format {DUMP_FORMAT}",
        # git caches each blob's text (refs/notes/textconv/scorecard) until the
        # command above changes: `git log -p` converts every version only once.
        f"diff.{DRIVER}.cachetextconv": "true",
        f"merge.{DRIVER}.name": "scorecard row-by-row merge",
        f"merge.{DRIVER}.driver": f"{command} git merge %O %A %B %P",
    }
    for name, value in wanted.items():
        current = git("config", "--local", "--get", name, cwd=root, check=False).stdout.strip()
        if current != value:
            git("config", "--local", name, value, cwd=root)
            done.append(f"set {name}")
    return done


def remerge(db_path: Path, now: str) -> int | None:
    """Merge an unmerged database again, row by row, from git's index stages.

    For a merge that stopped on a binary conflict before the drivers were set
    up. Writes the result over the working file; returns the number of
    conflicts recorded, or None when the database is not unmerged.
    """
    from db.merge import merge_files

    root = repo_root(db_path.parent)
    if root is None or not is_unmerged(root, db_path):
        return None
    rel = db_path.resolve().relative_to(root).as_posix()
    ours = git("rev-parse", "--verify", "--quiet", f":2:{rel}", cwd=root, check=False).stdout
    if git("hash-object", "--", rel, cwd=root).stdout.strip() != ours.strip():
        return None  # not git's binary leftover: merged (or edited) already
    with tempfile.TemporaryDirectory(prefix="scorecard-remerge-") as tmp:
        sides = {}
        for stage, name in ((1, "base"), (2, "ours"), (3, "theirs")):
            target = Path(tmp) / f"{name}.db"
            done = subprocess.run(
                ["git", "cat-file", "blob", f":{stage}:{rel}"], cwd=root, capture_output=True
            )
            if done.returncode != 0 and stage != 1:
                raise GitError(f"{rel}: no '{name}' version in the index to merge")
            target.write_bytes(done.stdout if done.returncode == 0 else b"")
            sides[name] = target
        conflicts = merge_files(sides["base"], sides["ours"], sides["theirs"], now)
        fd, name = tempfile.mkstemp(prefix=".scorecard-merge-", dir=db_path.parent)
        os.close(fd)
        shutil.copyfile(sides["ours"], name)
        if db_path.exists():
            shutil.copymode(db_path, name)  # keep the database's permissions
        os.replace(name, db_path)
    return len(conflicts)


def drivers_configured(root: Path, db_path: Path) -> bool:
    """True when git will use our textconv and merge driver for ``db_path``."""
    attrs = git("check-attr", "diff", "merge", "--", str(db_path), cwd=root, check=False).stdout
    if attrs.count(f": {DRIVER}") < 2:
        return False
    for name in (f"diff.{DRIVER}.textconv", f"merge.{DRIVER}.driver"):
        if not git("config", "--get", name, cwd=root, check=False).stdout.strip():
            return False
    return True


def is_tracked(root: Path, db_path: Path) -> bool:
    done = git("ls-files", "--error-unmatch", "--", str(db_path), cwd=root, check=False)
    return done.returncode == 0


def is_unmerged(root: Path, db_path: Path) -> bool:
    return bool(git("ls-files", "--unmerged", "--", str(db_path), cwd=root, check=False).stdout)


def setup_hint(db_path: Path) -> str | None:
    """One line for stderr when the database is in git but the drivers are not set."""
    root = repo_root(db_path.parent)
    if root is None or not is_tracked(root, db_path) or drivers_configured(root, db_path):
        return None
    if is_unmerged(root, db_path):
        return (
            f"{db_path.name} could not be merged: git treated it as binary because the "
            "scorecard merge driver is not set up here; run 'scorecard git install' "
            "to merge it row by row"
        )
    return (
        f"{db_path.name} is in git but the scorecard diff/merge drivers are not set up "
        "here; run 'scorecard git install'"
    )


def notices(ws: Workspace) -> list[str]:
    """What the user should know about git and merges: for ``show`` and the app."""
    found = []
    pending = ws.conflict_count()
    if pending:
        found.append(f"{pending} merge conflict(s) to resolve: run 'scorecard conflicts'")
    hint = setup_hint(ws.db_path)
    if hint:
        found.append(hint)
    return found


# -- closing a week -----------------------------------------------------------------


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


def commit_week_close(ws: Workspace, week: Week, paths: list[Path]) -> str | None:
    """Commit only the database and ``paths`` (the report) and tag ``scorecard/<week>``.

    Returns the commit id, or None when the workspace is not in git or nothing
    changed. Other staged or modified files are neither staged nor committed.
    Whether to commit at all (``[git] commit_on_close``, ``--no-commit``) is
    the caller's decision; the tag follows ``[git] tag``.
    """
    root = repo_root(ws.root)
    if root is None:
        return None
    files = [str(p.resolve()) for p in [ws.db_path, *paths]]
    git("add", "--", *files, cwd=root)
    if not git("diff", "--cached", "--name-only", "--", *files, cwd=root).stdout.strip():
        return None
    message = week_message(ws, week)
    git("commit", "--quiet", "--no-verify", "-F", "-", "--", *files, cwd=root, input_text=message)
    sha = git("rev-parse", "HEAD", cwd=root).stdout.strip()
    if ws.config.git.tag:
        git("tag", "--force", f"scorecard/{week}", sha, cwd=root)
    return sha
