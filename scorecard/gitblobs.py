"""Blob contents from one long-running ``git cat-file --batch`` (``scorecard log --git``).

The blobs a history needs are known before the first is read (``git log
--raw`` names them), so a thread writes every request at once and git streams
the contents back while the caller works on the one before: git inflates the
next version on one core while Python compares the last on the other. The
caller reads them back in the same order (:meth:`Blobs.next`), each into a
buffer it reuses: a fresh buffer for every version of a ten-year file would
have the system hand over (and zero) gigabytes of pages over a history.

Where git would check the file out as it is stored (:func:`as_stored`), the
blobs are asked for with ``--filters`` and the file's path: git then writes
each version to the pipe in one call; without it, it copies the version 16
KiB at a time, 400 copies and writes for each version of a ten-year file (a
sixth of git's and our reading time over a long history).

git is started directly here (it streams), in the environment of the one
runner (``scorecard.gitrun.environment``: no prompts, no optional locks).
"""

from __future__ import annotations

import contextlib
import io
import subprocess
import threading
from collections.abc import Sequence
from pathlib import Path

from scorecard import gitrun
from scorecard.gitrun import environment

_SQLITE_MAGIC = b"SQLite format 3\x00"
#: glibc's malloc settings for the git child: a delta-compressed blob is rebuilt
#: in a fresh buffer, which glibc maps from the system (and unmaps when freed)
#: above its default threshold, so git page-faulted and zeroed every version of
#: a ten-year file again: about a third of its time over a long history. With
#: the largest mapping threshold, the heap keeps and reuses that memory
#: (git's peak is unchanged: it frees each version before the next).
_GIT_MALLOC = "glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=268435456"
#: Bytes the pipe from git may hold (Linux; the default 64 KiB means a hundred
#: reads and as many switches between the processes for one ten-year version).
_PIPE_BYTES = 1 << 20


def reuse_freed_buffers() -> None:
    """Have the C allocator keep and reuse the memory of a version freed (glibc).

    Each version of a growing file is a little larger than the last, so by
    default every one is a fresh mapping from the system, zeroed page by page
    (SQLite's copy of it too): a gigabyte and more of page faults over a long
    history. Kept in the heap instead, the next version reuses it. Only for
    this process (``scorecard log --git`` exits when done); elsewhere a no-op.
    """
    import sys

    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError, TypeError):
        import ctypes

        libc = ctypes.CDLL(None)
        libc.mallopt(_M_MMAP_THRESHOLD, 32 << 20)  # glibc's largest: larger blocks are mapped
        libc.mallopt(_M_TRIM_THRESHOLD, 256 << 20)


_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3


def _environment() -> dict[str, str]:
    """The git runner's (never prompts, takes no optional locks: scorecard.gitrun),
    with :data:`_GIT_MALLOC` before any tunables of the user's (theirs win)."""
    env = environment()
    theirs = env.get("GLIBC_TUNABLES")
    env["GLIBC_TUNABLES"] = f"{_GIT_MALLOC}:{theirs}" if theirs else _GIT_MALLOC
    return env


#: The attributes by which a checkout (and so ``cat-file --filters``) may change a
#: file's bytes (gitattributes(5)): a smudge filter, ``$Id$``, line endings, encodings.
_CONVERTING = ("filter", "ident", "text", "eol", "crlf", "working-tree-encoding")


def as_stored(root: Path, path: str) -> bool:
    """Whether git checks ``path`` out byte for byte as stored: none of the attributes
    that convert a file set for it (``core.autocrlf`` alone never converts a file
    with a NUL byte, as every SQLite file has in its header)."""
    if "\n" in path or "\r" in path:
        return False  # not a line of cat-file's input
    found = gitrun.run("check-attr", "-z", *_CONVERTING, "--", path, cwd=root, check=False)
    if found.returncode != 0:
        return False
    fields = found.stdout.split("\0")[:-1]  # path, attribute, value, ... (each NUL-ended)
    values = fields[2::3]
    return len(values) == len(_CONVERTING) and all(v == "unspecified" for v in values)


class Blobs:
    """``git cat-file --batch`` fed ``wanted`` (blob ids, in order); read them with
    :meth:`next`. ``path``: the file's, where :func:`as_stored` (``--filters``)."""

    def __init__(
        self,
        root: Path,
        wanted: Sequence[str],
        path: str | None = None,
        base_cache: int | None = None,
    ):
        """``base_cache``: git's ``core.deltaBaseCacheLimit`` in bytes (None: its own)."""
        filters = ["--filters"] if path is not None else []
        limit = ["-c", f"core.deltaBaseCacheLimit={base_cache}"] if base_cache else []
        self.path = f" {path}".encode() if path is not None else b""
        self.proc = subprocess.Popen(
            ["git", *limit, "cat-file", "--batch", *filters],
            cwd=root,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=_environment(),
        )
        assert self.proc.stdout is not None
        with contextlib.suppress(AttributeError, OSError):  # not Linux, or over the limit
            import fcntl

            fcntl.fcntl(self.proc.stdout.fileno(), fcntl.F_SETPIPE_SZ, _PIPE_BYTES)
        self._feeder = threading.Thread(target=self._feed, args=(list(wanted),), daemon=True)
        self._feeder.start()

    def _feed(self, wanted: list[str]) -> None:
        assert self.proc.stdin is not None
        try:
            path = self.path
            self.proc.stdin.write(b"".join(blob.encode() + path + b"\n" for blob in wanted))
            self.proc.stdin.close()
        except (BrokenPipeError, OSError, ValueError):  # git ended, or we closed it first
            pass

    def next(self, blob: str, into: bytearray) -> memoryview | None:
        """The contents of ``blob`` (the next one asked for), read into ``into``
        (grown as needed: one buffer reused, not a new one per version), or
        None when it is missing (a shallow clone, a pruned object) or not a
        SQLite file."""
        out = self.proc.stdout
        assert isinstance(out, io.BufferedReader)
        header = out.readline().split()
        if not header or header[0].decode(errors="replace") != blob:
            raise RuntimeError(f"git cat-file answered {header!r} for {blob}")
        if len(header) != 3 or header[1] != b"blob":
            return None  # "<id> missing"
        size = int(header[2])
        if len(into) < size:  # by a quarter at least: the next version is a little larger
            into.extend(bytes(max(size - len(into), size // 4)))
        view = memoryview(into)[:size]
        done = 0
        while done < size:
            got = out.readinto(view[done:])
            if not got:
                raise RuntimeError(f"git cat-file stopped inside {blob}")
            done += got
        out.read(1)  # the newline after the contents
        return view if into.startswith(_SQLITE_MAGIC) else None

    def close(self) -> None:
        if self.proc.stdout is not None:
            self.proc.stdout.close()  # git stops at its next write
        if self.proc.poll() is None:
            self.proc.terminate()
        self.proc.wait()
        self._feeder.join(timeout=5)
