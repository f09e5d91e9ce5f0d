"""The benchmark: every figure against its baseline, measured in the same run.

    python bench/run.py            ten-year workspace, 9 rounds; writes docs/benchmarks.md
    python bench/run.py --quick    a 26-week workspace, 2 rounds, in seconds (CI)

Prints a table (figure, measured, baseline, ratio, budget, result). The full
run exits 1 when a budget is missed; ``--quick`` only proves the benchmark
still runs (exit 0 unless a measured command fails: CI does not judge timings).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import crm, generate, githistory, measure, storage  # noqa: E402
from bench import report as rp  # noqa: E402
from bench.doc import write_doc  # noqa: E402
from bench.measure import IMPORT_DEPS, Trial, TrialFailed  # noqa: E402

APPS = ROOT / "bench" / "apps"
DOC = ROOT / "docs" / "benchmarks.md"
FRAME_MS = 16.0
SCREEN_MS = 100.0
FIRST_OPENINGS = 5
"""Processes that each open every screen once (its first opening in an app)."""


def log(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def scorecard_cmd() -> list[str]:
    script = Path(sys.executable).parent / "scorecard"
    return [str(script)] if script.exists() else [sys.executable, "-m", "scorecard"]


def landed() -> set[str]:
    """Which of the measured commands exist in this checkout."""
    import click

    from scorecard.cli import cli

    ctx = click.Context(cli)
    names = set(cli.list_commands(ctx))
    group = cli.get_command(ctx, "git") if "git" in names else None
    if isinstance(group, click.Group):
        names |= {f"git {name}" for name in group.list_commands(ctx)}
    if importlib.util.find_spec("screens.app") is not None:
        names.add("screens.app")
    return names


class Bench:
    def __init__(self, made: generate.Generated, scratch: Path) -> None:
        self.made = made
        self.scratch = scratch
        self.folder = scratch / "ws"
        shutil.copytree(made.folder, self.folder)
        self.config = self.folder / "scorecard.toml"
        self.db = self.folder / "scorecard.db"
        self.week = made.week.id
        # As on a user's machine, compiled bytecode is cached (pip compiles it at
        # install; an editable checkout writes it on the warm-up run).
        inherited = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        self.env = {
            **inherited,
            "SCORECARD_CONFIG": str(self.config),
            "SCORECARD_TODAY": made.today.isoformat(),
            "SCORECARD_USER": "bench",
        }
        self.scorecard = scorecard_cmd()
        self.commands = landed()
        self.quick = made.size.weeks < generate.TEN_YEARS.weeks
        from scorecard import config_file

        self.metrics = [m.key for m in config_file.load(self.config).metrics]

    def trial(self, name: str, argv: list[str], **kw: object) -> Trial:
        return Trial(name, argv, self.env, cwd=str(self.scratch), **kw)  # type: ignore[arg-type]

    # -- the trials -----------------------------------------------------------

    def headless(self) -> dict[str, Trial]:
        sc, week = self.scorecard, self.week
        trials = {
            "import": self.trial("python -c import deps", [sys.executable, "-c", IMPORT_DEPS])
        }
        trials["show"] = self.trial("show", [*sc, "show"], check=self._expect(week))
        if "export" in self.commands:
            argv = [*sc, "export", "--week", week]
            trials["export"] = self.trial("export", argv, check=self._expect(week))
        if "git textconv" in self.commands:
            argv = [*sc, "git", "textconv", str(self.db)]
            trials["textconv"] = self.trial("textconv", argv, check=self._expect("notes"))
        if "git merge" in self.commands:
            trials["merge"] = self._merge_trial()
        if "import" in self.commands:
            made = self.made
            trials |= crm.trials(self.scratch, self.env, sc, made.today, made.seed, self.quick)
        return trials

    def apps(self) -> dict[str, Trial]:
        py = sys.executable
        trials = {
            "bare": self.trial("bare app", [py, str(APPS / "bare.py")], ready=True),
            "deps": self.trial(
                "bare app + deps", [py, str(APPS / "bare.py"), "--deps"], ready=True
            ),
        }
        if "screens.app" in self.commands:
            trials["tui"] = self.trial("scorecard TUI", [py, str(APPS / "tui.py")], ready=True)
        # The same start-up as a person sees it: on a pty, until the data is drawn.
        bare = [py, str(APPS / "bare.py"), "--deps", "--terminal"]
        trials["term-deps"] = self.trial(
            "bare app + deps on a terminal", bare, markers=("Metric 0", "Metric 29")
        )
        if "screens.app" in self.commands:
            trials["term-tui"] = self.trial(
                "scorecard TUI on a terminal", self.scorecard, markers=self.drawn_markers()
            )
        return trials

    def drawn_markers(self) -> tuple[str, ...]:
        """Text on the week screen only once its data is drawn: the first metric,
        the first commitment due and the first retro note of this week."""
        done = subprocess.run(
            [*self.scorecard, "export", "-f", "json", "--week", self.week],
            env=self.env, capture_output=True, text=True, check=True,
        )  # fmt: skip
        week = json.loads(done.stdout)
        markers = [week["metrics"][0]["name"]]
        due = week.get("commitments", {}).get("still_open") or []
        if due:
            markers.append(due[0]["text"][:20])
        kinds = ["worked", "didnt", "why", "idea", "kudos"]  # the order the retro list shows
        notes = sorted(week.get("notes") or [], key=lambda n: kinds.index(n["kind"]))
        if notes:
            markers.append(notes[0]["text"][:12])
        return tuple(markers)

    @staticmethod
    def _expect(text: str) -> Callable[[str], None]:
        def check(stdout: str) -> None:
            if text not in stdout:
                raise TrialFailed(f"output lacks {text!r}: {stdout[:200]!r}")

        return check

    def _merge_trial(self) -> Trial:
        """Two copies of the ten-year file, each with one week changed."""
        from scorecard.weeks import parse_week
        from scorecard.workspace import Workspace

        root = self.scratch / "merge"
        sides = {}
        for side in ("ours", "theirs"):
            sides[side] = root / side
            shutil.copytree(self.folder, sides[side])
        base, result = root / "base.db", root / "result.db"
        shutil.copyfile(self.db, base)
        week = parse_week(self.week)
        metrics = self.metrics
        with Workspace.open(sides["ours"] / "scorecard.toml") as ws:
            ws.set_value(week, metrics[0], 4242.0)
        old = week - 10
        with Workspace.open(sides["theirs"] / "scorecard.toml") as ws:
            ws.reopen_week(old)
            ws.set_value(old, metrics[1], 4343.0)
            ws.close_week(old)

        def prepare() -> None:
            shutil.copyfile(sides["ours"] / "scorecard.db", result)

        def check(_: str) -> None:
            conn = sqlite3.connect(result)
            sql = "SELECT value FROM metric_values WHERE value IN (4242.0, 4343.0)"
            try:
                got = {r[0] for r in conn.execute(sql)}
            finally:
                conn.close()
            if not {4242.0, 4343.0} <= got:
                raise TrialFailed(f"merge lost a side's change (found {sorted(got)})")

        argv = [
            *self.scorecard, "git", "merge", str(base), str(result),
            str(sides["theirs"] / "scorecard.db"), "scorecard.db",
        ]  # fmt: skip
        return self.trial("merge", argv, prepare=prepare, check=check)

    def history(self, rounds: int) -> githistory.History:
        """``log --git`` over a week-by-week history of the workspace, and ``git log -p``."""
        return githistory.measure(self.made, self.scratch, self.env, self.scorecard, rounds, log)

    # -- figures that are not timings ---------------------------------------------

    def keyboard_entry(self, runs: int) -> list[float]:
        """Latencies (ms) of whole scorecards entered in fresh copies."""
        latencies: list[float] = []
        for index in range(runs):
            folder = self.scratch / f"entry-{index}"
            shutil.copytree(self.made.folder, folder)
            env = {**self.env, "SCORECARD_CONFIG": str(folder / "scorecard.toml")}
            trial = Trial("keyboard entry", [sys.executable, str(APPS / "entry.py")], env)
            _, stdout = measure.sample(trial)
            latencies += json.loads(stdout.strip().splitlines()[-1])
            log(f"keyboard entry {index + 1}/{runs}")
        return latencies

    def entry_rate(self, metrics: int) -> dict[str, Any]:
        """A scorecard of ``metrics`` values typed in one burst: keys, seconds, wrong values."""
        folder = self.scratch / "entry-rate"
        folder.mkdir()
        argv = [sys.executable, str(APPS / "entry_rate.py"), str(folder), str(metrics)]
        _, stdout = measure.sample(Trial("keyboard entry, sustained", argv, self.env))
        result: dict[str, Any] = json.loads(stdout.strip().splitlines()[-1])
        if result["wrong"]:
            raise TrialFailed(f"keys typed at full speed stored wrong values: {result['wrong']}")
        log(f"keyboard entry, sustained: {result['keys']} keys")
        return result

    def screens(self) -> dict[str, list[float]]:
        """Milliseconds from a screen's key to that screen drawn with its data."""
        folder = self.scratch / "screens"
        shutil.copytree(self.made.folder, folder)
        env = {**self.env, "SCORECARD_CONFIG": str(folder / "scorecard.toml")}
        argv = [sys.executable, str(APPS / "open_screens.py")]
        _, stdout = measure.sample(Trial("screens", argv, env))
        opened: dict[str, list[float]] = json.loads(stdout.strip().splitlines()[-1])
        # Each screen's first opening in an app, from fresh processes: what was
        # made by an earlier opening (a screen kept, a cache) is not there yet.
        firsts: dict[str, list[float]] = {}
        for _ in range(1 if self.quick else FIRST_OPENINGS):
            _, stdout = measure.sample(Trial("screens, first open", [*argv, "--first"], env))
            for name, times in json.loads(stdout.strip().splitlines()[-1]).items():
                firsts.setdefault(f"{name} (first open)", []).extend(times)
        return {**opened, **firsts}

    def one_edit(self) -> tuple[int, int, int]:
        """Bytes and pages one ``scorecard set`` changes in the file, and the page size."""
        folder = self.scratch / "edit"
        shutil.copytree(self.made.folder, folder)
        db_path = folder / "scorecard.db"
        before = db_path.read_bytes()
        metric = self.metrics[-1]  # not entered yet this week: a new row
        env = {**self.env, "SCORECARD_CONFIG": str(folder / "scorecard.toml")}
        trial = Trial("one edit", [*self.scorecard, "set", metric, "123"], env)
        measure.sample(trial)
        page = storage.page_size(db_path)
        n_bytes, pages = storage.changed(before, db_path.read_bytes(), page)
        return n_bytes, pages, page


# -- figures -------------------------------------------------------------------


def _ratio_figure(
    name: str, subject: Trial | None, base: Trial, budget: float | None, *, memory: bool = False
) -> rp.Figure:
    label = "reported" if budget is None else f"≤ {budget:g}×"
    fmt = rp.mb if memory else rp.ms
    base_value = base.peak_kb if memory else base.seconds
    figure = rp.Figure(name, baseline=fmt(base_value), budget=budget, budget_label=label)
    if subject is None:
        figure.missing = rp.NOT_YET
        return figure
    value = subject.peak_kb if memory else subject.seconds
    figure.measured = fmt(value)
    figure.ratio = value / base_value
    return figure


def _quit_figure(subject: Trial | None, base: Trial) -> rp.Figure:
    """ctrl+q → exit on a terminal: no slower than the bare app (with a 5% noise margin)."""
    figure = rp.Figure(
        "TUI on a terminal: ctrl+q → exited vs (b)",
        baseline=rp.ms(base.quit_seconds),
        budget=1.05,
        budget_label="≤ 1.05×",
    )
    if subject is None:
        figure.missing = rp.NOT_YET
        return figure
    figure.measured = rp.ms(subject.quit_seconds)
    figure.ratio = subject.quit_seconds / base.quit_seconds
    return figure


def screens_figure(opened: dict[str, list[float]] | None) -> rp.Figure:
    figure = rp.Figure(
        "slowest screen: key → drawn with its data",
        baseline=f"budget {SCREEN_MS:g} ms",
        budget=1.0,
        budget_label=f"≤ {SCREEN_MS:g} ms",
    )
    if not opened:
        figure.missing = rp.NOT_YET
        return figure
    name, times = max(opened.items(), key=lambda item: statistics.median(item[1]))
    slowest = statistics.median(times)
    figure.measured = f"{slowest:.0f} ms ({name})"
    figure.ratio = slowest / SCREEN_MS
    return figure


def figures(
    bench: Bench,
    timed: dict[str, Trial],
    entry: list[float] | None,
    rate: dict[str, Any] | None = None,
) -> list[rp.Figure]:
    deps_import = timed["import"]
    tui = timed.get("tui")
    out = [
        _ratio_figure("TUI ready vs (a) bare Textual app", tui, timed["bare"], None),
        _ratio_figure("TUI ready vs (b) bare app + deps", tui, timed["deps"], 1.15),
        _ratio_figure("TUI peak memory vs (b)", tui, timed["deps"], 1.15, memory=True),
        _ratio_figure(
            "TUI on a terminal: spawn → data drawn vs (b)",
            timed.get("term-tui"),
            timed["term-deps"],
            1.15,
        ),
        _quit_figure(timed.get("term-tui"), timed["term-deps"]),
    ]
    for key, name, budget in (
        ("show", "`show` (this week)", 1.3),
        ("export", "`export --week` (Markdown)", 1.3),
        ("textconv", "`git textconv` (whole db)", 2.0),
        ("merge", "`git merge` (a week changed each side)", 2.5),
    ):
        figure = _ratio_figure(f"{name} vs import deps", timed.get(key), deps_import, budget)
        out.append(figure)
    if "csv-read" in timed:
        rows = crm.rows(bench.quick)
        name = f"`import` of a {rows:,}-row CRM export vs the csv module reading it"
        out.append(_ratio_figure(name, timed.get("crm-import"), timed["csv-read"], 3.0))
    keys = rp.Figure(
        "keyboard entry: Enter → shown + committed",
        baseline=f"one frame: {FRAME_MS:g} ms",
        budget=1.0,
        budget_label=f"< {FRAME_MS:g} ms",
    )
    if entry:
        median = statistics.median(entry)
        keys.measured = f"{median:.1f} ms (median of {len(entry)})"
        keys.ratio = median / FRAME_MS
    else:
        keys.missing = rp.NOT_YET
    out.append(keys)
    sustained = rp.Figure(
        "keyboard entry, sustained: keys/s, every value right",
        baseline="typed in one burst",
        budget_label="reported",
    )
    if rate:
        sustained.measured = (
            f"{rate['keys'] / rate['seconds']:,.0f} keys/s ({rate['keys']} keys, "
            f"{rate['values']} values, all stored and shown)"
        )
    else:
        sustained.missing = rp.NOT_YET
    out.append(sustained)
    file_size = bench.made.db_path.stat().st_size
    out.append(
        rp.Figure(
            f"database size after {bench.made.size.weeks} weeks",
            measured=rp.size(file_size),
            baseline=f"rows as CSV: {rp.size(storage.data_bytes(bench.made.db_path))}",
            ratio=file_size / storage.data_bytes(bench.made.db_path),
            budget_label="reported",
        )
    )
    n_bytes, pages, page = bench.one_edit()
    out.append(
        rp.Figure(
            "bytes changed in the file by one edit (`set`)",
            measured=f"{n_bytes:,} B in {pages} pages",
            baseline=f"page size {rp.size(page)}",
            budget_label="reported",
        )
    )
    return out


def details(
    timed: dict[str, Trial], entry: list[float] | None, opened: dict[str, list[float]] | None
) -> list[str]:
    lines = [
        "| trial | median | min – max | peak memory (median) | samples |",
        "|---|---|---|---|---|",
    ]
    for trial in timed.values():
        low, high = trial.spread()
        lines.append(
            f"| {trial.name} | {rp.ms(trial.seconds)} | {rp.ms(low)} – {rp.ms(high)} | "
            f"{rp.mb(trial.peak_kb) if trial.peak_kb else '—'} | {len(trial.samples)} |"
        )
        if trial.markers:
            quits = [s.quit_seconds for s in trial.samples]
            lines.append(
                f"| {trial.name}: ctrl+q → exited | {rp.ms(trial.quit_seconds)} | "
                f"{rp.ms(min(quits))} – {rp.ms(max(quits))} | — | {len(quits)} |"
            )
    if entry:
        ordered = sorted(entry)
        p90 = ordered[int(0.9 * (len(ordered) - 1))]
        lines.append(
            f"| keyboard entry (per value) | {statistics.median(entry):.1f} ms | "
            f"{ordered[0]:.1f} – {ordered[-1]:.1f} ms (p90 {p90:.1f} ms) | | {len(entry)} |"
        )
    for name, times in (opened or {}).items():
        lines.append(
            f"| screen: {name} | {statistics.median(times):.0f} ms | "
            f"{min(times):.0f} – {max(times):.0f} ms | | {len(times)} |"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small workspace, 2 rounds (CI)")
    parser.add_argument("--rounds", type=int, default=None, help="interleaved rounds")
    parser.add_argument("--seed", type=int, default=generate.SEED)
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help=f"write the report here (default: {DOC.relative_to(ROOT)} for a full run)",
    )
    args = parser.parse_args(argv)
    size = generate.QUICK if args.quick else generate.TEN_YEARS
    rounds = args.rounds or (2 if args.quick else 9)
    host = rp.machine()
    os.environ["SCORECARD_TODAY"] = generate.TODAY.isoformat()
    log(f"workspace {size.label} (seed {args.seed})")
    made = generate.cached(size, args.seed)
    scratch = Path(tempfile.mkdtemp(prefix="scorecard-bench-"))
    try:
        bench = Bench(made, scratch)
        timed = {**bench.headless(), **bench.apps()}
        log(f"{len(timed)} trials × {rounds} rounds")
        measure.run_rounds(list(timed.values()), rounds, log)
        entry = opened = rate = None
        if "screens.app" in bench.commands:
            entry = bench.keyboard_entry(1 if args.quick else 3)
            opened = bench.screens()
            rate = bench.entry_rate(30 if args.quick else 120)
        log("git history")
        made_history = bench.history(1 if args.quick else 3)
        table = [*figures(bench, timed, entry, rate), screens_figure(opened)]
        table += githistory.figures(made_history)
        extra = details({**timed, **made_history.timed}, entry, opened)
        out = args.out or (None if args.quick else DOC)
        if out is not None:
            write_doc(out, bench, table, extra, host)
    except TrialFailed as exc:
        log(f"a measured command failed: {exc}")
        return 2
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print(rp.text_table(table))
    if out is not None:
        log(f"wrote {out}")
    failed = [f for f in table if f.failed]
    if failed and not args.quick:
        log(f"{len(failed)} budget(s) missed")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
