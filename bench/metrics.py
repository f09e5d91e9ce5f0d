"""The benchmark workspace's 30 metrics: the default thirteen plus seventeen more a
mature sales & marketing pair ends up tracking, spread over the three areas.

``since`` is the year (counted from the start of the history) in which the
team started tracking a metric: scorecards grow over the years.
"""

from __future__ import annotations

from dataclasses import dataclass

from scorecard.config import Metric
from scorecard.defaults import DEFAULT_METRICS


@dataclass(frozen=True)
class Tracked:
    metric: Metric
    since: int = 0
    """Years after the first week before the metric was tracked."""


def _m(key: str, name: str, area: str, owner: str, target: float, **kw: object) -> Metric:
    return Metric(key=key, name=name, area=area, owner=owner, target=target, **kw)  # type: ignore[arg-type]


EXTRA_METRICS = [
    Tracked(_m("contacts", "New contacts", "awareness", "marketing", 2500)),
    Tracked(_m("prospects", "New prospects", "awareness", "marketing", 600)),
    Tracked(_m("event-leads", "Event leads", "awareness", "marketing", 45), since=1),
    Tracked(_m("content-downloads", "Content downloads", "awareness", "marketing", 900), since=2),
    Tracked(_m("social-reach", "Social reach", "awareness", "marketing", 40000), since=3),
    Tracked(_m("demo-requests", "Demo requests", "awareness", "shared", 35)),
    Tracked(
        _m(
            "cost-per-lead",
            "Cost per lead",
            "awareness",
            "marketing",
            85,
            unit="currency",
            direction="lower",
        ),
        since=1,
    ),
    Tracked(_m("meetings-booked", "Meetings booked", "revenue", "sales", 60)),
    Tracked(
        _m("avg-deal", "Average deal size", "revenue", "sales", 15000, unit="currency"), since=1
    ),
    Tracked(_m("expansion", "Expansion revenue", "revenue", "shared", 30000, unit="currency")),
    Tracked(
        _m("sales-cycle", "Sales cycle (days)", "revenue", "sales", 45, direction="lower"),
        since=4,
    ),
    Tracked(
        _m("nps", "Net promoter score", "trust", "shared", 45, tolerance=0.2),
    ),
    Tracked(
        _m("churn", "Customer churn", "trust", "shared", 2, unit="percent", direction="lower"),
    ),
    Tracked(
        _m(
            "first-response-hours",
            "First response (hours)",
            "trust",
            "sales",
            8,
            direction="lower",
            tolerance=0.25,
        ),
        since=1,
    ),
    Tracked(
        _m(
            "lead-reason-logged",
            "Rejected leads with a reason",
            "trust",
            "sales",
            95,
            unit="percent",
            tolerance=0.05,
        ),
        since=3,
    ),
    Tracked(_m("case-studies", "Customer stories published", "trust", "marketing", 1), since=2),
    Tracked(
        _m("joint-reviews", "Joint pipeline reviews held", "trust", "shared", 1, tolerance=0.0),
        since=5,
    ),
]

ALL_METRICS = [Tracked(m) for m in DEFAULT_METRICS] + EXTRA_METRICS
assert len(ALL_METRICS) == 30


def chosen(count: int) -> list[Tracked]:
    """``count`` metrics, taken round-robin over the areas so each area has some."""
    if not 1 <= count <= len(ALL_METRICS):
        raise ValueError(f"metrics: 1 to {len(ALL_METRICS)}, not {count}")
    by_area: dict[str, list[Tracked]] = {}
    for item in ALL_METRICS:
        by_area.setdefault(item.metric.area, []).append(item)
    picked: list[Tracked] = []
    while len(picked) < count:
        for items in by_area.values():
            if items and len(picked) < count:
                picked.append(items.pop(0))
    # Display order within each area follows the master list.
    order = {t.metric.key: i for i, t in enumerate(ALL_METRICS)}
    return sorted(picked, key=lambda t: (t.metric.area, order[t.metric.key]))
