"""The week at a glance: its scorecard lines, commitments, notes and say/do."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from db import queries as q
from scorecard import config as cfg
from scorecard import validation
from scorecard.models import TEAMS, Commitment, MetricLine, MetricValue, WeekSummary
from scorecard.read.records import TREND_WEEKS, Records
from scorecard.status import SayDo, Status, metric_status, say_do, target_in_force
from scorecard.store import Store, locked
from scorecard.weeks import Week, week_range

if TYPE_CHECKING:
    from scorecard.funnel import Stage
    from scorecard.goals import GoalProgress
    from scorecard.grid import Grid


@dataclass(frozen=True, slots=True)
class WeekFigures:
    """The parts of a :class:`WeekSummary` read from the metric values alone."""

    lines: tuple[MetricLine, ...]
    funnel: tuple[Stage, ...]
    goals: tuple[GoalProgress, ...]
    grid: Grid


class WeekReads:
    def __init__(self, store: Store, config: cfg.Config, records: Records):
        self.store = store
        self.config = config
        self.records = records

    @locked
    def say_do(self, last: Week, weeks: int = TREND_WEEKS) -> dict[str, SayDo]:
        """Say/do per team over ``weeks`` ending with ``last`` (by due week)."""
        first = last - (weeks - 1)
        per_team: dict[str, list[tuple[str, int]]] = {}
        for row in q.team_outcomes(self.store.conn, first.id, last.id):
            per_team.setdefault(row["team"], []).append((row["status"], row["n"]))
        return {team: say_do(per_team.get(team, [])) for team in TEAMS}

    @locked
    def say_do_owners(self, last: Week, weeks: int = TREND_WEEKS) -> dict[str, SayDo]:
        """Say/do per owner (person) over ``weeks`` ending with ``last`` (by due week)."""
        first = last - (weeks - 1)
        per_owner: dict[str, list[tuple[str, int]]] = {}
        for row in q.owner_outcomes(self.store.conn, first.id, last.id):
            per_owner.setdefault(row["owner"], []).append((row["status"], row["n"]))
        return {owner: say_do(counts) for owner, counts in sorted(per_owner.items())}

    @locked
    def summary(self, week: Week) -> WeekSummary:
        """Everything about one week, in a handful of queries."""
        figures = self.figures(week)
        conn = self.store.conn
        return WeekSummary(
            info=self.records.week_info(week),
            lines=figures.lines,
            review=self._commitments(q.commitments_on_review(conn, week.id)),
            made=self._commitments(q.commitments_made_in(conn, week.id)),
            notes=tuple(self.records.notes(week)),
            say_do=self.say_do(week),
            funnel=figures.funnel,
            goals=figures.goals,
            grid=figures.grid,
            say_do_owners=self.say_do_owners(week),
            still_open=self._commitments(q.open_commitments_as_of(conn, week.id)),
        )

    @locked
    def figures(self, week: Week) -> WeekFigures:
        """What the week's values feed, as :meth:`summary` has it (one query): after
        saving values, this is all that changed, without the week's commitments."""
        # what only a whole week shows: loaded by the commands that show one
        from scorecard.funnel import funnel
        from scorecard.goals import first_week_needed, goals_for
        from scorecard.grid import grid

        weeks = week_range(week, TREND_WEEKS)
        first = min(weeks[0], first_week_needed(self.config, week))
        history = self._history(first, week, self.config.metrics)
        values = {key: row["value"] for key, row in history.items()}
        return WeekFigures(
            lines=self._lines(week, self.config.metrics, history),
            funnel=funnel(self.config, weeks, values),
            goals=goals_for(self.config, week, values),
            grid=grid(self.config, weeks, (MetricValue.from_row(r) for r in history.values())),
        )

    def _commitments(self, found: list[dict[str, Any]]) -> tuple[Commitment, ...]:
        """The valid rows as records; the others are left out (and named once)."""
        return tuple(Commitment.from_row(r) for r in self.store.keep_good("commitments", found))

    @locked
    def lines(self, week: Week) -> tuple[MetricLine, ...]:
        """The scorecard's rows alone, as :meth:`summary` has them (what issue
        suggestions read): one query instead of the whole week's."""
        specs = self.config.metrics
        history = self._history(week_range(week, TREND_WEEKS)[0], week, specs)
        return self._lines(week, specs, history)

    @locked
    def statuses(self, week: Week) -> dict[str, Status]:
        """Each metric's status in ``week``, as its scorecard row has it: the one
        week's rows alone (what issue suggestions compare with the week after)."""
        specs = self.config.metrics
        history = self._history(week, week, specs)
        return {line.metric.key: line.status for line in self._lines(week, specs, history)}

    @locked
    def metric_line(self, week: Week, metric: str) -> MetricLine:
        """One scorecard row, as :meth:`summary` has it: after saving one value,
        this is all that changed, at a fraction of the cost of the whole week."""
        specs = [validation.metric(self.config, metric)]
        history = self._history(week_range(week, TREND_WEEKS)[0], week, specs)
        return self._lines(week, specs, history)[0]

    def _history(
        self, first: Week, last: Week, specs: list[cfg.Metric]
    ) -> dict[tuple[str, str], dict[str, Any]]:
        """Value rows of ``specs`` (and their formulas' inputs) by (metric, week)."""
        rows = self.records.computed(first, last, [m.key for m in specs])
        return {(r["metric"], r["week"]): r for r in rows}

    def _lines(
        self, week: Week, specs: list[cfg.Metric], history: dict[tuple[str, str], dict[str, Any]]
    ) -> tuple[MetricLine, ...]:
        weeks = week_range(week, TREND_WEEKS)
        lines = []
        for spec in specs:
            row = history.get((spec.key, week.id))
            value = MetricValue.from_row(row) if row else None
            target = target_in_force(value.target if value else None, spec)
            prev = history.get((spec.key, (week - 1).id))
            lines.append(
                MetricLine(
                    metric=spec,
                    value=value,
                    target=target,
                    status=metric_status(value.value if value else None, target, spec),
                    previous=prev["value"] if prev else None,
                    trend=tuple((history.get((spec.key, w.id)) or {}).get("value") for w in weeks),
                )
            )
        return tuple(lines)
