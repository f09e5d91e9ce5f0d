"""How an issue reads in the terminal and in JSON (every sink uses these)."""

from __future__ import annotations

from typing import Any

from scorecard.issues.model import Issue, IssueEvent, Suggestion
from scorecard.text import inert, pad


def issue_line(issue: Issue, position: int | None = None) -> str:
    """``1. 3f2a9c1  [open]    Text — owner, raised 2026-W47 (from metric mqls)``."""
    place = f"{position}." if position is not None else "  "
    state = issue.status if issue.is_open else f"{issue.status} {issue.settled_in}"
    owner = inert(issue.owner) if issue.owner else "no owner"
    source = f" (from {inert(issue.source.label())})" if issue.source else ""
    into = ""
    if issue.solved_into:
        into = " → " + ", ".join(c[:7] for c in issue.solved_into)
    return (
        f"{pad(place, 4)}{issue.short_id}  {pad('[' + state + ']', 10)} {inert(issue.text)}"
        f"  — {owner}, raised {issue.raised_in}{source}{into}"
    )


def suggestion_line(s: Suggestion) -> str:
    return f"{pad(inert(s.source.label()), 20)} {inert(s.text)}  — {inert(s.reason)}"


def event_line(event: IssueEvent, text: str) -> str:
    detail = f"  ({inert(event.detail)})" if event.detail else ""
    return (
        f"{event.at}  {event.issue_id[:7]}  {event.action:<8}  {event.week}  "
        f"{inert(event.by or '-')}  {inert(text)[:60]}{detail}"
    )


def issue_json(issue: Issue, position: int | None = None) -> dict[str, Any]:
    return {
        "id": issue.id,
        "position": position,
        "text": issue.text,
        "status": issue.status,
        "owner": issue.owner,
        "raised_by": issue.raised_by,
        "raised_in": issue.raised_in,
        "from": (
            {"kind": issue.source.kind, "id": issue.source.id} if issue.source is not None else None
        ),
        "settled_in": issue.settled_in,
        "resolution": issue.resolution,
        "solved_into": list(issue.solved_into),
    }


def suggestion_json(s: Suggestion) -> dict[str, Any]:
    return {
        "from": {"kind": s.source.kind, "id": s.source.id},
        "ref": s.source.ref,
        "text": s.text,
        "reason": s.reason,
        "owner": s.owner,
    }
