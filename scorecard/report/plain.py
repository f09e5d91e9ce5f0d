"""The week as plain text for the terminal (``scorecard show``, ``commitment list``).

Every field read from storage or config goes through :func:`scorecard.text.terminal`.
"""

from __future__ import annotations

from scorecard.config import AREAS, Config
from scorecard.labels import late_label, status_label, target_label, value_label
from scorecard.models import (
    NOTE_LABELS,
    Commitment,
    Issue,
    IssueEvent,
    Suggestion,
    WeekSummary,
)
from scorecard.status import sparkline
from scorecard.text import pad, width
from scorecard.text import terminal as t


def commitment_line(c: Commitment, weeks_late: int = 0) -> str:
    carried = f"  (carried from {t(c.carried_from[:7])})" if c.carried_from else ""
    late = f" ({late_label(weeks_late)})" if weeks_late > 0 else ""
    return (
        f"{t(c.short_id)}  {pad('[' + t(c.status) + ']', 10)} {t(c.text)}"
        f"  — {t(c.owner)} ({t(c.team)}), due {t(c.due_week)}{late}{carried}"
    )


def render_summary(summary: WeekSummary, config: Config) -> str:
    out: list[str] = []
    info = summary.info
    state = "  [closed]" if info.closed else ""
    out.append(f"{t(config.title)} · {summary.week.label()}{state}")
    out.append("")
    name_w = max(width(t(line.metric.name)) for line in summary.lines)
    for area in AREAS:
        lines = [line for line in summary.lines if line.metric.area == area]
        if not lines:
            continue
        out.append(area.upper())
        for line in lines:
            out.append(
                "  "
                + pad(t(line.metric.name), name_w)
                + "  "
                + pad(t(line.metric.owner), 11)
                + pad("target " + target_label(line.metric, line.target, config), 20)
                + pad(value_label(line.actual, line.metric, config), 12)
                + pad(status_label(line.status), 12)
                + sparkline(line.trend)
            )
        out.append("")
    from scorecard.goals_text import render_funnel, render_goals  # they use this module

    if summary.goals:
        p = summary.goals[0]
        out.append(f"GOALS {p.quarter} (week {p.week_number} of {p.weeks_total})")
        out += render_goals(summary.goals, config)
        out.append("")
    if summary.funnel:
        out.append("FUNNEL")
        out += render_funnel(summary.funnel, config)
        out.append("")
    out.append("COMMITMENTS TO REVIEW (due this week, or overdue)")
    out += [f"  {commitment_line(c, summary.weeks_late(c))}" for c in summary.review] or ["  none"]
    out.append("")
    out.append("COMMITMENTS MADE THIS WEEK")
    out += [f"  {commitment_line(c)}" for c in summary.made] or ["  none"]
    out.append("")
    say_do = " · ".join(
        f"{t(team)} {ratio.label()}" for team, ratio in summary.say_do.items() if ratio.judged
    )
    out.append(f"SAY/DO (13 weeks): {say_do or 'no commitments reviewed yet'}")
    owners = " · ".join(
        f"{t(owner)} {ratio.label()}"
        for owner, ratio in summary.say_do_owners.items()
        if ratio.judged
    )
    if owners:
        out.append(f"SAY/DO BY OWNER: {owners}")
    out.append("")
    out.append("RETRO")
    if not summary.notes:
        out.append("  no notes")
    for kind, label in NOTE_LABELS.items():
        notes = summary.notes_of(kind)
        if notes:
            out.append(f"  {label}")
            out += [f"    - {t(n.text)} ({t(n.author)}, {t(n.short_id)})" for n in notes]
    if info.rating is not None:
        out.append("")
        out.append(f"MEETING RATING: {info.rating}/10")
    return "\n".join(out) + "\n"


def issue_line(issue: Issue, position: int | None = None) -> str:
    """``1.  3f2a9c1  [open]     Text — owner, raised 2026-W47 (from metric mqls)``."""
    place = f"{position}." if position is not None else "  "
    state = issue.status if issue.is_open else f"{issue.status} {issue.settled_in}"
    owner = t(issue.owner) if issue.owner else "no owner"
    source = f" (from {t(issue.source.label())})" if issue.source else ""
    into = ""
    if issue.solved_into:
        into = " → " + ", ".join(t(c[:7]) for c in issue.solved_into)
    return (
        f"{pad(place, 4)}{t(issue.short_id)}  {pad('[' + t(state) + ']', 10)} {t(issue.text)}"
        f"  — {owner}, raised {t(issue.raised_in)}{source}{into}"
    )


def suggestion_line(s: Suggestion) -> str:
    return f"{pad(t(s.source.label()), 20)} {t(s.text)}  — {t(s.reason)}"


def issue_event_line(event: IssueEvent, text: str) -> str:
    detail = f"  ({t(event.detail)})" if event.detail else ""
    return (
        f"{t(event.at)}  {t(event.issue_id[:7])}  {t(event.action):<8}  {t(event.week)}  "
        f"{t(event.by or '-')}  {t(text)[:60]}{detail}"
    )
