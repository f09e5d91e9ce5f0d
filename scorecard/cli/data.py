"""Data out: ``export``, ``close`` and ``reopen`` (``import`` is in :mod:`.imports`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from scorecard.cli.base import WEEK, State, fail, pass_state, resolve_week
from scorecard.weeks import Week

if TYPE_CHECKING:
    from scorecard.workspace import Workspace

FORMATS = ("markdown", "slack", "json", "csv")  # as in scorecard.report.export


def _footer(ws: Workspace, wanted: bool) -> str | None:
    """The git footer line, or None (with a note on stderr) outside a git repository."""
    if not wanted:
        return None
    from scorecard.report.gitinfo import NoGitCommit, data_commit

    try:
        return data_commit(ws.root, ws.db_path)
    except NoGitCommit as exc:
        fail(f"no git footer: {exc}")
        return None


@click.command()
@click.option("--week", "-w", type=WEEK, default=None, help="One week (default: this week).")
@click.option("--from", "first", type=WEEK, default=None, help="First week of a range.")
@click.option(
    "--to", "last", type=WEEK, default=None, help="Last week of a range (default: this week)."
)
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(FORMATS, case_sensitive=False),
    default="markdown",
    show_default=True,
    help="markdown: a GitHub/Notion page; slack: a message for a Slack channel; "
    "json: a document for scripts; csv: the values (or --commitments) for a spreadsheet.",
)
@click.option(
    "--output",
    "-o",
    default=None,
    metavar="FILE",
    help="Write to FILE (a regular file) instead of stdout; '-' is stdout.",
)
@click.option(
    "--commitments", is_flag=True, help="With --format csv: the commitments instead of the values."
)
@click.option(
    "--git-footer",
    is_flag=True,
    help="End the report with the git commit the data came from (if in a git repository).",
)
@pass_state
def export(
    state: State,
    week: Week | None,
    first: Week | None,
    last: Week | None,
    fmt: str,
    output: str | None,
    commitments: bool,
    git_footer: bool,
) -> None:
    """Export a week (or --from/--to a range) as Markdown, JSON or CSV.

    Markdown goes to stdout unless -o FILE is given. The same data always
    gives the same bytes.

    \b
    Examples:
      scorecard export --week last -o reports/last-week.md
      scorecard export -f slack | pbcopy
      scorecard export --from 2026-W35 --to 2026-W47 -f csv > quarter.csv
    """
    if week is not None and (first is not None or last is not None):
        raise click.UsageError("use either --week or --from/--to, not both")
    if last is not None and first is None:
        raise click.UsageError("--to needs --from")
    if commitments and fmt.lower() != "csv":
        raise click.UsageError("--commitments goes with --format csv")
    if first is not None:
        last = last or Week.current()
        if first > last:
            raise click.UsageError(f"--from {first} is after --to {last}")
    else:
        week = resolve_week(week)
    target = None
    if output is not None and output != "-":
        from scorecard.files import check_writable

        target = check_writable(output)  # a device, FIFO or directory: refused before any work
    ws = state.workspace()
    footer = _footer(ws, git_footer) if fmt.lower() != "csv" else None
    if git_footer and fmt.lower() == "csv":
        fail("no git footer in CSV output")
    from scorecard.report.export import export_range, export_week

    if first is not None and last is not None:
        text = export_range(ws, first, last, fmt.lower(), footer=footer, commitments=commitments)
    else:
        text = export_week(
            ws, resolve_week(week), fmt.lower(), footer=footer, commitments=commitments
        )
    if target is None:
        click.echo(text, nl=False)
        return
    from scorecard.errors import InvalidInput, ScorecardError
    from scorecard.files import write_atomically

    if target.resolve() in (ws.db_path.resolve(), ws.config_path.resolve()):
        raise InvalidInput(f"-o {output} would overwrite the workspace itself")
    try:
        write_atomically(target, text, compare=False)  # never reads the target
    except OSError as exc:
        raise ScorecardError(f"cannot write {output} ({exc.strerror})") from None
    click.echo(f"Wrote {output}")


@click.command()
@click.argument("week", type=WEEK, required=False)
@click.option(
    "--commit/--no-commit",
    default=None,
    help="Commit the database and the report to git and tag scorecard/<week> "
    "(default: [git] commit_on_close in scorecard.toml).",
)
@pass_state
def close(state: State, week: Week | None, commit: bool | None) -> None:
    """Close WEEK (default: this week): lock it and write reports/<week>.md.

    \b
    Example:
      scorecard close last --no-commit
    """
    from scorecard.closing import close_and_commit

    ws = state.workspace()
    week = resolve_week(week)
    done = close_and_commit(ws, week, commit)
    try:
        shown = done.report.relative_to(ws.root)
    except ValueError:
        shown = done.report
    if done.was_closed:
        click.echo(f"{week} was already closed.")
    else:
        click.echo(f"Closed {week}: it is locked; 'scorecard reopen {week}' allows edits again.")
    verb = "Wrote" if done.report_changed else "Report unchanged:"
    click.echo(f"{verb} {shown}")
    wants_commit = ws.config.git.commit_on_close if commit is None else commit
    if not wants_commit:
        why = "--no-commit" if commit is False else "[git] commit_on_close = false"
        click.echo(f"Not committed ({why}).")
        return
    if not done.in_git:
        click.echo("Not committed: the workspace is not in a git repository.")
        return
    if done.commit:
        click.echo(f"Committed {done.commit[:7]}: {', '.join(done.committed)}.")
    else:
        click.echo("Nothing to commit: the database and reports are committed already.")
    from scorecard.gitclose import tag_name

    if done.tag:
        click.echo(f"Tag {tag_name(week)} {done.tag}.")


@click.command()
@click.argument("week", type=WEEK, required=False)
@pass_state
def reopen(state: State, week: Week | None) -> None:
    """Reopen a closed WEEK (default: this week) so it can be edited again.

    \b
    Example:
      scorecard reopen 2026-W46
    """
    ws = state.workspace()
    week = resolve_week(week)
    was_closed = ws.week_info(week).closed
    ws.reopen_week(week)
    if was_closed:
        click.echo(f"Reopened {week}: edits are allowed; close it again to rewrite its report.")
    else:
        click.echo(f"{week} is not closed; nothing to do.")
