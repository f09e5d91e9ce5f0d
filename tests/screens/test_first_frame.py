"""Start-up as a terminal shows it: the week screen's first frame already holds the
whole week, its issues line included (nothing pops in a frame later and pushes
the lists down)."""

from __future__ import annotations

from pathlib import Path

from tests.pty_terminal import Terminal


def first_screen_with(cwd: Path, marker: str) -> str:
    """What the emulated terminal shows when ``marker`` first appears on it."""
    term = Terminal(cwd, columns=140, lines=45)
    try:
        return term.screen_when(marker)
    finally:
        term.close()


def test_the_first_frame_shows_the_issues_line_with_the_week(demo_dir: Path) -> None:
    shown = first_screen_with(demo_dir, "Marketing-qualified leads")
    assert "Issues: " in shown
    assert "Say/do (13 weeks)" in shown
