"""Opening the app. Textual is imported only here, and only when called."""

from __future__ import annotations

import click

from scorecard.cli.base import State, pass_state, resolve_week, week_option
from scorecard.weeks import Week


def open_app(state: State, week: Week | None) -> None:
    """Run the Textual app on ``week`` (default: this week) until the user quits."""
    ws = state.workspace()
    from screens.app import ScorecardApp  # lazy: headless commands never import Textual

    ScorecardApp(ws, resolve_week(week)).run()


@click.command()
@week_option("The week to open (default: this week).")
@pass_state
def tui(state: State, week: Week | None) -> None:
    """Open the app on a week."""
    open_app(state, week)
