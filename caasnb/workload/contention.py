"""Noisy neighbours: tasks on one node share its CPUs, so one task's load is another's latency.

Each node has the CPUs its swarm node advertises (``NanoCPUs``). Every workload reports how
many CPUs its requests kept busy on each node during its latest interval
(:meth:`Contention.report`), and a CPU hog — a noisy neighbour outside any service, or a
chaos fault — adds a fixed number of busy CPUs until it heals. A request served on a node
with utilisation ``u`` takes ``1 / (1 - u)`` times its unloaded latency (the sojourn-time
stretch of a processor-shared queue), capped at ``u = 0.95``: contention is felt long
before a node is full, and a full node is twenty times slower, not infinitely.

There is one :class:`Contention` per cluster (:func:`contention`), shared by every workload
and by the chaos faults, so they all see the same nodes.
"""

from __future__ import annotations

import itertools
import weakref
from dataclasses import dataclass

from ..errors import InvalidArgument, NotFound
from ..sim import SECOND, Timer, seconds
from ..swarm.daemon import NANO_CPUS

MAX_UTILISATION = 0.95
HOG = "workload.hog"
HOG_HEAL = "workload.hog.heal"


@dataclass
class Hog:
    """A CPU noisy neighbour on ``host``: ``cpus`` busy from ``start`` until ``end`` (sim ns) or until healed."""

    id: str
    host: str
    cpus: float
    start: int
    end: int
    timer: Timer | None = None
    healed: bool = False


class Contention:
    """CPU demand per node, from workloads and hogs, and the latency stretch it causes."""

    def __init__(self, cluster) -> None:
        self.cluster = cluster
        self.sim = cluster.sim
        self.capacity: dict[str, float] = {host: NANO_CPUS / 1e9 for host in cluster.hosts}
        self.demand: dict[str, dict[str, float]] = {host: {} for host in cluster.hosts}
        self.hogs: dict[str, Hog] = {}
        self._ids = itertools.count(1)

    def _host(self, host: str) -> str:
        if host not in self.capacity:
            raise NotFound(f"no such host: {host} (hosts are {', '.join(self.capacity)})")
        return host

    def report(self, source: str, host: str, cpus: float) -> None:
        """``source`` (a workload) kept ``cpus`` CPUs busy on ``host`` during its latest interval."""
        self.demand[self._host(host)][source] = cpus

    def load(self, host: str, exclude: str = "") -> float:
        """CPUs busy on ``host``: every workload's latest demand (but ``exclude``'s) plus active hogs."""
        workloads = sum(cpus for source, cpus in self.demand[self._host(host)].items() if source != exclude)
        return workloads + sum(h.cpus for h in self.hogs.values() if h.host == host)

    def utilisation(self, host: str, extra: float = 0.0, exclude: str = "") -> float:
        """Busy share of ``host``'s CPUs (may exceed 1 when oversubscribed)."""
        return (self.load(host, exclude) + extra) / self.capacity[host]

    def inflation(self, host: str, extra: float = 0.0, exclude: str = "") -> float:
        """How many times slower a request on ``host`` runs than on an idle node."""
        return 1.0 / (1.0 - min(self.utilisation(host, extra, exclude), MAX_UTILISATION))

    def hog(self, host: str, cpus: float, duration: float) -> Hog:
        """Start a CPU noisy neighbour on ``host`` using ``cpus`` CPUs for ``duration`` seconds; it heals itself."""
        self._host(host)
        if cpus <= 0 or duration <= 0:
            raise InvalidArgument(f"a hog needs cpus > 0 and duration > 0, not cpus={cpus}, duration={duration}")
        hog = Hog(f"hog-{next(self._ids)}", host, cpus, self.sim.now, self.sim.now + seconds(duration))
        hog.timer = self.sim.at(hog.end, self.heal, hog)
        self.hogs[hog.id] = hog
        self.sim.emit(HOG, hog.id, host=host, cpus=cpus, duration=duration)
        return hog

    def heal(self, hog: Hog) -> None:
        """Stop a hog now (it also stops by itself at its end); harmless when already healed."""
        if hog.healed:
            return
        hog.healed = True
        self.sim.cancel(hog.timer)
        del self.hogs[hog.id]
        self.sim.emit(HOG_HEAL, hog.id, host=hog.host, after=(self.sim.now - hog.start) / SECOND)


_BY_CLUSTER: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def contention(cluster) -> Contention:
    """The cluster's one :class:`Contention` (made on first use)."""
    found = _BY_CLUSTER.get(cluster)
    if found is None:
        found = _BY_CLUSTER[cluster] = Contention(cluster)
    return found


def hog(cluster, host: str, cpus: float, duration: float) -> Hog:
    """Shortcut: ``contention(cluster).hog(host, cpus, duration)``."""
    return contention(cluster).hog(host, cpus, duration)
