"""History: a metric's trend over any range of weeks (a bar chart), every
commitment with its status changes, say/do per team per week, and every issue
with its history."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult, CSSPathType
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import (
    Input,
    Label,
    Select,
    Static,
    TabbedContent,
    TabPane,
)

from scorecard.errors import InvalidInput, ScorecardError
from scorecard.models import TEAMS, Commitment, CommitmentEvent, Issue, IssueEvent
from scorecard.status import SayDo
from scorecard.weeks import Week, parse_week
from scorecard.workspace import Workspace
from screens.chart import Bar, BarChart, ChartView
from screens.footer import FittedFooter
from screens.formatting import commitment_owner, commitment_status, plain, safe, shorten
from screens.header import ScreenHeader
from screens.issue_table import ISSUE_MARKS
from screens.lifecycle import OpensOnce, still_shown
from screens.line_table import Cell, Column, LazyRows, LineTable, cell_width

MAX_WEEKS = 520
COMMITMENT_COLUMNS = ("Id", "Status", "Commitment", "Owner", "Made", "Due")
#: The lists draw only the rows on screen (screens/line_table.py): ten years
#: of commitments are 5,000 rows.
COLUMNS = {
    label: Column(label, label, "dim" if label == "Id" else "") for label in COMMITMENT_COLUMNS
}
ISSUE_COLUMNS = [
    Column(label, label, "dim" if label == "Id" else "")
    for label in ("Id", "Status", "Issue", "Owner", "Raised", "Settled")
]
SAYDO_COLUMNS = [Column(label, label) for label in ("Week", *TEAMS)]
#: Cells of the commitment list's columns; the text and the owner share the rest.
ID_CELLS, STATUS_CELLS, WEEK_CELLS, TEXT_MIN = 7, 9, 8, 12
#: The list's scrollbar and a cell of slack; margins and frame when not laid out yet.
SLACK_CELLS, FRAME_CELLS, NARROW = 3, 6, 100


def _widest(texts: list[str]) -> int:
    """The cells the widest of ``texts`` takes as the list shows it (made inert)."""
    if not texts:
        return 0
    joined = "".join(texts)
    if joined.isascii() and joined.isprintable():  # each shown as it is (most)
        return max(map(len, texts))
    return max(cell_width(safe(text)) for text in texts)


def _widest_shortened(texts: list[str], size: int) -> int:
    """The cells the widest of ``texts`` takes as the list shows it (made inert
    and shortened to ``size``), without making each one."""
    if not texts:
        return 0
    joined = "".join(texts)
    if joined.isascii() and joined.isprintable():
        longest = max(map(len, texts))
        return longest if longest <= size else max(0, size - 1) + 1  # cut, with "…"
    return max(cell_width(shorten(safe(text), size)) for text in texts)


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


class HistoryScreen(OpensOnce, Screen[None]):
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
        self._loading: str | None = None

    def compose(self) -> ComposeResult:
        metrics = self.workspace.config.metrics
        yield ScreenHeader(icon="◆")
        with Horizontal(id="history-controls"):
            yield Select(
                [(plain(m.name), m.key) for m in metrics],
                value=metrics[0].key,
                allow_blank=False,
                id="metric",
                compact=True,
            )
            yield Label("from", classes="range-label")
            yield Input(str(self.first), id="from", compact=True)
            yield Label("to", classes="range-label")
            yield Input(str(self.last), id="to", compact=True)
        yield Label("", id="range-error")
        with TabbedContent(initial="trend", id="history-tabs"):
            with TabPane("1 Trend", id="trend"):
                yield ChartView(id="chart-scroll")
            with TabPane("2 Commitments", id="commitments"):
                yield LineTable(id="commitment-list")
                yield Static("", id="events")
            with TabPane("3 Say/do", id="saydo"):
                yield LineTable(id="saydo-table")
            with TabPane("4 Issues", id="issues"):
                yield LineTable(id="issue-list")
                yield Static("", id="issue-events")
        yield FittedFooter()

    def on_mount(self) -> None:
        self.title = f"History · {safe(self.workspace.config.title)}"
        self.sub_title = f"{self.first} – {self.last}"
        self.query_one("#issue-list", LineTable).show(ISSUE_COLUMNS, [], [])
        self.query_one("#saydo-table", LineTable).show(SAYDO_COLUMNS, [], [])
        self.query_one("#commitment-list", LineTable).show(self._commitment_columns(), [], [])
        # The first range (13 weeks, a few milliseconds to read) is read now, so
        # the first frame shows it: no worker, no empty screen laid out and drawn
        # again a moment later. Every later read (a range, a metric, a change
        # made elsewhere) loads in a worker.
        self._loading = str(self.query_one("#metric", Select).value)
        try:
            self._show_read(self._read(self._loading, self.first, self.last))
        except ScorecardError as exc:  # e.g. the file is locked: say so, keep running
            self.notify(str(exc), severity="error", timeout=8)

    def refresh_data(self) -> None:
        self.load()

    def action_tab(self, tab: str) -> None:
        """Show ``tab`` with its chart or list focused: ↑ ↓ move in it at once."""
        self.query_one(TabbedContent).active = tab
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
        shown = self.query_one(TabbedContent).active
        self.query_one(f"#{TAB_CONTENT.get(shown, 'chart-scroll')}").focus()

    # -- range and metric -------------------------------------------------------

    @on(Select.Changed, "#metric")
    def _metric_changed(self, event: Select.Changed) -> None:
        # The Select says so as it mounts too, of the metric on_mount loads.
        if event.value == self._loading:
            return
        self.load()

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
        error.update("")
        self.first, self.last = first, last
        self.sub_title = f"{first} – {last}"
        self.load()

    # -- loading ----------------------------------------------------------------

    def load(self) -> None:
        self._loading = str(self.query_one("#metric", Select).value)
        self._load(self._loading, self.first, self.last)

    @work(thread=True, exclusive=True, group="history")
    def _load(self, metric_key: str, first: Week, last: Week) -> None:
        try:
            self._gather(metric_key, first, last)
        except ScorecardError as exc:  # e.g. the file is locked: say so, keep running
            self.app.call_from_thread(self.notify, str(exc), severity="error", timeout=8)

    def _gather(self, metric_key: str, first: Week, last: Week) -> None:
        self.app.call_from_thread(self._show_read, self._read(metric_key, first, last))

    def _read(self, metric_key: str, first: Week, last: Week) -> Read:
        found = self.workspace.metric_history(metric_key, first, last)
        bars = [Bar(p.week.id, p.value, p.target, p.status) for p in found.points]
        issues = self.workspace.issues_between(first, last)
        return Read(Trend(metric_key, bars), found.say_do, found.commitments, issues)

    def _show_read(self, read: Read) -> None:
        self._show(read.trend, read.say_do, read.commitments)
        self._show_issues(read.issues)

    def _show(
        self,
        trend: Trend,
        saydo: tuple[tuple[Week, dict[str, SayDo]], ...],
        items: tuple[Commitment, ...],
    ) -> None:
        if not still_shown(self):
            return
        self.trend = trend
        self._draw_chart()
        rows = [(week.id, *(teams[t].label() for t in TEAMS)) for week, teams in saydo]
        table = self.query_one("#saydo-table", LineTable)
        table.show(SAYDO_COLUMNS, rows, [week.id for week, _ in saydo])
        self.commitments = list(items)  # latest due first
        self._list_commitments()
        if not self.commitments:
            self.query_one("#events", Static).update(Text("no commitments in range", style="dim"))

    def _commitment_columns(self) -> list[Column]:
        """Under 100 columns the id and the week made are left to the details."""
        width = self._list_width()
        narrow = width < NARROW
        return [COLUMNS[c] for c in COMMITMENT_COLUMNS if not (narrow and c in ("Id", "Made"))]

    def _list_width(self) -> int:
        listing = self.query_one("#commitment-list", LineTable)
        return listing.size.width or self.app.size.width - FRAME_CELLS

    def _list_commitments(self) -> None:
        """Fill the commitment list at the current width: the text and owner get
        what the other columns leave, so Due always shows (under 100 columns
        the id and the week made are left to the details below the list).

        Each row's cells are made when the row is drawn (ten years are 5,000
        rows); the columns' widths are worked out from the texts' lengths."""
        listing = self.query_one("#commitment-list", LineTable)
        width = self._list_width()
        narrow = width < NARROW
        columns = self._commitment_columns()
        items = self.commitments
        named: dict[tuple[str, str], str] = {}  # a few people make every commitment
        owners = [
            named.get((c.owner, c.team)) or named.setdefault((c.owner, c.team), commitment_owner(c))
            for c in items
        ]
        fixed = STATUS_CELLS + WEEK_CELLS * (1 if narrow else 2) + (0 if narrow else ID_CELLS)
        room = width - fixed - 2 * len(columns) - SLACK_CELLS
        owner_width = min(max((len(o) for o in owners), default=5), max(12, room // 3))
        text_width = max(TEXT_MIN, room - owner_width)
        statuses = {status: commitment_status(status) for status in {c.status for c in items}}
        widest = {
            "Id": lambda: _widest([c.short_id for c in items]),
            "Status": lambda: max(map(cell_width, statuses.values())),
            "Commitment": lambda: _widest_shortened([c.text for c in items], text_width),
            "Owner": lambda: _widest_shortened(owners, owner_width),
            "Made": lambda: _widest([c.week_made for c in items]),
            "Due": lambda: _widest([c.due_week for c in items]),
        }
        labels = [column.label for column in columns]

        def row(index: int) -> tuple[Cell, ...]:
            c = items[index]
            cells: dict[str, Cell] = {
                "Id": safe(c.short_id),
                "Status": statuses[c.status],
                "Commitment": shorten(safe(c.text), text_width),
                "Owner": shorten(owners[index], owner_width),
                "Made": safe(c.week_made),
                "Due": safe(c.due_week),
            }
            return tuple(cells[label] for label in labels)

        widths = [widest[label]() if items else 0 for label in labels]
        rows = LazyRows(len(items), row)
        listing.show(columns, rows, [c.id for c in items], widths=widths)

    def _show_issues(self, issues: list[Issue]) -> None:
        if not still_shown(self):
            return
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
            self.query_one("#issue-events", Static).update(Text("no issues in range", style="dim"))

    def _draw_chart(self) -> None:
        if self.trend is None:
            return
        spec = self.workspace.metric(self.trend.metric)
        title = plain(f"{spec.name} ({spec.owner}), week by week", "bold")
        chart = BarChart(
            self.trend.bars,
            width=max(40, self.size.width - 4),
            unit=spec.unit,
            currency=self.workspace.config.currency,
            title=title,
        )
        self.query_one("#chart-scroll", ChartView).show(chart)

    def on_resize(self, event: events.Resize) -> None:
        self._draw_chart()
        if self.commitments:
            self._list_commitments()

    # -- one commitment's story -------------------------------------------------

    @on(LineTable.RowHighlighted, "#commitment-list")
    def _highlighted(self, event: LineTable.RowHighlighted) -> None:
        self._load_events(event.row_key)

    @work(thread=True, exclusive=True, group="events")
    def _load_events(self, commitment_id: str) -> None:
        try:
            events = self.workspace.history(commitment_id)
            found = self.workspace.find_commitment(commitment_id)
        except ScorecardError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.app.call_from_thread(self._show_events, found, events)

    def _show_events(self, c: Commitment, events: list[CommitmentEvent]) -> None:
        if not still_shown(self):
            return
        text = Text()
        text.append(f"{c.short_id} ", style="dim")
        text.append(safe(c.text), style="bold")
        text.append(f"\n{commitment_owner(c)}, made {safe(c.week_made)}, due {safe(c.due_week)}")
        if c.carried_from:
            text.append(f", carried over from {safe(c.carried_from[:7])}", style="dark_orange")
        text.append("\n")
        for event in events:
            text.append(f"\n  {safe(event.week)}  ")
            text.append_text(commitment_status(event.status))
            text.append(f"  by {safe(event.by or '?')} at {safe(event.at)}", style="dim")
        self.query_one("#events", Static).update(text)

    # -- one issue's story ---------------------------------------------------------

    @on(LineTable.RowHighlighted, "#issue-list")
    def _issue_highlighted(self, event: LineTable.RowHighlighted) -> None:
        self._load_issue_events(event.row_key)

    @work(thread=True, exclusive=True, group="issue-events")
    def _load_issue_events(self, issue_id: str) -> None:
        try:
            events = self.workspace.issue_history(issue_id)
            found = self.workspace.find_issue(issue_id)
        except ScorecardError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.app.call_from_thread(self._show_issue_events, found, events)

    def _show_issue_events(self, issue: Issue, events: list[IssueEvent]) -> None:
        if not still_shown(self):
            return
        text = Text()
        text.append(f"{safe(issue.short_id)} ", style="dim")
        text.append(safe(issue.text), style="bold")
        text.append(f"\n{safe(issue.owner or 'no owner')}, raised {safe(issue.raised_in)}")
        if issue.source is not None:
            text.append(f" from {safe(issue.source.kind)} {safe(issue.source.ref)}")
        if issue.resolution:
            text.append(f"\n{safe(issue.status)}: {safe(issue.resolution)}", style="green")
        if issue.solved_into:
            text.append("\ninto commitments " + ", ".join(safe(c[:7]) for c in issue.solved_into))
        text.append("\n")
        for event in events:
            text.append(f"\n  {safe(event.week)}  ")
            text.append(safe(event.action), style="bold")
            if event.detail:
                text.append(f" ({safe(event.detail)})")
            text.append(f"  by {safe(event.by or '?')} at {safe(event.at)}", style="dim")
        self.query_one("#issue-events", Static).update(text)
