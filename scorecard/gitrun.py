"""Running the ``git`` program: the one place the product does it.

Every call is bounded (a time limit), never prompts (no terminal, no askpass,
no editor: stdin is closed), takes no optional locks (a read never rewrites
git's index, so ``git status`` in another terminal stays as it was) and
otherwise inherits the environment, so a hermetic ``HOME`` or
``GIT_CONFIG_GLOBAL`` is honoured. Nothing else here: this module imports only
the standard library, so even the report footer can use it cheaply.

:func:`shell_path` is how a path appears in a hint the user may paste.
"""

from __future__ import annotations

import os
import shlex
import subprocess
from pathlib import Path
from typing import Literal, overload

from scorecard.errors import ScorecardError

#: Seconds any one git command may take (a hook or a network call may hang).
TIMEOUT = 60.0

_QUIET_ENV = {
    "GIT_TERMINAL_PROMPT": "0",  # never ask for a user name or password
    "GCM_INTERACTIVE": "never",  # nor the credential manager
    "GIT_EDITOR": ":",  # nor open an editor for a message
    "GIT_MERGE_AUTOEDIT": "no",
    "GIT_OPTIONAL_LOCKS": "0",  # reads do not refresh (rewrite) the index
}


class GitError(ScorecardError):
    """A git command failed (exit 1)."""


def environment() -> dict[str, str]:
    """The environment git runs in: ours, minus every way to prompt."""
    env = dict(os.environ)
    env.update(_QUIET_ENV)
    env.pop("GIT_ASKPASS", None)
    env.pop("SSH_ASKPASS", None)
    return env


@overload
def run(
    *args: str,
    cwd: Path,
    check: bool = ...,
    input_text: str | None = ...,
    binary: Literal[False] = ...,
    timeout: float = ...,
) -> subprocess.CompletedProcess[str]: ...


@overload
def run(
    *args: str,
    cwd: Path,
    check: bool = ...,
    input_text: str | None = ...,
    binary: Literal[True],
    timeout: float = ...,
) -> subprocess.CompletedProcess[bytes]: ...


def run(
    *args: str,
    cwd: Path,
    check: bool = True,
    input_text: str | None = None,
    binary: bool = False,
    timeout: float = TIMEOUT,
) -> subprocess.CompletedProcess[str] | subprocess.CompletedProcess[bytes]:
    """Run ``git ARGS`` in ``cwd``; with ``check``, a failure raises :class:`GitError`.

    Output is text (UTF-8, undecodable bytes replaced) unless ``binary``.
    """
    command = ["git", *args]
    try:
        if binary:
            done_bytes = subprocess.run(
                command,
                cwd=cwd,
                capture_output=True,
                stdin=subprocess.DEVNULL,
                env=environment(),
                timeout=timeout,
            )
            if check and done_bytes.returncode != 0:
                _fail(args, done_bytes.returncode, done_bytes.stderr.decode("utf-8", "replace"))
            return done_bytes
        done = subprocess.run(
            command,
            cwd=cwd,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            input=input_text,
            stdin=None if input_text is not None else subprocess.DEVNULL,
            env=environment(),
            timeout=timeout,
        )
    except FileNotFoundError:
        raise GitError("git is not installed (or not on PATH)") from None
    except NotADirectoryError:
        raise GitError(f"{cwd} is not a folder") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git {args[0]} did not finish within {timeout:g} seconds") from None
    except OSError as exc:
        raise GitError(f"cannot run git ({exc.strerror})") from None
    if check and done.returncode != 0:
        _fail(args, done.returncode, done.stderr or done.stdout)
    return done


def _fail(args: tuple[str, ...], code: int, output: str) -> None:
    detail = output.strip().splitlines()
    reason = detail[-1].removeprefix("fatal: ").removeprefix("error: ") if detail else str(code)
    raise GitError(f"git {args[0]} failed: {reason}")


def shell_path(path: Path | str, cwd: Path | None = None) -> str:
    """``path`` as the user would type it in a shell here: relative when it can be, quoted."""
    target = Path(path)
    here = Path.cwd() if cwd is None else cwd
    try:
        shown = target.resolve().relative_to(here.resolve()).as_posix()
    except (ValueError, OSError):
        shown = str(target)
    return shlex.quote(shown or ".")
