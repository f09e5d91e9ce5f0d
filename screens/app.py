"""The Textual app: thin. It opens the workspace's week screen, watches the
database for changes made elsewhere, and owns the app-wide keys. Screens own
their UI; styles live in the .tcss files."""

from __future__ import annotations

import gc
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from textual import work
from textual.app import App, CSSPathType, SystemCommand
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.theme import Theme

from scorecard.errors import ScorecardError
from scorecard.settings import Settings
from scorecard.weeks import Week
from scorecard.workspace import Workspace
from screens import prepare
from screens.formatting import safe
from screens.lifecycle import OpensOnce, css_read, size_classes
from screens.week import WeekScreen
from screens.week_view import Known, WeekView

if TYPE_CHECKING:
    from scorecard.read.ahead import WeekAhead
    from screens.guided import SyncFinished, SyncSession
    from screens.scorecard_table import ScorecardTable

# Every screen but the week screen (dialogs, forms, guided sync, history,
# agreements, help, conflicts) is imported in idle time after the first frame
# (screens/prepare.py) or when first opened: the week screen is all that
# start-up needs (docs/benchmarks.md).

DARK, LIGHT = "textual-dark", "textual-light"
S = TypeVar("S", bound=Screen[Any])
GIT_CHECK_DELAY = 0.4  # seconds after the first frame
HELP = "help"
"""The name the help screen is installed under (made once, kept)."""


def resume_garbage_collection() -> None:
    """Turn the cyclic garbage collector back on, if start-up held it off
    (``scorecard.cli.app.open_app``), once the first frame is drawn. What
    start-up made is frozen first: it lives as long as the app, and the
    collector's first pass would otherwise walk all of it (a pause of its own
    as the first key arrives); what is made from now on is collected as usual."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


class ScorecardApp(App[None]):
    # The week screen's styles; every other screen brings its own (CSS_PATH),
    # read in idle time after the first frame (screens/prepare.py) or when first opened.
    CSS_PATH: ClassVar[CSSPathType | None] = ["app.tcss", "week.tcss"]
    TITLE = "Alignment Scorecard"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide"), (180, "-widest")]  # noqa: RUF012 (App's own type)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding(
            "ctrl+t",
            "toggle_theme",
            "Light/dark",
            tooltip="Toggle light/dark theme",
            id="app.theme",
            show=False,
        ),
        Binding("ctrl+r", "conflicts", "Merge conflicts", id="app.conflicts", show=False),
    ]

    def __init__(
        self,
        workspace: Workspace,
        week: Week | None = None,
        *,
        poll_interval: float | None = 1.0,
        settings: Settings | None = None,
        remember: bool = False,
        prepare_after: float | None = prepare.DELAY,
        ahead: WeekAhead | None = None,
    ) -> None:
        """``settings``: the user's theme and keymap; with ``remember``, a theme
        chosen in the app is written back to the settings file. ``prepare_after``:
        seconds after the first frame until what the other screens' first
        openings need is made ready (screens/prepare.py); None: never. ``ahead``:
        the first week, being read while the app loads (scorecard/read/ahead.py)."""
        super().__init__()
        self.workspace = workspace
        self.start_week = week or Week.current()
        self.poll_interval = poll_interval
        self.sync_session: SyncSession | None = None
        self.git_checks = 0
        """How many times what git says has been shown (tests wait for the first)."""
        self.settings = settings or Settings()
        self.remember = remember
        self.prepare_after = prepare_after
        self.preparation = prepare.Preparation(self)
        self.ahead = ahead
        self.user_keymap: dict[str, str] = dict(self.settings.keymap)
        self.theme = self.settings.theme if self.settings.theme in self.available_themes else DARK
        if self.user_keymap:
            self.set_keymap(self.user_keymap)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification is inert: messages quote names and values from
        storage, so they are never read as markup and their controls are escaped."""
        super().notify(
            safe(message, single_line=False),
            title=safe(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def get_default_screen(self) -> Screen:
        # The week screen is the app's first screen itself: no empty default
        # screen to draw, resize and leave at start-up.
        found = self.ahead.taken() if self.ahead is not None else None
        self.ahead = None
        known = None
        if found is not None and found.week == self.start_week:
            known = Known(found.week, found.summary, found.at, found.issues, found.at)
        return self.sized(WeekScreen(self.workspace, self.start_week, known=known))

    def sized(self, screen: S) -> S:
        """``screen`` with the classes of its size (``HORIZONTAL_BREAKPOINTS``…)
        given now, not at its first resize: one restyle of every widget less when
        it opens (docs/benchmarks.md)."""
        for name, on in size_classes(screen, self.size).items():
            if on:
                screen.add_class(name, update=False)  # not mounted yet: styled once
        if isinstance(screen, OpensOnce):
            screen.styled_when_mounted = css_read(screen)
        return screen

    def on_mount(self) -> None:
        self.title = safe(self.workspace.config.title)
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        if self.settings.theme not in self.available_themes:
            self.notify(
                f"Unknown theme '{self.settings.theme}' in your settings", severity="warning"
            )
        unknown = []
        if self.user_keymap:
            from screens.help import binding_ids

            unknown = sorted(set(self.user_keymap) - binding_ids(list(self.BINDINGS)))
        if unknown:
            self.notify(
                f"Unknown binding id(s) in your keymap: {', '.join(unknown)} (? lists them)",
                severity="warning",
            )
        # git (merge conflicts, drivers) is asked once the week is on screen:
        # spawning git while the first screen is built slowed it down. The delay
        # runs from the first frame, not from here: on a slow or busy machine a
        # fixed time after start-up came before the week was drawn.
        self.call_after_refresh(self.set_timer, GIT_CHECK_DELAY, self._check_git)
        self.call_after_refresh(resume_garbage_collection)
        # The other screens' modules and stylesheets, in idle time after that.
        if self.prepare_after is not None:
            self.call_after_refresh(self.set_timer, self.prepare_after, self.preparation.start)
        if self.poll_interval:
            self.set_interval(self.poll_interval, self._poll)

    @property
    def week_screen(self) -> WeekScreen:
        return next(s for s in self.screen_stack if isinstance(s, WeekScreen))

    # -- changes made elsewhere ---------------------------------------------------

    def _poll(self) -> None:
        self._check_changes()

    @work(thread=True, exclusive=True, group="poll")
    def _check_changes(self) -> None:
        try:
            changed = self.workspace.changed_elsewhere()
        except ScorecardError:
            return  # a locked or vanished file: the next load says so
        if changed:
            self.call_from_thread(self.data_changed)

    def data_changed(self) -> None:
        """Refresh what is on screen (the screens below reload when resumed)."""
        refresh = getattr(self.screen, "refresh_data", None)
        if refresh is None:  # a modal on top: refresh the screen under it
            for screen in reversed(self.screen_stack):
                refresh = getattr(screen, "refresh_data", None)
                if refresh is not None:
                    break
        if refresh is not None:
            refresh()
        self._check_git()

    # -- git: merge conflicts and drivers (screens/conflicts.py) -----------------------

    @work(thread=True, exclusive=True, group="git")
    def _check_git(self) -> None:
        try:
            notices = self.workspace.git_notices()
        except ScorecardError:
            return
        bad = len(self.workspace.bad_rows())
        if bad:
            notices.append(f"{bad} damaged stored row(s) left out: run 'scorecard check'")
        self.call_from_thread(self._show_git_notices, notices)

    def _show_git_notices(self, notices: list[str]) -> None:
        screen = next((s for s in self.screen_stack if isinstance(s, WeekScreen)), None)
        if screen is None:
            return
        if not screen.is_mounted:  # not ready yet: try after the next refresh
            self.call_after_refresh(self._show_git_notices, notices)
            return
        screen.show_git_notices(notices)
        self.git_checks += 1

    def action_conflicts(self) -> None:
        from screens.conflicts import ConflictsScreen

        if not isinstance(self.screen, ConflictsScreen):
            self.push_screen(
                self.sized(ConflictsScreen(self.workspace)), lambda _: self.data_changed()
            )

    # -- screens --------------------------------------------------------------

    def action_guided_sync(self) -> None:
        from screens.guided import GuidedSyncScreen, SyncSession

        week = self.week_screen.week
        if self.sync_session is None or self.sync_session.week != week:
            self.sync_session = SyncSession(week)
        known = self.week_screen.known()  # shown without reading the week again
        self.push_screen(
            self.sized(GuidedSyncScreen(self.workspace, self.sync_session, known=known))
        )

    def on_scorecard_table_keys_ahead(self, message: ScorecardTable.KeysAhead) -> None:
        """Every key typed before it is handled: the scorecard goes on with the rest."""
        message.release()

    def on_sync_finished(self, _: SyncFinished) -> None:
        self.sync_session = None

    def action_history(self) -> None:
        from screens.history import HistoryScreen

        self.push_screen(self.sized(HistoryScreen(self.workspace, self.week_screen.week)))

    def action_goals(self) -> None:
        from screens.goals import GoalsScreen

        week_screen = self.week_screen
        known = week_screen.known()  # shown without reading the week again
        self.push_screen(self.sized(GoalsScreen(self.workspace, week_screen.week, known=known)))

    def action_issues(self) -> None:
        from screens.issues import IssuesScreen

        if not isinstance(self.screen, IssuesScreen):
            week_screen = self.week_screen
            known = week_screen.known()
            self.push_screen(
                self.sized(IssuesScreen(self.workspace, week_screen.week, known=known))
            )

    def action_agreements(self) -> None:
        from screens.agreements import AgreementsScreen

        self.push_screen(self.sized(AgreementsScreen(self.workspace.config)))

    def action_help(self) -> None:
        from screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        # Made once and kept (installed): its text comes from the bindings and the
        # keymap, which do not change while the app runs, so opening it again
        # composes, styles and lays out nothing anew (docs/benchmarks.md).
        if not self.is_screen_installed(HELP):
            self.install_screen(self.sized(HelpScreen()), HELP)
        self.push_screen(HELP)

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT if self.theme == DARK else DARK

    def _remember_theme(self, theme: Theme) -> None:
        """Keep the chosen theme for the next start (the user's settings file)."""
        if not self.remember or theme.name == self.settings.theme:
            return
        from scorecard import settings as user_settings

        self.settings = self.settings.with_theme(theme.name)
        try:
            user_settings.save(self.settings)
        except OSError as exc:
            self.notify(f"Theme not remembered: {exc.strerror}", severity="warning")

    # -- quitting never loses typed text silently -------------------------------------

    def unsaved_text(self) -> bool:
        from screens.form import FormScreen

        for screen in self.screen_stack:
            if isinstance(screen, FormScreen) and screen.is_dirty:
                return True
            if isinstance(screen, WeekView) and screen.has_unsaved_text:
                return True
        return False

    async def action_quit(self) -> None:
        if not self.unsaved_text():
            self.exit()
            return
        from screens.confirm import ConfirmScreen

        if isinstance(self.screen, ConfirmScreen):
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.exit()

        self.push_screen(
            ConfirmScreen("You have unsaved text. Quit and discard it?", yes="Quit"), answered
        )

    # -- the command palette: our own actions by human names (screens/palette.py) ----

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        from screens.palette import REPLACED, commands

        taken = set(REPLACED)
        for command in super().get_system_commands(screen):
            if command.title not in taken:
                taken.add(command.title)
                yield command
        yield from commands(self, screen, taken)
