"""scorecard.toml's metrics as rows of the database's ``metrics`` table (db/catalog.py).

Written by every write (the store's unit of work calls :func:`sync` first), so the
table says what the toml said at the last change; read commands never write it.
Bounds are the effective ones (the unit's defaults filled in), NULL for no limit;
``formula`` and ``stage`` are NULL for a typed metric and one outside the funnel.
"""

from __future__ import annotations

import math
from sqlite3 import Connection
from typing import Any

from db import catalog
from scorecard.bounds import bounds_of
from scorecard.config import Config, Metric


def _limit(value: float | None) -> float | None:
    # floats, as a REAL column gives them back: an unchanged toml then compares equal
    return None if value is None or math.isinf(value) else float(value)


def row(metric: Metric, position: int) -> dict[str, Any]:
    bounds = bounds_of(metric)
    return {
        "key": metric.key,
        "name": metric.name,
        "area": metric.area,
        "owner": metric.owner,
        "unit": metric.unit,
        "direction": metric.direction,
        "tolerance": float(metric.tolerance),
        "target": float(metric.target),
        "min": _limit(bounds.min),
        "max": _limit(bounds.max),
        "decimals": bounds.decimals,
        "description": metric.description,
        "position": position,
        "formula": metric.formula or None,
        "stage": metric.stage,
    }


def rows(config: Config) -> list[dict[str, Any]]:
    return [row(m, i) for i, m in enumerate(config.metrics, start=1)]


def sync(conn: Connection, now: str, *, config: Config) -> int:
    """Bring the ``metrics`` table in step with ``config`` (inside a write transaction)."""
    return catalog.sync(conn, rows(config), now)
