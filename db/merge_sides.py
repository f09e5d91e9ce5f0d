"""Reading the sides of a merge: only the rows that are not the same everywhere.

BASE and THEIRS are attached to OURS's connection (``base``, ``theirs``,
``main``). Rows identical on all sides (nearly all of them in a ten-year file)
merge to themselves, so SQLite finds the keys of the others
(:func:`changed_keys`, :func:`differing`) and only those rows are read into
Python (:func:`rows_at`). The merge driver's row validation reads the same
rows, of each side, and no others.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from db import dump

Row = dict[str, Any]
Key = tuple[Any, ...]


def changed_keys(
    conn: sqlite3.Connection, table: str, pk: list[str], sides: list[str]
) -> list[Key]:
    """The keys of ``table``'s rows that are not identical on all ``sides``, sorted.

    Rows the same in BASE, OURS and THEIRS (nearly all of them, in a ten-year
    file) merge to themselves: only the others are read into Python. Each side
    is compared with BASE (THEIRS when there is no base), values with their
    SQLite type, as :func:`db.merge_cells.same` does: a row is the same when
    the other file has it, every value equal, at the same rowid (one look-up:
    copies of one file keep their rowids) or else under the same key. BASE's
    rows missing from a side are looked for only when the counts say some are.
    """
    reference = "base" if "base" in sides else "theirs"
    others = [s for s in sides if s != reference]
    if not others:  # only one side has the table: nothing to merge into it
        return []
    cols = dump.columns(conn, table)
    untyped = _untyped_columns(conn, table)
    q = dump.quote
    name = q(table)
    keys = ", ".join(f"a.{q(c)}" for c in pk)
    same = " AND ".join(
        f"b.{q(c)} IS a.{q(c)}"
        + (f" AND typeof(b.{q(c)}) = typeof(a.{q(c)})" if c in untyped else "")
        for c in cols
    )
    by_key = " AND ".join(f"b.{q(c)} = a.{q(c)}" for c in pk)
    same_key = " AND ".join(f"b.{q(c)} IS a.{q(c)}" for c in pk)
    rowid = _has_rowid(conn, table)

    def kept_in(schema: str, match: str) -> str:
        """A row of ``a`` is in ``schema`` as ``match`` says: at its rowid, else by key."""
        other = f"{schema}.{name}"
        at_rowid = f"EXISTS (SELECT 1 FROM {other} AS b WHERE b.rowid = a.rowid AND {match}) OR "
        return (at_rowid if rowid else "") + (
            f"EXISTS (SELECT 1 FROM {other} AS b WHERE {by_key} AND {match})"
        )

    found: set[Key] = set()
    for side in others:
        sql = f"SELECT {keys} FROM {side}.{name} AS a WHERE NOT ({kept_in(reference, same)})"
        changed = [tuple(r) for r in conn.execute(sql)]
        found.update(changed)
        with_key = _count(conn, side, table) - len(changed)  # the side's rows the same in BASE
        with_key += len(rows_at(conn, reference, table, pk, changed))  # and those changed
        if _count(conn, reference, table) > with_key:  # BASE has rows this side deleted
            sql = (
                f"SELECT {keys} FROM {reference}.{name} AS a WHERE NOT ({kept_in(side, same_key)})"
            )
            found.update(tuple(r) for r in conn.execute(sql))
    return sorted(found, key=repr)


def _count(conn: sqlite3.Connection, schema: str, table: str) -> int:
    return int(conn.execute(f"SELECT count(*) FROM {schema}.{dump.quote(table)}").fetchone()[0])


def _has_rowid(conn: sqlite3.Connection, table: str) -> bool:
    """False for a ``WITHOUT ROWID`` table (``main``'s schema is every side's, migrated)."""
    try:
        conn.execute(f"SELECT rowid FROM main.{dump.quote(table)} LIMIT 0")
    except sqlite3.OperationalError:
        return False
    return True


Differing = dict[str, "list[Key] | None"]
"""Per table: the keys of the rows not the same on every side; None for a
table without a primary key (every row is read)."""


def differing(conn: sqlite3.Connection, attached: list[str]) -> Differing:
    """:func:`changed_keys` of every table of OURS (``main``), against the
    ``attached`` sides that have it."""
    present = {schema: tables_in(conn, schema) for schema in attached}
    found: Differing = {}
    for table in dump.tables(conn):
        sides = [s for s in attached if table in present[s]]
        if not has_key(conn, table):
            found[table] = None
        else:
            found[table] = changed_keys(conn, table, dump.primary_key(conn, table), sides)
    return found


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


#: Keys looked up in one statement (well under SQLite's limit on bound values).
_CHUNK = 500


def rows_at(
    conn: sqlite3.Connection, schema: str, table: str, pk: list[str], keys: list[Key]
) -> dict[Key, Row]:
    """The rows of ``schema.table`` with these primary ``keys`` (those it has).

    Reads only: the keys are bound values, never written to a table, so a
    connection's ``total_changes`` counts the caller's writes alone."""
    cols = dump.columns(conn, table)
    select = ", ".join(f"t.{dump.quote(c)}" for c in cols)
    names = [f"k{i}" for i in range(len(pk))]
    on = " AND ".join(f"t.{dump.quote(c)} = k.{n}" for c, n in zip(pk, names, strict=True))
    one = "(" + ", ".join("?" for _ in pk) + ")"
    found: dict[Key, Row] = {}
    for at in range(0, len(keys), _CHUNK):
        chunk = keys[at : at + _CHUNK]
        sql = (
            f"WITH k({', '.join(names)}) AS (VALUES {', '.join(one for _ in chunk)}) "
            f"SELECT {select} FROM k CROSS JOIN {dump.quote(schema)}.{dump.quote(table)} AS t "
            f"ON {on}"
        )
        for values in conn.execute(sql, [v for key in chunk for v in key]):
            row = dict(zip(cols, values, strict=True))
            found[tuple(row[c] for c in pk)] = row
    return found


def has_key(conn: sqlite3.Connection, table: str) -> bool:
    return any(r[5] for r in conn.execute(f"PRAGMA table_info({dump.quote(table)})"))


def tables_in(conn: sqlite3.Connection, schema: str) -> set[str]:
    return {
        r[0] for r in conn.execute(f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table'")
    }


def all_rows(conn: sqlite3.Connection, schema: str, table: str, pk: list[str]) -> dict[Key, Row]:
    cols = dump.columns(conn, table)
    found: dict[Key, Row] = {}
    for values in conn.execute(f"SELECT * FROM {schema}.{dump.quote(table)}"):
        row = dict(zip(cols, values, strict=True))
        found[tuple(row[c] for c in pk)] = row
    return found
