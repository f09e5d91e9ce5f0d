"""One metric from a CRM export: rows filtered, put in ISO weeks, aggregated.

Every kept row goes to the ISO week of its ``date`` cell. A week's value is
the sum of the ``value`` column (``sum``, the default with a value column),
the number of rows (``count``, the default without), their mean, or the value
of the row with the latest date (``last``; on the same day, the later line).
For ``sum`` and ``count``, a week between the first and the last week of the
kept rows that has none of them is 0: no closed deal that week is a real 0,
not a missing number.

``where`` filters keep a row whose cell equals the value, ignoring case and
surrounding spaces; filters on different columns must all hold, several on
the same column are alternatives. Rows with an empty date cell are skipped and
counted, as are rows with an empty value cell (``sum``, ``mean``, ``last``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import compress
from operator import itemgetter

from scorecard.bounds import check_week
from scorecard.config import Aggregate, Config, ImportProfile
from scorecard.errors import InvalidInput, ScorecardError
from scorecard.importing.cells import detect_numbers
from scorecard.importing.dates import parse_format
from scorecard.importing.rows import ImportRow, Metrics, Reading, RowError, weekly
from scorecard.importing.shapes import dates_of
from scorecard.importing.source import Scan, Table


@dataclass(frozen=True)
class Mapping:
    """What ``--metric … --date …`` (or a saved profile) asks for."""

    metric: str
    date: str
    value: str = ""
    aggregate: Aggregate | None = None
    where: tuple[str, ...] = ()
    date_format: str = ""

    @property
    def how(self) -> Aggregate:
        return self.aggregate or ("sum" if self.value else "count")

    def check(self) -> None:
        """Combinations that cannot work, as one line each."""
        if self.value and self.aggregate == "count":
            raise InvalidInput("--count counts rows; leave out --value (or use --sum)")
        if not self.value and self.aggregate not in (None, "count"):
            raise InvalidInput(f"--{self.aggregate} needs --value COLUMN")
        for item in self.where:
            if "=" not in item or not item.partition("=")[0].strip():
                raise InvalidInput(f"--where '{item}': use --where 'COLUMN=VALUE'")
        if self.date_format:
            parse_format(self.date_format)

    def as_profile(self, name: str) -> ImportProfile:
        return ImportProfile(
            name=name,
            metric=self.metric,
            date=self.date,
            value=self.value,
            aggregate=self.how,
            where=list(self.where),
            date_format=self.date_format,
        )

    @classmethod
    def of(cls, profile: ImportProfile) -> Mapping:
        return cls(
            metric=profile.metric,
            date=profile.date,
            value=profile.value,
            aggregate=profile.aggregate,
            where=tuple(profile.where),
            date_format=profile.date_format,
        )


_FIRST, _SECOND = itemgetter(0), itemgetter(1)


@dataclass(slots=True)
class _Week:
    rows: int = 0
    total: float = 0.0
    last_day: date | None = None
    last: float = 0.0


def _column(table: Table, title: str, option: str) -> int:
    index = table.column(title)
    if index is None:
        from difflib import get_close_matches

        near = get_close_matches(title, [t for t in table.header if t], n=1, cutoff=0.6)
        hint = f"; did you mean '{near[0]}'?" if near else ""
        shown = ", ".join(f"'{t[:30]}'" for t in table.header[:8] if t)
        raise InvalidInput(
            f"{table.name}: {option} '{title}': no such column{hint} (columns: {shown}"
            + (", …)" if len(table.header) > 8 else ")")
        )
    return index


def _filters(table: Table, where: Sequence[str]) -> list[tuple[int, frozenset[str]]]:
    wanted: dict[int, set[str]] = {}
    for item in where:
        title, _, value = item.partition("=")
        index = _column(table, title, "--where")
        wanted.setdefault(index, set()).add(value.strip().casefold())
    return [(index, frozenset(values)) for index, values in wanted.items()]


def read(table: Table, config: Config, mapping: Mapping) -> Reading:
    """The weekly values of ``mapping.metric`` in ``table``."""
    spec = Metrics(config).get(mapping.metric)
    how = mapping.how
    date_at = _column(table, mapping.date, "--date")
    value_at = _column(table, mapping.value, "--value") if mapping.value else None
    filters = _filters(table, mapping.where)
    reading = Reading()
    requested = parse_format(mapping.date_format) if mapping.date_format else None
    # one pass over the file keeps the date, the value and the filtered columns only
    wanted = [date_at, date_at if value_at is None else value_at, *(i for i, _ in filters)]
    scan = table.scan(wanted)
    kept_lines, kept = _keep(scan, filters)
    date_cells = list(map(_FIRST, kept))
    dates = dates_of(
        table,
        table.header[date_at],
        zip(date_cells, kept_lines, strict=True),
        config,
        requested,
        reading,
    )
    value_cells = [""] * len(kept)  # counted rows have no value cell
    parse: Callable[[str], float] | None = None
    if value_at is not None:
        value_cells = list(map(_SECOND, kept))
        parse = detect_numbers(value_cells, delimiter=table.delimiter).parser(value_cells)
    # the whole column at once if it can, else cell by cell below
    found = dates.days_and_weeks(date_cells) or [None] * len(date_cells)
    buckets: dict[str, _Week] = {}
    no_date = no_value = 0
    for raw, known, text, line in zip(date_cells, found, value_cells, kept_lines, strict=True):
        if known is not None:
            day, week = known
        elif not raw or raw.isspace():
            no_date += 1
            continue
        else:
            try:
                day, week = dates.day_and_week(raw)
            except ScorecardError as exc:
                reading.errors.append(RowError(f"line {line}", f"{mapping.date}: {exc}", line))
                continue
        value = 1.0
        if parse is not None:
            if not text or text.isspace():
                no_value += 1
                continue
            try:
                value = parse(text)
            except ScorecardError as exc:
                reading.errors.append(RowError(f"line {line}", f"{mapping.value}: {exc}", line))
                continue
        bucket = buckets.get(week)
        if bucket is None:
            bucket = buckets[week] = _Week()
        bucket.rows += 1
        bucket.total += value
        if bucket.last_day is None or day >= bucket.last_day:
            bucket.last_day, bucket.last = day, value
    titles = (
        table.header[date_at],
        table.header[value_at] if value_at is not None else "",
        grouped(table, mapping.where),
    )
    _summarise(reading, table.rows, titles, len(kept), no_date, no_value)
    weeks = {dates.weeks[key]: bucket for key, bucket in buckets.items()}
    if weeks and how in ("sum", "count"):
        first, last = min(weeks), max(weeks)
        for offset in range(first.weeks_until(last) + 1):
            weeks.setdefault(first + offset, _Week())
    for when in sorted(weeks):
        bucket = weeks[when]
        if how == "mean":
            value = bucket.total / bucket.rows
        elif how == "last":
            value = bucket.last + 0.0  # never -0.0
        else:
            value = bucket.total if how == "sum" else float(bucket.rows)
        try:
            check_week(when)
            value = weekly(spec, value, mean=how == "mean", currency=config.currency)
        except ScorecardError as exc:
            reading.errors.append(RowError(str(when), f"{spec.key}: {exc}", 0))
            continue
        n = bucket.rows
        reading.rows.append(
            ImportRow(f"{n} row{'s' if n != 1 else ''}", when, spec.key, value, None, n)
        )
    return reading


def _keep(
    scan: Scan, filters: list[tuple[int, frozenset[str]]]
) -> tuple[Sequence[int], list[tuple[str, ...]]]:
    """The rows every ``--where`` column lets through (cells 2… of each row)."""
    lines, rows = scan.lines, scan.cells
    for position, (_, ok) in enumerate(filters, start=2):
        column = list(map(itemgetter(position), rows))
        # a CRM column holds few distinct values: decide each once
        passing = {c for c in set(column) if c.strip().casefold() in ok}
        keep = list(map(passing.__contains__, column))
        lines, rows = list(compress(lines, keep)), list(compress(rows, keep))
    return lines, rows


def _summarise(
    reading: Reading,
    total: int,
    titles: tuple[str, str, list[str]],
    kept: int,
    no_date: int,
    no_value: int,
) -> None:
    date_title, value_title, filters = titles
    if filters:
        reading.notes.append(f"Kept {kept:,} of {total:,} rows ({' and '.join(filters)}).")
    if no_date:
        s = "s" if no_date != 1 else ""
        reading.notes.append(f"Skipped {no_date:,} row{s} with an empty '{date_title}'.")
    if no_value:
        s = "s" if no_value != 1 else ""
        reading.notes.append(f"Skipped {no_value:,} row{s} with an empty '{value_title}'.")


def grouped(table: Table | None, where: Sequence[str]) -> list[str]:
    """``'Deal Stage' = Closed Won or Won``: one per column, in the file's spelling."""
    values: dict[str, list[str]] = {}
    titles: dict[str, str] = {}
    for item in where:
        title, _, value = item.partition("=")
        key = title.strip().casefold()
        index = table.column(title) if table is not None else None
        titles.setdefault(
            key, table.header[index] if table and index is not None else title.strip()
        )
        values.setdefault(key, []).append(value.strip() or "(empty)")
    return [f"'{titles[k]}' = {' or '.join(v)}" for k, v in values.items()]
