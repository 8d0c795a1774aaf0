"""Resource faults on a node: CPU and memory noisy neighbours, and a full disk.

``cpu-hog`` starts a noisy neighbour outside any service (``caasnb.workload``'s hog): every
request served on that node slows down as its CPUs fill up — a bottleneck, not a failure.
``memory-hog`` is a neighbour that holds ``size`` of the node's memory and is protected from
the OOM killer (``oom_score_adj=-1000``, like a system daemon): once the containers on the node
need more than is left, the kernel ends the container using the most memory — exit 137,
``OOMKilled`` — every second it stays short, until the hog heals.
``disk-full`` leaves ``free`` bytes (0 by default) for docker's data on the host
(``Host.disk_free``); writes that do not fit fail with ``no space left on device`` where
the container and logging layers check the host's disk, until the fault heals and the
filler file is deleted.
"""

from __future__ import annotations

from typing import Any

from ..errors import Conflict, InvalidArgument
from ..golang.units import ram_in_bytes
from ..observe.stats import memory_used
from ..sim import SECOND
from ..swarm.daemon import MEMORY_BYTES
from ..workload import contention
from .fault import Fault


class CpuHog(Fault):
    kind = "cpu-hog"
    target_kind = "host"
    summary = "a noisy neighbour keeps `cpus` CPUs of the node busy: everything on it slows down"

    def __init__(self, chaos, target: Any, *, cpus: float = 1.5) -> None:
        super().__init__(chaos, chaos.host(target))
        if isinstance(cpus, bool) or not isinstance(cpus, (int, float)) or cpus <= 0:
            raise InvalidArgument(f"cpus must be a number > 0, not {cpus!r}")
        self.cpus = float(cpus)
        self.hog = None

    def start(self) -> None:
        self.hog = contention(self.cluster).hog(self.target, self.cpus, self.duration / SECOND)

    def heal(self) -> None:
        contention(self.cluster).heal(self.hog)

    def params(self) -> dict[str, Any]:
        return {"cpus": self.cpus}

    def hosts(self) -> list[str]:
        return [self.target]


class MemoryHog(Fault):
    kind = "memory-hog"
    target_kind = "host"
    summary = "a noisy neighbour holds `size` of the node's memory: the OOM killer ends the biggest container"

    def __init__(self, chaos, target: Any, *, size: str | int = "4090m") -> None:
        super().__init__(chaos, chaos.host(target))
        try:
            self.size = ram_in_bytes(size) if isinstance(size, str) else size
        except ValueError as error:
            raise InvalidArgument(f"invalid size {size!r}: {error}") from None
        if isinstance(self.size, bool) or not isinstance(self.size, int) or not 0 < self.size <= MEMORY_BYTES:
            raise InvalidArgument(f"size must be more than 0 and at most the node's {MEMORY_BYTES} bytes, not {size!r}")
        self.pressure = None

    def start(self) -> None:
        self._squeeze()

    def heal(self) -> None:
        self.cluster.sim.cancel(self.pressure)

    def _squeeze(self) -> None:
        """While memory is short, the kernel's OOM killer ends the container using the most; checked every second."""
        runtime = self.cluster.daemons[self.target].containers
        samples = self.cluster.metrics.samples
        usage = {}
        for summary in runtime.list():
            history = samples.get(summary["Id"])
            usage[summary["Id"]] = memory_used(history[-1]) if history else 0
        if usage and sum(usage.values()) + self.size > MEMORY_BYTES:
            runtime.oom(max(usage, key=lambda cid: (usage[cid], cid)))
        self.pressure = self.cluster.sim.schedule(SECOND, self._squeeze)

    def params(self) -> dict[str, Any]:
        return {"size": self.size}

    def hosts(self) -> list[str]:
        return [self.target]


class DiskFull(Fault):
    kind = "disk-full"
    target_kind = "host"
    summary = "fill the host's disk: container and log writes fail with `no space left on device`"

    def __init__(self, chaos, target: Any, *, free: int = 0) -> None:
        super().__init__(chaos, chaos.host(target))
        if isinstance(free, bool) or not isinstance(free, int) or free < 0:
            raise InvalidArgument(f"free must be a whole number of bytes >= 0, not {free!r}")
        if any(f.kind == self.kind and f.target == self.target for f in chaos.active):
            raise Conflict(f"the disk of {self.target} is already full")
        self.free = free
        self.before: int | None = None

    def start(self) -> None:
        host = self.cluster.hosts[self.target]
        self.before, host.disk_free = host.disk_free, self.free

    def heal(self) -> None:
        self.cluster.hosts[self.target].disk_free = self.before

    def params(self) -> dict[str, Any]:
        return {"free": self.free}

    def hosts(self) -> list[str]:
        return [self.target]
