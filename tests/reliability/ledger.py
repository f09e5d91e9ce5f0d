"""What writer processes reported, and the check that the database agrees.

A :class:`Ledger` reads the ``try``/``done`` lines of one or more runs of
``writer.py`` and then proves, against the database file, that every write
reported done is there, that nothing is half-written, and that the file is
sound (``PRAGMA integrity_check``, foreign keys).
"""

from __future__ import annotations

import threading
from collections import Counter
from pathlib import Path
from typing import Any

import db
from tests import forkserver

WRITER = Path(__file__).with_name("writer.py")


class Writer:
    """``writer.py`` in a process of its own (a fork of tests/forkserver.py), its
    stdout and stderr each drained by a thread.

    Each pipe has exactly one reader: ``communicate()`` would read stdout a
    second time, racing the thread for lines (a flake under pytest-xdist).
    """

    def __init__(self, config: Path, start: int, count: int, seed: int, *extra: str):
        self.lines: list[str] = []
        self.errors: list[str] = []
        self.ready = threading.Event()
        self.proc = forkserver.spawn(
            [str(WRITER), str(config), str(start), str(count), str(seed), *extra],
            cwd=Path.cwd(),
            stdout=forkserver.PIPE,
            stderr=forkserver.PIPE,
        )
        self._threads = [
            threading.Thread(target=self._drain, daemon=True),
            threading.Thread(target=self._drain_errors, daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    def _drain(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))
            if line.startswith("done"):
                self.ready.set()
        self.ready.set()

    def _drain_errors(self) -> None:
        assert self.proc.stderr is not None
        self.errors.extend(self.proc.stderr)

    def wait(self, timeout: float) -> tuple[int, str]:
        """Exit code and stderr, once both pipes are fully read."""
        code = self.proc.wait(timeout)
        for thread in self._threads:
            thread.join(timeout)
        return code, "".join(self.errors)


class Ledger:
    """Runs fed one after another (``parallel=False``) are ordered by sequence
    number; parallel runs are not, so there the newest edit of a note shared
    between runs can be any run's last one."""

    def __init__(self, *, parallel: bool = False) -> None:
        self.parallel = parallel
        self.last_edits: dict[str, set[int]] = {}
        self.values: dict[tuple[str, str], int] = {}
        self.pending_values: dict[tuple[str, str], set[int]] = {}
        self.commits: dict[str, int] = {}
        self.status = Counter[tuple[str, str]]()
        self.carries: list[tuple[str, str]] = []
        self.notes: dict[str, int] = {}
        self.edits: dict[str, int] = {}
        self.pending_edits: dict[str, set[int]] = {}
        self.interrupted = 0
        self.done = 0

    def feed(self, lines: list[str]) -> None:
        """Record one run's output (the run may have been killed anywhere)."""
        tried: list[str] | None = None
        for line in lines:
            parts = line.split()
            if not parts or parts[0] not in ("try", "done"):
                continue
            if parts[0] == "try":
                tried = parts
                continue
            tried = None
            self.done += 1
            seq, op, args = int(parts[1]), parts[2], parts[3:]
            if op == "value":
                key = (args[0], args[1])
                self.values[key] = max(seq, self.values.get(key, seq))
            elif op == "commit":
                self.commits[args[0]] = seq
            elif op == "status":
                self.status[(args[0], args[1])] += 1
            elif op == "carry":
                self.carries.append((args[0], args[1]))
            elif op == "note":
                self.notes[args[0]] = seq
            elif op == "edit":
                self.edits[args[0]] = max(seq, self.edits.get(args[0], seq))
        run_edits: dict[str, int] = {}
        for line in lines:
            parts = line.split()
            if parts[:1] == ["done"] and parts[2] == "edit":
                run_edits[parts[3]] = int(parts[1])
        for nid, seq in run_edits.items():
            self.last_edits.setdefault(nid, set()).add(seq)
        if tried is not None:  # killed with this write in flight: it may or may not be there
            self.interrupted += 1
            seq, op, args = int(tried[1]), tried[2], tried[3:]
            if op == "value":
                self.pending_values.setdefault((args[0], args[1]), set()).add(seq)
            elif op == "edit":
                self.pending_edits.setdefault(args[0], set()).add(seq)

    def verify(self, db_path: Path) -> None:
        database = db.connect(db_path)  # rolls back a hot journal, as any user would
        try:
            check_sound(database)
            self._check_reported(database)
            check_whole(database)
        finally:
            database.close()

    def _check_reported(self, database: Any) -> None:
        rows = {
            (r["week"], r["metric"]): r for r in db.query(database, "SELECT * FROM metric_values")
        }
        for key, last in self.values.items():
            row = rows.get(key)
            assert row is not None, f"reported value {key}={last} is lost"
            allowed = {last} | {p for p in self.pending_values.get(key, set()) if p > last}
            assert int(row["value"]) in allowed, f"{key}: stored {row['value']}, reported {last}"
        for key in self.values.keys() | self.pending_values.keys():
            if key not in rows:
                continue
            row = rows[key]
            assert row["note"] == f"n{int(row['value'])}", f"half-written value {row}"
        commits = {r["id"]: r for r in db.query(database, "SELECT * FROM commitments")}
        events = Counter(
            (r["commitment_id"], r["status"])
            for r in db.query(database, "SELECT commitment_id, status FROM commitment_events")
        )
        for cid, seq in self.commits.items():
            assert cid in commits, f"reported commitment c{seq} ({cid}) is lost"
            assert commits[cid]["text"] == f"c{seq}"
            assert events[(cid, "open")] >= 1
        for (cid, status), times in self.status.items():
            # Parallel writers may both mark the same commitment with the same
            # status: the second review is a no-op (already so), not a lost write.
            expected = 1 if self.parallel else times
            assert events[(cid, status)] >= expected, f"status {status} of {cid} is lost"
        for old, new in self.carries:
            assert commits[old]["status"] == "carried", f"carried {old} is {commits[old]}"
            assert commits[new]["carried_from"] == old
        notes = {r["id"]: r["text"] for r in db.query(database, "SELECT id, text FROM notes")}
        for nid, seq in self.notes.items():
            assert nid in notes, f"reported note n{seq} ({nid}) is lost"
            if nid not in self.edits and nid not in self.pending_edits:
                assert notes[nid].split(" ")[0] == f"n{seq}", notes[nid][:20]
        for nid, last in self.edits.items():
            allowed = {last} | {p for p in self.pending_edits.get(nid, set()) if p > last}
            if self.parallel:
                allowed |= self.last_edits[nid] | self.pending_edits.get(nid, set())
            assert notes[nid] in {f"e{p}" for p in allowed}, f"edit of {nid} lost: {notes[nid]}"


def check_sound(database: Any) -> None:
    """The file is a sound SQLite database with every foreign key satisfied."""
    assert [tuple(r) for r in database.execute("PRAGMA integrity_check").fetchall()] == [("ok",)]
    assert database.execute("PRAGMA foreign_key_check").fetchall() == []


def check_whole(database: Any) -> None:
    """No commitment is half-written: its history and carry links agree with it."""
    commits = {r["id"]: r for r in db.query(database, "SELECT * FROM commitments")}
    history: dict[str, list[str]] = {}
    for r in db.query(
        database, "SELECT commitment_id, status FROM commitment_events ORDER BY rowid"
    ):
        history.setdefault(r["commitment_id"], []).append(r["status"])
    successors = Counter(r["carried_from"] for r in commits.values() if r["carried_from"])
    for cid, row in commits.items():
        seen = history.get(cid, [])
        assert seen and seen[0] == "open", f"commitment {cid} has no 'open' event: {seen}"
        assert seen[-1] == row["status"], f"commitment {cid} is {row['status']}, history {seen}"
        assert successors[cid] <= 1, f"{cid} was carried over {successors[cid]} times"
        if row["status"] == "carried":
            assert successors[cid] == 1, f"carried {cid} has no successor"
        if row["carried_from"]:
            assert commits[row["carried_from"]]["status"] == "carried"
    assert set(history) <= set(commits)
