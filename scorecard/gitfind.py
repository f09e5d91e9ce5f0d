"""Whether a file is in a git work tree, and where its index is, without running git.

Every command that opened the workspace ends with what git has to say about
it, and every write first asks whether git marks the file unmerged. Outside a
git work tree both answers are known from a few ``stat`` calls, and the
modules that run git (:mod:`scorecard.gitstate`, :mod:`scorecard.gitops`) are
not even imported. This module imports only the standard library.
"""

from __future__ import annotations

from pathlib import Path


def in_work_tree(path: Path) -> bool:
    """Whether the folder holding ``path`` is in a git work tree (a ``.git`` above it)."""
    folder = Path(path).resolve().parent
    return any((p / ".git").exists() for p in (folder, *folder.parents))


def index_file(folder: Path) -> Path | None:
    """git's index for the work tree holding ``folder`` (found without running git)."""
    for parent in (folder, *folder.parents):
        dot = parent / ".git"
        if dot.is_dir():
            return dot / "index"
        if dot.is_file():  # a linked worktree or submodule: "gitdir: <path>"
            try:
                text = dot.read_text(encoding="utf-8", errors="replace").strip()
            except OSError:
                return None
            if text.startswith("gitdir:"):
                target = Path(text.removeprefix("gitdir:").strip())
                return (target if target.is_absolute() else parent / target) / "index"
            return None
    return None
