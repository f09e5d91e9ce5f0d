"""A git history for the benchmark: the generated workspace committed week by week,
and what is measured on it (``log --git``, ``log ID --git``, ``git log -p``).

The repository grows as a real one does: commit *k* holds the database as it
was after week *k* (every row of weeks 1..k of the generated workspace,
inserted in week order into a file with the same schema), with
``scorecard.toml`` and ``.gitattributes`` from the first commit on. Commits are
written with ``git fast-import`` (seconds, not minutes) at each week's
Thursday, and the repository is cached in ``bench/.cache`` next to the
workspace it was made from.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

from bench import measure as ms
from bench import report as rp
from bench.generate import CACHE, Generated
from bench.measure import Trial, TrialFailed
from scorecard import logcache
from scorecard.weeks import Week

APPS = Path(__file__).resolve().parent / "apps"
#: ``git log -p`` is timed over this many of the newest commits.
LOG_P_COMMITS = 52

#: Which column says the week a row belongs to, per table (first match wins);
#: rows of a table with none of them are there from the first commit on.
WEEK_COLUMNS = ("week", "week_made", "raised_in")
ATTRIBUTES = "*.db diff=scorecard merge=scorecard\n"


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f'PRAGMA "main".table_info("{table}")')]


def _tables(conn: sqlite3.Connection) -> list[str]:
    sql = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    return [row[0] for row in conn.execute(sql)]


class _Growing:
    """An empty copy of the final database, filled one week at a time."""

    def __init__(self, final: Path, target: Path):
        shutil.copyfile(final, target)
        self.conn = sqlite3.connect(target, isolation_level=None)
        self.conn.execute("PRAGMA foreign_keys = OFF")
        self.conn.execute("ATTACH DATABASE ? AS final", [str(final)])
        self.tables = [t for t in _tables(self.conn) if t != "_sqlite_migrations"]
        self.week_of: dict[str, str | None] = {}
        for table in self.tables:
            cols = _columns(self.conn, table)
            self.week_of[table] = next((c for c in WEEK_COLUMNS if c in cols), None)
        self.conn.execute("BEGIN")
        for table in self.tables:
            if self.week_of[table] is not None:
                self.conn.execute(f'DELETE FROM main."{table}"')
        self.conn.execute("COMMIT")
        self.conn.execute("VACUUM main")

    def add_week(self, week: str) -> None:
        self.conn.execute("BEGIN")
        # weeks first: the other tables refer to it
        for table in sorted(self.tables, key=lambda t: t != "weeks"):
            column = self.week_of[table]
            if column is not None:
                copy = f'INSERT INTO main."{table}" SELECT * FROM final."{table}"'
                self.conn.execute(f'{copy} WHERE "{column}" = ?', [week])
        self.conn.execute("COMMIT")

    def close(self) -> None:
        self.conn.execute("DETACH DATABASE final")
        self.conn.close()


def _data(payload: bytes) -> bytes:
    return b"data %d\n" % len(payload) + payload + b"\n"


def build(made: Generated, repo: Path, weeks: int) -> None:
    """A repository in ``repo`` with one commit per week, the last ``weeks`` of ``made``."""
    repo.mkdir(parents=True)
    env_git = ["git", "-c", "init.defaultBranch=main"]
    subprocess.run([*env_git, "init", "-q", str(repo)], check=True)
    last = made.week
    first = last - (weeks - 1)
    db_name = made.db_path.name
    toml = made.config_path.read_bytes()
    with tempfile.TemporaryDirectory(prefix="history-") as tmp:
        growing = _Growing(made.db_path, Path(tmp) / db_name)
        feed = subprocess.Popen(
            ["git", "fast-import", "--quiet", "--done"], cwd=repo, stdin=subprocess.PIPE
        )
        assert feed.stdin is not None
        week: Week = first
        for index in range(weeks):
            growing.add_week(week.id)
            moment = datetime.combine(week.monday + timedelta(days=3), time(17), tzinfo=UTC)
            stamp = f"{int(moment.timestamp())} +0000".encode()
            message = f"Close {week.id}".encode()
            out = [b"commit refs/heads/main\n"]
            out.append(b"committer Bench Lead <lead@example.com> " + stamp + b"\n")
            out.append(_data(message))
            if index == 0:
                out.append(b"M 100644 inline scorecard.toml\n" + _data(toml))
                out.append(b"M 100644 inline .gitattributes\n" + _data(ATTRIBUTES.encode()))
            out.append(f"M 100644 inline {db_name}\n".encode())
            out.append(_data((Path(tmp) / db_name).read_bytes()))
            feed.stdin.write(b"".join(out))
            week = week + 1
        feed.stdin.write(b"done\n")
        feed.stdin.close()
        if feed.wait() != 0:
            raise RuntimeError("git fast-import failed")
        growing.close()
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=repo, check=True)


def cached(made: Generated, weeks: int) -> Path:
    """The history repository for ``made`` (built once, kept in bench/.cache)."""
    folder = CACHE / f"{made.folder.name}-history{weeks}"
    if not (folder / ".git" / "bench-ready").exists():
        if folder.exists():
            shutil.rmtree(folder)
        scratch = Path(tempfile.mkdtemp(prefix="hist-", dir=CACHE)) / "repo"
        build(made, scratch, weeks)
        (scratch / ".git" / "bench-ready").write_text("ok\n")
        scratch.rename(folder)
        shutil.rmtree(scratch.parent)
    return folder


@dataclass
class History:
    commits: int
    timed: dict[str, Trial]
    peak_kb: int
    git_peak_kb: int
    log_p_cold: Trial
    log_p_warm: Trial


def _expect(text: str) -> Callable[[str], None]:
    def check(stdout: str) -> None:
        if text not in stdout:
            raise TrialFailed(f"output lacks {text!r}: {stdout[:200]!r}")

    return check


def measure(
    made: Generated,
    scratch: Path,
    env_base: dict[str, str],
    scorecard: Sequence[str],
    rounds: int,
    log: Callable[[str], None],
) -> History:
    """Time ``log --git`` over the history of ``made`` (one commit a week), its peak
    memory, and ``git log -p`` with git's textconv cache empty, then filled."""
    weeks = made.size.weeks
    repo = scratch / "history"
    shutil.copytree(cached(made, weeks), repo, symlinks=True)
    env = {**env_base, "SCORECARD_CONFIG": str(repo / "scorecard.toml")}
    subprocess.run([*scorecard, "git", "install"], cwd=repo, env=env, check=True,
                   capture_output=True)  # fmt: skip
    conn = sqlite3.connect(repo / "scorecard.db")
    try:
        sql = "SELECT commitment_id FROM commitment_events GROUP BY 1 ORDER BY count(*) DESC"
        commitment, other = (row[0] for row in conn.execute(sql).fetchmany(2))
    finally:
        conn.close()
    sc = scorecard
    cache = repo / ".git" / "scorecard" / logcache.NAME
    log_id = [*sc, "log", commitment[:8], "--git"]

    def empty() -> None:
        cache.unlink(missing_ok=True)

    def filled() -> None:  # by another commitment's run: what it keeps is for every one
        if not cache.exists():
            subprocess.run([*sc, "log", other[:8], "--git"], cwd=repo, env=env, check=True,
                           capture_output=True)  # fmt: skip

    trials = {
        "log-id-first": Trial("log ID --git (first run)", log_id, env, cwd=str(repo),
                              prepare=empty, check=_expect("created")),
        "log-id": Trial("log ID --git (cached)", log_id, env, cwd=str(repo), prepare=filled,
                        check=_expect("created")),
        "log-all": Trial("log --git", [*sc, "log", "--git"], env, cwd=str(repo),
                         check=_expect("rows")),
    }  # fmt: skip
    ms.run_rounds(list(trials.values()), rounds, log)
    peak = subprocess.run(
        [sys.executable, str(APPS / "peak.py"), "log", "--git"],
        cwd=repo, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    marks = dict(line.split() for line in peak.stderr.splitlines() if "PEAK " in line)
    patch = ["git", "log", "-p", f"-n{min(weeks, LOG_P_COMMITS)}", "--", "scorecard.db"]
    cold = Trial("git log -p (first run)", patch, env, cwd=str(repo))
    warm = Trial("git log -p (cached)", patch, env, cwd=str(repo))
    cold.samples.append(ms.sample(cold)[0])  # converts every version once
    ms.run_rounds([warm], rounds, log)
    return History(weeks, trials, int(marks["PEAK"]), int(marks["GIT_PEAK"]), cold, warm)


def _within(name: str, seconds: float, budget_s: float) -> rp.Figure:
    """A figure judged against a time budget (the ratio is to the budget)."""
    return rp.Figure(
        name,
        measured=rp.ms(seconds),
        baseline=f"budget {budget_s:g} s",
        ratio=seconds / budget_s,
        budget=1.0,
        budget_label=f"≤ {budget_s:g} s",
    )


def figures(made: History) -> list[rp.Figure]:
    n = made.commits
    out = [
        _within(
            f"`log ID --git` over {n} commits, first run (its cache in .git empty)",
            made.timed["log-id-first"].seconds,
            2.0,
        ),
        _within(
            f"`log ID --git` over {n} commits, cached (by another commitment's run)",
            made.timed["log-id"].seconds,
            2.0,
        ),
        _within(f"`log --git` over {n} commits", made.timed["log-all"].seconds, 10.0),
    ]
    out.append(
        rp.Figure(
            f"`log --git` over {n} commits: peak memory",
            measured=rp.mb(made.peak_kb),
            baseline=f"budget 150 MB (git cat-file: {rp.mb(made.git_peak_kb)})",
            ratio=made.peak_kb / (150 * 1024),
            budget=1.0,
            budget_label="≤ 150 MB",
        )
    )
    commits = min(n, LOG_P_COMMITS)
    out.append(
        rp.Figure(
            f"`git log -p` over {commits} commits: cached vs first run",
            measured=rp.ms(made.log_p_warm.seconds),
            baseline=rp.ms(made.log_p_cold.seconds),
            ratio=made.log_p_warm.seconds / made.log_p_cold.seconds,
            budget_label="reported",
        )
    )
    return out
