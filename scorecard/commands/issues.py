"""Issues: raise one, rank it, edit it, solve it into commitments, drop it, reopen it.

Every change is also written to the issue's history (its events). The
functions below the class are the steps of one action, inside its transaction.

Rank: open issues are ordered by a REAL ``rank`` (ties by id). Moving an issue
gives it the midpoint of its new neighbours, so a move rewrites one row and two
clones moving different issues merge without a conflict (the later move of the
same issue wins: ``ranked_at`` stamps it). Only when two neighbours are too
close to split are the open issues renumbered 1..n.
"""

from __future__ import annotations

from collections.abc import Iterable
from sqlite3 import Connection
from typing import Any

from db import issues as iq
from db import queries as q
from scorecard import config as cfg
from scorecard import rows, validation
from scorecard.commands.commitments import Commitments
from scorecard.errors import InvalidInput, NotFound
from scorecard.ids import current_user, new_id
from scorecard.models import MAX_ISSUE_TEXT, MAX_RESOLUTION, Issue, Source
from scorecard.read.issues import IssueReads, with_links
from scorecard.read.records import Records
from scorecard.store import Store, locked
from scorecard.weeks import Week

#: A new commitment an issue is solved into: (text, owner, team, due week);
#: an owner of None is the issue's, a team of None the owner's, a due of None next week.
NewCommitment = tuple[str, str | None, str | None, Week | None]

#: Neighbours closer than this are renumbered rather than split again.
_MIN_GAP = 1e-9


class Issues:
    def __init__(
        self,
        store: Store,
        config: cfg.Config,
        records: Records,
        reads: IssueReads,
        commitments: Commitments,
    ):
        self.store = store
        self.config = config
        self.records = records
        self.reads = reads
        self.commitments = commitments

    def _reread(self, found: Issue) -> Issue:
        """``found`` as it is now, read inside the caller's write transaction."""
        row = iq.get_issue(self.store.conn, found.id)
        if row is None:
            raise NotFound(f"no issue with id {found.id}")
        return with_links(self.store, [self.records.usable("issues", row, "issue")])[0]

    @locked
    def add_issue(
        self,
        text: str,
        *,
        source: Source | str | None = None,
        owner: str | None = None,
        week: Week | None = None,
    ) -> Issue:
        """Raise an issue, at the bottom of the ranking. ``source`` is what it is
        raised from, or what ``--from`` takes; ``owner`` defaults to the source's."""
        week = week or Week.current()
        text = validation.clean_text(text, "issue text", max_len=MAX_ISSUE_TEXT)
        if isinstance(source, str):
            source = self.reads.issue_source(source)
        if owner is None:
            owner = self.reads.issue_owner(source)
        elif not owner.strip():
            owner = None
        if owner is not None:
            owner = validation.clean_text(owner, "owner", max_len=200, single_line=True)
        with self.store.write(week) as now:
            q.ensure_week(self.store.conn, week.id, now)
            row = raise_issue(
                self.store.conn,
                text=text,
                week=week,
                owner=owner,
                source=source,
                who=current_user(),
                now=now,
            )
        return with_links(self.store, [row])[0]

    @locked
    def rank_issue(self, prefix: str, position: int, *, week: Week | None = None) -> Issue:
        """Move open issue ``prefix`` to ``position`` (1 = top) of the open issues."""
        found = self.reads.find_issue(prefix)
        week = week or Week.current()
        with self.store.write(week) as now:
            move(self.store.conn, self._reread(found), position, week, current_user(), now)
        return self.reads.find_issue(found.id)

    @locked
    def edit_issue(
        self, prefix: str, *, text: str | None = None, owner: str | None = None
    ) -> Issue:
        """Change the text or the owner (an empty owner: none)."""
        found = self.reads.find_issue(prefix)
        fields: dict[str, Any] = {}
        if text is not None:
            fields["text"] = validation.clean_text(text, "issue text", max_len=MAX_ISSUE_TEXT)
        if owner is not None:
            fields["owner"] = (
                validation.clean_text(owner, "owner", max_len=200, single_line=True)
                if owner.strip()
                else None
            )
        fields = {k: v for k, v in fields.items() if getattr(found, k) != v}
        if not fields:
            return found
        week = Week.current()
        with self.store.write(week) as now:
            edit(self.store.conn, self._reread(found), fields, week, current_user(), now)
        return self.reads.find_issue(found.id)

    @locked
    def solve_issue(
        self,
        prefix: str,
        *,
        note: str | None = None,
        commitments: Iterable[NewCommitment] = (),
        week: Week | None = None,
    ) -> Issue:
        """Solve an open issue into new ``commitments``, linked to it, in ONE
        transaction: if any commitment is refused, nothing is written."""
        found = self.reads.find_issue(prefix)
        week = week or Week.current()
        resolution = _resolution(note, "resolution note")
        wanted = list(commitments)
        with self.store.write(week) as now:
            found = self._reread(found)
            if not found.is_open:
                raise InvalidInput(f"issue {found.short_id} is already {found.status}")
            made = []
            for text, owner, team, due in wanted:
                who = owner if owner is not None else found.owner
                if who is None:
                    short = text.strip()[:40]
                    raise InvalidInput(f"commitment '{short}' needs an owner (--owner NAME)")
                created = self.commitments.add_commitment(text, who, team=team, due=due, week=week)
                made.append(created.id)
            settle(
                self.store.conn,
                found,
                "solved",
                week=week,
                resolution=resolution,
                commitment_ids=made,
                who=current_user(),
                now=now,
            )
        return self.reads.find_issue(found.id)

    @locked
    def drop_issue(
        self, prefix: str, *, note: str | None = None, week: Week | None = None
    ) -> Issue:
        """Drop an open issue: both leads agree it no longer matters."""
        found = self.reads.find_issue(prefix)
        week = week or Week.current()
        resolution = _resolution(note, "note")
        with self.store.write(week) as now:
            settle(
                self.store.conn,
                self._reread(found),
                "dropped",
                week=week,
                resolution=resolution,
                commitment_ids=[],
                who=current_user(),
                now=now,
            )
        return self.reads.find_issue(found.id)

    @locked
    def reopen_issue(self, prefix: str, *, week: Week | None = None) -> Issue:
        """A solved or dropped issue open again, at the bottom of the ranking (the
        commitments it was solved into stay as they are)."""
        found = self.reads.find_issue(prefix)
        week = week or Week.current()
        with self.store.write(week) as now:
            reopen(self.store.conn, self._reread(found), week, current_user(), now)
        return self.reads.find_issue(found.id)


def _resolution(note: str | None, what: str) -> str | None:
    if note is None or not note.strip():
        return None
    return validation.clean_text(note, what, max_len=MAX_RESOLUTION)


# -- the steps of each action, inside its transaction --------------------------------


def _open_rows(conn: Connection) -> list[Any]:
    """The open issues in rank order, without those that fail validation (a rank
    that is not a number, written by another tool, is never computed with)."""
    return rows.split("issues", iq.open_issues(conn))[0]


def _top_rank(conn: Connection) -> float | None:
    return max((float(r["rank"]) for r in _open_rows(conn)), default=None)


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
    top = _top_rank(conn)
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
    ranked = [(r["id"], float(r["rank"])) for r in _open_rows(conn)]
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
    top = _top_rank(conn)
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
