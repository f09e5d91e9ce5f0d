"""Derived metrics in the read path: their weekly values computed from the typed ones.

A derived metric (``formula = "…"`` in scorecard.toml) has no stored values: every
read that returns metric values for some weeks (a week's lines, a trend, a range)
passes the stored rows through :func:`complete`, which adds one row per week and
derived metric wherever its formula has a value. Such rows carry the target
recorded for that week (:func:`pin`: the week's first value written, or its close,
records the target in scorecard.toml then; a week with none is graded against the
target now), no note and no author. Exports of the raw
values (CSV, the JSON ``values``) keep only the typed rows, which is what an
import can read back.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from sqlite3 import Connection
from typing import TYPE_CHECKING, Any

from db import queries as q
from scorecard import formula as fx
from scorecard.config import Config, Metric
from scorecard.errors import InvalidInput

if TYPE_CHECKING:
    from scorecard.store import Store

Row = dict[str, Any]
Targets = Mapping[tuple[str, str], float]
"""Recorded targets of derived metrics by ``(metric key, week id)``."""


def refusal(spec: Metric) -> str:
    """Why a derived metric cannot be typed, in one line."""
    return f"{spec.key} is derived ({spec.formula}); it is computed from those metrics, not typed"


def refuse_typed(spec: Metric) -> None:
    """The one rule for ``set``, import and the app: a derived metric is never typed."""
    if spec.derived:
        raise InvalidInput(refusal(spec))


def inputs(config: Config, keys: Iterable[str]) -> list[str]:
    """``keys`` and every metric their formulas read, directly or not (sorted)."""
    needed: set[str] = set()
    todo = list(keys)
    while todo:
        key = todo.pop()
        if key in needed:
            continue
        needed.add(key)
        node = config.formulas.get(key)
        if node is not None:
            todo.extend(fx.refs(node))
    return sorted(needed)


def readers(config: Config, key: str) -> list[str]:
    """The derived metrics whose formulas read ``key``, directly or not."""
    return sorted(k for k in config.formulas if k != key and key in inputs(config, [k]))


def shown_elsewhere(config: Config, key: str) -> bool:
    """Whether a change to ``key`` changes more than the scorecard's lines (its own
    and its :func:`readers`'): it is a funnel stage, or a goal is measured by it or
    by one of its readers."""
    goal_metrics = {g.metric for g in config.goals}
    return any(m.key == key for m in config.funnel) or bool(
        ({key, *readers(config, key)}) & goal_metrics
    )


def pin(conn: Connection, config: Config, weeks: Iterable[str]) -> None:
    """Record the target in force now of every derived metric for each of ``weeks``
    that has none yet (inside a write): from then on that week is graded against it,
    as a typed value keeps the target it was entered with."""
    pairs = [(m.key, float(m.target)) for m in config.metrics if m.derived]
    if pairs:
        for week in dict.fromkeys(weeks):
            q.pin_targets(conn, week, pairs)


def targets(store: Store, config: Config, first: str, last: str) -> dict[tuple[str, str], float]:
    """The recorded targets of the derived metrics in [first, last] (valid rows only)."""
    if not config.formulas:
        return {}
    found = store.keep_good(
        "derived_targets", q.targets_between(store.conn, first, last, list(config.formulas))
    )
    return {(r["metric"], r["week"]): r["target"] for r in found}


def pooled_inputs(config: Config, spec: Metric) -> list[str] | None:
    """The inputs whose totals give ``spec``'s rate over several weeks, or None.

    A derived percentage over typed counts or money (``sqls-accepted / mqls * 100``)
    is summarised by its formula over the inputs' totals, not by the average of its
    weekly rates: 10 of 100 then 2 of 2 is 12 of 102 (11.8%), where the average of
    10% and 100% would be 55%. The figure then agrees with the totals it comes from.
    """
    if not spec.derived or spec.unit != "percent":
        return None
    keys = sorted(set(fx.refs(config.formulas[spec.key])))
    for key in keys:
        found = config.metric(key)
        if found is None or found.derived or found.unit == "percent":
            return None
    return keys


def pooled(spec: Metric, weeks: Iterable[Mapping[str, float]]) -> float | None:
    """``spec``'s formula over the totals of its inputs across ``weeks`` (each week's
    input values, for the weeks where ``spec`` has a value); None without any."""
    totals: dict[str, list[float]] = {}
    for inputs in weeks:
        for key, value in inputs.items():
            totals.setdefault(key, []).append(value)
    if not totals or spec.formula is None:
        return None
    return fx.evaluate(fx.parse(spec.formula), {k: math.fsum(v) for k, v in totals.items()})


def complete(config: Config, rows: Iterable[Row], targets: Targets | None = None) -> list[Row]:
    """Stored value rows plus the derived ones, by week then metric; a derived row
    carries its week's recorded target from ``targets`` (else none: the target now).

    A stored row of a derived metric (left by an older config) is ignored: the
    formula decides (``scorecard check`` and opening the workspace report it).
    """
    formulas = config.formulas
    typed = [r for r in rows if r["metric"] not in formulas]
    if not formulas:
        return typed
    by_week: dict[str, dict[str, float | None]] = {}
    for row in typed:
        by_week.setdefault(row["week"], {})[row["metric"]] = row["value"]
    order = list(formulas)
    out = list(typed)
    pinned = targets or {}
    for week, values in by_week.items():
        computed = fx.derive(formulas, order, values)
        for key in order:
            value = computed[key]
            if value is not None:
                out.append(derived_row(week, key, value, pinned.get((key, week))))
    out.sort(key=lambda r: (r["week"], r["metric"]))
    return out


def derived_row(week: str, metric: str, value: float, target: float | None = None) -> Row:
    return {
        "week": week,
        "metric": metric,
        "value": value,
        "target": target,
        "note": None,
        "entered_by": None,
        "entered_at": "",
    }
