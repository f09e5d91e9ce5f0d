"""Stored rows as domain records: find by id prefix, list by week or range."""

from __future__ import annotations

from typing import Any

from db import queries as q
from scorecard import config as cfg
from scorecard import derived, rows, validation
from scorecard.errors import NotFound
from scorecard.ids import find_by_prefix
from scorecard.models import Commitment, CommitmentEvent, MetricValue, Note, WeekInfo
from scorecard.store import Store, locked
from scorecard.weeks import Week, parse_week, week_range

TREND_WEEKS = 13


class Records:
    def __init__(self, store: Store, config: cfg.Config):
        self.store = store
        self.config = config

    # -- weeks ----------------------------------------------------------------

    @locked
    def week_info(self, week: Week) -> WeekInfo:
        row = self.store.good_or_none("weeks", q.get_week(self.store.conn, week.id))
        if not row:
            return WeekInfo(week)
        return WeekInfo(week, row["rating"], bool(row["closed"]), row["closed_at"])

    @locked
    def week_infos(self, first: Week, last: Week) -> dict[str, WeekInfo]:
        """Stored weeks in [first, last] by id (weeks never written are absent)."""
        return {
            r["week"]: WeekInfo(
                parse_week(r["week"]), r["rating"], bool(r["closed"]), r["closed_at"]
            )
            for r in self.store.keep_good(
                "weeks", q.weeks_between(self.store.conn, first.id, last.id)
            )
        }

    # -- metric values ----------------------------------------------------------

    @locked
    def value(self, week: Week, metric: str) -> MetricValue | None:
        row = q.get_value(self.store.conn, week.id, validation.metric(self.config, metric).key)
        row = self.store.good_or_none("metric_values", row)
        return MetricValue.from_row(row) if row else None

    @locked
    def series(self, metric: str, last: Week, count: int = TREND_WEEKS) -> list[float | None]:
        """Values of ``metric`` for ``count`` weeks ending with ``last``."""
        spec = validation.metric(self.config, metric)
        weeks = week_range(last, count)
        keys = derived.inputs(self.config, [spec.key])
        found = self.store.keep_good(
            "metric_values", q.values_between(self.store.conn, weeks[0].id, last.id, keys)
        )
        by_week = {
            r["week"]: r["value"]
            for r in derived.complete(self.config, found)
            if r["metric"] == spec.key
        }
        return [by_week.get(w.id) for w in weeks]

    def computed(self, first: Week, last: Week, metrics: list[str]) -> list[dict[str, Any]]:
        """Valid value rows of ``metrics`` in [first, last] and of what their formulas
        read, derived ones computed and graded by their weeks' recorded targets."""
        found = self.store.keep_good(
            "metric_values",
            q.values_between(
                self.store.conn, first.id, last.id, derived.inputs(self.config, metrics)
            ),
        )
        pinned = derived.targets(self.store, self.config, first.id, last.id)
        return derived.complete(self.config, found, pinned)

    @locked
    def values_between(
        self, first: Week, last: Week, *, computed: bool = False
    ) -> list[MetricValue]:
        """Every stored value in [first, last], by week then metric (one query).

        With ``computed``, derived metrics' values too (for what is shown); without,
        only what was typed (what an export writes and an import reads back).
        """
        found = self.store.keep_good(
            "metric_values", q.values_between(self.store.conn, first.id, last.id)
        )
        if computed:
            pinned = derived.targets(self.store, self.config, first.id, last.id)
            found = derived.complete(self.config, found, pinned)
        return [MetricValue.from_row(r) for r in found]

    @locked
    def typed_derived(self) -> list[tuple[str, int, str, str]]:
        """Derived metrics that also have typed values: (key, count, first, last week)."""
        return q.value_counts(self.store.conn, list(self.config.formulas))

    # -- commitments ----------------------------------------------------------

    @locked
    def find_commitment(self, prefix: str) -> Commitment:
        row = find_by_prefix(
            prefix, lambda key: q.commitments_by_prefix(self.store.conn, key), "commitment"
        )
        return Commitment.from_row(self.usable("commitments", row, "commitment"))

    def usable(self, table: str, row: dict[str, Any], what: str) -> dict[str, Any]:
        """``row``, found by its id, or NotFound if it failed validation."""
        bad = rows.problem(table, row)
        if bad is not None:
            raise NotFound(f"{what} {bad.key} is damaged ({bad.problem}); see 'scorecard check'")
        return row

    @locked
    def commitments(self, *, week: Week | None = None, open_only: bool = False) -> list[Commitment]:
        """All commitments, oldest due first; with ``week``, those on review in it
        (due then, or overdue and still open when it began) and those made in it."""
        if week is not None:
            found = q.commitments_of_week(self.store.conn, week.id)
            if open_only:
                found = [r for r in found if r["status"] == "open"]
        else:
            found = q.commitments_where(self.store.conn, open_only=open_only)
        return [Commitment.from_row(r) for r in self.store.keep_good("commitments", found)]

    @locked
    def commitments_made_between(self, first: Week, last: Week) -> list[Commitment]:
        """Commitments made in [first, last], oldest first."""
        found = q.commitments_made_between(self.store.conn, first.id, last.id)
        return [Commitment.from_row(r) for r in self.store.keep_good("commitments", found)]

    @locked
    def all_history(self) -> list[CommitmentEvent]:
        """Every status change of every commitment, oldest first."""
        found = self.store.keep_good("commitment_events", q.all_events(self.store.conn))
        return [CommitmentEvent.from_row(r) for r in found]

    @locked
    def history(self, prefix: str) -> list[CommitmentEvent]:
        found = self.find_commitment(prefix)
        events = q.events_for(self.store.conn, found.id)
        return [
            CommitmentEvent.from_row(r) for r in self.store.keep_good("commitment_events", events)
        ]

    # -- notes ----------------------------------------------------------------

    @locked
    def find_note(self, prefix: str) -> Note:
        row = find_by_prefix(prefix, lambda key: q.notes_by_prefix(self.store.conn, key), "note")
        return Note.from_row(self.usable("notes", row, "note"))

    @locked
    def notes(self, week: Week) -> list[Note]:
        found = q.notes_for_week(self.store.conn, week.id)
        return [Note.from_row(r) for r in self.store.keep_good("notes", found)]

    @locked
    def notes_between(self, first: Week, last: Week) -> list[Note]:
        found = q.notes_between(self.store.conn, first.id, last.id)
        return [Note.from_row(r) for r in self.store.keep_good("notes", found)]
