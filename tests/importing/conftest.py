"""Fixtures for the import tests: files shaped like real CRM and spreadsheet exports.

``fixtures/`` holds them byte for byte as the tools write them: HubSpot deal and
contact exports (UTF-8, CRLF, the contacts with a BOM), a Salesforce opportunities
report (Windows-1252, m/d/Y, "$20,000.00", the report footer), a Google Sheets
weekly scorecard (weeks as rows), a German semicolon export (Windows-1252, d.m.Y,
"1.234,50 €") and Excel's "Unicode text" (UTF-16 with BOM, tabs, decimal commas).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scorecard.config import Config, Metric, Team
from scorecard.weeks import parse_week
from scorecard.workspace import Workspace

FIXTURES = Path(__file__).parent / "fixtures"

#: The metrics these tests import into, spelled out so that changes to the
#: default scorecard (metrics added, some made derived) leave them alone.
METRICS = [
    Metric(key="mqls", name="Marketing-qualified leads", area="awareness", owner="marketing",
           target=120),
    Metric(key="web-visits", name="Website visits", area="awareness", owner="marketing",
           target=8000),
    Metric(key="sqls-accepted", name="SQLs accepted by sales", area="revenue", owner="sales",
           target=40),
    Metric(key="pipeline", name="Pipeline created", area="revenue", owner="shared",
           unit="currency", target=250000),
    Metric(key="closed-won", name="Closed-won revenue", area="revenue", owner="sales",
           unit="currency", target=90000),
    Metric(key="win-rate", name="Win rate", area="revenue", owner="sales", unit="percent",
           target=25),
    Metric(key="retention", name="Customer retention", area="trust", owner="shared",
           unit="percent", target=95),
]  # fmt: skip


@pytest.fixture
def workspace_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with a workspace of :data:`METRICS`, also the current directory."""
    folder = tmp_path / "ws"
    teams = {
        "sales": Team(name="Sales", lead="Sam Rivera"),
        "marketing": Team(name="Marketing", lead="Maya Chen"),
    }
    config = Config(title="Import Co", teams=teams, metrics=METRICS)
    Workspace.create(config, folder / "scorecard.toml").close()
    monkeypatch.chdir(folder)
    return folder


@pytest.fixture
def default_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with the workspace ``scorecard init`` writes (the one docs/import.md
    is written for: win-rate derived from deals-won and opportunities)."""
    from scorecard.defaults import default_config

    folder = tmp_path / "default"
    config = default_config("Import Co", sales_lead="Sam Rivera", marketing_lead="Maya Chen")
    Workspace.create(config, folder / "scorecard.toml").close()
    monkeypatch.chdir(folder)
    return folder


def values(ws, first: str = "2026-W01", last: str = "2026-W53") -> dict[tuple[str, str], float]:
    """Every stored value between two weeks, as ``{(week, metric): value}``."""
    return {
        (v.week, v.metric): v.value for v in ws.values_between(parse_week(first), parse_week(last))
    }
