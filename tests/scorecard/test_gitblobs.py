"""Blobs from one ``git cat-file --batch`` (``scorecard log --git``)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from scorecard.gitblobs import _GIT_MALLOC, Blobs, _environment


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
