"""tests/forkserver.py behaves as ``subprocess.Popen`` does where the tests use it."""

from __future__ import annotations

import os
import signal

from tests import forkserver

#: A server that imports nothing: these tests are about the processes, not the commands.
BARE: tuple[str, ...] = ()


def test_poll_is_none_while_running_and_a_kill_ends_the_real_process(tmp_path):
    proc = forkserver.spawn(
        ["-c", "import sys, time; sys.stdout.write('up\\n'); sys.stdout.flush(); time.sleep(60)"],
        cwd=tmp_path,
        stdout=forkserver.PIPE,
        preload=BARE,
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline() == "up\n"
        assert proc.poll() is None  # as Popen.poll: running, not an error
        assert proc.poll() is None
        os.kill(proc.pid, 0)  # a real process of that pid
    finally:
        proc.kill()
    assert proc.wait(30) == -signal.SIGKILL
    assert proc.poll() == -signal.SIGKILL
    proc.stdout.close()


def test_poll_gives_the_exit_status_once_ended(tmp_path):
    proc = forkserver.spawn(["-c", "raise SystemExit(3)"], cwd=tmp_path, preload=BARE)
    assert proc.wait(30) == 3
    assert proc.poll() == 3


def test_arguments_and_environment_that_are_not_utf8_arrive_as_python_decodes_them(tmp_path):
    import subprocess
    import sys

    code = "import os, sys; print(ascii(sys.argv[1:]), ascii(os.environ['ODD']))"
    argv = ["-c", code, b"caf\xe9", "plain"]
    env = {**os.environ, "ODD": os.fsdecode(b"m\xfcller")}
    real = subprocess.run(
        [sys.executable, *argv], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    forked = forkserver.run(argv, cwd=tmp_path, env=env, preload=BARE)
    assert forked.returncode == real.returncode == 0
    assert forked.stdout == real.stdout == "['caf\\udce9', 'plain'] 'm\\udcfcller'\n"


def test_a_terminal_s_end_as_stdout_is_a_terminal_written_a_line_at_a_time(tmp_path):
    import pty

    master, slave = pty.openpty()
    code = "import sys; print(sys.stdout.isatty(), sys.stdout.line_buffering, sys.stdin.isatty())"
    try:
        proc = forkserver.spawn(
            ["-c", code], cwd=tmp_path, stdin=forkserver.DEVNULL, stdout=slave, preload=BARE
        )
    finally:
        os.close(slave)
    seen = b""
    while True:
        try:
            data = os.read(master, 1024)
        except OSError:  # EIO: the process closed the terminal
            break
        if not data:
            break
        seen += data
    os.close(master)
    assert proc.wait(30) == 0
    assert seen.replace(b"\r\n", b"\n") == b"True True False\n"
