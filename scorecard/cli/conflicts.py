"""``scorecard conflicts [list|resolve]``: the conflicts a row-by-row merge recorded."""

from __future__ import annotations

from typing import Any

import click

from scorecard.cli.base import State, completes, echo_json, json_option, pass_state
from scorecard.errors import InvalidInput
from scorecard.text import terminal


def _conflict_lines(item: Any) -> list[str]:
    from scorecard.text import terminal as t

    what = item.column or "row"
    return [
        f"{t(item.short_id)}  {t(item.where)}  {t(what)}",
        f"    base:   {t(item.describe(item.base))}",
        f"    ours:   {t(item.describe(item.ours))}",
        f"    theirs: {t(item.describe(item.theirs))}",
    ]


@click.group(invoke_without_command=True)
@json_option("the conflicts")
@click.pass_context
def conflicts(ctx: click.Context, as_json: bool) -> None:
    """List merge conflicts in the database; 'conflicts resolve' settles them.

    \b
    Example:
      scorecard conflicts
    """
    if ctx.invoked_subcommand is None:
        ctx.invoke(list_conflicts, as_json=as_json)


@conflicts.command("list")
@json_option("the conflicts")
@pass_state
def list_conflicts(state: State, as_json: bool = False) -> None:
    """List conflicts: id, row, field, and the base, ours and theirs values.

    \b
    Example:
      scorecard conflicts list --json
    """
    from scorecard import gitops, gitstate

    ws = state.workspace()
    found = ws.conflicts()
    if as_json:
        from scorecard.cli.output import conflict_record

        echo_json([conflict_record(c) for c in found])
        return
    state.git_notices = False
    git = gitstate.read(ws.db_path)
    if not found:
        problems = gitops.notices_for(git, 0)
        if git is not None and git.unmerged:
            for line in problems:
                click.echo(line)
            raise SystemExit(1)  # not "no conflicts": the file is not merged
        click.echo("No merge conflicts.")
        for line in problems:
            click.echo(line)
        return
    if git is not None and git.unmerged:
        click.echo(f"During this {git.operation.name}: {git.sides()}.")
    for item in found:
        click.echo("\n".join(_conflict_lines(item)))
    click.echo(
        f"{len(found)} conflict(s): scorecard conflicts resolve [ID] --ours|--theirs|--value V"
    )


def _reopened_hint(item: Any, kept: Any) -> None:
    """A week reopened by a resolution: its report and tag are renewed by closing it again."""
    if (item.table, item.column) == ("weeks", "closed") and not kept:
        week = item.key[0]
        click.echo(
            f"    {terminal(str(week))} is open again with the late edits; after the merge, "
            f"'scorecard close {terminal(str(week))}' writes its report again and moves its tag"
        )


def _done_hint(ws: Any) -> None:
    from scorecard import gitstate
    from scorecard.gitrun import shell_path

    if not ws.conflicts():
        git = gitstate.read(ws.db_path)
        step = git.add_step() if git is not None and git.unmerged else None
        if step is None:
            step = f"git add {shell_path(ws.db_path)} && git commit"
        click.echo(f"All conflicts resolved. Finish with: {step}")


@conflicts.command("resolve")
@click.argument(
    "conflict_id", metavar="[ID]", required=False, shell_complete=completes("conflicts")
)
@click.option("--ours", "choice", flag_value="ours", help="Keep our side's value.")
@click.option("--theirs", "choice", flag_value="theirs", help="Keep their side's value.")
@click.option("--value", "value", default=None, help="Keep this value instead.")
@click.option("--all", "all_", is_flag=True, help="Resolve every conflict the same way.")
@pass_state
def resolve(
    state: State, conflict_id: str | None, choice: str | None, value: str | None, all_: bool
) -> None:
    """Resolve conflict ID (or, without ID, each conflict in turn, asking which to keep).

    \b
    Examples:
      scorecard conflicts resolve 5e1d2a7 --theirs
      scorecard conflicts resolve --all --ours
    """
    ws = state.workspace()
    if value is not None:
        if choice is not None:
            raise InvalidInput("give one of --ours, --theirs or --value")
        choice = "value"
    if conflict_id is not None or all_:
        if choice is None:
            raise InvalidInput("say which to keep: --ours, --theirs or --value V")
        if all_ and choice == "value":
            raise InvalidInput("--all takes --ours or --theirs")
        ids = [c.id for c in ws.conflicts()] if all_ else [conflict_id]
        for cid in ids:
            item, kept = ws.resolve_conflict(cid, choice, value)
            click.echo(terminal(f"{item.short_id} {item.where}: kept {item.describe(kept)}"))
            _reopened_hint(item, kept)
        _done_hint(ws)
        return
    _walk(ws)


def _walk(ws: Any) -> None:
    """Ask about each conflict: ours, theirs, a typed value, or skip."""
    found = ws.conflicts()
    if not found:
        click.echo("No merge conflicts.")
        return
    for item in found:
        click.echo("\n".join(_conflict_lines(item)))
        options = "o/t/s" if item.is_row else "o/t/v/s"
        while True:
            answer = (
                click.prompt(
                    f"  keep [o]urs, [t]heirs{'' if item.is_row else ', [v]alue'}"
                    f" or [s]kip? ({options})",
                    default="s",
                )
                .strip()
                .lower()
            )
            if answer.startswith("s"):
                break
            if answer[:1] not in ("o", "t", "v"):
                continue
            choice = {"o": "ours", "t": "theirs", "v": "value"}[answer[:1]]
            typed = click.prompt("  value") if choice == "value" else None
            try:
                _, kept = ws.resolve_conflict(item.id, choice, typed)
            except InvalidInput as exc:
                click.echo(f"  {exc}", err=True)
                continue
            click.echo(f"  kept {terminal(item.describe(kept))}")
            _reopened_hint(item, kept)
            break
    _done_hint(ws)
