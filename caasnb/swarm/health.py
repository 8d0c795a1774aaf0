"""Health checks of task containers: the probe timing is the container runtime's (:mod:`caasnb.containers.health`).

Swarmkit's executor (moby ``daemon/cluster/executor/container/controller.go``) keeps the
task STARTING until its container is healthy; an unhealthy container is stopped and the
task fails with ``task: non-zero exit (<code>): dockerexec: unhealthy container``.
"""

from __future__ import annotations

from ..containers.health import DEFAULT_INTERVAL, DEFAULT_RETRIES, DEFAULT_START_INTERVAL, check_argv, first_status

UNHEALTHY = "dockerexec: unhealthy container"  # executor ErrContainerUnhealthy
STOPPED_BY_SIGTERM = 143  # 128 + SIGTERM: the stopped container exits on the stop signal

__all__ = [
    "DEFAULT_INTERVAL",
    "DEFAULT_RETRIES",
    "DEFAULT_START_INTERVAL",
    "STOPPED_BY_SIGTERM",
    "UNHEALTHY",
    "check_argv",
    "first_status",
]
