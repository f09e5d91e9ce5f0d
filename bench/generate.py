"""A realistic ten-year workspace for the benchmark, deterministic from a seed.

520 weeks of a weekly sync between a sales and a marketing team: 30 metrics
(some tracked only from later years, targets raised every year), about 5,000
commitments reviewed week by week with their status histories (done, missed,
dropped, carried over, now and then reopened after a mistaken review) and
about 5,000 retro notes. Every past week is rated and closed; the current week
is half entered, with commitments due for review.

Rows go through the project's own storage layer (``db.create`` and
``db.queries`` inside one ``db.transaction`` per year), so the file is
what the app itself would write. Generated workspaces are cached under
``bench/.cache`` keyed by size, seed and the source of the generator and schema.

    python bench/generate.py [--quick] [--seed N] [DIR]
"""

from __future__ import annotations

import argparse
import hashlib
import random
import shutil
import sys
import tempfile
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: python bench/generate.py
    sys.path.insert(0, str(ROOT))

import db  # noqa: E402
from bench import texts  # noqa: E402
from bench.metrics import Tracked, chosen  # noqa: E402
from db import queries as q  # noqa: E402
from scorecard import catalog, config_file  # noqa: E402
from scorecard import config as cfg  # noqa: E402
from scorecard.defaults import DEFAULT_AGREEMENTS  # noqa: E402
from scorecard.weeks import Week  # noqa: E402

CACHE = ROOT / "bench" / ".cache"
#: The benchmark's "today": a Wednesday in the last generated week.
TODAY = date(2026, 11, 18)
SEED = 2026

OUTCOMES = [("done", 0.64), ("missed", 0.14), ("carried", 0.12), ("dropped", 0.10)]
REOPENED = 0.03
"""Share of reviews corrected the next day (done → open → missed, …)."""


@dataclass(frozen=True)
class Size:
    weeks: int = 520
    metrics: int = 30
    commitments: int = 5000
    notes: int = 5000

    @property
    def label(self) -> str:
        return f"w{self.weeks}-m{self.metrics}-c{self.commitments}-n{self.notes}"


TEN_YEARS = Size()
QUICK = Size(weeks=26, metrics=30, commitments=250, notes=250)


@dataclass(frozen=True)
class Generated:
    folder: Path
    config_path: Path
    db_path: Path
    size: Size
    seed: int
    today: date

    @property
    def week(self) -> Week:
        return Week.of(self.today)


# -- the pieces of one week ------------------------------------------------------


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _at(week: Week, day: int, hour: int, minute: int = 0) -> str:
    return _stamp(datetime.combine(week.monday + timedelta(days=day), time(hour, minute), UTC))


def _hex(rng: random.Random) -> str:
    return f"{rng.getrandbits(128):032x}"


def _spread(total: int, slots: int, rng: random.Random) -> list[int]:
    """``total`` items over ``slots`` weeks: even, with the remainder at random."""
    base, extra = divmod(total, slots)
    counts = [base] * slots
    for index in rng.sample(range(slots), extra):
        counts[index] += 1
    return counts


def _value(rng: random.Random, spec: cfg.Metric, target: float, level: float) -> float:
    noise = rng.gauss(0, 0.08)
    factor = level + noise if spec.direction == "higher" else 2 - (level + noise)
    raw = max(0.0, target * factor)
    if spec.unit == "percent":
        return round(min(raw, 100.0), 1)
    if spec.unit == "currency":
        return float(round(raw, 0 if target < 1000 else -3))
    return float(round(raw))


def _target(spec: cfg.Metric, years_before_now: int) -> float:
    """The target in force: raised about 6% a year (lowered, for lower-is-better)."""
    if spec.unit == "percent" or spec.target <= 2:
        return spec.target
    factor = 1.06**years_before_now
    raw = spec.target / factor if spec.direction == "higher" else spec.target * factor
    return float(round(raw, -2 if raw >= 1000 else 0)) or spec.target


class _History:
    """Writes one team's weeks, oldest first, through ``db.queries``."""

    def __init__(self, database: Any, size: Size, seed: int, last: Week) -> None:
        self.db = database
        self.rng = random.Random(seed)
        self.size = size
        self.last = last
        self.weeks = [last - offset for offset in range(size.weeks - 1, -1, -1)]
        self.tracked = chosen(size.metrics)
        self.new_counts = _spread(size.commitments, size.weeks, self.rng)
        self.note_counts = _spread(size.notes, size.weeks, self.rng)
        self.due: dict[str, list[dict[str, Any]]] = {}
        self.level = {t.metric.key: 0.9 for t in self.tracked}

    def run(self) -> None:
        for year in range(0, len(self.weeks), 52):
            with db.transaction(self.db):
                for step in range(year, min(year + 52, len(self.weeks))):
                    self.week(step)

    def week(self, step: int) -> None:
        week = self.weeks[step]
        current = week == self.last
        q.ensure_week(self.db, week.id, _at(week, 3, 8, 55))
        slots = self.new_counts[step]
        if not current:
            slots = self.review(week, slots)
        self.values(week, step, current)
        self.commit_new(week, slots)
        self.notes(week, self.note_counts[step])
        if not current:
            closed = _at(week, 3, 11, 5)
            q.update_week(
                self.db,
                week.id,
                {
                    "meeting_date": (week.monday + timedelta(days=3)).isoformat(),
                    "rating": min(10, max(1, round(self.rng.gauss(7.4, 1.1)))),
                    "closed": 1,
                    "closed_at": closed,
                    "updated_at": closed,
                },
            )

    # -- commitments ------------------------------------------------------------

    def review(self, week: Week, slots: int) -> int:
        """Review what is due; carried ones take some of this week's new slots."""
        names = [o for o, _ in OUTCOMES]
        weights = [w for _, w in OUTCOMES]
        for row in self.due.pop(week.id, []):
            outcome = self.rng.choices(names, weights)[0]
            if outcome == "carried" and slots == 0:
                outcome = "missed"
            at = _at(week, 3, 9, self.rng.randrange(60))
            self.status(row, outcome, week, at)
            if outcome == "carried":
                slots -= 1
                self.commitment(week, row, carried_from=row["id"], at=at)
            elif self.rng.random() < REOPENED:
                fixed = _at(week, 4, 10, self.rng.randrange(60))
                self.status(row, "open", week, fixed)
                other = "missed" if outcome != "missed" else "done"
                self.status(row, other, week, _at(week, 4, 10, 59))
        return slots

    def status(self, row: dict[str, Any], status: str, week: Week, at: str) -> None:
        q.update_commitment(self.db, row["id"], {"status": status, "updated_at": at})
        q.insert_event(
            self.db,
            {
                "id": _hex(self.rng),
                "commitment_id": row["id"],
                "status": status,
                "week": week.id,
                "by": self.rng.choice(texts.LEADS),
                "at": at,
            },
        )

    def commit_new(self, week: Week, slots: int) -> None:
        for _ in range(slots):
            self.commitment(week, None, carried_from=None, at=_at(week, 3, 10, 30))

    def commitment(
        self, week: Week, carried: dict[str, Any] | None, *, carried_from: str | None, at: str
    ) -> None:
        if carried is not None:
            text, owner, team = carried["text"], carried["owner"], carried["team"]
        else:
            text, owner, team = texts.commitment(self.rng)
        ahead = self.rng.choices([1, 2, 3, 4], [0.78, 0.14, 0.05, 0.03])[0]
        due = week + ahead
        row = {
            "id": _hex(self.rng),
            "text": text,
            "owner": owner,
            "team": team,
            "week_made": week.id,
            "due_week": due.id,
            "status": "open",
            "carried_from": carried_from,
            "created_at": at,
            "updated_at": at,
        }
        q.ensure_week(self.db, due.id, at)  # the due week is a week row too
        q.insert_commitment(self.db, row)
        q.insert_event(
            self.db,
            {
                "id": _hex(self.rng),
                "commitment_id": row["id"],
                "status": "open",
                "week": week.id,
                "by": owner if owner in texts.LEADS else self.rng.choice(texts.LEADS),
                "at": at,
            },
        )
        self.due.setdefault(due.id, []).append(row)

    # -- values and notes -----------------------------------------------------

    def values(self, week: Week, step: int, current: bool) -> None:
        years_before_now = (len(self.weeks) - 1 - step) // 52
        year = step // 52
        entered = 0
        for item in self.tracked:
            spec = item.metric
            if spec.derived:
                continue  # computed from the others, never stored
            # Each metric drifts slowly, so there are good and bad stretches.
            key = spec.key
            self.level[key] = min(1.25, max(0.6, self.level[key] + self.rng.gauss(0.004, 0.03)))
            if year < item.since or self.rng.random() < 0.02:
                continue  # not tracked yet, or forgotten that week
            if current and entered >= len(self.tracked) // 2:
                continue  # the current week is half entered
            entered += 1
            target = _target(spec, years_before_now)
            lead = texts.lead_of(spec.owner, self.rng)
            q.upsert_value(
                self.db,
                {
                    "week": week.id,
                    "metric": key,
                    "value": _value(self.rng, spec, target, self.level[key]),
                    "target": target,
                    "note": texts.value_note(self.rng),
                    "entered_by": lead,
                    "entered_at": _at(week, 3, 9, 30),
                },
            )
        if entered:  # as the app does with a week's first value (scorecard.derived.pin)
            derived = [item.metric for item in self.tracked if item.metric.derived]
            q.pin_targets(
                self.db, week.id, [(m.key, _target(m, years_before_now)) for m in derived]
            )

    def notes(self, week: Week, count: int) -> None:
        for index in range(count):
            kind, author, text = texts.note(self.rng)
            at = _at(week, 3, 10, 40 + min(index, 19))
            q.insert_note(
                self.db,
                {
                    "id": _hex(self.rng),
                    "week": week.id,
                    "kind": kind,
                    "author": author,
                    "text": text,
                    "created_at": at,
                    "updated_at": at,
                },
            )


def config_for(size: Size) -> cfg.Config:
    tracked: list[Tracked] = chosen(size.metrics)
    return cfg.Config(
        title="Globex — Sales & Marketing (ten years)",
        teams={
            "sales": cfg.Team(name="Sales", lead=texts.LEADS[0]),
            "marketing": cfg.Team(name="Marketing", lead=texts.LEADS[1]),
        },
        metrics=[t.metric for t in tracked],
        agreements=DEFAULT_AGREEMENTS,
    )


def build(folder: Path, size: Size = TEN_YEARS, seed: int = SEED, today: date = TODAY) -> Generated:
    """Write scorecard.toml and scorecard.db for ``size`` into ``folder`` (new)."""
    folder.mkdir(parents=True, exist_ok=True)
    config_path = folder / config_file.CONFIG_NAME
    config = config_for(size)
    config_file.write(config, config_path)
    db_path = config_file.database_path(config, config_path)
    database = db.create(db_path)
    try:
        # the metrics table first, as the app's first write fills it: values name its rows
        with db.transaction(database):
            catalog.sync(database, _at(Week.of(today), 3, 8, 50), config=config)
        _History(database, size, seed, Week.of(today)).run()
    finally:
        database.close()
    return Generated(folder, config_path, db_path, size, seed, today)


# -- the cache ---------------------------------------------------------------------


def _fingerprint() -> str:
    """Changes when the generator or the schema does, so the cache never goes stale."""
    digest = hashlib.sha256()
    sources = [Path(__file__), Path(texts.__file__), ROOT / "bench" / "metrics.py"]
    sources += [*sorted((ROOT / "db").glob("*.py")), ROOT / "scorecard" / "catalog.py"]
    for source in sources:
        digest.update(source.read_bytes())
    return digest.hexdigest()[:12]


def cached(size: Size = TEN_YEARS, seed: int = SEED, today: date = TODAY) -> Generated:
    """The workspace for ``size`` and ``seed``, generated once and kept in bench/.cache."""
    key = f"{size.label}-s{seed}-{today:%Y%m%d}-{_fingerprint()}"
    folder = CACHE / key
    if not (folder / "ready").exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix="gen-", dir=CACHE))
        build(scratch / "ws", size, seed, today)
        (scratch / "ws" / "ready").write_text(repr(asdict(size)) + "\n")
        if folder.exists():
            shutil.rmtree(folder)
        (scratch / "ws").rename(folder)
        shutil.rmtree(scratch)
    config_path = folder / config_file.CONFIG_NAME
    return Generated(folder, config_path, folder / "scorecard.db", size, seed, today)


def counts(db_path: Path) -> dict[str, int]:
    """Rows per table, for reports and tests."""
    conn = db.connect(db_path, migrate=False)
    try:
        tables = ["weeks", "metric_values", "commitments", "commitment_events", "notes"]
        return {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables}
    finally:
        conn.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, help="write here instead of the cache")
    parser.add_argument("--quick", action="store_true", help="a small workspace (26 weeks)")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    size = QUICK if args.quick else TEN_YEARS
    made = build(args.folder, size, args.seed) if args.folder else cached(size, args.seed)
    print(made.config_path)
    for table, n in counts(made.db_path).items():
        print(f"  {table:18} {n:>7,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
