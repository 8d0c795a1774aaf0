"""``caasnb.Cluster``: the object learners, notebooks and tests hold.

A Cluster owns one :class:`~caasnb.sim.Simulation`, a set of named hosts (docker
engines, each with its daemon) and the underlay between them. ``Cluster(managers=3,
workers=2, seed=7)`` names its hosts ``manager-1..3`` and ``worker-1..2`` and forms a
swarm of them (init on manager-1, the others join with the real tokens);
``Cluster(hosts=4, seed=7)`` names them ``host-1..4`` and leaves the swarm to the
learner; ``hosts=["vm-1", "vm-2"]`` names them (how ``caasnb.cloud`` hands over the
machines it provisioned). Time only moves when someone runs it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from . import shell
from .chaos import Chaos
from .engine import Engine
from .errors import CLIResult, InvalidArgument, NotFound
from .net import Underlay
from .observe import MetricsView
from .registry import Registries
from .sim import EPOCH_NS, SECOND, Simulation, advance
from .swarm.daemon import Daemon
from .volumes import NetworkStorage


@dataclass
class Host:
    """One docker engine: a name, whether its machine is up, its clock and its disk.

    ``clock_offset`` (ns) is how far the machine's wall clock is ahead of true time
    (negative: behind); ``disk_free`` is how many bytes are left for docker's data (None:
    plenty). Both stay at their healthy values unless a fault (``caasnb.chaos``) moves them.
    """

    name: str
    up: bool = True
    clock_offset: int = 0
    disk_free: int | None = None

    def wall_ns(self, sim_ns: int) -> int:
        """Unix ns this machine's clock shows at simulated instant ``sim_ns``."""
        return EPOCH_NS + sim_ns + self.clock_offset

    def disk_fits(self, size: int) -> bool:
        """Whether writing ``size`` bytes succeeds; when not, the write fails with ENOSPC
        (Go's text: ``write PATH: no space left on device``)."""
        return self.disk_free is None or size <= self.disk_free

    def disk_charge(self, size: int) -> None:
        """Account a write that grew docker's data by ``size`` bytes (negative: files freed).

        The one disk model of a host: container filesystem writes and log files charge it,
        ``disk-full`` (chaos) and the ``full-disk`` scenario shrink ``disk_free``.
        """
        if self.disk_free is not None:
            self.disk_free = max(0, self.disk_free - size)


class Cluster:
    """A simulated set of docker hosts on one deterministic clock."""

    def __init__(
        self,
        managers: int | None = None,
        workers: int | None = None,
        *,
        hosts: int | Sequence[str] | None = None,
        seed: int = 7,
    ) -> None:
        if hosts is not None and (managers is not None or workers is not None):
            raise InvalidArgument("give either hosts=N (no swarm yet) or managers=/workers=, not both")
        if isinstance(hosts, (list, tuple)):
            names = _names(hosts)
        elif hosts is not None:
            names = [f"host-{i}" for i in range(1, _count("hosts", hosts, minimum=1) + 1)]
        else:
            managers = _count("managers", 3 if managers is None else managers, minimum=1)
            workers = _count("workers", 2 if workers is None else workers, minimum=0)
            names = [f"manager-{i}" for i in range(1, managers + 1)]
            names += [f"worker-{i}" for i in range(1, workers + 1)]
        self.sim = Simulation(seed)
        self.seed = seed
        self.hosts: dict[str, Host] = {}
        for name in names:
            self.hosts[name] = Host(name)
            self.sim.emit("host.up", name)
        self.net = Underlay(self.sim, names)
        self.metrics = MetricsView(self.sim)  # every container's requests and resource samples (docker stats)
        self.registries = Registries(self)  # Docker Hub and the private registries learners start
        self.network_storage = NetworkStorage()  # the network volume driver's storage, outside every host
        self.daemons = {name: Daemon(self, name, index) for index, name in enumerate(names)}
        self.engine = Engine(self)
        self.lock = threading.RLock()  # held by every change while the cluster is served (caasnb.serve)
        self.swarm = None
        self.swarm_networks = None  # the swarm's networks (caasnb.net.SwarmNetworks), made by ``swarm init``
        self._chaos = None
        if hosts is None:
            self._form_swarm(names[:managers], names[managers:])

    def _form_swarm(self, managers: list[str], workers: list[str]) -> None:
        """What a learner would type: ``swarm init`` on the first manager, ``swarm join`` everywhere else."""
        first = self.daemons[managers[0]]
        first.swarm_init({})
        record = self.swarm.store(first.host).swarm
        remote = [f"{first.addr}:2377"]
        for name in managers[1:]:
            self.daemons[name].swarm_join({"JoinToken": record.manager_token, "RemoteAddrs": remote})
        for name in workers:
            self.daemons[name].swarm_join({"JoinToken": record.worker_token, "RemoteAddrs": remote})

    # -- time ---------------------------------------------------------------------
    @property
    def now(self) -> float:
        """Simulated seconds since the cluster was made."""
        return self.sim.now / SECOND

    def run(
        self,
        duration: float | None = None,
        *,
        until: Callable[[Cluster], bool] | None = None,
        timeout: float = 600.0,
    ) -> bool:
        """Advance simulated time ``duration`` seconds, or until ``until(cluster)`` holds.

        With ``until``, time stops as soon as the condition is true (checked after every
        timer) and the result says whether it became true within ``timeout`` seconds.
        """
        with self.lock:
            return advance(self.sim, self, duration, until, timeout)

    # -- commands -----------------------------------------------------------------
    def docker(self, line: str | Sequence[str], on: str | None = None, *, stdin: str = "") -> CLIResult:
        """Run a docker command line on host ``on`` (default: the leader's) as the docker CLI 28.2 would.

        ``stdin`` is what is piped in (``echo KEY | docker swarm unlock``). Never raises for a
        user's mistake: the result carries docker's exit code, stdout and stderr.
        """
        with self.lock:
            return shell.run(self, line, on, stdin)

    def serve(
        self,
        node: str | None = None,
        *,
        socket: str | None = None,
        port: int | None = None,
        host: str | None = None,
        speed: float = 1.0,
    ):
        """Serve host ``node``'s Engine API (default: the first host) to the real docker CLI and docker-py.

        On a unix socket in a private directory (or ``socket=PATH``), or on ``port`` at
        127.0.0.1 (``host="::1"`` for IPv6; nothing else is allowed), from a background
        thread, while simulated time follows the wall clock at ``speed`` (0: only
        ``run`` moves it). Returns a :class:`caasnb.serve.Served`: print it for the
        ``export DOCKER_HOST=...`` line, ``.stop()`` it when done.
        """
        from .serve import Served  # the serving layer reads the wall clock; the core does not

        return Served(self, node=node, socket=socket, port=port, host=host, speed=speed)

    # -- the record ---------------------------------------------------------------
    @property
    def events(self):
        """The event log of this run (see :class:`caasnb.sim.EventLog`)."""
        return self.sim.events

    def trace_hash(self) -> str:
        """sha256 of the canonical event log: equal for equal seeds and actions."""
        return self.sim.trace_hash()

    # -- faults -------------------------------------------------------------------
    def host(self, name: str) -> Host:
        """The host called ``name``; NotFound with the names there are otherwise."""
        try:
            return self.hosts[name]
        except KeyError:
            raise NotFound(f"no such host: {name} (hosts are {', '.join(self.hosts)})") from None

    def crash(self, name: str) -> None:
        """Power off a host's machine: it stops answering until restarted."""
        host = self.host(name)
        if host.up:
            host.up = False
            self.sim.emit("host.down", name, reason="crash")
            self.net.down(name, announce=False)
            self.daemons[name].stop()

    def restart(self, name: str) -> None:
        """Power a crashed host's machine back on."""
        host = self.host(name)
        if not host.up:
            host.up = True
            self.sim.emit("host.up", name)
            self.net.up(name, announce=False)
            self.daemons[name].boot()

    def partition(self, *groups: list[str]) -> None:
        """Split the network: each group of hosts hears only itself (see :meth:`caasnb.net.Underlay.partition`)."""
        self.net.partition(*groups)

    def heal(self) -> None:
        """Remove every partition and one-way network fault."""
        self.net.heal()

    @property
    def chaos(self):
        """This cluster's fault injector (:class:`caasnb.chaos.Chaos`), made on first use."""
        if self._chaos is None:
            self._chaos = Chaos(self)
        return self._chaos

    def __repr__(self) -> str:
        up = sum(host.up for host in self.hosts.values())
        return f"Cluster(hosts={len(self.hosts)}, up={up}, t={self.now:.3f} s, seed={self.seed})"


def _names(hosts: Sequence[str]) -> list[str]:
    """Given host names: at least one, each a non-empty string, no repeats."""
    names = list(hosts)
    if not names or not all(isinstance(name, str) and name for name in names) or len(set(names)) < len(names):
        raise InvalidArgument(f"hosts must be distinct non-empty names, not {hosts!r}")
    return names


def _count(name: str, value: int, minimum: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise InvalidArgument(f"{name} must be a whole number >= {minimum}, not {value!r}")
    return value
