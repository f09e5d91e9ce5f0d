"""``scorecard check [--fix]``: is the database file sound and ours? (like ``git fsck``)

Three passes, each reporting every problem it finds, one line each:

1. integrity: SQLite's ``integrity_check`` (a row that breaks a CHECK or NOT
   NULL constraint is not damage to the file: the rows pass names it);
2. schema: what :mod:`db.boundary` finds that is not as our migrations made it
   (triggers, shadowing views, changed tables, foreign unique indexes…);
3. rows: every stored row that fails :mod:`scorecard.rows` (the rows every
   command leaves out of what it shows), and every row whose foreign key
   names a row that is not there.

``--fix`` removes what is not ours: the schema objects first (a trigger must
not run while rows are removed), then the bad rows (a bad week row is
repaired instead, and a missing one added: it holds that week's data). Damage to the file itself is
not something to fix in place: restore it from git.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

import db
from db import boundary
from scorecard import rowrepair, rows


@dataclass
class Report:
    problems: list[str] = field(default_factory=list)
    fixed: list[str] = field(default_factory=list)
    rows_checked: int = 0


#: ``integrity_check`` lines about one row's value (written with the CHECK
#: constraints ignored, or by a tool that rebuilt the file): the rows pass names
#: the row itself, and ``--fix`` removes it. Anything else is damage to the file.
_ROW_LEVEL = ("CHECK constraint failed in ", "NULL value in ")


def _integrity(conn: sqlite3.Connection) -> list[str]:
    found = [str(r[0]) for r in conn.execute("PRAGMA integrity_check(100)")]
    return [] if found == ["ok"] else [f"integrity: {line}" for line in found]


def _damaged(lines: list[str]) -> bool:
    """Is the file itself damaged (not just a row that breaks a constraint)?"""
    return any(not line.removeprefix("integrity: ").startswith(_ROW_LEVEL) for line in lines)


def _unexplained(lines: list[str], bad: list[rows.BadRow]) -> list[str]:
    """The integrity lines about a table none of whose bad rows explain them."""
    tables = {b.table for b in bad}
    kept = []
    for line in lines:
        rest = line.removeprefix("integrity: ")
        for prefix in _ROW_LEVEL:
            if rest.startswith(prefix):
                rest = rest.removeprefix(prefix).split(".")[0]
                break
        else:
            rest = ""
        if rest not in tables:
            kept.append(line)
    return kept


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
    integrity = _integrity(conn)
    if _damaged(integrity):
        report.problems += integrity
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
        rowrepair.remove(conn, bad)
        report.fixed += [f"{_fixed(b)} {b.table} {b.key} ({b.problem})" for b in bad]
        integrity = _integrity(conn)
        schema = boundary.problems(conn)
        bad = rows.scan_connection(conn)
    report.problems += _unexplained(integrity, bad)
    report.problems += [p.line(db_path.name) for p in schema]
    report.problems += [f"{b.table} {b.key}: {b.problem}" for b in bad]
    present = set(db.dump.tables(conn))
    report.rows_checked = sum(
        int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
        for table in rows.RULES
        if table in present
    )


def _fixed(bad: rows.BadRow) -> str:
    if bad.missing_week is not None:
        return f"added week {bad.missing_week} for"
    if bad.missing_metric is not None:
        return f"added metric {bad.missing_metric} (known only by its values) for"
    return "repaired" if bad.table == "weeks" else "removed"
