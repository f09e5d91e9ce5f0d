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
