"""Bounds in the app: a value its metric does not accept is refused in the entry, text kept."""

from __future__ import annotations

import pytest

from scorecard.weeks import parse_week
from scorecard.workspace import Workspace
from screens.scorecard_table import ScorecardTable
from screens.value_entry import ValueEntry
from tests.conftest import digest
from tests.screens.conftest import press, settle, type_text

pytestmark = pytest.mark.asyncio

W47 = parse_week("2026-W47")


@pytest.mark.parametrize(
    ("metric", "typed", "reason"),
    [
        ("sla-followup", "250", "Follow-up within SLA cannot be above 100% (got 250%)"),
        ("sla-followup", "0.27", "Follow-up within SLA is a percentage: did you mean 27%?"),
        (
            "sla-followup",
            "$30",
            "'$30' has a currency sign, but Follow-up within SLA is a percentage",
        ),
        ("mqls", "12.7", "Marketing-qualified leads is a whole number (got 12.7)"),
        ("mqls", "35%", "'35%' has a % sign, but Marketing-qualified leads is a count"),
    ],
)
async def test_out_of_bounds_is_refused_in_the_entry(
    workspace: Workspace, make_app, metric: str, typed: str, reason: str
) -> None:
    before = digest(workspace.db_path)
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.screen.query_one(ScorecardTable).select_metric(metric)
        await press(pilot, "enter")
        await type_text(pilot, typed)
        await press(pilot, "enter")
        entry = app.screen.query_one(ValueEntry)
        assert reason in str(entry.query_one("#entry-error").render())
        assert entry.metric == metric and entry.input.value == typed
    assert digest(workspace.db_path) == before


async def test_suffixes_are_accepted_in_the_entry(workspace: Workspace, make_app) -> None:
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.screen.query_one(ScorecardTable).select_metric("pipeline")
        await press(pilot, "enter")
        await type_text(pilot, "$1.2m")
        await press(pilot, "enter")
        await settle(pilot)
    assert workspace.value(W47, "pipeline").value == 1_200_000  # type: ignore[union-attr]
