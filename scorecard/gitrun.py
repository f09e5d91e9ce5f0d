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

import contextlib
import os
import shlex
import subprocess
import time
from collections.abc import Iterable, Iterator
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
    with _errors(args, cwd, timeout):
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
    if check and done.returncode != 0:
        _fail(args, done.returncode, done.stderr or done.stdout)
    return done


class Started:
    """``git ARGS`` started in ``cwd`` (:func:`start`); :meth:`result` waits for it.

    Several started one after another run at once: a command that asks git a
    few independent questions pays for the slowest, not for their sum (each
    git process is a few milliseconds of start-up before it answers)."""

    def __init__(self, args: tuple[str, ...], cwd: Path, timeout: float):
        self.args = args
        self.deadline = time.monotonic() + timeout
        self.timeout = timeout
        self.ended = False
        with _errors(args, cwd, timeout):
            self.proc = subprocess.Popen(
                ["git", *args],
                cwd=cwd,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                encoding="utf-8",
                errors="replace",
                env=environment(),
            )

    def result(self, check: bool = False) -> subprocess.CompletedProcess[str]:
        """What git answered (as :func:`run` returns it), once it has ended."""
        left = max(self.deadline - time.monotonic(), 0.0)
        try:
            out, err = self.proc.communicate(timeout=left)
        except subprocess.TimeoutExpired:
            self.close()
            raise GitError(
                f"git {self.args[0]} did not finish within {self.timeout:g} seconds"
            ) from None
        self.ended = True
        if check and self.proc.returncode != 0:
            _fail(self.args, self.proc.returncode, err or out)
        return subprocess.CompletedProcess(["git", *self.args], self.proc.returncode, out, err)

    def close(self) -> None:
        """Stop git if it is still running (its answer no longer wanted) and reap it."""
        if self.ended:
            return
        self.ended = True
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.communicate()


def start(*args: str, cwd: Path, timeout: float = TIMEOUT) -> Started:
    """Start ``git ARGS`` in ``cwd`` (as :func:`run` runs it: bounded, no prompts,
    no optional locks, text output) without waiting for it; see :class:`Started`."""
    return Started(args, cwd, timeout)


@contextlib.contextmanager
def started(questions: Iterable[tuple[str, ...]], cwd: Path) -> Iterator[list[Started]]:
    """Every one of ``questions`` (each a ``git`` command's arguments) started at
    once in ``cwd`` (:func:`start`); whatever is still running when the block
    ends (an answer no longer wanted, an error) is stopped and reaped."""
    asked: list[Started] = []
    try:
        for question in questions:
            asked.append(start(*question, cwd=cwd))
        yield asked
    finally:
        for each in asked:
            each.close()


@contextlib.contextmanager
def _errors(args: tuple[str, ...], cwd: Path, timeout: float) -> Iterator[None]:
    """Why git could not be run, as one :class:`GitError`."""
    try:
        yield
    except FileNotFoundError:
        raise GitError("git is not installed (or not on PATH)") from None
    except NotADirectoryError:
        raise GitError(f"{cwd} is not a folder") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git {args[0]} did not finish within {timeout:g} seconds") from None
    except OSError as exc:
        raise GitError(f"cannot run git ({exc.strerror})") from None


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
