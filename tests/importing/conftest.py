"""Fixtures for the import tests: files shaped like real CRM and spreadsheet exports.

``fixtures/`` holds them byte for byte as the tools write them: HubSpot deal and
contact exports (UTF-8, CRLF, the contacts with a BOM), a Salesforce opportunities
report (Windows-1252, m/d/Y, "$20,000.00", the report footer), a Google Sheets
weekly scorecard (weeks as rows), a German semicolon export (Windows-1252, d.m.Y,
"1.234,50 €") and Excel's "Unicode text" (UTF-16 with BOM, tabs, decimal commas).
"""

from __future__ import annotations

from pathlib import Path

from scorecard.weeks import parse_week

FIXTURES = Path(__file__).parent / "fixtures"


def values(ws, first: str = "2026-W01", last: str = "2026-W53") -> dict[tuple[str, str], float]:
    """Every stored value between two weeks, as ``{(week, metric): value}``."""
    return {
        (v.week, v.metric): v.value for v in ws.values_between(parse_week(first), parse_week(last))
    }
