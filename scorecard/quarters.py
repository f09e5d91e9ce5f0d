"""Quarters of ISO weeks: ``2026-Q4``.

A week belongs to the quarter of its Thursday, as an ISO week belongs to the
year of its Thursday: 2026-W40 (28 Sep – 4 Oct 2026, Thursday 1 Oct) is in
2026-Q4. A quarter so has 12 to 14 whole weeks (13 mostly) and no week is
in two.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from scorecard.errors import InvalidInput
from scorecard.weeks import MAX_YEAR, Week

_QUARTER_RE = re.compile(r"^(\d{4})-?[Qq]([1-4])$")
_THURSDAY = 3


@dataclass(frozen=True, order=True, slots=True)
class Quarter:
    year: int
    number: int

    def __post_init__(self) -> None:
        if not 1 <= self.year <= MAX_YEAR or not 1 <= self.number <= 4:
            raise InvalidInput(f"invalid quarter {self.year}-Q{self.number}")

    def __str__(self) -> str:
        return f"{self.year:04d}-Q{self.number}"

    @property
    def id(self) -> str:
        return str(self)

    @classmethod
    def of(cls, week: Week) -> Quarter:
        thursday = week.monday + timedelta(days=_THURSDAY)
        return cls(thursday.year, (thursday.month - 1) // 3 + 1)

    @property
    def first_week(self) -> Week:
        start = date(self.year, 3 * self.number - 2, 1)
        return Week.of(start + timedelta(days=(_THURSDAY - start.weekday()) % 7))

    @property
    def last_week(self) -> Week:
        after = (
            date(self.year + 1, 1, 1)
            if self.number == 4
            else date(self.year, 3 * self.number + 1, 1)
        )
        end = after - timedelta(days=1)
        return Week.of(end - timedelta(days=(end.weekday() - _THURSDAY) % 7))

    def weeks(self) -> list[Week]:
        first = self.first_week
        return [first + i for i in range(first.weeks_until(self.last_week) + 1)]

    def __add__(self, quarters: int) -> Quarter:
        index = self.year * 4 + self.number - 1 + quarters
        return Quarter(index // 4, index % 4 + 1)

    def __sub__(self, quarters: int) -> Quarter:
        return self + (-quarters)


def parse_quarter(text: str, *, relative_to: Week | None = None) -> Quarter:
    """``2026-Q4`` (or ``2026q4``), or ``this``/``last``/``next`` (of the current week)."""
    spec = text.strip()
    lowered = spec.lower()
    steps = {"this": 0, "current": 0, "now": 0, "last": -1, "previous": -1, "prev": -1, "next": 1}
    if lowered in steps:
        return Quarter.of(relative_to or Week.current()) + steps[lowered]
    match = _QUARTER_RE.match(spec)
    if match is None:
        raise InvalidInput(f"invalid quarter '{spec}': use a quarter like 2026-Q4")
    return Quarter(int(match.group(1)), int(match.group(2)))
