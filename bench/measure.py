"""Running things to time them: one child process per sample.

Wall time runs from just before the spawn to the child's exit (or to the
moment it printed ``READY <monotonic ns>``, for the apps); peak memory is what
the apps report as ``PEAK <kB>`` (their ``VmHWM``): ``ru_maxrss`` from ``wait4``
would include the pages of this process, which the child was forked from.
Samples of all trials are taken in interleaved rounds, so a busy moment on a
shared machine hits the subject and its baseline alike; figures are medians.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

#: The baseline of the headless commands: importing what they depend on.
IMPORT_DEPS = "import sqlite_utils, pydantic, click"


class TrialFailed(Exception):
    """A measured command did not do its job; its timing would mean nothing."""


@dataclass(frozen=True)
class Sample:
    seconds: float
    peak_kb: int
    quit_seconds: float = 0.0
    """For a trial on a terminal: from ctrl+q to the process's exit."""


@dataclass
class Trial:
    """One command to sample: a subject or a baseline."""

    name: str
    argv: Sequence[str]
    env: dict[str, str]
    cwd: str | None = None
    ready: bool = False
    """Time to the child's READY line instead of to its exit."""
    prepare: Callable[[], None] | None = None
    """Untimed set-up before each sample (a fresh copy of a file to write)."""
    expect: int = 0
    check: Callable[[str], None] | None = None
    """Called with the child's stdout after the warm-up run, to prove it worked."""
    markers: Sequence[str] = ()
    """Run on a pseudo-terminal until these are drawn, then quit with ctrl+q
    (``bench/terminal.py``): the sample is the time to drawn, and to exit."""
    samples: list[Sample] = field(default_factory=list)

    @property
    def seconds(self) -> float:
        return statistics.median(s.seconds for s in self.samples)

    @property
    def peak_kb(self) -> float:
        return statistics.median(s.peak_kb for s in self.samples)

    @property
    def quit_seconds(self) -> float:
        return statistics.median(s.quit_seconds for s in self.samples)

    def spread(self) -> tuple[float, float]:
        times = [s.seconds for s in self.samples]
        return min(times), max(times)


def sample(trial: Trial) -> tuple[Sample, str]:
    """Run ``trial`` once; its sample and its stdout."""
    if trial.prepare is not None:
        trial.prepare()
    if trial.markers:
        from bench import terminal  # pyte: only for the terminal trials

        try:
            shown = terminal.run(trial.argv, trial.env, trial.markers, cwd=trial.cwd)
        except terminal.NotDrawn as exc:
            raise TrialFailed(f"{trial.name}: {exc}") from None
        return Sample(shown.started, 0, shown.quit), ""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.monotonic_ns()
        proc = subprocess.Popen(trial.argv, stdout=out, stderr=err, env=trial.env, cwd=trial.cwd)
        _, status = os.waitpid(proc.pid, 0)
        end = time.monotonic_ns()
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    if code != trial.expect:
        tail = (stderr.strip().splitlines() or ["(no output)"])[-1]
        raise TrialFailed(f"{trial.name}: exit {code}, expected {trial.expect}: {tail}")
    if trial.ready:
        lines = [line for line in stdout.splitlines() if line.startswith("READY ")]
        if not lines:
            raise TrialFailed(f"{trial.name}: never reported ready")
        end = int(lines[-1].split()[1])
        peaks = [line for line in stdout.splitlines() if line.startswith("PEAK ")]
        return Sample((end - start) / 1e9, int(peaks[-1].split()[1]) if peaks else 0), stdout
    # A forked child's ru_maxrss counts the parent's pages too: only the apps,
    # which report their own peak, have a memory figure.
    return Sample((end - start) / 1e9, 0), stdout


def run_rounds(trials: Sequence[Trial], rounds: int, progress: Callable[[str], None]) -> None:
    """A warm-up (checked, not kept), then ``rounds`` interleaved rounds."""
    for trial in trials:
        _, stdout = sample(trial)
        if trial.check is not None:
            trial.check(stdout)
    for index in range(rounds):
        # Rotate the order so no trial always runs first (or after the same one).
        shift = index % len(trials)
        for trial in [*trials[shift:], *trials[:shift]]:
            trial.samples.append(sample(trial)[0])
        progress(f"round {index + 1}/{rounds}")
