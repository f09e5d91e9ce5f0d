"""The import figure: a CRM export of 100,000 deals against the csv module reading it.

The file is shaped like a HubSpot deals export (UTF-8, CRLF, nine columns,
``2026-11-18 14:20`` datetimes, plain amounts, a few empty close dates), with
deals spread over the two years before the benchmark's today. The subject is
the real command a lead runs each week:

    scorecard import deals.csv --metric closed-won --date "Close Date"
        --value Amount --where "Deal Stage=Closed Won"

into a fresh default workspace (a pristine copy before every sample, so each
run writes its hundred-odd weekly values). The baseline is a Python process
that reads the same file with the csv module and does nothing else.
"""

from __future__ import annotations

import csv
import random
import shutil
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

from bench.measure import Trial, TrialFailed

ROWS = 100_000
QUICK_ROWS = 10_000
STAGES = [
    ("Closed Won", 3),
    ("Closed Lost", 4),
    ("Appointment Scheduled", 1),
    ("Qualified To Buy", 1),
    ("Contract Sent", 1),
]
HEADER = [
    "Record ID", "Deal Name", "Deal Stage", "Close Date", "Amount",
    "Pipeline", "Deal owner", "Create Date", "Associated Company",
]  # fmt: skip
READ = (
    "import csv, sys\n"
    "with open(sys.argv[1], newline='', encoding='utf-8') as f:\n"
    "    print(sum(1 for _ in csv.reader(f)))\n"
)


def rows(quick: bool) -> int:
    return QUICK_ROWS if quick else ROWS


def write_deals(path: Path, rows: int, today: date, seed: int) -> None:
    """``rows`` deals, deterministic from ``seed``, closing in the 104 weeks before ``today``."""
    rng = random.Random(seed)
    stages = [name for name, weight in STAGES for _ in range(weight)]
    start = datetime.combine(today - timedelta(weeks=104), datetime.min.time())
    now = datetime.combine(today, datetime.min.time())
    span = 104 * 7 * 24 * 60  # minutes
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, lineterminator="\r\n")
        out.writerow(HEADER)
        for index in range(rows):
            stage = rng.choice(stages)
            created = start + timedelta(minutes=rng.randrange(span))
            closed = created + timedelta(days=rng.randrange(90), minutes=rng.randrange(600))
            closed = min(closed, now)  # no deal closes after today
            open_deal = not stage.startswith("Closed")
            close = "" if open_deal and rng.random() < 0.5 else f"{closed:%Y-%m-%d %H:%M}"
            out.writerow(
                [
                    str(20_000_000 + index),
                    f"Company {index % 4999} – deal {index}",
                    stage,
                    close,
                    f"{rng.randrange(1_000, 90_000)}" + rng.choice(["", ".5", ".25"]),
                    rng.choice(["Sales Pipeline", "Sales Pipeline", "Renewals"]),
                    rng.choice(["Sam Rivera", "Maya Chen", "Ana Silva"]),
                    f"{created:%Y-%m-%d %H:%M}",
                    f"Company {index % 4999}",
                ]
            )


def trials(
    scratch: Path,
    env: dict[str, str],
    scorecard: list[str],
    today: date,
    seed: int,
    quick: bool,
) -> dict[str, Trial]:
    """The baseline (``csv read``) and the subject (``crm import``)."""
    from scorecard.defaults import default_config
    from scorecard.workspace import Workspace

    folder = scratch / "crm"
    folder.mkdir()
    count = rows(quick)
    deals = folder / "deals.csv"
    write_deals(deals, count, today, seed)
    toml = folder / "ws" / "scorecard.toml"
    Workspace.create(default_config("Bench import"), toml).close()
    pristine = folder / "pristine.db"
    shutil.copyfile(toml.parent / "scorecard.db", pristine)

    def prepare() -> None:
        shutil.copyfile(pristine, toml.parent / "scorecard.db")

    def check_read(stdout: str) -> None:
        if stdout.strip() != str(count + 1):
            raise TrialFailed(f"csv read {stdout.strip()!r} rows, expected {count + 1}")

    def check_import(stdout: str) -> None:
        if f"{count:,} rows" not in stdout or "written)" not in stdout:
            raise TrialFailed(f"import did not import: {stdout[-300:]!r}")

    argv = [
        *scorecard, "import", str(deals), "--metric", "closed-won", "--date", "Close Date",
        "--value", "Amount", "--where", "Deal Stage=Closed Won",
    ]  # fmt: skip
    ws_env = {**env, "SCORECARD_CONFIG": str(toml)}
    read = [sys.executable, "-c", READ, str(deals)]
    cwd = str(scratch)
    return {
        "csv-read": Trial("csv module: read", read, ws_env, cwd=cwd, check=check_read),
        "crm-import": Trial(
            "import a CRM export", argv, ws_env, cwd=cwd, prepare=prepare, check=check_import
        ),
    }
