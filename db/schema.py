"""The schema, as a list of sqlite-utils migrations.

Each migration bumps ``PRAGMA user_version`` so that a file written by a newer
release is recognised (and refused) without reading any table.
Ids of rows that two people could create on two machines are random text,
never autoincrement, so that two branches can be merged row by row.

The SQL is plain text here; :func:`migrations` builds the sqlite-utils
``Migrations`` from it, importing sqlite-utils only when a file is created or
a migration is pending (most opens need neither: see ``db.connection``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database, Migrations

#: The name of our migration set in sqlite-utils' bookkeeping table.
MIGRATION_SET = "scorecard"
#: Where sqlite-utils records applied migrations (``Migrations.migrations_table``).
MIGRATIONS_TABLE = "_sqlite_migrations"

# The scripts keep the indentation they always had: SQLite stores each CREATE
# statement's text in sqlite_master, so it is part of every file's bytes.
_INITIAL = """
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

# Conflicts left by a three-way merge (``scorecard git merge``), to resolve in the app.
# ``row_key`` is the JSON array of the row's primary key; ``base``, ``ours`` and
# ``theirs`` are JSON values (for a row-level conflict, ``column`` is NULL and
# they hold the whole row as a JSON object, ``null`` where a side deleted it).
_CONFLICTS = """
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

# The database describes itself (docs/sql.md): the metric definitions of
# scorecard.toml mirrored in ``metrics`` (kept in step by every write,
# db/catalog.py; a metric removed from the toml keeps its row with active = 0,
# as its values still name it), and views answering the weekly questions in SQL.
# ``metric_status`` grades as scorecard/status.py does: the target stored with
# the value (else the metric's), a band of tolerance × |target| "at risk".
# Views are not tables: the dump, the merge and the row checks never see them.
# A later migration that rebuilds a table these views read must recreate them.
_METRICS_CATALOG = """
        CREATE TABLE metrics (
            key TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            area TEXT NOT NULL,
            owner TEXT NOT NULL,
            unit TEXT NOT NULL,
            direction TEXT NOT NULL,
            tolerance REAL NOT NULL,
            target REAL NOT NULL,
            min REAL,
            max REAL,
            decimals INTEGER,
            description TEXT NOT NULL DEFAULT '',
            position INTEGER,
            active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
            updated_at TEXT NOT NULL
        );
        CREATE VIEW metric_status AS
            SELECT week, metric, name, area, value, target,
                CASE
                    WHEN target IS NULL OR gap IS NULL THEN 'no data'
                    WHEN gap >= 0 THEN 'on track'
                    WHEN -gap <= abs(target) * tolerance THEN 'at risk'
                    ELSE 'off track'
                END AS status
            FROM (
                SELECT v.week, v.metric, m.name, m.area, v.value, m.tolerance,
                    coalesce(v.target, m.target) AS target,
                    CASE m.direction
                        WHEN 'lower' THEN coalesce(v.target, m.target) - v.value
                        ELSE v.value - coalesce(v.target, m.target)
                    END AS gap
                FROM metric_values AS v LEFT JOIN metrics AS m ON m.key = v.metric
            );
        CREATE VIEW say_do AS
            SELECT due_week AS week, team, owner,
                sum(status = 'done') AS done,
                sum(status = 'missed') AS missed,
                sum(status = 'carried') AS carried,
                sum(status = 'dropped') AS dropped
            FROM commitments
            WHERE status != 'open'
            GROUP BY due_week, team, owner;
        CREATE VIEW open_commitments AS
            SELECT id, text, owner, team, week_made, due_week, carried_from, created_at
            FROM commitments
            WHERE status = 'open';
        """

# Issues (the identify-discuss-solve loop). ``rank`` orders the open issues: a
# REAL so that moving one issue rewrites only its own row (the midpoint of its new
# neighbours), and ``ranked_at`` stamps it, so two clones re-ranking merge with
# the later move of each issue winning (db/merge.py STAMPS). ``source_kind`` and
# ``source_id`` name what it was raised from (a metric key, a commitment or a note
# id); no foreign key, as a note can be deleted and a metric renamed.
# ``issue_commitments`` links an issue to the commitments it was solved into;
# ``issue_events`` is its history, as ``commitment_events`` is for commitments.
_ISSUES = """
        CREATE TABLE issues (
            id TEXT PRIMARY KEY,
            text TEXT NOT NULL,
            raised_by TEXT NOT NULL,
            raised_in TEXT NOT NULL REFERENCES weeks(week),
            source_kind TEXT CHECK (source_kind IN ('metric', 'commitment', 'note')),
            source_id TEXT,
            owner TEXT,
            rank REAL NOT NULL,
            ranked_at TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'solved', 'dropped')),
            settled_in TEXT,
            resolution TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX issues_status_rank ON issues (status, rank);
        CREATE INDEX issues_raised_in ON issues (raised_in);
        CREATE TABLE issue_commitments (
            issue_id TEXT NOT NULL REFERENCES issues(id),
            commitment_id TEXT NOT NULL REFERENCES commitments(id),
            linked_at TEXT NOT NULL,
            PRIMARY KEY (issue_id, commitment_id)
        );
        CREATE INDEX issue_commitments_commitment ON issue_commitments (commitment_id);
        CREATE TABLE issue_events (
            id TEXT PRIMARY KEY,
            issue_id TEXT NOT NULL REFERENCES issues(id),
            seq INTEGER NOT NULL,
            action TEXT NOT NULL,
            week TEXT NOT NULL,
            detail TEXT,
            by TEXT,
            at TEXT NOT NULL
        );
        CREATE INDEX issue_events_issue ON issue_events (issue_id, seq);
        """

#: (name, SQL script) of every migration, oldest first; the n-th sets user_version n.
# Derived metrics and the funnel in the catalog: each metric's ``formula`` (NULL
# for a typed metric) and funnel ``stage`` (NULL: not a stage), as scorecard.toml
# says them; the next write fills them in (db/catalog.py).
_METRICS_FORMULA_STAGE = """
        ALTER TABLE metrics ADD COLUMN formula TEXT;
        ALTER TABLE metrics ADD COLUMN stage INTEGER;
        """

# Declared references (#18): a commitment's ``due_week`` names a ``weeks`` row, as
# ``week_made`` does; ``carried_from`` names the commitment it was carried from; a
# value's ``metric`` names its ``metrics`` row. Datasette and ``sqlite-utils``
# then show them as links. First the rows they will name: a week row for each due
# week that has none (an empty week), an inactive catalog row for a metric known
# only by its old values (it left the toml before the catalog existed: its name is
# its key, its area empty), and a ``carried_from`` naming no commitment is emptied.
# Stamps are fixed, so two clones migrating apart write the same rows.
# The constraints are added to the stored CREATE text in place (SQLite's
# "other kinds of table schema changes": constraints are not on-disk content;
# the data is not rewritten, and a column a user added is kept).
# ``_step`` bumps ``schema_version`` after a script that edits the schema.
_DECLARED_REFERENCES = """
        INSERT INTO weeks (week, closed, updated_at)
            SELECT DISTINCT due_week, 0, '1970-01-01T00:00:00+00:00' FROM commitments
            WHERE due_week GLOB '[0-9][0-9][0-9][0-9]-W[0-5][0-9]'
              AND due_week NOT IN (SELECT week FROM weeks);
        INSERT INTO metrics (key, name, area, owner, unit, direction, tolerance, target,
                             description, active, updated_at)
            SELECT DISTINCT metric, metric, '', 'shared', 'count', 'higher', 0, 0,
                   'known only by its values', 0, '1970-01-01T00:00:00+00:00'
            FROM metric_values
            WHERE typeof(metric) = 'text' AND length(metric) BETWEEN 1 AND 40
              AND metric GLOB '[a-z]*' AND metric NOT GLOB '*[^a-z0-9_-]*'
              AND metric NOT IN (SELECT key FROM metrics);
        UPDATE commitments SET carried_from = NULL
            WHERE carried_from NOT IN (SELECT id FROM commitments);
        PRAGMA writable_schema = ON;
        UPDATE sqlite_master
            SET sql = replace(sql, '
            metric TEXT NOT NULL,', '
            metric TEXT NOT NULL REFERENCES metrics(key),')
            WHERE type = 'table' AND name = 'metric_values';
        UPDATE sqlite_master
            SET sql = replace(replace(sql, '
            due_week TEXT NOT NULL,', '
            due_week TEXT NOT NULL REFERENCES weeks(week),'), '
            carried_from TEXT,', '
            carried_from TEXT REFERENCES commitments(id),')
            WHERE type = 'table' AND name = 'commitments';
        PRAGMA writable_schema = OFF;
        CREATE INDEX commitments_carried_from ON commitments (carried_from);
        """

# The target a derived metric is graded against each week (#17). A typed value
# keeps the target in force when it was entered; a derived metric has no value
# row to keep it in, so the week's first write of a value (and its close) pins
# each derived metric's target of the moment here: changing ``target`` in
# scorecard.toml re-grades only weeks not yet pinned, as for typed values.
# A week closed before this is pinned here with the target the catalog holds (the
# toml's at the last write), so upgrading changes no grade of the closed history;
# it is read from the file alone, so two clones migrating apart write the same rows.
_DERIVED_TARGETS = """
        CREATE TABLE derived_targets (
            week TEXT NOT NULL REFERENCES weeks(week),
            metric TEXT NOT NULL REFERENCES metrics(key),
            target REAL NOT NULL,
            PRIMARY KEY (week, metric)
        );
        INSERT INTO derived_targets (week, metric, target)
            SELECT DISTINCT w.week, m.key, m.target
            FROM weeks AS w
            JOIN metric_values AS v ON v.week = w.week
            JOIN metrics AS m ON m.formula IS NOT NULL AND m.active = 1
            WHERE w.closed = 1 AND typeof(m.target) IN ('integer', 'real');
        """

MIGRATIONS: tuple[tuple[str, str], ...] = (
    ("0001_initial", _INITIAL),
    ("0002_conflicts", _CONFLICTS),
    ("0004_metrics_catalog", _METRICS_CATALOG),
    # landed after 0004 (ecosystem): user_version 4
    ("0003_issues", _ISSUES),
    # goals (#17), landed fifth: user_version 5
    ("0007_metrics_formula_stage", _METRICS_FORMULA_STAGE),
    ("0008_declared_references", _DECLARED_REFERENCES),
    ("0009_derived_targets", _DERIVED_TARGETS),
)

#: The number of migrations; a file with a higher user_version is newer.
SCHEMA_VERSION = len(MIGRATIONS)


def _step(script: str, version: int) -> Callable[[Database], None]:
    def run(db: Database) -> None:
        db.executescript(script)
        if "writable_schema" in script:  # other connections must read the schema again
            cookie = db.execute("PRAGMA schema_version").fetchone()[0]
            db.execute(f"PRAGMA schema_version = {int(cookie) + 1}")
        db.execute(f"PRAGMA user_version = {version}")

    return run


@functools.cache
def migrations() -> Migrations:
    """The sqlite-utils migration set (imports sqlite-utils, ~50 ms: only when needed)."""
    from sqlite_utils import Migrations

    found = Migrations(MIGRATION_SET)
    for version, (name, script) in enumerate(MIGRATIONS, start=1):
        found(name=name)(_step(script, version))
    assert found.migrations_table == MIGRATIONS_TABLE
    return found
