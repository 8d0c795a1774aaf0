"""Container health checks: when a task's first health status comes, as moby's daemon probes.

moby ``daemon/health.go``: the first probe runs one interval after the container starts
(``StartInterval``, default 5s, while inside ``StartPeriod`` and not yet healthy; else
``Interval``, default 30s); a pass makes the container healthy; a failure outside the start
period adds to the failing streak, and ``Retries`` (default 3) failures in a row make it
unhealthy. Each change emits ``health_status: healthy|unhealthy``. Probes take no time here
(``Timeout`` is not modelled), and since a check command always gives the same answer, the
first status is also the last. Swarmkit's executor (moby ``daemon/cluster/executor/container/
controller.go``) keeps the task STARTING until healthy; an unhealthy container is stopped and
the task fails with ``task: non-zero exit (<code>): dockerexec: unhealthy container``.
"""

from __future__ import annotations

from ..sim import SECOND
from .spec.task import HealthConfig

DEFAULT_INTERVAL = 30 * SECOND  # defaultProbeInterval
DEFAULT_START_INTERVAL = 5 * SECOND  # defaultStartInterval
DEFAULT_RETRIES = 3  # defaultProbeRetries
UNHEALTHY = "dockerexec: unhealthy container"  # executor ErrContainerUnhealthy
STOPPED_BY_SIGTERM = 143  # 128 + SIGTERM: the stopped container exits on the stop signal


def check_argv(health: HealthConfig | None) -> list[str] | None:
    """The command a health check runs, None when there is no check (none set, the image's — our
    images have none — or ``NONE``, i.e. ``--no-healthcheck``)."""
    test = list(health.test) if health else []
    if not test or test[0] == "NONE":
        return None
    if test[0] == "CMD-SHELL":
        return ["/bin/sh", "-c", " ".join(test[1:])]
    return test[1:] if test[0] == "CMD" else test


def first_status(health: HealthConfig, passes: bool) -> tuple[bool, int]:
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
