"""Three clones, week after week: pushes, pulls by merge and by rebase, a close each week.

Three weeks in the default run, ten under ``SCORECARD_SOAK=1``: in three, each
clone closes a week and pulls both by merge and by rebase (a fourth week
would close on the first week's clone and rebase as in the second week).

Every value typed on any clone must be in the merged history and in every
clone at the end, each week closed once with its report committed and tagged.
"""

from __future__ import annotations

import pytest

from scorecard.closing import close_and_commit
from scorecard.weeks import parse_week
from scorecard.workspace import Workspace
from tests.git.conftest import clone, git, query
from tests.reliability.conftest import bound

pytestmark = pytest.mark.slow

WEEKS = bound(3, 10)

#: Each lead types the metrics they own (and everyone the shared one, the same value).
METRICS = {
    "sam": ("sqls-accepted", "sla-followup"),
    "maya": ("mqls", "web-visits"),
    "ana": ("nps",),
}


def _sync(folder, *, rebase: bool) -> None:
    git(folder, "commit", "--quiet", "-am", "This week's numbers", check=False)
    pulled = git(folder, "pull", "--quiet", "--rebase" if rebase else "--no-rebase", check=False)
    assert pulled.returncode == 0, pulled.stdout + pulled.stderr
    git(folder, "push", "--quiet", "origin", "main", "--tags")


def test_three_clones_work_for_weeks_and_nothing_typed_is_lost(origin, tmp_path):
    clones = {name: clone(origin, tmp_path / name, name.title()) for name in METRICS}
    config = {name: folder / "scorecard.toml" for name, folder in clones.items()}
    with Workspace.open(config["sam"]) as ws:
        keys = {m.key for m in ws.config.metrics}
    metrics = {name: [m for m in owned if m in keys] for name, owned in METRICS.items()}
    # what the origin already holds (its W47 MQLs), then everything typed below
    typed: dict[tuple[str, str], float] = {
        (w, m): v
        for w, m, v in query(
            clones["sam"] / "scorecard.db", "SELECT week, metric, value FROM metric_values"
        )
    }
    first = parse_week("2026-W38")
    for n in range(WEEKS):
        week = first + n
        for i, (name, folder) in enumerate(clones.items()):
            with Workspace.open(config[name]) as ws:
                for j, metric in enumerate(metrics[name]):
                    value = float(7 * n + 2 * i + j + 1)
                    ws.set_value(week, metric, value)
                    typed[(week.id, metric)] = value
                ws.set_value(week, "pipeline", 1000.0 * n)  # the same on every clone
                ws.add_note("idea", f"{name} idea in {week}", week=week)
            typed[(week.id, "pipeline")] = 1000.0 * n
            _sync(folder, rebase=(n + i) % 2 == 1)
        closer = list(clones)[n % 3]
        git(clones[closer], "pull", "--quiet", "--no-rebase")
        with Workspace.open(config[closer]) as ws:
            done = close_and_commit(ws, week)
        assert done.commit is not None and done.tag == "created"
        _sync(clones[closer], rebase=False)
    for folder in clones.values():
        git(folder, "pull", "--quiet", "--no-rebase")
        db_file = folder / "scorecard.db"
        rows = dict(
            ((w, m), v)
            for w, m, v in query(db_file, "SELECT week, metric, value FROM metric_values")
        )
        assert rows == typed
        assert query(db_file, "SELECT count(*) FROM notes") == [(3 * WEEKS,)]
        assert query(db_file, "SELECT count(*) FROM weeks WHERE closed = 1") == [(WEEKS,)]
        assert query(db_file, "SELECT count(*) FROM conflicts") == [(0,)]
        assert git(folder, "status", "--porcelain").stdout == ""
        tags = git(folder, "tag", "--list", "scorecard/*").stdout.split()
        assert len(tags) == WEEKS
        reports = sorted(p.name for p in (folder / "reports").iterdir())
        assert len(reports) == WEEKS
