"""Container health checks: when the first health status comes, as moby's daemon probes.

moby ``daemon/health.go``: the first probe runs one interval after the container starts
(``StartInterval``, default 5s, while inside ``StartPeriod`` and not yet healthy; else
``Interval``, default 30s); a pass makes the container healthy; a failure outside the start
period adds to the failing streak, and ``Retries`` (default 3) failures in a row make it
unhealthy. Probes take no time here (``Timeout`` is not modelled), and since a check
command always gives the same answer, the first status is also the last.

A check is anything with ``test``, ``interval``, ``start_period``, ``start_interval`` and
``retries`` (durations in ns, 0 = default): a swarm ``HealthConfig`` or a :class:`Probe`
read from an Engine API ``Healthcheck``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..sim import SECOND

DEFAULT_INTERVAL = 30 * SECOND  # defaultProbeInterval
DEFAULT_START_INTERVAL = 5 * SECOND  # defaultStartInterval
DEFAULT_RETRIES = 3  # defaultProbeRetries


@dataclass(frozen=True)
class Probe:
    """A container's ``Healthcheck`` (Engine API ``HealthConfig``)."""

    test: tuple[str, ...] = ()
    interval: int = 0
    timeout: int = 0
    start_period: int = 0
    start_interval: int = 0
    retries: int = 0

    @classmethod
    def from_api(cls, body: dict[str, Any] | None) -> Probe | None:
        if not body:
            return None
        return cls(
            tuple(body.get("Test") or ()),
            body.get("Interval") or 0,
            body.get("Timeout") or 0,
            body.get("StartPeriod") or 0,
            body.get("StartInterval") or 0,
            body.get("Retries") or 0,
        )


def check_argv(health: Any) -> list[str] | None:
    """The command a health check runs; None without a check (none set, or ``NONE``: ``--no-healthcheck``)."""
    test = list(health.test) if health else []
    if not test or test[0] == "NONE":
        return None
    if test[0] == "CMD-SHELL":
        return ["/bin/sh", "-c", " ".join(test[1:])]
    return test[1:] if test[0] == "CMD" else test


def first_status(health: Any, passes: bool) -> tuple[bool, int]:
    """(healthy, ns after the container started) of the container's first health status."""
    interval = health.interval or DEFAULT_INTERVAL
    start_interval = health.start_interval or DEFAULT_START_INTERVAL
    retries = health.retries if health.retries > 0 else DEFAULT_RETRIES
    at, streak = 0, 0
    while True:
        in_start_period = at < health.start_period
        at += start_interval if in_start_period else interval
        if passes:
            return True, at
        if at >= health.start_period:  # failures inside the start period do not count
            streak += 1
            if streak >= retries:
                return False, at
