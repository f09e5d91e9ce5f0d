"""Domain records handed to the CLI, the TUI and the exporters.

Plain frozen dataclasses built from database rows: the layers above never
see SQL or sqlite rows. ``from_row`` takes the record's own columns only (a
column a user added is ignored); rows are validated before (:mod:`scorecard.rows`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from scorecard.config import Metric

# The vocabularies live in scorecard.enums; these names stay importable from here.
from scorecard.enums import ACTIONS as ACTIONS
from scorecard.enums import ISSUE_STATES as ISSUE_STATES
from scorecard.enums import MAX_ISSUE_TEXT as MAX_ISSUE_TEXT
from scorecard.enums import MAX_RESOLUTION as MAX_RESOLUTION
from scorecard.enums import NOTE_KINDS as NOTE_KINDS
from scorecard.enums import NOTE_LABELS as NOTE_LABELS
from scorecard.enums import SOURCE_KINDS as SOURCE_KINDS
from scorecard.enums import TEAMS as TEAMS
from scorecard.errors import InvalidInput
from scorecard.status import SayDo, Status
from scorecard.weeks import Week, parse_week

if TYPE_CHECKING:
    from scorecard.funnel import Stage
    from scorecard.goals import GoalProgress
    from scorecard.grid import Grid

SHORT_ID = 7


@dataclass(frozen=True, slots=True)
class MetricValue:
    week: str
    metric: str
    value: float
    target: float | None
    note: str | None
    entered_by: str | None
    entered_at: str

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> MetricValue:
        return cls(*[row[f] for f in cls.__slots__])


@dataclass(frozen=True, slots=True)
class Commitment:
    id: str
    text: str
    owner: str
    team: str
    week_made: str
    due_week: str
    status: str
    carried_from: str | None
    created_at: str
    updated_at: str

    @property
    def short_id(self) -> str:
        return self.id[:SHORT_ID]

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Commitment:
        return cls(*[row[f] for f in cls.__slots__])


@dataclass(frozen=True, slots=True)
class CommitmentEvent:
    id: str
    commitment_id: str
    seq: int
    status: str
    week: str
    by: str | None
    at: str

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> CommitmentEvent:
        return cls(*[row[f] for f in cls.__slots__])


@dataclass(frozen=True, slots=True)
class Note:
    id: str
    week: str
    kind: str
    author: str
    text: str
    created_at: str
    updated_at: str

    @property
    def short_id(self) -> str:
        return self.id[:SHORT_ID]

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Note:
        return cls(*[row[f] for f in cls.__slots__])


@dataclass(frozen=True, slots=True)
class MetricLine:
    """One scorecard row for one week: the metric, its value and status."""

    metric: Metric
    value: MetricValue | None
    target: float
    """The target in force that week: the stored one if a value exists."""
    status: Status
    previous: float | None
    """Last week's value, for the change column."""
    trend: tuple[float | None, ...]
    """13 weeks ending with this one, oldest first."""

    @property
    def actual(self) -> float | None:
        return self.value.value if self.value else None

    @property
    def change(self) -> float | None:
        """This week's value minus last week's (None if either is missing)."""
        if self.actual is None or self.previous is None:
            return None
        delta = self.actual - self.previous
        return delta if math.isfinite(delta) else None


@dataclass(frozen=True, slots=True)
class WeekInfo:
    week: Week
    rating: int | None = None
    closed: bool = False
    closed_at: str | None = None


@dataclass(frozen=True, slots=True)
class WeekSummary:
    """Everything the week screen, ``show``, the exports and the report need for one week."""

    info: WeekInfo
    lines: tuple[MetricLine, ...]
    review: tuple[Commitment, ...]
    """On review this week: due this week, and those due earlier that were still
    open when the week began (overdue), oldest due first. A commitment stays on
    review from its due week until it is reviewed."""
    made: tuple[Commitment, ...]
    """Commitments made this week."""
    notes: tuple[Note, ...]
    say_do: dict[str, SayDo] = field(default_factory=dict)
    """Per team, over the 13 weeks ending with this one."""
    funnel: tuple[Stage, ...] = ()
    """The funnel's stages this week, top first (empty without stages)."""
    goals: tuple[GoalProgress, ...] = ()
    """The goals of this week's quarter, measured at this week."""
    grid: Grid | None = None
    """The 13 weeks ending with this one, a cell per metric and week."""
    say_do_owners: dict[str, SayDo] = field(default_factory=dict)
    """Per owner (person), over the same 13 weeks, by name."""
    still_open: tuple[Commitment, ...] = ()
    """Open now, made by this week and due by it (or made before it): what is
    still owed, oldest due first."""

    @property
    def week(self) -> Week:
        return self.info.week

    @property
    def due(self) -> tuple[Commitment, ...]:
        """The older name of :attr:`review`."""
        return self.review

    @property
    def reviewed(self) -> tuple[Commitment, ...]:
        """On review and no longer open: this week's outcomes."""
        return tuple(c for c in self.review if not c.is_open)

    def weeks_late(self, commitment: Commitment) -> int:
        """How many weeks after its due week this week is (0: due now or later)."""
        return weeks_late(commitment, self.week)

    def notes_of(self, kind: str) -> list[Note]:
        return [n for n in self.notes if n.kind == kind]


# -- issues (the identify-discuss-solve loop) ------------------------------------

# The issue vocabularies and limits (ISSUE_STATES, SOURCE_KINDS, ACTIONS,
# MAX_ISSUE_TEXT, MAX_RESOLUTION) live in scorecard.enums and are imported above.


@dataclass(frozen=True, slots=True)
class Source:
    """What an issue was raised from: a metric key, or a commitment or note id."""

    kind: str
    id: str

    @property
    def ref(self) -> str:
        """What ``issue add --from`` takes to link to it again."""
        return self.id if self.kind == "metric" else self.id[:SHORT_ID]

    def label(self) -> str:
        return f"{self.kind} {self.ref}"


@dataclass(frozen=True, slots=True)
class Issue:
    id: str
    text: str
    raised_by: str
    raised_in: str
    source: Source | None
    owner: str | None
    rank: float
    ranked_at: str
    status: str
    settled_in: str | None
    resolution: str | None
    created_at: str
    updated_at: str
    solved_into: tuple[str, ...] = ()
    """Ids of the commitments it was solved into, oldest link first."""

    @property
    def short_id(self) -> str:
        return self.id[:SHORT_ID]

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    @classmethod
    def from_row(cls, row: dict[str, Any], solved_into: tuple[str, ...] = ()) -> Issue:
        kind, ref = row["source_kind"], row["source_id"]
        source = Source(kind, ref) if kind and ref else None
        own = {f: row[f] for f in cls.__slots__ if f not in ("source", "solved_into")}
        return cls(**own, source=source, solved_into=solved_into)


@dataclass(frozen=True, slots=True)
class IssueEvent:
    id: str
    issue_id: str
    seq: int
    action: str
    week: str
    detail: str | None
    by: str | None
    at: str

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> IssueEvent:
        return cls(*[row[f] for f in cls.__slots__])


@dataclass(frozen=True, slots=True)
class Suggestion:
    """An issue the data suggests raising; offered, never created on its own."""

    source: Source
    text: str
    """The issue text to prefill (editable before it is raised)."""
    reason: str
    """Why it is suggested, for people: ``off track two weeks running``."""
    owner: str | None = None
    """Who would own it: the metric's team lead, the commitment's owner…"""

    @property
    def id(self) -> str:
        """Stable while the data stays the same (the app keeps its cursor on it)."""
        return f"{self.source.kind}:{self.source.id}"


def weeks_late(commitment: Commitment, week: Week) -> int:
    """Weeks from ``commitment``'s due week to ``week``; 0 if not yet overdue
    (or if the stored due week is not a week at all: a row from another tool)."""
    try:
        due = parse_week(commitment.due_week)
    except InvalidInput:
        return 0
    return max(0, due.weeks_until(week))
