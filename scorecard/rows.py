"""Rows validated when read: what a stored row must be before it becomes a record.

A row may have been written by another tool or arrive through git from someone
else's branch, so it is checked where it becomes a domain record, with the
rules typed input has: types (a number where a number belongs), enums
(statuses, teams, note kinds), ISO week ids, times, id shapes and the same
length limits. A bad row is reported with its table and key and left out of
what is shown; it never reaches a sink raw and never ends in a traceback.

The same checks run over every table in ``scorecard check`` and over each
input of the merge driver before it merges.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from sqlite3 import Connection
from typing import Any

import db
from db import dump
from scorecard.enums import COMMITMENT_STATUSES, NOTE_KINDS, TEAMS
from scorecard.errors import ScorecardError
from scorecard.validation import MAX_NAME, MAX_SHORT_TEXT, MAX_TEXT
from scorecard.weeks import Week

_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_ID = re.compile(r"^[0-9a-f]{4,64}$")
_KEY = re.compile(r"^[a-z][a-z0-9_-]{0,39}$")
_COLUMN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
MAX_STAMP = 40
MAX_JSON = 1_000_000
#: The deepest JSON a conflict cell may nest (a row is one object of scalars).
MAX_JSON_DEPTH = 4

Check = Callable[[Any], str | None]


@dataclass(frozen=True, slots=True)
class BadRow:
    table: str
    key: str
    """The row's id (or week and metric), shortened, for people."""
    problem: str
    primary_key: tuple[Any, ...] = ()
    """The row's primary key values (to remove it)."""

    def line(self) -> str:
        return f"{self.table} {self.key}: {self.problem}; left out (see 'scorecard check')"


@functools.lru_cache(maxsize=4096)
def _week_problem(value: str) -> str | None:
    match = _WEEK.match(value)
    if match is None:
        return "is not an ISO week like 2026-W47"
    try:
        Week(int(match.group(1)), int(match.group(2)))
    except ScorecardError as exc:
        return str(exc)
    return None


def _show(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else f"'{value}'"
    return text if len(text) <= 40 else text[:39] + "…"


def week(value: Any) -> str | None:
    if not isinstance(value, str):
        return f"{_show(value)} is not a week id"
    problem = _week_problem(value) if len(value) <= 10 else "is not an ISO week like 2026-W47"
    return f"{_show(value)} {problem}" if problem else None


def stamp(value: Any) -> str | None:
    if not isinstance(value, str) or len(value) > MAX_STAMP:
        return f"{_show(value)} is not a time"
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return f"{_show(value)} is not an ISO time"
    return None


def day(value: Any) -> str | None:
    if not isinstance(value, str) or len(value) > 10:
        return f"{_show(value)} is not a date"
    try:
        date.fromisoformat(value)
    except ValueError:
        return f"{_show(value)} is not an ISO date"
    return None


def row_id(value: Any) -> str | None:
    if not isinstance(value, str) or _ID.match(value) is None:
        return f"{_show(value)} is not an id"
    return None


def text(max_len: int, *, single_line: bool = False) -> Check:
    def check(value: Any) -> str | None:
        if not isinstance(value, str):
            return f"{_show(value)} is not text"
        if len(value) > max_len:
            return f"has {len(value):,} characters, more than {max_len:,}"
        if not value.strip():
            return "is empty"
        if "\x00" in value:
            return "holds a NUL character"
        if single_line and ("\n" in value or "\r" in value):
            return "is not a single line"
        return None

    return check


def one_of(values: Iterable[str]) -> Check:
    allowed = tuple(values)

    def check(value: Any) -> str | None:
        return None if value in allowed else f"{_show(value)} is not one of {', '.join(allowed)}"

    return check


def number(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return f"{_show(value)} is not a number"
    if not math.isfinite(value):
        return f"{_show(value)} is not a finite number"
    return None


def whole(low: int, high: int) -> Check:
    def check(value: Any) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            return f"{_show(value)} is not a whole number from {low} to {high}"
        return None

    return check


def metric_key(value: Any) -> str | None:
    if not isinstance(value, str) or _KEY.match(value) is None:
        return f"{_show(value)} is not a metric key"
    return None


def column_name(value: Any) -> str | None:
    if not isinstance(value, str) or _COLUMN.match(value) is None:
        return f"{_show(value)} is not a column name"
    return None


def _depth(value: Any, limit: int) -> bool:
    """True if ``value`` nests no deeper than ``limit``."""
    if limit < 0:
        return False
    if isinstance(value, dict):
        return all(_depth(v, limit - 1) for v in value.values())
    if isinstance(value, list):
        return all(_depth(v, limit - 1) for v in value)
    return True


def json_cell(*, array: bool = False) -> Check:
    def check(value: Any) -> str | None:
        if not isinstance(value, str) or len(value) > MAX_JSON:
            return "is not a JSON value of at most 1 MB"
        if value.count("[") + value.count("{") > 10_000:
            return "is JSON nested too deeply"
        try:
            decoded = json.loads(value)
        except (ValueError, RecursionError):
            return "is not valid JSON"
        if not _depth(decoded, MAX_JSON_DEPTH):
            return "is JSON nested too deeply"
        if array and not isinstance(decoded, list):
            return "is not a JSON array"
        return None

    return check


def optional(check: Check) -> Check:
    def maybe(value: Any) -> str | None:
        return None if value is None else check(value)

    return maybe


#: Per table, per column: the check its value must pass.
RULES: dict[str, dict[str, Check]] = {
    "weeks": {
        "week": week,
        "meeting_date": optional(day),
        "rating": optional(whole(1, 10)),
        "closed": whole(0, 1),
        "closed_at": optional(stamp),
        "updated_at": stamp,
    },
    "metric_values": {
        "week": week,
        "metric": metric_key,
        "value": number,
        "target": optional(number),
        "note": optional(text(MAX_SHORT_TEXT)),
        "entered_by": optional(text(MAX_NAME, single_line=True)),
        "entered_at": stamp,
    },
    "commitments": {
        "id": row_id,
        "text": text(MAX_SHORT_TEXT),
        "owner": text(MAX_NAME, single_line=True),
        "team": one_of(TEAMS),
        "week_made": week,
        "due_week": week,
        "status": one_of(COMMITMENT_STATUSES),
        "carried_from": optional(row_id),
        "created_at": stamp,
        "updated_at": stamp,
    },
    "commitment_events": {
        "id": row_id,
        "commitment_id": row_id,
        "seq": whole(0, 2**31),
        "status": one_of(COMMITMENT_STATUSES),
        "week": week,
        "by": optional(text(MAX_NAME, single_line=True)),
        "at": stamp,
    },
    "notes": {
        "id": row_id,
        "week": week,
        "kind": one_of(NOTE_KINDS),
        "author": text(MAX_NAME, single_line=True),
        "text": text(MAX_TEXT),
        "created_at": stamp,
        "updated_at": stamp,
    },
    "conflicts": {
        "id": row_id,
        "table_name": one_of(
            ("weeks", "metric_values", "commitments", "commitment_events", "notes")
        ),
        "row_key": json_cell(array=True),
        "column_name": optional(column_name),
        "base": optional(json_cell()),
        "ours": optional(json_cell()),
        "theirs": optional(json_cell()),
        "created_at": stamp,
    },
}

#: The columns that name a row, per table.
KEYS: dict[str, tuple[str, ...]] = {
    "weeks": ("week",),
    "metric_values": ("week", "metric"),
}


def key_of(table: str, row: Mapping[str, Any]) -> str:
    parts = [row.get(c) for c in KEYS.get(table, ("id",))]
    shown = " ".join(str(p) for p in parts)
    if len(shown) == 32 and _ID.match(shown):
        return shown[:7]
    return shown if len(shown) <= 40 else shown[:39] + "…"


def problem(table: str, row: Mapping[str, Any]) -> BadRow | None:
    """What is wrong with ``row`` of ``table`` (the first problem), or None.

    Columns the table does not define (added by a user) are ignored; a table
    without rules (a user's own) has no problems.
    """
    rules = RULES.get(table)
    if rules is None:
        return None
    for column, check in rules.items():
        found = check(row.get(column))
        if found is not None:
            pk = tuple(row.get(c) for c in KEYS.get(table, ("id",)))
            return BadRow(table, key_of(table, row), f"{column} {found}", pk)
    return None


def split(
    table: str, rows: Iterable[Mapping[str, Any]]
) -> tuple[list[Mapping[str, Any]], list[BadRow]]:
    """The good rows of ``rows`` (in order) and the bad ones."""
    good: list[Mapping[str, Any]] = []
    bad: list[BadRow] = []
    for row in rows:
        found = problem(table, row)
        if found is None:
            good.append(row)
        else:
            bad.append(found)
    return good, bad


def scan_connection(conn: Connection) -> list[BadRow]:
    """Every bad row in every table of ours in the database (``scorecard check``,
    each input of the merge driver)."""
    present = set(dump.tables(conn))
    found: list[BadRow] = []
    for table in RULES:
        if table in present:
            found += [bad for row in dump.rows(conn, table) if (bad := problem(table, row))]
    return found


def remove(conn: Connection, bad: Iterable[BadRow]) -> None:
    """Delete the bad rows (and the rows that refer to them), in one transaction."""
    from db import conflicts as dbc

    with db.transaction(conn):
        for item in bad:
            if item.table == "weeks" and week(item.primary_key[0]) is None:
                _repair_week(conn, item.primary_key[0])
            elif item.table == "conflicts":
                dbc.delete_conflict(conn, item.primary_key[0])
            else:
                dbc.delete_row(conn, item.table, list(item.primary_key))


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
