"""How domain values read, in words: one home for every sink (the app, ``show``,
Markdown, JSON, CSV, the close report and its commit message).

Only our own words and numbers live here; text typed by users is made inert
by :mod:`scorecard.text` where it lands.
"""

from __future__ import annotations

from scorecard.config import Config, Metric
from scorecard.numbers import format_number
from scorecard.status import Status

#: A commitment's status as a report shows it.
OUTCOMES = {
    "open": "open",
    "done": "✓ done",
    "missed": "✗ missed",
    "dropped": "– dropped",
    "carried": "↪ carried over",
}


def direction_arrow(metric: Metric) -> str:
    """``≥`` when higher is better, ``≤`` when lower is."""
    return "≥" if metric.direction == "higher" else "≤"


def target_label(metric: Metric, target: float, config: Config) -> str:
    """``≥ 120`` or ``≤ 15%``: the target and which side of it is good."""
    return f"{direction_arrow(metric)} {format_number(target, metric.unit, config.currency)}"


def status_label(status: Status) -> str:
    """``✓ on track``: a symbol and words, so colour never carries the meaning alone."""
    return f"{status.symbol} {status.value}"


def value_label(value: float | None, metric: Metric, config: Config) -> str:
    """A value in the metric's unit; ``—`` when none was entered."""
    return "—" if value is None else format_number(value, metric.unit, config.currency)


def late_label(weeks: int) -> str:
    """``1 week late``, ``3 weeks late``; empty when not late."""
    if weeks <= 0:
        return ""
    return "1 week late" if weeks == 1 else f"{weeks} weeks late"
