"""Weeks: the meeting rating, closing a week and reopening it."""

from __future__ import annotations

from db import queries as q
from scorecard import derived
from scorecard.errors import InvalidInput
from scorecard.models import WeekInfo
from scorecard.read.records import Records
from scorecard.store import Store, locked
from scorecard.weeks import Week


class Weeks:
    def __init__(self, store: Store, records: Records):
        self.store = store
        self.records = records

    @locked
    def set_rating(self, week: Week, rating: int | None) -> None:
        if rating is not None and not 1 <= rating <= 10:
            raise InvalidInput(f"rating must be 1 to 10, not {rating}")
        with self.store.write(week) as now:
            q.ensure_week(self.store.conn, week.id, now)
            q.update_week(self.store.conn, week.id, {"rating": rating, "updated_at": now})

    @locked
    def close_week(self, week: Week) -> WeekInfo:
        """Lock ``week``: later edits need :meth:`reopen_week`. Idempotent."""
        with self.store.write() as now:
            q.ensure_week(self.store.conn, week.id, now)
            row = q.get_week(self.store.conn, week.id)
            if row and not row["closed"]:
                q.update_week(
                    self.store.conn, week.id, {"closed": 1, "closed_at": now, "updated_at": now}
                )
                entered = q.values_between(self.store.conn, week.id, week.id)
                if self.store.keep_good("metric_values", entered):  # graded from now on
                    derived.pin(self.store.conn, self.records.config, [week.id])
        return self.records.week_info(week)

    @locked
    def reopen_week(self, week: Week) -> WeekInfo:
        """Unlock a closed week so it can be edited again. Idempotent."""
        with self.store.write() as now:
            row = q.get_week(self.store.conn, week.id)
            if row and row["closed"]:
                q.update_week(
                    self.store.conn, week.id, {"closed": 0, "closed_at": None, "updated_at": now}
                )
        return self.records.week_info(week)
