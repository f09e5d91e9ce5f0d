"""``scorecard issue add|list|rank|solve|drop|reopen|edit``: the issues list."""

from __future__ import annotations

from typing import Any

import click

from scorecard.cli.base import WEEK, State, echo_json, pass_state, resolve_week, week_option
from scorecard.weeks import Week


@click.group()
def issue() -> None:
    """What isn't working: raise it, rank the top three, solve it into commitments.

    \b
    Examples:
      scorecard issue add "Webinar leads go cold" --from mqls
      scorecard issue list --suggested
      scorecard issue solve 3f2a --commitment "Call them in 24h" --owner "Sam Rivera"
    """


@issue.command("add")
@click.argument("text")
@click.option(
    "--from",
    "source",
    metavar="METRIC|COMMITMENT_ID|NOTE_ID",
    default=None,
    help="What it was raised from: a metric key, or a commitment or note id prefix.",
)
@click.option(
    "--owner", default=None, help="Who owns it (default: the lead or owner of what it is from)."
)
@week_option("The week it is raised in (default: this week).")
@pass_state
def add(state: State, text: str, source: str | None, owner: str | None, week: Week | None) -> None:
    """Raise an issue (at the bottom of the ranking); prints its id.

    \b
    Examples:
      scorecard issue add "Hand-off after events is slow" --owner "Sam Rivera"
      scorecard issue add "MQLs off track again" --from mqls --week last
    """
    ws = state.workspace()
    created = ws.add_issue(text, source=source, owner=owner, week=resolve_week(week))
    click.echo(created.id)


@issue.command("list")
@click.option("--open", "scope", flag_value="open", default=True, help="Open issues, ranked.")
@click.option("--all", "scope", flag_value="all", help="Every issue: open ranked, then settled.")
@click.option(
    "--suggested", "scope", flag_value="suggested", help="Issues the week's data suggests."
)
@week_option("Open at the end of this week (with --all: also raised or settled in it).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@pass_state
def list_(state: State, scope: str, week: Week | None, as_json: bool) -> None:
    """List issues: position, id, status, text, owner and where it came from.

    \b
    Examples:
      scorecard issue list
      scorecard issue list --all --json
      scorecard issue list --suggested --week last
    """
    from scorecard.report import plain as render
    from scorecard.report.json_export import issue_json, suggestion_json

    ws = state.workspace()
    if scope == "suggested":
        found = ws.issue_suggestions(resolve_week(week))
        if as_json:
            echo_json([suggestion_json(s) for s in found])
            return
        for suggestion in found:
            click.echo(render.suggestion_line(suggestion))
        if found:
            click.echo("raise one: scorecard issue add TEXT --from REF", err=True)
        return
    issues = ws.issues(open_only=scope == "open", week=week)
    positions = _positions(issues)
    if as_json:
        echo_json([issue_json(i, positions.get(i.id)) for i in issues])
        return
    for item in issues:
        click.echo(render.issue_line(item, positions.get(item.id)))


def _positions(issues: list[Any]) -> dict[str, int]:
    """1, 2, 3… for the open issues, in the order listed (rank order)."""
    ranked = [i for i in issues if i.is_open]
    return {i.id: n for n, i in enumerate(ranked, start=1)}


@issue.command("rank")
@click.argument("issue_id", metavar="ID")
@click.argument("position", type=int)
@pass_state
def rank(state: State, issue_id: str, position: int) -> None:
    """Move open issue ID to POSITION (1 = top) of the open issues.

    \b
    Examples:
      scorecard issue rank 3f2a 1
    """
    from scorecard.report import plain as render

    ws = state.workspace()
    moved = ws.rank_issue(issue_id, position)
    click.echo(render.issue_line(moved, position))


class _SolveCommand(click.Command):
    """Groups each ``--commitment TEXT`` with the ``--owner``, ``--team`` and
    ``--due`` that follow it (click alone would collect each option in a list)."""

    _GROUPED = ("--commitment", "--owner", "--team", "--due")
    _VALUED = (*_GROUPED, "--note", "--week", "-w")

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        groups: list[dict[str, str]] = []
        tokens = iter(args)
        for token in tokens:
            if token == "--":
                break
            name, eq, inline = token.partition("=")
            if name not in self._VALUED:
                continue
            value = inline if eq else next(tokens, None)
            if value is None or name not in self._GROUPED:
                continue
            if name == "--commitment":
                groups.append({"text": value})
            elif not groups:
                raise click.UsageError(f"{name} must follow a --commitment", ctx=ctx)
            elif name.lstrip("-") in groups[-1]:
                raise click.UsageError(f"one {name} per --commitment", ctx=ctx)
            else:
                groups[-1][name.lstrip("-")] = value
        ctx.meta["issue.commitments"] = groups
        return super().parse_args(ctx, args)


@issue.command("solve", cls=_SolveCommand)
@click.argument("issue_id", metavar="ID")
@click.option("--note", default=None, help="How it was solved (the resolution).")
@click.option(
    "--commitment",
    "commitment_texts",
    multiple=True,
    help="A commitment it is solved into (repeat for more); needs an owner.",
)
@click.option(
    "--owner",
    "owners",
    multiple=True,
    help="Owner of the --commitment before it (default: the issue's owner).",
)
@click.option(
    "--team",
    "teams",
    multiple=True,
    type=click.Choice(["sales", "marketing", "shared"], case_sensitive=False),
    help="Team of the --commitment before it (default: the team its owner leads).",
)
@click.option(
    "--due", "dues", multiple=True, type=WEEK, help="Due week of the --commitment before it."
)
@week_option("The week it is solved in (default: this week).")
@pass_state
def solve(
    state: State,
    issue_id: str,
    note: str | None,
    commitment_texts: tuple[str, ...],
    owners: tuple[str, ...],
    teams: tuple[str, ...],
    dues: tuple[Week, ...],
    week: Week | None,
) -> None:
    """Solve open issue ID, into the commitments given (made in the same step).

    Each --commitment takes the --owner, --team and --due that follow it.

    \b
    Examples:
      scorecard issue solve 3f2a --note "SDRs own event leads" \\
        --commitment "Call event leads within 24h" --owner "Sam Rivera" --due next
    """
    from scorecard.report import plain as render

    ctx = click.get_current_context()
    week = resolve_week(week)
    wanted = []
    for group in ctx.meta["issue.commitments"]:
        due = WEEK.convert(group["due"], None, ctx) if "due" in group else None
        wanted.append((group["text"], group.get("owner"), group.get("team"), due))
    ws = state.workspace()
    solved = ws.solve_issue(issue_id, note=note, commitments=wanted, week=week)
    click.echo(render.issue_line(solved))
    for commitment_id in solved.solved_into:
        click.echo(f"  commitment {commitment_id}")


@issue.command("drop")
@click.argument("issue_id", metavar="ID")
@click.option("--note", default=None, help="Why it no longer matters.")
@week_option("The week it is dropped in (default: this week).")
@pass_state
def drop(state: State, issue_id: str, note: str | None, week: Week | None) -> None:
    """Drop open issue ID: both leads agree it no longer matters.

    \b
    Examples:
      scorecard issue drop 3f2a --note "moot after the reorg"
    """
    from scorecard.report import plain as render

    ws = state.workspace()
    click.echo(render.issue_line(ws.drop_issue(issue_id, note=note, week=resolve_week(week))))


@issue.command("reopen")
@click.argument("issue_id", metavar="ID")
@week_option("The week it is reopened in (default: this week).")
@pass_state
def reopen(state: State, issue_id: str, week: Week | None) -> None:
    """Reopen solved or dropped issue ID (it goes to the bottom of the ranking).

    \b
    Examples:
      scorecard issue reopen 3f2a
    """
    from scorecard.report import plain as render

    ws = state.workspace()
    click.echo(render.issue_line(ws.reopen_issue(issue_id, week=resolve_week(week))))


@issue.command("edit")
@click.argument("issue_id", metavar="ID")
@click.option("--text", default=None, help="The new text.")
@click.option("--owner", default=None, help="The new owner ('' for none).")
@pass_state
def edit(state: State, issue_id: str, text: str | None, owner: str | None) -> None:
    """Change the text or the owner of issue ID.

    \b
    Examples:
      scorecard issue edit 3f2a --owner "Maya Chen"
    """
    from scorecard.report import plain as render

    ws = state.workspace()
    click.echo(render.issue_line(ws.edit_issue(issue_id, text=text, owner=owner)))
