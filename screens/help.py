"""``?``: every key of the app, read from the bindings themselves so it stays true."""

from __future__ import annotations

import textwrap
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult, CSSPathType
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.keys import format_key
from textual.screen import ModalScreen
from textual.widgets import Static

from screens.lifecycle import OpensOnce

#: Where Textual shows a glyph, help says the word its descriptions use ("Enter saves").
KEY_WORDS = {"enter": "enter"}
KEY_CELLS, WHAT_CELLS = 20, 34


def key_name(key: str) -> str:
    """One key as a user reads it: ``!`` for ``exclamation_mark``, ``ctrl+→``
    for ``ctrl+right`` (Textual's own key display names)."""
    *modifiers, name = key.strip().split("+")
    return "+".join([*modifiers, KEY_WORDS.get(name) or format_key(name)])


def key_label(keys: str) -> str:
    """``e / enter``: a binding's keys (comma-separated) as a user reads them."""
    return " / ".join(key_name(key) for key in keys.split(","))


#: Keys that are not bindings of ours but work everywhere, as help lists them.
BUILT_IN = [
    ("tab / shift+tab", "Next / previous panel or field"),
    ("ctrl+p", "Command palette: every action by name"),
    ("ctrl+q", "Quit at once (even from a dialog)"),
    ("ctrl+c", "Copy the selected text"),
]


def binding_ids(app_bindings: list[BindingType]) -> set[str]:
    """The id of every binding of ours: what a keymap in the settings can name."""
    return {
        b.id
        for _, bindings in sections(app_bindings)
        for b in bindings
        if isinstance(b, Binding) and b.id is not None
    }


def sections(app_bindings: list[BindingType]) -> list[tuple[str, list[BindingType]]]:
    """Where each key works: the app's own keys (``app_bindings``: the help
    screen is opened by the app, it does not import it), then each screen's."""
    from screens.commitment_table import CommitmentTable
    from screens.confirm import ConfirmScreen
    from screens.conflicts import ConflictsScreen
    from screens.form import FormScreen
    from screens.goals import GoalsScreen
    from screens.guided import GuidedSyncScreen
    from screens.history import HistoryScreen
    from screens.notes_table import NotesTable
    from screens.scorecard_table import ScorecardTable
    from screens.value_entry import ValueEntry
    from screens.week import WeekScreen
    from screens.week_view import WeekView

    return [
        ("Everywhere", app_bindings),
        ("Week screen", [*WeekScreen.BINDINGS, *WeekView.BINDINGS]),
        (
            "Scorecard (Enter on a metric, type the value, Enter saves and moves on)",
            [*ScorecardTable.BINDINGS, *ValueEntry.BINDINGS],
        ),
        ("Commitments (on a highlighted commitment)", CommitmentTable.BINDINGS),
        ("Retro notes (on a highlighted note)", NotesTable.BINDINGS),
        ("Guided sync", GuidedSyncScreen.BINDINGS),
        ("History", HistoryScreen.BINDINGS),
        ("Goals & funnel (G)", GoalsScreen.BINDINGS),
        ("Forms", FormScreen.BINDINGS),
        ("Questions", ConfirmScreen.BINDINGS),
        ("Merge conflicts (ctrl+r)", ConflictsScreen.BINDINGS),
    ]


def help_text(app_bindings: list[BindingType], keymap: dict[str, str] | None = None) -> Text:
    """Every key, as remapped by ``keymap`` (binding id → keys), with the ids
    a keymap can name."""
    keymap = keymap or {}
    text = Text()
    for title, bindings in sections(app_bindings):
        text.append(f"{title}\n", style="bold")
        if title == "Everywhere":
            for keys, what in BUILT_IN:
                text.append(f"  {keys:<{KEY_CELLS}}", style="bold")
                text.append(f"{what}\n")
        for binding in bindings:
            assert isinstance(binding, Binding)
            keys = keymap.get(binding.id or "", binding.key)
            text.append(f"  {key_label(keys):<{KEY_CELLS}}", style="bold")
            # A long description wraps in its column; the id stays on the first line.
            first, *more = textwrap.wrap(binding.tooltip or binding.description, WHAT_CELLS)
            text.append(f"{first:<{WHAT_CELLS}}")
            text.append(f" {binding.id}\n", style="dim")
            for line in more:
                text.append(f"  {'':<{KEY_CELLS}}{line}\n")
        text.append("\n")
    text.append(
        "Arrows move. Remap any key by its id (dim, at the right) in your settings "
        "file: 'scorecard config path' says where.",
        style="dim",
    )
    return text


class HelpScreen(OpensOnce, ModalScreen[None]):
    CSS_PATH: ClassVar[CSSPathType | None] = "dialogs.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "dismiss", "Close", id="help.close")
    ]

    def __init__(self) -> None:
        super().__init__(classes="modal")

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help", classes="dialog"):
            yield Static(
                help_text(list(self.app.BINDINGS), getattr(self.app, "user_keymap", {})),
                id="help-text",
            )

    def on_mount(self) -> None:
        self.query_one("#help").focus()

    def on_screen_resume(self) -> None:
        # The app keeps this screen between openings: each one starts at the top.
        self.query_one("#help", VerticalScroll).scroll_home(animate=False)

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss()
