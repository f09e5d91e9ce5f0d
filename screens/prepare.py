"""Made ready in idle time: what each screen's first opening would otherwise pay
for before it can draw (its module and what that imports, its stylesheet read
and parsed), done once the week is on screen, one small step at a time, so the
first opening of a screen meets a warm app (docs/benchmarks.md, "Screens").

The one home for this: a screen that opens by a key is named in ``SCREENS``
(a test holds the list to every screen of the package).

Why the stylesheet matters most: the first time a screen with stylesheets of
its own is pushed, Textual reads them, parses *every* stylesheet of the app
again from scratch (its parse cache is thrown away with the old stylesheet)
and restyles every widget of every screen, the week screen under it too.
Read here, each file is parsed alone (the parse cache keeps the others) and
nothing is restyled: no rule of these files applies to a widget that exists
before its screen opens (tested), and a screen opened later is styled with
its rules as it is mounted, as when it opens again.

Each step is one module imported or one file read and parsed, a few
milliseconds; steps run from the app's timer, with a pause between two, so a
key pressed meanwhile waits for one step at most.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Iterator
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

from textual.css.stylesheet import StylesheetError

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen

DELAY = 0.5
"""Seconds after the week is first drawn (after git is asked: ``GIT_CHECK_DELAY``)."""
PAUSE = 0.01
"""Seconds between two steps: keys, timers and frames go first."""

MODULES = (
    # Leaves first, so that no single step imports much: each line is one step.
    "screens.line_table",
    "screens.chart",
    "screens.history_list",
    "screens.history_stories",
    "screens.issue_table",
    "screens.tabs",
    "screens.lazy_select",
    "screens.history",
    "screens.confirm",
    "screens.guided",
    "screens.issues",
    "screens.agreements",
    "screens.form",
    "screens.commitment_form",
    "screens.note_form",
    "screens.issue_form",
    "screens.solve_form",
    "screens.week_picker",
    "scorecard.conflicts",
    "screens.conflicts",
    "screens.help",
)

SCREENS = (
    "screens.history:HistoryScreen",
    "screens.guided:GuidedSyncScreen",
    "screens.issues:IssuesScreen",
    "screens.goals:GoalsScreen",
    "screens.agreements:AgreementsScreen",
    "screens.help:HelpScreen",
    "screens.confirm:ConfirmScreen",
    "screens.form:FormScreen",
    "screens.conflicts:ConflictsScreen",
    "screens.conflicts:ValuePrompt",
)
"""Every screen the app opens by a key (the week screen is there from the start)."""


def screen_class(name: str) -> type[Screen[Any]]:
    module, _, cls = name.partition(":")
    found: type[Screen[Any]] = getattr(importlib.import_module(module), cls)
    return found


def css_paths(cls: type[Screen[Any]]) -> list[Path]:
    """The stylesheets an instance of ``cls`` names, resolved as Textual does."""
    paths = cls.CSS_PATH
    if paths is None:
        return []
    listed = [paths] if isinstance(paths, str | PurePath) else list(paths)
    here = Path(inspect.getfile(cls)).parent
    return [(here / path).resolve() for path in listed]


class Preparation:
    """The steps, run one per timer tick once ``start`` is called."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self.done = False
        """True once every step has run (the benchmark waits for it)."""
        self.steps = 0
        self._pending: Iterator[None] = self._steps()

    def start(self) -> None:
        self.app.set_timer(PAUSE, self._next)

    def run_all(self) -> None:
        """Every step at once (for tests)."""
        for _ in self._pending:
            self.steps += 1
        self.done = True

    def _next(self) -> None:
        if not self.app.is_running or self.done:
            return
        try:
            next(self._pending)
        except StopIteration:
            self.done = True
            return
        self.steps += 1
        self.app.set_timer(PAUSE, self._next)

    def _steps(self) -> Iterator[None]:
        for module in MODULES:
            importlib.import_module(module)
            yield
        stylesheet = self.app.stylesheet
        for name in SCREENS:
            for path in css_paths(screen_class(name)):
                if stylesheet.has_source(str(path), ""):
                    continue
                try:
                    stylesheet.read(path)
                    stylesheet.parse()
                except StylesheetError:
                    # Left for the screen's opening to read and report, as before.
                    stylesheet.source.pop((str(path), ""), None)
                    stylesheet.parse()
                    return
                yield
