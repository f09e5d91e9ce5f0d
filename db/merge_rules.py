"""Merge rules beyond cells: what a merge must not break (as Dolt's constraint violations).

The cell merge (:func:`db.merge.merge_rows`) knows nothing of what rows mean.
These rules, applied to its result, keep the data's own rules true:

- **Times of first occurrence keep the earlier** (``EARLIEST``): both sides
  closing the same week keep the earlier ``closed_at``; a row both sides
  derived (a carried commitment's successor, same id) keeps the earlier
  ``created_at``. Never a conflict.
- **A commitment's history has one event per step** (:func:`merge_events`):
  the same review made on both sides (same commitment, same ``seq``, same
  status) is one event; different reviews keep both events, theirs numbered
  after ours (never two events with one ``seq``), and the commitment's status
  is the one cell conflict to resolve.
- **A closed week is not changed behind its close** (:func:`closed_week_conflicts`):
  when one side closed a week and the other changed its values, notes or the
  commitments made in it, each such row is a conflict (the closing side's
  version against the late edit) and so is the week's ``closed`` flag: keep
  the close and the closing side's rows (drop the late edits), or reopen the
  week and keep the edits (close it again to regenerate the report).

Pure functions on rows keyed by primary key: no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

Row = dict[str, Any]
Key = tuple[Any, ...]

#: Per table, fields that record when something first happened: the earlier wins.
EARLIEST: dict[str, tuple[str, ...]] = {
    "weeks": ("closed_at",),
    "commitments": ("created_at",),
    "notes": ("created_at",),
    "issues": ("created_at",),
    "issue_commitments": ("linked_at",),
}

#: Per table, the column naming the week a row belongs to (for the closed-week rule).
WEEK_OF: dict[str, str] = {
    "metric_values": "week",
    "derived_targets": "week",
    "notes": "week",
    "commitments": "week_made",
}

Sides = Mapping[str, Mapping[Key, Row]]
"""One table's rows on each side: ``base``, ``main`` (ours) and ``theirs``."""


def earliest(table: str, column: str, ours: Any, theirs: Any) -> Any:
    """The value to keep when both sides set a first-occurrence time differently, or None
    when the rule does not apply (not such a field, or a side cleared it)."""
    if column not in EARLIEST.get(table, ()) or ours is None or theirs is None:
        return None
    return min(str(ours), str(theirs))


#: History tables: (the row they are the history of, what one step did); ``seq`` orders them.
HISTORIES: dict[str, tuple[str, str]] = {
    "commitment_events": ("commitment_id", "status"),
    "issue_events": ("issue_id", "action"),
}


def merge_events(
    table: str, merged: dict[Key, Row], sides: Sides, max_seq: Mapping[str, int]
) -> dict[Key, Row]:
    """Apply the one-event-per-step rule to a history table (see the module doc).

    ``max_seq`` is the highest ``seq`` per parent row in OURS's whole table.
    """
    parent, step_col = HISTORIES[table]
    base, ours, theirs = sides.get("base", {}), sides.get("main", {}), sides.get("theirs", {})
    ours_added = {(r[parent], r["seq"]): r for k, r in ours.items() if k not in base}
    result = dict(merged)
    highest = dict(max_seq)
    for key, row in sorted(theirs.items(), key=lambda item: (item[1]["seq"], repr(item[0]))):
        if key in base or key in ours or key not in result:
            continue
        twin = ours_added.get((row[parent], row["seq"]))
        if twin is None:
            continue
        if twin[step_col] == row[step_col]:
            del result[key]  # the same step, made on both sides: one event
            continue
        seq = max(highest.get(row[parent], 0), row["seq"]) + 1
        highest[row[parent]] = seq
        result[key] = {**result[key], "seq": seq}
    return result


def closed_on_one_side(weeks: Sides) -> dict[str, str]:
    """Weeks closed on exactly one side since the base: week id -> ``main`` or ``theirs``."""
    base, ours, theirs = weeks.get("base", {}), weeks.get("main", {}), weeks.get("theirs", {})
    found = {}
    for key in {*ours, *theirs}:
        was = bool((base.get(key) or {}).get("closed"))
        now_ours = bool((ours.get(key) or {}).get("closed"))
        now_theirs = bool((theirs.get(key) or {}).get("closed"))
        if was or now_ours == now_theirs:
            continue
        found[str(key[0])] = "main" if now_ours else "theirs"
    return found


def late_edits(table: str, sides: Sides, closed: Mapping[str, str]) -> list[tuple[Key, str]]:
    """Rows of ``table`` the open side changed in a week the other side closed: (key, week)."""
    column = WEEK_OF.get(table)
    if column is None or not closed:
        return []
    base, ours, theirs = sides.get("base", {}), sides.get("main", {}), sides.get("theirs", {})
    found = []
    for key in sorted({*base, *ours, *theirs}, key=repr):
        b = base.get(key)
        for side, rows in (("main", ours), ("theirs", theirs)):
            row = rows.get(key)
            week = (row or b or {}).get(column)
            closer = closed.get(str(week))
            if closer is None or closer == side:
                continue
            # the same change on both sides (a derived target both recorded) is no edit
            # the closing side missed
            if not _same_row(row, b) and not _same_row(row, sides.get(closer, {}).get(key)):
                found.append((key, str(week)))
                break
    return found


def _same_row(a: Row | None, b: Row | None) -> bool:
    if a is None or b is None:
        return a is b
    return a.keys() == b.keys() and all(type(a[c]) is type(b[c]) and a[c] == b[c] for c in a)
