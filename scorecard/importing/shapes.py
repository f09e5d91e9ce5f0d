"""Files that already hold weekly values: long, wide, or our own JSON export.

- **long**: a ``week`` (or ``date``) column, ``metric`` and ``value``, optionally
  ``note``: one row per week and metric.
- **wide**: a ``week`` or ``date`` column (also ``week of``, ``week starting``,
  ``week ending``) and one column per metric, named by its key or its name: a
  spreadsheet scorecard with weeks as rows. Empty cells are skipped; columns
  that are not metrics are named in the summary and ignored.
- **JSON**: the ``values`` list of ``scorecard export -f json``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from typing import Any

from scorecard.bounds import check_week
from scorecard.config import Config, Metric
from scorecard.errors import InvalidInput, ScorecardError
from scorecard.importing.cells import NumberColumn, detect_numbers
from scorecard.importing.dates import DateColumn, DateFormat, detect, workspace_zone
from scorecard.importing.rows import (
    ImportRow,
    Metrics,
    Reading,
    RowError,
    Values,
    is_derived,
    parse_note,
)
from scorecard.importing.source import Scan, Table
from scorecard.text import restore
from scorecard.weeks import Week, parse_week

WEEK_COLUMNS = (
    "week",
    "date",
    "week of",
    "week starting",
    "week start",
    "week beginning",
    "week ending",
    "week commencing",
)
_RELATIVE = {"this", "current", "now", "last", "previous", "prev", "next"}


def dates_of(
    table: Table,
    title: str,
    cells: Iterable[tuple[str, int]],
    config: Config,
    requested: DateFormat | None,
    reading: Reading,
) -> DateColumn:
    """The date reader of a column of ``(cell, line)``; the reading says which format it uses."""
    dates = detect(
        cells,
        column=title,
        source=table.name,
        requested=requested,
        zone=workspace_zone(config.timezone),
        zone_name=config.timezone,
    )
    reading.dates.append((title, dates))
    return dates


def _week_column(table: Table) -> int | None:
    for title in WEEK_COLUMNS:
        index = table.column(title)
        if index is not None:
            return index
    return None


def read_table(table: Table, config: Config, requested: DateFormat | None) -> Reading:
    """A long or a wide file (whichever its header says)."""
    week_at = _week_column(table)
    metric_at, value_at = table.column("metric"), table.column("value")
    if week_at is not None and metric_at is not None and value_at is not None:
        return _read_long(table, config, requested, week_at, metric_at, value_at)
    metrics = Metrics(config)
    wide = [(i, m) for i, t in enumerate(table.header) if (m := metrics.find(t)) is not None]
    if week_at is not None and wide and metric_at is None:
        return _read_wide(table, config, requested, week_at, wide)
    named = [c[:40] for c in table.header if c]
    found = ", ".join(named[:8]) + (f", … ({len(named)} columns)" if len(named) > 8 else "")
    missing = [
        n for n, i in (("week", week_at), ("metric", metric_at), ("value", value_at)) if i is None
    ]
    raise InvalidInput(
        f"{table.name}: line 1: missing column {', '.join(missing)} (found {found or 'nothing'}); "
        "need week, metric, value [, note], or a week column and one column per metric, "
        "or map a CRM export with --metric KEY --date COLUMN"
    )


def _week_reader(
    table: Table,
    index: int,
    scan: Scan,
    config: Config,
    requested: DateFormat | None,
    reading: Reading,
) -> DateColumn | None:
    """A date reader for the week column (first in ``scan``), unless it only holds ISO weeks."""
    cells = [row[0] for row in scan.cells]
    if all(c.strip().lower() in _RELATIVE or _is_week(c) for c in cells if c.strip()):
        return None
    pairs = zip(cells, scan.lines, strict=True)
    return dates_of(table, table.header[index], pairs, config, requested, reading)


def _is_week(cell: str) -> bool:
    text = cell.strip()
    return len(text) in (7, 8) and text[4] in "-Ww"


def _read_long(
    table: Table,
    config: Config,
    requested: DateFormat | None,
    week_at: int,
    metric_at: int,
    value_at: int,
) -> Reading:
    reading = Reading()
    note_at = table.column("note")
    scan = table.scan([week_at, metric_at, value_at] + ([] if note_at is None else [note_at]))
    dates = _week_reader(table, week_at, scan, config, requested, reading)
    metrics = Metrics(config)
    values = Values(config.currency)
    numbers = detect_numbers((c[2] for c in scan.cells), delimiter=table.delimiter)
    seen: dict[tuple[str, str], str] = {}
    this = Week.current()
    for cells, line in zip(scan.cells, scan.lines, strict=True):
        where = f"line {line}"
        try:
            week_text = cells[0].strip()
            if not week_text:
                raise InvalidInput("week is empty")
            week = (
                parse_week(week_text, relative_to=this) if dates is None else dates.week(week_text)
            )
            check_week(week, this_week=this)
            spec = metrics.get(restore(cells[1]))
            raw = cells[2]
            if not raw.strip():
                raise InvalidInput(f"value for {spec.key} is empty")
            text = restore(raw) if raw[:1] == "'" else raw
            value = values.read(spec, text, decimal_comma=numbers.decimal_comma)
            note = parse_note(cells[3]) if note_at is not None else None
        except ScorecardError as exc:
            reading.errors.append(RowError(where, str(exc), line))
            continue
        key = (week.id, spec.key)
        if key in seen:
            reason = f"{spec.key} for {week} is already on {seen[key]}"
            reading.errors.append(RowError(where, reason, line))
            continue
        seen[key] = where
        reading.rows.append(ImportRow(where, week, spec.key, value, note))
    return reading


def _read_wide(
    table: Table,
    config: Config,
    requested: DateFormat | None,
    week_at: int,
    wide: list[tuple[int, Metric]],
) -> Reading:
    reading = Reading()
    keys = [m.key for _, m in wide]
    twice = sorted({k for k in keys if keys.count(k) > 1})
    if twice:
        raise InvalidInput(f"{table.name}: line 1: more than one column for {', '.join(twice)}")
    derived = [(i, m) for i, m in wide if is_derived(m)]
    if derived:
        shown = ", ".join(f"'{table.header[i][:40]}'" for i, _ in derived)
        reading.notes.append(f"Derived (computed from other metrics), not imported: {shown}")
        wide = [(i, m) for i, m in wide if not is_derived(m)]
    used = {week_at, *(i for i, _ in wide), *(i for i, _ in derived)}
    ignored = [t for i, t in enumerate(table.header) if i not in used and t]
    if ignored:
        shown = ", ".join(f"'{t[:40]}'" for t in ignored[:8])
        more = f" and {len(ignored) - 8} more" if len(ignored) > 8 else ""
        reading.notes.append(f"Not metrics, ignored: {shown}{more}")
    scan = table.scan([week_at, *(i for i, _ in wide)])
    dates = _week_reader(table, week_at, scan, config, requested, reading)
    columns: list[tuple[int, Metric, NumberColumn]] = [
        (at, spec, detect_numbers((c[at] for c in scan.cells), delimiter=table.delimiter))
        for at, (_, spec) in enumerate(wide, start=1)
    ]
    values = Values(config.currency)
    seen: dict[str, str] = {}
    this = Week.current()
    for cells, line in zip(scan.cells, scan.lines, strict=True):
        where = f"line {line}"
        week_text = cells[0].strip()
        filled = [(i, s, n) for i, s, n in columns if cells[i].strip()]
        if not filled:
            continue
        try:
            if not week_text:
                raise InvalidInput("week is empty")
            week = (
                parse_week(week_text, relative_to=this) if dates is None else dates.week(week_text)
            )
            check_week(week, this_week=this)
            if week.id in seen:
                raise InvalidInput(f"{week} is already on {seen[week.id]}")
        except ScorecardError as exc:
            reading.errors.append(RowError(where, str(exc), line))
            continue
        seen[week.id] = where
        for at, spec, numbers in filled:
            raw = cells[at]
            try:
                text = restore(raw) if raw[:1] == "'" else raw
                value = values.read(spec, text, decimal_comma=numbers.decimal_comma)
            except ScorecardError as exc:
                reason = f"{table.header[wide[at - 1][0]][:40]}: {exc}"
                reading.errors.append(RowError(where, reason, line))
                continue
            reading.rows.append(ImportRow(where, week, spec.key, value))
    return reading


def _json_int(digits: str) -> int | float:
    """A JSON integer; one too long for a float's precision is read as a float."""
    return int(digits) if len(digits) <= 18 else float(digits)


def read_json(text: str, config: Config, name: str) -> Reading:
    """The ``values`` list of a ``scorecard export -f json`` document."""
    try:  # 10**400 becomes inf (refused as a value), not an OverflowError
        doc = json.loads(text, parse_int=_json_int)
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"{name}: invalid JSON ({exc})") from None
    except RecursionError:  # nesting 200,000 deep
        raise InvalidInput(f"{name}: invalid JSON (nested too deeply)") from None
    except ValueError as exc:  # Python's limit on the digits of an integer
        raise InvalidInput(f"{name}: invalid JSON ({exc})") from None
    values = doc.get("values") if isinstance(doc, dict) else None
    if not isinstance(values, list):
        raise InvalidInput(f"{name}: no 'values' list; use a file from 'scorecard export -f json'")
    reading = Reading()
    metrics = Metrics(config)
    seen: dict[tuple[str, str], str] = {}
    for index, item in enumerate(values):
        where = f"values[{index}]"
        try:
            row = _json_row(item, metrics, config.currency, where)
            key = (row.week.id, row.metric)
            if key in seen:
                raise InvalidInput(f"{row.metric} for {row.week} is already in {seen[key]}")
            seen[key] = where
            reading.rows.append(row)
        except ScorecardError as exc:
            reading.errors.append(RowError(where, str(exc), index))
    return reading


def _json_row(item: Any, metrics: Metrics, currency: str, where: str) -> ImportRow:
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
    week_text = str(item.get("week") or "")
    if not week_text.strip():
        raise InvalidInput("week is empty")
    week = check_week(parse_week(week_text))
    spec = metrics.get(str(item.get("metric") or ""))
    from scorecard.bounds import check_value

    value = check_value(spec, float(value), currency=currency)
    return ImportRow(where, week, spec.key, value, parse_note(note, spreadsheet=False))
