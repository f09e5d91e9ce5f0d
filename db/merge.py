"""Three-way merge of database files, row by row and field by field (as Dolt does).

The cell merge is :mod:`db.merge_cells` (a change on one side is taken; a
conflict only where both sides changed the same field differently, or one
deleted what the other changed), the rules beyond cells :mod:`db.merge_rules`.
This module runs them on files: conflicts are recorded in the ``conflicts``
table, to be resolved in the app.

Files of older schema versions are migrated on temporary copies first; the
result replaces OURS atomically (a temporary file, then ``os.replace``;
:mod:`db.merge_scratch` keeps and cleans the temporary files). Only rows that
are not the same on every side are read (:mod:`db.merge_sides`).

The inputs come from other people's branches: each is refused if larger than
:data:`MAX_BYTES`, its schema is checked (``db.boundary``) before any
statement reads it or migrates it, and every statement of the merge runs
under one deadline (:data:`TIME_LIMIT` seconds, SQLite's progress handler).
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from db import dump
from db import merge_rules as rules
from db import merge_sides as sides_of
from db.connection import DatabaseError, connect, translate
from db.merge_cells import ABSENT, STAMPS, Conflict, Key, Row, merge_rows, same, same_row
from db.merge_scratch import SCRATCH_PREFIX, clean_scratch, scratch_for

__all__ = [
    "ABSENT",
    "MAX_BYTES",
    "SCRATCH_PREFIX",
    "STAMPS",
    "TIME_LIMIT",
    "Conflict",
    "clean_scratch",
    "merge_files",
    "merge_rows",
    "same",
    "same_row",
]

#: The largest input a merge reads (a ten-year workspace is about 7 MB).
MAX_BYTES = 256 * 1024 * 1024
#: Seconds a whole merge may take (a ten-year merge takes well under one).
TIME_LIMIT = 60.0


def _is_empty(path: Path) -> bool:
    """Git passes an empty BASE when both sides added the file."""
    return Path(path).stat().st_size == 0


def _check_size(path: Path, name: str) -> None:
    size = Path(path).stat().st_size
    if size > MAX_BYTES:
        raise DatabaseError(
            f"{name} is {size:,} bytes, more than a scorecard database may be "
            f"({MAX_BYTES:,}); not merged"
        )


# -- files ------------------------------------------------------------------------


def _json(value: Any) -> str:
    if isinstance(value, bytes):
        value = {"hex": value.hex()}
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _conflict_row(conflict: Conflict, now: str) -> Row:
    return {
        "id": uuid.uuid4().hex,
        "table_name": conflict.table,
        "row_key": _json(list(conflict.key)),
        "column_name": conflict.column,
        "base": _json(conflict.base),
        "ours": _json(conflict.ours),
        "theirs": _json(conflict.theirs),
        "created_at": now,
    }


def _apply(
    conn: sqlite3.Connection,
    current: dict[str, dict[Key, Row]],
    merged: dict[str, dict[Key, Row]],
) -> None:
    """Turn ``current`` (OURS) into ``merged`` with the fewest row writes."""
    order = list(merged)
    for table in reversed(order):  # children first
        pk = dump.primary_key(conn, table)
        where = " AND ".join(f"{dump.quote(c)} = ?" for c in pk)
        for key in current.get(table, {}):
            if key not in merged[table]:
                conn.execute(f"DELETE FROM {dump.quote(table)} WHERE {where}", list(key))
    for table in order:  # parents first
        have = current.get(table, {})
        pk = dump.primary_key(conn, table)
        where = " AND ".join(f"{dump.quote(c)} = ?" for c in pk)
        for key, row in merged[table].items():
            before = have.get(key)
            if same_row(before, row):
                continue
            if before is not None:
                changed = {c: v for c, v in row.items() if not same(before.get(c), v)}
                sets = ", ".join(f"{dump.quote(c)} = ?" for c in changed)
                conn.execute(
                    f"UPDATE {dump.quote(table)} SET {sets} WHERE {where}",
                    [*changed.values(), *key],
                )
                continue
            cols = ", ".join(dump.quote(c) for c in row)
            marks = ", ".join("?" for _ in row)
            conn.execute(
                f"INSERT INTO {dump.quote(table)} ({cols}) VALUES ({marks})", list(row.values())
            )


def merge_files(
    base: Path,
    ours: Path,
    theirs: Path,
    now: str,
    *,
    scratch: Path | None = None,
    time_limit: float = TIME_LIMIT,
    prepare: Any = None,
) -> list[Conflict]:
    """Merge THEIRS into OURS against BASE; OURS is replaced atomically.

    ``now`` stamps the conflicts recorded. Returns the conflicts (also stored
    in OURS's ``conflicts`` table). On any error OURS is left untouched and a
    :class:`DatabaseError` is raised. ``prepare(connection, side, keys)`` is
    called on each side's checked and migrated copy (``base``, ``theirs``, then
    ``ours``) before the merge reads it: the caller's row validation. ``keys``
    (:data:`db.merge_sides.Differing`) names, per table, the rows that are not
    the same on every side, the only ones the merge can take from one side
    rather than another: validating those is enough (a row the same
    everywhere merges to itself). It may delete or change rows of BASE and
    THEIRS; when THEIRS is prepared, the prepared BASE is attached to it as
    ``base`` (to put back the base's version of a row THEIRS damaged).

    Temporary files go to ``scratch`` (the git directory, where ``git add``
    never looks) when it is on OURS's file system, else beside OURS; the
    copies of the other sides to the system's temporary folder. All are
    removed, and those of a merge that was killed are removed by the next.
    """
    ours = Path(ours)
    deadline = time.monotonic() + time_limit
    for name, path in (("base", base), ("ours", ours), ("theirs", theirs)):
        _check_size(path, name)
    folder = scratch_for(ours, scratch)
    clean_scratch(folder)
    clean_scratch(Path(tempfile.gettempdir()))
    prefix = f"{SCRATCH_PREFIX}{os.getpid()}-"
    fd, out_name = tempfile.mkstemp(prefix=prefix, suffix=".db", dir=folder)
    os.close(fd)
    out = Path(out_name)
    try:
        shutil.copyfile(ours, out)
        shutil.copymode(ours, out)  # the merged file keeps the permissions of ours
        with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
            sides: dict[str, Path | None] = {"base": None, "theirs": None}
            for name, path in (("base", base), ("theirs", theirs)):
                if name == "base" and _is_empty(path):
                    continue
                copy = Path(tmp) / f"{name}.db"
                shutil.copyfile(path, copy)
                sides[name] = copy
            conflicts = _write(out, sides["base"], sides["theirs"], now, deadline, prepare)
        os.replace(out, ours)
    except sqlite3.Error as exc:
        raise translate(exc, ours) from exc
    finally:
        for leftover in (out, Path(f"{out}-journal")):
            leftover.unlink(missing_ok=True)
    return conflicts


def _open_sides(
    out: Path, base: Path | None, theirs: Path | None, deadline: float | None
) -> dict[str, sqlite3.Connection]:
    """Each side checked, then migrated to the newest schema: base, theirs, ours (``out``)."""
    opened: dict[str, sqlite3.Connection] = {}
    try:
        for name, path in (("base", base), ("theirs", theirs), ("ours", out)):
            if path is not None:
                opened[name] = connect(path, label=name, deadline=deadline)
    except BaseException:
        for conn in opened.values():
            conn.close()
        raise
    return opened


def _prepare(
    prepare: Any,
    opened: dict[str, sqlite3.Connection],
    base: Path | None,
    keys: sides_of.Differing,
) -> bool:
    """Run the caller's ``prepare`` on each side (see :func:`merge_files`);
    True if it changed BASE or THEIRS."""
    changed = False
    for name in ("base", "theirs", "ours"):
        conn = opened.get(name)
        if conn is None:
            continue
        if name == "theirs" and base is not None:
            conn.execute("ATTACH DATABASE ? AS base", [str(base)])
        before = conn.total_changes
        prepare(conn, name, keys)
        changed = changed or (name != "ours" and conn.total_changes != before)
    return changed


def _write(
    out: Path,
    base: Path | None,
    theirs: Path | None,
    now: str,
    deadline: float | None = None,
    prepare: Any = None,
) -> list[Conflict]:
    opened = _open_sides(out, base, theirs, deadline)
    conn = opened.pop("ours")
    try:
        conn.execute("PRAGMA journal_mode = DELETE")
        attached = ["main"]
        for name, path in (("base", base), ("theirs", theirs)):
            if path is not None:
                conn.execute(f"ATTACH DATABASE ? AS {name}", [str(path)])
                attached.append(name)
        keys = sides_of.differing(conn, attached)
        if prepare is not None and _prepare(prepare, {**opened, "ours": conn}, base, keys):
            keys = sides_of.differing(conn, attached)  # bad rows left out: compare again
        for side in opened.values():
            side.close()
        opened.clear()
        present = {schema: sides_of.tables_in(conn, schema) for schema in attached}
        every_side: dict[str, dict[str, dict[Key, Row]]] = {}
        current: dict[str, dict[Key, Row]] = {}
        merged: dict[str, dict[Key, Row]] = {}
        conflicts: list[Conflict] = []
        for table in dump.tables(conn):
            sides = [s for s in attached if table in present[s]]
            pk = dump.primary_key(conn, table)
            wanted = keys.get(table, [])
            if wanted is None:  # no key to narrow by: every row
                side_rows = {s: sides_of.all_rows(conn, s, table, pk) for s in sides}
            elif not wanted:
                current[table], merged[table] = {}, {}
                continue
            else:
                side_rows = {s: sides_of.rows_at(conn, s, table, pk, wanted) for s in sides}
            current[table] = side_rows.get("main", {})
            every_side[table] = side_rows
            rows, found = merge_rows(
                table,
                side_rows.get("base", {}),
                current[table],
                side_rows.get("theirs", {}),
                STAMPS.get(table, ()),
            )
            merged[table] = rows
            conflicts += found
        conflicts += _apply_rules(conn, every_side, merged, conflicts)
        for name in attached[1:]:
            conn.execute(f"DETACH DATABASE {name}")
        if conflicts and "conflicts" not in merged:
            raise DatabaseError(f"{out}: no conflicts table to record conflicts in")
        for conflict in conflicts:
            row = _conflict_row(conflict, now)
            merged["conflicts"][(row["id"],)] = row
        conn.execute("BEGIN")
        try:
            conn.execute("PRAGMA defer_foreign_keys = ON")
            _apply(conn, current, merged)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    finally:
        for side in opened.values():
            side.close()
        conn.close()
    return conflicts


def _apply_rules(
    conn: sqlite3.Connection,
    sides: dict[str, dict[str, dict[Key, Row]]],
    merged: dict[str, dict[Key, Row]],
    found: list[Conflict],
) -> list[Conflict]:
    """The rules beyond cells (:mod:`db.merge_rules`); returns the conflicts they add."""
    for table, (parent, _) in rules.HISTORIES.items():
        if table not in sides or not sides[table].get("theirs"):
            continue
        max_seq = {
            str(r[0]): int(r[1] or 0)
            for r in conn.execute(
                f"SELECT {dump.quote(parent)}, MAX(seq) FROM main.{dump.quote(table)} GROUP BY 1"
            )
        }
        merged[table] = rules.merge_events(table, merged[table], sides[table], max_seq)
    closed = rules.closed_on_one_side(sides.get("weeks", {}))
    if not closed:
        return []
    known = {(c.table, c.key) for c in found}
    added: list[Conflict] = []
    late_weeks: set[str] = set()
    for table in rules.WEEK_OF:
        table_sides = sides.get(table, {})
        for key, week in rules.late_edits(table, table_sides, closed):
            late_weeks.add(week)
            if (table, key) in known:
                continue  # already a conflict to settle
            rows = {side: table_sides.get(side, {}).get(key) for side in ("base", "main", "theirs")}
            added.append(Conflict(table, key, None, rows["base"], rows["main"], rows["theirs"]))
    weeks = sides.get("weeks", {})
    for week in sorted(late_weeks):
        key = (week,)
        flag = {s: bool((weeks.get(s, {}).get(key) or {}).get("closed")) for s in weeks}
        ours_row = weeks.get("main", {}).get(key)
        if ours_row is not None and key in merged.get("weeks", {}):
            # like every conflicted field, the flag keeps our value until resolved
            for col in ("closed", "closed_at"):
                merged["weeks"][key][col] = ours_row[col]
        added.append(
            Conflict(
                "weeks",
                key,
                "closed",
                int(flag.get("base", False)),
                int(flag.get("main", False)),
                int(flag.get("theirs", False)),
            )
        )
    return added
