"""Where the suite's CPU goes: ``SCORECARD_TEST_CPU=1 pytest -n 4``.

Opt-in: registered by ``pytest_configure`` in tests/conftest.py only then.
For each test: its CPU in the test process (all threads) and in the child
processes it waited for (``python -m scorecard``, git and the drivers git
starts), and how many processes it started, by program. The controller
prints the totals per folder and file and the tests that cost most. CPU,
not wall: on a shared machine wall time mostly measures the other load
(docs/testing.md). ``SCORECARD_TEST_CPU_JSON=FILE`` also writes every test's
figures to FILE.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import time
from collections import Counter, defaultdict
from typing import Any

import pytest

from tests import forkserver

_started: Counter[str] = Counter()
_popen_init = subprocess.Popen.__init__


def _counting_init(self: Any, args: Any, *rest: Any, **kwargs: Any) -> None:
    program = args if isinstance(args, str | bytes | os.PathLike) else args[0]
    _started[os.path.basename(os.fsdecode(program)).split()[0]] += 1
    _popen_init(self, args, *rest, **kwargs)


def install() -> None:
    subprocess.Popen.__init__ = _counting_init  # type: ignore[method-assign]


def _children() -> float:
    """The CPU of the child processes waited for, and of those forked by tests/forkserver.py."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime + forkserver.usage["cpu"]


_start: list[float] = [0.0, 0.0, 0.0]


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    _started.clear()
    _start[:] = [time.process_time(), _children(), forkserver.usage["started"]]


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> None:
    if call.when == "teardown":  # the report made now carries it to the xdist controller
        cpu, children = time.process_time() - _start[0], _children() - _start[1]
        forked = forkserver.usage["started"] - int(_start[2])
        if forked:
            _started["forked"] += forked
        item.user_properties.append(("cpu", (cpu, children, dict(_started))))


_costs: dict[str, tuple[float, float, dict[str, int]]] = {}


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    for name, value in report.user_properties:
        if name == "cpu" and report.when == "teardown":
            _costs[report.nodeid] = value


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not _costs:
        return
    dump = os.environ.get("SCORECARD_TEST_CPU_JSON")
    if dump:  # every test's figures, for a closer look
        with open(dump, "w", encoding="utf-8") as file:
            json.dump(_costs, file)
    write = terminalreporter.write_line
    own = sum(c[0] for c in _costs.values())
    kids = sum(c[1] for c in _costs.values())
    write(f"\nCPU in tests: {own + kids:.0f} s ({own:.0f} s in-process, {kids:.0f} s children)")
    for depth, title in ((2, "folder"), (None, "file")):
        groups: defaultdict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
        for nodeid, (cpu, children, _) in _costs.items():
            path = nodeid.split("::")[0]
            key = "/".join(path.split("/")[:depth]) if depth else path
            group = groups[key]
            group[0] += cpu + children
            group[1] += children
            group[2] += 1
        write(f"-- by {title} (CPU s, of it children, tests)")
        for key, (total, children, n) in sorted(groups.items(), key=lambda g: -g[1][0])[:25]:
            write(f"{total:7.1f} {children:7.1f} {n:5.0f}  {key}")
    write("-- tests (CPU s, of it children, processes started)")
    ranked = sorted(_costs.items(), key=lambda c: -(c[1][0] + c[1][1]))
    for nodeid, (cpu, children, started) in ranked[:30]:
        write(f"{cpu + children:7.1f} {children:7.1f}  {nodeid} {started or ''}")
