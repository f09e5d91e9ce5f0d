"""Queries returning plain rows (dicts). No domain rules live here.

Every write function expects to be called inside ``db.transaction(db)`` by the
caller, so that one user action is one transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from sqlite3 import Connection
from typing import Any

from db.connection import Row, query, query_one

# -- weeks -----------------------------------------------------------------


def get_week(db: Connection, week: str) -> Row | None:
    return query_one(db, "SELECT * FROM weeks WHERE week = ?", [week])


def ensure_week(db: Connection, week: str, now: str) -> None:
    db.execute(
        "INSERT INTO weeks (week, closed, updated_at) VALUES (?, 0, ?) ON CONFLICT DO NOTHING",
        [week, now],
    )


def ensure_weeks(db: Connection, weeks: Iterable[str], now: str) -> None:
    """A row for each of ``weeks`` (a commitment's week made and due week both name one),
    in one statement run for each."""
    db.executemany(
        "INSERT INTO weeks (week, closed, updated_at) VALUES (?, 0, ?) ON CONFLICT DO NOTHING",
        [(week, now) for week in dict.fromkeys(weeks)],
    )


def update_week(db: Connection, week: str, fields: Row) -> None:
    sets = ", ".join(f"{name} = ?" for name in fields)
    db.execute(f"UPDATE weeks SET {sets} WHERE week = ?", [*fields.values(), week])


def weeks_between(db: Connection, first: str, last: str) -> list[Row]:
    return query(db, "SELECT * FROM weeks WHERE week BETWEEN ? AND ? ORDER BY week", [first, last])


# -- metric values -----------------------------------------------------------


def get_value(db: Connection, week: str, metric: str) -> Row | None:
    return query_one(
        db, "SELECT * FROM metric_values WHERE week = ? AND metric = ?", [week, metric]
    )


UPSERT_VALUE = """
    INSERT INTO metric_values (week, metric, value, target, note, entered_by, entered_at)
    VALUES (:week, :metric, :value, :target, :note, :entered_by, :entered_at)
    ON CONFLICT (week, metric) DO UPDATE SET
        value = excluded.value, target = excluded.target, note = excluded.note,
        entered_by = excluded.entered_by, entered_at = excluded.entered_at
"""


def upsert_value(db: Connection, row: Row) -> None:
    db.execute(UPSERT_VALUE, row)


def upsert_values(db: Connection, rows: Iterable[Row]) -> None:
    """:func:`upsert_value` for many rows, in one statement run for each."""
    db.executemany(UPSERT_VALUE, rows)


def delete_value(db: Connection, week: str, metric: str) -> None:
    db.execute("DELETE FROM metric_values WHERE week = ? AND metric = ?", [week, metric])


def delete_values_of(db: Connection, metric: str) -> int:
    return db.execute("DELETE FROM metric_values WHERE metric = ?", [metric]).rowcount


def _by_week_and_metric(
    db: Connection, table: str, first: str, last: str, metrics: Iterable[str] | None
) -> list[Row]:
    """Rows of ``table`` (keyed by week and metric) in [first, last], of ``metrics``."""
    sql = f"SELECT * FROM {table} WHERE week BETWEEN ? AND ?"
    params: list[Any] = [first, last]
    if metrics is not None:
        keys = list(metrics)
        sql += f" AND metric IN ({', '.join('?' for _ in keys)})"
        params += keys
    return query(db, sql + " ORDER BY week, metric", params)


def values_between(
    db: Connection, first: str, last: str, metrics: Iterable[str] | None = None
) -> list[Row]:
    return _by_week_and_metric(db, "metric_values", first, last, metrics)


def pin_targets(db: Connection, week: str, targets: Iterable[tuple[str, float]]) -> None:
    """Record each ``(derived metric, target)`` for ``week`` unless one is recorded."""
    db.executemany(
        "INSERT INTO derived_targets (week, metric, target) VALUES (?, ?, ?)"
        " ON CONFLICT DO NOTHING",
        [(week, metric, target) for metric, target in targets],
    )


def targets_between(
    db: Connection, first: str, last: str, metrics: Iterable[str] | None = None
) -> list[Row]:
    """The derived metrics' recorded targets in [first, last]."""
    return _by_week_and_metric(db, "derived_targets", first, last, metrics)


# -- commitments ------------------------------------------------------------


def insert_commitment(db: Connection, row: Row) -> None:
    db.execute(
        """
        INSERT INTO commitments
            (id, text, owner, team, week_made, due_week, status, carried_from,
             created_at, updated_at)
        VALUES (:id, :text, :owner, :team, :week_made, :due_week, :status, :carried_from,
                :created_at, :updated_at)
        """,
        row,
    )


def update_commitment(db: Connection, commitment_id: str, fields: Row) -> None:
    sets = ", ".join(f"{name} = ?" for name in fields)
    db.execute(f"UPDATE commitments SET {sets} WHERE id = ?", [*fields.values(), commitment_id])


def commitments_by_prefix(db: Connection, prefix: str, limit: int = 5) -> list[Row]:
    # ids are lowercase hex: a range scan on the primary key, no LIKE escaping needed
    return query(
        db,
        "SELECT * FROM commitments WHERE id >= ? AND id < ? ORDER BY id LIMIT ?",
        [prefix, prefix + "\U0010ffff", limit],
    )


def get_commitment(db: Connection, commitment_id: str) -> Row | None:
    return query_one(db, "SELECT * FROM commitments WHERE id = ?", [commitment_id])


def successors_of(db: Connection, commitment_id: str) -> list[Row]:
    """Commitments carried over from ``commitment_id``."""
    return query(
        db,
        "SELECT * FROM commitments WHERE carried_from = ? ORDER BY created_at, id",
        [commitment_id],
    )


def delete_commitment(db: Connection, commitment_id: str) -> None:
    """A commitment and its history (a carry that was undone)."""
    db.execute("DELETE FROM commitment_events WHERE commitment_id = ?", [commitment_id])
    db.execute("DELETE FROM commitments WHERE id = ?", [commitment_id])


def commitments_on_review(db: Connection, week: str) -> list[Row]:
    """Commitments due in ``week``, and those due earlier that were not reviewed before it
    (of those made by ``week``: a row from elsewhere may say it fell due before it was made).

    A commitment is reviewed once its status is no longer ``open``. Its status
    at the start of ``week`` is that of its last status change made in an
    earlier week (by ``seq``), or, with no such change recorded, its status now.
    """
    # The last change before the week, looked up per commitment due by then
    # (an index search each), rather than every commitment's history grouped.
    return query(
        db,
        """SELECT c.* FROM commitments AS c
               WHERE c.week_made <= :week
                 AND (c.due_week = :week
                      OR (c.due_week < :week AND COALESCE(
                            (SELECT e.status FROM commitment_events AS e
                              WHERE e.commitment_id = c.id AND e.week < :week
                              ORDER BY e.seq DESC LIMIT 1),
                            c.status) = 'open'))
               ORDER BY c.due_week, c.created_at, c.id""",
        {"week": week},
    )


def commitments_made_in(db: Connection, week: str) -> list[Row]:
    return query(
        db, "SELECT * FROM commitments WHERE week_made = ? ORDER BY created_at, id", [week]
    )


def commitments_of_week(db: Connection, week: str) -> list[Row]:
    """On review in ``week`` (see :func:`commitments_on_review`) or made in it, oldest first."""
    rows = {r["id"]: r for r in commitments_on_review(db, week)}
    rows.update((r["id"], r) for r in commitments_made_in(db, week))
    return sorted(rows.values(), key=lambda r: (r["created_at"], r["id"]))


def open_commitments_as_of(db: Connection, week: str) -> list[Row]:
    """Open commitments made by ``week``, less those made in it and due later (not yet due)."""
    return query(
        db,
        """SELECT * FROM commitments
               WHERE status = 'open' AND week_made <= :week
                 AND (week_made < :week OR due_week <= :week)
               ORDER BY due_week, created_at, id""",
        {"week": week},
    )


def team_outcomes_by_week(db: Connection, first: str, last: str) -> list[Row]:
    """Counts of commitments due in [first, last] by due week, team and status."""
    return query(
        db,
        """SELECT due_week, team, status, COUNT(*) AS n FROM commitments
               WHERE due_week BETWEEN ? AND ?
               GROUP BY due_week, team, status ORDER BY due_week, team, status""",
        [first, last],
    )


def commitments_overlapping(
    db: Connection, first: str, last: str, columns: Sequence[str]
) -> list[tuple[Any, ...]]:
    """Commitments alive in [first, last]: made by ``last`` and due from ``first`` on,
    each the values of ``columns`` in that order (ten years are 5,000 rows: tuples,
    not dicts, which cost more than the query)."""
    if not all(c.isidentifier() for c in columns):
        raise ValueError(f"not column names: {columns!r}")
    names = ", ".join(f'"{c}"' for c in columns)
    return db.execute(
        f"""SELECT {names} FROM commitments WHERE due_week >= ? AND week_made <= ?
               ORDER BY due_week DESC, created_at DESC, id""",
        [first, last],
    ).fetchall()


def owner_outcomes(db: Connection, first: str, last: str) -> list[Row]:
    """Counts of commitments due in [first, last] by owner and status."""
    return query(
        db,
        """SELECT owner, status, COUNT(*) AS n FROM commitments
               WHERE due_week BETWEEN ? AND ? GROUP BY owner, status ORDER BY owner, status""",
        [first, last],
    )


def commitments_where(db: Connection, *, open_only: bool = False) -> list[Row]:
    where = "WHERE status = 'open'" if open_only else ""
    return query(db, f"SELECT * FROM commitments {where} ORDER BY due_week, created_at, id")


def team_outcomes(db: Connection, first: str, last: str) -> list[Row]:
    """Counts of commitments due in [first, last] by team and status."""
    return query(
        db,
        """SELECT team, status, COUNT(*) AS n FROM commitments
               WHERE due_week BETWEEN ? AND ? GROUP BY team, status ORDER BY team, status""",
        [first, last],
    )


def insert_event(db: Connection, row: Row) -> None:
    """Append a status change; ``seq`` orders a commitment's events."""
    db.execute(
        """INSERT INTO commitment_events (id, commitment_id, seq, status, week, by, at)
           VALUES (:id, :commitment_id,
                   (SELECT COALESCE(MAX(seq), 0) + 1 FROM commitment_events
                    WHERE commitment_id = :commitment_id),
                   :status, :week, :by, :at)""",
        row,
    )


def events_for(db: Connection, commitment_id: str) -> list[Row]:
    return query(
        db,
        "SELECT * FROM commitment_events WHERE commitment_id = ? ORDER BY seq, at, id",
        [commitment_id],
    )


def all_events(db: Connection) -> list[Row]:
    return query(db, "SELECT * FROM commitment_events ORDER BY at, commitment_id, seq, id")


# -- notes -------------------------------------------------------------------


def insert_note(db: Connection, row: Row) -> None:
    db.execute(
        """INSERT INTO notes (id, week, kind, author, text, created_at, updated_at)
           VALUES (:id, :week, :kind, :author, :text, :created_at, :updated_at)""",
        row,
    )


def update_note(db: Connection, note_id: str, fields: Row) -> None:
    sets = ", ".join(f"{name} = ?" for name in fields)
    db.execute(f"UPDATE notes SET {sets} WHERE id = ?", [*fields.values(), note_id])


def delete_note(db: Connection, note_id: str) -> None:
    db.execute("DELETE FROM notes WHERE id = ?", [note_id])


def notes_by_prefix(db: Connection, prefix: str, limit: int = 5) -> list[Row]:
    return query(
        db,
        "SELECT * FROM notes WHERE id >= ? AND id < ? ORDER BY id LIMIT ?",
        [prefix, prefix + "\U0010ffff", limit],
    )


def notes_for_week(db: Connection, week: str) -> list[Row]:
    return query(db, "SELECT * FROM notes WHERE week = ? ORDER BY created_at, id", [week])


def notes_between(db: Connection, first: str, last: str) -> list[Row]:
    return query(
        db,
        "SELECT * FROM notes WHERE week BETWEEN ? AND ? ORDER BY week, created_at, id",
        [first, last],
    )


def commitments_made_between(db: Connection, first: str, last: str) -> list[Row]:
    """Commitments made in [first, last] (export of a range of weeks)."""
    return query(
        db,
        """SELECT * FROM commitments WHERE week_made BETWEEN ? AND ?
               ORDER BY week_made, created_at, id""",
        [first, last],
    )


# -- merge conflicts (the rest is in db/conflicts.py) ---------------------------------


def value_counts(db: Connection, metrics: list[str]) -> list[tuple[str, int, str, str]]:
    """(metric, number of values, first week, last week) of each of ``metrics`` stored."""
    if not metrics:
        return []
    marks = ", ".join("?" for _ in metrics)
    rows = db.execute(
        f"SELECT metric, COUNT(*), MIN(week), MAX(week) FROM metric_values"
        f" WHERE metric IN ({marks}) GROUP BY metric ORDER BY metric",
        metrics,
    ).fetchall()
    return [(r[0], r[1], r[2], r[3]) for r in rows]


def count_conflicts(db: Connection) -> int:
    return int(db.execute("SELECT count(*) FROM conflicts").fetchone()[0])
