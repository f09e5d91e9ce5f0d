"""The story of one row of the history's lists, shown under the list: a
commitment with its status changes, an issue with its history."""

from __future__ import annotations

from rich.text import Text

from scorecard.models import Commitment, CommitmentEvent, Issue, IssueEvent
from screens.formatting import commitment_owner, commitment_status, safe


def commitment_story(c: Commitment, events: list[CommitmentEvent]) -> Text:
    text = Text()
    text.append(f"{c.short_id} ", style="dim")
    text.append(safe(c.text), style="bold")
    text.append(f"\n{commitment_owner(c)}, made {safe(c.week_made)}, due {safe(c.due_week)}")
    if c.carried_from:
        text.append(f", carried over from {safe(c.carried_from[:7])}", style="dark_orange")
    text.append("\n")
    for event in events:
        text.append(f"\n  {safe(event.week)}  ")
        text.append_text(commitment_status(event.status))
        text.append(f"  by {safe(event.by or '?')} at {safe(event.at)}", style="dim")
    return text


def issue_story(issue: Issue, events: list[IssueEvent]) -> Text:
    text = Text()
    text.append(f"{safe(issue.short_id)} ", style="dim")
    text.append(safe(issue.text), style="bold")
    text.append(f"\n{safe(issue.owner or 'no owner')}, raised {safe(issue.raised_in)}")
    if issue.source is not None:
        text.append(f" from {safe(issue.source.kind)} {safe(issue.source.ref)}")
    if issue.resolution:
        text.append(f"\n{safe(issue.status)}: {safe(issue.resolution)}", style="green")
    if issue.solved_into:
        text.append("\ninto commitments " + ", ".join(safe(c[:7]) for c in issue.solved_into))
    text.append("\n")
    for event in events:
        text.append(f"\n  {safe(event.week)}  ")
        text.append(safe(event.action), style="bold")
        if event.detail:
            text.append(f" ({safe(event.detail)})")
        text.append(f"  by {safe(event.by or '?')} at {safe(event.at)}", style="dim")
    return text
