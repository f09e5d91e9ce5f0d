"""A long history read in two parts at once (``scorecard log --git``).

Rebuilding every version from git's deltas is most of the work, and one
``git cat-file`` does it on one core. With two cores, the older and the newer
part of the commits are each read by a git process of their own and compared
in turn (:func:`in_turn`), so git rebuilds versions for both at once; the
changes still come out oldest first. Where told which part has its next
version (``ready``), the one that has goes on: taken strictly in turn, a git
that was a moment slower held the other one up (its reader waited for a
free buffer while the caller waited for the slow one).

The parts hold about the same number of bytes, not of commits: a file that
grows week by week is four times larger at the end of ten years than after
one. ``git cat-file --batch-check`` tells every version's size without
rebuilding it, and whether it is stored whole (not as a delta): the newer
part starts, where it can, at a version stored whole, so its git process does
not first rebuild the versions before it from their deltas.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Generator, Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol, TypeVar

from scorecard import gitrun

#: Fewer commits than this are read by one git process (a second one would only start).
SPLIT_FROM = 4
#: How far from the middle (a share of the bytes) the newer part may start to
#: start at a version stored whole.
_LEEWAY = 0.1


class _Commit(Protocol):
    @property
    def before(self) -> str | None: ...
    @property
    def after(self) -> str | None: ...


C = TypeVar("C", bound=_Commit)
T = TypeVar("T")


#: What git says of a blob without rebuilding it: its size, and the blob it is
#: stored as a delta of (None: stored whole).
Stored = dict[str, tuple[int, "str | None"]]


def halves(root: Path, commits: list[C]) -> tuple[list[list[C]], Stored]:
    """``commits`` (oldest first) in two parts of about the same bytes to read, or
    in one (a short history, a single core, or git cannot tell the sizes); and
    what git said of their blobs (for :func:`base_cache`)."""
    if len(commits) < SPLIT_FROM or _cores() < 2:
        return [commits], {}
    blobs = [c.after or c.before for c in commits]
    known = _stored(root, [b for b in blobs if b is not None])
    if known is None:
        middle = len(commits) // 2
        return [commits[:middle], commits[middle:]], {}
    sizes = [known[b][0] if b in known else 0 for b in blobs]
    total, done = sum(sizes), 0
    best, best_off = 1, float("inf")
    whole: list[tuple[float, int]] = []
    for i in range(1, len(commits)):
        done += sizes[i - 1]
        off = abs(done / total - 0.5) if total else abs(i / len(commits) - 0.5)
        if off < best_off:
            best, best_off = i, off
        first = commits[i].before  # what the newer part reads first
        if off <= _LEEWAY and first in known and known[first][1] is None:
            whole.append((off, i))
    start = min(whole)[1] if whole else best
    return [commits[:start], commits[start:]], known


def base_cache(order: Sequence[str], known: Stored) -> int | None:
    """Bytes enough for git's delta base cache (``core.deltaBaseCacheLimit``) to
    read the blobs in ``order`` when each one stored as a delta is a delta of the
    blob read just before it (as ``git fast-import`` stores a file changed commit
    by commit): git then uses only the last two versions it rebuilt, and its
    default (96 MB) only costs page faults. None: keep git's default (a history
    whose deltas run the other way, as ``git gc`` packs them, needs it)."""
    if not order or any(b not in known for b in order):
        return None
    for before, blob in zip([None, *order], order, strict=False):
        base = known[blob][1]
        if base is not None and base != before:
            return None
    return max(3 * max(known[b][0] for b in order), 16 << 20)


def _stored(root: Path, blobs: Sequence[str]) -> Stored | None:
    """What git says of each blob (:data:`Stored`); None: git could not tell."""
    wanted = list(dict.fromkeys(blobs))
    found = gitrun.run(
        "cat-file", "--batch-check=%(objectname) %(objectsize) %(deltabase)",
        cwd=root, check=False, input_text="".join(f"{b}\n" for b in wanted),
    )  # fmt: skip
    if found.returncode != 0:
        return None
    known: Stored = {}
    for line in found.stdout.splitlines():
        fields = line.split()
        if len(fields) == 3 and fields[1].isdigit():
            known[fields[0]] = (int(fields[1]), None if set(fields[2]) == {"0"} else fields[2])
    return known


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not Linux
        return os.cpu_count() or 1


_END: Any = object()


class Arrivals:
    """Told (from any thread) each time a version arrives for any part: what
    :func:`in_turn` waits on when no part has its next version."""

    def __init__(self) -> None:
        self._told = threading.Condition()
        self.count = 0

    def arrived(self) -> None:
        with self._told:
            self.count += 1
            self._told.notify_all()

    def wait(self, seen: int) -> None:
        """Until an arrival after the ``seen``-th (or a moment: the caller looks again)."""
        with self._told:
            if self.count == seen:
                self._told.wait(_LOOK_AGAIN)


#: Seconds :func:`in_turn` waits for an arrival before it looks at the parts again.
_LOOK_AGAIN = 0.05


def in_turn(
    parts: list[Generator[T | None, None, None]],
    ready: Sequence[Callable[[], bool]] | None = None,
    arrivals: Arrivals | None = None,
) -> Iterator[T]:
    """What every part finds, the parts in order, each advanced one commit at a
    time (each reads its versions from a git process of its own). A part yields
    one step per commit (None: nothing found); what a later part finds is held
    until the parts before it are done.

    ``ready[i]()`` says whether part ``i``'s next step has what it reads (its
    next version is there): the oldest part that is ready is advanced; when
    none is, the next arrival is waited for (``arrivals``; without, the
    oldest part still going is advanced, waiting for its git). So no git
    waits for the caller while the caller waits for the other git. Without
    ``ready``, the parts are advanced in turn. The parts are closed
    at the end (their git processes stopped), also when the caller stops early."""
    held: list[list[T]] = [[] for _ in parts]
    done = [False] * len(parts)
    first = 0
    try:
        while first < len(parts):
            going = [i for i in range(first, len(parts)) if not done[i]]
            if ready is None:
                chosen = going
            else:
                seen = arrivals.count if arrivals is not None else 0
                found = next((i for i in going if ready[i]()), None)
                if found is None and arrivals is not None:
                    arrivals.wait(seen)
                    found = next((i for i in going if ready[i]()), None)
                    if found is None:
                        continue  # nothing yet: wait again (a part never stalls the others)
                chosen = [going[0] if found is None else found]
            for i in chosen:
                step = next(parts[i], _END)
                if step is _END:
                    done[i] = True
                elif step is not None:
                    held[i].append(step)
            while first < len(parts):
                yield from held[first]
                held[first] = []
                if not done[first]:
                    break
                first += 1
    finally:
        for part in parts:
            part.close()
