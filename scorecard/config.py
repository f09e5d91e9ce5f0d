"""scorecard.toml's settings: frozen dataclasses, each field with its pydantic-core schema.

Objects built in code (defaults, tests) are trusted; a file is checked against
these schemas by one ``SchemaValidator`` (:mod:`scorecard.config_file`, which
finds, reads and writes the file). Every command reads the config, so this is
on everyone's start-up path: pydantic's ``BaseModel`` machinery (importing it
and building six models) cost more than a third of ``scorecard show`` (see
docs/benchmarks.md), pydantic-core costs nothing beyond ``import pydantic``.
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal, get_args

from pydantic_core import CoreSchema
from pydantic_core import core_schema as cs

from scorecard import formula as fx
from scorecard.enums import AREAS as AREAS
from scorecard.enums import MAX_CONFIG_BYTES as MAX_CONFIG_BYTES
from scorecard.enums import Area as Area
from scorecard.enums import Direction as Direction
from scorecard.enums import Team as TeamName
from scorecard.enums import Unit as Unit
from scorecard.errors import InvalidInput

Owner = TeamName
TeamKey = Literal["sales", "marketing"]
Aggregate = Literal["sum", "count", "mean", "last"]

KEY = cs.str_schema(pattern=r"^[a-z][a-z0-9_-]{0,39}$")
TEXT = cs.str_schema(min_length=1, max_length=2000)
_BOUND = cs.nullable_schema(cs.float_schema())  # ``max = inf``: no limit


def _formula(text: str) -> str:
    """A formula's syntax is checked with its field; what it refers to, by the config."""
    if text:
        try:
            fx.parse(text)
        except fx.FormulaError as exc:
            raise ValueError(str(exc)) from None
    return text


def _quarter(text: str) -> str:
    from scorecard.quarters import parse_quarter

    if text.strip().lower() in {"this", "current", "now", "last", "previous", "prev", "next"}:
        raise ValueError(f"'{text}' is relative; write the quarter, like 2026-Q4")
    try:
        return parse_quarter(text).id
    except InvalidInput:
        raise ValueError(f"'{text}' is not a quarter like 2026-Q4") from None


FORMULA = cs.no_info_after_validator_function(_formula, cs.str_schema(max_length=fx.MAX_LENGTH))
QUARTER = cs.no_info_after_validator_function(_quarter, cs.str_schema(max_length=20))
FINITE = cs.float_schema(allow_inf_nan=False)


def _one_of(literal: Any) -> CoreSchema:
    return cs.literal_schema(list(get_args(literal)))


def _rule(schema: CoreSchema) -> dict[str, CoreSchema]:
    """A dataclass field's metadata: the schema it is validated with."""
    return {"schema": schema}


def schema_of(cls: type) -> CoreSchema:
    """The schema of a settings dataclass: a strict dict of its fields, then the object."""
    fields = {}
    for item in dataclasses.fields(cls):
        schema = item.metadata["schema"]
        required = item.default is dataclasses.MISSING
        required = required and item.default_factory is dataclasses.MISSING
        if item.default is not dataclasses.MISSING:
            schema = cs.with_default_schema(schema, default=item.default)
        elif item.default_factory is not dataclasses.MISSING:
            schema = cs.with_default_schema(schema, default_factory=item.default_factory)
        fields[item.name] = cs.typed_dict_field(schema, required=required)
    body = cs.typed_dict_schema(fields, extra_behavior="forbid")

    def build(data: dict[str, Any]) -> Any:
        made = cls(**data)
        check = getattr(made, "_check", None)
        if check is not None:
            check()
        return made

    return cs.no_info_after_validator_function(build, body)


@dataclass(frozen=True, kw_only=True)
class Team:
    name: str = field(metadata=_rule(TEXT))
    """Display name of the team, e.g. "Sales"."""
    lead: str = field(metadata=_rule(TEXT))
    """The team's lead, who runs the weekly sync."""


@dataclass(frozen=True, kw_only=True)
class Metric:
    key: str = field(metadata=_rule(KEY))
    """Short id used on the command line (``scorecard set mqls 120``)."""
    name: str = field(metadata=_rule(TEXT))
    """Human name shown in the scorecard and reports."""
    area: Area = field(metadata=_rule(_one_of(Area)))
    """Awareness, revenue or trust."""
    owner: Owner = field(metadata=_rule(_one_of(Owner)))
    """Who is accountable: sales, marketing, or shared ("WE won that deal")."""
    unit: Unit = field(default="count", metadata=_rule(_one_of(Unit)))
    """count, currency (see ``currency``) or percent (35 means 35%)."""
    target: float = field(metadata=_rule(cs.float_schema(allow_inf_nan=False)))
    """The weekly target in force now. Values keep the target of their week."""
    direction: Direction = field(default="higher", metadata=_rule(_one_of(Direction)))
    """Whether higher or lower values are better."""
    tolerance: float = field(default=0.1, metadata=_rule(cs.float_schema(ge=0, le=1)))
    """How far from target (a fraction of it) still counts as "at risk"."""
    description: str = field(default="", metadata=_rule(cs.str_schema()))
    """Optional: how the metric is counted."""
    formula: str = field(default="", metadata=_rule(FORMULA))
    """Derived metrics: computed each week from other metrics (see docs), never typed."""
    stage: int | None = field(
        default=None, metadata=_rule(cs.nullable_schema(cs.int_schema(ge=1, le=99)))
    )
    """Its place in the funnel (1 is the top); only count metrics are stages."""
    min: float | None = field(default=None, metadata=_rule(_BOUND))
    """Lowest value accepted; by default 0 (every unit), ``-inf`` for none.
    See :mod:`scorecard.bounds`."""
    max: float | None = field(default=None, metadata=_rule(_BOUND))
    """Highest value accepted; by default 100 for a percent, none (``inf``) otherwise."""
    decimals: int | None = field(
        default=None, metadata=_rule(cs.nullable_schema(cs.int_schema(ge=0, le=6)))
    )
    """Decimal places accepted; by default 0 for a count (whole numbers), any otherwise."""

    def __post_init__(self) -> None:
        # Numbers are floats however they were written (``target=120`` in code).
        object.__setattr__(self, "target", float(self.target))
        object.__setattr__(self, "tolerance", float(self.tolerance))
        for name in ("min", "max"):
            if getattr(self, name) is not None:
                object.__setattr__(self, name, float(getattr(self, name)))

    def _check(self) -> None:
        from scorecard.bounds import check_bounds  # the one home of the bounds rules

        check_bounds(self)

    @property
    def derived(self) -> bool:
        """Computed from a formula: there is nothing to type."""
        return bool(self.formula)


@dataclass(frozen=True, kw_only=True)
class Agreement:
    key: str = field(metadata=_rule(KEY))
    """Short id, e.g. ``lead-definition``."""
    title: str = field(metadata=_rule(TEXT))
    """What the rule is about, e.g. "What counts as a lead"."""
    text: str = field(metadata=_rule(cs.str_schema(min_length=1, max_length=10000)))
    """The rule as both leads agreed it."""
    agreed: date | None = field(default=None, metadata=_rule(cs.nullable_schema(cs.date_schema())))
    """The date both leads agreed it (a TOML date: 2026-09-01). Without it the rule
    is a draft: shown as one in the app, left out of the reports' rules in force."""

    @property
    def is_draft(self) -> bool:
        return self.agreed is None


@dataclass(frozen=True, kw_only=True)
class Goal:
    key: str = field(metadata=_rule(KEY))
    """Short id, e.g. ``q4-revenue``."""
    name: str = field(metadata=_rule(TEXT))
    """What the goal is, e.g. "Q4 closed-won revenue"."""
    metric: str = field(metadata=_rule(KEY))
    """The metric it is measured by."""
    quarter: str = field(metadata=_rule(QUARTER))
    """``2026-Q4``: a week belongs to the quarter of its Thursday."""
    target: float = field(metadata=_rule(FINITE))
    """The quarter's sum to reach (for a percent metric: the level to be at)."""
    owner: Owner = field(metadata=_rule(_one_of(Owner)))
    """Who is accountable: sales, marketing or shared."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "target", float(self.target))


@dataclass(frozen=True, kw_only=True)
class GitSettings:
    commit_on_close: bool = field(default=True, metadata=_rule(cs.bool_schema()))
    """Commit the database and the week's report when a week is closed."""
    tag: bool = field(default=True, metadata=_rule(cs.bool_schema()))
    """Tag the close commit ``scorecard/<week>``."""


def _zone(name: str) -> str:
    """A time zone of the tz database (``Europe/Berlin``), or ``UTC``."""
    if name.upper() == "UTC":
        return "UTC"
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError  # only when a zone is set

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone '{name}' (use a name like Europe/Berlin)") from None
    return name


@dataclass(frozen=True, kw_only=True)
class ImportProfile:
    """A saved ``scorecard import --metric … --save NAME`` mapping (``[[imports]]``)."""

    name: str = field(metadata=_rule(KEY))
    """What ``scorecard import FILE --profile NAME`` calls it."""
    metric: str = field(metadata=_rule(KEY))
    """The metric the weekly values go to."""
    date: str = field(metadata=_rule(TEXT))
    """The column whose date puts a row in its ISO week."""
    value: str = field(default="", metadata=_rule(cs.str_schema(max_length=2000)))
    """The column summed (or averaged, or taken last); empty: rows are counted."""
    aggregate: Aggregate | None = field(default=None, metadata=_rule(_one_of(Aggregate)))
    """sum, count, mean or last (default: sum with a value column, else count)."""
    where: list[str] = field(
        default_factory=list, metadata=_rule(cs.list_schema(cs.str_schema(max_length=2000)))
    )
    """Row filters, each ``COLUMN=VALUE`` (case-insensitive; AND across columns, OR within)."""
    date_format: str = field(default="", metadata=_rule(cs.str_schema(max_length=100)))
    """The date format when the file cannot decide it (``m/d/Y``, ``d/m/Y``…)."""

    def _check(self) -> None:
        bad = [w for w in self.where if "=" not in w or not w.partition("=")[0].strip()]
        if bad:
            raise ValueError(f"where: '{bad[0]}' is not COLUMN=VALUE")
        if self.value and self.aggregate == "count":
            raise ValueError("aggregate: count counts rows; it takes no value column")
        if not self.value and self.aggregate not in (None, "count"):
            raise ValueError(f"aggregate: {self.aggregate} needs a value column")
        if self.date_format:
            from scorecard.errors import InvalidInput
            from scorecard.importing.dates import parse_format

            try:
                parse_format(self.date_format)
            except InvalidInput as exc:
                raise ValueError(f"date_format: {exc}".replace("--date-format ", "")) from None

    @property
    def how(self) -> Aggregate:
        return self.aggregate or ("sum" if self.value else "count")


@dataclass(frozen=True, kw_only=True)
class Config:
    title: str = field(metadata=_rule(TEXT))
    """The workspace title shown in the header and reports."""
    currency: str = field(default="USD", metadata=_rule(cs.str_schema(pattern=r"^[A-Z]{3}$")))
    """ISO code for currency metrics (USD, EUR and GBP show a symbol)."""
    database: str = field(default="scorecard.db", metadata=_rule(cs.str_schema()))
    """Path of the SQLite file, relative to this toml."""
    allow_external_database: bool = field(default=False, metadata=_rule(cs.bool_schema()))
    """Set to true to allow a database path outside this folder (absolute or ``..``)."""
    reports_dir: str = field(default="reports", metadata=_rule(cs.str_schema()))
    """Where ``close`` writes each week's Markdown report, relative to this toml."""
    teams: dict[TeamKey, Team] = field(
        metadata=_rule(cs.dict_schema(_one_of(TeamKey), schema_of(Team)))
    )
    """The two teams, ``sales`` and ``marketing``, with their leads."""
    metrics: list[Metric] = field(metadata=_rule(cs.list_schema(schema_of(Metric))))
    """The scorecard, in display order within each area."""
    agreements: list[Agreement] = field(
        default_factory=list, metadata=_rule(cs.list_schema(schema_of(Agreement)))
    )
    """The operating rules: lead definition, hand-off, follow-up SLA…"""
    goals: list[Goal] = field(default_factory=list, metadata=_rule(cs.list_schema(schema_of(Goal))))
    """Quarterly goals on the metrics, with pace."""
    git: GitSettings = field(default_factory=GitSettings, metadata=_rule(schema_of(GitSettings)))
    """What happens in git when a week is closed."""
    timezone: str = field(
        default="UTC",
        metadata=_rule(cs.no_info_after_validator_function(_zone, cs.str_schema(min_length=1))),
    )
    """The workspace's time zone: imported times with a zone are converted to it."""
    imports: list[ImportProfile] = field(
        default_factory=list, metadata=_rule(cs.list_schema(schema_of(ImportProfile)))
    )
    """Saved import mappings (``scorecard import FILE --profile NAME``)."""

    def _check(self) -> None:
        """What no single field can say: raised as one ``ValueError``."""
        missing = {"sales", "marketing"} - set(self.teams)
        if missing:
            raise ValueError(f"teams: missing {', '.join(sorted(missing))}")
        if not self.metrics:
            raise ValueError("metrics: at least one metric is needed")
        for label, keys in (
            ("metric", [m.key for m in self.metrics]),
            ("agreement", [a.key for a in self.agreements]),
            ("goal", [g.key for g in self.goals]),
            ("import profile", [p.name for p in self.imports]),
        ):
            dupes = sorted({k for k in keys if keys.count(k) > 1})
            if dupes:
                raise ValueError(f"duplicate {label} key {', '.join(dupes)}")
        if not self.database.strip():
            raise ValueError("database: must not be empty")
        known = {m.key for m in self.metrics}
        for index, profile in enumerate(self.imports):
            if profile.metric not in known:
                raise ValueError(f"imports[{index}].metric: unknown metric '{profile.metric}'")
        self._check_formulas()
        self._check_stages()
        for i, goal in enumerate(self.goals):
            if self.metric(goal.metric) is None:
                raise ValueError(f"goals[{i}].metric: unknown metric '{goal.metric}'")

    def _check_formulas(self) -> None:
        keys = {m.key for m in self.metrics}
        for i, m in enumerate(self.metrics):
            if not m.formula:
                continue
            for ref in fx.refs(fx.parse(m.formula)):
                if ref not in keys:
                    raise ValueError(f"metrics[{i}].formula: {_unknown_ref(ref, keys)}")
        try:
            self.formulas  # noqa: B018 (orders them: a cycle raises)
        except fx.CycleError as exc:
            first = exc.cycle[0]
            i = next(i for i, m in enumerate(self.metrics) if m.key == first)
            raise ValueError(f"metrics[{i}].formula: {first} depends on itself ({exc})") from None

    def _check_stages(self) -> None:
        seen: dict[int, str] = {}
        for i, m in enumerate(self.metrics):
            if m.stage is None:
                continue
            if m.unit != "count":
                raise ValueError(
                    f"metrics[{i}].stage: a funnel stage must be a count ({m.key} is a {m.unit})"
                )
            if m.stage in seen:
                raise ValueError(f"metrics[{i}].stage: stage {m.stage} is already {seen[m.stage]}")
            seen[m.stage] = m.key

    @functools.cached_property
    def formulas(self) -> dict[str, fx.Node]:
        """Derived metrics' parsed formulas, in an order where inputs come first."""
        parsed = {m.key: fx.parse(m.formula) for m in self.metrics if m.formula}
        return {key: parsed[key] for key in fx.evaluation_order(parsed)}

    @property
    def funnel(self) -> list[Metric]:
        """The funnel's stages, top first."""
        return sorted((m for m in self.metrics if m.stage is not None), key=lambda m: m.stage or 0)

    def goals_in(self, quarter: str) -> list[Goal]:
        return [g for g in self.goals if g.quarter == quarter]

    def metric(self, key: str) -> Metric | None:
        return next((m for m in self.metrics if m.key == key), None)


def _unknown_ref(ref: str, keys: set[str]) -> str:
    parts = ref.split("-")
    for cut in range(1, len(parts)):
        left, right = "-".join(parts[:cut]), "-".join(parts[cut:])
        if left in keys and (right in keys or right.replace(".", "", 1).isdigit()):
            return (
                f"unknown metric '{ref}' (a '-' inside a name is part of it: "
                f"write '{left} - {right}' to subtract)"
            )
    return f"unknown metric '{ref}'"
