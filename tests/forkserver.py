"""Real processes without a Python start-up each: a fork server for the tests.

``python -m scorecard ARGS`` spends most of its CPU importing (click, pydantic,
the Workspace service) before it does its work. The reliability suite starts
hundreds of them, and the writer processes its SIGKILL loops kill. Here one
server process per test process (per xdist worker) imports those modules once;
each command is then a fork of it: a process of its own, with its own pid, the
test's environment, working directory and pipes for stdin, stdout and stderr,
that runs ``scorecard``'s ``__main__`` (or a script) and ends as any Python
process does (``sys.exit``, an uncaught exception's traceback, ``atexit``,
stdio flushed), or is killed. Its exit status (negative for a signal, as
``subprocess`` says it) and its CPU come back to the test.

What differs from ``python -m scorecard`` is only what the interpreter did
before the command's first line: the modules named in :data:`PRELOAD` are
already imported (none of them reads the environment when imported; none is
Textual). A test of what a command imports (tests/cli/test_headless.py) forks
from a server that imported only what its probe reads as given. A command on a
terminal gets the terminal's end as its stdout and stderr (a file descriptor,
as ``subprocess`` takes one); arguments and environment values that are not
UTF-8 reach it as ``python`` would see them (``os.fsdecode``).

    proc = spawn(["-m", "scorecard", "show"], cwd=folder)   # like subprocess.Popen
    done = run(["-m", "scorecard", "show"], cwd=folder)     # like subprocess.run
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO, Any

ROOT = Path(__file__).resolve().parent.parent

#: Imported by the server before it forks: what the commands the tests run import.
PRELOAD = (
    "scorecard.cli",
    "scorecard.cli.base",
    "scorecard.cli.record",
    "scorecard.cli.commitments",
    "scorecard.cli.issues",
    "scorecard.cli.data",
    "scorecard.cli.check",
    "scorecard.cli.setup",
    "scorecard.workspace",
    "scorecard.rowrepair",
    "scorecard.text",
    "db",
)

#: The CPU (user + system, s) of the forked processes this test process has
#: waited for, and how many it started (tests/cpu_profile.py adds them).
usage = {"cpu": 0.0, "started": 0}

PIPE = subprocess.PIPE
DEVNULL = subprocess.DEVNULL


class Forked:
    """A process forked by the server: the parts of ``subprocess.Popen`` the tests use."""

    def __init__(self, pid: int, channel: socket.socket, streams: list[IO[str] | None]):
        self.pid = pid
        self.returncode: int | None = None
        self.stdin, self.stdout, self.stderr = streams
        self._channel = channel
        self._lock = threading.Lock()

    def wait(self, timeout: float | None = None) -> int:
        with self._lock:
            if self.returncode is None:
                self._channel.settimeout(timeout)
                try:
                    message = self._channel.recv(4096)
                except (TimeoutError, BlockingIOError):  # a timeout of 0 is a non-blocking recv
                    raise subprocess.TimeoutExpired(f"forked {self.pid}", timeout or 0) from None
                if not message:
                    raise RuntimeError(f"the fork server lost process {self.pid}")
                ended = json.loads(message)
                self.returncode = ended["status"]
                usage["cpu"] += ended["cpu"]
                self._channel.close()
        return self.returncode

    def poll(self) -> int | None:
        try:
            return self.wait(0)
        except subprocess.TimeoutExpired:
            return None

    def send_signal(self, sig: int) -> None:
        if self.returncode is None:
            with contextlib.suppress(ProcessLookupError):  # it ended: its status is on the way
                os.kill(self.pid, sig)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def communicate(self, timeout: float | None = None) -> tuple[str, str]:
        """All of stdout and stderr (each read by one thread), then the exit status."""
        found = {"stdout": "", "stderr": ""}

        def read(name: str, stream: IO[str]) -> None:
            found[name] = stream.read()
            stream.close()

        readers = [
            threading.Thread(target=read, args=(name, stream), daemon=True)
            for name, stream in (("stdout", self.stdout), ("stderr", self.stderr))
            if stream is not None
        ]
        for reader in readers:
            reader.start()
        for reader in readers:
            reader.join(timeout)
            if reader.is_alive():
                self.kill()
                self.wait()
                raise subprocess.TimeoutExpired(f"forked {self.pid}", timeout or 0)
        self.wait(timeout)
        return found["stdout"], found["stderr"]


class _Server:
    def __init__(self, preload: tuple[str, ...]) -> None:
        self.control, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.forkserver", str(theirs.fileno()), *preload],
            cwd=ROOT,
            pass_fds=[theirs.fileno()],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            env={**os.environ, "PYDANTIC_DISABLE_PLUGINS": "__all__"},
        )
        theirs.close()
        self.pid = os.getpid()
        self.lock = threading.Lock()
        atexit.register(self.stop)

    def stop(self) -> None:
        self.control.close()  # the server reads the end of its socket and exits
        self.proc.wait(10)


_servers: dict[tuple[str, ...], _Server] = {}


def _the_server(preload: tuple[str, ...]) -> _Server:
    server = _servers.get(preload)
    if server is None or server.pid != os.getpid():
        server = _servers[preload] = _Server(preload)
    return server


def spawn(
    argv: list[str | bytes],
    *,
    cwd: Path | str,
    stdin: int | None = None,
    stdout: int | None = None,
    stderr: int | None = None,
    env: dict[str, str] | None = None,
    preload: tuple[str, ...] = PRELOAD,
) -> Forked:
    """Start ``python ARGV`` (``-m MODULE ARGS``, ``-c CODE ARGS`` or ``SCRIPT ARGS``)
    as a fork of a server that imported the modules ``preload`` (one server each).

    ``stdin``/``stdout``/``stderr``: ``PIPE`` (text, as ``text=True``),
    ``DEVNULL``, an open file descriptor (the caller keeps and closes it) or
    None (this process's own); ``env``: the environment (default: this
    process's), as for ``subprocess.Popen``.
    """
    server = _the_server(preload)
    ours: list[IO[str] | None] = []
    theirs: list[int] = []
    closing: list[int] = []
    for fd, how, mode in ((0, stdin, "w"), (1, stdout, "r"), (2, stderr, "r")):
        if how == PIPE:
            read, write = os.pipe()
            mine, child = (write, read) if mode == "w" else (read, write)
            ours.append(open(mine, mode, encoding=None))  # noqa: SIM115 (the caller closes it)
            theirs.append(child)
            closing.append(child)
        elif how == DEVNULL:
            child = os.open(os.devnull, os.O_RDWR)
            ours.append(None)
            theirs.append(child)
            closing.append(child)
        elif how is not None and how >= 0:  # a descriptor of the caller's (a terminal's end)
            ours.append(None)
            theirs.append(how)
        else:
            ours.append(None)
            theirs.append(fd)
    channel, status = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    request = {
        "argv": [os.fsdecode(arg) for arg in argv],  # bytes as python decodes its argv
        "cwd": os.path.abspath(cwd),
        "env": dict(os.environ if env is None else env),
    }
    try:
        with server.lock:
            socket.send_fds(
                server.control, [json.dumps(request).encode()], [*theirs, status.fileno()]
            )
    finally:
        status.close()
        for fd in closing:
            os.close(fd)
    channel.settimeout(60)
    started = channel.recv(4096)
    if not started:
        raise RuntimeError("the fork server did not start the process")
    usage["started"] += 1
    return Forked(json.loads(started)["pid"], channel, ours)


def run(
    argv: list[str | bytes],
    *,
    cwd: Path | str,
    timeout: float = 60,
    env: dict[str, str] | None = None,
    preload: tuple[str, ...] = PRELOAD,
) -> subprocess.CompletedProcess[str]:
    """``subprocess.run([python, *argv], capture_output=True, text=True)``, forked."""
    proc = spawn(argv, cwd=cwd, stdout=PIPE, stderr=PIPE, env=env, preload=preload)
    out, err = proc.communicate(timeout)
    return subprocess.CompletedProcess(["python", *argv], proc.wait(), out, err)


# -- the server ----------------------------------------------------------------------


def _serve(fd: int) -> dict[str, Any]:
    """Fork a process for each request; returns only in a forked command, its request."""
    control = socket.socket(fileno=fd)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the watchers are reaped as they end
    while True:
        message, fds, _, _ = socket.recv_fds(control, 1 << 20, 4)
        if not message:
            os._exit(0)
        if os.fork() == 0:
            control.close()
            return _watch(json.loads(message), fds)
        for received in fds:
            os.close(received)


def _watch(request: dict[str, Any], fds: list[int]) -> dict[str, Any]:
    """In a watcher: fork the command, tell the test its pid, then how it ended."""
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    status = socket.socket(fileno=fds[3])
    pid = os.fork()
    if pid == 0:
        status.close()
        for target, received in enumerate(fds[:3]):
            os.dup2(received, target)
        for received in set(fds[:3]) - {0, 1, 2}:
            os.close(received)
        return request
    for received in set(fds[:3]) - {0, 1, 2}:
        os.close(received)
    try:
        status.send(json.dumps({"pid": pid}).encode())
        _, code, used = os.wait4(pid, 0)
        ended = {"status": os.waitstatus_to_exitcode(code), "cpu": used.ru_utime + used.ru_stime}
        status.send(json.dumps(ended).encode())
    finally:
        os._exit(0)


def _command(request: dict[str, Any]) -> None:
    """Become ``python ARGV`` in the request's folder and environment."""
    import runpy

    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    for stream in (sys.stdout, sys.stderr):
        if stream.isatty():  # as python starts on a terminal: a line at a time
            stream.reconfigure(line_buffering=True)
    argv = request["argv"]
    if argv[0] == "-c":
        sys.argv = ["-c", *argv[2:]]
        sys.path[0] = ""
        exec(compile(argv[1], "<string>", "exec"), {"__name__": "__main__"})
    elif argv[0] == "-m":
        sys.argv = [argv[1], *argv[2:]]
        sys.path[0] = os.getcwd()
        runpy.run_module(argv[1], run_name="__main__", alter_sys=True)
    else:
        script = os.path.abspath(argv[0])
        sys.argv = [argv[0], *argv[1:]]
        sys.path[0] = os.path.dirname(script)
        runpy.run_path(script, run_name="__main__")


if __name__ == "__main__":
    import importlib

    for name in sys.argv[2:]:
        importlib.import_module(name)
    _command(_serve(int(sys.argv[1])))
