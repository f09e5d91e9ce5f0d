"""Golden files: the reports of the sample workspace, byte for byte.

The sample workspace is deterministic (today is frozen to 2026-11-18), so its
reports are too. After an intended change to a report, regenerate them with

    SCORECARD_UPDATE_GOLDEN=1 pytest tests/report/test_golden.py

and review the diff of tests/golden/ before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

GOLDEN = Path(__file__).resolve().parent.parent / "golden"

CASES = {
    "week-2026-W47.md": ("export",),
    "week-2026-W46.md": ("export", "--week", "2026-W46"),
    "range-2026-W35-2026-W47.md": ("export", "--from", "2026-W35", "--to", "2026-W47"),
    "week-2026-W46.json": ("export", "--week", "2026-W46", "--format", "json"),
    "values-2026-W46-2026-W47.csv": (
        "export",
        "--from",
        "2026-W46",
        "--to",
        "2026-W47",
        "-f",
        "csv",
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_sample_reports_match_golden_files(demo_dir, run, name):
    result = run(*CASES[name])
    assert result.exit_code == 0, result.stderr
    path = GOLDEN / name
    if os.environ.get("SCORECARD_UPDATE_GOLDEN"):
        path.write_bytes(result.stdout_bytes)
    assert result.stdout_bytes == path.read_bytes(), (
        f"{name} differs from the golden file; if intended, regenerate (see module docstring)"
    )
