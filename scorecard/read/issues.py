"""Issues as they are read: the ranked list, a week's and a range's issues, an
issue's history, and the issues the data suggests raising.

Reads never write; each returns plain records that every sink (CLI, app,
Markdown, JSON) formats without deciding anything.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from db import issues as iq
from db import queries as q
from scorecard import config as cfg
from scorecard import validation
from scorecard.config import Config
from scorecard.errors import InvalidInput, NotFound
from scorecard.ids import MIN_PREFIX, find_by_prefix
from scorecard.models import (
    Commitment,
    Issue,
    IssueEvent,
    MetricLine,
    Note,
    Source,
    Suggestion,
)
from scorecard.numbers import format_number
from scorecard.read.records import Records
from scorecard.read.week import WeekReads
from scorecard.status import Status
from scorecard.store import Store, locked
from scorecard.weeks import Week, parse_week


def with_links(store: Store, found: list[dict[str, Any]]) -> list[Issue]:
    """Issues from rows, each with the commitments it was solved into; rows (and
    links) that fail validation are left out (:meth:`Store.keep_good`)."""
    rows = store.keep_good("issues", found)
    into: dict[str, list[str]] = {}
    links = iq.links(store.conn, [r["id"] for r in rows])
    for link in store.keep_good("issue_commitments", links):
        into.setdefault(link["issue_id"], []).append(link["commitment_id"])
    return [Issue.from_row(r, tuple(into.get(r["id"], ()))) for r in rows]


def ranked(store: Store) -> list[Issue]:
    """The open issues, top first."""
    return with_links(store, iq.open_issues(store.conn))


def everything(store: Store) -> list[Issue]:
    """Every issue: the open ones ranked, then the settled ones, latest settled first."""
    rows = store.keep_good("issues", iq.all_issues(store.conn))
    opened = sorted((r for r in rows if r["status"] == "open"), key=lambda r: (r["rank"], r["id"]))
    settled = [r for r in rows if r["status"] != "open"]
    settled.sort(key=lambda r: (r["settled_in"] or "", r["updated_at"], r["id"]), reverse=True)
    return with_links(store, opened + settled)


@dataclass(frozen=True, slots=True)
class WeekIssues:
    """The issues of one week, as the week screen and the report show them."""

    week: Week
    open: tuple[Issue, ...]
    """Open at the end of the week (raised by then, not settled by then), ranked."""
    solved: tuple[Issue, ...]
    """Solved this week."""
    dropped: tuple[Issue, ...]
    """Dropped this week."""
    raised: tuple[Issue, ...]
    """Raised this week (whatever became of them)."""


@dataclass(frozen=True)
class IssuesShown:
    """What a screen shows of the issues: all read in one go (:meth:`IssueReads.shown_issues`)."""

    open: tuple[Issue, ...]
    """The open issues, ranked (as they are now, whichever week is shown)."""
    week: WeekIssues
    """The issues of the week shown (solved, dropped, raised in it)."""
    suggestions: tuple[Suggestion, ...]


def _open_at(issue: Issue, week: Week) -> bool:
    if issue.raised_in > week.id:
        return False
    return issue.is_open or (issue.settled_in is not None and issue.settled_in > week.id)


def week_issues(store: Store, week: Week) -> WeekIssues:
    found = with_links(store, iq.issues_touching(store.conn, week.id, week.id))
    opened = sorted((i for i in found if _open_at(i, week)), key=lambda i: (i.rank, i.id))
    return WeekIssues(
        week=week,
        open=tuple(opened),
        solved=tuple(i for i in found if i.status == "solved" and i.settled_in == week.id),
        dropped=tuple(i for i in found if i.status == "dropped" and i.settled_in == week.id),
        raised=tuple(i for i in found if i.raised_in == week.id),
    )


@dataclass(frozen=True, slots=True)
class RangeIssues:
    """Issues over a range of weeks: how many were raised and solved, how long they took."""

    raised: int
    solved: int
    dropped: int
    open_at_end: int
    median_weeks_open: float | None
    """Over the issues solved in the range: weeks from raised to solved (None if none)."""


def range_issues(store: Store, first: Week, last: Week) -> RangeIssues:
    found = with_links(store, iq.issues_touching(store.conn, first.id, last.id))
    in_range = [i for i in found if first.id <= (i.settled_in or "") <= last.id]
    solved = [i for i in in_range if i.status == "solved"]
    durations = [
        parse_week(i.raised_in).weeks_until(parse_week(i.settled_in))
        for i in solved
        if i.settled_in
    ]
    import statistics  # a range report only

    return RangeIssues(
        raised=sum(1 for i in found if first.id <= i.raised_in <= last.id),
        solved=len(solved),
        dropped=sum(1 for i in in_range if i.status == "dropped"),
        open_at_end=sum(1 for i in found if _open_at(i, last)),
        median_weeks_open=float(statistics.median(durations)) if durations else None,
    )


# -- suggestions ------------------------------------------------------------------


def _lead_of(config: Config, team: str) -> str | None:
    return next((t.lead for key, t in config.teams.items() if key == team), None)


def metric_issue_text(config: Config, line: MetricLine, what: str | None = None) -> str:
    """``MQLs off track two weeks running (60, target ≥ 120)``: an issue about a metric."""
    spec = line.metric
    actual = (
        "no value"
        if line.actual is None
        else format_number(line.actual, spec.unit, config.currency)
    )
    target = format_number(line.target, spec.unit, config.currency)
    sign = "≥" if spec.direction == "higher" else "≤"
    return f"{spec.name} {what or line.status.value} ({actual}, target {sign} {target})"


def suggestions(
    config: Config,
    *,
    lines: Sequence[MetricLine],
    previous: Mapping[str, Status],
    slipped: Iterable[tuple[Commitment, tuple[str, ...]]],
    notes: Iterable[Note],
    issues: Iterable[Issue],
    week: Week,
) -> list[Suggestion]:
    """What the data of ``week`` suggests raising, minus what is already raised.

    - a metric off track this week and the week before (``previous``: each
      metric's status the week before);
    - a commitment that slipped (missed or carried) twice along its carry chain,
      the second time this week (``slipped``: each such commitment with the ids
      of its chain, from :func:`slipped_twice`);
    - a "didn't work" note of this week.

    A suggestion is left out when an issue already links to its source and is
    open, or was raised this week (raised and solved in the same sync).
    """
    taken = {
        (i.source.kind, i.source.id)
        for i in issues
        if i.source is not None and (i.is_open or i.raised_in == week.id)
    }
    out: list[Suggestion] = []
    for line in lines:
        if line.status != Status.OFF_TRACK or previous.get(line.metric.key) != Status.OFF_TRACK:
            continue
        if ("metric", line.metric.key) in taken:
            continue
        out.append(
            Suggestion(
                source=Source("metric", line.metric.key),
                text=metric_issue_text(config, line, "off track two weeks running"),
                reason="off track two weeks running",
                owner=_lead_of(config, line.metric.owner),
            )
        )
    for commitment, chain_ids in slipped:
        if any(("commitment", cid) in taken for cid in chain_ids):
            continue
        out.append(
            Suggestion(
                source=Source("commitment", commitment.id),
                text=f"Slipped twice: {commitment.text}",
                reason=f"{commitment.status} this week after slipping before",
                owner=commitment.owner,
            )
        )
    for note in notes:
        if note.kind != "didnt" or note.week != week.id or ("note", note.id) in taken:
            continue
        out.append(
            Suggestion(
                source=Source("note", note.id),
                text=note.text,
                reason="didn't work, this week",
                owner=note.author,
            )
        )
    return out


def slipped_twice(store: Store, week: Week) -> list[tuple[Commitment, tuple[str, ...]]]:
    """Commitments missed or carried in ``week`` whose carry chain has slipped
    (missed or carried) at least twice, each with the ids of its chain."""
    found = []
    for row in store.keep_good("commitments", iq.slipped_in(store.conn, week.id)):
        chain = iq.carry_chain(store.conn, row["id"])
        if sum(1 for link in chain if link["status"] in ("missed", "carried")) >= 2:
            found.append((Commitment.from_row(row), tuple(link["id"] for link in chain)))
    return found


class IssueReads:
    def __init__(self, store: Store, config: cfg.Config, records: Records, weeks: WeekReads):
        self.store = store
        self.config = config
        self.records = records
        self.weeks = weeks

    @locked
    def find_issue(self, prefix: str) -> Issue:
        row = find_by_prefix(prefix, lambda key: iq.issues_by_prefix(self.store.conn, key), "issue")
        return with_links(self.store, [self.records.usable("issues", row, "issue")])[0]

    @locked
    def issue_source(self, spec: str) -> Source:
        """What ``--from`` names: a metric key, else a commitment or note id prefix."""
        text = spec.strip()
        found = self.config.metric(text) or self.config.metric(text.lower())
        if found is not None:
            return Source("metric", found.key)
        key = text.lower()
        if len(key) < MIN_PREFIX or any(c not in "0123456789abcdef" for c in key):
            known = ", ".join(m.key for m in self.config.metrics)
            raise NotFound(f"'{spec}' is neither a metric ({known}) nor a commitment or note id")
        conn = self.store.conn
        hits = [("commitment", r["id"]) for r in q.commitments_by_prefix(conn, key, limit=2)]
        hits += [("note", r["id"]) for r in q.notes_by_prefix(conn, key, limit=2)]
        if not hits:
            raise NotFound(f"no metric, commitment or note with id {key}")
        if len(hits) > 1:
            shown = ", ".join(f"{kind} {ref[:10]}" for kind, ref in hits[:3])
            raise InvalidInput(f"id {key} is ambiguous ({shown}…); type more characters")
        return Source(*hits[0])

    @locked
    def issue_owner(self, source: Source | None) -> str | None:
        """Who owns an issue raised from ``source`` unless told otherwise: the
        metric's team lead, the commitment's owner, the note's author."""
        if source is None:
            return None
        if source.kind == "metric":
            return _lead_of(self.config, validation.metric(self.config, source.id).owner)
        if source.kind == "commitment":
            return self.records.find_commitment(source.id).owner
        return self.records.find_note(source.id).author

    @locked
    def issues(self, *, open_only: bool = True, week: Week | None = None) -> list[Issue]:
        """Open issues ranked (or every issue). With ``week``: those open at its end,
        ranked, and with ``open_only=False`` also those raised or settled in it."""
        if week is None:
            return ranked(self.store) if open_only else everything(self.store)
        found = week_issues(self.store, week)
        if open_only:
            return list(found.open)
        unique = {i.id: i for i in (*found.open, *found.raised, *found.solved, *found.dropped)}
        return list(unique.values())

    @locked
    def week_issues(self, week: Week) -> WeekIssues:
        return week_issues(self.store, week)

    @locked
    def shown_issues(self, week: Week, *, lines: Sequence[MetricLine] | None = None) -> IssuesShown:
        """The open issues, those of ``week`` and its suggestions, read in one go
        (``lines``: as :meth:`issue_suggestions`)."""
        return IssuesShown(
            open=tuple(self.issues()),
            week=self.week_issues(week),
            suggestions=tuple(self.issue_suggestions(week, lines=lines)),
        )

    @locked
    def issues_between(self, first: Week, last: Week) -> list[Issue]:
        """Issues raised or settled in [first, last], or open during it; latest first."""
        found = with_links(self.store, iq.issues_touching(self.store.conn, first.id, last.id))
        return sorted(
            found, key=lambda i: (i.settled_in or "9999", i.raised_in, i.id), reverse=True
        )

    @locked
    def range_issues(self, first: Week, last: Week) -> RangeIssues:
        return range_issues(self.store, first, last)

    @locked
    def issue_suggestions(
        self, week: Week, *, lines: Sequence[MetricLine] | None = None
    ) -> list[Suggestion]:
        """Issues the data of ``week`` suggests raising (never raised on their own).

        ``lines``: the week's scorecard rows, when the caller has just read them
        (its summary): they are not read twice."""
        return suggestions(
            self.config,
            lines=self.weeks.lines(week) if lines is None else lines,
            previous=self.weeks.statuses(week - 1),
            slipped=slipped_twice(self.store, week),
            notes=self.records.notes(week),
            issues=everything(self.store),
            week=week,
        )

    @locked
    def issue_history(self, prefix: str) -> list[IssueEvent]:
        found = self.find_issue(prefix)
        events = self.store.keep_good("issue_events", iq.events_for(self.store.conn, found.id))
        return [IssueEvent.from_row(r) for r in events]
