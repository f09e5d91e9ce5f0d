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
from typing import Any

from scorecard.config import Config, Metric
from scorecard.errors import InvalidInput, ScorecardError
from scorecard.importing.cells import NumberColumn, detect_numbers
from scorecard.importing.dates import DateColumn, DateFormat, detect, workspace_zone
from scorecard.importing.rows import (
    ImportRow,
    Metrics,
    Reading,
    RowError,
    check_value,
    importable,
    parse_note,
)
from scorecard.importing.source import Table
from scorecard.text import restore
from scorecard.weeks import parse_week

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
    table: Table, index: int, config: Config, requested: DateFormat | None, reading: Reading
) -> DateColumn:
    """The date reader of column ``index``; says which format it uses."""
    cells = [r[index] if index < len(r) else "" for r in table.rows]
    column = table.header[index]
    dates = detect(
        [c for c in cells if c.strip()],
        [ln for c, ln in zip(cells, table.lines, strict=True) if c.strip()],
        column=column,
        source=table.name,
        requested=requested,
        zone=workspace_zone(config.timezone),
        zone_name=config.timezone,
    )
    reading.dates.append((column, dates))
    return dates


def _week_column(table: Table) -> int | None:
    for title in WEEK_COLUMNS:
        index = table.column(title)
        if index is not None:
            return index
    return None


def _cell(cells: list[str], index: int) -> str:
    return cells[index] if index < len(cells) else ""


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
    table: Table, config: Config, requested: DateFormat | None, index: int, reading: Reading
) -> DateColumn | None:
    """A date reader for a week column, unless it only holds ISO weeks."""
    cells = (r[index] for r in table.rows if index < len(r))
    if all(c.strip().lower() in _RELATIVE or _is_week(c) for c in cells if c.strip()):
        return None
    return dates_of(table, index, config, requested, reading)


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
    dates = _week_reader(table, config, requested, week_at, reading)
    note_at = table.column("note")
    metrics = Metrics(config)
    values = [r[value_at] for r in table.rows if value_at < len(r)]
    numbers = detect_numbers(values, delimiter=table.delimiter)
    seen: dict[tuple[str, str], str] = {}
    for cells, line in zip(table.rows, table.lines, strict=True):
        where = f"line {line}"
        try:
            week_text = _cell(cells, week_at).strip()
            if not week_text:
                raise InvalidInput("week is empty")
            week = parse_week(week_text) if dates is None else dates.week(week_text)
            spec = metrics.get(restore(_cell(cells, metric_at)))
            raw = _cell(cells, value_at)
            if not raw.strip():
                raise InvalidInput(f"value for {spec.key} is empty")
            value = check_value(spec, numbers.value(restore(raw) if raw[:1] == "'" else raw))
            note = parse_note(_cell(cells, note_at)) if note_at is not None else None
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
    for _, spec in wide:
        try:
            importable(spec)
        except InvalidInput as exc:
            raise InvalidInput(f"{table.name}: line 1: {exc}") from None
    used = {week_at, *(i for i, _ in wide)}
    ignored = [t for i, t in enumerate(table.header) if i not in used and t]
    if ignored:
        shown = ", ".join(f"'{t[:40]}'" for t in ignored[:8])
        more = f" and {len(ignored) - 8} more" if len(ignored) > 8 else ""
        reading.notes.append(f"Not metrics, ignored: {shown}{more}")
    dates = _week_reader(table, config, requested, week_at, reading)
    columns: list[tuple[int, Metric, NumberColumn]] = [
        (i, spec, detect_numbers((_cell(r, i) for r in table.rows), delimiter=table.delimiter))
        for i, spec in wide
    ]
    seen: dict[str, str] = {}
    for cells, line in zip(table.rows, table.lines, strict=True):
        where = f"line {line}"
        week_text = _cell(cells, week_at).strip()
        filled = [(i, s, n) for i, s, n in columns if _cell(cells, i).strip()]
        if not filled:
            continue
        try:
            if not week_text:
                raise InvalidInput("week is empty")
            week = parse_week(week_text) if dates is None else dates.week(week_text)
            if week.id in seen:
                raise InvalidInput(f"{week} is already on {seen[week.id]}")
        except ScorecardError as exc:
            reading.errors.append(RowError(where, str(exc), line))
            continue
        seen[week.id] = where
        for index, spec, numbers in filled:
            raw = _cell(cells, index)
            try:
                value = check_value(spec, numbers.value(restore(raw) if raw[:1] == "'" else raw))
            except ScorecardError as exc:
                reason = f"{table.header[index][:40]}: {exc}"
                reading.errors.append(RowError(where, reason, line))
                continue
            reading.rows.append(ImportRow(where, week, spec.key, value))
    return reading


def read_json(text: str, config: Config, name: str) -> Reading:
    """The ``values`` list of a ``scorecard export -f json`` document."""
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
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
            row = _json_row(item, metrics, where)
            key = (row.week.id, row.metric)
            if key in seen:
                raise InvalidInput(f"{row.metric} for {row.week} is already in {seen[key]}")
            seen[key] = where
            reading.rows.append(row)
        except ScorecardError as exc:
            reading.errors.append(RowError(where, str(exc), index))
    return reading


def _json_row(item: Any, metrics: Metrics, where: str) -> ImportRow:
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
    week = parse_week(week_text)
    spec = metrics.get(str(item.get("metric") or ""))
    value = check_value(spec, float(value))
    return ImportRow(where, week, spec.key, value, parse_note(note, spreadsheet=False))
