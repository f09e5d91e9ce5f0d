"""Rows validated when read: what a stored row must be before it becomes a record.

A row may have been written by another tool or arrive through git from someone
else's branch, so it is checked where it becomes a domain record, with the
rules typed input has (:mod:`scorecard.rowchecks`): types (a number where a
number belongs), enums (statuses, teams, note kinds, issue actions), ISO week
ids, times, id shapes and the same length limits. A bad row is reported with
its table and key and left out of what is shown; it never reaches a sink raw
and never ends in a traceback.

The same checks run over every table in ``scorecard check`` and over each
input of the merge driver before it merges; there, a row that refers to a row
that is not there (a dangling foreign key) is bad too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from sqlite3 import Connection
from typing import Any, get_args

import db
from db import dump
from scorecard import formula as fx
from scorecard.enums import (
    ACTIONS,
    AREAS,
    COMMITMENT_STATUSES,
    ISSUE_STATES,
    MAX_CONFIG_BYTES,
    MAX_ISSUE_TEXT,
    MAX_NAME,
    MAX_RESOLUTION,
    MAX_SHORT_TEXT,
    MAX_TEXT,
    NOTE_KINDS,
    SOURCE_KINDS,
    TEAMS,
    Direction,
    Unit,
)
from scorecard.rowchecks import (
    ID,
    Check,
    between,
    column_name,
    day,
    json_cell,
    metric_key,
    number,
    one_of,
    optional,
    row_id,
    stamp,
    text,
    week,
    whole,
)


@dataclass(frozen=True, slots=True)
class BadRow:
    table: str
    key: str
    """The row's id (or week and metric), shortened, for people."""
    problem: str
    primary_key: tuple[Any, ...] = ()
    """The row's primary key values (to remove it)."""
    missing_week: str | None = None
    """For a row whose week has no ``weeks`` row: that week (``--fix`` adds it)."""
    missing_metric: str | None = None
    """For a value whose metric has no ``metrics`` row: that key (``--fix`` adds an
    inactive row for it, as the migration that declared the reference did)."""

    def line(self) -> str:
        return f"{self.table} {self.key}: {self.problem}; left out (see 'scorecard check')"


_NAME = text(MAX_NAME, single_line=True)

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
    # scorecard.toml's metrics as the last write mirrored them (db/catalog.py),
    # held to the config's own rules (scorecard/config.py)
    "metrics": {
        "key": metric_key,
        "name": text(2000),
        "area": one_of((*AREAS, "")),  # empty: known only by its values (db/catalog.py)
        "owner": one_of(TEAMS),
        "unit": one_of(get_args(Unit)),
        "direction": one_of(get_args(Direction)),
        "tolerance": between(0, 1),
        "target": number,
        "min": optional(number),
        "max": optional(number),
        "decimals": optional(whole(0, 6)),
        "description": text(MAX_CONFIG_BYTES, empty=True),
        "position": optional(whole(1, 2**31)),
        "formula": optional(text(fx.MAX_LENGTH)),
        "stage": optional(whole(1, 99)),
        "active": whole(0, 1),
        "updated_at": stamp,
    },
    "metric_values": {
        "week": week,
        "metric": metric_key,
        "value": number,
        "target": optional(number),
        "note": optional(text(MAX_SHORT_TEXT)),
        "entered_by": optional(_NAME),
        "entered_at": stamp,
    },
    "derived_targets": {
        "week": week,
        "metric": metric_key,
        "target": number,
    },
    "commitments": {
        "id": row_id,
        "text": text(MAX_SHORT_TEXT),
        "owner": _NAME,
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
        "by": optional(_NAME),
        "at": stamp,
    },
    "notes": {
        "id": row_id,
        "week": week,
        "kind": one_of(NOTE_KINDS),
        "author": _NAME,
        "text": text(MAX_TEXT),
        "created_at": stamp,
        "updated_at": stamp,
    },
    "issues": {
        "id": row_id,
        "text": text(MAX_ISSUE_TEXT),
        "raised_by": _NAME,
        "raised_in": week,
        "source_kind": optional(one_of(SOURCE_KINDS)),
        "source_id": optional(text(64, single_line=True)),  # its shape: _issue_source
        "owner": optional(_NAME),
        "rank": number,
        "ranked_at": stamp,
        "status": one_of(ISSUE_STATES),
        "settled_in": optional(week),
        "resolution": optional(text(MAX_RESOLUTION)),
        "created_at": stamp,
        "updated_at": stamp,
    },
    "issue_commitments": {
        "issue_id": row_id,
        "commitment_id": row_id,
        "linked_at": stamp,
    },
    "issue_events": {
        "id": row_id,
        "issue_id": row_id,
        "seq": whole(0, 2**31),
        "action": one_of(ACTIONS),
        "week": week,
        # the resolution, or what changed, and the ids of the commitments made
        "detail": optional(text(MAX_TEXT)),
        "by": optional(_NAME),
        "at": stamp,
    },
    "conflicts": {
        "id": row_id,
        "table_name": one_of(t for t in dump.TABLE_ORDER if t != "conflicts"),
        "row_key": json_cell(array=True),
        "column_name": optional(column_name),
        "base": optional(json_cell()),
        "ours": optional(json_cell()),
        "theirs": optional(json_cell()),
        "created_at": stamp,
    },
}


def _issue_source(row: Mapping[str, Any]) -> str | None:
    """An issue names what it was raised from by both fields or by neither: a
    metric by its key, a commitment or a note by its id."""
    kind, ref = row.get("source_kind"), row.get("source_id")
    if (kind is None) != (ref is None):
        return "source_kind and source_id are not both set (or both empty)"
    if kind is None:
        return None
    found = (metric_key if kind == "metric" else row_id)(ref)
    return None if found is None else f"source_id {found}"


#: Per table: checks of a row as a whole, after each of its fields passed.
ROW_RULES: dict[str, tuple[Callable[[Mapping[str, Any]], str | None], ...]] = {
    "issues": (_issue_source,),
}

#: The columns that name a row, per table (else ``id``).
KEYS: dict[str, tuple[str, ...]] = {
    "weeks": ("week",),
    "metrics": ("key",),
    "metric_values": ("week", "metric"),
    "derived_targets": ("week", "metric"),
    "issue_commitments": ("issue_id", "commitment_id"),
}


def _short(part: Any) -> str:
    shown = str(part)
    if len(shown) == 32 and ID.match(shown):
        return shown[:7]
    return shown


def key_of(table: str, row: Mapping[str, Any]) -> str:
    shown = " ".join(_short(row.get(c)) for c in KEYS.get(table, ("id",)))
    return shown if len(shown) <= 40 else shown[:39] + "…"


def _bad(table: str, row: Mapping[str, Any], found: str, **extra: Any) -> BadRow:
    pk = tuple(row.get(c) for c in KEYS.get(table, ("id",)))
    return BadRow(table, key_of(table, row), found, pk, **extra)


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
            return _bad(table, row, f"{column} {found}")
    for whole_row in ROW_RULES.get(table, ()):
        found = whole_row(row)
        if found is not None:
            return _bad(table, row, found)
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
    each input of the merge driver), then every row that refers to a row that
    is not there."""
    present = set(dump.tables(conn))
    found: list[BadRow] = []
    for table in RULES:
        if table in present:
            found += [bad for row in dump.rows(conn, table) if (bad := problem(table, row))]
    seen = {(b.table, b.primary_key) for b in found}
    return found + [d for d in dangling(conn, present) if (d.table, d.primary_key) not in seen]


def scan_keys(conn: Connection, keys: Mapping[str, list[tuple[Any, ...]] | None]) -> list[BadRow]:
    """The bad rows among those with these primary ``keys``, per table (None:
    every row of it), then those of them that refer to a row that is not there.

    What the merge driver validates of each input: the rows that are not the
    same on every side (:data:`db.merge_sides.Differing`), the only ones a
    merge can take from one side rather than another.
    """
    from db import merge_sides

    present = set(dump.tables(conn))
    found: list[BadRow] = []
    read: dict[str, list[Mapping[str, Any]]] = {}
    for table in RULES:
        if table not in present or table not in keys:
            continue
        wanted = keys[table]
        if wanted is None:
            read[table] = list(dump.rows(conn, table))
        elif wanted:
            pk = dump.primary_key(conn, table)
            read[table] = list(merge_sides.rows_at(conn, "main", table, pk, wanted).values())
        found += [bad for row in read.get(table, ()) if (bad := problem(table, row))]
    seen = {(b.table, b.primary_key) for b in found}
    return found + [d for d in _dangling_among(conn, read) if (d.table, d.primary_key) not in seen]


def _dangling_among(conn: Connection, read: Mapping[str, list[Mapping[str, Any]]]) -> list[BadRow]:
    """Which of these rows name, in a foreign key, a row that is not there
    (``PRAGMA foreign_key_check``'s rule, for these rows only)."""
    found: list[BadRow] = []
    there: dict[tuple[str, str, Any], bool] = {}
    for table, rows_read in read.items():
        keys: dict[int, list[tuple[str, str | None, str]]] = {}
        for fk in conn.execute(f"PRAGMA main.foreign_key_list({dump.quote(table)})"):
            keys.setdefault(fk[0], []).append((fk[3], fk[4], fk[2]))
        for parts in keys.values():
            if len(parts) != 1:
                continue  # none of ours has a key of several columns
            column, target, parent = parts[0]
            target = target or dump.primary_key(conn, parent)[0]
            for row in rows_read:
                value = row.get(column)
                if value is None:
                    continue
                probe = (parent, target, value)
                if probe not in there:
                    there[probe] = (
                        conn.execute(
                            f"SELECT 1 FROM main.{dump.quote(parent)} "
                            f"WHERE {dump.quote(target)} = ? LIMIT 1",
                            [value],
                        ).fetchone()
                        is not None
                    )
                if not there[probe]:
                    found.append(_dangling_row(table, row, column, parent, value))
    return found


def _dangling_row(
    table: str, row: Mapping[str, Any], column: str, parent: str, value: Any
) -> BadRow:
    missing = f"{column} {key_of(parent, {KEYS.get(parent, ('id',))[0]: value})}"
    return _bad(
        table,
        row,
        f"{missing} refers to no {parent} row",
        missing_week=value if parent == "weeks" and week(value) is None else None,
        missing_metric=value if parent == "metrics" and metric_key(value) is None else None,
    )


def dangling(conn: Connection, present: set[str]) -> list[BadRow]:
    """Rows of our tables whose foreign key names a row that is not there."""
    found: list[BadRow] = []
    columns: dict[tuple[str, int], str] = {}
    for table, rowid, parent, fk_id in conn.execute("PRAGMA main.foreign_key_check").fetchall():
        if table not in RULES or table not in present or rowid is None:
            continue
        if (table, fk_id) not in columns:
            for fk in conn.execute(f"PRAGMA foreign_key_list({dump.quote(table)})"):
                columns[(table, fk[0])] = fk[3]
        column = columns.get((table, fk_id))
        row = db.query_one(conn, f"SELECT * FROM {dump.quote(table)} WHERE rowid = ?", [rowid])
        if row is None or column is None:
            continue
        found.append(_dangling_row(table, row, column, parent, row.get(column)))
    return found
