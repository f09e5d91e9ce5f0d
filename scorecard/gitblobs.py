"""Blob contents from one long-running ``git cat-file --batch`` (``scorecard log --git``).

The blobs a history needs are known before the first is read (``git log
--raw`` names them), so a thread writes every request at once, and another
reads git's answers as they come, each into a buffer of a small pool
(:data:`SPARE` beyond the caller's own), so git runs ahead of the caller by a
version and a pipe, not by a pipe alone: a version of a ten-year file is
3-6.5 MB and a pipe holds 1 MB, so two gits read by one thread in turn ran in
near lockstep. The caller takes the versions in the same order
(:meth:`Blobs.next`), each in a buffer it swaps for the one it no longer uses:
a fresh buffer for every version would have the system hand over (and zero)
gigabytes of pages over a history, and a copy costs as much as the pipe.

What git answers is checked (the id asked for, a size, the newline after the
contents): an answer that is not as git writes it, or git ending inside a
version, is one :class:`~scorecard.gitrun.GitError` (a line on stderr), never
a version read wrong.

Where git would check the file out as it is stored (:func:`stored_as_is`), the
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
import queue
import subprocess
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from scorecard.gitrun import GitError, environment

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
#: Versions read ahead of the caller, each in a buffer of its own.
SPARE = 1


def reuse_freed_buffers() -> None:
    """Have the C allocator keep and reuse the memory of a version freed (glibc).

    Each version of a growing file is a little larger than the last, so by
    default every one is a fresh mapping from the system, zeroed page by page
    (SQLite's copy of it too): a gigabyte and more of page faults over a long
    history. Kept in the heap instead, the next version reuses it. One heap
    (arena) for every thread: the readers of :class:`Blobs` grow buffers too,
    and an arena of their own each would keep another copy of that memory
    (30 MB more over a ten-year history). Only for this process (``scorecard
    log --git`` exits when done); elsewhere a no-op.
    """
    import sys

    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError, TypeError):
        import ctypes

        libc = ctypes.CDLL(None)
        libc.mallopt(_M_MMAP_THRESHOLD, 32 << 20)  # glibc's largest: larger blocks are mapped
        libc.mallopt(_M_TRIM_THRESHOLD, 256 << 20)
        libc.mallopt(_M_ARENA_MAX, 1)


_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD, _M_ARENA_MAX = -1, -3, -8


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


def attributes_asked(path: str) -> tuple[str, ...]:
    """The ``git check-attr`` that tells :func:`stored_as_is` (``path`` from the
    folder it runs in; a path with a line break is never read as stored: it is
    not a line of cat-file's input)."""
    return ("check-attr", "-z", *_CONVERTING, "--", path)


def stored_as_is(found: subprocess.CompletedProcess[str]) -> bool:
    """Whether git checks the file out byte for byte as stored, from what
    :func:`attributes_asked` answered: none of the attributes that convert a file
    set for it (``core.autocrlf`` alone never converts a file with a NUL byte,
    as every SQLite file has in its header)."""
    if found.returncode != 0:
        return False
    fields = found.stdout.split("\0")[:-1]  # path, attribute, value, ... (each NUL-ended)
    values = fields[2::3]
    return len(values) == len(_CONVERTING) and all(v == "unspecified" for v in values)


class Blobs:
    """``git cat-file --batch`` fed ``wanted`` (blob ids, in order); read them with
    :meth:`next`. ``path``: the file's, where :func:`stored_as_is` (``--filters``)."""

    def __init__(
        self,
        root: Path,
        wanted: Sequence[str],
        path: str | None = None,
        base_cache: int | None = None,
        spare: int = SPARE,
        newer_first: bool = False,
        told: Callable[[], None] | None = None,
    ):
        """``base_cache``: git's ``core.deltaBaseCacheLimit`` in bytes (None: its own);
        ``spare``: buffers the reader may fill ahead of the caller (at least one);
        ``newer_first``: ask git for each pair of blobs the second one first
        (they still come back in order), for a history whose every blob is a
        delta of the one before (:func:`scorecard.gitparts.base_cache`).

        git keeps the versions it rebuilds on the way to the one asked for (its
        delta base cache), not that one: asked for in order, it rebuilds each
        version twice, once for itself and again on the way to the next. Asked
        for the second of a pair first, it rebuilds the first on the way and
        hands it over from its cache: about a fifth less of git's time.

        ``told()`` is called (from the reader thread) after each answer is read."""
        filters = ["--filters"] if path is not None else []
        limit = ["-c", f"core.deltaBaseCacheLimit={base_cache}"] if base_cache else []
        self.path = f" {path}".encode() if path is not None else b""
        self.wanted = list(wanted)
        self.taken = 0
        self._told = told
        #: The blobs in the order git is asked for them, a group at a time.
        step = 2 if newer_first else 1
        self.groups = [self.wanted[i : i + step][::-1] for i in range(0, len(self.wanted), step)]
        spare = max(spare, step)  # a pair is read whole before the first of it is handed over
        #: Buffers the reader may fill (None: stop); what it read, in order.
        self._free: queue.SimpleQueue[bytearray | None] = queue.SimpleQueue()
        self._ready: queue.SimpleQueue[_Answer] = queue.SimpleQueue()
        for _ in range(max(spare, 1)):
            self._free.put(bytearray())
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
        self._feeder = threading.Thread(target=self._feed, daemon=True)
        self._reader = threading.Thread(target=self._read_all, daemon=True)
        self._feeder.start()
        self._reader.start()

    def _feed(self) -> None:
        assert self.proc.stdin is not None
        try:
            path = self.path
            asked = (blob for group in self.groups for blob in group)
            self.proc.stdin.write(b"".join(blob.encode() + path + b"\n" for blob in asked))
            self.proc.stdin.close()
        except (BrokenPipeError, OSError, ValueError):  # git ended, or we closed it first
            pass

    def _read_all(self) -> None:
        """Each blob asked for, in order, into a free buffer (the reader thread)."""
        out = self.proc.stdout
        assert isinstance(out, io.BufferedReader)
        try:
            for at, group in enumerate(self.groups, 1):
                answers: list[tuple[bytearray, int | None]] = []
                for blob in group:
                    buffer = self._free.get()
                    if buffer is None:
                        return  # closed
                    answers.append((buffer, _read_one(out, blob, buffer)))
                if at == len(self.groups) and out.read(1):  # git ends after its last answer
                    raise GitError(f"git cat-file said more than it was asked (after {blob})")
                for answer in reversed(answers):
                    self._ready.put(answer)
                self._tell()
        except (OSError, ValueError) as exc:  # the pipe closed under us: only when closing
            self._ready.put(GitError(f"git cat-file could not be read: {exc}"))
            self._tell()
        except Exception as exc:  # a GitError, or a bug: raised to the caller, never a hang
            self._ready.put(exc)
            self._tell()

    def _tell(self) -> None:
        if self._told is not None:
            self._told()

    def ready(self) -> bool:
        """Whether :meth:`next` has its answer there (or no blob is left to ask for)."""
        return self.taken >= len(self.wanted) or not self._ready.empty()

    def next(self, blob: str, into: bytearray) -> memoryview | None:
        """The contents of ``blob`` (the next one asked for), or None when it is
        missing (a shallow clone, a pruned object) or not a SQLite file.

        The contents are in a buffer of the pool, which the caller keeps
        (``view.obj``) in exchange for ``into``, a buffer it no longer uses
        (not taken when None is returned); no view of ``into`` may be left."""
        if self.taken >= len(self.wanted) or self.wanted[self.taken] != blob:
            raise ValueError(f"{blob} is not the next blob asked of git")
        self.taken += 1
        answer = self._ready.get()
        if isinstance(answer, Exception):
            raise answer
        buffer, size = answer
        if size is None or size < len(_SQLITE_MAGIC) or not buffer.startswith(_SQLITE_MAGIC):
            self._free.put(buffer)
            return None
        self._free.put(into)
        return memoryview(buffer)[:size]

    def close(self) -> None:
        """Stop git (also before it answered everything) and the threads; reap it."""
        self._free.put(None)  # a reader waiting for a buffer stops
        if self.proc.poll() is None:
            self.proc.terminate()  # a reader inside a read sees the end of the pipe
        self.proc.wait()
        self._reader.join()
        self._feeder.join(timeout=5)
        if self.proc.stdout is not None:
            self.proc.stdout.close()


#: What the reader found for one blob: the buffer and the size of its contents
#: (None: missing, or not a blob), or why git's answer cannot be read.
_Answer = tuple[bytearray, "int | None"] | Exception
#: A header line longer than this is not one of git's.
_MAX_HEADER = 512


def _read_one(out: io.BufferedReader, blob: str, into: bytearray) -> int | None:
    """git's answer for ``blob`` read into ``into`` (grown as needed): the size of
    its contents, or None when git says it is missing (or not a blob)."""
    line = out.readline(_MAX_HEADER)
    header = line.split()
    if not line.endswith(b"\n") or not header or header[0] != blob.encode():
        shown = line.decode(errors="replace").strip()[:80] or "nothing"
        raise GitError(f"git cat-file answered {shown!r} when asked for {blob}")
    if len(header) == 2 and header[1] == b"missing":
        return None  # a shallow clone, a pruned object
    if len(header) != 3 or not header[2].isdigit():
        shown = line.decode(errors="replace").strip()[:80]
        raise GitError(f"git cat-file answered {shown!r} when asked for {blob}")
    size = int(header[2])
    if header[1] != b"blob":  # a submodule's commit, say: not a version of the file
        if len(out.read(size + 1)) != size + 1:
            raise GitError(f"git cat-file stopped inside {blob}")
        return None
    if len(into) < size:  # by a quarter at least: the next version is a little larger
        into.extend(bytes(max(size - len(into), size // 4)))
    with memoryview(into) as whole, whole[:size] as view:
        done = 0
        while done < size:
            got = out.readinto(view[done:])
            if not got:
                raise GitError(f"git cat-file stopped inside {blob} ({done} of {size} bytes)")
            done += got
    if out.read(1) != b"\n":
        raise GitError(f"git cat-file's answer for {blob} is not the {size} bytes it said")
    return size
