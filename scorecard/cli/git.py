"""``scorecard git install|textconv|merge``, ``scorecard conflicts`` and ``scorecard log``.

``textconv`` and ``merge`` are what git runs (set up by ``git install``); they
never read scorecard.toml.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from scorecard.cli.base import State, echo_json, json_option, pass_state
from scorecard.errors import InvalidInput, ScorecardError
from scorecard.text import terminal


@click.group("git")
def git_group() -> None:
    """Keep the database in git: readable diffs, row-by-row merges.

    \b
    Example:
      scorecard git install
    """


@git_group.command("install")
@pass_state
def install(state: State) -> None:
    """Set up .gitattributes and this repository's diff and merge drivers (idempotent).

    \b
    Example:
      scorecard git install && git diff scorecard.db
    """
    from scorecard import gitops

    ws = state.workspace()
    done = gitops.install(ws.db_path)
    for line in done:
        click.echo(line)
    click.echo(f"{ws.db_path.name}: git diff shows rows; git merge merges row by row")
    _remerge(ws.db_path)


def _remerge(db_path: Path) -> None:
    """Finish a merge that stopped on a binary conflict before the drivers were set up."""
    from scorecard import clock, gitops

    found = gitops.remerge(db_path, clock.stamp())
    if found is None:
        return
    name = db_path.name
    if found:
        click.echo(
            f"merged {name} row by row: {found} conflict(s) recorded; run 'scorecard conflicts', "
            f"then 'git add {name}' and commit"
        )
    else:
        click.echo(f"merged {name} row by row, no conflicts: 'git add {name}' and commit")


@git_group.command("textconv")
@click.argument("database", type=click.Path(dir_okay=False, exists=True))
def textconv(database: str) -> None:
    """Print DATABASE as canonical text, one row a line (git's diff textconv).

    \b
    Example:
      scorecard git textconv scorecard.db | grep '^commitments'
    """
    from db import dump
    from scorecard.text import json_safe

    click.echo(dump.dump(Path(database), escape=json_safe).encode("utf-8"), nl=False)


@git_group.command("merge")
@click.argument("base", type=click.Path(dir_okay=False, exists=True))
@click.argument("ours", type=click.Path(dir_okay=False, exists=True))
@click.argument("theirs", type=click.Path(dir_okay=False, exists=True))
@click.argument("path", required=False)
def merge(base: str, ours: str, theirs: str, path: str | None) -> None:
    """Merge THEIRS into OURS against BASE, row by row (git's merge driver).

    Writes the result to OURS; exits 1 when conflicts were recorded.

    \b
    Example (what git runs; set up by 'scorecard git install'):
      scorecard git merge %O %A %B %P
    """
    import db
    from db.merge import merge_files
    from scorecard import clock

    name = path or ours
    try:
        conflicts = merge_files(Path(base), Path(ours), Path(theirs), clock.stamp())
    except db.DatabaseError as exc:
        err = ScorecardError(f"cannot merge {name}: {exc}")
        err.exit_code = 1
        raise err from None
    if conflicts:
        raise ScorecardError(
            f"{name}: {len(conflicts)} conflict(s) recorded; run 'scorecard conflicts' "
            f"to resolve them, then 'git add {name}' and commit"
        )


# -- conflicts ---------------------------------------------------------------------


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
    ws = state.workspace()
    found = ws.conflicts()
    if as_json:
        from scorecard.cli.output import conflict_record

        echo_json([conflict_record(c) for c in found])
        return
    if not found:
        click.echo("No merge conflicts.")
        return
    for item in found:
        click.echo("\n".join(_conflict_lines(item)))
    click.echo(
        f"{len(found)} conflict(s): scorecard conflicts resolve [ID] --ours|--theirs|--value V"
    )


def _done_hint(ws: Any) -> None:
    if not ws.conflicts():
        click.echo(
            f"All conflicts resolved. Finish the merge: git add {ws.db_path.name} && git commit"
        )


@conflicts.command("resolve")
@click.argument("conflict_id", metavar="[ID]", required=False)
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
            break
    _done_hint(ws)


# -- log -------------------------------------------------------------------------


@click.command("log")
@click.argument("commitment_id", metavar="[ID]", required=False)
@click.option("--git", "from_git", is_flag=True, help="From git: which commit changed it.")
@json_option("the history")
@pass_state
def log(state: State, commitment_id: str | None, from_git: bool, as_json: bool) -> None:
    """The history of commitments (or of commitment ID).

    \b
    Examples:
      scorecard log 3f2a9c1
      scorecard log --git --json
    """
    from scorecard.text import terminal as t

    ws = state.workspace()
    found = ws.find_commitment(commitment_id) if commitment_id else None
    if from_git:
        from scorecard.githistory import db_changes

        changes = db_changes(ws.db_path, found.id if found else None)
        if as_json:
            from scorecard.cli.output import change_record

            echo_json([change_record(c) for c in changes])
            return
        for change in changes:
            click.echo(
                f"{t(change.sha[:7])} {t(change.date)} {t(change.author)}  "
                f"{t(change.subject)}  ({t(change.what)})"
            )
        return
    texts = {c.id: c.text for c in ws.commitments()}
    events = ws.history(found.id) if found else ws.all_history()
    if as_json:
        from scorecard.cli.output import event_record

        echo_json([event_record(e, texts.get(e.commitment_id)) for e in events])
        return
    for event in events:
        text = t(texts.get(event.commitment_id, ""))[:60]
        click.echo(
            f"{t(event.at)}  {t(event.commitment_id[:7])}  {t(event.status):<7}  "
            f"{t(event.week)}  {t(event.by or '-')}  {text}"
        )
