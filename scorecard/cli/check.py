"""``scorecard check [--fix]``: integrity, schema and rows of the database."""

from __future__ import annotations

import click

from scorecard.cli.base import State, fail, pass_state


@click.command()
@click.option(
    "--fix", is_flag=True, help="Remove what is not the scorecard's (triggers, bad rows…)."
)
@pass_state
def check(state: State, fix: bool) -> None:
    """Check the database like git fsck: integrity, schema and every row.

    \b
    Reports every problem, one line each, and exits 1 if there is any.
    With --fix, removes what is not the scorecard's: triggers, views or
    indexes that take its names, generated columns, and rows that fail
    validation (a damaged week row is repaired instead). Damage to the file
    itself cannot be fixed in place: restore the file from git.

    \b
    Examples:
      scorecard check
      scorecard check --fix
    """
    from scorecard import checkup, config_file

    path = config_file.discover(state.config)
    config = config_file.load(path)
    db_path = config_file.database_path(config, path)
    report = checkup.check(db_path, fix=fix)
    from scorecard.text import terminal

    for line in report.fixed:
        click.echo(terminal(f"{db_path.name}: {line}"))
    for line in report.problems:
        fail(line)
    if report.problems:
        n = len(report.problems)
        hint = "" if fix else "; 'scorecard check --fix' removes what is not the scorecard's"
        fail(f"{db_path.name}: {n} problem{'s' if n != 1 else ''}{hint}")
        raise SystemExit(1)
    click.echo(f"{terminal(db_path.name)}: ok (integrity, schema, {report.rows_checked:,} rows)")
