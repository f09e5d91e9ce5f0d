"""``scorecard goals``: the quarter's goals with progress, pace and status."""

from __future__ import annotations

import click

from scorecard.cli.base import State, json_option, pass_state


@click.command()
@click.option(
    "--quarter",
    "-q",
    default="this",
    show_default=True,
    help="The quarter: 2026-Q4, or this, last or next.",
)
@json_option("the goals document")
@pass_state
def goals(state: State, quarter: str, as_json: bool) -> None:
    """Show the quarter's goals: progress so far, the pace of a linear path, the status.

    \b
    A week belongs to the quarter of its Thursday. For a count or currency
    metric the progress is the quarter's sum so far; for a percent metric the
    latest value. A past quarter is measured at its last week.

    \b
    Examples:
      scorecard goals
      scorecard goals --quarter last --json | jq '.goals[] | {key, status}'
    """
    from scorecard import goals as g
    from scorecard.quarters import parse_quarter
    from scorecard.weeks import Week

    ws = state.workspace()
    wanted = parse_quarter(quarter)
    as_of = min(Week.current(), wanted.last_week)
    found = ws.config.goals_in(wanted.id)
    progress: tuple[g.GoalProgress, ...] = ()
    if found and as_of >= wanted.first_week:
        values = {
            (v.metric, v.week): v.value
            for v in ws.values_between(wanted.first_week, as_of, computed=True)
        }
        progress = tuple(g.progress(ws.config, goal, as_of, values) for goal in found)
    elif found:  # not started yet: nothing counted
        progress = tuple(g.progress(ws.config, goal, as_of, {}) for goal in found)
    if as_json:
        from scorecard.report.json_export import dumps, goals_document

        click.echo(dumps(goals_document(ws.config, wanted, as_of, progress)), nl=False)
        return
    from scorecard.goals_text import render_goals
    from scorecard.text import terminal as inert

    weeks = wanted.weeks()
    span = f"{weeks[0].monday:%-d %b %Y} – {weeks[-1].sunday:%-d %b %Y}"
    click.echo(f"{inert(ws.config.title)} · goals {wanted} ({span}, {len(weeks)} weeks)")
    if not progress:
        others = sorted({goal.quarter for goal in ws.config.goals})
        hint = f"; goals exist for {', '.join(others)}" if others else ""
        click.echo(f"No goals for {wanted} in scorecard.toml ([[goals]]){hint}.")
        return
    if as_of < wanted.first_week:
        click.echo("Not started yet.")
    else:
        click.echo(f"As of {as_of}, week {weeks.index(as_of) + 1} of {len(weeks)}.")
    click.echo("")
    click.echo("\n".join(render_goals(progress, ws.config, style=_style)))


def _style(text: str, status: object) -> str:
    from scorecard.status import Status

    colour = {Status.ON_TRACK: "green", Status.AT_RISK: "yellow", Status.OFF_TRACK: "red"}
    fg = colour.get(status) if isinstance(status, Status) else None
    return click.style(text, fg=fg) if fg else text
