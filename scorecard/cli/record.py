"""Recording a week from the shell: ``set``, ``unset``, ``note``, ``rate``, ``show``."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from scorecard.cli.base import State, completes, json_option, pass_state, resolve_week, week_option
from scorecard.weeks import Week

if TYPE_CHECKING:
    from scorecard.models import Note
    from scorecard.workspace import Workspace


@click.command("set")
@click.argument("metric", shell_complete=completes("metrics"))
@click.argument("value")
@week_option()
@click.option("--note", default=None, help="A short note on this value.")
@click.option("--force", is_flag=True, help="Record a value for a week more than one week ahead.")
@pass_state
def set_value(
    state: State, metric: str, value: str, week: Week | None, note: str | None, force: bool
) -> None:
    """Record VALUE for METRIC this week (or --week). Use -- before a negative VALUE.

    VALUE is checked against the metric's unit and bounds: 120, 95k or 1.2m
    for a count, $48,000 for currency, 35% (not 0.35) for a percent.

    \b
    Examples:
      scorecard set mqls 131
      scorecard set closed-won 81k --week last --note "one deal slipped"
    """
    from scorecard.bounds import check_week, parse_value
    from scorecard.errors import WeekAhead
    from scorecard.labels import status_label, target_label, value_label
    from scorecard.status import target_in_force

    ws = state.workspace()
    spec = ws.metric(metric)
    week = resolve_week(week)
    try:
        check_week(week, force=force)
    except WeekAhead as exc:
        raise WeekAhead(f"{exc}; pass --force to record it anyway") from None
    stored = ws.value(week, spec.key)
    in_force = target_in_force(stored.target if stored else None, spec)
    number = parse_value(spec, value, target=in_force, currency=ws.config.currency)
    ws.set_value(week, spec.key, number, note=note, force=force)
    line = ws.metric_line(week, spec.key)  # the row as the week shows it
    click.echo(
        f"{spec.key} {week} = {value_label(line.actual, spec, ws.config)} "
        f"(target {target_label(spec, line.target, ws.config)}: {status_label(line.status)})"
    )


@click.command("unset")
@click.argument("metric", shell_complete=completes("metrics"))
@week_option()
@click.option(
    "--all-weeks",
    is_flag=True,
    help="Remove every value of METRIC, closed weeks too: for a metric that has become "
    "derived (a formula in scorecard.toml), whose typed values the formula replaces.",
)
@pass_state
def unset_value(state: State, metric: str, week: Week | None, all_weeks: bool) -> None:
    """Remove METRIC's value for this week (or --week), e.g. one entered by mistake.

    \b
    Example:
      scorecard unset mqls --week last
    """
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
    """Retro notes: worked, didnt, why, idea, kudos.

    \b
    Example:
      scorecard note add kudos "Sam closed Globex"
    """


KIND = click.Choice(["worked", "didnt", "why", "idea", "kudos"], case_sensitive=False)


@note.command("add")
@click.argument("kind", type=KIND)
@click.argument("text")
@click.option(
    "--author",
    default=None,
    help="Who says it (default: $SCORECARD_USER, else git's user.name, else the login name).",
)
@week_option()
@pass_state
def note_add(state: State, kind: str, text: str, author: str | None, week: Week | None) -> None:
    """Add a retro note of KIND; prints its id.

    \b
    Example:
      scorecard note add didnt "Trade-show leads sat a week" --week last
    """
    ws = state.workspace()
    created = ws.add_note(kind, text, author=author, week=resolve_week(week))
    click.echo(created.id)


def _note_line(item: Note) -> str:
    from scorecard.text import terminal as t

    return f"{item.short_id}  {t(item.week)}  {t(item.kind):<6}  {t(item.text)} ({t(item.author)})"


@note.command("list")
@week_option()
@json_option("the notes")
@pass_state
def note_list(state: State, week: Week | None, as_json: bool) -> None:
    """List the week's retro notes: id, week, kind, text and author.

    \b
    Example:
      scorecard note list --week last --json
    """
    ws = state.workspace()
    found = ws.notes(resolve_week(week))
    if as_json:
        from scorecard.cli.base import echo_json
        from scorecard.report.json_export import note_record

        echo_json([note_record(n) for n in found])
        return
    for item in found:
        click.echo(_note_line(item))


@note.command("edit")
@click.argument("note_id", metavar="ID", shell_complete=completes("notes"))
@click.option("--text", default=None, help="New text.")
@click.option("--kind", type=KIND, default=None, help="New kind.")
@click.option("--author", default=None, help="New author.")
@pass_state
def note_edit(
    state: State, note_id: str, text: str | None, kind: str | None, author: str | None
) -> None:
    """Change the text, kind or author of note ID (a unique id prefix is enough).

    \b
    Example:
      scorecard note edit 9b0c4d2 --text "Trade-show leads sat two weeks"
    """
    if text is None and kind is None and author is None:
        raise click.UsageError("nothing to change: give --text, --kind or --author")
    ws = state.workspace()
    click.echo(_note_line(ws.edit_note(note_id, text=text, kind=kind, author=author)))


@note.command("delete")
@click.argument("note_id", metavar="ID", shell_complete=completes("notes"))
@pass_state
def note_delete(state: State, note_id: str) -> None:
    """Delete note ID; prints what it said, so it can be added back.

    \b
    Example:
      scorecard note delete 9b0c4d2
    """
    ws = state.workspace()
    click.echo(f"Deleted {_note_line(ws.delete_note(note_id))}")


@click.command("rate")
@click.argument("rating", type=click.IntRange(1, 10), required=False)
@click.option("--clear", is_flag=True, help="Remove the week's rating.")
@week_option()
@pass_state
def rate(state: State, rating: int | None, clear: bool, week: Week | None) -> None:
    """Rate the week's meeting from 1 to 10 (or --clear the rating).

    \b
    Example:
      scorecard rate 8 --week last
    """
    if (rating is None) == (not clear):
        raise click.UsageError("give a RATING from 1 to 10, or --clear")
    ws = state.workspace()
    week = resolve_week(week)
    ws.set_rating(week, None if clear else rating)
    click.echo(f"{week}: meeting rated {rating}/10" if rating else f"{week}: rating removed")


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
@json_option("the week's report document (the same as 'export -f json'); with --grid, the grid")
@pass_state
def show(state: State, week: Week | None, grid: bool, weeks: int | None, as_json: bool) -> None:
    """Print a week's scorecard, goals, funnel, commitments and notes as plain text.

    \b
    Examples:
      scorecard show --week last
      scorecard show --grid --weeks 8
      scorecard show --json | jq '.metrics[] | select(.status == "off track") | .key'
    """
    ws = state.workspace()
    if weeks is not None and not grid:
        raise click.UsageError("--weeks goes with --grid")
    if grid:
        click.echo(_grid_text(ws, resolve_week(week), weeks or 13, as_json=as_json), nl=False)
    elif as_json:
        from scorecard.report.export import export_week

        click.echo(export_week(ws, resolve_week(week), "json"), nl=False)
    else:
        from scorecard.report.plain import render_summary

        click.echo(render_summary(ws.summary(resolve_week(week)), ws.config), nl=False)
    # what git has to say (conflicts, drivers) follows on stderr: see State


def _grid_text(ws: Workspace, last: Week, count: int, *, as_json: bool = False) -> str:
    from scorecard.goals_text import render_grid
    from scorecard.grid import grid
    from scorecard.status import Status
    from scorecard.text import terminal
    from scorecard.weeks import week_range

    weeks = week_range(last, count)
    values = ws.values_between(weeks[0], last, computed=True)
    if as_json:
        from scorecard.report.json_export import dumps, grid_document

        return dumps(grid_document(ws.config, grid(ws.config, weeks, values)))
    colours = {Status.ON_TRACK: "green", Status.AT_RISK: "yellow", Status.OFF_TRACK: "red"}

    def style(text: str, status: Status) -> str:
        colour = colours.get(status)
        return click.style(text, fg=colour) if colour else text

    plural = "s" if count != 1 else ""
    head = f"{terminal(ws.config.title)} · {count} week{plural}, {weeks[0]} to {last}"
    lines = render_grid(grid(ws.config, weeks, values), ws.config, style=style)
    legend = "✓ on track · ! at risk · ✗ off track · · no value; Σ total, ⌀ average"
    return "\n".join([head, "", *lines, "", legend]) + "\n"
