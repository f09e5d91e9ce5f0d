"""One entry point for ``scorecard export``: a week or a range, in a format."""

from __future__ import annotations

from scorecard.weeks import Week
from scorecard.workspace import Workspace

FORMATS = ("markdown", "slack", "json", "csv")


def export_week(
    ws: Workspace,
    week: Week,
    fmt: str = "markdown",
    *,
    footer: str | None = None,
    commitments: bool = False,
) -> str:
    """The report of one week; ``commitments`` picks the CSV of commitments."""
    return _export(ws, week, week, fmt, ranged=False, footer=footer, commitments=commitments)


def export_range(
    ws: Workspace,
    first: Week,
    last: Week,
    fmt: str = "markdown",
    *,
    footer: str | None = None,
    commitments: bool = False,
) -> str:
    """The report of the weeks ``first`` to ``last``."""
    return _export(ws, first, last, fmt, ranged=True, footer=footer, commitments=commitments)


def _export(
    ws: Workspace,
    first: Week,
    last: Week,
    fmt: str,
    *,
    ranged: bool,
    footer: str | None = None,
    commitments: bool = False,
) -> str:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    if fmt == "csv":
        from scorecard import csv_io

        if not commitments:
            return csv_io.write_values(ws.values_between(first, last), ws.config)
        items = ws.commitments_made_between(first, last) if ranged else ws.commitments(week=first)
        return csv_io.write_commitments(items)

    from scorecard.report import data, json_export, markdown, slack

    if ranged:
        report = data.range_report(ws, first, last)
        if fmt == "json":
            return json_export.dumps(json_export.range_document(report, footer=footer))
        if fmt == "slack":
            return slack.render_range(report, footer=footer)
        return markdown.render_range(report, footer=footer)
    weekly = data.week_report(ws, first)
    if fmt == "json":
        return json_export.dumps(json_export.week_document(weekly, footer=footer))
    if fmt == "slack":
        return slack.render_week(weekly, footer=footer)
    return markdown.render_week(weekly, footer=footer)
