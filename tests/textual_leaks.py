"""What Textual keeps of an app after it has ended, let go between tests.

``textual._styles_cache.StylesCache.get_inner_outer`` is an ``lru_cache`` on
an instance method, so its 1,024 keys hold the ``StylesCache`` of every widget
that drew lately, with every line it drew (Textual 8.2.8). In one app that is
a bound; in a test process that runs a hundred apps it kept about 20,000
objects of apps already closed per Pilot test, and Python's full garbage
collections, which visit every object, took a fifth of the screens' CPU. A
key holds its instance, so no later app can ever hit it: clearing it after
each test changes nothing any app draws.
"""

from __future__ import annotations

import sys


def release_ended_apps() -> None:
    module = sys.modules.get("textual._styles_cache")
    if module is not None:
        module.StylesCache.get_inner_outer.cache_clear()
