"""The story of the highlighted row of the history's lists, shown under the
list: a commitment with its status changes, an issue with its history."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import work
from textual.screen import Screen
from textual.widgets import Static

from scorecard.errors import ScorecardError
from scorecard.models import Commitment, CommitmentEvent, Issue, IssueEvent
from scorecard.workspace import Workspace
from screens.formatting import commitment_owner, commitment_status, safe
from screens.lifecycle import still_shown
from screens.line_table import LineTable
from screens.tabs import Tabbed

#: The tabs whose list shows the story of its highlighted row: the list, the
#: story under it, and what reads it.
STORY_TABS = {
    "commitments": ("#commitment-list", "#events", "_load_events"),
    "issues": ("#issue-list", "#issue-events", "_load_issue_events"),
}


if TYPE_CHECKING:
    _Base = Screen[Any]
else:
    _Base = object


class Stories(_Base):
    """The history screen's stories: each read when its tab shows."""

    workspace: Workspace
    _told: dict[str, str]
    _shown_story: dict[str, str | None]

    def _tell_story(self, tab: str, *, now: bool = False) -> None:
        """Read the story of the highlighted row of ``tab``'s list once the tab
        shows (a list under another tab reads none: the history opens on its
        trend). ``now``: as the tab is shown, read at once (one row's history,
        a few milliseconds), so the tab's first frame shows it; a row the
        cursor moves to is read in a worker. Until a story is read, no other
        row's story shows under the list."""
        if self.query_one("#history-tabs", Tabbed).active != tab:
            return
        listing, _, load = STORY_TABS[tab]
        key = self.query_one(listing, LineTable).highlighted_key
        if key is None or self._told.get(tab) == key:
            return
        self._told[tab] = key
        if now:
            try:
                self._show_story(tab, key, getattr(self, f"_read{load}")(key))
                return
            except ScorecardError:  # e.g. the file is locked: the worker says so
                pass
        if self._shown_story.get(tab) not in (key, None):
            self._show_story(tab, None, Text())
        getattr(self, load)(key)

    def _show_story(self, tab: str, key: str | None, text: Text) -> None:
        self._shown_story[tab] = key
        self.query_one(STORY_TABS[tab][1], Static).update(text)

    def _read_load_events(self, commitment_id: str) -> Text:
        events = self.workspace.history(commitment_id)
        return commitment_story(self.workspace.find_commitment(commitment_id), events)

    @work(thread=True, exclusive=True, group="events")
    def _load_events(self, commitment_id: str) -> None:
        try:
            story = self._read_load_events(commitment_id)
        except ScorecardError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.app.call_from_thread(self._show_events, commitment_id, story)

    def _show_events(self, commitment_id: str, story: Text) -> None:
        if still_shown(self):
            self._show_story("commitments", commitment_id, story)

    def _read_load_issue_events(self, issue_id: str) -> Text:
        events = self.workspace.issue_history(issue_id)
        return issue_story(self.workspace.find_issue(issue_id), events)

    @work(thread=True, exclusive=True, group="issue-events")
    def _load_issue_events(self, issue_id: str) -> None:
        try:
            story = self._read_load_issue_events(issue_id)
        except ScorecardError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.app.call_from_thread(self._show_issue_events, issue_id, story)

    def _show_issue_events(self, issue_id: str, story: Text) -> None:
        if still_shown(self):
            self._show_story("issues", issue_id, story)


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
