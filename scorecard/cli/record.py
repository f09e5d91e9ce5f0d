"""Recording a week from the shell: ``set``, ``note add``, ``show``."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from scorecard.cli.base import State, pass_state, resolve_week, week_option
from scorecard.weeks import Week

if TYPE_CHECKING:
    from scorecard.workspace import Workspace


@click.command("set")
@click.argument("metric")
@click.argument("value")
@week_option()
@click.option("--note", default=None, help="A short note on this value.")
@pass_state
def set_value(state: State, metric: str, value: str, week: Week | None, note: str | None) -> None:
    """Record VALUE for METRIC this week (or --week). Use -- before a negative VALUE."""
    from scorecard.numbers import format_number, parse_number
    from scorecard.report.plain import target_label
    from scorecard.status import evaluate

    ws = state.workspace()
    spec = ws.metric(metric)
    number = parse_number(value)
    week = resolve_week(week)
    saved = ws.set_value(week, spec.key, number, note=note)
    target = saved.target if saved.target is not None else spec.target
    status = evaluate(saved.value, target, spec.direction, spec.tolerance)
    click.echo(
        f"{spec.key} {week} = {format_number(saved.value, spec.unit, ws.config.currency)} "
        f"(target {target_label(spec, target, ws.config)}: {status.symbol} {status.value})"
    )


@click.command("unset")
@click.argument("metric")
@week_option()
@click.option(
    "--all-weeks",
    is_flag=True,
    help="Remove every value of METRIC, closed weeks too: for a metric that has become "
    "derived (a formula in scorecard.toml), whose typed values the formula replaces.",
)
@pass_state
def unset_value(state: State, metric: str, week: Week | None, all_weeks: bool) -> None:
    """Remove METRIC's value for this week (or --week), e.g. one entered by mistake."""
    if all_weeks:
        if week is not None:
            raise click.UsageError("use either --week or --all-weeks, not both")
        ws = state.workspace(check_derived=False)
        spec = ws.metric(metric)
        if not spec.derived:
            raise click.UsageError(
                f"--all-weeks is for derived metrics; {spec.key} is typed (use --week)"
            )
        removed = ws.clear_all_weeks(spec.key)
        click.echo(f"{spec.key}: {removed} typed value{'s' if removed != 1 else ''} removed.")
        return
    ws = state.workspace()
    spec = ws.metric(metric)
    week = resolve_week(week)
    if ws.value(week, spec.key) is None:
        click.echo(f"{spec.key} {week} has no value; nothing to do.")
        return
    ws.clear_value(week, spec.key)
    click.echo(f"{spec.key} {week}: value removed.")


@click.group()
def note() -> None:
    """Retro notes: worked, didnt, why, idea, kudos."""


@note.command("add")
@click.argument(
    "kind", type=click.Choice(["worked", "didnt", "why", "idea", "kudos"], case_sensitive=False)
)
@click.argument("text")
@click.option("--author", default=None, help="Who says it (default: $SCORECARD_USER or login).")
@week_option()
@pass_state
def note_add(state: State, kind: str, text: str, author: str | None, week: Week | None) -> None:
    """Add a retro note of KIND; prints its id."""
    ws = state.workspace()
    created = ws.add_note(kind, text, author=author, week=resolve_week(week))
    click.echo(created.id)


@click.command()
@week_option()
@click.option(
    "--grid",
    is_flag=True,
    help="The grid of actual numbers instead: a metric per row, a week per column, "
    "each cell marked with its status.",
)
@click.option(
    "--weeks",
    type=click.IntRange(1, 53),
    default=None,
    help="With --grid: how many weeks, ending with --week (default: 13).",
)
@pass_state
def show(state: State, week: Week | None, grid: bool, weeks: int | None) -> None:
    """Print a week's scorecard, goals, funnel, commitments and notes as plain text."""
    ws = state.workspace()
    if weeks is not None and not grid:
        raise click.UsageError("--weeks goes with --grid")
    if grid:
        click.echo(_grid_text(ws, resolve_week(week), weeks or 13), nl=False)
    else:
        from scorecard.report.plain import render_summary

        click.echo(render_summary(ws.summary(resolve_week(week)), ws.config), nl=False)
    _git_warnings(ws)


def _grid_text(ws: Workspace, last: Week, count: int) -> str:
    from scorecard.goals_text import render_grid
    from scorecard.grid import grid
    from scorecard.status import Status
    from scorecard.text import terminal
    from scorecard.weeks import week_range

    weeks = week_range(last, count)
    values = ws.values_between(weeks[0], last, computed=True)
    colours = {Status.ON_TRACK: "green", Status.AT_RISK: "yellow", Status.OFF_TRACK: "red"}

    def style(text: str, status: Status) -> str:
        colour = colours.get(status)
        return click.style(text, fg=colour) if colour else text

    plural = "s" if count != 1 else ""
    head = f"{terminal(ws.config.title)} · {count} week{plural}, {weeks[0]} to {last}"
    lines = render_grid(grid(ws.config, weeks, values), ws.config, style=style)
    legend = "✓ on track · ! at risk · ✗ off track · · no value; Σ total, ⌀ average"
    return "\n".join([head, "", *lines, "", legend]) + "\n"


def _git_warnings(ws: Workspace) -> None:
    """One line each on stderr: unresolved merge conflicts, git drivers not set up."""
    from scorecard.cli.base import fail
    from scorecard.gitops import notices

    for line in notices(ws):
        fail(line)
