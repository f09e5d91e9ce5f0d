"""Dates as CRMs and spreadsheets export them, each put in its ISO week.

Accepted without being told: ISO dates (``2026-11-18``), ISO with a time
(``2026-11-18 10:02``), with ``T`` and a zone (``2026-11-18T23:30:00-05:00``,
``…Z``: converted to the workspace's zone before the day is taken), ``d.m.Y``
(``18.11.2026``) and ``m/d/Y`` or ``d/m/Y`` when the column itself decides the
order: a first number above 12 is a day (``d/m/Y``), a second one above 12 is
a day (``m/d/Y``). A column of ``03/04/2026``-like dates only is ambiguous and
needs ``--date-format``. A time after the date (``10:02``, ``10:02 AM``,
``10:02:33.120``) is allowed, with a zone (``Z``, ``+01:00``, ``UTC``) or
without one (then it is already the workspace's time). ISO weeks (``2026-W47``)
are accepted too. Two-digit years are 20xx.

``--date-format`` takes ``m/d/Y``, ``d/m/Y``, ``d.m.Y``, ``Y-m-d``, ``m-d-Y``…
(``y`` for a two-digit year) or a ``strftime`` pattern such as ``%d %b %Y``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from operator import itemgetter
from typing import Literal

from scorecard.errors import InvalidInput
from scorecard.weeks import Week, parse_week

Order = Literal["ymd", "mdy", "dmy"]

_FRIENDLY = re.compile(r"^([Yymd])([/.-])([Yymd])\2([Yymd])$")
_ISO_DATE = re.compile(r"^(\d{4})([-/])(\d{1,2})\2(\d{1,2})$")
_NUMERIC = re.compile(r"^(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})$")
_STRICT_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
_DAY, _AFTER_DAY = itemgetter(slice(0, 10)), itemgetter(slice(10, None))
_WEEK = re.compile(r"^\d{4}-?[Ww]\d{1,2}$")
_TIME = re.compile(
    r"^(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d{1,9})?)?"
    r"\s*(?:([AaPp])\.?[Mm]\.?)?"
    r"\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$"
)


@dataclass(frozen=True, slots=True)
class DateFormat:
    label: str
    """What the user reads: ``m/d/Y``, ``Y-m-d`` or the strftime pattern."""
    order: Order = "ymd"
    sep: str = "-"
    strftime: str | None = None


ISO = DateFormat("Y-m-d")


def parse_format(text: str) -> DateFormat:
    """``m/d/Y``, ``%d.%m.%Y``, ``%d %b %Y``… or one line saying what is accepted."""
    spec = text.strip()
    friendly = spec
    if "%" in spec:
        friendly = spec.replace("%Y", "Y").replace("%y", "y").replace("%m", "m")
        friendly = friendly.replace("%d", "d")
    match = _FRIENDLY.match(friendly)
    if match:
        parts = [match.group(1), match.group(3), match.group(4)]
        letters = "".join(p.lower() for p in parts)
        if sorted(letters) == ["d", "m", "y"]:
            order: Order = letters  # type: ignore[assignment]
            if order in ("ymd", "mdy", "dmy"):
                return DateFormat(friendly, order, match.group(2))
    if "%" in spec:
        try:
            datetime(2026, 11, 18, 10, 2).strftime(spec)
            datetime.strptime(datetime(2026, 11, 18).strftime(spec), spec)
        except ValueError:
            pass
        else:
            return DateFormat(spec, strftime=spec)
    raise InvalidInput(
        f"--date-format '{text}': use m/d/Y, d/m/Y, d.m.Y, Y-m-d (y for a two-digit year) "
        "or a strftime pattern such as %d %b %Y"
    )


_SPLIT = re.compile(r"[ T,]")


def _split(cell: str) -> tuple[str, str]:
    """The date and the time of ``2026-11-18T10:02Z`` or ``11/18/2026, 10:02 AM``."""
    found = _SPLIT.search(cell)
    if found is None:
        return cell, ""
    return cell[: found.start()], cell[found.end() :].strip(" ,")


def _year(text: str) -> int:
    return 2000 + int(text) if len(text) == 2 else int(text)


@dataclass
class DateColumn:
    """Reads one column's cells as days and weeks, in the format decided for the column.

    Repeated cells, days and zone-less times are cached: a CRM export of 100,000
    rows has a few hundred distinct days.
    """

    fmt: DateFormat
    zone: tzinfo
    zone_name: str
    decided_by: str = ""
    zoned: int = 0
    _days: dict[str, date] = field(default_factory=dict)
    weeks: dict[str, Week] = field(default_factory=dict)
    """Every week met so far, by id."""
    _by_date: dict[date, tuple[date, str]] = field(default_factory=dict)
    _by_day: dict[str, tuple[date, str]] = field(default_factory=dict)
    _pairs: dict[str, tuple[date, str]] = field(default_factory=dict)
    _times: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self._iso = self.fmt is ISO

    def describe(self) -> str:
        text = self.fmt.label + (f" ({self.decided_by})" if self.decided_by else "")
        if self.zoned:
            text += f"; times with a zone converted to {self.zone_name}"
        return text

    def week(self, cell: str) -> Week:
        """The ISO week of a non-empty cell, or :class:`InvalidInput` naming it."""
        return self.weeks[self.day_and_week(cell)[1]]

    def day_and_week(self, cell: str) -> tuple[date, str]:
        """The day of a non-empty cell and the id of its ISO week (see :attr:`weeks`).

        The hot path of a 100,000-row import: an ISO date with a time already
        seen is two slices and two dictionary lookups.
        """
        if self._iso and len(cell) > 10 and cell[10] in " T" and cell[11:] in self._times:
            known = self._by_day.get(cell[:10])
            if known is not None:
                return known
        found = self._pairs.get(cell)
        if found is None:
            day = self.day(cell)
            found = self._by_date.get(day)
            if found is None:
                week = Week.of(day)
                week = self.weeks.setdefault(week.id, week)
                found = self._by_date[day] = (day, week.id)
            if len(self._pairs) < 200_000:
                self._pairs[cell] = found
            fast = self._iso and len(cell) > 10 and cell[10] in " T" and cell[4] == cell[7] == "-"
            if fast and cell[11:] in self._times:
                self._by_day[cell[:10]] = found
        return found

    def days_and_weeks(self, cells: list[str]) -> list[tuple[date, str] | None] | None:
        """:meth:`day_and_week` of every cell at once (None for an empty cell), or None:
        then read them one by one.

        For an ISO column whose times have no zone (``2026-11-18 14:20``): each
        distinct day and each distinct time is read once, and the cells are
        sliced in C. Anything else (a zone, a bad cell, spaces around) returns
        None, so that :meth:`day_and_week` converts it or names the bad line.
        """
        if not self._iso:
            return None
        for rest in set(map(_AFTER_DAY, cells)):
            if rest and (rest[0] not in " T" or not self._zoneless(rest[1:].strip())):
                return None
        days = list(map(_DAY, cells))
        found: dict[str, tuple[date, str] | None] = {"": None}
        ids: dict[tuple[int, int], str] = {}  # (ISO year, week): its id, for the days of a week
        for text in set(days) - {""}:
            if not _STRICT_ISO.match(text):
                return None
            try:
                day = self._date(text, text)
            except InvalidInput:
                return None
            year, number, _ = day.isocalendar()
            week_id = ids.get((year, number))
            if week_id is None:
                week = Week.of(day)
                week_id = ids[year, number] = self.weeks.setdefault(week.id, week).id
            found[text] = (day, week_id)
        return list(map(found.__getitem__, days))

    def _zoneless(self, time: str) -> bool:
        """True for a valid time of day without a zone (or no time at all)."""
        if not time or time in self._times:
            return True
        try:
            match = _TIME.match(time)
            if match is None or match.group(5) is not None:
                return False
            self._time(time, time)  # its hours and minutes in range
        except InvalidInput:
            return False
        self._times.add(time)
        return True

    def day(self, cell: str) -> date:
        """The day of a non-empty cell (an ISO week: its Monday)."""
        return self._parse(cell.strip())

    def _parse(self, cell: str) -> date:
        if _WEEK.match(cell):
            return parse_week(cell).monday
        if self.fmt.strftime is not None:
            return self._strptime(cell)
        if self.fmt is ISO and len(cell) > 10 and cell[10] in " T" and cell[4] == cell[7] == "-":
            text, time = cell[:10], cell[11:].strip()  # the common case, without a regex
        else:
            text, time = _split(cell)
        if time and time not in self._times:
            shift = self._time(cell, time)
            if shift is not None:
                moment = datetime.combine(self._date(text, cell), datetime.min.time()) + shift[0]
                return moment.replace(tzinfo=shift[1]).astimezone(self.zone).date()
            self._times.add(time)
        found = self._days.get(text)
        if found is None:
            found = self._days[text] = self._date(text, cell)
        return found

    def _strptime(self, cell: str) -> date:
        pattern = self.fmt.strftime or ""
        for candidate in (cell, _split(cell)[0]):
            try:
                return datetime.strptime(candidate, pattern).date()
            except ValueError:
                continue
        raise InvalidInput(f"'{cell}' is not a date in the format {pattern}")

    def _date(self, text: str, cell: str) -> date:
        fmt = self.fmt
        try:
            if fmt.order == "ymd":
                iso = _ISO_DATE.match(text)
                if iso and (fmt.sep == iso.group(2) or fmt is ISO):
                    return date(int(iso.group(1)), int(iso.group(3)), int(iso.group(4)))
            else:
                numeric = _NUMERIC.match(text)
                if numeric and numeric.group(2) == fmt.sep:
                    first, second = int(numeric.group(1)), int(numeric.group(3))
                    month, day = (first, second) if fmt.order == "mdy" else (second, first)
                    return date(_year(numeric.group(4)), month, day)
        except ValueError:
            pass
        raise InvalidInput(f"'{cell}' is not a date in the format {fmt.label}")

    def _time(self, cell: str, text: str) -> tuple[timedelta, tzinfo] | None:
        """The time of day and its zone, None when the time has no zone."""
        match = _TIME.match(text)
        if match is None:
            raise InvalidInput(f"'{cell}' is not a date and time")
        hours, minutes = int(match.group(1)), int(match.group(2))
        seconds = int(match.group(3) or 0)
        half = (match.group(4) or "").lower()
        if half:
            if not 1 <= hours <= 12:
                raise InvalidInput(f"'{cell}': {hours} is not an hour of AM/PM")
            hours = hours % 12 + (12 if half == "p" else 0)
        if hours > 23 or minutes > 59 or seconds > 59:
            raise InvalidInput(f"'{cell}' is not a valid time of day")
        zone = match.group(5)
        if zone is None:
            return None
        self.zoned += 1
        offset = UTC
        if zone[0] in "+-":
            digits = zone[1:].replace(":", "")
            delta = timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0))
            if delta >= timedelta(hours=24):
                raise InvalidInput(f"'{cell}': time zone offset {zone} is out of range")
            offset = timezone(-delta if zone[0] == "-" else delta)
        return timedelta(hours=hours, minutes=minutes, seconds=seconds), offset


def detect(
    cells: Iterable[tuple[str, int]],
    *,
    column: str,
    source: str,
    requested: DateFormat | None,
    zone: tzinfo,
    zone_name: str,
) -> DateColumn:
    """The format of a column of dates: ``requested``, or what the cells say."""
    if requested is not None:
        return DateColumn(requested, zone, zone_name, "as --date-format says")
    example: tuple[str, int] | None = None
    sep = ""
    for cell, line in cells:
        if not cell or cell.isspace():
            continue
        day = _split(cell.strip())[0]
        numeric = _NUMERIC.match(day)
        if numeric is None:
            if example is None and _ISO_DATE.match(day):
                return DateColumn(ISO, zone, zone_name)
            continue
        sep = numeric.group(2)
        if sep == ".":
            return DateColumn(DateFormat("d.m.Y", "dmy", "."), zone, zone_name)
        first, second = int(numeric.group(1)), int(numeric.group(3))
        if first > 12 or second > 12:
            order: Order = "dmy" if first > 12 else "mdy"
            label = "d{0}m{0}Y" if order == "dmy" else "m{0}d{0}Y"
            why = f"decided by {day} on line {line}"
            return DateColumn(DateFormat(label.format(sep), order, sep), zone, zone_name, why)
        example = example or (day, line)
    if example is None:
        return DateColumn(ISO, zone, zone_name)
    raise InvalidInput(
        f"{source}: column '{column}': dates such as {example[0]} (line {example[1]}) could be "
        f"m{sep}d{sep}Y or d{sep}m{sep}Y; say which with --date-format m{sep}d{sep}Y "
        f"or --date-format d{sep}m{sep}Y"
    )


def workspace_zone(name: str) -> tzinfo:
    """The zone of the workspace's ``timezone`` setting (UTC without the tz database)."""
    if name.upper() == "UTC":
        return UTC
    from zoneinfo import ZoneInfo

    return ZoneInfo(name)
