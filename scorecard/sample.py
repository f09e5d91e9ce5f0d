"""The built-in sample workspace (``scorecard demo``): 13 weeks of a real-looking sync.

Deterministic: the same current week gives byte-identical data. Values wander
around their targets, commitments end in every state, notes of every kind.
The current week is only half entered, so there is something to do.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

from scorecard import clock, ids
from scorecard.config import Config, Metric
from scorecard.defaults import DEFAULT_AGREEMENTS, default_config
from scorecard.models import Source
from scorecard.weeks import Week, week_range
from scorecard.workspace import Workspace

SEED = 47
HISTORY_WEEKS = 13

SAMPLE_TITLE = "Northwind — Sales & Marketing"

COMMITMENTS = [
    ("Send the webinar attendee list to sales within a day", "Maya Chen", "marketing"),
    ("Call back every demo request from the pricing page", "Sam Rivera", "sales"),
    ("Write two customer stories from Q3 wins", "Maya Chen", "marketing"),
    ("Tag rejected leads with a reason in the CRM", "Sam Rivera", "sales"),
    ("Join three discovery calls to hear objections first-hand", "Maya Chen", "marketing"),
    ("Share the top five lost-deal reasons with marketing", "Sam Rivera", "sales"),
    ("Refresh the nurture sequence for stalled opportunities", "Maya Chen", "marketing"),
    ("Agree the new lead-scoring threshold together", "Sam Rivera", "shared"),
    ("Clean up duplicate contacts before the campaign", "Maya Chen", "marketing"),
    ("Run the follow-up SLA report every Monday", "Sam Rivera", "sales"),
    ("Draft the battle card against the new competitor", "Maya Chen", "marketing"),
    ("Invite marketing to the quarterly pipeline review", "Sam Rivera", "sales"),
]

NOTES = {
    "worked": [
        "The joint webinar brought 40 leads that sales accepted the same day.",
        "Following up within the SLA doubled our connect rate.",
        "Shared pipeline review kept both teams on the same numbers.",
        "Customer story page converts twice as well as the old one.",
    ],
    "didnt": [
        "Trade-show leads sat untouched for a week.",
        "Too many leads were rejected without a reason.",
        "The nurture emails went to customers who had already bought.",
        "We argued about numbers from two different dashboards.",
    ],
    "why": [
        "No owner for the hand-off after events.",
        "The lead definition was not applied at the form.",
        "CRM and marketing tool sync only runs weekly.",
        "We changed the scoring model without telling sales.",
    ],
    "idea": [
        "Add a 'rejected reason' picklist so the data is usable.",
        "Pair each AE with a marketer for one week a quarter.",
        "Route event leads to the SDR team, not the AEs.",
    ],
    "kudos": [
        "Maya's team turned the case study around in two days.",
        "Sam closed the Globex deal that started from our webinar: WE won it.",
        "Priya cleaned 3,000 duplicate contacts before the launch.",
    ],
}

#: How the sample solves each "didn't work" note raised as an issue: (resolution, commitment).
FIXES = {
    "Trade-show leads sat untouched for a week.": (
        "Event leads go to the SDR team, not the AEs",
        "Route event leads to the SDRs within 24 hours",
    ),
    "Too many leads were rejected without a reason.": (
        "A reason is required to reject a lead",
        "Make the rejection reason a required CRM field",
    ),
    "The nurture emails went to customers who had already bought.": (
        "Customers leave the nurture list when a deal closes",
        "Sync closed-won contacts to the email tool daily",
    ),
    "We argued about numbers from two different dashboards.": (
        "The shared scorecard is the one source for the sync",
        "Retire the old pipeline dashboard",
    ),
}

#: Share of past commitments in each final state, in review order.
OUTCOMES = [("done", 0.62), ("missed", 0.14), ("carried", 0.12), ("dropped", 0.12)]


def _moment(week: Week, day: int, hour: int) -> datetime:
    return datetime.combine(week.monday + timedelta(days=day), time(hour), tzinfo=UTC)


def _value(rng: random.Random, target: float, unit: str, step: int, direction: str) -> float:
    drift = 0.85 + 0.25 * step / HISTORY_WEEKS  # teams get better over the quarter
    noise = rng.uniform(-0.12, 0.12)
    factor = drift + noise if direction == "higher" else 2 - (drift + noise)
    raw = target * factor
    if unit == "percent":
        return round(min(raw, 100.0), 1)
    if unit == "currency":
        return float(round(raw, -3))
    return float(round(raw))


def sample_config() -> Config:
    return default_config(
        SAMPLE_TITLE,
        sales_lead="Sam Rivera",
        marketing_lead="Maya Chen",
        agreements=DEFAULT_AGREEMENTS,
    )


def _stage_above(config: Config, spec: Metric) -> Metric | None:
    """The funnel stage just above ``spec`` (None if it is no stage, or the top)."""
    stages = config.funnel
    if spec not in stages:
        return None
    index = stages.index(spec)
    return stages[index - 1] if index else None


def build(folder: Path, *, current: Week | None = None) -> Workspace:
    """Create the sample workspace in ``folder`` (which must not hold one yet)."""
    current = current or Week.current()
    workspace = Workspace.create(sample_config(), folder / "scorecard.toml")
    rng = random.Random(SEED)
    weeks = week_range(current, HISTORY_WEEKS)
    with ids.seeded(SEED, "Maya Chen"):
        for step, week in enumerate(weeks):
            _fill_week(workspace, rng, week, step, is_current=week == current)
        _raise_issues(workspace, weeks)
    return workspace


def _raise_issues(ws: Workspace, weeks: list[Week]) -> None:
    """A few issues of the last weeks: one solved into a commitment (due this
    week, so the sync reviews it), one dropped, two open and ranked."""
    event_week, dashboard_week, rejected_week = weeks[-4], weeks[-3], weeks[-2]
    didnt = [n for n in ws.notes(event_week) if n.kind == "didnt"]
    with clock.frozen(_moment(weeks[-5], 3, 12)):
        noshows = ws.add_issue(
            "Half the webinar sign-ups never show up", owner="Maya Chen", week=weeks[-5]
        )
    note = didnt[0] if didnt else None
    with clock.frozen(_moment(event_week, 3, 12)):
        fixed = ws.add_issue(
            note.text if note else "Trade-show leads sat untouched for a week.",
            source=Source("note", note.id) if note else None,
            owner="Sam Rivera",
            week=event_week,
        )
    resolution, commitment = FIXES[fixed.text]
    with clock.frozen(_moment(dashboard_week, 3, 12)):
        ws.add_issue(
            "Sales and marketing report pipeline from two different dashboards",
            owner="Maya Chen",
            week=dashboard_week,
        )
        ws.drop_issue(
            noshows.id, note="Attendance recovered with reminder emails", week=dashboard_week
        )
    with clock.frozen(_moment(rejected_week, 3, 12)):
        rejected = ws.add_issue(
            "Agree which leads sales may reject, and say why each time",
            source=Source("metric", "lead-rejection"),
            owner="Sam Rivera",
            week=rejected_week,
        )
        ws.rank_issue(rejected.id, 1, week=rejected_week)
        ws.solve_issue(
            fixed.id,
            note=resolution,
            commitments=[(commitment, "Sam Rivera", "shared", weeks[-1])],
            week=rejected_week,
        )


def _fill_week(
    ws: Workspace, rng: random.Random, week: Week, step: int, *, is_current: bool
) -> None:
    # Review last week's commitments first, as the meeting does.
    with clock.frozen(_moment(week, 3, 9)):
        if not is_current:
            for commitment in ws.commitments(week=week, open_only=True):
                if commitment.due_week != week.id:
                    continue
                outcome = rng.choices([o for o, _ in OUTCOMES], weights=[w for _, w in OUTCOMES])[0]
                if outcome == "carried":
                    ws.carry_commitment(commitment.id, week=week, due=week + 1)
                else:
                    ws.set_commitment_status(commitment.id, outcome, week=week)
    with clock.frozen(_moment(week, 3, 10)):
        typed = [m for m in ws.config.metrics if not m.derived]
        metrics = typed[:7] if is_current else typed
        entered: dict[str, float] = {}
        for spec in metrics:
            value = _value(rng, spec.target, spec.unit, step, spec.direction)
            above = _stage_above(ws.config, spec)
            if above is not None and above.key in entered:  # the funnel narrows coherently
                rate = spec.target / above.target * rng.uniform(0.8, 1.2)
                value = float(round(entered[above.key] * rate))
            entered[spec.key] = value
            ws.set_value(
                week,
                spec.key,
                value,
                who=ws.config.teams["marketing" if spec.owner == "marketing" else "sales"].lead,
            )
    with clock.frozen(_moment(week, 3, 11)):
        for text, owner, team in rng.sample(COMMITMENTS, 2 if is_current else rng.randint(2, 3)):
            ws.add_commitment(text, owner, team=team, week=week, due=week + 1)
        kinds = list(NOTES) if step % 3 == 0 else rng.sample(list(NOTES), 3)
        for kind in kinds:
            author = rng.choice(["Maya Chen", "Sam Rivera"])
            ws.add_note(kind, rng.choice(NOTES[kind]), author=author, week=week)
        if not is_current:
            ws.set_rating(week, rng.randint(6, 9))
