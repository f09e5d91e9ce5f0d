"""``scorecard commitment add|done|missed|drop|carry|list``."""

from __future__ import annotations

import click

from scorecard.cli.base import WEEK, State, pass_state, resolve_week, week_option
from scorecard.weeks import Week


@click.group()
def commitment() -> None:
    """Who does what by when, reviewed the following week."""


@commitment.command("add")
@click.argument("text")
@click.option("--owner", required=True, help="The one person who owns it.")
@click.option(
    "--team",
    type=click.Choice(["sales", "marketing", "shared"], case_sensitive=False),
    default=None,
    help="Default: the team the owner leads.",
)
@click.option("--due", type=WEEK, default=None, help="Due week (default: the week after).")
@week_option("The week it is made (default: this week).")
@pass_state
def add(
    state: State, text: str, owner: str, team: str | None, due: Week | None, week: Week | None
) -> None:
    """Add a commitment; prints its id."""
    ws = state.workspace()
    created = ws.add_commitment(text, owner, team=team, due=due, week=resolve_week(week))
    click.echo(created.id)


def _status_command(name: str, status: str, help_text: str) -> click.Command:
    @click.command(name, help=help_text)
    @click.argument("commitment_id", metavar="ID")
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
@click.argument("commitment_id", metavar="ID")
@click.option("--due", type=WEEK, default=None, help="New due week (default: next week).")
@week_option("The week of the review (default: this week).")
@pass_state
def carry(state: State, commitment_id: str, due: Week | None, week: Week | None) -> None:
    """Carry open commitment ID over; prints the new commitment's id."""
    ws = state.workspace()
    created = ws.carry_commitment(commitment_id, week=resolve_week(week), due=due)
    click.echo(created.id)


@commitment.command("list")
@week_option("Only those due or made in this week.")
@click.option("--open", "open_only", is_flag=True, help="Only open commitments.")
@pass_state
def list_(state: State, week: Week | None, open_only: bool) -> None:
    """List commitments: id, status, text, owner, team and due week."""
    from scorecard.report.plain import commitment_line

    ws = state.workspace()
    for item in ws.commitments(week=week, open_only=open_only):
        click.echo(commitment_line(item))
