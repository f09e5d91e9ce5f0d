"""Issue records, handed to the CLI, the app and the reports."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

ISSUE_STATES = ("open", "solved", "dropped")
SOURCE_KINDS = ("metric", "commitment", "note")
#: What each action of an issue's history is called.
ACTIONS = ("raised", "ranked", "edited", "solved", "dropped", "reopened")
#: Issue text obeys the rules of note text (``clean_text``, inert at every sink).
MAX_ISSUE_TEXT = 100_000
MAX_RESOLUTION = 2000
SHORT_ID = 7


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
        fields = dict(row)
        kind, ref = fields.pop("source_kind"), fields.pop("source_id")
        source = Source(kind, ref) if kind and ref else None
        return cls(**fields, source=source, solved_into=solved_into)


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
        return cls(**row)


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
