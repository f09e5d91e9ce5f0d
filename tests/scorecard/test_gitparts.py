"""How a long history is read in two parts (``scorecard/gitparts.py``): what
each part's git process is told about its delta base cache."""

from __future__ import annotations

from scorecard.gitparts import base_cache

MB = 1 << 20


def test_a_history_stored_delta_after_delta_needs_only_the_last_versions_cached():
    known = {"a": (7 * MB, None), "b": (7 * MB, "a"), "c": (8 * MB, "b"), "d": (1 * MB, None)}
    assert base_cache(["a", "b", "c"], known) == 24 * MB  # three of the largest
    assert base_cache(["d"], known) == 16 * MB  # never below git's own small default
    assert base_cache(["d", "a", "b"], known) == 21 * MB  # a version stored whole: no base


def test_deltas_that_run_another_way_keep_gits_own_cache():
    packed = {"a": (7 * MB, "b"), "b": (7 * MB, "c"), "c": (7 * MB, None)}  # as git gc packs
    assert base_cache(["a", "b", "c"], packed) is None
    assert base_cache(["b", "x"], {"b": (MB, None)}) is None  # git said nothing of x
    assert base_cache([], {}) is None
