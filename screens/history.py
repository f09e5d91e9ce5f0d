"""History: a metric's trend over any range of weeks (a bar chart), every
commitment with its status changes, say/do per team per week, and every issue
with its history."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult, CSSPathType
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Input, Label, Static

from scorecard.errors import InvalidInput, ScorecardError
from scorecard.models import TEAMS, Commitment, Issue
from scorecard.status import SayDo
from scorecard.weeks import Week, parse_week
from scorecard.workspace import Workspace
from screens.chart import Bar, BarChart, ChartView
from screens.footer import FittedFooter
from screens.formatting import plain, safe
from screens.header import ScreenHeader
from screens.history_list import commitment_columns, commitment_list
from screens.history_stories import STORY_TABS, Stories
from screens.issue_table import ISSUE_MARKS
from screens.lazy_select import LazySelect
from screens.lifecycle import OpensOnce, still_shown
from screens.line_table import Cell, Column, LineTable
from screens.tabs import Pane, TabBar, Tabbed

MAX_WEEKS = 520
#: The lists draw only the rows on screen (screens/line_table.py): ten years
#: of commitments are 5,000 rows.
ISSUE_COLUMNS = [
    Column(label, label, "dim" if label == "Id" else "")
    for label in ("Id", "Status", "Issue", "Owner", "Raised", "Settled")
]
SAYDO_COLUMNS = [Column(label, label) for label in ("Week", *TEAMS)]
#: Margins and frame around the list when it is not laid out yet.
FRAME_CELLS = 6


@dataclass(frozen=True)
class Trend:
    metric: str
    bars: list[Bar]


@dataclass(frozen=True)
class Read:
    """What the history shows of one metric over one range."""

    trend: Trend
    say_do: tuple[tuple[Week, dict[str, SayDo]], ...]
    commitments: tuple[Commitment, ...]
    issues: list[Issue]


#: What gets the focus back in each tab when a field is left with Escape.
TAB_CONTENT = {
    "trend": "chart-scroll",
    "commitments": "commitment-list",
    "saydo": "saydo-table",
    "issues": "issue-list",
}


class HistoryScreen(Stories, OpensOnce, Screen[None]):
    CSS_PATH: ClassVar[CSSPathType | None] = "history.tcss"
    # Focused from the start: a tab key (2, 3, 4) typed right after ``h`` would
    # otherwise reach the metric Select, focused first, and pick a metric.
    AUTO_FOCUS = "#chart-scroll"
    # Under 32 rows the lists are shorter, so the story of the highlighted row shows.
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]  # noqa: RUF012 (Screen's own type)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="history.back"),
        Binding("m", "focus('#metric')", "Metric", id="history.metric"),
        Binding("f", "focus('#from')", "Range", id="history.range"),
        Binding("1", "tab('trend')", "Trend", id="history.tab_trend"),
        Binding("2", "tab('commitments')", "Commitments", id="history.tab_commitments"),
        Binding("3", "tab('saydo')", "Say/do", id="history.tab_saydo"),
        Binding("4", "tab('issues')", "Issues", id="history.tab_issues"),
    ]

    def __init__(self, workspace: Workspace, week: Week) -> None:
        super().__init__()
        self.workspace = workspace
        self.first = week - 12
        self.last = week
        self.commitments: list[Commitment] = []
        self.issues: list[Issue] = []
        self.trend: Trend | None = None
        self._version = 0
        """Counts the changes made elsewhere (:meth:`refresh_data`): each is read again."""
        self._has: dict[str, tuple[object, ...]] = {}
        """Per tab: what it shows (see :meth:`_wanted`); absent: emptied, read when shown."""
        self._drawn: tuple[Trend | None, int, int] | None = None
        """The trend drawn, at the chart's and the list's widths."""
        self._told: dict[str, str] = {}
        """Per tab with a list: the row whose story was last read (or is being read)."""
        self._shown_story: dict[str, str | None] = {}
        """Per tab with a list: the row whose story shows under it ("" for a
        message, None or absent for nothing)."""

    def compose(self) -> ComposeResult:
        metrics = self.workspace.config.metrics
        yield ScreenHeader(icon="◆")
        with Horizontal(id="history-controls"):
            # Textual's Select, made when first focused (screens/lazy_select.py).
            yield LazySelect([(plain(m.name), m.key) for m in metrics], metrics[0].key, id="metric")
            yield Label("from", classes="range-label")
            yield Input(str(self.first), id="from", compact=True)
            yield Label("to", classes="range-label")
            yield Input(str(self.last), id="to", compact=True)
        yield Label("", id="range-error")
        with Tabbed(initial="trend", id="history-tabs"):
            with Pane("1 Trend", id="trend"):
                yield ChartView(id="chart-scroll")
            with Pane("2 Commitments", id="commitments"):
                yield LineTable(id="commitment-list")
                yield Static("", id="events")
            with Pane("3 Say/do", id="saydo"):
                yield LineTable(id="saydo-table")
            with Pane("4 Issues", id="issues"):
                yield LineTable(id="issue-list")
                yield Static("", id="issue-events")
        yield FittedFooter()

    def on_mount(self) -> None:
        self.title = f"History · {safe(self.workspace.config.title)}"
        self.sub_title = f"{self.first} – {self.last}"
        self.query_one("#issue-list", LineTable).show(ISSUE_COLUMNS, [], [])
        self.query_one("#saydo-table", LineTable).show(SAYDO_COLUMNS, [], [])
        columns = commitment_columns(self._list_width())
        self.query_one("#commitment-list", LineTable).show(columns, [], [])
        # The first range (13 weeks, a few milliseconds to read) is read now, so
        # the first frame shows it: no worker, no empty screen laid out and drawn
        # again a moment later. Every later read (a range, a metric, a change
        # made elsewhere) loads in a worker.
        metric = self.query_one("#metric", LazySelect).value
        # Shown, or said to have failed: either way not read again until a change.
        self._has = {tab: self._wanted(tab) for tab in TAB_CONTENT}
        try:
            self._show_read(self._read(metric, self.first, self.last))
        except ScorecardError as exc:  # e.g. the file is locked: say so, keep running
            self.notify(str(exc), severity="error", timeout=8)

    def refresh_data(self) -> None:
        self.load()

    def action_tab(self, tab: str) -> None:
        """Show ``tab`` with its chart or list focused: ↑ ↓ move in it at once."""
        self.query_one("#history-tabs", Tabbed).active = tab
        self.query_one(f"#{TAB_CONTENT[tab]}").focus()

    def action_back(self) -> None:
        """Escape in the metric or range fields leaves the fields (undoing a
        range being typed); elsewhere it leaves the screen."""
        focused = self.focused
        controls = self.query_one("#history-controls")
        if focused is None or controls not in focused.ancestors_with_self:
            self.app.pop_screen()
            return
        self.query_one("#from", Input).value = str(self.first)
        self.query_one("#to", Input).value = str(self.last)
        self.query_one("#range-error", Label).update("")
        shown = self.query_one("#history-tabs", Tabbed).active
        self.query_one(f"#{TAB_CONTENT.get(shown, 'chart-scroll')}").focus()

    # -- range and metric -------------------------------------------------------

    @on(LazySelect.Changed, "#metric")
    def _metric_changed(self, event: LazySelect.Changed) -> None:
        self._refresh_tabs()

    @on(Input.Submitted)
    def _range_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        error = self.query_one("#range-error", Label)
        try:
            first = parse_week(self.query_one("#from", Input).value)
            last = parse_week(self.query_one("#to", Input).value)
            if first > last:
                raise InvalidInput(f"'from' ({first}) is after 'to' ({last})")
            if first.weeks_until(last) >= MAX_WEEKS:
                raise InvalidInput(f"at most {MAX_WEEKS} weeks at once")
        except InvalidInput as exc:
            error.update(plain(f"✗ {exc}"))
            return
        if str(error.render()):
            error.update("")
        self.first, self.last = first, last
        self.sub_title = f"{first} – {last}"
        self._refresh_tabs()

    # -- loading ----------------------------------------------------------------
    #
    # The first range (13 weeks) is read whole as the screen mounts. After that
    # a change (a range, a metric, a write elsewhere) reads what the shown tab
    # needs, in a worker; the other tabs are emptied and read theirs when shown:
    # a range of ten years is 5,000 commitments the trend does not need.

    def load(self) -> None:
        self._version += 1
        self._refresh_tabs()

    def _wanted(self, tab: str) -> tuple[object, ...]:
        """What ``tab`` must show now: its data's range (and metric) and version."""
        base = (self.first, self.last, self._version)
        if tab == "trend":
            return (self.query_one("#metric", LazySelect).value, *base)
        return base

    def _refresh_tabs(self) -> None:
        shown = self.query_one("#history-tabs", Tabbed).active
        for tab in TAB_CONTENT:
            if self._has.get(tab) == self._wanted(tab):
                continue
            if tab == shown:
                self._load_tab(tab)
            elif tab in self._has:
                del self._has[tab]
                self._empty(tab)

    def _load_tab(self, tab: str) -> None:
        wanted = self._wanted(tab)
        first, last = self.first, self.last
        read: Callable[[], object]
        if tab == "trend":
            metric = str(wanted[0])
            read = partial(self._read_trend, metric, first, last)
        elif tab == "saydo":
            read = partial(self.workspace.say_do_weeks, first, last)
        elif tab == "commitments":
            read = partial(self.workspace.commitments_alive, first, last)
        else:
            read = partial(self.workspace.issues_between, first, last)

        def load() -> None:
            try:
                found = read()
            except ScorecardError as exc:  # e.g. the file is locked: say so, keep running
                self.app.call_from_thread(self.notify, str(exc), severity="error", timeout=8)
                return
            self.app.call_from_thread(self._arrived, tab, wanted, found)

        self.run_worker(load, thread=True, exclusive=True, group=f"history-{tab}")

    def _arrived(self, tab: str, wanted: tuple[object, ...], found: Any) -> None:
        if not still_shown(self) or wanted != self._wanted(tab):
            return  # the range or metric changed since: another read is on its way
        self._has[tab] = wanted
        if tab == "trend":
            self._show_trend(found)
        elif tab == "saydo":
            self._show_say_do(found)
        elif tab == "commitments":
            self._show_commitments(found)
        else:
            self._show_issues(found)

    def _empty(self, tab: str) -> None:
        """Nothing of an older range shows in a tab until its own is read."""
        if tab == "trend":
            self.trend = None
            self.query_one("#chart-scroll", ChartView).clear()
        elif tab == "saydo":
            self.query_one("#saydo-table", LineTable).show(SAYDO_COLUMNS, [], [])
        elif tab == "commitments":
            self.commitments = []
            self._list_commitments()
            self._show_story(tab, None, Text())
        else:
            self.issues = []
            self.query_one("#issue-list", LineTable).show(ISSUE_COLUMNS, [], [])
            self._show_story(tab, None, Text())

    def _read_trend(self, metric_key: str, first: Week, last: Week) -> Trend:
        points = self.workspace.metric_points(metric_key, first, last)
        return Trend(metric_key, [Bar(p.week.id, p.value, p.target, p.status) for p in points])

    def _read(self, metric_key: str, first: Week, last: Week) -> Read:
        found = self.workspace.metric_history(metric_key, first, last)
        bars = [Bar(p.week.id, p.value, p.target, p.status) for p in found.points]
        issues = self.workspace.issues_between(first, last)
        return Read(Trend(metric_key, bars), found.say_do, found.commitments, issues)

    def _show_read(self, read: Read) -> None:
        self._show_trend(read.trend)
        self._show_say_do(read.say_do)
        self._show_commitments(read.commitments)
        self._show_issues(read.issues)

    def _show_trend(self, trend: Trend) -> None:
        self.trend = trend
        self._draw_chart()

    def _show_say_do(self, saydo: tuple[tuple[Week, dict[str, SayDo]], ...]) -> None:
        rows = [(week.id, *(teams[t].label() for t in TEAMS)) for week, teams in saydo]
        table = self.query_one("#saydo-table", LineTable)
        table.show(SAYDO_COLUMNS, rows, [week.id for week, _ in saydo])

    def _show_commitments(self, items: tuple[Commitment, ...]) -> None:
        self.commitments = list(items)  # latest due first
        self._list_commitments()
        if not self.commitments:
            self._show_story("commitments", "", Text("no commitments in range", style="dim"))

    def _list_width(self) -> int:
        listing = self.query_one("#commitment-list", LineTable)
        return listing.size.width or self.app.size.width - FRAME_CELLS

    def _list_commitments(self) -> None:
        """Fill the commitment list at the current width (screens/history_list.py)."""
        shown = commitment_list(self.commitments, self._list_width())
        listing = self.query_one("#commitment-list", LineTable)
        listing.show(shown.columns, shown.rows, shown.keys, widths=shown.widths)

    def _show_issues(self, issues: list[Issue]) -> None:
        listing = self.query_one("#issue-list", LineTable)
        self.issues = issues
        rows: list[tuple[Cell, ...]] = []
        for i in issues:
            symbol, word, style = ISSUE_MARKS.get(i.status, ("?", i.status, ""))
            rows.append(
                (
                    safe(i.short_id),
                    Text(f"{symbol} {safe(word)}", style=style),
                    safe(i.text),
                    safe(i.owner or "—"),
                    safe(i.raised_in),
                    safe(i.settled_in or ""),
                )
            )
        listing.show(ISSUE_COLUMNS, rows, [i.id for i in issues])
        if not issues:
            self._show_story("issues", "", Text("no issues in range", style="dim"))

    def _draw_chart(self) -> None:
        if self.trend is None:
            return
        spec = self.workspace.metric(self.trend.metric)
        title = plain(f"{spec.name} ({spec.owner}), week by week", "bold")
        # Before its first layout the screen will have the app's size.
        width = max(40, (self.size.width or self.app.size.width) - 4)
        chart = BarChart(
            self.trend.bars,
            width=width,
            unit=spec.unit,
            currency=self.workspace.config.currency,
            title=title,
        )
        self.query_one("#chart-scroll", ChartView).show(chart)
        self._drawn = (self.trend, width, self._list_width())

    def on_resize(self, event: events.Resize) -> None:
        """Drawn again at another width; the first layout's Resize, of the width
        the screen was drawn at as it mounted, changes nothing."""
        width = max(40, event.size.width - 4)
        if self._drawn == (self.trend, width, self._list_width()):
            return
        self._draw_chart()
        if self.commitments:
            self._list_commitments()

    # -- the story of the highlighted row, under the list -------------------------

    @on(Tabbed.TabActivated, "#history-tabs")
    def _tab_shown(self, event: Tabbed.TabActivated) -> None:
        # A tab clicked: its chart or list takes the focus, as with its key;
        # not a tab left since (keys 2 then 1 in one burst), whose pane is hidden,
        # nor a tab stepped to by ← → on the bar, which keeps the focus.
        shown = event.pane.id == self.query_one("#history-tabs", Tabbed).active
        content = self.query_one(f"#{TAB_CONTENT[event.pane.id or 'trend']}")
        if shown and not content.has_focus and not isinstance(self.focused, TabBar):
            content.focus()
        self._refresh_tabs()
        if event.pane.id in STORY_TABS:
            self._tell_story(event.pane.id, now=True)

    # -- one commitment's story -------------------------------------------------

    @on(LineTable.RowHighlighted, "#commitment-list")
    def _highlighted(self, event: LineTable.RowHighlighted) -> None:
        self._told.pop("commitments", None)  # the rows were shown again, or the cursor moved
        self._tell_story("commitments")

    # -- one issue's story ---------------------------------------------------------

    @on(LineTable.RowHighlighted, "#issue-list")
    def _issue_highlighted(self, event: LineTable.RowHighlighted) -> None:
        self._told.pop("issues", None)
        self._tell_story("issues")
