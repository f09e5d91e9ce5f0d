"""The header of a screen that opens and closes (history, guided sync, goals…).

Textual's ``Header`` watches the app's ``title`` and ``sub_title``; the app
keeps each watcher (and so the header, its widgets and every line they drew)
until one of them changes, which in this app they never do once it runs. So
every screen opened left its header behind: the garbage collector's passes
walked more each time (a tenth of a second more after a few openings of ten
years of history; docs/benchmarks.md). This header takes its watchers back
when it is removed.
"""

from __future__ import annotations

from textual.widgets import Header

#: Textual keeps the watchers of an object's reactives in this attribute
#: (``textual.reactive._watch``); there is no public way to stop watching.
WATCHERS = "__watchers"


class ScreenHeader(Header):
    def _on_unmount(self) -> None:
        watchers = getattr(self.app, WATCHERS, None)
        if not isinstance(watchers, dict):
            return
        for name in ("title", "sub_title"):
            found = watchers.get(name)
            if isinstance(found, list):
                found[:] = [entry for entry in found if entry[0] is not self]
