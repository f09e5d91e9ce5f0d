"""A process's own peak memory, for the benchmark's child processes."""

from __future__ import annotations


def peak_kb() -> int:
    """This process's peak resident memory since exec (``VmHWM``).

    ``ru_maxrss`` from ``wait4`` would also count the pages of the (large)
    benchmark process this child was forked from.
    """
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
