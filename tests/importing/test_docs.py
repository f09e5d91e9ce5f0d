"""docs/import.md: every HubSpot and Salesforce command runs as written, in the
workspace ``scorecard init`` writes, on an export shaped like the one it names,
and gives the weekly numbers counted by hand; the derived win rate follows."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from scorecard.weeks import parse_week
from scorecard.workspace import Workspace
from tests.importing.conftest import FIXTURES, values

DOC = Path(__file__).resolve().parents[2] / "docs" / "import.md"
FILES = {
    "HubSpot": {"contacts.csv": "hubspot-contacts.csv", "deals.csv": "hubspot-deals.csv"},
    "Salesforce": {
        "report.csv": "salesforce-opportunities.csv",
        "leads.csv": "salesforce-leads.csv",
    },
}
EXPECTED = {
    ("HubSpot", "mqls"): {"2026-W44": 1, "2026-W45": 2, "2026-W46": 2, "2026-W47": 1},
    ("HubSpot", "sqls-accepted"): {"2026-W44": 1, "2026-W45": 1, "2026-W46": 0, "2026-W47": 1},
    ("HubSpot", "pipeline"): {
        "2026-W44": 74500.5, "2026-W45": 129500, "2026-W46": 15000, "2026-W47": 45000,
    },
    ("HubSpot", "closed-won"): {"2026-W45": 36500.5, "2026-W46": 30000, "2026-W47": 24500},
    ("HubSpot", "opportunities"): {"2026-W44": 4, "2026-W45": 2, "2026-W46": 2, "2026-W47": 1},
    ("HubSpot", "deals-won"): {"2026-W45": 2, "2026-W46": 1, "2026-W47": 2},
    ("Salesforce", "pipeline"): {
        "2026-W36": 15500, "2026-W37": 0, "2026-W38": 0, "2026-W39": 0, "2026-W40": 60000,
        "2026-W41": 98000, "2026-W42": 0, "2026-W43": 9000, "2026-W44": 12250,
        "2026-W45": 12300,
    },
    ("Salesforce", "closed-won"): {"2026-W45": 35500, "2026-W46": 12250, "2026-W47": 7300},
    ("Salesforce", "opportunities"): {
        "2026-W36": 1, "2026-W37": 0, "2026-W38": 0, "2026-W39": 0, "2026-W40": 2,
        "2026-W41": 2, "2026-W42": 0, "2026-W43": 1, "2026-W44": 1, "2026-W45": 2,
    },
    ("Salesforce", "deals-won"): {"2026-W45": 2, "2026-W46": 1, "2026-W47": 1},
    ("Salesforce", "sqls-accepted"): {"2026-W45": 1, "2026-W46": 0, "2026-W47": 1},
    ("Salesforce", "mqls"): {"2026-W45": 2, "2026-W46": 1, "2026-W47": 1},
}  # fmt: skip


def _commands() -> list[tuple[str, str, list[str]]]:
    """``(crm, metric, argv)`` for each command in the HubSpot and Salesforce tables."""
    found = []
    section = ""
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            section = line[3:].strip()
        if section in FILES and line.startswith("| `"):
            for command in re.findall(r"`(scorecard import [^`]+)`", line):
                argv = shlex.split(command)[1:]
                found.append((section, argv[argv.index("--metric") + 1], argv))
    return found


COMMANDS = _commands()


def _files(crm: str, argv: list[str]) -> list[str]:
    return [str(FIXTURES / FILES[crm][a]) if a in FILES[crm] else a for a in argv]


def test_the_doc_has_a_command_for_each_crm_metric():
    assert sorted((crm, metric) for crm, metric, _ in COMMANDS) == sorted(EXPECTED)


@pytest.mark.parametrize(("crm", "metric", "argv"), COMMANDS, ids=lambda x: str(x)[:20])
def test_each_documented_command_imports_its_export(default_dir, run, crm, metric, argv):
    argv = _files(crm, argv)
    result = run(*argv)
    assert result.exit_code == 0, result.stderr
    assert "Saved profile" in result.stdout
    with Workspace.open(default_dir / "scorecard.toml") as ws:
        got = {week: round(v, 6) for (week, key), v in values(ws).items() if key == metric}
    assert got == {week: round(v, 6) for week, v in EXPECTED[(crm, metric)].items()}
    name = argv[argv.index("--save") + 1]
    again = run("import", argv[1], "--profile", name)
    assert again.exit_code == 0, again.stderr
    assert "0 new, 0 changed" in again.stdout


def test_the_win_rate_follows_from_the_imported_counts(default_dir, run):
    """docs/import.md: win-rate is not imported; deals won ÷ opportunities created."""
    for crm, metric, argv in COMMANDS:
        if crm == "Salesforce" and metric in ("opportunities", "deals-won"):
            assert run(*_files(crm, argv)).exit_code == 0
    with Workspace.open(default_dir / "scorecard.toml") as ws:
        rate = {
            w: ws.metric_line(parse_week(w), "win-rate").actual for w in ("2026-W45", "2026-W46")
        }
        assert ws.value(parse_week("2026-W45"), "win-rate") is None  # never stored
    assert rate == {"2026-W45": 100.0, "2026-W46": None}  # 2 won of 2 created; none created
