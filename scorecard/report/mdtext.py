"""GitHub-flavoured Markdown tables. Text in their cells is escaped first with
:mod:`scorecard.text` (``md_cell`` for what came from storage or config)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from scorecard.text import md_inline

if TYPE_CHECKING:
    from scorecard.config import Config


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], align: str) -> list[str]:
    """A GFM table. ``align`` has one letter per column: ``l``, ``r`` or ``c``.

    Cells must already be escaped (use :func:`scorecard.text.md_cell`).
    """
    marks = {"l": ":--", "r": "--:", "c": ":-:"}
    out = ["| " + " | ".join(headers) + " |", "| " + " | ".join(marks[a] for a in align) + " |"]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return out


def team_name(config: Config, team: str) -> str:
    """A team's name as the reports write it (the config's, else the key capitalised)."""
    known = config.teams.get(team)  # type: ignore[call-overload]
    return md_inline(known.name) if known else md_inline(team.capitalize())
