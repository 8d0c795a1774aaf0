"""The wall-clock instant of simulated time 0, shared by every room's timestamps.

Logs, inspect JSON, events and networks' ``Created`` must agree on dates, so simulated
time 0 is pinned to one fixed UTC instant (2024-05-01T10:00:00Z) and every run prints
the same timestamps.
"""

from __future__ import annotations

EPOCH_NS = 1_714_557_600 * 1_000_000_000
"""Unix time (ns) of simulated time 0: 2024-05-01T10:00:00Z."""


def wall_ns(sim_ns: int) -> int:
    """Unix nanoseconds of a simulated instant."""
    return EPOCH_NS + sim_ns
