"""``scorecard git install|textconv|merge|merge-report``: the database in git.

``textconv`` and ``merge`` are what git runs (set up by ``git install``); they
never read scorecard.toml. Settling the conflicts a merge recorded is
``scorecard conflicts`` (:mod:`scorecard.cli.conflicts`); the history read back
from git, ``scorecard log --git`` (:mod:`scorecard.cli.log`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import click

from scorecard.cli.base import State, pass_state
from scorecard.errors import InvalidInput, ScorecardError


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
    count, what, left_out = found
    if left_out:
        from scorecard.cli.base import MAX_BAD_LINES, fail
        from scorecard.rowmerge import damaged_lines

        for line in damaged_lines(left_out, db_path.name, MAX_BAD_LINES):
            fail(line)
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
    from scorecard import clock
    from scorecard.cli.base import MAX_BAD_LINES, fail
    from scorecard.rowmerge import damaged_lines, merge_validated

    name = path or ours
    scratch = _git_dir(Path(ours).resolve().parent)
    with _stopped_by_signals():
        try:
            merged = merge_validated(
                Path(base), Path(ours), Path(theirs), clock.stamp(), scratch=scratch
            )
        except db.DatabaseError as exc:
            err = ScorecardError(f"cannot merge {name}: {exc}")
            err.exit_code = 1
            raise err from None
    for line in damaged_lines(merged.left_out, name, MAX_BAD_LINES):
        fail(line)
    conflicts = merged.conflicts
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
