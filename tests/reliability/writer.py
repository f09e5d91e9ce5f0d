"""A process that writes to a workspace in a loop, for the crash and concurrency tests.

    python tests/reliability/writer.py CONFIG START COUNT SEED [OPS [METRICS]]

Runs COUNT operations (0: forever) numbered from START through the Workspace
service. Before each one it prints ``try SEQ OP ...`` and after it commits
``done SEQ OP ...``, both flushed, so a test that kills this process knows
which writes were reported done and which one was in flight. OPS is a
comma-separated subset of value, commit, status, carry, note, edit (default:
all); METRICS the metric keys it sets (default: four). Values are the sequence
number itself, so the newest write to a (week, metric) is the largest number.
"""

from __future__ import annotations

import random
import sys

from scorecard.errors import InvalidInput
from scorecard.weeks import Week, parse_week
from scorecard.workspace import Workspace

WEEKS = [parse_week(f"2026-W{n}") for n in range(40, 48)]
METRICS = ["mqls", "pipeline", "sla-followup", "retention"]
OPS = ("value", "commit", "status", "carry", "note", "edit")
OWNERS = ("Sam Rivera", "Maya Chen")


def say(*parts: object) -> None:
    sys.stdout.write(" ".join(str(p) for p in parts) + "\n")
    sys.stdout.flush()


def step(ws: Workspace, seq: int, op: str, rng: random.Random, metrics: list[str]) -> None:
    week = rng.choice(WEEKS)
    if op == "value":
        metric = rng.choice(metrics)
        say("try", seq, op, week, metric)
        ws.set_value(week, metric, seq, note=f"n{seq}")
        say("done", seq, op, week, metric)
    elif op == "commit":
        say("try", seq, op)
        made = ws.add_commitment(f"c{seq}", rng.choice(OWNERS), week=week, due=week + 1)
        say("done", seq, op, made.id)
    elif op in ("status", "carry"):
        open_ = ws.commitments(open_only=True)
        if not open_:
            return
        target = rng.choice(open_)
        if op == "status":
            status = rng.choice(("done", "missed", "dropped"))
            say("try", seq, op, target.id, status)
            ws.set_commitment_status(target.id, status, week=Week.current())
            say("done", seq, op, target.id, status)
        else:
            say("try", seq, op, target.id)
            new = ws.carry_commitment(target.id, week=Week.current())
            say("done", seq, op, target.id, new.id)
    elif op == "note":
        say("try", seq, op)
        note = ws.add_note("idea", f"n{seq} " + "x" * rng.randrange(0, 4000), week=week)
        say("done", seq, op, note.id)
    elif op == "edit":
        notes = ws.notes(week)
        if not notes:
            return
        target = rng.choice(notes)
        say("try", seq, op, target.id)
        ws.edit_note(target.id, text=f"e{seq}")
        say("done", seq, op, target.id)


def main(argv: list[str]) -> int:
    config, start, count, seed = argv[0], int(argv[1]), int(argv[2]), int(argv[3])
    ops = argv[4].split(",") if len(argv) > 4 else list(OPS)
    metrics = argv[5].split(",") if len(argv) > 5 else METRICS
    rng = random.Random(seed)
    with Workspace.open(config) as ws:
        say("ready")
        seq = start
        while count == 0 or seq < start + count:
            try:
                step(ws, seq, rng.choice(ops), rng, metrics)
            except InvalidInput as exc:  # another writer got there first
                say("skip", seq, str(exc).replace("\n", " "))
            seq += 1
    say("finished", seq)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
