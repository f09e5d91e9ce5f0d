"""CSV in and out: metric values (and commitments) for spreadsheets and CRMs.

Writing: UTF-8, ``,`` separated, CRLF line ends (RFC 4180), values as plain exact
digits. A text cell that a spreadsheet would run as a formula (starting with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return) gets a leading ``'``;
reading removes it again, so text survives a round trip.

Reading: columns ``week``, ``metric``, ``value`` and optional ``note`` (any
case, any order, other columns ignored); a UTF-8 BOM, ``;`` or ``,`` or tab
separators, thousands separators and currency symbols are fine. A ``;``
separated file is taken to come from a decimal-comma locale (``1.234,5``).
Every bad row is collected with its line number, nothing is raised for it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from scorecard.bounds import check_week, parse_value
from scorecard.config import Config, Metric
from scorecard.errors import InvalidInput, ScorecardError
from scorecard.models import Commitment, MetricValue
from scorecard.numbers import plain_number
from scorecard.status import metric_status, target_in_force
from scorecard.text import csv_cell, restore
from scorecard.weeks import Week, parse_week

VALUE_COLUMNS = (
    "week",
    "metric",
    "value",
    "note",
    "target",
    "status",
    "metric_name",
    "unit",
    "entered_by",
    "entered_at",
)
COMMITMENT_COLUMNS = (
    "id",
    "text",
    "owner",
    "team",
    "week_made",
    "due_week",
    "status",
    "carried_from",
    "created_at",
    "updated_at",
)
REQUIRED = ("week", "metric", "value")
MAX_NOTE = 2000
MAX_FILE_BYTES = 50_000_000


def _write(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180; quotes cells holding \r
    writer.writerow(header)
    for row in rows:
        writer.writerow([csv_cell(cell) for cell in row])
    return out.getvalue()


def write_values(values: Iterable[MetricValue], config: Config) -> str:
    """One row per week and metric, in week then scorecard order."""
    order = {m.key: i for i, m in enumerate(config.metrics)}
    rows = []
    for v in sorted(values, key=lambda v: (v.week, order.get(v.metric, len(order)), v.metric)):
        spec = config.metric(v.metric)
        target = target_in_force(v.target, spec) if spec else v.target
        status = metric_status(v.value, target, spec).value if spec else ""
        rows.append(
            [
                v.week,
                v.metric,
                plain_number(v.value),
                v.note,
                None if target is None else plain_number(target),
                status,
                spec.name if spec else "",
                spec.unit if spec else "",
                v.entered_by,
                v.entered_at,
            ]
        )
    return _write(VALUE_COLUMNS, rows)


def write_commitments(items: Iterable[Commitment]) -> str:
    return _write(COMMITMENT_COLUMNS, ([getattr(c, k) for k in COMMITMENT_COLUMNS] for c in items))


# -- reading ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ImportRow:
    where: str
    """Where the row came from, for messages: ``line 7`` or ``values[6]``."""
    week: Week
    metric: str
    value: float
    note: str | None


@dataclass(frozen=True, slots=True)
class RowError:
    where: str
    reason: str


def decode(data: bytes, name: str) -> str:
    if len(data) > MAX_FILE_BYTES:
        raise InvalidInput(f"{name}: too large to import ({len(data):,} bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            f"{name}: not UTF-8 text (byte {exc.start + 1}); save it as CSV UTF-8"
        ) from None


def sniff_delimiter(header_line: str) -> str:
    """``;``, tab or ``,``: whichever the header line uses most."""
    counts = {d: header_line.count(d) for d in (";", "\t", ",")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def find_metric(config: Config, text: str) -> Metric | None:
    wanted = text.strip().casefold()
    for m in config.metrics:
        if wanted in (m.key.casefold(), m.name.casefold()):
            return m
    return None


def _header(cells: list[str], name: str) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, raw in enumerate(cells):
        key = raw.strip().lstrip("\ufeff").casefold()
        if key in (*REQUIRED, "note"):
            if key in columns:
                raise InvalidInput(f"{name}: line 1: column '{key}' appears twice")
            columns[key] = index
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        named = [c.strip()[:40] for c in cells if c.strip()]
        found = ", ".join(named[:8]) + (f", … ({len(named)} columns)" if len(named) > 8 else "")
        found = found or "nothing"
        raise InvalidInput(
            f"{name}: line 1: missing column {', '.join(missing)} "
            f"(found {found}; need week, metric, value and optionally note)"
        )
    return columns


def parse_note(raw: str | None, *, spreadsheet: bool = True) -> str | None:
    """A note cell: empty is None (keep the stored note); ``spreadsheet``
    undoes formula neutralisation."""
    if raw is None:
        return None
    note = raw.strip()
    note = restore(note) if spreadsheet else note
    if not note.strip():
        return None
    if len(note) > MAX_NOTE:
        raise InvalidInput(f"note is too long ({len(note):,} characters, at most {MAX_NOTE:,})")
    if "\x00" in note:
        raise InvalidInput("note contains a NUL character")
    return note


def parse_row(
    config: Config,
    where: str,
    week: str,
    metric: str,
    value: str,
    note: str | None,
    *,
    decimal_comma: bool = False,
) -> ImportRow:
    """One row, or :class:`ScorecardError` naming the first problem."""
    if not week.strip():
        raise InvalidInput("week is empty")
    spec = find_metric(config, restore(metric))
    if spec is None:
        raise InvalidInput(f"unknown metric '{metric.strip()}'")
    if not value.strip():
        raise InvalidInput(f"value for {spec.key} is empty")
    parsed_week = check_week(parse_week(week))
    number = parse_value(
        spec, restore(value), currency=config.currency, decimal_comma=decimal_comma
    )
    return ImportRow(where, parsed_week, spec.key, number, parse_note(note))


def read_csv(text: str, config: Config, name: str) -> tuple[list[ImportRow], list[RowError]]:
    """Rows and row errors of a CSV file's text (file-level problems raise)."""
    first_line = next((ln for ln in text.splitlines() if ln.strip()), "")
    if not first_line:
        raise InvalidInput(f"{name}: the file is empty")
    delimiter = sniff_delimiter(first_line)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[ImportRow] = []
    errors: list[RowError] = []
    columns: dict[str, int] | None = None
    seen: dict[tuple[str, str], str] = {}
    line = 1
    try:
        for cells in reader:
            start, line = line, reader.line_num + 1
            if not any(c.strip() for c in cells):
                continue
            if columns is None:
                columns = _header(cells, name)
                continue
            where = f"line {start}"

            def get(key: str, cells: list[str] = cells, columns: dict[str, int] = columns) -> str:
                index = columns.get(key)
                return cells[index] if index is not None and index < len(cells) else ""

            try:
                row = parse_row(
                    config,
                    where,
                    get("week"),
                    get("metric"),
                    get("value"),
                    get("note") if "note" in columns else None,
                    decimal_comma=delimiter == ";",
                )
            except ScorecardError as exc:
                errors.append(RowError(where, str(exc)))
                continue
            key = (row.week.id, row.metric)
            if key in seen:
                errors.append(
                    RowError(where, f"{row.metric} for {row.week} is already on {seen[key]}")
                )
                continue
            seen[key] = where
            rows.append(row)
    except csv.Error as exc:
        raise InvalidInput(f"{name}: line {line}: not valid CSV ({exc})") from None
    if columns is None:
        raise InvalidInput(f"{name}: the file is empty")
    return rows, errors
