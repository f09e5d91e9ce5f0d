"""How a long history is read in two parts (``scorecard/gitparts.py``): what
each part's git process is told about its delta base cache, and in what order
the parts are advanced."""

from __future__ import annotations

import threading

from scorecard.gitparts import Arrivals, base_cache, in_turn

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


def _part(name: str, steps: int, log: list[str], gate: threading.Event | None = None):
    """A part of ``steps`` steps, each found as ``name`` + its number; with a
    ``gate``, its first step waits for it (as a part waits for its git)."""
    try:
        for at in range(steps):
            if gate is not None and at == 0:
                assert gate.wait(30), f"{name} was advanced before it was ready"
            log.append(f"{name}{at}")
            yield f"{name}{at}"
    finally:
        log.append(f"{name} closed")


def test_a_part_that_is_ready_goes_on_while_the_older_one_waits_and_the_order_holds():
    log: list[str] = []
    older_ready = threading.Event()
    newer = _part("b", 3, log)

    def newer_then_older():  # the newer part's last step is what lets the older one go
        yield from newer
        older_ready.set()

    parts = [_part("a", 2, log, gate=older_ready), newer_then_older()]
    found = list(in_turn(parts, [older_ready.is_set, lambda: True], Arrivals()))
    assert found == ["a0", "a1", "b0", "b1", "b2"]  # oldest first, whatever was read first
    assert log[:3] == ["b0", "b1", "b2"]  # never waited on the older part while this one could go
    assert "a closed" in log and "b closed" in log


def test_when_no_part_is_ready_the_next_arrival_is_waited_for():
    arrivals = Arrivals()
    there = threading.Event()

    def arrive() -> None:
        there.set()
        arrivals.arrived()

    log: list[str] = []
    threading.Timer(0.2, arrive).start()  # a version arrives later, from another thread
    parts = [_part("a", 1, log, gate=there), _part("b", 1, log, gate=there)]
    assert list(in_turn(parts, [there.is_set, there.is_set], arrivals)) == ["a0", "b0"]


def test_without_readiness_the_parts_go_in_turn():
    log: list[str] = []
    assert list(in_turn([_part("a", 2, log), _part("b", 2, log)])) == ["a0", "a1", "b0", "b1"]
    assert log[:4] == ["a0", "b0", "a1", "b1"]


def test_a_caller_that_stops_early_closes_every_part_that_started():
    log: list[str] = []
    found = in_turn([_part("a", 3, log), _part("b", 3, log)], [lambda: True] * 2, Arrivals())
    assert next(found) == "a0"
    found.close()
    assert log == ["a0", "a closed"]  # b never started: nothing of it to stop (its caller's git)
