"""History over a range of weeks: one metric's weekly values against the target
in force each week, say/do per team each week, and the commitments of the range.

The history screen shows this; it is read in three queries however long the
range is (ten years of weeks included).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from db import queries as q
from scorecard import config as cfg
from scorecard import validation
from scorecard.enums import TEAMS
from scorecard.models import Commitment
from scorecard.read.records import Records
from scorecard.status import SayDo, Status, metric_status, say_do, target_in_force
from scorecard.store import Store, locked
from scorecard.weeks import Week, week_range

#: Commitments remembered as validated: ten years are 5,000; edits add versions.
MAX_KNOWN = 50_000


@dataclass(frozen=True, slots=True)
class WeekPoint:
    """One metric in one week."""

    week: Week
    value: float | None
    target: float
    """The target in force that week (stored with the value, else the metric's now)."""
    status: Status


@dataclass(frozen=True, slots=True)
class MetricHistory:
    metric: cfg.Metric
    first: Week
    last: Week
    points: tuple[WeekPoint, ...]
    """One per week of the range, oldest first."""
    say_do: tuple[tuple[Week, dict[str, SayDo]], ...]
    """Say/do per team of the commitments due each week, oldest first."""
    commitments: tuple[Commitment, ...]
    """Made by the last week and due from the first on, latest due first."""


class HistoryReads:
    def __init__(self, store: Store, config: cfg.Config, records: Records):
        self.store = store
        self.config = config
        self.records = records
        self._alive: tuple[tuple[object, str, str], tuple[Commitment, ...]] | None = None
        """The commitments of the last range read, and the generation and range they
        were read at: read again only when either changed."""
        self._known: dict[tuple[Any, ...], Commitment] = {}
        """Every commitment validated so far, by its row's values: a row read again
        with the same values (another range, a write elsewhere in the file) is that
        commitment, not validated and made again; any value changed, and it is."""

    @locked
    def metric_history(self, metric: str, first: Week, last: Week) -> MetricHistory:
        spec = validation.metric(self.config, metric)
        return MetricHistory(
            spec,
            first,
            last,
            self.metric_points(spec.key, first, last),
            self.say_do_weeks(first, last),
            self.commitments_alive(first, last),
        )

    @locked
    def metric_points(self, metric: str, first: Week, last: Week) -> tuple[WeekPoint, ...]:
        """One metric's value, target in force and status each week of the range."""
        spec = validation.metric(self.config, metric)
        weeks = week_range(last, first.weeks_until(last) + 1)
        stored = {
            r["week"]: r
            for r in self.records.computed(first, last, [spec.key])
            if r["metric"] == spec.key
        }
        points = []
        for week in weeks:
            row = stored.get(week.id)
            value = row["value"] if row else None
            target = target_in_force(row["target"] if row else None, spec)
            points.append(WeekPoint(week, value, target, metric_status(value, target, spec)))
        return tuple(points)

    @locked
    def say_do_weeks(self, first: Week, last: Week) -> tuple[tuple[Week, dict[str, SayDo]], ...]:
        """Say/do per team of the commitments due each week of the range."""
        weeks = week_range(last, first.weeks_until(last) + 1)
        counts: dict[str, dict[str, list[tuple[str, int]]]] = {}
        for r in q.team_outcomes_by_week(self.store.conn, first.id, last.id):
            counts.setdefault(r["due_week"], {}).setdefault(r["team"], []).append(
                (r["status"], r["n"])
            )
        return tuple(
            (week, {team: say_do(counts.get(week.id, {}).get(team, [])) for team in TEAMS})
            for week in weeks
        )

    @locked
    def commitments_alive(self, first: Week, last: Week) -> tuple[Commitment, ...]:
        return self._commitments(first, last)

    def _commitments(self, first: Week, last: Week) -> tuple[Commitment, ...]:
        """Alive in [first, last], latest due first: another metric, or the same
        range again with nothing written since, reads none again; a row read
        before with the same values is not validated again (ten years are 5,000
        commitments, and the history opens on 13 weeks before a longer range)."""
        at = (self.store.generation(), first.id, last.id)  # before the read
        if self._alive is not None and self._alive[0] == at:
            return self._alive[1]
        columns = Commitment.__slots__
        alive = q.commitments_overlapping(self.store.conn, first.id, last.id, columns)
        known = self._known
        new = [values for values in alive if values not in known]
        if new and len(known) + len(new) > MAX_KNOWN:  # old versions of rows edited since
            known.clear()
            new = alive
        if new:
            good = self.store.keep_good(  # validated like every row read (scorecard.rows)
                "commitments", (dict(zip(columns, values, strict=True)) for values in new)
            )
            for row in good:
                known[tuple(row[c] for c in columns)] = Commitment(**row)
        items = tuple(c for values in alive if (c := known.get(values)) is not None)
        self._alive = (at, items)
        return items
