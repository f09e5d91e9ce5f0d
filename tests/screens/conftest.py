"""Helpers for driving the app with Pilot: a demo or fresh workspace, no polling
(tests trigger change detection themselves), and a way to wait for workers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot

from scorecard.workspace import Workspace
from screens.app import ScorecardApp


async def settle(pilot: Pilot[None]) -> None:
    """Let messages, screen switches and thread workers finish."""
    for _ in range(3):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def press(pilot: Pilot[None], *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
    await settle(pilot)


async def type_text(pilot: Pilot[None], text: str) -> None:
    await pilot.press(*[_key(c) for c in text])


def _key(char: str) -> str:
    names = {" ": "space", ",": "comma", ".": "full_stop", "-": "minus", "$": "dollar_sign"}
    names |= {"%": "percent_sign", "'": "apostrophe", ":": "colon", "!": "exclamation_mark"}
    return names.get(char, char)


@pytest.fixture
def demo_ws(demo_dir: Path) -> Iterator[Workspace]:
    ws = Workspace.open(demo_dir / "scorecard.toml")
    yield ws
    ws.close()


@pytest.fixture
def make_app():
    def factory(ws: Workspace, week: str | None = None) -> ScorecardApp:
        from scorecard.weeks import parse_week

        return ScorecardApp(ws, parse_week(week) if week else None, poll_interval=None)

    return factory
