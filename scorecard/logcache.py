"""What ``scorecard log ID --git`` learnt about each commit, kept under ``.git``.

For one commitment, every version of the file has to be read once: git rebuilds
each from its deltas, which takes seconds over a ten-year history, however
little changed. What it learns does not depend on the commitment asked for: for
each pair of versions (a commit's blob and its first parent's), the ids of the
commitments whose rows may differ (:func:`scorecard.versions.changed_keys`, a
superset told from the pages). Kept here, a later ``log ID --git``, for any
commitment, reads only the versions around the commits that may have changed
it, and compares the rows in them as the first run did.

The cache only narrows which versions are read: what is shown always comes
from the versions themselves, read and checked as without it. It is a file of
this machine (``.git/scorecard/``, never committed or sent), keyed by blob ids
(which name the contents), so a rewritten history simply misses. It is checked
when read (its format version, its size, the shape of every entry; anything
else and it is ignored and rebuilt), written whole through a temporary file
(two processes at once: the last one's entries win, never a torn file), and
bounded (:data:`MAX_PAIRS` pairs, :data:`MAX_IDS` ids each).
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterable
from pathlib import Path

from scorecard.files import write_atomically

#: Bumped whenever what an entry means changes: an older file is ignored.
FORMAT = 1
NAME = f"log-commitments-v{FORMAT}.json"
#: Pairs kept; beyond it, those this run did not use are dropped first.
MAX_PAIRS = 20_000
#: A pair with more ids than this (a rewrite of the whole table) is not kept.
MAX_IDS = 2_000
#: A cache file larger than this is not read (MAX_PAIRS small pairs are far below it).
MAX_BYTES = 64 << 20

_KEY = re.compile(r"(?:[0-9a-f]{40}){2}|(?:[0-9a-f]{64}){2}")
_MAX_ID = 200


class ChangedIds:
    """Per pair of blob ids (before, after): the ids of the commitments that may differ."""

    def __init__(self, folder: Path | None):
        """``folder`` is where the file is (None: nothing kept, nothing written)."""
        self.path = folder / NAME if folder is not None else None
        self.pairs = _read(self.path) if self.path is not None else {}
        self.used: set[str] = set()
        self.added: dict[str, frozenset[str]] = {}

    def get(self, before: str, after: str) -> frozenset[str] | None:
        """The ids that may differ from ``before`` to ``after`` (None: not known)."""
        key = before + after
        found = self.pairs.get(key)
        if found is not None:
            self.used.add(key)
        return found

    def put(self, before: str, after: str, ids: Iterable[str]) -> None:
        kept = frozenset(ids)
        if len(kept) > MAX_IDS or any(not _valid_id(i) for i in kept):
            return
        key = before + after
        if _KEY.fullmatch(key):
            self.pairs[key] = self.added[key] = kept

    def save(self) -> None:
        """Write the pairs learnt (merged with what another process wrote meanwhile);
        a cache that cannot be written (a read-only repository) is not an error."""
        if self.path is None or not self.added:
            return
        merged = {**_read(self.path), **self.added}
        if len(merged) > MAX_PAIRS:
            mine = self.used | self.added.keys()
            first = sorted(merged, key=lambda k: k not in mine)  # stable: this run's first
            merged = {k: merged[k] for k in first[:MAX_PAIRS]}
        text = json.dumps(
            {"format": FORMAT, "pairs": {k: sorted(v) for k, v in merged.items()}},
            separators=(",", ":"),
        )
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(exist_ok=True)
            write_atomically(self.path, text, compare=False, clear_stale=False)
        self.added = {}


def _valid_id(value: object) -> bool:
    return isinstance(value, str) and 0 < len(value) <= _MAX_ID


def _read(path: Path) -> dict[str, frozenset[str]]:
    """The pairs in ``path``; none if it is missing, too large or not exactly as written."""
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError:
        return {}
    if len(data) > MAX_BYTES:
        return {}
    try:
        loaded = json.loads(data)
    except (ValueError, RecursionError):
        return {}
    if not isinstance(loaded, dict) or loaded.get("format") != FORMAT:
        return {}
    pairs = loaded.get("pairs")
    if not isinstance(pairs, dict) or len(pairs) > MAX_PAIRS:
        return {}
    found: dict[str, frozenset[str]] = {}
    for key, ids in pairs.items():
        if not _KEY.fullmatch(key) or not isinstance(ids, list) or len(ids) > MAX_IDS:
            return {}
        if not all(_valid_id(i) for i in ids):
            return {}
        found[key] = frozenset(ids)
    return found
