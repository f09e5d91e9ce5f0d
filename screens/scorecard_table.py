"""The scorecard: one row per metric, grouped by Awareness / Revenue / Trust.

Area names are header rows the cursor skips, so up/down always lands on a
metric. The table only shows; the screen owns saving (messages up). With
``grid`` set it shows the 13-week grid instead: a column per week, each cell
coloured by that week's status, the total or average at the end.

Starting to enter a value (Enter, ``e``, or type-to-edit: a digit, ``-``,
``.`` or ``$`` on a highlighted metric; a paste) opens the :class:`ValueEntry`
the screen gave the table, at once, in the table's own key handler: a key
binding would only run once the key had bubbled up to the App, after keys
typed later. Keys that still reach the table before the focus moved to the
entry are passed on to it in order (see screens/value_entry.py).

The other way round, a key the table passed on (``h``, an arrow) is still on
its way up to the App's bindings when the next key reaches the table: a digit
right behind it waits (:class:`KeysAhead`, sent up the same way, comes back
once the App has handled every key before it), so ``h2`` typed in one burst
opens History and then gives it the ``2``, and ``down 2`` enters the metric
below.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable

from scorecard.config import AREAS, Config
from scorecard.models import MetricLine, WeekSummary
from screens.entry_contract import TYPE_TO_EDIT
from screens.formatting import STATUS_STYLES, safe, shorten
from screens.grid_fit import SUMMARY_HEAD, fit
from screens.planned import Planned
from screens.row_redraw import RowRedraw, replace_cells
from screens.scorecard_columns import Layout
from screens.value_entry import ValueEntry


class ScorecardTable(Planned, RowRedraw[Text | str]):
    """Metrics of one week; Enter or ``e`` asks to enter the highlighted value."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e,enter", "edit_value", "Enter value", id="scorecard.edit", show=False),
        Binding("delete", "clear_value", "Clear value", id="scorecard.clear", show=False),
    ]

    class EditRequested(Message):
        """The user wants to type a value for ``metric``."""

        def __init__(self, metric: str) -> None:
            super().__init__()
            self.metric = metric

    class KeysAhead(Message):
        """Sent up behind keys the table passed on: the App calls ``release`` once
        it has handled them (its queue is in the order the keys came)."""

        def __init__(self, release: Callable[[], None]) -> None:
            super().__init__()
            self.release = release

    class ClearRequested(Message):
        """The user wants to remove the value of ``metric`` (entered by mistake)."""

        def __init__(self, metric: str) -> None:
            super().__init__()
            self.metric = metric

    _width_used = 0
    _layout = Layout()
    _grid_used = False
    grid = False
    """Show the 13-week grid instead of this week's columns."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=False)
        self._keys: list[str | None] = []
        self.lines: dict[str, MetricLine] = {}
        self._shown: tuple[WeekSummary, Config] | None = None
        self.entry: ValueEntry | None = None
        """Where values are typed (set by the screen)."""
        self._passed_on = False
        """A key went up to the App's bindings since the last :class:`KeysAhead`."""
        self._waiting: list[events.Key] | None = None
        """Keys that came behind such a key, waiting for it (:meth:`_keys_ahead_done`)."""

    def on_mount(self) -> None:
        for key, label in self._layout.columns:
            self.add_column(label, key=key)

    # -- content ----------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        if self._shown and event.size.width != self._width_used:
            self.show(*self._shown)

    def show(self, summary: WeekSummary, config: Config) -> None:
        """Replace the rows, keeping the cursor on the same metric."""
        if self._same_rows(summary, config):
            self._update_rows(summary, config)
            return
        self._shown = (summary, config)
        if not self.fill_width:
            # Not laid out yet (or hidden, e.g. a guided-sync step not shown): the
            # next Resize fills the rows at the real width, so they are built and
            # drawn once, not twice (docs/benchmarks.md). The rows shown are stale
            # until then: forget the width they were built for.
            self.lines = {line.metric.key: line for line in summary.lines}
            self._width_used = 0
            return
        keep = self.current_metric
        if self.grid and summary.grid is not None:
            self._show_grid(summary, config)
            self.select_metric(keep or self.metric_keys[0] if self.metric_keys else None)
            return
        self._grid_used = False
        self.styles.overflow_x = "auto"
        layout = self._layout = Layout.at(self.fill_width, summary.lines)
        # Columns too: their widths follow the content shown at the current width.
        self.clear(columns=True)
        for key, label in layout.columns:
            self.add_column(label, key=key)
        self._width_used = self.fill_width
        self._keys = []
        self.lines = {line.metric.key: line for line in summary.lines}
        for area in AREAS:
            lines = [line for line in summary.lines if line.metric.area == area]
            if not lines:
                continue
            self.add_row(Text(area.upper(), style="bold underline"), key=f"area:{area}")
            self._keys.append(None)
            for line in lines:
                self.add_row(*layout.cells(line, config), key=line.metric.key)
                self._keys.append(line.metric.key)
        self.select_metric(keep or self.metric_keys[0] if self.metric_keys else None)

    def _show_grid(self, summary: WeekSummary, config: Config) -> None:
        assert summary.grid is not None
        fitted = fit(summary.grid, config, self.fill_width)
        grid = fitted.grid
        # No sideways scrollbar unless one week alone is too wide: one left over
        # from a wider terminal would stay as a blank line under the grid.
        self.styles.overflow_x = "auto" if fitted.width > self.fill_width else "hidden"
        self.clear(columns=True)
        self.add_column("Metric", key="Metric")
        for week in grid.weeks:
            self.add_column(f"W{week.number:02d}", key=week.id)
        self.add_column(SUMMARY_HEAD, key="summary")
        count = len(grid.weeks)
        self.border_title = f"Last {count} week{'s' if count != 1 else ''}"
        self._shown = (summary, config)
        self._width_used = self.fill_width
        self._grid_used = True
        self._keys = []
        self.lines = {line.metric.key: line for line in summary.lines}
        for area in AREAS:
            in_area = [row for row in grid.rows if row.metric.area == area]
            if not in_area:
                continue
            self.add_row(Text(area.upper(), style="bold underline"), key=f"area:{area}")
            self._keys.append(None)
            for row in in_area:
                key = row.metric.key
                cells: list[Text | str] = [Text(shorten(safe(row.metric.name), fitted.name_width))]
                for cell, shown in zip(row.cells, fitted.cells[key], strict=True):
                    if cell is None or shown is None:
                        cells.append(Text("·", style="dim", justify="right"))
                    else:
                        cells.append(Text(shown, style=STATUS_STYLES[cell.status], justify="right"))
                cells.append(Text(fitted.summaries[key], justify="right"))
                self.add_row(*cells, key=key)
                self._keys.append(key)

    def _same_rows(self, summary: WeekSummary, config: Config) -> bool:
        """The same metrics in the same columns: only cells can have changed."""
        return (
            not self.grid
            and not self._grid_used
            and self._shown is not None
            and self._shown[1] is config
            and self._width_used > 0
            and self._width_used == self.fill_width
            and [line.metric.key for line in summary.lines] == list(self.lines)
            and Layout.at(self.fill_width, summary.lines) == self._layout
        )

    def _update_rows(self, summary: WeekSummary, config: Config) -> None:
        """Update the cells of the metrics whose line changed (a saved value).

        Rebuilding every row after each value costs more than a frame on a
        full scorecard; entering values must keep up with typing. Only the
        rows that changed are drawn again (screens/row_redraw.py).
        """
        for line in summary.lines:
            key = line.metric.key
            if self.lines.get(key) == line:
                continue
            replace_cells(self, key, self._layout.values(line, config))
        self.lines = {line.metric.key: line for line in summary.lines}
        self._shown = (summary, config)

    @property
    def metric_keys(self) -> list[str]:
        return [k for k in self._keys if k is not None]

    @property
    def current_metric(self) -> str | None:
        if not self._keys or not 0 <= self.cursor_row < len(self._keys):
            return None
        return self._keys[self.cursor_row]

    def select_metric(self, key: str | None) -> None:
        if key in self._keys:
            self.move_cursor(row=self._keys.index(key), animate=False)

    def next_metric(self, key: str) -> str | None:
        """The typed metric after ``key`` (derived ones are computed), or ``None``."""
        keys = self.metric_keys
        index = keys.index(key) + 1 if key in keys else len(keys)
        for following in keys[index:]:
            line = self.lines.get(following)
            if line is None or not line.metric.derived:
                return following
        return None

    def previous_metric(self, key: str) -> str | None:
        """The typed metric before ``key`` (derived ones are computed), or ``None``."""
        keys = self.metric_keys
        index = keys.index(key) if key in keys else 0
        for preceding in reversed(keys[:index]):
            line = self.lines.get(preceding)
            if line is None or not line.metric.derived:
                return preceding
        return None

    # -- entering values: at once, in key order --------------------------------------

    async def _on_key(self, event: events.Key) -> None:
        if self._waiting is not None:  # behind a key still on its way: after it
            self._waiting.append(event)
            event.stop()
            event.prevent_default()
            return
        if self._take(event, may_wait=True):
            event.stop()
            event.prevent_default()
        else:
            self._passed_on = True  # up to the bindings (History, the cursor keys…)

    def _take(self, event: events.Key, *, may_wait: bool) -> bool:
        """Apply ``event`` if it is the table's (entry keys); False: pass it on."""
        entry = self.entry
        if entry is None:
            return False
        if entry.holding:  # typed before the focus reached the entry: its keys
            return entry.apply(event)
        character = event.character or ""
        typed = len(character) == 1 and character in TYPE_TO_EDIT
        if not (event.key in ("enter", "e") or typed):
            return False
        if may_wait and self._passed_on:
            self._waiting = [event]
            self.post_message(self.KeysAhead(self._keys_ahead_done))
            return True
        self._skip_header(1)
        if self.current_metric:
            entry.begin(self, self.current_metric, character if typed else "")
        return True

    def _keys_ahead_done(self) -> None:
        """The keys the table passed on are handled: now the ones that waited, in order."""
        waiting, self._waiting = self._waiting or [], None
        self._passed_on = False
        if not self.is_attached:  # its screen was dismissed meanwhile: lost nowhere
            for event in waiting:
                self.app.post_message(events.Key(event.key, event.character))
            return
        if self.screen is not self.app.screen or not self.has_focus:
            # a key before them moved on (History opened): they belong there now
            for event in waiting:
                self.app.post_message(events.Key(event.key, event.character))
            return
        for at, event in enumerate(waiting):
            if not self._take(event, may_wait=False):
                for later in waiting[at:]:  # not the table's: up, in order, as typed
                    self.app.post_message(events.Key(later.key, later.character))
                return

    def _on_paste(self, event: events.Paste) -> None:
        entry = self.entry
        if entry is None:
            return
        event.stop()
        if not entry.holding:
            self._skip_header(1)
            if not self.current_metric:
                return
            entry.begin(self, self.current_metric)
            if not entry.holding:  # the screen said no (a closed week…)
                return
        entry.paste(event.text)

    # -- navigation: skip area rows -----------------------------------------------

    def _skip_header(self, step: int) -> None:
        row = self.cursor_row
        while 0 <= row < len(self._keys) and self._keys[row] is None:
            row += step
        if not 0 <= row < len(self._keys):
            row = self.cursor_row
            while 0 <= row < len(self._keys) and self._keys[row] is None:
                row -= step
        if 0 <= row < len(self._keys) and row != self.cursor_row:
            self.move_cursor(row=row, animate=False)

    def action_cursor_down(self) -> None:
        super().action_cursor_down()
        self._skip_header(1)

    def action_cursor_up(self) -> None:
        super().action_cursor_up()
        self._skip_header(-1)

    def action_scroll_top(self) -> None:
        super().action_scroll_top()
        self._skip_header(1)

    def action_scroll_bottom(self) -> None:
        super().action_scroll_bottom()
        self._skip_header(-1)

    def action_scroll_home(self) -> None:  # home: the first metric
        self.action_scroll_top()

    def action_scroll_end(self) -> None:  # end: the last metric
        self.action_scroll_bottom()

    def action_page_up(self) -> None:
        super().action_page_up()
        self._skip_header(-1)

    def action_page_down(self) -> None:
        super().action_page_down()
        self._skip_header(1)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit_value()

    def action_edit_value(self) -> None:
        """Enter or ``e`` (those keys are handled as they come, above; this is
        for a remapped key or the command palette)."""
        self._skip_header(1)
        if self.current_metric and self.entry is not None:
            self.entry.begin(self, self.current_metric)
        elif self.current_metric:
            self.post_message(self.EditRequested(self.current_metric))

    def action_clear_value(self) -> None:
        if self.current_metric:
            self.post_message(self.ClearRequested(self.current_metric))
