"""The Workspace service: the one API the CLI and the TUI both use.

A thin composition: the :class:`~scorecard.store.Store` (the connection, its
lock, the unit of work and change detection), one command class per aggregate
(:mod:`scorecard.commands`) and the read models (:mod:`scorecard.read`).
Every user action is one transaction; reads never write. Methods are safe to
call from Textual thread workers (one connection, guarded by a lock).
"""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import TYPE_CHECKING

from scorecard import catalog, config_file, validation
from scorecard import config as cfg
from scorecard.commands.commitments import Commitments
from scorecard.commands.conflicts import Conflicts
from scorecard.commands.issues import Issues
from scorecard.commands.notes import Notes
from scorecard.commands.values import Values
from scorecard.commands.weeks import Weeks
from scorecard.errors import ConfigError, InvalidInput
from scorecard.read.history import HistoryReads
from scorecard.read.issues import IssueReads
from scorecard.read.records import TREND_WEEKS, Records
from scorecard.read.week import WeekReads
from scorecard.store import Store
from scorecard.weeks import Week, parse_week

if TYPE_CHECKING:
    from scorecard.rows import BadRow

__all__ = ["TREND_WEEKS", "Workspace"]


class Workspace:
    """A scorecard.toml and its database."""

    def __init__(self, config: cfg.Config, config_path: Path, store: Store):
        self.config = config
        self.config_path = config_path
        self.root = config_path.resolve().parent
        self.db_path = store.db_path
        self.store = store
        store.before_write = functools.partial(catalog.sync, config=config)

        records = self.records = Records(store, config)
        week_reads = WeekReads(store, config, records)
        values = Values(store, config)
        commitments = Commitments(store, config, records)
        notes = Notes(store, records)
        weeks = Weeks(store, records)
        conflicts = Conflicts(store)
        history_reads = HistoryReads(store, config, records)
        issue_reads = IssueReads(store, config, records, week_reads)
        issues = Issues(store, config, records, issue_reads, commitments)

        # -- change detection
        self.changed_elsewhere = store.changed_elsewhere
        self.generation = store.generation
        # -- weeks
        self.week_info = records.week_info
        self.week_infos = records.week_infos
        self.set_rating = weeks.set_rating
        self.close_week = weeks.close_week
        self.reopen_week = weeks.reopen_week
        # -- metric values
        self.value = records.value
        self.series = records.series
        self.values_between = records.values_between
        self.set_value = values.set_value
        self.set_values = values.set_values
        self.clear_value = values.clear_value
        self.clear_all_weeks = values.clear_all_weeks
        # -- commitments
        self.find_commitment = records.find_commitment
        self.commitments = records.commitments
        self.commitments_made_between = records.commitments_made_between
        self.all_history = records.all_history
        self.history = records.history
        self.add_commitment = commitments.add_commitment
        self.set_commitment_status = commitments.set_commitment_status
        self.carry_commitment = commitments.carry_commitment
        self.edit_commitment = commitments.edit_commitment
        # -- notes
        self.find_note = records.find_note
        self.notes = records.notes
        self.notes_between = records.notes_between
        self.add_note = notes.add_note
        self.edit_note = notes.edit_note
        self.delete_note = notes.delete_note
        # -- issues
        self.find_issue = issue_reads.find_issue
        self.issue_source = issue_reads.issue_source
        self.issue_owner = issue_reads.issue_owner
        self.issues = issue_reads.issues
        self.week_issues = issue_reads.week_issues
        self.shown_issues = issue_reads.shown_issues
        self.range_issues = issue_reads.range_issues
        self.issues_between = issue_reads.issues_between
        self.issue_suggestions = issue_reads.issue_suggestions
        self.issue_history = issue_reads.issue_history
        self.add_issue = issues.add_issue
        self.rank_issue = issues.rank_issue
        self.edit_issue = issues.edit_issue
        self.solve_issue = issues.solve_issue
        self.drop_issue = issues.drop_issue
        self.reopen_issue = issues.reopen_issue
        # -- merge conflicts
        self.conflict_count = conflicts.conflict_count
        self.conflicts = conflicts.conflicts
        self.resolve_conflict = conflicts.resolve_conflict
        # -- the week at a glance
        self.summary = week_reads.summary
        self.metric_line = week_reads.metric_line
        self.figures = week_reads.figures
        self.say_do = week_reads.say_do
        self.say_do_owners = week_reads.say_do_owners
        # -- a metric over a range of weeks (the history screen)
        self.metric_history = history_reads.metric_history
        self.metric_points = history_reads.metric_points
        self.say_do_weeks = history_reads.say_do_weeks
        self.commitments_alive = history_reads.commitments_alive

    # -- opening ------------------------------------------------------------

    @classmethod
    def open(
        cls, config_path: str | os.PathLike[str] | None = None, *, check_derived: bool = True
    ) -> Workspace:
        """Open a workspace; ``check_derived=False`` only to remove typed values of a
        metric that has become derived (``scorecard unset METRIC --all-weeks``)."""
        path = config_file.discover(config_path)
        config = config_file.load(path)
        workspace = cls(config, path, Store.open(config_file.database_path(config, path)))
        if check_derived:
            try:
                workspace.check_derived()
            except ConfigError:
                workspace.close()
                raise
        return workspace

    def check_derived(self) -> None:
        """A formula on a metric that also has typed values is a config error naming it."""
        for key, count, first, last in self.records.typed_derived():
            i = next(i for i, m in enumerate(self.config.metrics) if m.key == key)
            span = first if first == last else f"{first} to {last}"
            raise ConfigError(
                f"{self.config_path}: metrics[{i}].formula: {key} is derived but "
                f"{self.db_path.name} has {count} typed value{'s' if count != 1 else ''} "
                f"for it ({span}); remove the formula, or the values with "
                f"'scorecard unset {key} --all-weeks'"
            )

    @classmethod
    def create(cls, config: cfg.Config, config_path: Path) -> Workspace:
        """Write ``config`` to ``config_path`` and create an empty database."""
        db_path = config_file.database_path(config, config_path)
        if config_path.exists():
            raise InvalidInput(f"{config_path} already exists")
        if db_path.exists():
            raise InvalidInput(f"{db_path} already exists")
        config_path.parent.mkdir(parents=True, exist_ok=True)
        config_file.write(config, config_path)
        return cls.create_database(config_path)

    @classmethod
    def create_database(cls, config_path: Path) -> Workspace:
        """An empty database for an existing scorecard.toml whose database is missing.

        That is a fresh clone that never committed the database, or an
        ``init`` interrupted between writing the toml and the database (both
        files are written atomically, the toml first).
        """
        config = config_file.load(config_path)
        db_path = config_file.database_path(config, config_path)
        if db_path.exists():  # the whole workspace is there
            raise InvalidInput(f"{config_path} already exists")
        # The metrics table is filled before the file takes its name: an init
        # killed at any moment leaves no hot journal beside the database.
        sync = functools.partial(catalog.sync, config=config)
        return cls(config, config_path, Store.create(db_path, sync))

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- helpers ------------------------------------------------------------

    def week(self, spec: str | Week | None = None) -> Week:
        if isinstance(spec, Week):
            return spec
        return Week.current() if spec is None else parse_week(spec)

    def git_notices(self) -> list[str]:
        """What git has to say about the file: merge conflicts to resolve, drivers
        not set up, an unmerged path. Outside a git work tree (a few ``stat``
        calls tell) only the pending conflicts count, and no git code is loaded
        nor git run: the CLI and the app start faster (docs/benchmarks.md)."""
        from scorecard.gitfind import in_work_tree

        if not in_work_tree(self.db_path) and not self.conflict_count():
            return []
        from scorecard.gitops import notices

        return notices(self)

    def limit_page_cache(self, kib: int) -> None:
        """Keep SQLite's own cache of the file's pages under ``kib`` KiB (the app)."""
        self.store.limit_page_cache(kib)

    def bad_rows(self) -> list[BadRow]:
        """Stored rows left out of what was read so far: they failed validation."""
        return list(self.store.bad_rows.values())

    def metric(self, key: str) -> cfg.Metric:
        return validation.metric(self.config, key)

    def team_of(self, owner: str) -> str | None:
        """The team whose lead is ``owner``, if any."""
        return validation.team_of(self.config, owner)
