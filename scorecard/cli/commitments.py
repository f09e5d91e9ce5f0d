"""``scorecard commitment add|edit|done|missed|drop|reopen|carry|list``."""

from __future__ import annotations

import click

from scorecard.cli.base import (
    WEEK,
    State,
    completes,
    json_option,
    pass_state,
    resolve_week,
    week_option,
)
from scorecard.weeks import Week

TEAM_CHOICE = click.Choice(["sales", "marketing", "shared"], case_sensitive=False)


@click.group()
def commitment() -> None:
    """Who does what by when, reviewed the following week.

    \b
    Example:
      scorecard commitment add "Call the 12 stalled SQLs" --owner "Ana Ruiz"
    """


@commitment.command("add")
@click.argument("text")
@click.option("--owner", required=True, help="The one person who owns it.")
@click.option("--team", type=TEAM_CHOICE, default=None, help="Default: the team the owner leads.")
@click.option("--due", type=WEEK, default=None, help="Due week (default: the week after).")
@week_option("The week it is made (default: this week).")
@pass_state
def add(
    state: State, text: str, owner: str, team: str | None, due: Week | None, week: Week | None
) -> None:
    """Add a commitment; prints its id.

    \b
    Example:
      scorecard commitment add "Send the webinar list" --owner "Ana Ruiz" --due next
    """
    ws = state.workspace()
    created = ws.add_commitment(text, owner, team=team, due=due, week=resolve_week(week))
    click.echo(created.id)


@commitment.command("edit")
@click.argument("commitment_id", metavar="ID", shell_complete=completes("commitments"))
@click.option("--text", default=None, help="New text.")
@click.option("--owner", default=None, help="New owner.")
@click.option("--team", type=TEAM_CHOICE, default=None, help="New team.")
@click.option("--due", type=WEEK, default=None, help="New due week.")
@pass_state
def edit(
    state: State,
    commitment_id: str,
    text: str | None,
    owner: str | None,
    team: str | None,
    due: Week | None,
) -> None:
    """Change the text, owner, team or due week of commitment ID.

    \b
    Example:
      scorecard commitment edit 3f2a9c1 --due 2026-W49 --owner "Ana Ruiz"
    """
    from scorecard.report.plain import commitment_line

    if text is None and owner is None and team is None and due is None:
        raise click.UsageError("nothing to change: give --text, --owner, --team or --due")
    ws = state.workspace()
    updated = ws.edit_commitment(commitment_id, text=text, owner=owner, team=team, due=due)
    click.echo(commitment_line(updated))


def _status_command(name: str, status: str, help_text: str) -> click.Command:
    @click.command(name, help=f"{help_text}\n\n\b\nExample:\n  scorecard commitment {name} 3f2a9c1")
    @click.argument("commitment_id", metavar="ID", shell_complete=completes("commitments"))
    @week_option("The week of the review (default: this week).")
    @pass_state
    def command(state: State, commitment_id: str, week: Week | None) -> None:
        from scorecard.report.plain import commitment_line

        ws = state.workspace()
        updated = ws.set_commitment_status(commitment_id, status, week=resolve_week(week))
        click.echo(commitment_line(updated))

    return command


for _name, _status, _help in (
    ("done", "done", "Mark commitment ID as done (a unique id prefix is enough)."),
    ("missed", "missed", "Mark commitment ID as missed."),
    ("drop", "dropped", "Drop commitment ID: both leads agree it no longer matters."),
    ("reopen", "open", "Reopen commitment ID after a mistaken review."),
):
    commitment.add_command(_status_command(_name, _status, _help))


@commitment.command("carry")
@click.argument("commitment_id", metavar="ID", shell_complete=completes("commitments"))
@click.option("--due", type=WEEK, default=None, help="New due week (default: next week).")
@week_option("The week of the review (default: this week).")
@pass_state
def carry(state: State, commitment_id: str, due: Week | None, week: Week | None) -> None:
    """Carry open commitment ID over; prints the new commitment's id.

    \b
    Example:
      scorecard commitment carry 3f2a9c1 --due next
    """
    ws = state.workspace()
    created = ws.carry_commitment(commitment_id, week=resolve_week(week), due=due)
    click.echo(created.id)


@commitment.command("list")
@week_option("Only those due or made in this week.")
@click.option("--open", "open_only", is_flag=True, help="Only open commitments.")
@json_option("the commitments")
@pass_state
def list_(state: State, week: Week | None, open_only: bool, as_json: bool) -> None:
    """List commitments: id, status, text, owner, team and due week.

    \b
    Example:
      scorecard commitment list --open --json | jq -r '.[].text'
    """
    ws = state.workspace()
    found = ws.commitments(week=week, open_only=open_only)
    if as_json:
        from scorecard.cli.base import echo_json
        from scorecard.report.json_export import commitment_record

        echo_json([commitment_record(c) for c in found])
        return
    from scorecard.report.plain import commitment_line

    for item in found:
        click.echo(commitment_line(item))
