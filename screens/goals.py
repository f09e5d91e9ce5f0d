"""Goals and funnel: is the quarter on pace, and where does the funnel leak?

The week screen shows both compactly (:func:`goals_row`, :func:`funnel_row`);
``G`` opens this screen with the whole picture for the week shown: each goal's
progress against its pace as a bar, and each funnel stage with its conversion
to the next one and the 13-week median. ``[`` and ``]`` step through weeks.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult, CSSPathType
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from scorecard.config import Config
from scorecard.errors import ScorecardError
from scorecard.funnel import Stage
from scorecard.goals import GoalProgress
from scorecard.goals_text import compact, conversion_label, goal_pace_label, goal_progress_label
from scorecard.models import WeekSummary
from scorecard.numbers import format_number
from scorecard.weeks import Week
from scorecard.workspace import Workspace
from screens.footer import FittedFooter
from screens.formatting import STATUS_STYLES, safe, shorten, status_text
from screens.wrapped import Row

BAR = 20


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


class GoalsScreen(Screen[None]):
    CSS_PATH: ClassVar[CSSPathType | None] = "goals.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,G", "app.pop_screen", "Back", id="goals.back"),
        Binding("left_square_bracket", "step(-1)", "Prev week", id="goals.prev"),
        Binding("right_square_bracket", "step(1)", "Next week", id="goals.next"),
    ]

    def __init__(self, workspace: Workspace, week: Week) -> None:
        super().__init__()
        self.workspace = workspace
        self.week = week

    def compose(self) -> ComposeResult:
        yield Header(icon="◆")
        with VerticalScroll(id="goals-body"):
            yield Static("", id="goals-heading")
            goals = DataTable[Text | str](id="goals-table", cursor_type="row")
            goals.border_title = "Quarterly goals"
            yield goals
            funnel = DataTable[Text | str](id="funnel-table", cursor_type="row")
            funnel.border_title = "Funnel"
            yield funnel
            yield Static("", id="goals-help")
        yield FittedFooter()

    def on_mount(self) -> None:
        self.title = f"Goals & funnel · {self.workspace.config.title}"
        self.load()

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
        config = self.workspace.config
        self.sub_title = summary.week.label()
        heading = self.query_one("#goals-heading", Static)
        goals = self.query_one("#goals-table", DataTable)
        goals.clear(columns=True)
        if summary.goals:
            first = summary.goals[0]
            heading.update(
                Text.assemble(
                    (f"{first.quarter}", "bold"),
                    f": week {first.week_number} of {first.weeks_total} "
                    f"({first.quarter.first_week} – {first.quarter.last_week})",
                )
            )
            for label in ("Goal", "Owner", "Progress", "", "Pace", "Status", "At this pace"):
                goals.add_column(label)
            for p in summary.goals:
                goals.add_row(*self._goal_row(p, config), key=p.goal.key)
        else:
            heading.update(
                Text(
                    f"No goals for the quarter of {summary.week}: add [[goals]] to "
                    "scorecard.toml (see docs/configuration.md).",
                    style="dim",
                )
            )
        funnel = self.query_one("#funnel-table", DataTable)
        funnel.clear(columns=True)
        if summary.funnel:
            for label in ("Stage", "This week", "To next stage", "13-week median", ""):
                funnel.add_column(label)
            for s in summary.funnel:
                funnel.add_row(*self._stage_row(s), key=s.metric.key)
        self.query_one("#funnel-table").display = bool(summary.funnel)
        self.query_one("#goals-table").display = bool(summary.goals)
        self.query_one("#goals-help", Static).update(
            Text(
                "Progress: the quarter's sum so far (a percentage: its latest value). "
                "Pace │: where a straight line to the target would be now. "
                "Conversion: the next stage as a share of this one.",
                style="dim",
            )
        )

    @staticmethod
    def _goal_row(p: GoalProgress, config: Config) -> list[Text | str]:
        projection = p.projection
        unit, cur = p.metric.unit, config.currency
        return [
            Text(safe(p.goal.name)),
            p.goal.owner,
            goal_progress_label(p, config),
            progress_bar(p),
            goal_pace_label(p, config),
            status_text(p.status),
            "—" if projection is None else format_number(round(projection), unit, cur),
        ]

    @staticmethod
    def _stage_row(s: Stage) -> list[Text | str]:
        value = "—" if s.value is None else format_number(s.value)
        if s.next is None:
            return [Text(safe(s.metric.name)), value, "", "", ""]
        gap = s.versus_median
        note = Text("")
        if s.leak:
            note = Text("⚠ furthest below its median", style="bold red")
        elif gap is not None and gap >= 0:
            note = Text("at or above its median", style="green")
        return [
            Text(safe(s.metric.name)),
            value,
            conversion_label(s.conversion),
            conversion_label(s.median),
            note,
        ]
