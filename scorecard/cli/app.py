"""Opening the app. Textual is imported only here, and only when called."""

from __future__ import annotations

import click

from scorecard.cli.base import State, pass_state, resolve_week, week_option
from scorecard.weeks import Week


def open_app(state: State, week: Week | None) -> None:
    """Until the TUI lands: print the week so the command is useful."""
    from scorecard.text import render_summary

    ws = state.workspace()
    click.echo(render_summary(ws.summary(resolve_week(week)), ws.config), nl=False)


@click.command()
@week_option("The week to open (default: this week).")
@pass_state
def tui(state: State, week: Week | None) -> None:
    """Open the app on a week."""
    open_app(state, week)


COMMANDS = [tui]
