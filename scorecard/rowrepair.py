"""What ``scorecard check --fix`` and the merge driver do with bad rows (:mod:`scorecard.rows`).

A bad row is deleted with the rows that refer to it, in one transaction, except
where deleting would lose good data: a bad week row is repaired, a row whose
(valid) week or metric has no row gets one, and on a merge a row damaged on a
colleague's branch is put back as the base had it.
"""

from __future__ import annotations

from collections.abc import Iterable
from sqlite3 import Connection

import db
from db import catalog, dump
from scorecard.rowchecks import week
from scorecard.rows import KEYS, RULES, BadRow


def remove(conn: Connection, bad: Iterable[BadRow], *, restore_from: str | None = None) -> None:
    """Delete the bad rows (and the rows that refer to them), in one transaction.

    A week row is the parent of that week's data: a bad one is repaired, and a
    row whose (valid) week has no row gets one, rather than losing the data.
    With ``restore_from`` (an attached database: the merge's base), a bad row
    that database has is put back as it was there instead: a row damaged on a
    colleague's branch is then "not changed", never "deleted", by the merge.
    """
    from db import conflicts as dbc

    attached = {str(r[1]) for r in conn.execute("PRAGMA database_list")}
    with db.transaction(conn):
        for item in bad:
            if restore_from in attached and _restore(conn, item, str(restore_from)):
                continue
            if item.missing_week is not None:
                conn.execute(
                    "INSERT OR IGNORE INTO weeks (week, closed, updated_at) VALUES (?, 0, ?)",
                    [item.missing_week, _WEEK_DEFAULTS["updated_at"]],
                )
            elif item.missing_metric is not None:
                catalog.add_unknown(conn, item.missing_metric)
            elif item.table == "weeks" and week(item.primary_key[0]) is None:
                _repair_week(conn, item.primary_key[0])
            elif item.table == "conflicts":
                dbc.delete_conflict(conn, item.primary_key[0])
            else:
                dbc.delete_row(conn, item.table, list(item.primary_key))


def _restore(conn: Connection, item: BadRow, schema: str) -> bool:
    """Give ``item``'s row the values it has in ``schema``; False if it has none."""
    if item.table not in dump.tables(conn) or not item.primary_key:
        return False
    theirs = set(dump.columns(conn, item.table))
    there = conn.execute(f"PRAGMA {dump.quote(schema)}.table_info({dump.quote(item.table)})")
    columns = [dump.quote(str(r[1])) for r in there if r[1] in theirs]
    where = " AND ".join(f"{dump.quote(c)} = ?" for c in KEYS.get(item.table, ("id",)))
    source = f"{dump.quote(schema)}.{dump.quote(item.table)}"
    if (
        not columns
        or conn.execute(f"SELECT 1 FROM {source} WHERE {where}", item.primary_key).fetchone()
        is None
    ):
        return False
    listed = ", ".join(columns)
    conn.execute(
        f"UPDATE main.{dump.quote(item.table)} SET ({listed}) = "
        f"(SELECT {listed} FROM {source} WHERE {where}) WHERE {where}",
        [*item.primary_key, *item.primary_key],
    )
    return True


#: A week row is the parent of that week's values, commitments and notes: a bad
#: one is repaired (its bad fields emptied), never deleted with its children.
_WEEK_DEFAULTS = {
    "meeting_date": None,
    "rating": None,
    "closed": 0,
    "closed_at": None,
    "updated_at": "1970-01-01T00:00:00+00:00",
}


def _repair_week(conn: Connection, week_id: str) -> None:
    row = db.query_one(conn, "SELECT * FROM weeks WHERE week = ?", [week_id])
    if row is None:
        return
    fixes = {c: v for c, v in _WEEK_DEFAULTS.items() if RULES["weeks"][c](row.get(c)) is not None}
    if fixes:
        sets = ", ".join(f"{c} = ?" for c in fixes)
        conn.execute(f"UPDATE weeks SET {sets} WHERE week = ?", [*fixes.values(), week_id])
