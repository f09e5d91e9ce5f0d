"""A ``git`` on PATH whose ``cat-file --batch`` answers are damaged on purpose.

Every other git command runs the real git. ``install(folder, mode)`` writes the
wrapper into ``folder`` (put it first on PATH); the modes:

- ``cut``: git ends halfway through the first version (as if it died);
- ``longer`` / ``shorter``: the first size header says one byte more / less
  than the contents that follow;
- ``other``: the first answer names another object than the one asked for.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

MODES = ("cut", "longer", "shorter", "other")


def install(folder: Path, mode: str) -> Path:
    """The wrapper ``folder/git`` for ``mode`` (one of :data:`MODES`)."""
    assert mode in MODES
    real = shutil.which("git")
    assert real is not None
    folder.mkdir(parents=True, exist_ok=True)
    wrapper = folder / "git"
    wrapper.write_text(
        "#!/bin/sh\n"
        'for arg in "$@"; do\n'
        '  if [ "$arg" = "--batch" ]; then\n'
        f'    "{real}" "$@" | "{sys.executable}" "{Path(__file__).resolve()}" {mode}\n'
        "    exit 0\n"
        "  fi\n"
        "done\n"
        f'exec "{real}" "$@"\n'
    )
    wrapper.chmod(0o755)
    return wrapper


def _damage(mode: str) -> None:
    """Copy git's ``cat-file --batch`` answers from stdin, the first one damaged."""
    src, out = sys.stdin.buffer, sys.stdout.buffer
    first = True
    while line := src.readline():
        fields = line.split()
        if len(fields) != 3:  # "<id> missing"
            out.write(line)
            continue
        size = int(fields[2])
        body = src.read(size + 1)  # the contents and their newline
        if first and mode == "cut":
            out.write(line + body[: size // 2])
            out.flush()
            return
        if first and mode in ("longer", "shorter"):
            told = size + 1 if mode == "longer" else size - 1
            line = b"%s %s %d\n" % (fields[0], fields[1], told)
        if first and mode == "other":
            line = b"%s %s %d\n" % (fields[0][::-1], fields[1], size)
        out.write(line + body)
        first = False
    out.flush()


if __name__ == "__main__":
    _damage(sys.argv[1])
