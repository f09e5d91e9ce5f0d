"""What an import would change, and writing it: all or nothing.

Every row is checked first (week, metric, number, duplicates, bounds, closed
weeks); if any is bad, the bad rows are reported with where they are and why,
and nothing is written. Otherwise the new and changed values are written in
ONE transaction (:meth:`Workspace.set_values`); unchanged ones are not
rewritten, so importing the same file twice changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, BinaryIO, Literal

from scorecard.errors import InvalidInput
from scorecard.importing import shapes, source
from scorecard.importing.dates import parse_format
from scorecard.importing.rows import ImportRow, Reading, RowError
from scorecard.models import MetricValue

if TYPE_CHECKING:
    from scorecard.importing.mapped import Mapping
    from scorecard.workspace import Workspace

Kind = Literal["new", "changed", "unchanged"]
SHOWN_ERRORS = 20


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
    lines: tuple[str, ...] = ()
    """What was read and how: encoding, separator, date formats, rows skipped."""

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
        weeks = sum(e.where[:1].isdigit() for e in errors)  # a mapped import's week
        rows = len(errors) - weeks
        parts = [f"{rows} bad row{'s' if rows != 1 else ''}"] if rows else []
        if weeks:
            parts.append(f"{weeks} week{'s' if weeks != 1 else ''} refused")
        super().__init__(f"{source}: {' and '.join(parts)}; nothing was imported")
        self.errors = errors


def error_lines(planned: ImportPlan) -> list[str]:
    """The first :data:`SHOWN_ERRORS` bad rows, then how many more there are."""
    shown = [f"{planned.source}: {e.where}: {e.reason}" for e in planned.errors[:SHOWN_ERRORS]]
    more = len(planned.errors) - SHOWN_ERRORS
    if more > 0:
        shown.append(f"{planned.source}: … and {more:,} more bad row{'s' if more != 1 else ''}")
    return shown


def read(
    ws: Workspace,
    file: str,
    *,
    stdin: BinaryIO | None = None,
    mapping: Mapping | None = None,
    date_format: str = "",
) -> tuple[str, Reading]:
    """Read ``file`` (``-``: stdin) as a long, wide, JSON or (with ``mapping``) CRM file."""
    name, data = source.read_bytes(file, stdin)
    text, encoding = source.decode(data, name)
    if mapping is None and (name.lower().endswith(".json") or text.lstrip()[:1] in ("{", "[")):
        return name, shapes.read_json(text, ws.config, name)
    table = source.open_table(text, name, encoding)
    if mapping is not None:
        from scorecard.importing import mapped

        reading = mapped.read(table, ws.config, mapping)
    else:
        requested = parse_format(date_format) if date_format else None
        reading = shapes.read_table(table, ws.config, requested)
    reading.read_as = f"Read {name}: {table.describe()}."
    return name, reading


def plan(ws: Workspace, name: str, reading: Reading) -> ImportPlan:
    """Compare what was read with what is stored (only the weeks in the file)."""
    errors = list(reading.errors)
    changes: list[Change] = []
    rows = reading.rows
    if rows:
        first, last = min(r.week for r in rows), max(r.week for r in rows)
        stored = {(v.week, v.metric): v for v in ws.values_between(first, last)}
        infos = ws.week_infos(first, last)
        closed_named: set[str] = set()
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
                if row.rows is not None:  # aggregated: name the week once
                    where, order = str(row.week), 0
                    if where in closed_named:
                        continue
                    closed_named.add(where)
                else:
                    where, order = row.where, _line(row.where)
                errors.append(
                    RowError(
                        where,
                        f"week {row.week} is closed; reopen it first (scorecard reopen {row.week})",
                        order,
                    )
                )
                continue
            changes.append(Change(row, kind, old))
    errors.sort(key=lambda e: e.order)
    return ImportPlan(name, tuple(changes), tuple(errors), tuple(reading.summary_lines()))


def _line(where: str) -> int:
    digits = "".join(ch for ch in where if ch.isdigit())
    return int(digits) if digits else 0


def apply(ws: Workspace, planned: ImportPlan) -> int:
    """Write the plan's new and changed values in one transaction."""
    if planned.errors:
        raise ImportFailed(planned.source, planned.errors)
    entries = [(c.row.week, c.row.metric, c.row.value, c.row.note) for c in planned.to_write]
    return ws.set_values(entries) if entries else 0
