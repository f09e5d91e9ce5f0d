"""The schema, as a list of sqlite-utils migrations.

Each migration bumps ``PRAGMA user_version`` so that a file written by a newer
release is recognised (and refused) without reading any table.
Ids of rows that two people could create on two machines are random text,
never autoincrement, so that two branches can be merged row by row.
"""

from __future__ import annotations

from sqlite_utils import Database, Migrations

migrations = Migrations("scorecard")

#: The number of migrations below; a file with a higher user_version is newer.
SCHEMA_VERSION = 2


@migrations(name="0001_initial")
def _initial(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE weeks (
            week TEXT PRIMARY KEY,
            meeting_date TEXT,
            rating INTEGER CHECK (rating IS NULL OR rating BETWEEN 1 AND 10),
            closed INTEGER NOT NULL DEFAULT 0 CHECK (closed IN (0, 1)),
            closed_at TEXT,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE metric_values (
            week TEXT NOT NULL REFERENCES weeks(week),
            metric TEXT NOT NULL,
            value REAL NOT NULL,
            target REAL,
            note TEXT,
            entered_by TEXT,
            entered_at TEXT NOT NULL,
            PRIMARY KEY (week, metric)
        );
        CREATE INDEX metric_values_metric_week ON metric_values (metric, week);
        CREATE TABLE commitments (
            id TEXT PRIMARY KEY,
            text TEXT NOT NULL,
            owner TEXT NOT NULL,
            team TEXT NOT NULL,
            week_made TEXT NOT NULL REFERENCES weeks(week),
            due_week TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'open',
            carried_from TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX commitments_due_week ON commitments (due_week);
        CREATE INDEX commitments_week_made ON commitments (week_made);
        CREATE TABLE commitment_events (
            id TEXT PRIMARY KEY,
            commitment_id TEXT NOT NULL REFERENCES commitments(id),
            seq INTEGER NOT NULL,
            status TEXT NOT NULL,
            week TEXT NOT NULL,
            by TEXT,
            at TEXT NOT NULL
        );
        CREATE INDEX commitment_events_commitment ON commitment_events (commitment_id, seq);
        CREATE TABLE notes (
            id TEXT PRIMARY KEY,
            week TEXT NOT NULL REFERENCES weeks(week),
            kind TEXT NOT NULL,
            author TEXT NOT NULL,
            text TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX notes_week ON notes (week);
        """
    )
    db.execute("PRAGMA user_version = 1")


@migrations(name="0002_conflicts")
def _conflicts(db: Database) -> None:
    """Conflicts left by a three-way merge (``scorecard git merge``), to resolve in the app.

    ``row_key`` is the JSON array of the row's primary key; ``base``, ``ours`` and
    ``theirs`` are JSON values (for a row-level conflict, ``column`` is NULL and
    they hold the whole row as a JSON object, ``null`` where a side deleted it).
    """
    db.executescript(
        """
        CREATE TABLE conflicts (
            id TEXT PRIMARY KEY,
            table_name TEXT NOT NULL,
            row_key TEXT NOT NULL,
            column_name TEXT,
            base TEXT,
            ours TEXT,
            theirs TEXT,
            created_at TEXT NOT NULL
        );
        """
    )
    db.execute("PRAGMA user_version = 2")
