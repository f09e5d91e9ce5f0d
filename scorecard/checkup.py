"""``scorecard check [--fix]``: is the database file sound and ours? (like ``git fsck``)

Three passes, each reporting every problem it finds, one line each:

1. integrity: SQLite's ``integrity_check`` and ``foreign_key_check``;
2. schema: what :mod:`db.boundary` finds that is not as our migrations made it
   (triggers, shadowing views, changed tables, foreign unique indexes…);
3. rows: every stored row that fails :mod:`scorecard.rows` (the rows every
   command leaves out of what it shows).

``--fix`` removes what is not ours: the schema objects first (a trigger must
not run while rows are removed), then the bad rows (a bad week row is
repaired instead: it holds that week's data). Damage to the file itself is
not something to fix in place: restore it from git.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

import db
from db import boundary
from scorecard import rows


@dataclass
class Report:
    problems: list[str] = field(default_factory=list)
    fixed: list[str] = field(default_factory=list)
    rows_checked: int = 0


def _integrity(conn: sqlite3.Connection) -> list[str]:
    found = [str(r[0]) for r in conn.execute("PRAGMA integrity_check(100)")]
    lines = [] if found == ["ok"] else [f"integrity: {line}" for line in found]
    for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check"):
        lines.append(f"foreign key: {table} row {rowid} refers to a missing {parent} row")
    return lines


def check(db_path: Path, *, fix: bool = False) -> Report:
    """Check (and with ``fix``, repair) the database at ``db_path``."""
    report = Report()
    try:
        conn = db.connect(db_path, migrate=False, check_schema=False)
    except db.DatabaseError as exc:
        report.problems.append(str(exc))
        return report
    try:
        _run(conn, db_path, report, fix)
    except sqlite3.Error as exc:
        report.problems.append(str(db.connection.translate(exc, db_path)))
    finally:
        conn.close()
    return report


def _run(conn: sqlite3.Connection, db_path: Path, report: Report, fix: bool) -> None:
    """The three passes, in place on ``report``."""
    report.problems += _integrity(conn)
    if any(p.startswith("integrity:") for p in report.problems):
        return  # a damaged file: its rows cannot be trusted to be read
    schema = boundary.problems(conn)
    bad = rows.scan_connection(conn)
    if fix:
        for problem in boundary.fix(conn, schema):
            report.fixed.append(
                f"removed {problem.name}"
                if not (problem.fix_sql or "").startswith("CREATE")
                else f"recreated {problem.name}"
            )
        rows.remove(conn, bad)
        report.fixed += [
            f"{'repaired' if b.table == 'weeks' else 'removed'} {b.table} {b.key} ({b.problem})"
            for b in bad
        ]
        schema = boundary.problems(conn)
        bad = rows.scan_connection(conn)
    report.problems += [p.line(db_path.name) for p in schema]
    report.problems += [f"{b.table} {b.key}: {b.problem}" for b in bad]
    report.rows_checked = sum(
        int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
        for table in rows.RULES
        if table in set(db.dump.tables(conn))
    )
