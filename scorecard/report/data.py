"""What a report shows, gathered from the Workspace in a few queries.

A week report reads the 13 weeks of trend and that week's commitments and
notes; a range report reads only the weeks of the range (one query per
table). Statuses of commitments are as they are now: the report written when
a week is closed is the record of that moment.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from scorecard import derived
from scorecard.config import Agreement, Config, Metric
from scorecard.grid import Grid, grid
from scorecard.models import TEAMS, Commitment, MetricLine, MetricValue, Note, WeekSummary
from scorecard.read.issues import RangeIssues, WeekIssues
from scorecard.status import SayDo, Status, metric_status, say_do, target_in_force
from scorecard.weeks import Week
from scorecard.workspace import Workspace

#: Longest range whose weekly values are drawn as a sparkline.
MAX_TREND_WEEKS = 53


@dataclass(frozen=True, slots=True)
class WeekReport:
    config: Config
    summary: WeekSummary
    reviewed: tuple[Commitment, ...]
    """On review this week (due, or overdue) and no longer open: their outcome."""
    still_open: tuple[Commitment, ...]
    """Open now: due by this week (overdue ones too), or made before it."""
    made: tuple[Commitment, ...]
    """Made this week."""
    agreements: tuple[Agreement, ...]
    """Agreed on or before the last day of the week."""
    issues: WeekIssues | None = None
    """Solved, dropped and open (ranked) at the end of the week."""

    @property
    def week(self) -> Week:
        return self.summary.week

    @property
    def lines(self) -> tuple[MetricLine, ...]:
        return self.summary.lines


@dataclass(frozen=True, slots=True)
class MetricTotals:
    """One metric over a range of weeks."""

    metric: Metric
    series: tuple[float | None, ...]
    """One value per week of the range, oldest first (None: not entered)."""
    statuses: tuple[Status, ...]
    """Status of each week against the target in force that week."""
    targets: tuple[float, ...]
    """The distinct targets in force over the range, sorted."""

    @property
    def entered(self) -> int:
        return sum(v is not None for v in self.series)

    @property
    def total(self) -> float | None:
        """None without values, or if the sum is beyond the range of a float."""
        present = [v for v in self.series if v is not None]
        total = sum(present)
        return total if present and math.isfinite(total) else None

    pooled: float | None = None
    """A derived rate over the range: its formula over its inputs' totals
    (:func:`scorecard.derived.pooled`); the average then is this."""

    @property
    def average(self) -> float | None:
        present = [v for v in self.series if v is not None]
        if not present:
            return None
        if self.pooled is not None:
            return self.pooled
        total = sum(present)
        if math.isfinite(total):
            return total / len(present)
        return math.fsum(v / len(present) for v in present)  # no overflow on the way

    @property
    def hits(self) -> int:
        return sum(s is Status.ON_TRACK for s in self.statuses)

    @property
    def hit_rate(self) -> float | None:
        return self.hits / self.entered if self.entered else None

    @property
    def summable(self) -> bool:
        """Counts and money add up over weeks; percentages do not."""
        return self.metric.unit != "percent"


@dataclass(frozen=True, slots=True)
class TeamTotals:
    """Commitments made in the range by one team, by their status now."""

    team: str
    made: int
    outcome: SayDo

    @property
    def kept(self) -> int:
        return self.outcome.done


@dataclass(frozen=True, slots=True)
class OwnerTotals:
    """Commitments made in the range by one owner (a person), by their status now."""

    owner: str
    made: int
    outcome: SayDo

    @property
    def kept(self) -> int:
        return self.outcome.done


@dataclass(frozen=True, slots=True)
class RangeReport:
    config: Config
    first: Week
    last: Week
    weeks: tuple[Week, ...]
    metrics: tuple[MetricTotals, ...]
    teams: tuple[TeamTotals, ...]
    owners: tuple[OwnerTotals, ...]
    """By owner name."""
    notes: tuple[Note, ...]
    ratings: dict[str, int]
    """Meeting rating by week id, for the weeks that have one."""
    values: tuple[MetricValue, ...]
    """Every stored value in the range (the raw data)."""
    shown: tuple[MetricValue, ...]
    """The values shown: the stored ones and the derived metrics' computed ones."""
    grid: Grid
    """The shown values as a grid over the whole range (Markdown cuts it in 13 weeks)."""
    commitments: tuple[Commitment, ...]
    """Commitments made in the range."""
    issues: RangeIssues | None = None
    """How many issues were raised and solved, and how long they stayed open."""

    @property
    def average_rating(self) -> float | None:
        if not self.ratings:
            return None
        return sum(self.ratings.values()) / len(self.ratings)


def agreements_in_force(config: Config, week: Week) -> tuple[Agreement, ...]:
    return tuple(a for a in config.agreements if a.agreed is not None and a.agreed <= week.sunday)


def week_report(ws: Workspace, week: Week) -> WeekReport:
    summary = ws.summary(week)
    return WeekReport(
        config=ws.config,
        summary=summary,
        reviewed=summary.reviewed,
        still_open=summary.still_open,
        made=summary.made,
        agreements=agreements_in_force(ws.config, week),
        issues=ws.week_issues(week),
    )


def _weeks(first: Week, last: Week) -> list[Week]:
    return [first + i for i in range(first.weeks_until(last) + 1)]


def _pooled(
    config: Config, spec: Metric, weeks: list[str], by_key: Mapping[tuple[str, str], MetricValue]
) -> float | None:
    """A derived rate over ``weeks`` (those it has a value in), from its inputs' totals."""
    keys = derived.pooled_inputs(config, spec)
    if keys is None:
        return None
    return derived.pooled(
        spec, [{k: by_key[(k, w)].value for k in keys if (k, w) in by_key} for w in weeks]
    )


def range_report(ws: Workspace, first: Week, last: Week) -> RangeReport:
    weeks = _weeks(first, last)
    values = ws.values_between(first, last)
    shown = ws.values_between(first, last, computed=True)
    by_key = {(v.metric, v.week): v for v in shown}
    metrics = []
    for spec in ws.config.metrics:
        found = [by_key.get((spec.key, w.id)) for w in weeks]
        metrics.append(
            MetricTotals(
                metric=spec,
                series=tuple(v.value if v else None for v in found),
                statuses=tuple(
                    metric_status(v.value, target_in_force(v.target, spec), spec)
                    for v in found
                    if v is not None
                ),
                targets=tuple(
                    sorted({target_in_force(v.target, spec) for v in found if v}) or [spec.target]
                ),
                pooled=_pooled(ws.config, spec, [v.week for v in found if v], by_key),
            )
        )
    made = ws.commitments_made_between(first, last)
    teams = tuple(
        TeamTotals(
            team=team,
            made=sum(c.team == team for c in made),
            outcome=say_do((c.status, 1) for c in made if c.team == team),
        )
        for team in TEAMS
    )
    owners = tuple(
        OwnerTotals(
            owner=owner,
            made=sum(c.owner == owner for c in made),
            outcome=say_do((c.status, 1) for c in made if c.owner == owner),
        )
        for owner in sorted({c.owner for c in made})
    )
    infos = ws.week_infos(first, last)
    return RangeReport(
        config=ws.config,
        first=first,
        last=last,
        weeks=tuple(weeks),
        metrics=tuple(metrics),
        teams=teams,
        owners=owners,
        notes=tuple(ws.notes_between(first, last)),
        ratings={k: i.rating for k, i in infos.items() if i.rating is not None},
        values=tuple(values),
        shown=tuple(shown),
        grid=grid(ws.config, weeks, shown),
        commitments=tuple(made),
        issues=ws.range_issues(first, last),
    )
