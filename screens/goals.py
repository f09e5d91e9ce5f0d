"""Goals and funnel: is the quarter on pace, and where does the funnel leak?

The week screen shows both compactly (:func:`goals_row`, :func:`funnel_row`);
``G`` opens this screen with the whole picture for the week shown: each goal's
progress against its pace as a bar, and each funnel stage with its conversion
to the next one and the 13-week median. ``[`` and ``]`` step through weeks.

The tables fit the width they have: on a narrow terminal numbers are
compact (``$1.99M``), the bar shorter, the status a mark and names shortened;
the projection ("at this pace") goes first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import events, work
from textual.app import ComposeResult, CSSPathType
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Static

from scorecard.config import Config
from scorecard.errors import ScorecardError
from scorecard.funnel import Stage
from scorecard.goals import GoalProgress
from scorecard.goals_text import compact, conversion_label, goal_pace_label, goal_progress_label
from scorecard.models import WeekSummary
from scorecard.numbers import format_number
from scorecard.weeks import Week
from scorecard.workspace import Workspace
from screens.cell_render import FastCells
from screens.footer import FittedFooter
from screens.formatting import STATUS_STYLES, plain, safe, shorten, status_text
from screens.header import ScreenHeader
from screens.lifecycle import OpensOnce
from screens.wrapped import Row

if TYPE_CHECKING:
    from screens.week_view import Known

BAR, BAR_MIN = 20, 6
NAME_MIN = 12
#: DataTable pads each cell by one column either side.
PAD = 2
GOAL_COLUMNS = ("Goal", "Owner", "Progress", "", "Pace", "Status", "At this pace")
STAGE_COLUMNS = ("Stage", "This week", "To next stage", "13-week median", "")


def progress_bar(p: GoalProgress, size: int = BAR) -> Text:
    """``█████▌░░░│░░░``: progress filled, the pace marked with ``│``."""
    target = p.goal.target
    if not target:
        return Text("")
    done = max(0.0, min(1.0, (p.progress or 0) / target))
    pace = max(0.0, min(1.0, p.pace / target))
    filled = round(done * size)
    mark = min(size - 1, round(pace * size))
    text = Text()
    for i in range(size):
        if i == mark and p.summed:
            text.append("│", style="bold")
        elif i < filled:
            text.append("█", style=STATUS_STYLES[p.status])
        else:
            text.append("░", style="dim")
    return text


def goals_row(summary: WeekSummary, config: Config) -> Row | None:
    """``Goals 2026-Q4 (week 8/14): Pipeline $2.06M/$3.25M ✓ · …`` for the week screen."""
    if not summary.goals:
        return None
    first = summary.goals[0]
    head = Text(f"Goals {first.quarter}", style="bold")
    head.append(f" (week {first.week_number}/{first.weeks_total}): ", style="dim")
    parts = []
    for p in summary.goals:
        unit, cur = p.metric.unit, config.currency
        shown = "—" if p.progress is None else compact(p.progress, unit, cur)
        part = Text(
            f"{shorten(safe(p.goal.name), 26)} {shown}/{compact(p.goal.target, unit, cur)} "
        )
        parts.append(part.append(p.status.symbol, style=STATUS_STYLES[p.status]))
    return Row(head, parts)


def funnel_row(summary: WeekSummary) -> Row | None:
    """``Funnel: Website visits 8,919 →1.2% Marketing-qualified… 107 →29.9% …``."""
    if not summary.funnel:
        return None
    parts = []
    for s in summary.funnel:
        value = "—" if s.value is None else format_number(s.value)
        part = Text(f"{safe(s.metric.name)} {value}")
        if s.next is not None:
            style = "bold red" if s.leak else "dim"
            part.append(f" →{conversion_label(s.conversion)}{'⚠' if s.leak else ''}", style=style)
        parts.append(part)
    return Row(Text("Funnel: ", style="bold"), parts, " ")


def _width(cell: Text | str) -> int:
    return cell.cell_len if isinstance(cell, Text) else cell_len(cell)


def _widths(rows: list[list[Text | str]], heads: tuple[str, ...]) -> list[int]:
    return [max([len(head), *(_width(row[i]) for row in rows)]) for i, head in enumerate(heads)]


def goal_rows(
    goals: tuple[GoalProgress, ...], config: Config, width: int
) -> tuple[tuple[str, ...], list[list[Text | str]]]:
    """The goals table's columns and rows at ``width``: full numbers if they fit,
    else compact ones; then without the projection, with a status mark only;
    the bar and the names take what is left."""
    for short, lean in ((False, False), (True, False), (True, True)):
        heads = GOAL_COLUMNS[:-1] if lean else GOAL_COLUMNS
        rows = [_goal_row(p, config, short=short, lean=lean) for p in goals]
        widths = _widths(rows, heads)
        others = sum(w + PAD for w in widths[1:]) - widths[3]  # the bar is not drawn yet
        room = width - others - PAD
        if room >= widths[0] + BAR_MIN or lean:  # the names whole, and a bar
            break
    name = max(NAME_MIN, min(widths[0], room - BAR_MIN))
    bar = max(BAR_MIN, min(BAR, room - name))
    for row, p in zip(rows, goals, strict=True):
        row[0] = Text(shorten(safe(p.goal.name), name))
        row[3] = progress_bar(p, bar)
    return heads, rows


def _goal_row(p: GoalProgress, config: Config, *, short: bool, lean: bool) -> list[Text | str]:
    unit, cur = p.metric.unit, config.currency
    number = compact if short else format_number
    projection = "—" if p.projection is None else number(round(p.projection), unit, cur)
    row: list[Text | str] = [
        Text(safe(p.goal.name)),
        plain(p.goal.owner),
        goal_progress_label(p, config, short=short),
        "",
        goal_pace_label(p, config, short=short),
        status_text(p.status, short=lean),
    ]
    return row if lean else [*row, projection]


def stage_rows(funnel: tuple[Stage, ...], width: int) -> list[list[Text | str]]:
    """The funnel table's rows at ``width``: stage names shortened to fit."""
    rows = [_stage_row(s, short=False) for s in funnel]
    widths = _widths(rows, STAGE_COLUMNS)
    if sum(w + PAD for w in widths) > width:
        rows = [_stage_row(s, short=True) for s in funnel]
        widths = _widths(rows, STAGE_COLUMNS)
    name = max(NAME_MIN, width - sum(w + PAD for w in widths[1:]) - PAD)
    for row, s in zip(rows, funnel, strict=True):
        row[0] = Text(shorten(safe(s.metric.name), name))
    return rows


def _stage_row(s: Stage, *, short: bool) -> list[Text | str]:
    value = "—" if s.value is None else format_number(s.value)
    if s.next is None:
        return [Text(safe(s.metric.name)), value, "", "", ""]
    gap = s.versus_median
    note = Text("")
    if s.leak:
        note = Text("⚠ leak" if short else "⚠ furthest below its median", style="bold red")
    elif gap is not None and gap >= 0:
        note = Text("≥ median" if short else "at or above its median", style="green")
    elif gap is not None:
        note = Text("below median" if short else "below its median", style="dark_orange")
    return [
        Text(safe(s.metric.name)),
        value,
        conversion_label(s.conversion),
        conversion_label(s.median),
        note,
    ]


def _scroll_if_wider(
    table: DataTable[Text | str], rows: list[list[Text | str]], heads: tuple[str, ...], width: int
) -> None:
    """A sideways scrollbar only if the rows are wider than the table (a very narrow
    terminal): one left over from a wider layout would stay as a blank line."""
    needed = sum(w + PAD for w in _widths(rows, heads))
    table.styles.overflow_x = "auto" if needed > width else "hidden"


class _FittedTable(FastCells[Text | str]):
    """A table the screen fills for its width: a new width fills it again."""

    _width_used = 0

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._width_used and isinstance(self.screen, GoalsScreen):
            self.screen.refit()


class GoalsScreen(OpensOnce, Screen[None]):
    CSS_PATH: ClassVar[CSSPathType | None] = "goals.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,G", "app.pop_screen", "Back", id="goals.back"),
        Binding("left_square_bracket", "step(-1)", "Prev week", id="goals.prev"),
        Binding("right_square_bracket", "step(1)", "Next week", id="goals.next"),
    ]

    def __init__(self, workspace: Workspace, week: Week, *, known: Known | None = None) -> None:
        """``known``: what the week screen has read; shown at once if it is this
        week's and nothing was written since."""
        super().__init__()
        self.workspace = workspace
        self.week = week
        self.summary: WeekSummary | None = None
        self._known = known

    def compose(self) -> ComposeResult:
        yield ScreenHeader(icon="◆")
        with VerticalScroll(id="goals-body"):
            yield Static("", id="goals-heading")
            goals = _FittedTable(id="goals-table", cursor_type="row")
            goals.border_title = "Quarterly goals"
            yield goals
            funnel = _FittedTable(id="funnel-table", cursor_type="row")
            funnel.border_title = "Funnel"
            yield funnel
            yield Static(
                Text(
                    "Progress: the quarter's sum so far (a percentage: its latest value). "
                    "Pace │: where a straight line to the target would be now. "
                    "Conversion: the next stage as a share of this one.",
                    style="dim",
                ),
                id="goals-help",
            )
        yield FittedFooter()

    def on_mount(self) -> None:
        self.title = f"Goals & funnel · {safe(self.workspace.config.title)}"
        known, self._known = self._known, None
        if known is not None and known.week == self.week and self._unchanged_since(known.at):
            # The week screen's summary holds the goals and the funnel: shown
            # before the first layout, the first frame has them, with no read and
            # no second layout for a worker's result (docs/benchmarks.md).
            self.show_summary(known.summary)
        else:
            self.load()

    def _unchanged_since(self, generation: object) -> bool:
        try:
            return self.workspace.generation() == generation
        except ScorecardError:
            return False  # the load says what is wrong

    def action_step(self, weeks: int) -> None:
        self.week = self.week + weeks
        self.load()

    @work(thread=True, exclusive=True, group="goals")
    def load(self) -> None:
        try:
            summary = self.workspace.summary(self.week)
        except ScorecardError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", timeout=8)
            return
        self.app.call_from_thread(self.show_summary, summary)

    def show_summary(self, summary: WeekSummary) -> None:
        if not self.is_attached or summary.week != self.week:
            return
        self.summary = summary
        self.sub_title = summary.week.label()
        heading = self.query_one("#goals-heading", Static)
        if summary.goals:
            first = summary.goals[0]
            heading.update(
                Text.assemble(
                    (f"{first.quarter}", "bold"),
                    f": week {first.week_number} of {first.weeks_total} "
                    f"({first.quarter.first_week} – {first.quarter.last_week})",
                )
            )
        else:
            heading.update(
                Text(
                    f"No goals for the quarter of {summary.week}: add [[goals]] to "
                    "scorecard.toml (see docs/configuration.md).",
                    style="dim",
                )
            )
        self.query_one("#funnel-table").display = bool(summary.funnel)
        self.query_one("#goals-table").display = bool(summary.goals)
        self.refit()

    def refit(self) -> None:
        """Fill both tables for the summary shown, at their current width."""
        summary = self.summary
        if summary is None:
            return
        goals = self.query_one("#goals-table", _FittedTable)
        funnel = self.query_one("#funnel-table", _FittedTable)
        fallback = self.size.width - 4  # before the first layout: the screen less margins
        goals_width = goals.size.width or fallback
        funnel_width = funnel.size.width or fallback
        goals._width_used, funnel._width_used = goals.size.width, funnel.size.width
        keep_goal, keep_stage = goals.cursor_row, funnel.cursor_row
        goals.clear(columns=True)
        if summary.goals:
            heads, rows = goal_rows(summary.goals, self.workspace.config, goals_width)
            _scroll_if_wider(goals, rows, heads, goals_width)
            for label in heads:
                goals.add_column(label)
            for p, row in zip(summary.goals, rows, strict=True):
                goals.add_row(*row, key=p.goal.key)
            goals.move_cursor(row=keep_goal, animate=False)
        funnel.clear(columns=True)
        if summary.funnel:
            for label in STAGE_COLUMNS:
                funnel.add_column(label)
            stages = stage_rows(summary.funnel, funnel_width)
            _scroll_if_wider(funnel, stages, STAGE_COLUMNS, funnel_width)
            for s, row in zip(summary.funnel, stages, strict=True):
                funnel.add_row(*row, key=s.metric.key)
            funnel.move_cursor(row=keep_stage, animate=False)
