"""Container faults, Pumba-style, done through each host's container runtime (``daemon.containers``).

``kill`` sends a signal (KILL by default: exit code 137, so a swarm task fails with
``task: non-zero exit (137)`` and its service starts a replacement); it is instant, there
is nothing to undo. ``stop`` stops the container (SIGTERM, then KILL after the timeout);
when the fault heals a standalone container is started again (a swarm task's container is
not: swarm has replaced the task). ``pause`` freezes every process (the cgroup freezer) until
the fault heals.

A target is a container ID, unique ID prefix or name on any running host.
"""

from __future__ import annotations

from typing import Any

from ..errors import Conflict, InvalidArgument, NotFound
from .fault import Fault

LIVE = ("running", "paused")


def find_container(chaos, ref: Any) -> tuple[Any, Any]:
    """(daemon, container) of the container ``ref`` names on a running host; Docker's NotFound otherwise."""
    if not isinstance(ref, str) or not ref:
        raise InvalidArgument(f"a container is named by its ID or name, not {ref!r}")
    cluster = chaos.cluster
    for host, daemon in cluster.daemons.items():
        if not cluster.hosts[host].up:
            continue
        try:
            return daemon, daemon.containers.get(ref)
        except NotFound:
            continue
    raise NotFound(f"No such container: {ref}")


class ContainerFault(Fault):
    """Shared by the container kinds: the container and its host, checked to be in one of ``states``."""

    target_kind = "container"
    states: tuple[str, ...] = LIVE

    def __init__(self, chaos, target: Any) -> None:
        daemon, container = find_container(chaos, target)
        if container.status == "paused" and "paused" not in self.states:
            raise Conflict(f"Container {container.id} is already paused")
        if container.status not in self.states:
            raise Conflict(f"Container {container.id} is not running")
        super().__init__(chaos, container.name)
        self.daemon = daemon
        self.container_id = container.id

    def hosts(self) -> list[str]:
        return [self.daemon.host]

    def params(self) -> dict[str, Any]:
        return {"container": self.container_id}

    def _current(self):
        """The container now, or None once it is gone (removed by its restart policy or swarm)."""
        try:
            return self.daemon.containers.get(self.container_id)
        except NotFound:
            return None


class Kill(ContainerFault):
    kind = "kill"
    summary = "send the container a signal (KILL: exit 137); swarm replaces a killed task"
    instant = True

    def __init__(self, chaos, target: Any, *, signal: str = "KILL") -> None:
        super().__init__(chaos, target)
        if not isinstance(signal, str) or not signal:
            raise InvalidArgument(f"a signal is a name like KILL or TERM, not {signal!r}")
        self.signal = signal

    def start(self) -> None:
        self.daemon.containers.kill(self.container_id, signal=self.signal)

    def params(self) -> dict[str, Any]:
        return super().params() | {"signal": self.signal}


class Stop(ContainerFault):
    kind = "stop"
    summary = "stop the container; a standalone one is started again when the fault heals"

    def __init__(self, chaos, target: Any, *, timeout: int | None = None) -> None:
        super().__init__(chaos, target)
        if timeout is not None and (not isinstance(timeout, int) or isinstance(timeout, bool) or timeout < -1):
            raise InvalidArgument(f"timeout is whole seconds (-1: wait forever), not {timeout!r}")
        self.timeout = timeout

    def start(self) -> None:
        self.daemon.containers.stop(self.container_id, timeout=self.timeout)

    def heal(self) -> None:
        container = self._current()
        if container is not None and not container.task_id and container.status == "exited":
            self.daemon.containers.start(self.container_id)

    def params(self) -> dict[str, Any]:
        return super().params() | ({"timeout": self.timeout} if self.timeout is not None else {})


class Pause(ContainerFault):
    kind = "pause"
    summary = "freeze every process of the container until the fault heals"
    states = ("running",)

    def start(self) -> None:
        self.daemon.containers.pause(self.container_id)

    def heal(self) -> None:
        container = self._current()
        if container is not None and container.status == "paused":
            self.daemon.containers.unpause(self.container_id)
