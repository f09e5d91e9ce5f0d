"""Merge conflicts left in the database by ``scorecard git merge``, and resolving them.

A field conflict keeps our value in the row until it is resolved; a row that
one side deleted and the other changed stays (changed) until resolved. The
:class:`~scorecard.workspace.Workspace` exposes :func:`list_all` and
:func:`resolve` as ``ws.conflicts()`` and ``ws.resolve_conflict()``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from db import conflicts as dbc
from db import merge as dbm
from db import queries as q
from scorecard.enums import COMMITMENT_STATUSES, NOTE_KINDS, TEAMS
from scorecard.errors import InvalidInput, StaleEdit
from scorecard.ids import find_by_prefix, new_id
from scorecard.models import SHORT_ID
from scorecard.numbers import check_finite, parse_number
from scorecard.weeks import Week

Choice = Literal["ours", "theirs", "value"]
_ALLOWED = {
    ("commitments", "status"): COMMITMENT_STATUSES,
    ("commitment_events", "status"): COMMITMENT_STATUSES,
    ("commitments", "team"): TEAMS,
    ("notes", "kind"): NOTE_KINDS,
}


@dataclass(frozen=True, slots=True)
class MergeConflict:
    id: str
    table: str
    key: tuple[Any, ...]
    column: str | None
    """None: one side deleted the row, the other changed it."""
    base: Any
    ours: Any
    theirs: Any
    created_at: str

    @property
    def short_id(self) -> str:
        return self.id[:SHORT_ID]

    @property
    def is_row(self) -> bool:
        return self.column is None

    @property
    def where(self) -> str:
        """Which row, for people: ``metric_values 2026-W47 mqls``."""
        key = " ".join(_short(k) for k in self.key)
        return f"{self.table} {key}"

    def describe(self, side: Any) -> str:
        """One side's value for people; for a whole row, the fields it changed and how."""
        if self.is_row:
            return _describe_row(side, self.base)
        if (self.table, self.column) == ("weeks", "closed"):
            return "closed" if side else "open"
        return show(side)

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> MergeConflict:
        return cls(
            id=row["id"],
            table=row["table_name"],
            key=tuple(dbc.decode(row["row_key"])),
            column=row["column_name"],
            base=dbc.decode(row["base"]),
            ours=dbc.decode(row["ours"]),
            theirs=dbc.decode(row["theirs"]),
            created_at=row["created_at"],
        )


#: Bookkeeping a row conflict does not spell out (when and by whom, not what).
_QUIET_FIELDS = {"updated_at", "created_at", "entered_at", "entered_by"}


def _describe_row(side: Any, base: Any) -> str:
    if side is None:
        return "deleted" if base is not None else "(none)"
    if not isinstance(side, dict):
        return show(side)
    before = base if isinstance(base, dict) else {}
    changed = [
        f"{col}={show(value)}"
        for col, value in side.items()
        if col not in _QUIET_FIELDS and (not before or before.get(col) != value)
    ]
    if not before:
        return "added: " + ", ".join(changed) if changed else "added"
    return ", ".join(changed) if changed else "unchanged"


def _short(part: Any) -> str:
    """Random hex ids as their short prefix, as everywhere else."""
    text = str(part)
    if len(text) == 32 and all(c in "0123456789abcdef" for c in text):
        return text[:SHORT_ID]
    return text


def show(value: Any) -> str:
    if value is None:
        return "(empty)"
    if isinstance(value, float) and value.is_integer():
        return f"{value:.0f}"
    return str(value)


def _all_good(table: str, rows: Any) -> Any:
    return rows


def list_all(database: Any, keep_good: Any = _all_good) -> list[MergeConflict]:
    """The conflicts, without the rows that fail validation (``keep_good``)."""
    return [MergeConflict.from_row(r) for r in keep_good("conflicts", dbc.all_conflicts(database))]


def find(database: Any, prefix: str, keep_good: Any = _all_good) -> MergeConflict:
    row = find_by_prefix(
        prefix,
        lambda key: keep_good("conflicts", dbc.conflicts_by_prefix(database, key)),
        "conflict",
    )
    return MergeConflict.from_row(row)


def parse_typed(conflict: MergeConflict, text: str) -> Any:
    """A value the user typed for a field conflict, checked like the sides' values."""
    if conflict.is_row:
        raise InvalidInput("a deleted-vs-changed row takes ours or theirs, not a typed value")
    typed = text.strip()
    if not typed:
        raise InvalidInput("type a value, or choose ours or theirs")
    sides = [v for v in (conflict.ours, conflict.theirs, conflict.base) if v is not None]
    if sides and all(isinstance(v, int | float) and not isinstance(v, bool) for v in sides):
        number = check_finite(parse_number(typed), conflict.column or "value")
        if all(isinstance(v, int) for v in sides):
            if not number.is_integer():
                raise InvalidInput(f"{conflict.column} takes a whole number, not {typed}")
            return int(number)
        return number
    allowed = _ALLOWED.get((conflict.table, conflict.column or ""))
    if allowed is not None and typed not in allowed:
        raise InvalidInput(f"{conflict.column} must be one of {', '.join(allowed)}")
    return typed


def resolve(
    database: Any,
    conflict: MergeConflict,
    choice: Choice,
    typed: str | None,
    *,
    now: str,
    who: str,
) -> Any:
    """Settle one conflict inside the caller's transaction; returns the value kept."""
    key = list(conflict.key)
    if choice == "value":
        value = parse_typed(conflict, typed or "")
    else:
        value = conflict.ours if choice == "ours" else conflict.theirs
    if conflict.is_row:
        if value is None:
            dbc.delete_row(database, conflict.table, key)
        else:
            dbc.put_row(database, conflict.table, value)
    else:
        assert conflict.column is not None
        row = dbc.get_row(database, conflict.table, key)
        if choice != "value" and row is not None and row.get(conflict.column) != conflict.ours:
            raise StaleEdit(
                f"{conflict.table}.{conflict.column} was changed after the merge "
                f"(now {row.get(conflict.column)!r}); resolve with a typed value instead"
            )
        fields = {conflict.column: value}
        if (conflict.table, conflict.column) == ("weeks", "closed") and not value:
            fields["closed_at"] = None  # reopened: closing again rewrites the report
        for group in dbm.STAMPS.get(conflict.table, ()):
            fields[group[0]] = now
            if len(group) > 1:
                fields[group[1]] = who
        dbc.set_fields(database, conflict.table, key, fields)
        if conflict.table == "commitments" and conflict.column == "status":
            # the status history must end where the status is
            q.insert_event(
                database,
                {
                    "id": new_id(),
                    "commitment_id": key[0],
                    "status": value,
                    "week": Week.current().id,
                    "by": who,
                    "at": now,
                },
            )
    dbc.delete_conflict(database, conflict.id)
    return value
