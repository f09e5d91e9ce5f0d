"""Render the app to an SVG from the built-in sample: the README screenshot.

    python -m screens.screenshot                      # docs/images/week.svg, 120x40
    python -m screens.screenshot -o x.svg --size 80x24 --press h

The date is frozen (2026-11-18, as in the tests) so the picture is stable.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
from pathlib import Path

DEFAULT_TODAY = "2026-11-18"


async def render(out: Path, size: tuple[int, int], keys: list[str], theme: str | None) -> None:
    from scorecard import sample
    from screens.app import ScorecardApp

    with tempfile.TemporaryDirectory(prefix="scorecard-shot-") as folder:
        workspace = sample.build(Path(folder))
        try:
            app = ScorecardApp(workspace, poll_interval=None)
            async with app.run_test(size=size) as pilot:
                if theme:
                    app.theme = theme
                await pilot.pause()
                await app.workers.wait_for_complete()
                for key in keys:
                    await pilot.press(key)
                    await pilot.pause()
                    await app.workers.wait_for_complete()
                await pilot.pause(0.2)
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_text(app.export_screenshot(title="Alignment Scorecard"), "utf-8")
        finally:
            workspace.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--out", default="docs/images/week.svg", type=Path)
    parser.add_argument("--size", default="120x40", help="COLUMNSxROWS")
    parser.add_argument("--press", nargs="*", default=[], help="keys to press first")
    parser.add_argument("--theme", default=None, help="e.g. textual-light")
    args = parser.parse_args(argv)
    os.environ.setdefault("SCORECARD_TODAY", DEFAULT_TODAY)
    os.environ.setdefault("SCORECARD_USER", "Maya Chen")
    columns, rows = (int(n) for n in args.size.lower().split("x"))
    asyncio.run(render(args.out, (columns, rows), args.press, args.theme))
    print(args.out)


if __name__ == "__main__":
    main()
