"""Three-way merge of database files, row by row and field by field (as Dolt does).

For every row (by primary key) and every field: a change on one side is taken;
the same change on both sides is taken once; rows added on either side are
kept. A conflict is only where both sides changed the same field to different
values, or one side deleted a row that the other changed. Conflicted fields
keep our value (a deleted-vs-changed row keeps the changed row, so nothing is
lost) and are recorded in the ``conflicts`` table, to be resolved in the app.

Bookkeeping stamps (``updated_at``, who entered a value and when) never
conflict: when both sides changed them, the later stamp wins as a group.

Files of older schema versions are migrated on temporary copies first; the
result replaces OURS atomically (a temporary file, then ``os.replace``).

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
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from db import catalog, dump
from db import merge_rules as rules
from db.connection import DatabaseError, connect, translate

Row = dict[str, Any]
Key = tuple[Any, ...]

#: The largest input a merge reads (a ten-year workspace is about 4 MB).
MAX_BYTES = 256 * 1024 * 1024
#: Seconds a whole merge may take (a ten-year merge takes well under one).
TIME_LIMIT = 60.0

#: Per table, groups of bookkeeping columns; the first of each is an ISO time.
STAMPS: dict[str, tuple[tuple[str, ...], ...]] = {
    "weeks": (("updated_at",),),
    "metric_values": (("entered_at", "entered_by"),),
    "commitments": (("updated_at",),),
    "notes": (("updated_at",),),
    # an issue moved on both sides: the later move wins (docs/git.md)
    "issues": (("updated_at",), ("ranked_at", "rank")),
    # A mirror of scorecard.toml (db/catalog.py): the newer definition wins whole,
    # never a conflict; the next write brings it in step with the merged toml.
    "metrics": (("updated_at", *(c for c in catalog.COLUMNS if c != "key"), "active"),),
}


class _Absent:
    def __repr__(self) -> str:
        return "ABSENT"


ABSENT: Any = _Absent()
"""The base value of a field in a row that both sides added."""


@dataclass(frozen=True)
class Conflict:
    table: str
    key: Key
    column: str | None
    """None for a row deleted on one side and changed on the other."""
    base: Any
    ours: Any
    theirs: Any


def same(a: Any, b: Any) -> bool:
    """Equal and of the same type (1, 1.0 and True are three different values)."""
    if a is b:
        return True
    if type(a) is not type(b):
        return False
    return bool(a == b) or (isinstance(a, float) and a != a and b != b)


def same_row(a: Row | None, b: Row | None) -> bool:
    if a is None or b is None:
        return a is b
    return a.keys() == b.keys() and all(same(a[c], b[c]) for c in a)


def _merge_fields(
    table: str,
    key: Key,
    base: Row | None,
    ours: Row,
    theirs: Row,
    stamps: tuple[tuple[str, ...], ...],
) -> tuple[Row, list[Conflict]]:
    merged: Row = {}
    clashes: list[str] = []
    for col in ours:
        b = base.get(col, ABSENT) if base is not None else ABSENT
        o, t = ours[col], theirs.get(col)
        if same(o, t) or same(t, b):
            merged[col] = o
        elif same(o, b):
            merged[col] = t
        elif (first := rules.earliest(table, col, o, t)) is not None:
            merged[col] = o if str(o) == first else t
        else:
            merged[col] = o
            clashes.append(col)
    for group in stamps:
        if any(c in clashes for c in group):
            newer = theirs if str(theirs[group[0]] or "") > str(ours[group[0]] or "") else ours
            for col in group:
                merged[col] = newer[col]
            clashes = [c for c in clashes if c not in group]
    conflicts = [
        Conflict(
            table,
            key,
            col,
            None if base is None else base.get(col),
            ours[col],
            theirs[col],
        )
        for col in clashes
    ]
    return merged, conflicts


def merge_rows(
    table: str,
    base: Mapping[Key, Row],
    ours: Mapping[Key, Row],
    theirs: Mapping[Key, Row],
    stamps: tuple[tuple[str, ...], ...] = (),
) -> tuple[dict[Key, Row], list[Conflict]]:
    """Merge one table's rows (keyed by primary key). Pure: no I/O."""
    merged: dict[Key, Row] = {}
    conflicts: list[Conflict] = []
    for key in sorted({*base, *ours, *theirs}, key=repr):
        b, o, t = base.get(key), ours.get(key), theirs.get(key)
        if o is not None and t is not None:
            row, found = _merge_fields(table, key, b, o, t, stamps)
            merged[key] = row
            conflicts += found
        elif o is None and t is None:
            continue  # deleted on both sides (or never there)
        elif b is None:
            merged[key] = o if o is not None else t  # type: ignore[assignment]
        else:
            kept = o if o is not None else t
            assert kept is not None
            if same_row(kept, b):
                continue  # one side deleted it, the other left it alone
            merged[key] = kept
            conflicts.append(Conflict(table, key, None, b, o, t))
    return merged, conflicts


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


#: Every temporary file and folder of a merge starts so, then the merging process id.
SCRATCH_PREFIX = "scorecard-merge-"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists, owned by someone else
        return True
    return True


def clean_scratch(folder: Path) -> None:
    """Remove what merges that were killed left in ``folder`` (their process is gone)."""
    try:
        entries = list(Path(folder).glob(f"{SCRATCH_PREFIX}*"))
    except OSError:
        return
    for entry in entries:
        pid = entry.name.removeprefix(SCRATCH_PREFIX).split("-", 1)[0]
        if not pid.isdigit() or int(pid) == os.getpid() or _alive(int(pid)):
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)


def _scratch_for(ours: Path, scratch: Path | None) -> Path:
    """Where the merged file is built: ``scratch`` when ``os.replace`` can move it onto OURS."""
    if scratch is not None:
        try:
            if Path(scratch).is_dir() and Path(scratch).stat().st_dev == ours.parent.stat().st_dev:
                return Path(scratch)
        except OSError:
            pass
    return ours.parent


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
    :class:`DatabaseError` is raised. ``prepare(connection, side)`` is called
    on each side's checked and migrated copy before the merge reads it (the
    caller's row validation); it may delete rows from that copy.

    Temporary files go to ``scratch`` (the git directory, where ``git add``
    never looks) when it is on OURS's file system, else beside OURS; the
    copies of the other sides to the system's temporary folder. All are
    removed, and those of a merge that was killed are removed by the next.
    """
    ours = Path(ours)
    deadline = time.monotonic() + time_limit
    for name, path in (("base", base), ("ours", ours), ("theirs", theirs)):
        _check_size(path, name)
    folder = _scratch_for(ours, scratch)
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
            sides: dict[str, Path | None] = {"base": None}
            for name, path in (("base", base), ("theirs", theirs)):
                if name == "base" and _is_empty(path):
                    continue
                copy = Path(tmp) / f"{name}.db"
                shutil.copyfile(path, copy)
                # checks the schema, then migrates the copy to the newest one
                conn = connect(copy, label=name, deadline=deadline)
                try:
                    if prepare is not None:
                        prepare(conn, name)
                finally:
                    conn.close()
                sides[name] = copy
            conflicts = _write(out, sides["base"], sides["theirs"], now, deadline, prepare)
        os.replace(out, ours)
    except sqlite3.Error as exc:
        raise translate(exc, ours) from exc
    finally:
        for leftover in (out, Path(f"{out}-journal")):
            leftover.unlink(missing_ok=True)
    return conflicts


def _changed_keys(conn: sqlite3.Connection, table: str, pk: list[str], sides: list[str]) -> int:
    """Fill ``temp._keys`` with the keys of rows not identical on all sides; their count.

    Rows the same in BASE, OURS and THEIRS (nearly all of them, in a ten-year
    file) merge to themselves: only the others are read into Python. Each side
    is compared with BASE through the primary key index, values with their
    SQLite type, as :func:`same` does.
    """
    cols = dump.columns(conn, table)
    untyped = _untyped_columns(conn, table)
    name = dump.quote(table)
    keys = ", ".join(f"a.{dump.quote(c)}" for c in pk)
    on = " AND ".join(f"a.{dump.quote(c)} = b.{dump.quote(c)}" for c in pk)
    missing = f"b.{dump.quote(pk[0])} IS NULL"
    differs = " OR ".join(
        f"a.{q} IS NOT b.{q}" + (f" OR typeof(a.{q}) != typeof(b.{q})" if loose else "")
        for q, loose in ((dump.quote(c), c in untyped) for c in cols)
    )
    reference = "base" if "base" in sides else "theirs"
    parts = []
    for side in sides:
        if side == reference:
            continue
        for a, b in ((side, reference), (reference, side)):
            parts.append(
                f"SELECT {keys} FROM {a}.{name} AS a LEFT JOIN {b}.{name} AS b ON {on} "
                f"WHERE {missing}" + (f" OR {differs}" if a == side else "")
            )
    conn.execute("DROP TABLE IF EXISTS temp._keys")
    if not parts:  # only one side has the table: nothing to merge into it
        return 0
    conn.execute(f"CREATE TEMP TABLE _keys AS {' UNION '.join(parts)}")
    return int(conn.execute("SELECT COUNT(*) FROM temp._keys").fetchone()[0])


def _untyped_columns(conn: sqlite3.Connection, table: str) -> set[str]:
    """Columns of BLOB (or no) affinity, the only ones that can hold both 1 and 1.0.

    Elsewhere SQLite's affinity stores a number one way, so ``IS`` alone tells
    equal values apart as :func:`same` does (and ``typeof`` would double the cost).
    """
    untyped = set()
    for row in conn.execute(f"PRAGMA table_info({dump.quote(table)})"):
        declared = str(row[2] or "").upper()
        typed = any(
            word in declared for word in ("INT", "CHAR", "CLOB", "TEXT", "REAL", "FLOA", "DOUB")
        )
        if not typed and (not declared or "BLOB" in declared):
            untyped.add(row[1])
    return untyped


def _rows_at(conn: sqlite3.Connection, schema: str, table: str, pk: list[str]) -> dict[Key, Row]:
    """The rows of ``schema.table`` whose keys are in ``temp._keys``."""
    cols = dump.columns(conn, table)
    select = ", ".join(f"t.{dump.quote(c)}" for c in cols)
    on = " AND ".join(f"t.{dump.quote(c)} = k.{dump.quote(c)}" for c in pk)
    sql = f"SELECT {select} FROM {schema}.{dump.quote(table)} AS t JOIN temp._keys AS k ON {on}"
    found: dict[Key, Row] = {}
    for values in conn.execute(sql):
        row = dict(zip(cols, values, strict=True))
        found[tuple(row[c] for c in pk)] = row
    return found


def _has_key(conn: sqlite3.Connection, table: str) -> bool:
    return any(r[5] for r in conn.execute(f"PRAGMA table_info({dump.quote(table)})"))


def _tables_in(conn: sqlite3.Connection, schema: str) -> set[str]:
    return {
        r[0] for r in conn.execute(f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table'")
    }


def _write(
    out: Path,
    base: Path | None,
    theirs: Path | None,
    now: str,
    deadline: float | None = None,
    prepare: Any = None,
) -> list[Conflict]:
    conn = connect(out, label="ours", deadline=deadline)  # checked, then migrated
    try:
        if prepare is not None:
            prepare(conn, "ours")
        conn.execute("PRAGMA journal_mode = DELETE")
        attached = ["main"]
        for name, path in (("base", base), ("theirs", theirs)):
            if path is not None:
                conn.execute(f"ATTACH DATABASE ? AS {name}", [str(path)])
                attached.append(name)
        present = {schema: _tables_in(conn, schema) for schema in attached}
        every_side: dict[str, dict[str, dict[Key, Row]]] = {}
        current: dict[str, dict[Key, Row]] = {}
        merged: dict[str, dict[Key, Row]] = {}
        conflicts: list[Conflict] = []
        for table in dump.tables(conn):
            sides = [s for s in attached if table in present[s]]
            pk = dump.primary_key(conn, table)
            if not _has_key(conn, table):  # no key to narrow by: every row
                side_rows = {s: _all_rows(conn, s, table, pk) for s in sides}
            elif _changed_keys(conn, table, pk, sides) == 0:
                current[table], merged[table] = {}, {}
                continue
            else:
                side_rows = {s: _rows_at(conn, s, table, pk) for s in sides}
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
        conn.execute("DROP TABLE IF EXISTS temp._keys")
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


def _all_rows(conn: sqlite3.Connection, schema: str, table: str, pk: list[str]) -> dict[Key, Row]:
    cols = dump.columns(conn, table)
    found: dict[Key, Row] = {}
    for values in conn.execute(f"SELECT * FROM {schema}.{dump.quote(table)}"):
        row = dict(zip(cols, values, strict=True))
        found[tuple(row[c] for c in pk)] = row
    return found
