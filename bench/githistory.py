"""A git history for the benchmark: the generated workspace committed week by week.

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
import tempfile
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

from bench.generate import CACHE, Generated
from scorecard.weeks import Week

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
