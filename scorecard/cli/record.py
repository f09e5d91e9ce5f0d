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
    from scorecard.labels import status_label, target_label, value_label
    from scorecard.numbers import parse_number

    ws = state.workspace()
    spec = ws.metric(metric)
    number = parse_number(value)
    week = resolve_week(week)
    ws.set_value(week, spec.key, number, note=note)
    line = ws.metric_line(week, spec.key)  # the row as the week shows it
    click.echo(
        f"{spec.key} {week} = {value_label(line.actual, spec, ws.config)} "
        f"(target {target_label(spec, line.target, ws.config)}: {status_label(line.status)})"
    )


@click.command("unset")
@click.argument("metric")
@week_option()
@pass_state
def unset_value(state: State, metric: str, week: Week | None) -> None:
    """Remove METRIC's value for this week (or --week), e.g. one entered by mistake."""
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
@pass_state
def show(state: State, week: Week | None) -> None:
    """Print a week's scorecard, commitments and notes as plain text."""
    from scorecard.report.plain import render_summary

    ws = state.workspace()
    click.echo(render_summary(ws.summary(resolve_week(week)), ws.config), nl=False)
    _git_warnings(ws)


def _git_warnings(ws: Workspace) -> None:
    """One line each on stderr: unresolved merge conflicts, git drivers not set up."""
    from scorecard.cli.base import fail
    from scorecard.gitops import notices

    for line in notices(ws):
        fail(line)
