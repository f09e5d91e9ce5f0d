"""The history's list of commitments: its columns at a width, and its rows,
each made when it is first drawn (ten years are 5,000 rows)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from scorecard.models import Commitment
from screens.formatting import commitment_owner, commitment_status, safe, shorten
from screens.line_table import Cell, Column, LazyRows, cell_width

COMMITMENT_COLUMNS = ("Id", "Status", "Commitment", "Owner", "Made", "Due")
COLUMNS = {
    label: Column(label, label, "dim" if label == "Id" else "") for label in COMMITMENT_COLUMNS
}
#: Cells of the commitment list's columns; the text and the owner share the rest.
ID_CELLS, STATUS_CELLS, WEEK_CELLS, TEXT_MIN = 7, 9, 8, 12
#: The list's scrollbar and a cell of slack.
SLACK_CELLS = 3
#: Under this width the id and the week made are left to the details below the list.
NARROW = 100


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


def commitment_columns(width: int) -> list[Column]:
    """The list's columns at ``width`` (under 100 the id and the week made are left out)."""
    narrow = width < NARROW
    return [COLUMNS[c] for c in COMMITMENT_COLUMNS if not (narrow and c in ("Id", "Made"))]


@dataclass(frozen=True)
class CommitmentList:
    """What the list shows of ``items`` at one width."""

    columns: list[Column]
    rows: LazyRows
    keys: list[str]
    widths: list[int]


def commitment_list(items: Sequence[Commitment], width: int) -> CommitmentList:
    """The list of ``items`` at ``width``: the text and owner get what the other
    columns leave, so Due always shows (under 100 columns the id and the week
    made are left to the details below the list).

    Each row's cells are made when the row is drawn; the columns' widths are
    worked out from the texts' lengths."""
    narrow = width < NARROW
    columns = commitment_columns(width)
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
    return CommitmentList(columns, LazyRows(len(items), row), [c.id for c in items], widths)
