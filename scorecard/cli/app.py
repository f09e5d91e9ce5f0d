"""Opening the app. Textual is imported only here, and only when called."""

from __future__ import annotations

import gc
import importlib

import click

from scorecard.cli.base import State, pass_state, resolve_week, week_option
from scorecard.weeks import Week

#: The app, by name: ``scorecard`` (a lower layer) never imports ``screens``,
#: as a console script names its function in pyproject.toml. The name is
#: resolved only when the app opens, so headless commands never load Textual.
APP = "screens.app:ScorecardApp"

#: SQLite's own page cache in the app (its default: 2 MiB). Reading the week
#: filled about 1.6 MiB of it with pages the operating system's cache holds
#: anyway: the app's peak memory (docs/benchmarks.md), for no read measurably faster.
PAGE_CACHE_KIB = 256


def app_class() -> type:
    module, _, name = APP.partition(":")
    found: type = getattr(importlib.import_module(module), name)
    return found


def open_app(state: State, week: Week | None) -> None:
    """Run the Textual app on ``week`` (default: this week) until the user quits."""
    from scorecard.cli.base import interactive

    if not interactive():
        raise click.UsageError(
            "the app needs a terminal (stdin and stdout); 'scorecard show' prints the week"
        )
    # No cyclic garbage collection until the app's first frame is drawn (the
    # app resumes it then: screens/app.py): start-up makes hundreds of
    # thousands of objects that live as long as the app, and almost no
    # garbage, and the collector's passes over them (about 90 while Textual
    # and the app load, and build and draw the first screen) were a tenth of
    # the app's start-up and found next to nothing (docs/benchmarks.md).
    gc.disable()
    try:
        from scorecard import settings  # the user's theme and keymap: read before anything shows

        user = settings.load()
        ws = state.workspace()
        ws.limit_page_cache(PAGE_CACHE_KIB)
        from scorecard.read.ahead import WeekAhead

        start = resolve_week(week) or Week.current()
        ahead = WeekAhead(ws, start)  # read while the app's modules import
        app = app_class()(ws, start, settings=user, remember=True, ahead=ahead)
        # What the imports made lives as long as the process: leave it out of
        # the garbage collector's full passes (docs/benchmarks.md).
        gc.freeze()
        app.run()
    finally:
        gc.enable()  # also when the app failed before its first frame


@click.command()
@week_option("The week to open (default: this week).")
@pass_state
def tui(state: State, week: Week | None) -> None:
    """Open the app on a week.

    \b
    Example:
      scorecard tui --week last
    """
    open_app(state, week)
