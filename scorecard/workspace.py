"""The Workspace service: the one API the CLI and the TUI both use.

It owns the config and the database connection. Every user action is one
transaction; reads never write. Methods are safe to call from Textual thread
workers (one connection, guarded by a lock).
"""

from __future__ import annotations

import functools
import os
import sqlite3
import threading
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

import db
from db import queries as q
from scorecard import clock
from scorecard import config as cfg
from scorecard.errors import InvalidInput, NotFound, ScorecardError, StaleEdit, WeekClosed
from scorecard.ids import current_user, new_id
from scorecard.models import (
    NOTE_KINDS,
    TEAMS,
    Commitment,
    CommitmentEvent,
    MetricLine,
    MetricValue,
    Note,
    WeekInfo,
    WeekSummary,
)
from scorecard.numbers import check_finite
from scorecard.status import SayDo, evaluate, say_do
from scorecard.weeks import Week, parse_week, week_range

if TYPE_CHECKING:
    from scorecard.conflicts import Choice, MergeConflict

P = ParamSpec("P")
R = TypeVar("R")

TREND_WEEKS = 13
MAX_TEXT = 100_000
# A name made only of these (zero-width spaces, control characters…) shows as nothing.
_INVISIBLE = {"Cc", "Cf", "Zs", "Zl", "Zp"}
_UNSET: Any = object()


def _locked(method: Callable[P, R]) -> Callable[P, R]:
    """Serialise access to the connection and translate sqlite errors."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        self = args[0]
        assert isinstance(self, Workspace)
        with self._lock:
            try:
                return method(*args, **kwargs)
            except sqlite3.Error as exc:
                raise _as_error(db.connection.translate(exc, self.db_path)) from exc

    return wrapper


def _as_error(exc: db.DatabaseError) -> ScorecardError:
    err = ScorecardError(str(exc))
    err.exit_code = exc.exit_code
    return err


def clean_text(text: str, what: str, *, max_len: int = MAX_TEXT, single_line: bool = False) -> str:
    value = text.strip()
    invisible = single_line and all(unicodedata.category(c) in _INVISIBLE for c in value)
    if not value or invisible:  # a name must show as something
        raise InvalidInput(f"{what} must not be empty")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # bytes from the shell that are not UTF-8 (surrogateescape)
        raise InvalidInput(f"{what} is not valid UTF-8 text") from None
    if len(value) > max_len:
        raise InvalidInput(f"{what} is too long ({len(value):,} characters, at most {max_len:,})")
    if "\x00" in value:
        raise InvalidInput(f"{what} contains a NUL character")
    if single_line and ("\n" in value or "\r" in value):
        raise InvalidInput(f"{what} must be a single line")
    return value


class Workspace:
    """A scorecard.toml and its database."""

    def __init__(self, config: cfg.Config, config_path: Path, database: sqlite3.Connection):
        self.config = config
        self.config_path = config_path
        self.root = config_path.resolve().parent
        self.db_path = cfg.database_path(config, config_path)
        self._db = database
        self._lock = threading.RLock()
        self._seen_version = db.connection.data_version(database)

    # -- opening ------------------------------------------------------------

    @classmethod
    def open(cls, config_path: str | os.PathLike[str] | None = None) -> Workspace:
        path = cfg.discover(config_path)
        config = cfg.load(path)
        db_path = cfg.database_path(config, path)
        try:
            database = db.connect(db_path)
        except db.DatabaseError as exc:
            raise _as_error(exc) from None
        return cls(config, path, database)

    @classmethod
    def create(cls, config: cfg.Config, config_path: Path) -> Workspace:
        """Write ``config`` to ``config_path`` and create an empty database."""
        db_path = cfg.database_path(config, config_path)
        if config_path.exists():
            raise InvalidInput(f"{config_path} already exists")
        if db_path.exists():
            raise InvalidInput(f"{db_path} already exists")
        config_path.parent.mkdir(parents=True, exist_ok=True)
        cfg.write(config, config_path)
        return cls.create_database(config_path)

    @classmethod
    def create_database(cls, config_path: Path) -> Workspace:
        """An empty database for an existing scorecard.toml whose database is missing.

        That is a fresh clone that never committed the database, or an
        ``init`` interrupted between writing the toml and the database (both
        files are written atomically, the toml first).
        """
        config = cfg.load(config_path)
        db_path = cfg.database_path(config, config_path)
        if db_path.exists():  # the whole workspace is there
            raise InvalidInput(f"{config_path} already exists")
        try:
            database = db.create(db_path)
        except db.DatabaseError as exc:
            raise _as_error(exc) from None
        return cls(config, config_path, database)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- helpers ------------------------------------------------------------

    def week(self, spec: str | Week | None = None) -> Week:
        if isinstance(spec, Week):
            return spec
        return Week.current() if spec is None else parse_week(spec)

    @contextmanager
    def _write(self, week: Week | None = None) -> Iterator[str]:
        """One transaction; yields the timestamp of this action."""
        with db.transaction(self._db):
            if week is not None:
                row = q.get_week(self._db, week.id)
                if row and row["closed"]:
                    raise WeekClosed(f"week {week} is closed; reopen it to make changes")
            yield clock.stamp()
        self._seen_version = db.connection.data_version(self._db)

    def metric(self, key: str) -> cfg.Metric:
        found = self.config.metric(key)
        if found is None:
            known = ", ".join(m.key for m in self.config.metrics)
            raise NotFound(f"unknown metric '{key}' (known: {known})")
        return found

    # -- change detection -----------------------------------------------------

    @_locked
    def changed_elsewhere(self) -> bool:
        """True once after another process committed to the database."""
        version = db.connection.data_version(self._db)
        changed = version != self._seen_version
        self._seen_version = version
        return changed

    # -- weeks ----------------------------------------------------------------

    @_locked
    def week_info(self, week: Week) -> WeekInfo:
        row = q.get_week(self._db, week.id)
        if not row:
            return WeekInfo(week)
        return WeekInfo(week, row["rating"], bool(row["closed"]), row["closed_at"])

    @_locked
    def set_rating(self, week: Week, rating: int | None) -> None:
        if rating is not None and not 1 <= rating <= 10:
            raise InvalidInput(f"rating must be 1 to 10, not {rating}")
        with self._write(week) as now:
            q.ensure_week(self._db, week.id, now)
            q.update_week(self._db, week.id, {"rating": rating, "updated_at": now})

    @_locked
    def close_week(self, week: Week) -> WeekInfo:
        """Lock ``week``: later edits need :meth:`reopen_week`. Idempotent."""
        with self._write() as now:
            q.ensure_week(self._db, week.id, now)
            row = q.get_week(self._db, week.id)
            if row and not row["closed"]:
                q.update_week(self._db, week.id, {"closed": 1, "closed_at": now, "updated_at": now})
        return self.week_info(week)

    @_locked
    def reopen_week(self, week: Week) -> WeekInfo:
        """Unlock a closed week so it can be edited again. Idempotent."""
        with self._write() as now:
            row = q.get_week(self._db, week.id)
            if row and row["closed"]:
                q.update_week(
                    self._db, week.id, {"closed": 0, "closed_at": None, "updated_at": now}
                )
        return self.week_info(week)

    # -- metric values ----------------------------------------------------------

    @_locked
    def value(self, week: Week, metric: str) -> MetricValue | None:
        row = q.get_value(self._db, week.id, self.metric(metric).key)
        return MetricValue.from_row(row) if row else None

    @_locked
    def set_value(
        self,
        week: Week,
        metric: str,
        value: float,
        *,
        note: str | None = None,
        who: str | None = None,
        expected: float | None = _UNSET,
    ) -> MetricValue:
        """Record ``value`` for ``metric`` in ``week`` with the target in force.

        With ``expected`` (the value the caller last saw, ``None`` for empty),
        refuses with :class:`StaleEdit` if someone else changed it meanwhile.
        """
        spec = self.metric(metric)
        value = check_finite(float(value), f"value for {metric}")
        if note is not None:
            note = clean_text(note, "note", max_len=2000) if note.strip() else None
        with self._write(week) as now:
            existing = q.get_value(self._db, week.id, spec.key)
            if expected is not _UNSET:
                current = existing["value"] if existing else None
                if current != expected:
                    shown = "empty" if current is None else f"{current:g}"
                    raise StaleEdit(
                        f"{spec.name} for {week} was changed elsewhere (now {shown}); "
                        "review it before saving"
                    )
            row = self._put_value(week, spec, value, note, who or current_user(), now, existing)
        return MetricValue.from_row(row)

    def _put_value(
        self,
        week: Week,
        spec: cfg.Metric,
        value: float,
        note: str | None,
        who: str,
        now: str,
        existing: dict[str, Any] | None,
    ) -> dict[str, Any]:
        """Upsert one value, keeping the stored target in force (and note, if none given)."""
        row = {
            "week": week.id,
            "metric": spec.key,
            "value": value,
            "target": existing["target"] if existing else spec.target,
            "note": note if note is not None else (existing or {}).get("note"),
            "entered_by": who,
            "entered_at": now,
        }
        q.ensure_week(self._db, week.id, now)
        q.upsert_value(self._db, row)
        return row

    @_locked
    def clear_value(self, week: Week, metric: str) -> None:
        spec = self.metric(metric)
        with self._write(week):
            q.delete_value(self._db, week.id, spec.key)

    @_locked
    def series(self, metric: str, last: Week, count: int = TREND_WEEKS) -> list[float | None]:
        """Values of ``metric`` for ``count`` weeks ending with ``last``."""
        spec = self.metric(metric)
        weeks = week_range(last, count)
        rows = q.values_between(self._db, weeks[0].id, last.id, [spec.key])
        by_week = {r["week"]: r["value"] for r in rows}
        return [by_week.get(w.id) for w in weeks]

    # -- commitments ----------------------------------------------------------

    def _validate_team(self, team: str) -> str:
        team = team.strip().lower()
        if team not in TEAMS:
            raise InvalidInput(f"unknown team '{team}' (use {', '.join(TEAMS)})")
        return team

    def team_of(self, owner: str) -> str | None:
        """The team whose lead is ``owner``, if any."""
        for key, team in self.config.teams.items():
            if team.lead.casefold() == owner.strip().casefold():
                return key
        return None

    @_locked
    def add_commitment(
        self,
        text: str,
        owner: str,
        *,
        team: str | None = None,
        due: Week | None = None,
        week: Week | None = None,
    ) -> Commitment:
        week = week or Week.current()
        due = due or week + 1
        text = clean_text(text, "commitment text", max_len=2000)
        owner = clean_text(owner, "owner", max_len=200, single_line=True)
        resolved_team = team if team is not None else self.team_of(owner)
        if resolved_team is None:
            raise InvalidInput(
                f"which team does {owner} belong to? choose sales, marketing or shared"
            )
        resolved_team = self._validate_team(resolved_team)
        if due < week:
            raise InvalidInput(f"due week {due} is before the week it is made ({week})")
        with self._write(week) as now:
            row: dict[str, Any] = {
                "id": new_id(),
                "text": text,
                "owner": owner,
                "team": resolved_team,
                "week_made": week.id,
                "due_week": due.id,
                "status": "open",
                "carried_from": None,
                "created_at": now,
                "updated_at": now,
            }
            q.ensure_week(self._db, week.id, now)
            q.insert_commitment(self._db, row)
            self._event(row["id"], "open", week, now)
        return Commitment.from_row(row)

    def _event(self, commitment_id: str, status: str, week: Week, now: str) -> None:
        q.insert_event(
            self._db,
            {
                "id": new_id(),
                "commitment_id": commitment_id,
                "status": status,
                "week": week.id,
                "by": current_user(),
                "at": now,
            },
        )

    @_locked
    def find_commitment(self, prefix: str) -> Commitment:
        return Commitment.from_row(self._find(prefix, q.commitments_by_prefix, "commitment"))

    def _find(self, prefix: str, lookup: Callable[..., list[dict[str, Any]]], what: str) -> Any:
        key = prefix.strip().lower()
        if len(key) < 4 or any(c not in "0123456789abcdef" for c in key):
            raise InvalidInput(f"'{prefix}' is not a {what} id (at least 4 hex characters)")
        rows = lookup(self._db, key)
        if not rows:
            raise NotFound(f"no {what} with id {key}")
        if len(rows) > 1:
            shown = ", ".join(r["id"][:10] for r in rows[:3])
            raise InvalidInput(f"{what} id {key} is ambiguous ({shown}…); type more characters")
        return rows[0]

    @_locked
    def set_commitment_status(
        self, prefix: str, status: str, *, week: Week | None = None
    ) -> Commitment:
        """Mark done / missed / dropped, or reopen (``open``)."""
        if status not in ("open", "done", "missed", "dropped"):
            raise InvalidInput(f"unknown commitment status '{status}'")
        found = self.find_commitment(prefix)
        week = week or Week.current()
        with self._write(week) as now:
            found = self._reread(found)  # another process may have reviewed it meanwhile
            if found.status == status:
                return found
            if found.status == "carried" and status != "open":
                raise InvalidInput(
                    f"commitment {found.short_id} was carried over; update the new one"
                )
            q.update_commitment(self._db, found.id, {"status": status, "updated_at": now})
            self._event(found.id, status, week, now)
        return self.find_commitment(found.id)

    def _reread(self, found: Commitment) -> Commitment:
        """``found`` as it is now, read inside the caller's write transaction."""
        row = q.get_commitment(self._db, found.id)
        if row is None:
            raise NotFound(f"no commitment with id {found.id}")
        return Commitment.from_row(row)

    @_locked
    def carry_commitment(
        self, prefix: str, *, week: Week | None = None, due: Week | None = None
    ) -> Commitment:
        """Close an open commitment as ``carried`` and make its successor."""
        found = self.find_commitment(prefix)
        week = week or Week.current()
        with self._write(week) as now:
            found = self._reread(found)  # another process may have carried it meanwhile
            if found.status != "open":
                raise InvalidInput(f"commitment {found.short_id} is {found.status}, not open")
            due = due or max(Week.current(), parse_week(found.due_week)) + 1
            q.update_commitment(self._db, found.id, {"status": "carried", "updated_at": now})
            self._event(found.id, "carried", week, now)
            row = {
                **{k: getattr(found, k) for k in ("text", "owner", "team")},
                "id": new_id(),
                "week_made": week.id,
                "due_week": due.id,
                "status": "open",
                "carried_from": found.id,
                "created_at": now,
                "updated_at": now,
            }
            q.ensure_week(self._db, week.id, now)
            q.insert_commitment(self._db, row)
            self._event(row["id"], "open", week, now)
        return Commitment.from_row(row)

    @_locked
    def edit_commitment(
        self,
        prefix: str,
        *,
        text: str | None = None,
        owner: str | None = None,
        team: str | None = None,
        due: Week | None = None,
    ) -> Commitment:
        found = self.find_commitment(prefix)
        fields: dict[str, Any] = {}
        if text is not None:
            fields["text"] = clean_text(text, "commitment text", max_len=2000)
        if owner is not None:
            fields["owner"] = clean_text(owner, "owner", max_len=200, single_line=True)
        if team is not None:
            fields["team"] = self._validate_team(team)
        if due is not None:
            if due < parse_week(found.week_made):
                raise InvalidInput(f"due week {due} is before the week it was made")
            fields["due_week"] = due.id
        if not fields:
            return found
        with self._write(parse_week(found.week_made)) as now:
            q.update_commitment(self._db, found.id, {**fields, "updated_at": now})
        return self.find_commitment(found.id)

    @_locked
    def commitments(self, *, week: Week | None = None, open_only: bool = False) -> list[Commitment]:
        """All commitments (or those due or made in ``week``), oldest due first."""
        if week is not None:
            rows = q.commitments_for_week(self._db, week.id)
            if open_only:
                rows = [r for r in rows if r["status"] == "open"]
        else:
            rows = q.commitments_where(self._db, open_only=open_only)
        return [Commitment.from_row(r) for r in rows]

    @_locked
    def all_history(self) -> list[CommitmentEvent]:
        """Every status change of every commitment, oldest first."""
        return [CommitmentEvent.from_row(r) for r in q.all_events(self._db)]

    @_locked
    def history(self, prefix: str) -> list[CommitmentEvent]:
        found = self.find_commitment(prefix)
        return [CommitmentEvent.from_row(r) for r in q.events_for(self._db, found.id)]

    @_locked
    def say_do(self, last: Week, weeks: int = TREND_WEEKS) -> dict[str, SayDo]:
        """Say/do per team over ``weeks`` ending with ``last`` (by due week)."""
        first = last - (weeks - 1)
        per_team: dict[str, list[tuple[str, int]]] = {}
        for row in q.team_outcomes(self._db, first.id, last.id):
            per_team.setdefault(row["team"], []).append((row["status"], row["n"]))
        return {team: say_do(per_team.get(team, [])) for team in TEAMS}

    # -- notes ----------------------------------------------------------------

    def _validate_kind(self, kind: str) -> str:
        kind = kind.strip().lower().replace("'", "")
        if kind not in NOTE_KINDS:
            raise InvalidInput(f"unknown note kind '{kind}' (use {', '.join(NOTE_KINDS)})")
        return kind

    @_locked
    def add_note(
        self, kind: str, text: str, *, author: str | None = None, week: Week | None = None
    ) -> Note:
        week = week or Week.current()
        kind = self._validate_kind(kind)
        text = clean_text(text, "note text")
        author = clean_text(author or current_user(), "author", max_len=200, single_line=True)
        with self._write(week) as now:
            row = {
                "id": new_id(),
                "week": week.id,
                "kind": kind,
                "author": author,
                "text": text,
                "created_at": now,
                "updated_at": now,
            }
            q.ensure_week(self._db, week.id, now)
            q.insert_note(self._db, row)
        return Note.from_row(row)

    @_locked
    def find_note(self, prefix: str) -> Note:
        return Note.from_row(self._find(prefix, q.notes_by_prefix, "note"))

    @_locked
    def edit_note(
        self,
        prefix: str,
        *,
        text: str | None = None,
        kind: str | None = None,
        author: str | None = None,
    ) -> Note:
        found = self.find_note(prefix)
        fields: dict[str, Any] = {}
        if text is not None:
            fields["text"] = clean_text(text, "note text")
        if kind is not None:
            fields["kind"] = self._validate_kind(kind)
        if author is not None:
            fields["author"] = clean_text(author, "author", max_len=200, single_line=True)
        if not fields:
            return found
        with self._write(parse_week(found.week)) as now:
            q.update_note(self._db, found.id, {**fields, "updated_at": now})
        return self.find_note(found.id)

    @_locked
    def delete_note(self, prefix: str) -> Note:
        found = self.find_note(prefix)
        with self._write(parse_week(found.week)):
            q.delete_note(self._db, found.id)
        return found

    @_locked
    def notes(self, week: Week) -> list[Note]:
        return [Note.from_row(r) for r in q.notes_for_week(self._db, week.id)]

    # -- merge conflicts (scorecard/conflicts.py) --------------------------------

    # scorecard.conflicts (and the merge code it uses) is imported only when a
    # conflict is listed or resolved: start-up only needs to count them.

    @_locked
    def conflict_count(self) -> int:
        """How many conflicts a git merge left in the database."""
        return q.count_conflicts(self._db)

    @_locked
    def conflicts(self) -> list[MergeConflict]:
        """Conflicts a git merge left in the database, to resolve one by one."""
        from scorecard import conflicts as merge_conflicts

        return merge_conflicts.list_all(self._db)

    @_locked
    def resolve_conflict(
        self, prefix: str, choice: Choice, value: str | None = None
    ) -> tuple[MergeConflict, Any]:
        """Keep ours, theirs or a typed ``value``; returns the conflict and the value kept."""
        from scorecard import conflicts as merge_conflicts

        found = merge_conflicts.find(self._db, prefix)
        with self._write() as now:
            kept = merge_conflicts.resolve(
                self._db, found, choice, value, now=now, who=current_user()
            )
        return found, kept

    # -- the week at a glance ---------------------------------------------------

    @_locked
    def summary(self, week: Week) -> WeekSummary:
        """Everything about one week, in a handful of queries."""
        lines = self._lines(week, self.config.metrics)
        rows = [Commitment.from_row(r) for r in q.commitments_for_week(self._db, week.id)]
        return WeekSummary(
            info=self.week_info(week),
            lines=lines,
            due=tuple(c for c in rows if c.due_week == week.id),
            made=tuple(c for c in rows if c.week_made == week.id),
            notes=tuple(self.notes(week)),
            say_do=self.say_do(week),
        )

    @_locked
    def metric_line(self, week: Week, metric: str) -> MetricLine:
        """One scorecard row, as :meth:`summary` has it: after saving one value,
        this is all that changed, at a fraction of the cost of the whole week."""
        return self._lines(week, [self.metric(metric)])[0]

    def _lines(self, week: Week, specs: list[cfg.Metric]) -> tuple[MetricLine, ...]:
        weeks = week_range(week, TREND_WEEKS)
        keys = [m.key for m in specs]
        history: dict[tuple[str, str], dict[str, Any]] = {
            (r["metric"], r["week"]): r
            for r in q.values_between(self._db, weeks[0].id, week.id, keys)
        }
        lines = []
        for spec in specs:
            row = history.get((spec.key, week.id))
            value = MetricValue.from_row(row) if row else None
            target = value.target if value and value.target is not None else spec.target
            prev = history.get((spec.key, (week - 1).id))
            lines.append(
                MetricLine(
                    metric=spec,
                    value=value,
                    target=target,
                    status=evaluate(
                        value.value if value else None, target, spec.direction, spec.tolerance
                    ),
                    previous=prev["value"] if prev else None,
                    trend=tuple((history.get((spec.key, w.id)) or {}).get("value") for w in weeks),
                )
            )
        return tuple(lines)

    # -- ranges of weeks and bulk writes (export, import) -----------------------

    @_locked
    def values_between(self, first: Week, last: Week) -> list[MetricValue]:
        """Every stored value in [first, last], by week then metric (one query)."""
        rows = q.values_between(self._db, first.id, last.id)
        return [MetricValue.from_row(r) for r in rows]

    @_locked
    def week_infos(self, first: Week, last: Week) -> dict[str, WeekInfo]:
        """Stored weeks in [first, last] by id (weeks never written are absent)."""
        return {
            r["week"]: WeekInfo(
                parse_week(r["week"]), r["rating"], bool(r["closed"]), r["closed_at"]
            )
            for r in q.weeks_between(self._db, first.id, last.id)
        }

    @_locked
    def commitments_made_between(self, first: Week, last: Week) -> list[Commitment]:
        """Commitments made in [first, last], oldest first."""
        rows = q.commitments_made_between(self._db, first.id, last.id)
        return [Commitment.from_row(r) for r in rows]

    @_locked
    def open_commitments_before(self, week: Week) -> list[Commitment]:
        """Commitments made before ``week`` that are still open, oldest due first."""
        rows = q.open_commitments_made_before(self._db, week.id)
        return [Commitment.from_row(r) for r in rows]

    @_locked
    def notes_between(self, first: Week, last: Week) -> list[Note]:
        return [Note.from_row(r) for r in q.notes_between(self._db, first.id, last.id)]

    @_locked
    def set_values(
        self, entries: Iterable[tuple[Week, str, float, str | None]], *, who: str | None = None
    ) -> int:
        """Record many ``(week, metric, value, note)`` in ONE transaction.

        All or nothing: an unknown metric, a bad number or a closed week
        raises and nothing is written. A ``None`` note keeps the stored one.
        Returns the number of values written.
        """
        rows = []
        for week, metric, value, note in entries:
            spec = self.metric(metric)
            value = check_finite(float(value), f"value for {metric} in {week}")
            if note is not None:
                note = clean_text(note, "note", max_len=2000) if note.strip() else None
            rows.append((week, spec, value, note))
        who = who or current_user()
        with self._write() as now:
            closed: dict[str, bool] = {}
            for week, spec, value, note in rows:
                if week.id not in closed:
                    found = q.get_week(self._db, week.id)
                    closed[week.id] = bool(found and found["closed"])
                if closed[week.id]:
                    raise WeekClosed(f"week {week} is closed; reopen it to make changes")
                existing = q.get_value(self._db, week.id, spec.key)
                self._put_value(week, spec, value, note, who, now, existing)
        return len(rows)

    # -- issues (scorecard/issues/) ---------------------------------------------------

    def _issue(self, row: dict[str, Any]) -> Any:
        from scorecard.issues import read

        return read.with_links(self._db, [row])[0]

    @_locked
    def find_issue(self, prefix: str) -> Any:
        from db import issues as iq

        return self._issue(self._find(prefix, iq.issues_by_prefix, "issue"))

    @_locked
    def issue_source(self, spec: str) -> Any:
        """What ``--from`` names: a metric key, else a commitment or note id prefix."""
        from scorecard.issues.model import Source

        text = spec.strip()
        found = self.config.metric(text) or self.config.metric(text.lower())
        if found is not None:
            return Source("metric", found.key)
        key = text.lower()
        if len(key) < 4 or any(c not in "0123456789abcdef" for c in key):
            known = ", ".join(m.key for m in self.config.metrics)
            raise NotFound(f"'{spec}' is neither a metric ({known}) nor a commitment or note id")
        hits = [
            ("commitment", r["id"]) for r in q.commitments_by_prefix(self._db, key, limit=2)
        ] + [("note", r["id"]) for r in q.notes_by_prefix(self._db, key, limit=2)]
        if not hits:
            raise NotFound(f"no metric, commitment or note with id {key}")
        if len(hits) > 1:
            shown = ", ".join(f"{kind} {ref[:10]}" for kind, ref in hits[:3])
            raise InvalidInput(f"id {key} is ambiguous ({shown}…); type more characters")
        return Source(*hits[0])

    def _default_owner(self, source: Any) -> str | None:
        if source is None:
            return None
        if source.kind == "metric":
            owner = self.metric(source.id).owner
            return next((t.lead for k, t in self.config.teams.items() if k == owner), None)
        if source.kind == "commitment":
            return str(self.find_commitment(source.id).owner)
        return str(self.find_note(source.id).author)

    @_locked
    def add_issue(
        self,
        text: str,
        *,
        source: Any = None,
        owner: str | None = None,
        week: Week | None = None,
    ) -> Any:
        """Raise an issue (at the bottom of the ranking); ``source`` is a
        :class:`~scorecard.issues.model.Source` or what ``--from`` takes."""
        from scorecard.issues import commands
        from scorecard.issues.model import MAX_ISSUE_TEXT

        week = week or Week.current()
        text = clean_text(text, "issue text", max_len=MAX_ISSUE_TEXT)
        if isinstance(source, str):
            source = self.issue_source(source)
        if owner is None:
            owner = self._default_owner(source)
        elif not owner.strip():
            owner = None
        if owner is not None:
            owner = clean_text(owner, "owner", max_len=200, single_line=True)
        with self._write(week) as now:
            q.ensure_week(self._db, week.id, now)
            row = commands.raise_issue(
                self._db,
                text=text,
                week=week,
                owner=owner,
                source=source,
                who=current_user(),
                now=now,
            )
        return self._issue(row)

    def _reread_issue(self, found: Any) -> Any:
        from db import issues as iq

        row = iq.get_issue(self._db, found.id)
        if row is None:
            raise NotFound(f"no issue with id {found.id}")
        return self._issue(row)

    @_locked
    def rank_issue(self, prefix: str, position: int, *, week: Week | None = None) -> Any:
        """Move open issue ``prefix`` to ``position`` (1 = top) of the open issues."""
        from scorecard.issues import commands

        found = self.find_issue(prefix)
        week = week or Week.current()
        with self._write(week) as now:
            found = self._reread_issue(found)
            commands.move(self._db, found, position, week, current_user(), now)
        return self.find_issue(found.id)

    @_locked
    def edit_issue(self, prefix: str, *, text: str | None = None, owner: str | None = None) -> Any:
        from scorecard.issues import commands
        from scorecard.issues.model import MAX_ISSUE_TEXT

        found = self.find_issue(prefix)
        fields: dict[str, Any] = {}
        if text is not None:
            fields["text"] = clean_text(text, "issue text", max_len=MAX_ISSUE_TEXT)
        if owner is not None:
            fields["owner"] = (
                clean_text(owner, "owner", max_len=200, single_line=True) if owner.strip() else None
            )
        fields = {k: v for k, v in fields.items() if getattr(found, k) != v}
        if not fields:
            return found
        week = Week.current()
        with self._write(week) as now:
            commands.edit(self._db, found, fields, week, current_user(), now)
        return self.find_issue(found.id)

    @_locked
    def solve_issue(
        self,
        prefix: str,
        *,
        note: str | None = None,
        commitments: Iterable[tuple[str, str | None, str | None, Week | None]] = (),
        week: Week | None = None,
    ) -> Any:
        """Solve an open issue, making ``commitments`` ``(text, owner, team, due)``
        linked to it, all in one transaction (an owner of None is the issue's)."""
        from scorecard.issues import commands
        from scorecard.issues.model import MAX_RESOLUTION

        found = self.find_issue(prefix)
        week = week or Week.current()
        resolution = (
            clean_text(note, "resolution note", max_len=MAX_RESOLUTION)
            if note and note.strip()
            else None
        )
        wanted = list(commitments)
        with self._write(week) as now:
            found = self._reread_issue(found)
            if not found.is_open:
                raise InvalidInput(f"issue {found.short_id} is already {found.status}")
            made = []
            for text, owner, team, due in wanted:
                who = owner if owner is not None else found.owner
                if who is None:
                    raise InvalidInput(f"commitment '{text[:40]}' needs an owner (--owner NAME)")
                made.append(self.add_commitment(text, who, team=team, due=due, week=week).id)
            commands.settle(
                self._db,
                found,
                "solved",
                week=week,
                resolution=resolution,
                commitment_ids=made,
                who=current_user(),
                now=now,
            )
        return self.find_issue(found.id)

    @_locked
    def drop_issue(self, prefix: str, *, note: str | None = None, week: Week | None = None) -> Any:
        from scorecard.issues import commands
        from scorecard.issues.model import MAX_RESOLUTION

        found = self.find_issue(prefix)
        week = week or Week.current()
        resolution = (
            clean_text(note, "note", max_len=MAX_RESOLUTION) if note and note.strip() else None
        )
        with self._write(week) as now:
            found = self._reread_issue(found)
            commands.settle(
                self._db,
                found,
                "dropped",
                week=week,
                resolution=resolution,
                commitment_ids=[],
                who=current_user(),
                now=now,
            )
        return self.find_issue(found.id)

    @_locked
    def reopen_issue(self, prefix: str, *, week: Week | None = None) -> Any:
        from scorecard.issues import commands

        found = self.find_issue(prefix)
        week = week or Week.current()
        with self._write(week) as now:
            found = self._reread_issue(found)
            commands.reopen(self._db, found, week, current_user(), now)
        return self.find_issue(found.id)

    @_locked
    def issues(self, *, open_only: bool = True, week: Week | None = None) -> list[Any]:
        """Open issues ranked (or every issue); with ``week``, those of that week:
        open at its end (ranked), and with ``open_only=False`` also raised or settled in it."""
        from scorecard.issues import read

        if week is None:
            return read.ranked(self._db) if open_only else read.everything(self._db)
        found = read.week_issues(self._db, week)
        if open_only:
            return list(found.open)
        unique = {i.id: i for i in (*found.open, *found.raised, *found.solved, *found.dropped)}
        return list(unique.values())

    @_locked
    def week_issues(self, week: Week) -> Any:
        from scorecard.issues import read

        return read.week_issues(self._db, week)

    @_locked
    def range_issues(self, first: Week, last: Week) -> Any:
        from scorecard.issues import read

        return read.range_issues(self._db, first, last)

    @_locked
    def issue_suggestions(self, week: Week) -> list[Any]:
        """Issues the data of ``week`` suggests raising (never raised on their own)."""
        from scorecard.issues import read

        return read.suggestions(
            self.config,
            lines=self._lines(week, self.config.metrics),
            previous=self._lines(week - 1, self.config.metrics),
            slipped=read.slipped_twice(self._db, week),
            notes=self.notes(week),
            issues=read.everything(self._db),
            week=week,
        )

    @_locked
    def issue_history(self, prefix: str) -> list[Any]:
        from db import issues as iq
        from scorecard.issues.model import IssueEvent

        found = self.find_issue(prefix)
        return [IssueEvent.from_row(r) for r in iq.events_for(self._db, found.id)]
