"""Metric values: set one (with a stale-edit check), set many at once, clear one."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from db import queries as q
from scorecard import config as cfg
from scorecard import derived, validation
from scorecard.bounds import check_value, check_week
from scorecard.errors import StaleEdit, WeekClosed
from scorecard.ids import current_user
from scorecard.models import MetricValue
from scorecard.store import Store, locked
from scorecard.weeks import Week

#: ``expected`` not given: no stale-edit check.
UNSET: Any = object()


class Values:
    def __init__(self, store: Store, config: cfg.Config):
        self.store = store
        self.config = config

    @locked
    def set_value(
        self,
        week: Week,
        metric: str,
        value: float,
        *,
        note: str | None = None,
        who: str | None = None,
        expected: float | None = UNSET,
        force: bool = False,
    ) -> MetricValue:
        """Record ``value`` for ``metric`` in ``week`` with the target in force.

        With ``expected`` (the value the caller last saw, ``None`` for empty),
        refuses with :class:`StaleEdit` if someone else changed it meanwhile.
        The metric's bounds always hold; ``force`` allows a week more than one
        week ahead (:mod:`scorecard.bounds`).
        """
        spec, value, note = self._checked(week, metric, value, note, force=force)
        with self.store.write(week) as now:
            existing = self.store.good_or_none(  # a damaged row is replaced whole
                "metric_values", q.get_value(self.store.conn, week.id, spec.key)
            )
            if expected is not UNSET:
                current = existing["value"] if existing else None
                if current != expected:
                    shown = "empty" if current is None else f"{current:g}"
                    raise StaleEdit(
                        f"{spec.name} for {week} was changed elsewhere (now {shown}); "
                        "review it before saving"
                    )
            row = self._put_value(week, spec, value, note, who or current_user(), now, existing)
        return MetricValue.from_row(row)

    def _put_value(
        self,
        week: Week,
        spec: cfg.Metric,
        value: float,
        note: str | None,
        who: str,
        now: str,
        existing: dict[str, Any] | None,
    ) -> dict[str, Any]:
        """Upsert one value, keeping the stored target in force (and note, if none given)."""
        row = self._row(week, spec, value, note, who, now, existing)
        q.ensure_week(self.store.conn, week.id, now)
        q.upsert_value(self.store.conn, row)
        derived.pin(self.store.conn, self.config, [week.id])
        return row

    @staticmethod
    def _row(
        week: Week,
        spec: cfg.Metric,
        value: float,
        note: str | None,
        who: str,
        now: str,
        existing: dict[str, Any] | None,
    ) -> dict[str, Any]:
        """The row to store: the stored target in force kept (and note, if none given)."""
        return {
            "week": week.id,
            "metric": spec.key,
            "value": value,
            "target": existing["target"] if existing else spec.target,
            "note": note if note is not None else (existing or {}).get("note"),
            "entered_by": who,
            "entered_at": now,
        }

    @locked
    def clear_value(self, week: Week, metric: str) -> None:
        spec = validation.metric(self.config, metric)
        with self.store.write(week):
            q.delete_value(self.store.conn, week.id, spec.key)

    @locked
    def clear_all_weeks(self, metric: str) -> int:
        """Remove every stored value of ``metric``, closed weeks too: for a metric that
        has become derived, whose typed values the formula replaces. Returns how many."""
        spec = validation.metric(self.config, metric)
        with self.store.write():
            return q.delete_values_of(self.store.conn, spec.key)

    def _checked(
        self,
        week: Week,
        metric: str,
        value: float,
        note: str | None,
        *,
        force: bool,
        this_week: Week | None = None,
    ) -> tuple[cfg.Metric, float, str | None]:
        """The metric, the value within its bounds, and the note as stored
        (blank: none), or the refusal; the same rules for one value and many."""
        spec = validation.metric(self.config, metric)
        derived.refuse_typed(spec)
        value = check_value(spec, float(value), currency=self.config.currency)
        check_week(week, this_week=this_week, force=force)
        if note is not None:
            note = (
                validation.clean_text(note, "note", max_len=validation.MAX_SHORT_TEXT)
                if note.strip()
                else None
            )
        return spec, value, note

    @locked
    def set_values(
        self,
        entries: Iterable[tuple[Week, str, float, str | None]],
        *,
        who: str | None = None,
        force: bool = False,
    ) -> int:
        """Record many ``(week, metric, value, note)`` in ONE transaction.

        All or nothing: an unknown metric, a value out of its metric's bounds, a
        week too far ahead (unless ``force``) or a closed week raises and
        nothing is written. A ``None`` note keeps the stored one.
        Returns the number of values written.
        """
        rows = []
        this = Week.current()
        for week, metric, value, note in entries:
            rows.append(
                (week, *self._checked(week, metric, value, note, force=force, this_week=this))
            )
        if not rows:
            return 0
        who = who or current_user()
        conn = self.store.conn
        with self.store.write() as now:
            # what is stored, read once for the weeks written (a few queries, not a few a row)
            first, last = min(w.id for w, *_ in rows), max(w.id for w, *_ in rows)
            closed = {r["week"] for r in q.weeks_between(conn, first, last) if r["closed"]}
            pairs = {(w.id, spec.key) for w, spec, *_ in rows}
            stored = [
                r for r in q.values_between(conn, first, last) if (r["week"], r["metric"]) in pairs
            ]
            # a damaged row is replaced whole
            existing = {
                (r["week"], r["metric"]): r for r in self.store.keep_good("metric_values", stored)
            }
            written = []
            for week, spec, value, note in rows:
                if week.id in closed:
                    raise WeekClosed(f"week {week} is closed; reopen it to make changes")
                old = existing.get((week.id, spec.key))
                row = self._row(week, spec, value, note, who, now, old)
                existing[(week.id, spec.key)] = row  # the same value twice: as if one by one
                written.append(row)
            weeks = sorted({w.id for w, *_ in rows})
            q.ensure_weeks(conn, weeks, now)
            q.upsert_values(conn, written)
            derived.pin(conn, self.config, weeks)
        return len(rows)
