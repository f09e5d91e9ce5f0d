"""A paste into the value entry, planned before anything is entered.

One line is typed into the field. Several are one line per metric, from the
metric being typed on (tabs, as a row copied from a spreadsheet, are lines
too). All or nothing: if a line is not a value for its metric, or there are
more lines than metrics left, nothing from the paste is entered.
"""

from __future__ import annotations

from dataclasses import dataclass

from scorecard.errors import InvalidInput
from screens.entry_contract import EntryHost, Slot


@dataclass(frozen=True, slots=True)
class Planned:
    """One line of a paste: the metric it is for and the value read (None: empty)."""

    slot: Slot
    metric: str
    text: str
    value: float | None


def cells(text: str) -> list[str]:
    """The lines (and tab-separated cells) of a paste, without the newline ending it."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()  # the newline that ends the last line
    return [cell for line in lines for cell in line.split("\t")]


def plan(host: EntryHost, metric: str, found: list[str]) -> list[Planned] | str:
    """Each cell for a metric, from ``metric`` on; or why nothing can be entered."""
    planned: list[Planned] = []
    at: str | None = metric
    for number, cell in enumerate(found, 1):
        slot = host.slot(at) if at is not None else None
        if at is None or slot is None:
            return (
                f"the paste has {len(found)} lines, more than the metrics from here on; "
                "nothing from it was entered"
            )
        value = None
        if cell.strip():
            try:
                value = slot.read(cell)
            except InvalidInput as exc:
                return f"line {number} of the paste: {exc}; nothing from it was entered"
        planned.append(Planned(slot, at, cell, value))
        at = host.metric_after(at)
    return planned
