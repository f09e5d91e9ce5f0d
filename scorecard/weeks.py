"""ISO weeks: ``2026-W47``. Parse, format, step and give their dates."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date, timedelta

from scorecard import clock
from scorecard.errors import InvalidInput

_WEEK_RE = re.compile(r"^(\d{4,})-?[Ww](\d{1,2})$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_RELATIVE = {
    **dict.fromkeys(("this", "current", "now"), 0),
    **dict.fromkeys(("last", "previous", "prev"), -1),
    "next": 1,
}
# The last week of 9999 ends in the year 10000, past what ``datetime.date`` holds.
MAX_YEAR = 9998


@functools.cache  # every Week made checks its number against it
def weeks_in_year(year: int) -> int:
    """52 or 53: the ISO week of 28 December is always the last one."""
    return date(year, 12, 28).isocalendar()[1]


@dataclass(frozen=True, order=True, slots=True)
class Week:
    year: int
    number: int

    def __post_init__(self) -> None:
        if not 1 <= self.year <= MAX_YEAR:
            raise InvalidInput(f"invalid week {self.year}-W{self.number:02d}: year out of range")
        last = weeks_in_year(self.year)
        if not 1 <= self.number <= last:
            raise InvalidInput(
                f"invalid week {self.year}-W{self.number:02d}: {self.year} has weeks 1 to {last}"
            )

    def __str__(self) -> str:
        return f"{self.year:04d}-W{self.number:02d}"

    @property
    def id(self) -> str:
        return str(self)

    @property
    def monday(self) -> date:
        return date.fromisocalendar(self.year, self.number, 1)

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    def __add__(self, weeks: int) -> Week:
        try:
            return Week.of(self.monday + timedelta(weeks=weeks))
        except OverflowError:  # before year 1 or after the last date Python knows
            raise InvalidInput(f"{weeks:+d} weeks from {self} is out of range") from None

    def __sub__(self, weeks: int) -> Week:
        return self + (-weeks)

    def weeks_until(self, other: Week) -> int:
        return (other.monday - self.monday).days // 7

    def label(self) -> str:
        """``2026-W47 (16 Nov – 22 Nov 2026)``."""
        mon, sun = self.monday, self.sunday
        start = f"{mon.day} {mon:%b}" + ("" if mon.year == sun.year else f" {mon.year}")
        return f"{self} ({start} – {sun.day} {sun:%b} {sun.year})"

    @classmethod
    def of(cls, day: date) -> Week:
        year, number, _ = day.isocalendar()
        return cls(year, number)

    @classmethod
    def current(cls) -> Week:
        return cls.of(clock.today())


def parse_week(text: str, *, relative_to: Week | None = None) -> Week:
    """Parse ``2026-W47``, a date inside the week, or ``this``/``last``/``next``."""
    spec = text.strip()
    lowered = spec.lower()
    if lowered in _RELATIVE:  # today is asked for only here (an import reads many weeks)
        return (relative_to or Week.current()) + _RELATIVE[lowered]
    match = _WEEK_RE.match(spec)
    if match:
        return Week(int(match.group(1)), int(match.group(2)))
    if _DATE_RE.match(spec):
        try:
            return Week.of(date.fromisoformat(spec))
        except ValueError as exc:
            raise InvalidInput(f"invalid date '{spec}': {exc}") from None
    raise InvalidInput(
        f"invalid week '{spec}': use an ISO week like 2026-W47, a date like 2026-11-18, "
        "or this/last/next"
    )


def week_range(last: Week, count: int) -> list[Week]:
    """``count`` consecutive weeks ending with ``last`` (oldest first)."""
    return [last - offset for offset in range(count - 1, -1, -1)]
