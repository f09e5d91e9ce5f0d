"""What a metric's value may be: the one home of the rules every way in applies.

``scorecard set``, the app's value entry and ``scorecard import`` read what was
typed with :func:`parse_value`; the Workspace checks every value it stores with
:func:`check_value` and every week with :func:`check_week`. All pure: they
read a :class:`~scorecard.config.Metric` and raise :class:`OutOfBounds` (or
:class:`WeekAhead`) with one sentence that says why.

A metric may set ``min``, ``max`` and ``decimals`` in scorecard.toml; what it
leaves out comes from its unit:

=========  =====  =====  ==========================
unit       min    max    decimals
=========  =====  =====  ==========================
count      0      none   0 (whole numbers)
currency   0      none   any
percent    0      100    any
=========  =====  =====  ==========================

Typed text may carry the unit's own sign (``35%`` for a percent, ``$48,000``
or ``48,000 USD`` for currency) and, for counts and currency, a suffix
(``95k``, ``1.2m``, ``2bn``). A sign of another unit is refused, and so is a
fraction typed for a percent whose target is above 1 (``0.27`` against 25%:
"did you mean 27%?"; ``0.27%`` says it is meant).
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from scorecard.errors import InvalidInput, OutOfBounds, WeekAhead
from scorecard.numbers import format_number, plain_number, read_number
from scorecard.weeks import Week

if TYPE_CHECKING:
    from scorecard.config import Metric, Unit

#: How far ahead of this week a value may be recorded without ``--force``.
WEEKS_AHEAD = 1


@dataclass(frozen=True, slots=True)
class Bounds:
    """The values one metric accepts (``None``: no limit)."""

    min: float | None = None
    max: float | None = None
    decimals: int | None = None

    def describe(self, unit: Unit = "count", currency: str = "USD") -> str:
        """``a whole number from 0``, ``0% to 100%``: for help and docs."""

        def shown(value: float) -> str:
            return format_number(value, unit, currency)

        low = None if self.min is None or math.isinf(self.min) else self.min
        high = None if self.max is None or math.isinf(self.max) else self.max
        if low is not None and high is not None:
            span = f"{shown(low)} to {shown(high)}"
        elif low is not None:
            span = f"at least {shown(low)}"
        elif high is not None:
            span = f"at most {shown(high)}"
        else:
            span = "any value"
        if self.decimals == 0:
            return f"a whole number, {span}"
        if self.decimals is not None:
            places = "decimal" if self.decimals == 1 else "decimals"
            return f"{span}, with at most {self.decimals} {places}"
        return span


UNIT_DEFAULTS: dict[str, Bounds] = {
    "count": Bounds(min=0, decimals=0),
    "currency": Bounds(min=0),
    "percent": Bounds(min=0, max=100),
}

_UNIT_NAMES = {"count": "a count", "currency": "an amount of money", "percent": "a percentage"}
#: Currency symbols and the ISO codes they may stand for.
_SYMBOL_CODES = {
    "$": ("USD", "CAD", "AUD", "NZD", "SGD", "HKD", "MXN"),
    "€": ("EUR",),
    "£": ("GBP",),
    "¥": ("JPY", "CNY"),
}


def bounds_of(metric: Metric) -> Bounds:
    """The metric's own ``min``/``max``/``decimals``, the unit's defaults for the rest."""
    base = UNIT_DEFAULTS[metric.unit]
    return Bounds(
        min=base.min if metric.min is None else metric.min,
        max=base.max if metric.max is None else metric.max,
        decimals=base.decimals if metric.decimals is None else metric.decimals,
    )


def check_bounds(metric: Metric) -> None:
    """A metric definition whose bounds make sense, or ``ValueError`` (config check)."""
    bounds = bounds_of(metric)
    low, high = bounds.min, bounds.max
    if any(b is not None and math.isnan(b) for b in (low, high)):
        raise ValueError("min and max must be numbers (inf for no limit), not nan")
    if low is not None and high is not None and low > high:
        raise ValueError(f"min {plain_number(low)} is above max {plain_number(high)}")
    if low is not None and metric.target < low:
        raise ValueError(
            f"target {plain_number(metric.target)} is below the minimum {plain_number(low)}"
        )
    if high is not None and metric.target > high:
        raise ValueError(
            f"target {plain_number(metric.target)} is above the maximum {plain_number(high)}"
        )


def _decimals(value: float) -> int:
    """Decimal places of the shortest repr: 12.5 has 1, 1200.0 has 0."""
    exponent = Decimal(repr(value)).normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def check_value(metric: Metric, value: float, *, currency: str = "USD") -> float:
    """``value`` if ``metric`` accepts it, else :class:`OutOfBounds` saying why."""
    if not math.isfinite(value):
        raise OutOfBounds(f"{metric.name}: value must be a finite number, not {value}")
    value = float(value) + 0.0  # -0.0 is stored as 0.0
    bounds = bounds_of(metric)

    def shown(number: float) -> str:  # as the app shows it, unless that would round it
        exact = _decimals(number) <= 2
        return format_number(number, metric.unit, currency) if exact else plain_number(number)

    if bounds.min is not None and value < bounds.min:  # -inf: no limit
        raise OutOfBounds(f"{metric.name} cannot be below {shown(bounds.min)} (got {shown(value)})")
    if bounds.max is not None and value > bounds.max:
        raise OutOfBounds(f"{metric.name} cannot be above {shown(bounds.max)} (got {shown(value)})")
    if bounds.decimals is not None and _decimals(value) > bounds.decimals:
        if bounds.decimals == 0:
            raise OutOfBounds(f"{metric.name} is a whole number (got {plain_number(value)})")
        places = "decimal" if bounds.decimals == 1 else "decimals"
        raise OutOfBounds(
            f"{metric.name} takes at most {bounds.decimals} {places} (got {plain_number(value)})"
        )
    return value


def _currency_fits(written: str, currency: str) -> bool:
    if written in _SYMBOL_CODES:
        return currency in _SYMBOL_CODES[written]
    return written == currency


def parse_value(
    metric: Metric,
    text: str,
    *,
    target: float | None = None,
    currency: str = "USD",
    decimal_comma: bool = False,
) -> float:
    """The value ``text`` stands for as ``metric``'s actual, or :class:`InvalidInput`.

    ``target`` is the target in force for the week (the metric's own if not
    given); ``currency`` the workspace's; ``decimal_comma`` as for
    :func:`~scorecard.numbers.parse_number`.
    """
    reading = read_number(text, decimal_comma=decimal_comma, scales=True)
    kind = _UNIT_NAMES[metric.unit]
    typed = text.strip()
    if reading.scale and metric.unit == "percent":
        raise OutOfBounds(f"'{typed}': k, m and bn are for counts and amounts, not percentages")
    if reading.percent and metric.unit != "percent":
        raise OutOfBounds(f"'{typed}' has a % sign, but {metric.name} is {kind}")
    if reading.currency and metric.unit != "currency":
        raise OutOfBounds(f"'{typed}' has a currency sign, but {metric.name} is {kind}")
    if reading.currency and not _currency_fits(reading.currency, currency):
        raise OutOfBounds(f"'{typed}' is not in {currency}, the currency of this workspace")
    target = metric.target if target is None else target
    fraction = 0 < abs(reading.value) < 1
    if metric.unit == "percent" and fraction and not reading.percent and target > 1:
        meant = format_number(float(Decimal(repr(reading.value)) * 100), "percent")
        raise OutOfBounds(
            f"{metric.name} is a percentage: did you mean {meant}? "
            f"(type {typed}% if you mean less than 1%)"
        )
    return check_value(metric, reading.value, currency=currency)


@functools.lru_cache(maxsize=8)  # an import checks every row against the same week
def _latest(this: Week) -> Week:
    """The latest week a value may be entered for without ``force``."""
    return this + WEEKS_AHEAD


def check_week(week: Week, *, this_week: Week | None = None, force: bool = False) -> Week:
    """``week`` unless it is more than one week ahead of this week (and not ``force``)."""
    this = this_week or Week.current()
    if not force and week > _latest(this):
        ahead = this.weeks_until(week)
        raise WeekAhead(f"{week} is {ahead} weeks ahead of this week ({this})")
    return week


__all__ = [
    "UNIT_DEFAULTS",
    "Bounds",
    "InvalidInput",
    "OutOfBounds",
    "WeekAhead",
    "bounds_of",
    "check_bounds",
    "check_value",
    "check_week",
    "parse_value",
]
