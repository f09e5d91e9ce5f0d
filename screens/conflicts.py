"""Merge conflicts in the app: a banner that says so, and a screen to resolve them.

The banner also carries the hint when the database is in git but the
scorecard drivers are not set up. Resolving goes through the Workspace
service (``ws.conflicts()``, ``ws.resolve_conflict()``) in thread workers.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult, CSSPathType
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Input, Label, Static

from scorecard.conflicts import MergeConflict, parse_typed
from scorecard.errors import ScorecardError
from scorecard.workspace import Workspace
from screens.footer import FittedFooter
from screens.formatting import plain
from screens.header import ScreenHeader
from screens.lifecycle import OpensOnce


def _git_words(workspace: Workspace) -> tuple[str, str]:
    """(whose side is whose during the operation in progress, the step that finishes it)."""
    from scorecard import gitstate
    from scorecard.gitrun import GitError, shell_path

    try:
        state = gitstate.read(workspace.db_path)
    except GitError:
        state = None
    if state is None or not state.unmerged:
        return "", f"git add {shell_path(workspace.db_path)} && git commit"
    return f"During this {state.operation.name}: {state.sides()}.", state.add_step()


class GitBanner(Static):
    """One line at the top of the week screen; hidden when there is nothing to say."""

    DEFAULT_CSS = """
    GitBanner {
        height: auto;
        padding: 0 1;
        background: $warning 30%;
        color: $text;
        text-style: bold;
    }
    GitBanner.-empty { display: none; }
    """

    def show_notices(self, notices: list[str]) -> None:
        text = "  ·  ".join(notices)
        if notices and "conflict" in notices[0]:
            text += "  (press ctrl+r to resolve)"
        self.update(plain(text))
        self.set_class(not notices, "-empty")


class ValuePrompt(ModalScreen[str | None]):
    """Type the value to keep; Enter keeps it, Escape cancels."""

    CSS_PATH: ClassVar[CSSPathType | None] = "dialogs.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="conflicts.value.cancel"),
    ]

    def __init__(self, conflict: MergeConflict) -> None:
        super().__init__(classes="modal")
        self.conflict = conflict

    def compose(self) -> ComposeResult:
        c = self.conflict
        with Vertical(classes="dialog"):
            yield Label(plain(f"Value for {c.where} {c.column}"), classes="dialog-title")
            yield Label(plain(f"ours {c.describe(c.ours)} · theirs {c.describe(c.theirs)}"))
            yield Input(id="typed")
            yield Label("", id="prompt-error")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        try:
            parse_typed(self.conflict, event.value)  # refuse here: the typed text stays
        except ScorecardError as exc:
            self.query_one("#prompt-error", Label).update(plain(str(exc)))
            return
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConflictsScreen(OpensOnce, Screen[None]):
    """Every conflict with base, ours and theirs; o/t/v keeps one for the selected row."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("o", "keep('ours')", "Keep ours", id="conflicts.ours"),
        Binding("t", "keep('theirs')", "Keep theirs", id="conflicts.theirs"),
        Binding("v", "type_value", "Type a value", id="conflicts.value"),
        Binding("escape", "close", "Back", id="conflicts.back"),
    ]

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.items: list[MergeConflict] = []

    def compose(self) -> ComposeResult:
        yield ScreenHeader(icon="◆")
        yield Label("Merge conflicts", classes="section-title")
        yield Static("", id="conflicts-sides", classes="hint-line")
        yield DataTable(id="conflicts", cursor_type="row", zebra_stripes=True)
        yield Static("", id="conflicts-help", classes="hint-line")
        yield FittedFooter()

    def on_mount(self) -> None:
        self.sub_title = "Merge conflicts"
        table = self.query_one(DataTable)
        table.add_columns("id", "row", "field", "base", "ours", "theirs")
        table.focus()
        self.load()

    @work(thread=True, exclusive=True, group="conflicts")
    def load(self) -> None:
        try:
            items = self.workspace.conflicts()
        except ScorecardError as exc:  # e.g. the file is locked: say so, keep running
            self.app.call_from_thread(self.notify, str(exc), severity="error", timeout=8)
            return
        self.app.call_from_thread(self._show, items, _git_words(self.workspace))

    def _show(self, items: list[MergeConflict], words: tuple[str, str] = ("", "")) -> None:
        self.items = items
        sides, finish = words
        self.query_one("#conflicts-sides", Static).update(plain(sides))
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        for c in items:
            table.add_row(
                plain(c.short_id),
                plain(c.where),
                plain(c.column or "(row)"),
                plain(c.describe(c.base)),
                plain(c.describe(c.ours)),
                plain(c.describe(c.theirs)),
                key=c.id,
            )
        if items:
            table.move_cursor(row=min(row, len(items) - 1))
            text = "o keeps ours · t keeps theirs · v types a value · esc goes back"
        else:
            text = f"No conflicts left. Finish with: {finish}"
        self.query_one("#conflicts-help", Static).update(plain(text))

    def selected(self) -> MergeConflict | None:
        table = self.query_one(DataTable)
        if not self.items or table.cursor_row < 0 or table.cursor_row >= len(self.items):
            return None
        return self.items[table.cursor_row]

    def action_keep(self, choice: str) -> None:
        item = self.selected()
        if item is not None:
            self.resolve(item, choice, None)

    def action_type_value(self) -> None:
        item = self.selected()
        if item is None:
            return
        if item.is_row:
            self.notify("A whole-row conflict takes ours or theirs", severity="warning")
            return

        def typed(value: str | None) -> None:
            if value is not None:
                self.resolve(item, "value", value)

        self.app.push_screen(ValuePrompt(item), typed)

    @work(thread=True, group="conflicts-write")
    def resolve(self, item: MergeConflict, choice: str, value: str | None) -> None:
        try:
            _, kept = self.workspace.resolve_conflict(item.id, choice, value)  # type: ignore[arg-type]
        except ScorecardError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", timeout=6)
            return
        self.app.call_from_thread(self.notify, f"Kept {item.describe(kept)}", timeout=3)
        self.load()

    def action_close(self) -> None:
        self.dismiss(None)
