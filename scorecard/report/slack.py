"""The weekly report (and the range report) as Slack mrkdwn, to paste into a channel.

Slack shows neither tables nor headings: each section is a bold line, each
row a bullet. Deterministic like the Markdown (same data, same bytes).
User text goes through :func:`scorecard.text.slack_inline`: it can neither
format the message nor mention anyone.
"""

from __future__ import annotations

from scorecard.config import AREAS, Config
from scorecard.models import NOTE_KINDS, NOTE_LABELS, TEAMS, Commitment, Note
from scorecard.numbers import format_number
from scorecard.report.data import RangeReport, WeekReport
from scorecard.report.markdown import OUTCOMES, dates
from scorecard.status import Status
from scorecard.text import slack_inline as inline
from scorecard.weeks import Week

BULLET = "•"
NONE = "_none_"


def _team(config: Config, team: str) -> str:
    known = config.teams.get(team)  # type: ignore[call-overload]
    return inline(known.name) if known else team.capitalize()


def _target(direction: str, target: float, unit: str, config: Config) -> str:
    arrow = "≥" if direction == "higher" else "≤"
    return f"{arrow} {format_number(target, unit, config.currency)}"


def _section(title: str, lines: list[str]) -> list[str]:
    return [f"*{title}*", *(lines or [NONE]), ""]


def _commitment(config: Config, c: Commitment, *, outcome: bool, week: Week | None) -> str:
    parts = [f"{BULLET} "]
    if outcome:
        parts.append(f"{OUTCOMES.get(c.status, inline(c.status))}: ")
    parts.append(inline(c.text))
    if c.carried_from:
        parts.append(" _(carried over)_")
    parts.append(f" · {inline(c.owner)} ({_team(config, c.team)})")
    if not outcome:
        overdue = " (overdue)" if week is not None and c.due_week < week.id else ""
        parts.append(f", due {c.due_week}{overdue}")
    parts.append(f" `{c.short_id}`")
    return "".join(parts)


def _notes(notes: list[Note], *, week: bool = False) -> list[str]:
    out: list[str] = []
    for kind in NOTE_KINDS:
        of_kind = [n for n in notes if n.kind == kind]
        if of_kind:
            out.append(f"_{NOTE_LABELS[kind]}_")
            out += [
                f"{BULLET} {f'{n.week}: ' if week else ''}{inline(n.text)} — {inline(n.author)}"
                for n in of_kind
            ]
    return out


def _goals(report: WeekReport, config: Config) -> list[str]:
    """The quarter's goals, a bullet each: progress, pace and status (none: nothing)."""
    goals = report.summary.goals
    if not goals:
        return []
    from scorecard.goals_text import goal_pace_label, goal_progress_label

    p = goals[0]
    return _section(
        f"Goals {p.quarter} · week {p.week_number} of {p.weeks_total}",
        [
            f"{BULLET} {g.status.symbol} {inline(g.goal.name)}: *{goal_progress_label(g, config)}*"
            f" ({goal_pace_label(g, config)}, {g.status.value}) · {_team(config, g.goal.owner)}"
            for g in goals
        ],
    )


def _funnel(report: WeekReport) -> list[str]:
    """The funnel on one line a stage: its value and the conversion to the next."""
    stages = report.summary.funnel
    if not stages:
        return []
    from scorecard.goals_text import conversion_label

    lines = []
    for s in stages:
        value = "—" if s.value is None else format_number(s.value)
        line = f"{BULLET} {inline(s.metric.name)}: *{value}*"
        if s.next is not None:
            median = f", 13-week median {conversion_label(s.median)}"
            line += f" → {conversion_label(s.conversion)} to the next{median}"
            if s.leak:
                line += " ⚠ the leak"
        lines.append(line)
    return _section("Funnel", lines)


def render_week(report: WeekReport, *, footer: str | None = None) -> str:
    config, summary = report.config, report.summary
    info = summary.info
    head = [dates(report.week, report.week), "closed" if info.closed else "open"]
    if info.rating is not None:
        head.append(f"meeting rating {info.rating}/10")
    out = [f"*{inline(config.title)} · Week {report.week}*", " · ".join(head), ""]

    for area in AREAS:
        lines = []
        for line in (ln for ln in report.lines if ln.metric.area == area):
            m = line.metric
            actual = (
                "—" if line.actual is None else format_number(line.actual, m.unit, config.currency)
            )
            status = line.status
            text = (
                f"{BULLET} {status.symbol} {inline(m.name)}: *{actual}* "
                f"(target {_target(m.direction, line.target, m.unit, config)}, "
                f"{status.value if status is not Status.NO_DATA else 'not entered'})"
                f" · {_team(config, m.owner)}"
            )
            if line.value and line.value.note:
                text += f" — _{inline(line.value.note)}_"
            lines.append(text)
        if lines:
            out += _section(f"Scorecard · {area.capitalize()}", lines)

    out += _goals(report, config)
    out += _funnel(report)
    out += _section(
        "Reviewed this week",
        [_commitment(config, c, outcome=True, week=None) for c in report.reviewed],
    )
    out += _section(
        "Still open",
        [_commitment(config, c, outcome=False, week=report.week) for c in report.still_open],
    )
    out += _section(
        "Made this week",
        [_commitment(config, c, outcome=False, week=None) for c in report.made],
    )
    say_do = [
        f"{BULLET} {_team(config, team)}: {ratio.label()}" for team, ratio in summary.say_do.items()
    ]
    out += _section(f"Say/do ({report.week - 12} – {report.week})", say_do)
    out += _section("Retro", _notes(list(summary.notes)))
    if report.agreements:
        out += _section(
            "Agreements in force",
            [f"{BULLET} {inline(a.title)} (agreed {a.agreed})" for a in report.agreements],
        )
    if footer:
        out += [f"_{inline(footer)}_", ""]
    return "\n".join(out).rstrip("\n") + "\n"


def render_range(report: RangeReport, *, footer: str | None = None) -> str:
    config = report.config
    n = len(report.weeks)
    head = [dates(report.first, report.last), f"{n} week{'s' if n != 1 else ''}"]
    if report.average_rating is not None:
        head.append(f"average meeting rating {format_number(round(report.average_rating, 1))}/10")
    out = [f"*{inline(config.title)} · {report.first} to {report.last}*", " · ".join(head), ""]
    for area in AREAS:
        lines = []
        for t in (t for t in report.metrics if t.metric.area == area):
            m = t.metric
            average = (
                format_number(t.average, m.unit, config.currency) if t.average is not None else "—"
            )
            total = (
                f", total {format_number(t.total, m.unit, config.currency)}"
                if t.summable and t.total is not None
                else ""
            )
            lines.append(
                f"{BULLET} {inline(m.name)}: on target {t.hits} of {t.entered} weeks entered "
                f"(of {n}), average {average}{total}"
            )
        if lines:
            out += _section(f"Scorecard · {area.capitalize()}", lines)
    out += _section(
        "Commitments made in these weeks",
        [
            f"{BULLET} {_team(config, t.team)}: {t.made} made, {t.kept} kept, "
            f"{t.outcome.missed} missed, {t.outcome.carried} carried, "
            f"{t.outcome.dropped} dropped, {t.outcome.open} still open · say/do {t.outcome.label()}"
            for t in report.teams
            if t.team in TEAMS
        ],
    )
    out += _section("Retro", _notes(list(report.notes), week=True))
    if footer:
        out += [f"_{inline(footer)}_", ""]
    return "\n".join(out).rstrip("\n") + "\n"
