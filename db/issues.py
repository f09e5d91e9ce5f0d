"""Queries of the issue tables (``issues``, ``issue_commitments``, ``issue_events``).

Plain rows (dicts), no domain rules; every write expects the caller's
transaction (``db.transaction``), as in ``db.queries``.
"""

from __future__ import annotations

from sqlite3 import Connection

from db.connection import Row, query, query_one

_COLUMNS = (
    "id, text, raised_by, raised_in, source_kind, source_id, owner, rank, ranked_at, "
    "status, settled_in, resolution, created_at, updated_at"
)


def insert_issue(db: Connection, row: Row) -> None:
    db.execute(
        f"""INSERT INTO issues ({_COLUMNS})
            VALUES (:id, :text, :raised_by, :raised_in, :source_kind, :source_id, :owner,
                    :rank, :ranked_at, :status, :settled_in, :resolution,
                    :created_at, :updated_at)""",
        row,
    )


def update_issue(db: Connection, issue_id: str, fields: Row) -> None:
    sets = ", ".join(f"{name} = ?" for name in fields)
    db.execute(f"UPDATE issues SET {sets} WHERE id = ?", [*fields.values(), issue_id])


def get_issue(db: Connection, issue_id: str) -> Row | None:
    return query_one(db, "SELECT * FROM issues WHERE id = ?", [issue_id])


def issues_by_prefix(db: Connection, prefix: str, limit: int = 5) -> list[Row]:
    # ids are lowercase hex: a range scan on the primary key, no LIKE escaping needed
    return query(
        db,
        "SELECT * FROM issues WHERE id >= ? AND id < ? ORDER BY id LIMIT ?",
        [prefix, prefix + "\U0010ffff", limit],
    )


def open_issues(db: Connection) -> list[Row]:
    """Open issues in rank order (ties, as after a merge, by id)."""
    return query(db, "SELECT * FROM issues WHERE status = 'open' ORDER BY rank, id")


def all_issues(db: Connection) -> list[Row]:
    return query(db, "SELECT * FROM issues ORDER BY raised_in, created_at, id")


def issues_touching(db: Connection, first: str, last: str) -> list[Row]:
    """Issues raised or settled in [first, last], or raised before and open at its end."""
    return query(
        db,
        """SELECT * FROM issues
           WHERE raised_in BETWEEN :first AND :last
              OR settled_in BETWEEN :first AND :last
              OR (raised_in < :first AND (status = 'open' OR settled_in > :last))
           ORDER BY raised_in, created_at, id""",
        {"first": first, "last": last},
    )


def link_commitment(db: Connection, issue_id: str, commitment_id: str, now: str) -> None:
    db.execute(
        """INSERT INTO issue_commitments (issue_id, commitment_id, linked_at)
           VALUES (?, ?, ?) ON CONFLICT DO NOTHING""",
        [issue_id, commitment_id, now],
    )


def links(db: Connection, issue_ids: list[str] | None = None) -> list[Row]:
    """(issue_id, commitment_id) links, of ``issue_ids`` or of every issue."""
    sql = "SELECT issue_id, commitment_id, linked_at FROM issue_commitments"
    params: list[str] = []
    if issue_ids is not None:
        if not issue_ids:
            return []
        sql += f" WHERE issue_id IN ({', '.join('?' for _ in issue_ids)})"
        params = list(issue_ids)
    return query(db, sql + " ORDER BY issue_id, linked_at, commitment_id", params)


def insert_event(db: Connection, row: Row) -> None:
    """Append a change; ``seq`` orders an issue's events."""
    db.execute(
        """INSERT INTO issue_events (id, issue_id, seq, action, week, detail, by, at)
           VALUES (:id, :issue_id,
                   (SELECT COALESCE(MAX(seq), 0) + 1 FROM issue_events
                    WHERE issue_id = :issue_id),
                   :action, :week, :detail, :by, :at)""",
        row,
    )


def events_for(db: Connection, issue_id: str) -> list[Row]:
    return query(
        db, "SELECT * FROM issue_events WHERE issue_id = ? ORDER BY seq, at, id", [issue_id]
    )


def all_events(db: Connection) -> list[Row]:
    return query(db, "SELECT * FROM issue_events ORDER BY at, issue_id, seq, id")


# -- what suggestions are made of --------------------------------------------------


def slipped_in(db: Connection, week: str) -> list[Row]:
    """Commitments marked missed or carried in ``week`` (and still so)."""
    return query(
        db,
        """SELECT DISTINCT c.* FROM commitments AS c
               JOIN commitment_events AS e ON e.commitment_id = c.id
           WHERE e.week = ? AND e.status IN ('missed', 'carried') AND c.status = e.status
           ORDER BY c.created_at, c.id""",
        [week],
    )


def carry_chain(db: Connection, commitment_id: str) -> list[Row]:
    """A commitment and every one it was carried from: (id, status), newest first."""
    return query(
        db,
        """WITH RECURSIVE chain (id, carried_from, status, depth) AS (
               SELECT id, carried_from, status, 0 FROM commitments WHERE id = ?
               UNION
               SELECT c.id, c.carried_from, c.status, chain.depth + 1
                 FROM commitments AS c JOIN chain ON c.id = chain.carried_from
                WHERE chain.depth < 1000
           )
           SELECT id, status FROM chain ORDER BY depth""",
        [commitment_id],
    )
