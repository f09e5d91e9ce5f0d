"""Commitments: make one, review it (done / missed / dropped / reopen), carry it, edit it.

Every status change is also written to the commitment's history (its events).
A carried commitment has exactly one successor, whose id is derived from its
own (:func:`scorecard.ids.successor_id`); reopening a carried commitment undoes
the carry, so carry and reopen never leave two open copies of one promise.
"""

from __future__ import annotations

from typing import Any

from db import queries as q
from scorecard import config as cfg
from scorecard import ids, validation
from scorecard.enums import REVIEW_STATUSES
from scorecard.errors import InvalidInput, NotFound
from scorecard.ids import current_user
from scorecard.models import Commitment
from scorecard.read.records import Records
from scorecard.store import Store, locked
from scorecard.weeks import Week, parse_week


class Commitments:
    def __init__(self, store: Store, config: cfg.Config, records: Records):
        self.store = store
        self.config = config
        self.records = records

    @locked
    def add_commitment(
        self,
        text: str,
        owner: str,
        *,
        team: str | None = None,
        due: Week | None = None,
        week: Week | None = None,
    ) -> Commitment:
        week = week or Week.current()
        due = due or week + 1
        text = validation.clean_text(text, "commitment text", max_len=validation.MAX_SHORT_TEXT)
        owner = validation.clean_text(owner, "owner", max_len=validation.MAX_NAME, single_line=True)
        resolved_team = team if team is not None else validation.team_of(self.config, owner)
        if resolved_team is None:
            raise InvalidInput(
                f"which team does {owner} belong to? choose sales, marketing or shared"
            )
        resolved_team = validation.team(resolved_team)
        if due < week:
            raise InvalidInput(f"due week {due} is before the week it is made ({week})")
        with self.store.write(week) as now:
            row: dict[str, Any] = {
                "id": ids.new_id(),
                "text": text,
                "owner": owner,
                "team": resolved_team,
                "week_made": week.id,
                "due_week": due.id,
                "status": "open",
                "carried_from": None,
                "created_at": now,
                "updated_at": now,
            }
            q.ensure_weeks(self.store.conn, (week.id, due.id), now)
            q.insert_commitment(self.store.conn, row)
            self._event(row["id"], "open", week, now)
        return Commitment.from_row(row)

    def _event(
        self, commitment_id: str, status: str, week: Week, now: str, *, event_id: str | None = None
    ) -> None:
        q.insert_event(
            self.store.conn,
            {
                "id": event_id or ids.new_id(),
                "commitment_id": commitment_id,
                "status": status,
                "week": week.id,
                "by": current_user(),
                "at": now,
            },
        )

    @locked
    def set_commitment_status(
        self, prefix: str, status: str, *, week: Week | None = None
    ) -> Commitment:
        """Mark done / missed / dropped, or reopen (``open``)."""
        if status not in REVIEW_STATUSES:
            raise InvalidInput(f"unknown commitment status '{status}'")
        found = self.records.find_commitment(prefix)
        week = week or Week.current()
        with self.store.write(week) as now:
            found = self._reread(found)  # another process may have reviewed it meanwhile
            if found.status == status:
                return found
            if found.status == "carried":
                if status != "open":
                    raise InvalidInput(
                        f"commitment {found.short_id} was carried over; update the new one"
                    )
                self._withdraw_successors(found)
            q.update_commitment(self.store.conn, found.id, {"status": status, "updated_at": now})
            self._event(found.id, status, week, now)
        return self.records.find_commitment(found.id)

    def _withdraw_successors(self, found: Commitment) -> None:
        """Reopening a carried commitment undoes the carry: its open successor goes.

        A successor that was reviewed or carried on since stays, and the
        reopen is refused: that one is the live promise now.
        """
        for row in q.successors_of(self.store.conn, found.id):
            successor = Commitment.from_row(row)
            if successor.status != "open":
                raise InvalidInput(
                    f"commitment {found.short_id} was carried over to {successor.short_id}, "
                    f"which is {successor.status}; reopen {successor.short_id} instead"
                )
            q.delete_commitment(self.store.conn, successor.id)

    def _reread(self, found: Commitment) -> Commitment:
        """``found`` as it is now, read inside the caller's write transaction."""
        row = q.get_commitment(self.store.conn, found.id)
        if row is None:
            raise NotFound(f"no commitment with id {found.id}")
        return Commitment.from_row(row)

    @locked
    def carry_commitment(
        self, prefix: str, *, week: Week | None = None, due: Week | None = None
    ) -> Commitment:
        """Close an open commitment as ``carried`` and make its (one) successor."""
        found = self.records.find_commitment(prefix)
        week = week or Week.current()
        with self.store.write(week) as now:
            found = self._reread(found)  # another process may have carried it meanwhile
            if found.status != "open":
                raise InvalidInput(f"commitment {found.short_id} is {found.status}, not open")
            # the successor is made in the review's week, so it falls due after it
            due = due or max(week, Week.current(), parse_week(found.due_week)) + 1
            if due < week:
                raise InvalidInput(f"due week {due} is before the week it is made ({week})")
            q.update_commitment(self.store.conn, found.id, {"status": "carried", "updated_at": now})
            self._event(found.id, "carried", week, now)
            successor = ids.successor_id(found.id)
            if q.get_commitment(self.store.conn, successor) is not None:  # e.g. from a merge
                raise InvalidInput(
                    f"commitment {found.short_id} was already carried over to {successor[:7]}"
                )
            row = {
                **{k: getattr(found, k) for k in ("text", "owner", "team")},
                "id": successor,
                "week_made": week.id,
                "due_week": due.id,
                "status": "open",
                "carried_from": found.id,
                "created_at": now,
                "updated_at": now,
            }
            q.ensure_weeks(self.store.conn, (week.id, due.id), now)
            q.insert_commitment(self.store.conn, row)
            self._event(successor, "open", week, now, event_id=ids.derived_id(successor, "opened"))
        return Commitment.from_row(row)

    @locked
    def edit_commitment(
        self,
        prefix: str,
        *,
        text: str | None = None,
        owner: str | None = None,
        team: str | None = None,
        due: Week | None = None,
    ) -> Commitment:
        found = self.records.find_commitment(prefix)
        fields: dict[str, Any] = {}
        if text is not None:
            fields["text"] = validation.clean_text(
                text, "commitment text", max_len=validation.MAX_SHORT_TEXT
            )
        if owner is not None:
            fields["owner"] = validation.clean_text(
                owner, "owner", max_len=validation.MAX_NAME, single_line=True
            )
        if team is not None:
            fields["team"] = validation.team(team)
        if due is not None:
            if due < parse_week(found.week_made):
                raise InvalidInput(f"due week {due} is before the week it was made")
            fields["due_week"] = due.id
        if not fields:
            return found
        with self.store.write(parse_week(found.week_made)) as now:
            if due is not None:
                q.ensure_weeks(self.store.conn, (due.id,), now)
            q.update_commitment(self.store.conn, found.id, {**fields, "updated_at": now})
        return self.records.find_commitment(found.id)
