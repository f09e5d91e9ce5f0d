"""Writes of the issues aggregate: raise, rank, edit, solve, drop, reopen.

Each function is one step of one user action and runs inside the caller's
transaction (the Workspace opens it, checks the week is open and stamps
``now``). Validation of typed text happens before, in the Workspace.

Rank: open issues are ordered by a REAL ``rank`` (ties by id). Moving an issue
gives it the midpoint of its new neighbours, so a move rewrites one row and two
clones moving different issues merge without a conflict (the later move of the
same issue wins: ``ranked_at`` stamps it). Only when two neighbours are too
close to split are the open issues renumbered 1..n.
"""

from __future__ import annotations

from sqlite3 import Connection
from typing import Any

from db import issues as iq
from scorecard.errors import InvalidInput
from scorecard.ids import new_id
from scorecard.issues.model import Issue, Source
from scorecard.weeks import Week

#: Neighbours closer than this are renumbered rather than split again.
_MIN_GAP = 1e-9


def event(
    conn: Connection,
    issue_id: str,
    action: str,
    week: Week,
    who: str,
    now: str,
    detail: str | None = None,
) -> None:
    iq.insert_event(
        conn,
        {
            "id": new_id(),
            "issue_id": issue_id,
            "action": action,
            "week": week.id,
            "detail": detail,
            "by": who,
            "at": now,
        },
    )


def raise_issue(
    conn: Connection,
    *,
    text: str,
    week: Week,
    owner: str | None,
    source: Source | None,
    who: str,
    now: str,
) -> dict[str, Any]:
    """Insert a new open issue at the bottom of the ranking; its row."""
    top = iq.max_open_rank(conn)
    row: dict[str, Any] = {
        "id": new_id(),
        "text": text,
        "raised_by": who,
        "raised_in": week.id,
        "source_kind": source.kind if source else None,
        "source_id": source.id if source else None,
        "owner": owner,
        "rank": 1.0 if top is None else float(int(top) + 1),
        "ranked_at": now,
        "status": "open",
        "settled_in": None,
        "resolution": None,
        "created_at": now,
        "updated_at": now,
    }
    iq.insert_issue(conn, row)
    event(conn, row["id"], "raised", week, who, now, source.label() if source else None)
    return row


def move(conn: Connection, issue: Issue, position: int, week: Week, who: str, now: str) -> bool:
    """Put open ``issue`` at ``position`` (1 = top) of the open issues.

    Returns False when it is already there (nothing is written).
    """
    if not issue.is_open:
        raise InvalidInput(f"issue {issue.short_id} is {issue.status}; reopen it to rank it")
    ranked = [(r["id"], float(r["rank"])) for r in iq.open_issues(conn)]
    count = len(ranked)
    if not 1 <= position <= count:
        where = "1" if count == 1 else f"1 to {count}"
        raise InvalidInput(
            f"position {position} is out of range ({count} open issue"
            f"{'' if count == 1 else 's'}: use {where})"
        )
    ids = [i for i, _ in ranked]
    if ids.index(issue.id) == position - 1:
        return False
    others = [(i, r) for i, r in ranked if i != issue.id]
    above = others[position - 2][1] if position >= 2 else None
    below = others[position - 1][1] if position - 1 < len(others) else None
    if above is None:
        assert below is not None
        rank = below - 1.0
    elif below is None:
        rank = above + 1.0
    else:
        rank = (above + below) / 2
    if (above is not None and rank - above < _MIN_GAP) or (
        below is not None and below - rank < _MIN_GAP
    ):
        order = [i for i, _ in others]
        order.insert(position - 1, issue.id)
        for n, issue_id in enumerate(order, start=1):
            fields: dict[str, Any] = {"rank": float(n)}
            if issue_id == issue.id:
                fields.update(ranked_at=now, updated_at=now)
            iq.update_issue(conn, issue_id, fields)
    else:
        iq.update_issue(conn, issue.id, {"rank": rank, "ranked_at": now, "updated_at": now})
    event(conn, issue.id, "ranked", week, who, now, f"to {position} of {count}")
    return True


def edit(
    conn: Connection, issue: Issue, fields: dict[str, Any], week: Week, who: str, now: str
) -> None:
    iq.update_issue(conn, issue.id, {**fields, "updated_at": now})
    event(conn, issue.id, "edited", week, who, now, ", ".join(sorted(fields)))


def settle(
    conn: Connection,
    issue: Issue,
    status: str,
    *,
    week: Week,
    resolution: str | None,
    commitment_ids: list[str],
    who: str,
    now: str,
) -> None:
    """Mark an open issue solved (linked to ``commitment_ids``) or dropped."""
    assert status in ("solved", "dropped")
    if not issue.is_open:
        raise InvalidInput(f"issue {issue.short_id} is already {issue.status}")
    iq.update_issue(
        conn,
        issue.id,
        {"status": status, "settled_in": week.id, "resolution": resolution, "updated_at": now},
    )
    for commitment_id in commitment_ids:
        iq.link_commitment(conn, issue.id, commitment_id, now)
    detail = resolution
    if commitment_ids:
        made = "into " + ", ".join(c[:7] for c in commitment_ids)
        detail = f"{made}: {resolution}" if resolution else made
    event(conn, issue.id, status, week, who, now, detail)


def reopen(conn: Connection, issue: Issue, week: Week, who: str, now: str) -> None:
    """A solved or dropped issue back at the bottom of the open ones."""
    if issue.is_open:
        raise InvalidInput(f"issue {issue.short_id} is already open")
    top = iq.max_open_rank(conn)
    iq.update_issue(
        conn,
        issue.id,
        {
            "status": "open",
            "settled_in": None,
            "resolution": None,
            "rank": 1.0 if top is None else float(int(top) + 1),
            "ranked_at": now,
            "updated_at": now,
        },
    )
    event(conn, issue.id, "reopened", week, who, now, f"was {issue.status}")
