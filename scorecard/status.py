"""Status rules: on track / at risk / off track, say/do ratios, trend series."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from scorecard.enums import COMMITMENT_STATUSES

if TYPE_CHECKING:
    from scorecard.config import Metric


class Status(StrEnum):
    ON_TRACK = "on track"
    AT_RISK = "at risk"
    OFF_TRACK = "off track"
    NO_DATA = "no data"

    @property
    def symbol(self) -> str:
        return _SYMBOLS[self]


_SYMBOLS = {
    Status.ON_TRACK: "✓",
    Status.AT_RISK: "!",
    Status.OFF_TRACK: "✗",
    Status.NO_DATA: "·",
}


def evaluate(value: float | None, target: float | None, direction: str, tolerance: float) -> Status:
    """Status of ``value`` against ``target``.

    Higher is better: at or above target is on track; within ``tolerance``
    (a fraction of the target) below it is at risk; further below is off track.
    Lower is better mirrors this. The band is ``tolerance × |target|``.
    """
    if value is None or target is None:
        return Status.NO_DATA
    band = abs(target) * tolerance
    gap = value - target if direction == "higher" else target - value
    if gap >= 0:
        return Status.ON_TRACK
    if -gap <= band:
        return Status.AT_RISK
    return Status.OFF_TRACK


def target_in_force(stored: float | None, spec: Metric) -> float:
    """The target a value is judged against: the one stored with it when it was
    entered (targets change over time), else the metric's target now."""
    return stored if stored is not None else spec.target


def metric_status(value: float | None, target: float | None, spec: Metric) -> Status:
    """:func:`evaluate` with ``spec``'s direction and tolerance."""
    return evaluate(value, target, spec.direction, spec.tolerance)


@dataclass(frozen=True, slots=True)
class SayDo:
    """Kept promises: done / (done + missed + carried). Dropped ones are
    excluded (both leads agreed they no longer matter); open ones are not yet due."""

    done: int = 0
    missed: int = 0
    carried: int = 0
    dropped: int = 0
    open: int = 0

    @property
    def judged(self) -> int:
        return self.done + self.missed + self.carried

    @property
    def ratio(self) -> float | None:
        return self.done / self.judged if self.judged else None

    def label(self) -> str:
        if self.ratio is None:
            return "–"
        return f"{round(self.ratio * 100)}% ({self.done}/{self.judged})"


def say_do(statuses: Iterable[tuple[str, int]]) -> SayDo:
    """Build a :class:`SayDo` from ``(status, count)`` pairs."""
    counts = dict.fromkeys(COMMITMENT_STATUSES, 0)
    for status, n in statuses:
        if status in counts:
            counts[status] += n
    return SayDo(**counts)


SPARK_BLOCKS = "▁▂▃▄▅▆▇█"


def sparkline(series: Sequence[float | None]) -> str:
    """A text sparkline; missing weeks are a space. Scaled to the series' range."""
    present = [v for v in series if v is not None]
    if not present:
        return " " * len(series)
    low, high = min(present), max(present)
    # halves keep huge ranges (near ±1.8e308) from overflowing to inf; a range
    # too small to halve (5e-324) counts as flat
    span = high / 2 - low / 2
    out = []
    for value in series:
        if value is None:
            out.append(" ")
        elif span == 0:
            out.append(SPARK_BLOCKS[len(SPARK_BLOCKS) // 2])
        else:
            index = round((value / 2 - low / 2) / span * (len(SPARK_BLOCKS) - 1))
            out.append(SPARK_BLOCKS[index])
    return "".join(out)
