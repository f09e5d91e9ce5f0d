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

    from scorecard.report import data

    # each format's module is imported only to write that format
    if fmt == "json":
        from scorecard.report import json_export

        if ranged:
            document = json_export.range_document(data.range_report(ws, first, last), footer=footer)
        else:
            document = json_export.week_document(data.week_report(ws, first), footer=footer)
        return json_export.dumps(document)
    if fmt == "slack":
        from scorecard.report import slack

        if ranged:
            return slack.render_range(data.range_report(ws, first, last), footer=footer)
        return slack.render_week(data.week_report(ws, first), footer=footer)
    from scorecard.report import markdown

    if ranged:
        return markdown.render_range(data.range_report(ws, first, last), footer=footer)
    return markdown.render_week(data.week_report(ws, first), footer=footer)
