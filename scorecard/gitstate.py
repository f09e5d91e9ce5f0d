"""What git says about the database right now: tracked, unmerged, drivers, operation.

One :class:`RepoState` is read with three git calls (plus, for an unmerged
file, a fourth and a look at files in the git directory) and answers every
question the hints, the write refusal and ``scorecard conflicts`` ask: is the
file unmerged, did the merge driver run, are the drivers set up and does the
configured command still run, and which operation (merge, rebase,
cherry-pick) is in progress, so the hint names the right next step and says whose side is whose.
"""

from __future__ import annotations

import functools
import os
import shlex
import shutil
from dataclasses import dataclass
from pathlib import Path

from scorecard.gitfind import in_work_tree, index_file
from scorecard.gitrun import GitError, run, shell_path, started

DRIVER = "scorecard"


@dataclass(frozen=True, slots=True)
class Operation:
    """A git operation that stopped on a conflict, in words."""

    name: str
    """``merge``, ``rebase``, ``cherry-pick``, ``revert`` or ``stash`` (none in progress)."""
    ours: str
    """Who "ours" is, in plain words."""
    theirs: str
    continue_step: str
    """The git command that finishes it once the file is added."""
    abort_step: str


_OPERATIONS = {
    "merge": Operation(
        "merge",
        "your branch",
        "the branch being merged in (what you pulled)",
        "git commit",
        "git merge --abort",
    ),
    "rebase": Operation(
        "rebase",
        "upstream (the commits you pulled, already in place)",
        "your commits being replayed on top",
        "git rebase --continue",
        "git rebase --abort",
    ),
    "cherry-pick": Operation(
        "cherry-pick",
        "your branch",
        "the commit being cherry-picked",
        "git cherry-pick --continue",
        "git cherry-pick --abort",
    ),
    "revert": Operation(
        "revert",
        "your branch",
        "the commit being reverted",
        "git revert --continue",
        "git revert --abort",
    ),
    "stash": Operation(
        "stash",
        "your working files",
        "the stash being applied",
        "git stash drop (once the stash is no longer needed)",
        "git checkout -m -- FILE",
    ),
}


def operation_in(git_dir: Path) -> Operation:
    """The operation in progress in ``git_dir`` (``stash`` when none has a marker)."""
    return _operation(git_dir)


def _operation(git_dir: Path) -> Operation:
    if (git_dir / "rebase-merge").is_dir() or (git_dir / "rebase-apply").is_dir():
        return _OPERATIONS["rebase"]
    for marker, name in (
        ("MERGE_HEAD", "merge"),
        ("CHERRY_PICK_HEAD", "cherry-pick"),
        ("REVERT_HEAD", "revert"),
    ):
        if (git_dir / marker).exists():
            return _OPERATIONS[name]
    return _OPERATIONS["stash"]


@dataclass(frozen=True)
class RepoState:
    root: Path
    db_path: Path
    rel: str
    """The database's path from the top of the work tree (posix)."""
    stages: dict[int, str]
    """Index stage -> blob id (0 when merged; 1, 2, 3 while unmerged)."""
    attributes: bool
    """``.gitattributes`` routes the file to our diff and merge drivers."""
    textconv: str
    driver: str

    @functools.cached_property
    def git_dir(self) -> Path:
        """The git directory (asked of git when first needed: only for an unmerged file)."""
        return _git_dir(self.root)

    @property
    def tracked(self) -> bool:
        return bool(self.stages)

    @property
    def unmerged(self) -> bool:
        return any(stage != 0 for stage in self.stages)

    @property
    def operation(self) -> Operation:
        return _operation(self.git_dir)

    def path_for_shell(self) -> str:
        return shell_path(self.db_path)

    def add_step(self) -> str:
        """``git add FILE && <continue>``: the next step once the conflicts are resolved."""
        op = self.operation
        step = f"git add {self.path_for_shell()}"
        if op.name == "stash":
            return step
        return f"{step} && {op.continue_step}"

    def sides(self) -> str:
        """Whose side is whose, in plain words (during a rebase they are swapped)."""
        op = self.operation
        return f"ours = {op.ours}; theirs = {op.theirs}"

    # -- the drivers ---------------------------------------------------------------

    def driver_problem(self) -> str | None:
        """Why git will not use our drivers for the file, in one line; None when it will."""
        if not self.attributes or not self.textconv or not self.driver:
            return (
                f"{self.rel} is in git but the scorecard diff/merge drivers are not set up "
                "in this clone; run 'scorecard git install'"
            )
        for command in (self.driver, self.textconv):
            broken = _broken_command(command, self.root)
            if broken:
                return (
                    f"the scorecard git driver does not run ({broken}); "
                    "run 'scorecard git install' again from the scorecard you use now"
                )
        return None

    def working_blob(self) -> str | None:
        """The blob id of the working file (what ``git add`` would store)."""
        try:
            return run("hash-object", "--", self.rel, cwd=self.root).stdout.strip() or None
        except GitError:
            return None

    def merge_did_not_run(self) -> bool:
        """Unmerged and the working file is still git's copy of our side: no merge happened."""
        ours = self.stages.get(2)
        return self.unmerged and ours is not None and self.working_blob() == ours


def _broken_command(command: str, root: Path) -> str | None:
    """What stops ``command`` (a configured driver) from running; None if it can run."""
    try:
        words = shlex.split(command)
    except ValueError:
        return f"cannot read the command {command!r}"
    if not words:
        return "the command is empty"
    program = words[0]
    if os.sep in program:
        path = Path(program) if Path(program).is_absolute() else root / program
        if not path.is_file():
            return f"{program} does not exist"
        if not os.access(path, os.X_OK):
            return f"{program} is not executable"
        return None
    if shutil.which(program) is None:
        return f"{program} is not on PATH"
    return None


def read(db_path: Path) -> RepoState | None:
    """The git state of ``db_path``, or None when it is not inside a git work tree.

    Three git calls, run at once, each in the file's folder: its index entries
    (with their path from the top, which places the work tree's top), its
    attributes and the drivers' settings; a fourth only for a file git does
    not track (where the top is).
    """
    if not in_work_tree(db_path):
        return None  # not in git: no git call at all
    path = Path(db_path).resolve()
    folder, name = path.parent, path.name
    listing = ("--literal-pathspecs", "ls-files", "--stage", "-z", "--full-name", "--", name)
    questions = (  # independent: git answers them at once
        listing,
        ("check-attr", "-z", "diff", "merge", "--", name),
        ("config", "-z", "--get-regexp", rf"^(diff|merge)\.{DRIVER}\."),
    )
    try:
        with started(questions, cwd=folder) as asked:
            listed, attributes, configured = (each.result() for each in asked)
    except GitError:
        return None  # git cannot run here (not installed, timed out): as outside git
    if listed.returncode != 0:
        return None  # not a work tree after all (a bare repository, inside .git, unsafe)
    stages: dict[int, str] = {}
    rel = None
    for entry in filter(None, listed.stdout.split("\0")):
        meta, _, full = entry.partition("\t")
        parts = full.split("/")
        if parts[-1] != name or len(parts) > len(folder.parts):
            continue
        if list(folder.parts[len(folder.parts) - len(parts) + 1 :]) != parts[:-1]:
            continue
        _, blob, stage = meta.split()
        stages[int(stage)] = blob
        rel = full
    if rel is not None:
        root = folder.parents[rel.count("/") - 1] if "/" in rel else folder
    else:  # not tracked: ask git where the top is
        try:
            found = run("rev-parse", "--show-toplevel", cwd=folder, check=False)
        except GitError:
            return None
        if found.returncode != 0 or not found.stdout.strip():
            return None
        root = Path(found.stdout.strip()).resolve()
        try:
            rel = path.relative_to(root).as_posix()
        except ValueError:
            return None
    values = attributes.stdout.split("\0")[2::3]
    config = configured.stdout
    items = [item.split("\n", 1) for item in config.split("\0") if "\n" in item]
    settings = {key: value for key, value in items}
    return RepoState(
        root=root,
        db_path=Path(db_path),
        rel=rel,
        stages=stages,
        attributes=values.count(DRIVER) == 2,
        textconv=settings.get(f"diff.{DRIVER}.textconv", "").strip(),
        driver=settings.get(f"merge.{DRIVER}.driver", "").strip(),
    )


def _git_dir(root: Path) -> Path:
    """The git directory of the work tree at ``root`` (its markers: MERGE_HEAD, rebase-*)."""
    try:
        found = run("rev-parse", "--absolute-git-dir", cwd=root, check=False)
    except GitError:
        found = None
    if found is not None and found.returncode == 0 and found.stdout.strip():
        return Path(found.stdout.strip())
    index = index_file(root)  # what a stat of .git says, when git cannot
    return index.parent if index is not None else root / ".git"


def unmerged_refusal(state: RepoState) -> str:
    """The one line that refuses a write into an unmerged database."""
    name = state.path_for_shell()
    if state.merge_did_not_run():
        how = (
            "run 'scorecard git install' to merge it row by row, then "
            f"'scorecard conflicts' and '{state.add_step()}'"
        )
    else:
        how = f"resolve with 'scorecard conflicts', then '{state.add_step()}'"
    return f"{name} is unmerged in git ({state.operation.name} in progress); nothing saved: {how}"


class UnmergedGuard:
    """Refuses writes into a database git marks as unmerged; cheap to ask before each write.

    git is asked again only when its index file changed (size, time or inode),
    so a save in the app costs one ``stat`` when nothing happened in git.
    """

    def __init__(self, db_path: Path) -> None:
        self.db_path = Path(db_path)
        self._index: Path | bool | None = False  # False: not looked for yet
        self._seen: tuple[int, int, int] | None = None
        self._refusal: str | None = None

    def refusal(self) -> str | None:
        """The one line refusing a write now, or None when writing is fine."""
        if self._index is False:
            self._index = index_file(self.db_path.resolve().parent)
        if not isinstance(self._index, Path):
            return None
        try:
            st = self._index.stat()
        except OSError:
            return None
        key = (st.st_mtime_ns, st.st_size, st.st_ino)
        if key != self._seen:
            try:
                state = read(self.db_path)
            except GitError:
                return None
            self._refusal = unmerged_refusal(state) if state and state.unmerged else None
            self._seen = key
        return self._refusal
