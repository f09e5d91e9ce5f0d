"""Years of realistic history, written fast: one transaction per year, straight
through ``db.queries`` (no per-row service calls).

Each week has every metric's value with a note, three commitments (all but
the last few weeks' reviewed, some carried over) with their status events,
and four retro notes of a few hundred characters.
"""

from __future__ import annotations

import random
from pathlib import Path

import db
from db import queries as q
from scorecard.defaults import default_config
from scorecard.weeks import Week, parse_week
from scorecard.workspace import Workspace

LAST = parse_week("2026-W47")
KINDS = ("worked", "didnt", "why", "idea", "kudos")


def build(folder: Path, years: int, *, seed: int = 1) -> Path:
    """A workspace in ``folder`` with ``years`` of history ending 2026-W47; its toml."""
    config_path = folder / "scorecard.toml"
    Workspace.create(default_config("History"), config_path).close()
    database = db.connect(folder / "scorecard.db")
    rng = random.Random(seed)
    config = default_config("History")
    weeks = [LAST - n for n in range(years * 52 - 1, -1, -1)]
    n = 0
    for start in range(0, len(weeks), 52):
        with db.transaction(database):
            for week in weeks[start : start + 52]:
                n = _week(database, config, week, rng, n)
    database.close()
    return config_path


def _week(database, config, week: Week, rng: random.Random, n: int) -> int:
    now = f"{week.monday.isoformat()}T09:00:00Z"
    q.ensure_week(database, week.id, now)
    for metric in config.metrics:
        if metric.derived:
            continue  # computed from the others, never stored
        q.upsert_value(
            database,
            {
                "week": week.id,
                "metric": metric.key,
                "value": round(metric.target * rng.uniform(0.6, 1.3), 2),
                "target": metric.target,
                "note": f"note {n} on {metric.key}: " + "context " * rng.randrange(0, 20),
                "entered_by": "Sam Rivera",
                "entered_at": now,
            },
        )
    reviewed = LAST.weeks_until(week) < -2
    for i in range(3):
        n += 1
        cid = f"{n:032x}"
        status = rng.choice(("done", "done", "missed", "dropped")) if reviewed else "open"
        q.ensure_week(database, (week + 1).id, now)  # the due week is a week row too
        q.insert_commitment(
            database,
            {
                "id": cid,
                "text": f"commitment {n}: " + "follow up " * rng.randrange(1, 12),
                "owner": ("Sam Rivera", "Maya Chen")[i % 2],
                "team": ("sales", "marketing")[i % 2],
                "week_made": week.id,
                "due_week": (week + 1).id,
                "status": status,
                "carried_from": None,
                "created_at": now,
                "updated_at": now,
            },
        )
        for step, what in enumerate(("open", status) if status != "open" else ("open",)):
            q.insert_event(
                database,
                {
                    "id": f"{n:030x}{step:02x}",
                    "commitment_id": cid,
                    "status": what,
                    "week": week.id,
                    "by": "Maya Chen",
                    "at": now,
                },
            )
    for i in range(4):
        n += 1
        q.insert_note(
            database,
            {
                "id": f"{n:032x}",
                "week": week.id,
                "kind": KINDS[(n + i) % len(KINDS)],
                "author": "Maya Chen",
                "text": f"retro {n}: " + "what we learned " * rng.randrange(5, 30),
                "created_at": now,
                "updated_at": now,
            },
        )
    return n
