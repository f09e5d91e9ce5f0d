"""Rows of the ``conflicts`` table that a merge left, and the writes that resolve them.

Callers run the writes inside ``db.transaction(db)``. Table and column names come
from the conflict rows (data), so every one is checked against the schema
before it goes into SQL.
"""

from __future__ import annotations

import json
from sqlite3 import Connection
from typing import Any

from db import dump
from db.connection import query, query_one

Row = dict[str, Any]


def all_conflicts(db: Connection) -> list[Row]:
    order = {t: i for i, t in enumerate(dump.TABLE_ORDER)}
    found = query(db, "SELECT * FROM conflicts ORDER BY created_at, id")
    return sorted(found, key=lambda r: (order.get(r["table_name"], 99), r["row_key"], r["id"]))


def conflicts_by_prefix(db: Connection, prefix: str, limit: int = 5) -> list[Row]:
    return query(
        db,
        "SELECT * FROM conflicts WHERE id >= ? AND id < ? ORDER BY id LIMIT ?",
        [prefix, prefix + "\U0010ffff", limit],
    )


def delete_conflict(db: Connection, conflict_id: str) -> None:
    db.execute("DELETE FROM conflicts WHERE id = ?", [conflict_id])


def _check_table(db: Connection, table: str) -> list[str]:
    if table not in dump.tables(db) or table == "conflicts":
        raise ValueError(f"no table {table!r} to resolve a conflict in")
    return dump.primary_key(db, table)


def _where(pk: list[str]) -> str:
    return " AND ".join(f"{dump.quote(c)} = ?" for c in pk)


def get_row(db: Connection, table: str, key: list[Any]) -> Row | None:
    pk = _check_table(db, table)
    sql = f"SELECT * FROM {dump.quote(table)} WHERE {_where(pk)}"
    return query_one(db, sql, key)


def set_fields(db: Connection, table: str, key: list[Any], fields: Row) -> bool:
    """Update fields of one row; False if the row no longer exists."""
    pk = _check_table(db, table)
    known = set(dump.columns(db, table))
    unknown = set(fields) - known
    if unknown:
        raise ValueError(f"table {table} has no column {', '.join(sorted(unknown))}")
    sets = ", ".join(f"{dump.quote(c)} = ?" for c in fields)
    cursor = db.execute(
        f"UPDATE {dump.quote(table)} SET {sets} WHERE {_where(pk)}", [*fields.values(), *key]
    )
    return bool(cursor.rowcount)


def put_row(db: Connection, table: str, row: Row) -> None:
    _check_table(db, table)
    known = dump.columns(db, table)
    values = [row.get(c) for c in known]
    cols = ", ".join(dump.quote(c) for c in known)
    marks = ", ".join("?" for _ in known)
    pk = dump.primary_key(db, table)
    updates = ", ".join(f"{dump.quote(c)} = excluded.{dump.quote(c)}" for c in known)
    conflict_target = ", ".join(dump.quote(c) for c in pk)
    db.execute(
        f"INSERT INTO {dump.quote(table)} ({cols}) VALUES ({marks}) "
        f"ON CONFLICT ({conflict_target}) DO UPDATE SET {updates}",
        values,
    )


def delete_row(db: Connection, table: str, key: list[Any]) -> None:
    """Delete one row and, first, the rows that refer to it (its history)."""
    pk = _check_table(db, table)
    row = get_row(db, table, key)
    if row is None:
        return
    for child in dump.tables(db):
        for fk in db.execute(f"PRAGMA foreign_key_list({dump.quote(child)})"):
            parent, from_col, to_col = fk[2], fk[3], fk[4] or pk[0]
            if parent != table:
                continue
            child_pk = dump.primary_key(db, child)
            refs = query(
                db,
                f"SELECT * FROM {dump.quote(child)} WHERE {dump.quote(from_col)} = ?",
                [row[to_col]],
            )
            for ref in refs:
                delete_row(db, child, [ref[c] for c in child_pk])
    db.execute(f"DELETE FROM {dump.quote(table)} WHERE {_where(pk)}", key)


def decode(value: str | None) -> Any:
    """A JSON cell of the conflicts table back to its value."""
    return None if value is None else json.loads(value)
