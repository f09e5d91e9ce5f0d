"""The text bar chart of the history screen."""

from __future__ import annotations

from scorecard.status import Status
from screens.chart import Bar, bar, bar_chart


def test_bar_lengths_in_eighths() -> None:
    assert bar(10, 10, 4) == "████"
    assert bar(5, 10, 4) == "██"
    assert bar(1, 16, 2) == "▏"
    assert bar(0, 10, 4) == ""
    assert bar(20, 10, 4) == "████"  # clipped to the width
    assert bar(-3, 10, 4) == ""


def test_chart_shows_values_status_words_target_and_gaps() -> None:
    bars = [
        Bar("2026-W45", 100.0, 120.0, Status.OFF_TRACK),
        Bar("2026-W46", None, 120.0, Status.NO_DATA),
        Bar("2026-W47", 130.0, 120.0, Status.ON_TRACK),
    ]
    text = bar_chart(bars, width=60).plain
    lines = text.splitlines()
    assert lines[0].startswith("2026-W45 ") and lines[0].endswith("100 ✗ off track")
    assert lines[1].startswith("2026-W46 ") and "—" in lines[1] and "┊" in lines[1]
    assert lines[2].endswith("130 ✓ on track")
    # The longest bar is the largest value; the target mark sits inside it.
    assert lines[2].count("█") > lines[0].count("█")
    assert "min 100 · max 130 · 2 of 3 weeks entered" in text


def test_chart_formats_units_and_handles_no_data() -> None:
    money = bar_chart(
        [Bar("2026-W47", 48000.0, 50000.0, Status.AT_RISK)], width=60, unit="currency"
    )
    assert "$48,000 ! at risk" in money.plain
    assert bar_chart([], width=60).plain == "no weeks in range"
