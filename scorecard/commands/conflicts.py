"""Merge conflicts a git merge left in the database: count, list, resolve.

:mod:`scorecard.conflicts` (and the merge code it uses) is imported only when
a conflict is listed or resolved: start-up only needs to count them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from db import queries as q
from scorecard.ids import current_user
from scorecard.store import Store, locked

if TYPE_CHECKING:
    from scorecard.conflicts import Choice, MergeConflict


class Conflicts:
    def __init__(self, store: Store):
        self.store = store

    @locked
    def conflict_count(self) -> int:
        """How many conflicts a git merge left in the database (valid rows only:
        a malformed one is left out, as everywhere)."""
        if q.count_conflicts(self.store.conn) == 0:  # nearly always: no rows to read
            return 0
        from scorecard import conflicts as merge_conflicts

        return len(merge_conflicts.list_all(self.store.conn, self.store.keep_good))

    @locked
    def conflicts(self) -> list[MergeConflict]:
        """Conflicts a git merge left in the database, to resolve one by one."""
        from scorecard import conflicts as merge_conflicts

        return merge_conflicts.list_all(self.store.conn, self.store.keep_good)

    @locked
    def resolve_conflict(
        self, prefix: str, choice: Choice, value: str | None = None
    ) -> tuple[MergeConflict, Any]:
        """Keep ours, theirs or a typed ``value``; returns the conflict and the value kept."""
        from scorecard import conflicts as merge_conflicts

        found = merge_conflicts.find(self.store.conn, prefix, self.store.keep_good)
        with self.store.write(merging=True) as now:
            kept = merge_conflicts.resolve(
                self.store.conn, found, choice, value, now=now, who=current_user()
            )
        return found, kept
