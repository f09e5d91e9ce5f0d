"""The row-by-row merge of three database files, each input's rows validated first.

One home for what the merge driver (``scorecard git merge``) and the re-merge
from git's index (``scorecard git install`` after a merge that stopped before
the driver ran) do with rows that arrive from someone else's branch. They are
validated as when read (:mod:`scorecard.rows`): every row that is not the same
on all three sides, the only rows a merge can take from one side rather than
another (a row the same everywhere merges to itself; ``scorecard check`` names
it if it is bad). A bad row of BASE or THEIRS is left out of the merge (one
THEIRS damaged is merged as BASE has it: unchanged, not deleted); one of OURS
stays as it was (hidden when read, listed by ``scorecard check``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from db.merge import Conflict, merge_files
from scorecard import rowrepair, rows

LeftOut = list[tuple[str, rows.BadRow]]
"""(side, row) for each damaged row found in an input."""


@dataclass
class Merged:
    conflicts: list[Conflict]
    left_out: LeftOut = field(default_factory=list)


def damaged_lines(left_out: LeftOut, name: str, most: int) -> list[str]:
    """One line per damaged row (at most ``most``, then how many more)."""
    lines = []
    for side, bad in left_out[:most]:
        what = "kept as it was" if side == "ours" else "not merged"
        lines.append(f"{name}: {side}: damaged row {bad.table} {bad.key} ({bad.problem}) {what}")
    if len(left_out) > most:
        lines.append(
            f"{name}: … and {len(left_out) - most} more damaged rows; run 'scorecard check'"
        )
    return lines


def merge_validated(
    base: Path, ours: Path, theirs: Path, now: str, *, scratch: Path | None = None
) -> Merged:
    """:func:`db.merge.merge_files` with each input's rows validated (see the module doc)."""
    left_out: LeftOut = []

    def prepare(conn: Any, side: str, keys: Any) -> None:
        bad = rows.scan_keys(conn, keys)
        if side != "ours":
            rowrepair.remove(conn, bad, restore_from="base" if side == "theirs" else None)
        left_out.extend((side, b) for b in bad)

    conflicts = merge_files(base, ours, theirs, now, scratch=scratch, prepare=prepare)
    return Merged(conflicts, left_out)
