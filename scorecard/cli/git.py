"""``scorecard git install|textconv|merge``, ``scorecard conflicts`` and ``scorecard log``.

``textconv`` and ``merge`` are what git runs (set up by ``git install``); they
never read scorecard.toml.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import click

from scorecard.cli.base import State, completes, echo_json, json_option, pass_state
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

    In a clone, this is the one step before using the scorecard. When the
    database is unmerged because the drivers were missing (or could not run),
    it merges it again, row by row, from git's index.

    \b
    Example:
      scorecard git install && git diff scorecard.db
    """
    from scorecard import gitops, gitstate

    state.git_notices = False
    ws = state.workspace()
    before = gitstate.read(ws.db_path)
    could_run = before is not None and before.driver_problem() is None
    from scorecard.closing import reports_dir

    done = gitops.install(ws.db_path, reports_dir(ws))
    for line in done:
        click.echo(line)
    click.echo(f"{ws.db_path.name}: git diff shows rows; git merge merges row by row")
    _remerge(ws.db_path, driver_could_run=could_run)
    for line in gitops.notices(ws):
        click.echo(line)


def _remerge(db_path: Path, *, driver_could_run: bool) -> None:
    """Finish a merge that stopped before our driver ran (binary conflict, stale path, kill)."""
    from scorecard import clock, gitops, gitstate

    found = gitops.remerge(db_path, clock.stamp(), driver_could_run=driver_could_run)
    if found is None:
        return
    count, what = found
    after = gitstate.read(db_path)
    step = after.add_step() if after is not None else "git add"
    if count:
        click.echo(
            f"{what}: {count} conflict(s) recorded; run 'scorecard conflicts', then '{step}'"
        )
    else:
        click.echo(f"{what}, no conflicts: finish with '{step}'")


@git_group.command("textconv")
@click.argument("database", type=click.Path(dir_okay=False, exists=True))
@click.option(
    "--dump-format",
    type=int,
    default=None,
    hidden=True,
    help="The text's version, set by 'git install' (a newer one renews git's diff cache).",
)
def textconv(database: str, dump_format: int | None) -> None:
    """Print DATABASE as canonical text, one row a line (git's diff textconv).

    \b
    Example:
      scorecard git textconv scorecard.db | grep '^commitments'
    """
    from db import dump

    if dump_format is not None and dump_format > dump.DUMP_FORMAT:
        raise InvalidInput(
            f"this scorecard writes diff text version {dump.DUMP_FORMAT}, "
            f"git asks for {dump_format}: upgrade scorecard, then run 'scorecard git install'"
        )
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
    Temporary files are kept inside the git directory and removed, also when
    the merge is stopped (a merge killed outright leaves them for the next
    merge to remove).

    \b
    Example (what git runs; set up by 'scorecard git install'):
      scorecard git merge %O %A %B %P
    """
    import db
    from db.merge import merge_files
    from scorecard import clock, rows
    from scorecard.cli.base import fail

    name = path or ours
    left_out: list[tuple[str, rows.BadRow]] = []

    def prepare(conn: Any, side: str) -> None:
        """Each input's rows are validated as when read: a bad row of base or
        theirs is left out of the merge; one of ours stays as it was (hidden
        when read, listed by 'scorecard check')."""
        bad = rows.scan_connection(conn)
        if side != "ours":
            rows.remove(conn, bad)
        left_out.extend((side, b) for b in bad)

    scratch = _git_dir(Path(ours).resolve().parent)
    with _stopped_by_signals():
        try:
            conflicts = merge_files(
                Path(base),
                Path(ours),
                Path(theirs),
                clock.stamp(),
                scratch=scratch,
                prepare=prepare,
            )
        except db.DatabaseError as exc:
            err = ScorecardError(f"cannot merge {name}: {exc}")
            err.exit_code = 1
            raise err from None
    for side, bad in left_out[:5]:
        what = "kept as it was" if side == "ours" else "not merged"
        fail(f"{name}: {side}: damaged row {bad.table} {bad.key} ({bad.problem}) {what}")
    if len(left_out) > 5:
        fail(f"{name}: … and {len(left_out) - 5} more damaged rows; run 'scorecard check'")
    if conflicts:
        from scorecard.gitrun import shell_path

        step = _add_step(Path(ours).resolve().parent, name)
        raise ScorecardError(
            f"{shell_path(name)}: {len(conflicts)} conflict(s) recorded; run 'scorecard "
            f"conflicts' to resolve them, then '{step}'"
        )


def _git_dir(folder: Path) -> Path | None:
    from scorecard.gitrun import GitError, run

    try:
        done = run("rev-parse", "--absolute-git-dir", cwd=folder, check=False, timeout=10)
    except GitError:
        return None
    return Path(done.stdout.strip()) if done.returncode == 0 and done.stdout.strip() else None


def _add_step(folder: Path, name: str) -> str:
    """What to run once the conflicts are resolved, for the operation in progress."""
    from scorecard.gitrun import shell_path
    from scorecard.gitstate import operation_in

    git_dir = _git_dir(folder)
    op = operation_in(git_dir) if git_dir is not None else None
    step = f"git add {shell_path(name)}"
    return f"{step} && {op.continue_step}" if op is not None and op.name != "stash" else step


@contextmanager
def _stopped_by_signals() -> Iterator[None]:
    """SIGTERM, SIGHUP and SIGINT end the merge through ``finally`` blocks (no leftovers)."""
    import signal

    def stop(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    previous = {}
    for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        with suppress(ValueError, OSError):  # not the main thread (tests in-process)
            previous[sig] = signal.signal(sig, stop)
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@git_group.command("merge-report")
@click.argument("base", type=click.Path(dir_okay=False))
@click.argument("ours", type=click.Path(dir_okay=False))
@click.argument("theirs", type=click.Path(dir_okay=False))
@click.argument("path", required=False)
def merge_report(base: str, ours: str, theirs: str, path: str | None) -> None:
    """Merge a week report changed on both sides (git's merge driver for reports/*.md).

    A report is derived from the database: ours is kept (no add/add conflict),
    and 'scorecard close WEEK' regenerates it from the merged data.

    \b
    Example (what git runs for reports/*.md; set up by 'scorecard git install'):
      scorecard git merge-report %O %A %B %P
    """
    from scorecard.cli.base import fail
    from scorecard.gitrun import shell_path

    if Path(ours).read_bytes() == Path(theirs).read_bytes():
        return
    name = path or ours
    week = Path(name).stem
    fail(
        f"{shell_path(name)} changed on both sides: kept ours; after the merge, "
        f"'scorecard close {week}' writes it again from the merged data"
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


# -- log -------------------------------------------------------------------------


@click.command("log")
@click.argument(
    "commitment_id", metavar="[ID]", required=False, shell_complete=completes("commitments")
)
@click.option("--git", "from_git", is_flag=True, help="From git: which commit changed it.")
@json_option("the history")
@pass_state
def log(state: State, commitment_id: str | None, from_git: bool, as_json: bool) -> None:
    """The history of commitments (or of commitment or issue ID).

    \b
    Examples:
      scorecard log 3f2a9c1
      scorecard log --git --json
    """
    from scorecard.errors import NotFound
    from scorecard.text import terminal as t

    ws = state.workspace()
    try:
        found = ws.find_commitment(commitment_id) if commitment_id else None
    except NotFound:
        assert commitment_id is not None
        issue = ws.find_issue(commitment_id)  # not a commitment: an issue, or NotFound
        if from_git:
            raise InvalidInput("log --git follows commitments; for an issue use log ID") from None
        _issue_log(ws, issue, as_json)
        return
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


def _issue_log(ws: Any, issue: Any, as_json: bool) -> None:
    from scorecard.report.plain import issue_event_line

    events = ws.issue_history(issue.id)
    if as_json:
        echo_json(
            [
                {
                    "at": e.at,
                    "issue_id": e.issue_id,
                    "seq": e.seq,
                    "action": e.action,
                    "week": e.week,
                    "detail": e.detail,
                    "by": e.by,
                    "text": issue.text,
                }
                for e in events
            ]
        )
        return
    for event in events:
        click.echo(issue_event_line(event, issue.text))
