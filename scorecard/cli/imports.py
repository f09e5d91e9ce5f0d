"""``scorecard import``: weekly values from a file, a CRM export or a saved mapping."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from scorecard.cli.base import State, fail, pass_state

if TYPE_CHECKING:
    from scorecard.importing.mapped import Mapping
    from scorecard.importing.plan import ImportPlan
    from scorecard.workspace import Workspace

MAPPING_OPTIONS = ("--value", "--sum/--count/--mean/--last", "--where", "--save")


@click.command("import")
@click.argument("file", metavar="FILE|-")
@click.option("--metric", "-m", metavar="KEY", help="Map a CRM export onto this metric.")
@click.option(
    "--date", "date_column", metavar="COLUMN", help="The column whose date sets the week."
)
@click.option("--value", "value_column", metavar="COLUMN", help="The column to add up.")
@click.option("--sum", "aggregate", flag_value="sum", help="Week = sum of --value (its default).")
@click.option("--count", "aggregate", flag_value="count", help="Week = number of rows (default).")
@click.option("--mean", "aggregate", flag_value="mean", help="Week = mean of --value.")
@click.option("--last", "aggregate", flag_value="last", help="Week = --value of its latest row.")
@click.option(
    "--where",
    "where",
    multiple=True,
    metavar="'COLUMN=VALUE'",
    help="Keep rows whose COLUMN is VALUE (any case); repeat: AND across columns, OR within one.",
)
@click.option(
    "--date-format",
    default="",
    metavar="FORMAT",
    help="m/d/Y, d/m/Y, d.m.Y, Y-m-d… when the file cannot decide the day/month order.",
)
@click.option(
    "--save", metavar="NAME", help="Save the mapping as [[imports]] NAME in scorecard.toml."
)
@click.option("--profile", "-p", metavar="NAME", help="Import with the mapping saved as NAME.")
@click.option(
    "--dry-run", "-n", is_flag=True, help="Show the weekly values it would write; write nothing."
)
@pass_state
def import_(
    state: State,
    file: str,
    metric: str | None,
    date_column: str | None,
    value_column: str | None,
    aggregate: str | None,
    where: tuple[str, ...],
    date_format: str,
    save: str | None,
    profile: str | None,
    dry_run: bool,
) -> None:
    """Import weekly values from FILE (or - for stdin): all or nothing.

    \b
    Without --metric, FILE holds weekly values already:
      long   columns week, metric, value [, note]
      wide   a week (or date) column and one column per metric key or name
      JSON   written by 'scorecard export -f json'
    \b
    With --metric KEY --date COLUMN, FILE is a CRM export: every row goes to
    the ISO week of its date and the week's value is the --sum of --value
    (default with --value), the --count of rows (default without), the --mean
    or the --last. --save NAME keeps the mapping; --profile NAME reuses it.
    \b
    Examples:
      scorecard import weekly.csv --dry-run
      scorecard import deals.csv --metric closed-won --date "Close Date" \\
          --value Amount --where "Deal Stage=Closed Won" --save hubspot-won
      scorecard import deals.csv --profile hubspot-won
    """
    from scorecard.importing import plan, profiles
    from scorecard.importing.mapped import Mapping
    from scorecard.text import terminal

    chosen = {
        "--value": value_column,
        "--sum/--count/--mean/--last": aggregate,
        "--where": where,
        "--save": save,
    }
    mapping: Mapping | None = None
    if profile is not None:
        extra = [o for o, v in {**chosen, "--metric": metric, "--date": date_column}.items() if v]
        if extra or date_format:
            shown = ", ".join([*extra, *(["--date-format"] if date_format else [])])
            raise click.UsageError(
                f"--profile takes the whole mapping from scorecard.toml, not {shown}"
            )
    elif metric is None or date_column is None:
        if metric is not None or date_column is not None:
            raise click.UsageError("--metric KEY and --date COLUMN go together")
        extra = [o for o, v in chosen.items() if v]
        if extra:
            raise click.UsageError(f"{', '.join(extra)}: only with --metric KEY --date COLUMN")
    ws = state.workspace()
    if profile is not None:
        mapping = Mapping.of(profiles.find(ws.config, ws.config_path, profile))
        click.echo(terminal(f"Profile {profile}: {profiles.describe(mapping)}."))
    elif metric is not None and date_column is not None:
        mapping = Mapping(
            metric=metric,
            date=date_column,
            value=value_column or "",
            aggregate=aggregate,  # type: ignore[arg-type]
            where=where,
            date_format=date_format,
        )
        mapping.check()
    saved_text = (
        profiles.prepare(ws.config, ws.config_path, save, mapping) if save and mapping else None
    )
    stdin = getattr(sys.stdin, "buffer", None) if file == "-" else None
    name, reading = plan.read(ws, file, stdin=stdin, mapping=mapping, date_format=date_format)
    planned = plan.plan(ws, name, reading)
    for line in planned.lines:  # they quote the file's column names
        click.echo(terminal(line))
    if planned.errors:
        for message in plan.error_lines(planned):
            fail(message)
        raise plan.ImportFailed(name, planned.errors)
    if dry_run:
        _show(ws, planned)
        tail = f"; profile {save} not saved" if save else ""
        click.echo(f"Dry run: {planned.summary()}; nothing was written{tail}.")
        return
    written = plan.apply(ws, planned)
    click.echo(f"Imported {name}: {planned.summary()} ({written} written).")
    if save and mapping:
        if saved_text is None:
            click.echo(f"Profile {save} is already saved in {ws.config_path.name}.")
        else:
            profiles.save(ws.config_path, saved_text)
            click.echo(
                f"Saved profile {save} in {ws.config_path.name}: "
                f"next time, scorecard import FILE --profile {save}"
            )


def _show(ws: Workspace, planned: ImportPlan) -> None:
    """The weekly values per metric, in scorecard order, each new, changed or unchanged."""
    from scorecard.numbers import format_number
    from scorecard.text import terminal

    order = {m.key: i for i, m in enumerate(ws.config.metrics)}
    changes = sorted(planned.changes, key=lambda c: (order.get(c.row.metric, 0), c.row.week))
    current = None
    for change in changes:
        row = change.row
        spec = ws.metric(row.metric)
        if row.metric != current:
            current = row.metric
            click.echo(f"{spec.key} · {terminal(spec.name)}")
        shown = format_number(row.value, spec.unit, ws.config.currency)
        if change.kind == "changed" and change.old is not None:
            before = format_number(change.old.value, spec.unit, ws.config.currency)
            shown = f"{before} → {shown}" if before != shown else f"{shown} (note)"
        rows = "" if row.rows is None else f"  ({row.rows} row{'s' if row.rows != 1 else ''})"
        click.echo(f"  {row.week}  {change.kind:<9}  {shown}{rows}")
