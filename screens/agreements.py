"""The operating rules both leads agreed (from scorecard.toml), readable in the app."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult, CSSPathType
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from scorecard.config import Config
from screens.footer import FittedFooter
from screens.formatting import safe
from screens.header import ScreenHeader
from screens.lifecycle import OpensOnce


def agreements_text(config: Config) -> Text:
    text = Text()
    if not config.agreements:
        text.append("No agreements yet. Add them to scorecard.toml under [[agreements]].", "dim")
        return text
    for i, item in enumerate(config.agreements):
        if i:
            text.append("\n\n")
        text.append(safe(item.title), style="bold")
        if item.agreed is None:
            text.append("   DRAFT: not agreed yet", style="bold yellow")
        else:
            text.append(f"   agreed {item.agreed.isoformat()}", style="dim")
        text.append("\n")
        text.append(safe(item.text, single_line=False))
    text.append("\n\nThese come from scorecard.toml; edit them there.", style="dim")
    if any(item.is_draft for item in config.agreements):
        text.append(
            "\nOnce you both agree a draft, give it the date: agreed = 2026-09-01.", style="dim"
        )
    return text


class AgreementsScreen(OpensOnce, Screen[None]):
    CSS_PATH: ClassVar[CSSPathType | None] = "history.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,r", "app.pop_screen", "Back", id="agreements.back")
    ]

    def __init__(self, config: Config) -> None:
        super().__init__()
        self.config = config

    def compose(self) -> ComposeResult:
        yield ScreenHeader(icon="◆")
        with VerticalScroll(id="agreements"):
            yield Static(agreements_text(self.config), id="agreements-text")
        yield FittedFooter()

    def on_mount(self) -> None:
        self.title = f"Agreements · {safe(self.config.title)}"
        self.sub_title = "how sales and marketing work together"
        self.query_one("#agreements").focus()
