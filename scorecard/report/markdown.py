"""The weekly report (and the range report) as GitHub-flavoured Markdown.

Deterministic: the same data gives the same bytes (no clock, no locale).
Every field from storage or config goes through :mod:`scorecard.text`'s Markdown
sink wherever it lands (week ids, statuses and teams too: a row may have been
written by another tool).
"""

from __future__ import annotations

from scorecard import text
from scorecard.config import AREAS, Config
from scorecard.labels import OUTCOMES, late_label, status_label, target_label, value_label
from scorecard.models import (
    NOTE_KINDS,
    NOTE_LABELS,
    TEAMS,
    Commitment,
    Issue,
    MetricLine,
    Note,
    weeks_late,
)
from scorecard.numbers import format_change, format_number
from scorecard.read.issues import RangeIssues, WeekIssues
from scorecard.report import goals_md
from scorecard.report import mdtext as md
from scorecard.report.data import (
    MAX_TREND_WEEKS,
    MetricTotals,
    RangeReport,
    WeekReport,
)
from scorecard.status import SayDo, sparkline
from scorecard.weeks import Week

NONE = "_None._"


def dates(first: Week, last: Week) -> str:
    """``16 Nov – 22 Nov 2026`` (years shown only where needed)."""
    mon, sun = first.monday, last.sunday
    start = f"{mon.day} {mon:%b}" + ("" if mon.year == sun.year else f" {mon.year}")
    return f"{start} – {sun.day} {sun:%b} {sun.year}"


def _spark(series: tuple[float | None, ...]) -> str:
    # A missing week is a dot: table cells lose their edge spaces.
    return sparkline(series).replace(" ", "·")


def _change(line: MetricLine, config: Config) -> str:
    return format_change(line.change, line.metric.unit, config.currency)


def _note_line(note: Note, *, week: bool = False) -> str:
    prefix = f"{text.md_inline(note.week)}: " if week else ""
    return f"- {prefix}{text.md_block(note.text)} — {text.md_inline(note.author)}"


def _notes(notes: list[Note], *, week: bool = False) -> list[str]:
    out: list[str] = []
    for kind in NOTE_KINDS:
        of_kind = [n for n in notes if n.kind == kind]
        if of_kind:
            out += [f"### {NOTE_LABELS[kind]}", ""]
            out += [_note_line(n, week=week) for n in of_kind]
            out.append("")
    return out or [NONE, ""]


def _commitment_text(c: Commitment) -> str:
    shown = text.md_cell(c.text)
    return f"{shown} _(carried over)_" if c.carried_from else shown


def _commitments(
    config: Config,
    items: tuple[Commitment, ...],
    columns: tuple[str, ...],
    week: Week | None = None,
) -> list[str]:
    """A table of commitments; with ``week``, those due before it say how late they are."""
    if not items:
        return [NONE, ""]
    cells = {
        "Commitment": _commitment_text,
        "Owner": lambda c: text.md_cell(c.owner),
        "Team": lambda c: md.team_name(config, c.team),
        "Made": lambda c: text.md_cell(c.week_made),
        "Due": lambda c: _due(c, week),
        "Outcome": lambda c: OUTCOMES.get(c.status, text.md_cell(c.status)),
        "ID": lambda c: text.md_code(c.short_id),
    }
    rows = [[cells[col](c) for col in columns] for c in items]
    return [*md.table(columns, rows, "l" * len(columns)), ""]


def _issue_from(issue: Issue) -> str:
    return (
        f"{text.md_cell(issue.source.kind)} {text.md_code(issue.source.ref)}"
        if issue.source
        else "—"
    )


def _week_issues(issues: WeekIssues) -> list[str]:
    out = ["## Issues", "", "### Issues solved this week", ""]
    if issues.solved:
        rows = [
            [
                text.md_cell(i.text),
                text.md_cell(i.owner or "—"),
                text.md_cell(i.resolution or "—"),
                ", ".join(text.md_code(c[:7]) for c in i.solved_into) or "—",
                text.md_code(i.short_id),
            ]
            for i in issues.solved
        ]
        out += [*md.table(("Issue", "Owner", "Resolution", "Commitments", "ID"), rows, "lllll")]
        out.append("")
    else:
        out += [NONE, ""]
    if issues.dropped:
        out += ["### Dropped this week", ""]
        rows = [
            [text.md_cell(i.text), text.md_cell(i.resolution or "—"), text.md_code(i.short_id)]
            for i in issues.dropped
        ]
        out += [*md.table(("Issue", "Why", "ID"), rows, "lll"), ""]
    out += ["### Open issues (ranked)", ""]
    if issues.open:
        rows = [
            [
                str(n),
                text.md_cell(i.text),
                text.md_cell(i.owner or "—"),
                text.md_cell(i.raised_in),
                _issue_from(i),
                text.md_code(i.short_id),
            ]
            for n, i in enumerate(issues.open, start=1)
        ]
        headers = ("#", "Issue", "Owner", "Raised", "From", "ID")
        out += [*md.table(headers, rows, "rlllll"), ""]
    else:
        out += [NONE, ""]
    return out


def _range_issues(issues: RangeIssues) -> list[str]:
    median = issues.median_weeks_open
    shown = "—" if median is None else format_number(median)
    row = [str(issues.raised), str(issues.solved), str(issues.dropped), str(issues.open_at_end)]
    headers = ("Raised", "Solved", "Dropped", "Open at the end", "Median weeks open")
    return [
        "## Issues",
        "",
        *md.table(headers, [[*row, shown]], "rrrrr"),
        "",
        "Median weeks open: from the week an issue was raised to the week it was solved, "
        "over the issues solved in these weeks.",
        "",
    ]


def _due(c: Commitment, week: Week | None) -> str:
    late = late_label(weeks_late(c, week)) if week else ""
    due = text.md_cell(c.due_week)
    return f"{due} ({late})" if late else due


def _say_do_rows(
    config: Config, ratios: dict[str, SayDo], *, owners: bool = False
) -> list[list[str]]:
    return [
        [
            text.md_cell(team) if owners else md.team_name(config, team),
            ratio.label(),
            str(ratio.done),
            str(ratio.missed),
            str(ratio.carried),
            str(ratio.dropped),
        ]
        for team, ratio in ratios.items()
    ]


def _footer(footer: str | None) -> list[str]:
    return ["---", "", f"_{footer}_", ""] if footer else []


def render_week(report: WeekReport, *, footer: str | None = None) -> str:
    config, summary = report.config, report.summary
    info = summary.info
    head = [dates(report.week, report.week), "closed" if info.closed else "open"]
    if info.rating is not None:
        head.append(f"meeting rating {info.rating}/10")
    out = [f"# {text.md_inline(config.title)} · Week {report.week}", "", " · ".join(head), ""]

    out += ["## Scorecard", ""]
    value_notes: list[str] = []
    for area in AREAS:
        lines = [line for line in report.lines if line.metric.area == area]
        if not lines:
            continue
        rows = []
        for line in lines:
            m = line.metric
            actual = value_label(line.actual, m, config)
            rows.append(
                [
                    text.md_cell(m.name),
                    md.team_name(config, m.owner),
                    target_label(m, line.target, config),
                    actual,
                    status_label(line.status),
                    _change(line, config),
                    _spark(line.trend),
                ]
            )
            if line.value and line.value.note:
                value_notes.append(f"- {text.md_inline(m.name)}: {text.md_block(line.value.note)}")
        headers = ("Metric", "Owner", "Target", "Actual", "Status", "vs last week", "13 weeks")
        out += [f"### {area.capitalize()}", "", *md.table(headers, rows, "llrrlrl"), ""]
    if value_notes:
        out += ["Notes on this week's numbers:", "", *value_notes, ""]
    derived = [m for m in config.metrics if m.derived]
    if derived:
        out += [
            "Computed, not typed: "
            # A formula that parsed holds only keys, numbers, operators, parentheses
            # and spaces (scorecard.formula): safe in a code span as it is.
            + "; ".join(f"{text.md_inline(m.name)} = `{m.formula.strip()}`" for m in derived)
            + ".",
            "",
        ]
    out += goals_md.goals(summary.goals, config)
    out += goals_md.funnel(summary.funnel)

    out += ["## Commitments", "", "### Reviewed this week", ""]
    reviewed = ("Commitment", "Owner", "Team", "Due", "Outcome", "ID")
    out += _commitments(config, report.reviewed, reviewed, report.week)
    out += ["### Still open", ""]
    columns = ("Commitment", "Owner", "Team", "Due", "ID")
    out += _commitments(config, report.still_open, columns, report.week)
    out += ["### Made this week", ""]
    out += _commitments(config, report.made, ("Commitment", "Owner", "Team", "Due", "ID"))

    first = report.week - 12
    out += [f"## Say/do ratio ({first} – {report.week}, by due week)", ""]
    sd_headers = ("Team", "Say/do", "Done", "Missed", "Carried", "Dropped")
    out += [*md.table(sd_headers, _say_do_rows(config, summary.say_do), "lrrrrr"), ""]
    if summary.say_do_owners:
        owner_headers = ("Owner", *sd_headers[1:])
        rows = _say_do_rows(config, summary.say_do_owners, owners=True)
        out += [*md.table(owner_headers, rows, "lrrrrr"), ""]
    out += ["Say/do = done ÷ (done + missed + carried); dropped ones are left out.", ""]

    out += ["## Retro", "", *_notes(list(summary.notes))]

    if report.issues is not None:
        out += _week_issues(report.issues)

    out += ["## Agreements in force", ""]
    if report.agreements:
        out += [
            f"- **{text.md_inline(a.title)}** (agreed {a.agreed}): " + text.md_block(a.text)
            for a in report.agreements
        ]
        out.append("")
    else:
        out += [NONE, ""]
    out += _footer(footer)
    return "\n".join(out).rstrip("\n") + "\n"


def _range_row(t: MetricTotals, config: Config, weeks: int, trend: bool) -> list[str]:
    m = t.metric
    targets = [target_label(m, x, config) for x in t.targets]
    total = value_label(t.total, m, config)
    average = value_label(t.average, m, config)
    hit = f"{t.hits}/{t.entered} ({round(t.hit_rate * 100)}%)" if t.hit_rate is not None else "—"
    row = [
        text.md_cell(m.name),
        md.team_name(config, m.owner),
        " → ".join(targets),
        f"{t.entered}/{weeks}",
        total if t.summable else "—",
        average,
        hit,
    ]
    return [*row, _spark(t.series)] if trend else row


def render_range(report: RangeReport, *, footer: str | None = None) -> str:
    config = report.config
    n = len(report.weeks)
    head = [dates(report.first, report.last), f"{n} week{'s' if n != 1 else ''}"]
    if report.average_rating is not None:
        head.append(f"average meeting rating {format_number(round(report.average_rating, 1))}/10")
    title = f"# {text.md_inline(config.title)} · {report.first} to {report.last}"
    out = [title, "", " · ".join(head), ""]

    out += ["## Scorecard", ""]
    trend = n <= MAX_TREND_WEEKS
    headers = ["Metric", "Owner", "Target", "Weeks entered", "Total", "Average", "On target"]
    if trend:
        headers.append("Trend")
    for area in AREAS:
        totals = [t for t in report.metrics if t.metric.area == area]
        if totals:
            rows = [_range_row(t, config, n, trend) for t in totals]
            align = "llrrrrr" + ("l" if trend else "")
            out += [f"### {area.capitalize()}", "", *md.table(headers, rows, align), ""]
    out += [
        "Total is the sum over the weeks entered (not for percentages); on target counts "
        "the weeks on track against the target in force that week.",
        "",
    ]

    out += goals_md.range_grids(report)

    out += ["## Commitments made in these weeks", ""]
    rows = [
        [
            md.team_name(config, t.team),
            str(t.made),
            str(t.kept),
            str(t.outcome.missed),
            str(t.outcome.carried),
            str(t.outcome.dropped),
            str(t.outcome.open),
            t.outcome.label(),
        ]
        for t in report.teams
        if t.team in TEAMS
    ]
    headers = ["Team", "Made", "Kept", "Missed", "Carried", "Dropped", "Still open", "Say/do"]
    out += [*md.table(headers, rows, "lrrrrrrr"), ""]
    if report.owners:
        rows = [
            [
                text.md_cell(t.owner),
                str(t.made),
                str(t.kept),
                str(t.outcome.missed),
                str(t.outcome.carried),
                str(t.outcome.dropped),
                str(t.outcome.open),
                t.outcome.label(),
            ]
            for t in report.owners
        ]
        out += [*md.table(["Owner", *headers[1:]], rows, "lrrrrrrr"), ""]

    if report.issues is not None:
        out += _range_issues(report.issues)

    out += ["## Retro", "", *_notes(list(report.notes), week=True)]
    out += _footer(footer)
    return "\n".join(out).rstrip("\n") + "\n"
