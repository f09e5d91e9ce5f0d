"""The report as one JSON document: what the Markdown shows, plus the raw values.

Keys come in a fixed order (built in code, not sorted), numbers are raw
floats, display strings sit beside them. ``scorecard import`` reads the
``values`` of these documents back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scorecard.config import Agreement, Config, Metric
from scorecard.funnel import Stage
from scorecard.goals import GoalProgress
from scorecard.grid import Grid
from scorecard.models import (
    NOTE_LABELS,
    Commitment,
    Issue,
    MetricValue,
    Note,
    Suggestion,
    weeks_late,
)
from scorecard.numbers import format_number
from scorecard.read.issues import RangeIssues, WeekIssues
from scorecard.report.data import MetricTotals, RangeReport, WeekReport
from scorecard.status import SayDo, sparkline
from scorecard.text import json_dumps
from scorecard.weeks import Week

if TYPE_CHECKING:
    from scorecard.quarters import Quarter

FORMAT = "scorecard-report"
VERSION = 1


def dumps(document: dict[str, Any]) -> str:
    """The document as JSON text, safe to ``cat`` (:func:`scorecard.text.json_dumps`)."""
    return json_dumps(document)


def _workspace(config: Config) -> dict[str, Any]:
    return {"title": config.title, "currency": config.currency}


def metric_record(m: Metric) -> dict[str, Any]:
    return {
        "key": m.key,
        "name": m.name,
        "area": m.area,
        "owner": m.owner,
        "unit": m.unit,
        "direction": m.direction,
        "tolerance": m.tolerance,
        "formula": m.formula or None,
        "stage": m.stage,
    }


def _value(v: MetricValue) -> dict[str, Any]:
    return {
        "week": v.week,
        "metric": v.metric,
        "value": v.value,
        "target": v.target,
        "note": v.note,
        "entered_by": v.entered_by,
        "entered_at": v.entered_at,
    }


def commitment_record(c: Commitment, week: Week | None = None) -> dict[str, Any]:
    """A commitment as JSON; with ``week``, also how many weeks late it is then."""
    late = {} if week is None else {"weeks_late": weeks_late(c, week)}
    return {
        "id": c.id,
        "text": c.text,
        "owner": c.owner,
        "team": c.team,
        "week_made": c.week_made,
        "due_week": c.due_week,
        "status": c.status,
        "carried_from": c.carried_from,
        "created_at": c.created_at,
        "updated_at": c.updated_at,
        **late,
    }


def note_record(n: Note) -> dict[str, Any]:
    return {
        "id": n.id,
        "week": n.week,
        "kind": n.kind,
        "kind_label": NOTE_LABELS.get(n.kind, n.kind),
        "author": n.author,
        "text": n.text,
        "created_at": n.created_at,
        "updated_at": n.updated_at,
    }


def _say_do(s: SayDo) -> dict[str, Any]:
    return {
        "ratio": s.ratio,
        "label": s.label(),
        "done": s.done,
        "missed": s.missed,
        "carried": s.carried,
        "dropped": s.dropped,
        "open": s.open,
    }


def _agreement(a: Agreement) -> dict[str, Any]:
    agreed = a.agreed.isoformat() if a.agreed is not None else None
    return {"key": a.key, "title": a.title, "text": a.text, "agreed": agreed}


def _week(week: Week) -> dict[str, Any]:
    return {
        "id": week.id,
        "monday": week.monday.isoformat(),
        "sunday": week.sunday.isoformat(),
        "label": week.label(),
    }


def goal(p: GoalProgress, config: Config) -> dict[str, Any]:
    unit, cur = p.metric.unit, config.currency
    return {
        "key": p.goal.key,
        "name": p.goal.name,
        "metric": p.goal.metric,
        "owner": p.goal.owner,
        "quarter": p.quarter.id,
        "target": p.goal.target,
        "measure": "sum" if p.summed else "latest",
        "as_of": p.as_of.id,
        "weeks_elapsed": p.weeks_elapsed,
        "weeks_total": p.weeks_total,
        "progress": p.progress,
        "share": p.share,
        "pace": p.pace,
        "projection": p.projection,
        "status": p.status.value,
        "status_symbol": p.status.symbol,
        "display": {
            "target": format_number(p.goal.target, unit, cur),
            "progress": None if p.progress is None else format_number(p.progress, unit, cur),
            "pace": format_number(round(p.pace) if p.summed else p.pace, unit, cur),
        },
    }


def stage(s: Stage) -> dict[str, Any]:
    return {
        "stage": s.metric.stage,
        "metric": s.metric.key,
        "name": s.metric.name,
        "value": s.value,
        "next": s.next.key if s.next else None,
        "conversion": s.conversion,
        "median_13_weeks": s.median,
        "leak": s.leak,
    }


def goals_document(
    config: Config, quarter: Quarter, as_of: Week, progress: tuple[GoalProgress, ...]
) -> dict[str, Any]:
    """``scorecard goals --json``."""
    weeks = quarter.weeks()
    return {
        "format": FORMAT,
        "version": VERSION,
        "kind": "goals",
        "workspace": _workspace(config),
        "quarter": {
            "id": quarter.id,
            "first_week": weeks[0].id,
            "last_week": weeks[-1].id,
            "weeks": len(weeks),
        },
        "as_of": as_of.id,
        "goals": [goal(p, config) for p in progress],
    }


def grid(g: Grid) -> dict[str, Any]:
    return {
        "weeks": [w.id for w in g.weeks],
        "rows": [
            {
                "metric": row.metric.key,
                "name": row.metric.name,
                "cells": [
                    None
                    if c is None
                    else {"value": c.value, "target": c.target, "status": c.status.value}
                    for c in row.cells
                ],
                "summary": row.summary,
                "summary_kind": "total" if row.summed else "average",
            }
            for row in g.rows
        ],
    }


def grid_document(config: Config, g: Grid) -> dict[str, Any]:
    """``scorecard show --grid --json``."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "kind": "grid",
        "workspace": _workspace(config),
        **grid(g),
    }


def week_document(report: WeekReport, *, footer: str | None = None) -> dict[str, Any]:
    config, summary = report.config, report.summary
    info = summary.info
    metrics = []
    for line in report.lines:
        m = line.metric
        metrics.append(
            {
                **metric_record(m),
                "target": line.target,
                "actual": line.actual,
                "status": line.status.value,
                "status_symbol": line.status.symbol,
                "previous": line.previous,
                "change": line.change,
                "trend": list(line.trend),
                "sparkline": sparkline(line.trend),
                "note": line.value.note if line.value else None,
                "display": {
                    "target": format_number(line.target, m.unit, config.currency),
                    "actual": None
                    if line.actual is None
                    else format_number(line.actual, m.unit, config.currency),
                },
            }
        )
    values = [
        _value(line.value)
        for line in report.lines
        if line.value is not None and not line.metric.derived
    ]
    return {
        "format": FORMAT,
        "version": VERSION,
        "kind": "week",
        "workspace": _workspace(config),
        "week": {
            **_week(report.week),
            "closed": info.closed,
            "closed_at": info.closed_at,
            "rating": info.rating,
        },
        "metrics": metrics,
        "commitments": {
            "reviewed": [commitment_record(c, report.week) for c in report.reviewed],
            "still_open": [commitment_record(c, report.week) for c in report.still_open],
            "made": [commitment_record(c, report.week) for c in report.made],
        },
        "say_do": {
            "first_week": (report.week - 12).id,
            "last_week": report.week.id,
            "teams": {team: _say_do(s) for team, s in summary.say_do.items()},
            "owners": {owner: _say_do(s) for owner, s in summary.say_do_owners.items()},
        },
        "notes": [note_record(n) for n in summary.notes],
        "issues": None if report.issues is None else _week_issues(report.issues),
        "agreements": [_agreement(a) for a in report.agreements],
        "funnel": [stage(s) for s in summary.funnel],
        "goals": [goal(p, config) for p in summary.goals],
        "values": values,
        "footer": footer,
    }


def _week_issues(issues: WeekIssues) -> dict[str, Any]:
    return {
        "solved": [issue_json(i) for i in issues.solved],
        "dropped": [issue_json(i) for i in issues.dropped],
        "open": [issue_json(i, n) for n, i in enumerate(issues.open, start=1)],
    }


def _range_issues(issues: RangeIssues) -> dict[str, Any]:
    return {
        "raised": issues.raised,
        "solved": issues.solved,
        "dropped": issues.dropped,
        "open_at_end": issues.open_at_end,
        "median_weeks_open": issues.median_weeks_open,
    }


def _totals(t: MetricTotals, weeks: list[Week]) -> dict[str, Any]:
    return {
        **metric_record(t.metric),
        "targets": list(t.targets),
        "weeks_entered": t.entered,
        "total": t.total if t.summable else None,
        "average": t.average,
        "weeks_on_target": t.hits,
        "hit_rate": t.hit_rate,
        "series": [{"week": w.id, "value": v} for w, v in zip(weeks, t.series, strict=True)],
        "sparkline": sparkline(t.series),
    }


def range_document(report: RangeReport, *, footer: str | None = None) -> dict[str, Any]:
    weeks = list(report.weeks)
    return {
        "format": FORMAT,
        "version": VERSION,
        "kind": "range",
        "workspace": _workspace(report.config),
        "range": {
            "first": _week(report.first),
            "last": _week(report.last),
            "weeks": len(weeks),
            "ratings": dict(report.ratings),
            "average_rating": report.average_rating,
        },
        "metrics": [_totals(t, weeks) for t in report.metrics],
        "grid": grid(report.grid),
        "teams": {
            t.team: {"made": t.made, "kept": t.kept, **_say_do(t.outcome)} for t in report.teams
        },
        "owners": {
            t.owner: {"made": t.made, "kept": t.kept, **_say_do(t.outcome)} for t in report.owners
        },
        "commitments": [commitment_record(c) for c in report.commitments],
        "issues": None if report.issues is None else _range_issues(report.issues),
        "notes": [note_record(n) for n in report.notes],
        "values": [_value(v) for v in report.values],
        "footer": footer,
    }


def issue_json(issue: Issue, position: int | None = None) -> dict[str, Any]:
    return {
        "id": issue.id,
        "position": position,
        "text": issue.text,
        "status": issue.status,
        "owner": issue.owner,
        "raised_by": issue.raised_by,
        "raised_in": issue.raised_in,
        "from": (
            {"kind": issue.source.kind, "id": issue.source.id} if issue.source is not None else None
        ),
        "settled_in": issue.settled_in,
        "resolution": issue.resolution,
        "solved_into": list(issue.solved_into),
    }


def suggestion_json(s: Suggestion) -> dict[str, Any]:
    return {
        "from": {"kind": s.source.kind, "id": s.source.id},
        "ref": s.source.ref,
        "text": s.text,
        "reason": s.reason,
        "owner": s.owner,
    }
