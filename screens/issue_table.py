"""The open issues (ranked, top three marked) and the suggested ones.

The tables ask; the screen does the work: :class:`IssueTable.Requested`
(move, solve, drop, reopen, edit) and :class:`SuggestionTable.Requested` (raise).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message

from scorecard.models import Issue, Suggestion
from screens.formatting import safe, shorten
from screens.item_table import ItemTable

#: How many of the ranked issues the sync takes first.
TOP = 3
RANK_WIDTH = 9
ISSUE_MARKS = {
    "open": ("○", "open", "bold"),
    "solved": ("✓", "solved", "bold green"),
    "dropped": ("–", "dropped", "dim"),
}


def source_text(issue: Issue | Suggestion) -> str:
    source = issue.source
    return f"from {safe(source.kind)} {safe(source.ref)}" if source else ""


#: Up and down show as one footer entry (``⇧↑ ⇧↓ Move``), shown or left out together.
MOVE = Binding.Group("Move")


class IssueTable(ItemTable[Issue]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "s", "request('solve')", "Solve", tooltip="Solve into commitments", id="issue.solve"
        ),
        Binding("x", "request('drop')", "Drop", tooltip="Drop the issue", id="issue.drop"),
        Binding("shift+up,K", "request('up')", "Move up", id="issue.up", group=MOVE),
        Binding("shift+down,J", "request('down')", "Move down", id="issue.down", group=MOVE),
        Binding("u", "request('reopen')", "Reopen", id="issue.reopen", show=False),
        Binding(
            "e", "request('edit')", "Edit", tooltip="Edit the issue", id="issue.edit", show=False
        ),
    ]

    class Requested(Message):
        """``what`` (up, down, solve, drop, reopen, edit) for ``issue``."""

        def __init__(self, issue: Issue, what: str) -> None:
            super().__init__()
            self.issue = issue
            self.what = what

    COLUMNS = ("Rank", "Issue · owner, from, id")

    def __init__(self, *, empty: str = "no open issues", id: str | None = None) -> None:
        super().__init__(id=id)
        self.empty = empty

    def show(self, items: Sequence[Issue]) -> None:
        self._positions = {i.id: n for n, i in enumerate((i for i in items if i.is_open), 1)}
        super().show(items)

    def cells(self, issue: Issue) -> tuple[Text | str, Text | str]:
        size = max(16, (self.size.width or 60) - RANK_WIDTH - 6)
        if issue.is_open:
            position = self._positions.get(issue.id, 0)
            rank = Text(f"{position:>2}", style="bold reverse" if position <= TOP else "bold")
            rank.append("  top" if position <= TOP else "")
        else:
            symbol, word, style = ISSUE_MARKS.get(issue.status, ("?", safe(issue.status), ""))
            rank = Text(f"{symbol} {word}", style=style)
        rank.append(f"\nwk {safe(issue.raised_in[6:])}", style="dim")
        about = [safe(issue.owner) if issue.owner else "no owner", source_text(issue)]
        if issue.solved_into:
            about.append("→ " + ", ".join(safe(c[:7]) for c in issue.solved_into))
        about.append(safe(issue.short_id))
        body = Text(shorten(safe(issue.text), size))
        body.append("\n" + shorten(" · ".join(a for a in about if a), size), style="dim")
        return rank, body

    def empty_cells(self) -> tuple[Text | str, Text | str]:
        return "", Text(self.empty, style="dim")

    def requested(self, item: Issue, what: str) -> Message:
        return self.Requested(item, what)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action != "request" or self.current is None:
            return super().check_action(action, parameters)
        what = parameters[0] if parameters else None
        if what == "reopen":
            return not self.current.is_open
        if what in ("up", "down", "solve", "drop"):
            return self.current.is_open
        return True


class SuggestionTable(ItemTable[Suggestion]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "r", "request('raise')", "Raise", tooltip="Raise it as an issue", id="suggestion.raise"
        ),
        Binding(
            "R",
            "request('edit')",
            "Raise…",
            tooltip="Edit, then raise",
            id="suggestion.edit",
            show=False,
        ),
    ]

    class Requested(Message):
        """``what`` (raise, edit) for ``suggestion``."""

        def __init__(self, suggestion: Suggestion, what: str) -> None:
            super().__init__()
            self.suggestion = suggestion
            self.what = what

    COLUMNS = ("Why", "Suggested issue")

    def cells(self, s: Suggestion) -> tuple[Text | str, Text | str]:
        size = max(16, (self.size.width or 60) - 22 - 6)
        why = Text(shorten(safe(s.reason), 22), style="dark_orange")
        why.append("\n" + source_text(s)[:22], style="dim")
        body = Text(shorten(safe(s.text), size))
        body.append("\n" + shorten(safe(s.owner) if s.owner else "no owner", size), style="dim")
        return why, body

    def empty_cells(self) -> tuple[Text | str, Text | str]:
        return "", Text("nothing suggested this week", style="dim")

    def requested(self, item: Suggestion, what: str) -> Message:
        return self.Requested(item, what)
