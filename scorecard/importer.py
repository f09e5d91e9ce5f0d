"""``scorecard import``: actuals from a CRM export (CSV) or a JSON report.

All or nothing. Every row is checked first (week, metric, number, note,
duplicates, closed weeks); if any row is bad, every bad row is reported with
where it is and why, and nothing is written. Otherwise the new and changed
values are written in ONE transaction (:meth:`Workspace.set_values`).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from scorecard.bounds import check_value
from scorecard.csv_io import ImportRow, RowError, decode, parse_note, parse_row, read_csv
from scorecard.errors import InvalidInput, ScorecardError
from scorecard.models import MetricValue
from scorecard.workspace import Workspace

Kind = Literal["new", "changed", "unchanged"]


@dataclass(frozen=True, slots=True)
class Change:
    row: ImportRow
    kind: Kind
    old: MetricValue | None


@dataclass(frozen=True, slots=True)
class ImportPlan:
    source: str
    changes: tuple[Change, ...]
    errors: tuple[RowError, ...]

    def count(self, kind: Kind) -> int:
        return sum(c.kind == kind for c in self.changes)

    @property
    def to_write(self) -> list[Change]:
        return [c for c in self.changes if c.kind != "unchanged"]

    def summary(self) -> str:
        return (
            f"{self.count('new')} new, {self.count('changed')} changed, "
            f"{self.count('unchanged')} unchanged"
        )


class ImportFailed(InvalidInput):
    """Some rows are bad; ``errors`` lists them all."""

    def __init__(self, source: str, errors: tuple[RowError, ...]):
        n = len(errors)
        super().__init__(f"{source}: {n} bad row{'s' if n != 1 else ''}; nothing was imported")
        self.errors = errors


def _read_json(text: str, ws: Workspace, name: str) -> tuple[list[ImportRow], list[RowError]]:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"{name}: invalid JSON ({exc})") from None
    values = doc.get("values") if isinstance(doc, dict) else None
    if not isinstance(values, list):
        raise InvalidInput(f"{name}: no 'values' list; use a file from 'scorecard export -f json'")
    rows: list[ImportRow] = []
    errors: list[RowError] = []
    seen: dict[tuple[str, str], str] = {}
    for index, item in enumerate(values):
        where = f"values[{index}]"
        try:
            if not isinstance(item, dict):
                raise InvalidInput("not an object with week, metric and value")
            value = item.get("value")
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise InvalidInput(f"value {value!r} is not a number")
            if not math.isfinite(value):
                raise InvalidInput(f"value {value!r} is not a finite number")
            note = item.get("note")
            if note is not None and not isinstance(note, str):
                raise InvalidInput(f"note {note!r} is not text")
            week, metric = str(item.get("week") or ""), str(item.get("metric") or "")
            row = parse_row(ws.config, where, week, metric, "0", None)
            key = (row.week.id, row.metric)
            if key in seen:
                raise InvalidInput(f"{row.metric} for {row.week} is already in {seen[key]}")
            seen[key] = where
            note = parse_note(note, spreadsheet=False)
            spec = ws.metric(row.metric)
            number = check_value(spec, float(value), currency=ws.config.currency)
            rows.append(ImportRow(where, row.week, row.metric, number, note))
        except ScorecardError as exc:
            errors.append(RowError(where, str(exc)))
    return rows, errors


def read(path: Path, ws: Workspace) -> tuple[list[ImportRow], list[RowError]]:
    name = str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InvalidInput(f"{name}: no such file") from None
    except IsADirectoryError:
        raise InvalidInput(f"{name}: is a directory, not a CSV file") from None
    except OSError as exc:
        raise InvalidInput(f"{name}: cannot read ({exc.strerror})") from None
    text = decode(data, name)
    if path.suffix.lower() == ".json":
        return _read_json(text, ws, name)
    return read_csv(text, ws.config, name)


def plan(ws: Workspace, path: Path) -> ImportPlan:
    """What importing ``path`` would do (reads only the weeks in the file)."""
    rows, errors = read(path, ws)
    changes: list[Change] = []
    if rows:
        first, last = min(r.week for r in rows), max(r.week for r in rows)
        stored = {(v.week, v.metric): v for v in ws.values_between(first, last)}
        infos = ws.week_infos(first, last)
        for row in rows:
            old = stored.get((row.week.id, row.metric))
            kind: Kind
            if old is None:
                kind = "new"
            elif old.value != row.value or (row.note is not None and row.note != old.note):
                kind = "changed"
            else:
                kind = "unchanged"
            info = infos.get(row.week.id)
            if kind != "unchanged" and info is not None and info.closed:
                errors.append(
                    RowError(
                        row.where,
                        f"week {row.week} is closed; reopen it first (scorecard reopen {row.week})",
                    )
                )
                continue
            changes.append(Change(row, kind, old))
    order = {e.where: i for i, e in enumerate(errors)}
    return ImportPlan(str(path), tuple(changes), tuple(sorted(errors, key=_position(order))))


def _position(order: dict[str, int]) -> Any:
    def key(error: RowError) -> tuple[int, int]:
        digits = "".join(ch for ch in error.where if ch.isdigit())
        return (int(digits) if digits else 0, order[error.where])

    return key


def apply(ws: Workspace, planned: ImportPlan) -> int:
    """Write the plan's new and changed values in one transaction."""
    if planned.errors:
        raise ImportFailed(planned.source, planned.errors)
    entries = [(c.row.week, c.row.metric, c.row.value, c.row.note) for c in planned.to_write]
    return ws.set_values(entries) if entries else 0
