"""The benchmark's output: a table of figures against budgets, the machine it
ran on, and docs/benchmarks.md."""

from __future__ import annotations

import os
import platform
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

NOT_YET = "not available yet"


@dataclass
class Figure:
    name: str
    measured: str = ""
    baseline: str = ""
    ratio: float | None = None
    budget: float | None = None
    """The largest ratio that passes; None: reported, not judged."""
    budget_label: str = ""
    missing: str | None = None
    """Why there is no figure (a command that has not landed yet)."""

    @property
    def result(self) -> str:
        if self.missing:
            return self.missing
        if self.budget is None or self.ratio is None:
            return "—"
        return "pass" if self.ratio <= self.budget else "FAIL"

    @property
    def failed(self) -> bool:
        return self.result == "FAIL"

    def cells(self) -> list[str]:
        ratio = "" if self.ratio is None else f"{self.ratio:.2f}×"
        return [self.name, self.measured, self.baseline, ratio, self.budget_label, self.result]


HEADERS = ["figure", "measured", "baseline", "ratio", "budget", "result"]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"


def mb(kilobytes: float) -> str:
    return f"{kilobytes / 1024:,.1f} MB"


def size(n_bytes: float) -> str:
    if n_bytes >= 1024 * 1024:
        return f"{n_bytes / 1024 / 1024:,.1f} MB"
    if n_bytes >= 1024:
        return f"{n_bytes / 1024:,.1f} KB"
    return f"{n_bytes:,.0f} B"


def text_table(figures: list[Figure]) -> str:
    rows = [HEADERS, *(f.cells() for f in figures)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEADERS))]
    lines = []
    for index, row in enumerate(rows):
        lines.append("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)))
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(line.rstrip() for line in lines)


def markdown_table(figures: list[Figure]) -> str:
    def esc(cell: str) -> str:
        return cell.replace("|", "\\|")

    lines = ["| " + " | ".join(HEADERS) + " |", "|" + "---|" * len(HEADERS)]
    for figure in figures:
        cells = [esc(c) for c in figure.cells()]
        if figure.failed:
            cells[-1] = "**FAIL**"
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GB"
    except OSError:
        pass
    return "unknown"


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def machine() -> list[str]:
    """One line per fact about where the figures came from."""
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    deps = ", ".join(f"{d} {_version(d)}" for d in ("textual", "sqlite-utils", "pydantic", "click"))
    return [
        f"date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"CPU: {_cpu()}, {os.cpu_count()} cores; memory {_memory()}",
        f"OS: {platform.platform()}",
        f"Python {platform.python_version()} ({platform.python_implementation()}), "
        f"SQLite {sqlite3.sqlite_version}",
        deps,
        "load average at the start: " + (", ".join(f"{x:.2f}" for x in load) if load else "n/a"),
    ]
