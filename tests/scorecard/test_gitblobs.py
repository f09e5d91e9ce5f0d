"""Blobs from one ``git cat-file --batch`` (``scorecard log --git``)."""

from __future__ import annotations

import os
import random
import subprocess
import threading
from pathlib import Path

import pytest

from scorecard.gitblobs import _GIT_MALLOC, Blobs, _environment
from scorecard.gitrun import GitError
from tests import fake_git


def _repo(tmp_path: Path) -> tuple[Path, str]:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    blob = subprocess.run(
        ["git", "hash-object", "-w", "--stdin"],
        cwd=tmp_path, input=b"SQLite format 3\x00rest", capture_output=True, check=True,
    )  # fmt: skip
    return tmp_path, blob.stdout.decode().strip()


def test_git_keeps_freed_versions_in_its_heap(tmp_path, monkeypatch):
    monkeypatch.delenv("GLIBC_TUNABLES", raising=False)
    started = []
    real = subprocess.Popen

    def popen(args, **kw):
        if args[:2] == ["git", "cat-file"]:
            started.append(kw["env"])
        return real(args, **kw)

    monkeypatch.setattr(subprocess, "Popen", popen)
    root, blob = _repo(tmp_path)
    blobs = Blobs(root, [blob])
    try:
        assert bytes(blobs.next(blob, bytearray()) or b"") == b"SQLite format 3\x00rest"
    finally:
        blobs.close()
    assert [env["GLIBC_TUNABLES"] for env in started] == [_GIT_MALLOC]


def test_the_users_own_tunables_come_last_and_win(monkeypatch):
    monkeypatch.setenv("GLIBC_TUNABLES", "glibc.malloc.mmap_threshold=65536")
    env = _environment()
    assert env["GLIBC_TUNABLES"] == f"{_GIT_MALLOC}:glibc.malloc.mmap_threshold=65536"
    assert env["GIT_TERMINAL_PROMPT"] == "0"  # still the one runner's environment


def _versions(root: Path, count: int, size: int) -> list[tuple[str, bytes]]:
    """``count`` SQLite-like blobs of ``size`` bytes written to ``root``'s objects."""
    rng = random.Random(19)
    contents = [_SQLITE + rng.randbytes(size - len(_SQLITE) - 1) + b"\0" for _ in range(count)]
    paths = []
    for i, data in enumerate(contents):
        paths.append(root / f"v{i}")
        paths[-1].write_bytes(data)
    ids = subprocess.run(
        ["git", "hash-object", "-w", "--stdin-paths"], cwd=root, check=True,
        input="".join(f"{p}\n" for p in paths), capture_output=True, text=True,
    ).stdout.split()  # fmt: skip
    return list(zip(ids, contents, strict=True))


_SQLITE = b"SQLite format 3\x00"


def _stopped(blobs: Blobs) -> bool:
    """Close ``blobs`` in a thread; whether that came back (no hang) with git reaped."""
    closing = threading.Thread(target=blobs.close, daemon=True)
    closing.start()
    closing.join(60)  # a guard against a hang, not a timing
    return not closing.is_alive() and blobs.proc.returncode is not None


@pytest.mark.parametrize(("spare", "newer_first"), [(1, False), (2, False), (1, True)])
def test_each_version_stays_whole_while_the_caller_holds_it(tmp_path, spare, newer_first):
    """The caller holds two versions and gives back the buffer of the older one
    (as scorecard.versions.Slots does) while git's reader runs ahead of it; asked
    of git each pair the newer first, they still come back in order."""
    root = _repo(tmp_path)[0]
    versions = _versions(root, 7, 300_000)
    blobs = Blobs(root, [blob for blob, _ in versions], spare=spare, newer_first=newer_first)
    held: list[tuple[memoryview, bytes]] = []
    try:
        for blob, data in versions:
            into = bytearray()
            if len(held) == 2:
                view, _ = held.pop(0)
                into = view.obj  # type: ignore[assignment]
                view.release()
            got = blobs.next(blob, into)
            assert got is not None and got.obj is not into
            held.append((got, data))
            assert all(view == expected for view, expected in held)
    finally:
        for view, _ in held:
            view.release()
        assert _stopped(blobs)
    assert not blobs._reader.is_alive() and not blobs._feeder.is_alive()


def test_a_missing_blob_or_another_file_is_none_and_the_buffer_stays_the_callers(tmp_path):
    root, sqlite_blob = _repo(tmp_path)
    (root / "text").write_text("not a database\n")
    other = subprocess.run(
        ["git", "hash-object", "-w", "text"], cwd=root, capture_output=True, text=True, check=True
    ).stdout.strip()
    missing = "1" * 40
    blobs = Blobs(root, [missing, other, sqlite_blob])
    try:
        mine = bytearray(b"kept")
        assert blobs.next(missing, mine) is None
        assert blobs.next(other, mine) is None
        with pytest.raises(ValueError, match="not the next blob"):
            blobs.next(other, mine)
        got = blobs.next(sqlite_blob, mine)
        assert got is not None and bytes(got) == b"SQLite format 3\x00rest"
        assert got.obj is not mine
        got.release()
    finally:
        assert _stopped(blobs)


def test_each_answer_is_told_as_it_arrives_and_is_then_ready(tmp_path):
    """The reader tells (``told``) after each answer it has read: the next one is
    then there to take without waiting (``ready``), and once every blob is taken."""
    root = _repo(tmp_path)[0]
    versions = _versions(root, 3, 4096)
    told = threading.Semaphore(0)
    blobs = Blobs(root, [blob for blob, _ in versions], told=told.release)
    try:
        for blob, data in versions:
            assert told.acquire(timeout=60)  # a guard against a hang, not a timing
            assert blobs.ready()
            got = blobs.next(blob, bytearray())
            assert got is not None and got == data
            got.release()
        assert blobs.ready()  # nothing left to wait for
    finally:
        assert _stopped(blobs)


def test_a_caller_that_stops_early_leaves_no_git_running(tmp_path):
    """git blocks on a full pipe once the reader has no free buffer: closing then
    still stops it, its threads end and the process is reaped (no zombie)."""
    root = _repo(tmp_path)[0]
    versions = _versions(root, 12, 1_500_000)
    blobs = Blobs(root, [blob for blob, _ in versions])
    got = blobs.next(versions[0][0], bytearray())
    assert got is not None and got == versions[0][1]
    got.release()
    assert _stopped(blobs)
    assert not blobs._reader.is_alive() and not blobs._feeder.is_alive()
    with pytest.raises(ChildProcessError):
        os.waitpid(blobs.proc.pid, os.WNOHANG)  # reaped already


@pytest.mark.parametrize("newer_first", [False, True])
@pytest.mark.parametrize("mode", fake_git.MODES)
def test_a_damaged_answer_from_git_is_one_error_never_a_wrong_version(
    tmp_path, monkeypatch, mode, newer_first
):
    root = _repo(tmp_path / "repo")[0]
    versions = _versions(root, 3, 200_001)
    fake_git.install(tmp_path / "bin", mode)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    blobs = Blobs(root, [blob for blob, _ in versions], newer_first=newer_first)
    try:
        with pytest.raises(GitError) as raised:
            for blob, data in versions:
                got = blobs.next(blob, bytearray())
                assert got is not None and got == data  # never a wrong version
                got.release()
    finally:
        assert _stopped(blobs)
    message = str(raised.value)
    assert message.startswith("git cat-file") and "\n" not in message
    assert versions[1 if newer_first else 0][0] in message  # the first blob git answered
