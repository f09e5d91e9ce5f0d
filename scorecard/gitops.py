"""Git integration: drivers, setup that travels to a clone, re-merging, hints.

``install`` writes the ``.gitattributes`` line for the database and points the
repository's ``diff.scorecard.textconv`` and ``merge.scorecard.driver`` at the
Python that runs this scorecard (``python -m scorecard``), so it works from a
venv that is not on PATH. :func:`commit_setup` commits what a fresh clone
needs (scorecard.toml, .gitattributes, the database, reports/), so that in a
clone ``scorecard git install`` is the only step. Every git call goes through
:mod:`scorecard.gitrun`; what git says about the file is :mod:`scorecard.gitstate`.
"""

from __future__ import annotations

import shlex
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from db.dump import DUMP_FORMAT
from scorecard import gitstate
from scorecard.gitrun import GitError, run, shell_path
from scorecard.gitstate import DRIVER, RepoState

if TYPE_CHECKING:
    from scorecard.rowmerge import LeftOut
    from scorecard.workspace import Workspace

__all__ = ["ATTRIBUTES", "DRIVER", "GitError", "git", "install", "notices", "repo_root"]

ATTRIBUTES = f"diff={DRIVER} merge={DRIVER}"
REPORT_DRIVER = f"{DRIVER}-report"
git = run  # the one git runner (scorecard.gitrun), under its old name


def repo_root(folder: Path) -> Path | None:
    """The top of the git work tree holding ``folder``, or None."""
    folder = Path(folder).resolve()
    if not any((p / ".git").exists() for p in (folder, *folder.parents)):
        return None
    try:
        done = run("rev-parse", "--show-toplevel", cwd=folder, check=False)
    except GitError:
        return None
    if done.returncode != 0 or not done.stdout.strip():
        return None
    return Path(done.stdout.strip()).resolve()


def scorecard_command() -> str:
    """How git should run this scorecard: the current interpreter, quoted."""
    return f"{shlex.quote(sys.executable)} -m scorecard"


def _pattern(root: Path, path: Path, *, glob: bool = False) -> str:
    """``path`` as a .gitattributes pattern from the top (a final ``*.md`` kept as a glob)."""
    tail = ""
    if glob:
        path, tail = path.parent, "/" + path.name
    rel = path.resolve().relative_to(root).as_posix()
    escaped = "".join("\\" + c if c in "*?[]\\!#" else c for c in rel)
    pattern = "/" + escaped + tail
    if any(c.isspace() for c in pattern) or '"' in pattern:
        pattern = '"' + pattern.replace('"', '\\"') + '"'
    return pattern


def install(db_path: Path, reports: Path | None = None) -> list[str]:
    """Set up the drivers for ``db_path``'s repository; returns what was done. Idempotent.

    With ``reports`` (the reports folder), the week reports get a merge rule
    too: a report changed on both sides keeps ours (no add/add conflict); it is
    derived data, regenerated from the merged database by ``scorecard close``.
    """
    root = repo_root(db_path.parent)
    if root is None:
        raise GitError(f"{db_path.parent} is not inside a git work tree; run 'git init' first")
    done: list[str] = []
    lines = [f"{_pattern(root, db_path)} {ATTRIBUTES}"]
    if reports is not None and reports.resolve().is_relative_to(root):
        lines.append(f"{_pattern(root, reports / '*.md', glob=True)} merge={REPORT_DRIVER}")
    attributes = root / ".gitattributes"
    existing = attributes.read_text(encoding="utf-8") if attributes.exists() else ""
    for line in lines:
        if line not in existing.splitlines():
            sep = "" if not existing or existing.endswith("\n") else "\n"
            existing = existing + sep + line + "\n"
            attributes.write_text(existing, encoding="utf-8")
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
    if len(lines) > 1:
        wanted[f"merge.{REPORT_DRIVER}.name"] = "scorecard week report (derived: keep ours)"
        wanted[f"merge.{REPORT_DRIVER}.driver"] = f"{command} git merge-report %O %A %B %P"
    current = _local_settings(root, (DRIVER, REPORT_DRIVER))
    for name, value in wanted.items():
        if current.get(name, "").strip() != value:
            run("config", "--local", "--replace-all", name, value, cwd=root)  # one value
            done.append(f"set {name}")
    return done


def _local_settings(root: Path, drivers: tuple[str, ...]) -> dict[str, str]:
    """The repository's own ``diff.D.*`` and ``merge.D.*`` settings for ``drivers``, in one
    git call (a key set more than once: its last value, as ``git config --get`` says)."""
    names = "|".join(drivers)  # [a-z-]: nothing to escape
    found = run(
        "config",
        "--local",
        "-z",
        "--get-regexp",
        rf"^(diff|merge)\.({names})\.",
        cwd=root,
        check=False,
    ).stdout
    items = [item.split("\n", 1) for item in found.split("\0") if "\n" in item]
    return {key: value for key, value in items}


# -- what a clone needs ---------------------------------------------------------------


def setup_files(ws: Workspace) -> list[Path]:
    """The files a fresh clone needs besides the database: scorecard.toml, .gitattributes."""
    root = repo_root(ws.root)
    found = [ws.config_path.resolve()]
    if root is not None and (root / ".gitattributes").is_file():
        found.append(root / ".gitattributes")
    return found


def pending(root: Path, files: list[Path]) -> list[str]:
    """Of ``files``, those (from the top of the work tree) that are untracked or changed."""
    rels = [p.resolve().relative_to(root).as_posix() for p in files if p.exists()]
    if not rels:
        return []
    status = run(
        "status", "--porcelain=v1", "-z", "--untracked-files=all", "--", *rels, cwd=root
    ).stdout
    changed = []
    for entry in filter(None, status.split("\0")):
        if len(entry) > 3 and entry[2] == " ":
            changed.append(entry[3:])
    return sorted(set(changed))


def commit_paths(root: Path, rels: list[str], message: str) -> str | None:
    """Commit exactly ``rels`` (nothing else staged goes in); the new commit, or None."""
    if not rels:
        return None
    run("add", "--", *rels, cwd=root)
    if not run("diff", "--cached", "--name-only", "--", *rels, cwd=root).stdout.strip():
        return None
    run("commit", "--quiet", "--no-verify", "-F", "-", "--", *rels, cwd=root, input_text=message)
    return run("rev-parse", "HEAD", cwd=root).stdout.strip()


def commit_setup(
    ws: Workspace, message: str = "Start the scorecard"
) -> tuple[str | None, list[str]]:
    """Commit what a clone needs (toml, .gitattributes, database) if any is not committed.

    Returns the commit (or None) and the files it holds. Other staged or
    modified files are left as they were.
    """
    root = repo_root(ws.root)
    if root is None:
        return None, []
    files = pending(root, [*setup_files(ws), ws.db_path])
    if not files:
        return None, []
    body = "\n".join(f"- {name}" for name in files)
    text = (
        f"{message}\n\nWhat a clone needs to open the scorecard:\n{body}\n\n"
        "In a fresh clone, run 'scorecard git install' once.\n"
    )
    return commit_paths(root, files, text), files


# -- re-merging from the index -------------------------------------------------------


def remerge(db_path: Path, now: str, *, driver_could_run: bool) -> tuple[int, str, LeftOut] | None:
    """Merge an unmerged database again, row by row, from git's index stages.

    For a merge that stopped before our driver ran (a binary conflict, a
    stale driver path, a killed driver). When the working file is git's copy
    of our side, the stages are merged; when it holds edits made since (and
    no driver can have run: ``driver_could_run`` is False), those edits are
    merged in too, so nothing is dropped. The stages' rows are validated as
    the merge driver validates them (:mod:`scorecard.rowmerge`). Returns
    (conflicts recorded, what was done, the damaged rows left out) or None
    when there is nothing to re-merge.
    """
    from db.merge import clean_scratch, merge_files
    from scorecard.rowmerge import merge_validated

    state = gitstate.read(db_path)
    if state is None or not state.unmerged:
        return None
    clean_scratch(state.git_dir)  # what a killed merge driver left
    untouched = state.merge_did_not_run()
    if not untouched and driver_could_run:
        return None  # our driver merged it already: resolve, then git add
    if 2 not in state.stages or 3 not in state.stages:
        side = "ours" if 2 not in state.stages else "theirs"
        raise GitError(
            f"{state.rel}: one side deleted the database ({side} has none); keep one with "
            f"'git checkout --ours -- {state.path_for_shell()}' (or --theirs), then "
            f"'{state.add_step()}'"
        )
    with tempfile.TemporaryDirectory(prefix="scorecard-remerge-") as tmp:
        sides = {}
        for stage, name in ((1, "base"), (2, "ours"), (3, "theirs")):
            target = Path(tmp) / f"{name}.db"
            if stage in state.stages:
                data = run("cat-file", "blob", state.stages[stage], cwd=state.root, binary=True)
                target.write_bytes(data.stdout)
            else:
                target.write_bytes(b"")  # added on both sides: no base
            sides[name] = target
        merged = merge_validated(
            sides["base"], sides["ours"], sides["theirs"], now, scratch=Path(tmp)
        )
        conflicts = merged.conflicts
        what = "merged the two sides row by row"
        if not untouched:
            edits = Path(tmp) / "working.db"
            edits.write_bytes(db_path.read_bytes())
            original = Path(tmp) / "ours-original.db"
            data = run("cat-file", "blob", state.stages[2], cwd=state.root, binary=True)
            original.write_bytes(data.stdout)
            conflicts += merge_files(original, sides["ours"], edits, now, scratch=Path(tmp))
            what += ", and the changes made in the file since"
        _replace_contents(db_path, sides["ours"], state.git_dir)
    return len(conflicts), what, merged.left_out


def _replace_contents(target: Path, source: Path, scratch: Path) -> None:
    """Put ``source``'s bytes at ``target`` in one step, keeping ``target``'s mode."""
    import os
    import shutil

    folder = scratch if scratch.is_dir() else target.parent
    fd, name = tempfile.mkstemp(prefix=f"scorecard-merge-{os.getpid()}-", dir=folder)
    os.close(fd)
    try:
        shutil.copyfile(source, name)
        if target.exists():
            shutil.copymode(target, name)
        try:
            os.replace(name, target)
        except OSError:  # the git directory is on another file system
            shutil.copyfile(name, target)
    finally:
        Path(name).unlink(missing_ok=True)


# -- what the user should know --------------------------------------------------------


def notices_for(state: RepoState | None, pending_conflicts: int) -> list[str]:
    """What the user should know about git and merges, one line each."""
    found = []
    if pending_conflicts:
        where = f" ({state.sides()})" if state is not None and state.unmerged else ""
        found.append(
            f"{pending_conflicts} merge conflict(s) to resolve{where}: run 'scorecard conflicts'"
        )
    if state is None or not state.tracked:
        return found
    problem = state.driver_problem()
    if state.unmerged and not pending_conflicts:
        if state.merge_did_not_run():
            why = (
                "the drivers are not set up or do not run"
                if problem
                else ("the scorecard merge driver failed or was stopped")
            )
            found.append(
                f"{state.path_for_shell()} is unmerged and was not merged row by row ({why}); "
                "run 'scorecard git install' to merge it row by row from git's index"
            )
            return found  # that one step also sets up the drivers
        found.append(
            f"{state.path_for_shell()} has no conflicts left but is still unmerged in "
            f"git: finish with '{state.add_step()}'"
        )
    if problem:
        found.append(problem)
    return found


def notices(ws: Workspace) -> list[str]:
    """What the user should know about git and merges: for every command and the app."""
    try:
        state = gitstate.read(ws.db_path)
    except GitError:
        state = None
    return notices_for(state, ws.conflict_count())


def hint_path(path: Path) -> str:
    return shell_path(path)
