"""The cell merge: one table's rows, three ways, field by field (as Dolt does).

For every row (by primary key) and every field: a change on one side is taken;
the same change on both sides is taken once; rows added on either side are
kept. A conflict is only where both sides changed the same field to different
values, or one side deleted a row that the other changed. Conflicted fields
keep our value (a deleted-vs-changed row keeps the changed row, so nothing is
lost).

Bookkeeping stamps (``updated_at``, who entered a value and when) never
conflict: when both sides changed them, the later stamp wins as a group.

Pure functions on rows keyed by primary key: no I/O. What rows mean (closed
weeks, histories) is :mod:`db.merge_rules`; files, :mod:`db.merge`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from db import catalog
from db import merge_rules as rules

Row = dict[str, Any]
Key = tuple[Any, ...]

#: Per table, groups of bookkeeping columns; the first of each is an ISO time.
STAMPS: dict[str, tuple[tuple[str, ...], ...]] = {
    "weeks": (("updated_at",),),
    "metric_values": (("entered_at", "entered_by"),),
    "commitments": (("updated_at",),),
    "notes": (("updated_at",),),
    # an issue moved on both sides: the later move wins (docs/git.md)
    "issues": (("updated_at",), ("ranked_at", "rank")),
    # A mirror of scorecard.toml (db/catalog.py): the newer definition wins whole,
    # never a conflict; the next write brings it in step with the merged toml.
    "metrics": (("updated_at", *(c for c in catalog.COLUMNS if c != "key"), "active"),),
}


class _Absent:
    def __repr__(self) -> str:
        return "ABSENT"


ABSENT: Any = _Absent()
"""The base value of a field in a row that both sides added."""


@dataclass(frozen=True)
class Conflict:
    table: str
    key: Key
    column: str | None
    """None for a row deleted on one side and changed on the other."""
    base: Any
    ours: Any
    theirs: Any


def same(a: Any, b: Any) -> bool:
    """Equal and of the same type (1, 1.0 and True are three different values)."""
    if a is b:
        return True
    if type(a) is not type(b):
        return False
    return bool(a == b) or (isinstance(a, float) and a != a and b != b)


def same_row(a: Row | None, b: Row | None) -> bool:
    if a is None or b is None:
        return a is b
    return a.keys() == b.keys() and all(same(a[c], b[c]) for c in a)


def _merge_fields(
    table: str,
    key: Key,
    base: Row | None,
    ours: Row,
    theirs: Row,
    stamps: tuple[tuple[str, ...], ...],
) -> tuple[Row, list[Conflict]]:
    merged: Row = {}
    clashes: list[str] = []
    for col in ours:
        b = base.get(col, ABSENT) if base is not None else ABSENT
        o, t = ours[col], theirs.get(col)
        if same(o, t) or same(t, b):
            merged[col] = o
        elif same(o, b):
            merged[col] = t
        elif (first := rules.earliest(table, col, o, t)) is not None:
            merged[col] = o if str(o) == first else t
        else:
            merged[col] = o
            clashes.append(col)
    for group in stamps:
        if any(c in clashes for c in group):
            newer = theirs if str(theirs[group[0]] or "") > str(ours[group[0]] or "") else ours
            for col in group:
                merged[col] = newer[col]
            clashes = [c for c in clashes if c not in group]
    conflicts = [
        Conflict(
            table,
            key,
            col,
            None if base is None else base.get(col),
            ours[col],
            theirs[col],
        )
        for col in clashes
    ]
    return merged, conflicts


def merge_rows(
    table: str,
    base: Mapping[Key, Row],
    ours: Mapping[Key, Row],
    theirs: Mapping[Key, Row],
    stamps: tuple[tuple[str, ...], ...] = (),
) -> tuple[dict[Key, Row], list[Conflict]]:
    """Merge one table's rows (keyed by primary key). Pure: no I/O."""
    merged: dict[Key, Row] = {}
    conflicts: list[Conflict] = []
    for key in sorted({*base, *ours, *theirs}, key=repr):
        b, o, t = base.get(key), ours.get(key), theirs.get(key)
        if o is not None and t is not None:
            row, found = _merge_fields(table, key, b, o, t, stamps)
            merged[key] = row
            conflicts += found
        elif o is None and t is None:
            continue  # deleted on both sides (or never there)
        elif b is None:
            merged[key] = o if o is not None else t  # type: ignore[assignment]
        else:
            kept = o if o is not None else t
            assert kept is not None
            if same_row(kept, b):
                continue  # one side deleted it, the other left it alone
            merged[key] = kept
            conflicts.append(Conflict(table, key, None, b, o, t))
    return merged, conflicts
