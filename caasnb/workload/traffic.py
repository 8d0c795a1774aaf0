"""An open-loop request generator: a fixed rate of requests against a service (or a router's split).

Open loop means requests keep arriving whatever the latency, like users on the internet,
so a slow release cannot hide by slowing its own traffic down. Every ``interval`` the
workload sends ``rate × interval`` requests (fractions carry over), splits them among the
target's services by weight, and spreads each service's share round-robin over its
running tasks behind its virtual IP (:func:`.backends.backends`, IPVS round robin).
Each task answers with its version's :class:`~.behaviour.Behaviour`, slowed down by its
node's CPU contention (:mod:`.contention`), scaled by the task's own speed (instances
differ: ``spread``) and observed through measurement noise (``noise``). One
``workload.requests`` event per task and interval carries the latencies and statuses
(:func:`caasnb.observe.record_requests`); requests that find no running task are counted
in a ``workload.dropped`` event.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Protocol

from ..errors import InvalidArgument
from ..observe.telemetry import REQUESTS, record_requests
from ..sim import SECOND, Timer, seconds
from .backends import Backend, backends
from .behaviour import DEFAULT, Behaviour
from .contention import contention

START, STOP, DROPPED = "workload.start", "workload.stop", "workload.dropped"
OK, SERVER_ERROR = 200, 500


class Target(Protocol):
    """Where traffic goes: a weight per service (a :class:`caasnb.deploy.Router` is one)."""

    @property
    def name(self) -> str: ...

    def weights(self) -> Mapping[str, float]: ...


class Service:
    """All traffic to one service: the target a plain service name stands for."""

    def __init__(self, name: str) -> None:
        self.name = name

    def weights(self) -> Mapping[str, float]:
        return {self.name: 1.0}


class Workload:
    """Requests at ``rate`` per second against ``target`` for ``duration`` seconds (None: until stopped).

    ``versions`` maps an image reference (``web:1.1``) to its :class:`Behaviour`; other images
    behave as ``default``. ``noise`` is the sigma of a multiplicative lognormal measurement
    error on every latency; ``spread`` the sigma of each task's own persistent speed factor.
    ``entry`` is the host the requests enter the swarm on (None: from anywhere, e.g. an
    external load balancer): only tasks reachable from it get requests.
    """

    def __init__(
        self,
        cluster,
        target: str | Target,
        rate: float,
        duration: float | None = None,
        *,
        versions: Mapping[str, Behaviour] | None = None,
        default: Behaviour = DEFAULT,
        interval: float = 1.0,
        noise: float = 0.0,
        spread: float = 0.0,
        entry: str | None = None,
        name: str = "",
    ) -> None:
        if rate < 0 or interval <= 0 or noise < 0 or spread < 0:
            raise InvalidArgument("rate, noise and spread must be >= 0 and interval > 0")
        if duration is not None and duration <= 0:
            raise InvalidArgument(f"duration must be > 0 seconds, not {duration}")
        self.cluster = cluster
        self.sim = cluster.sim
        self.target = Service(target) if isinstance(target, str) else target
        self.name = name or f"load:{self.target.name}"
        self.rate = rate
        self.duration = duration
        self.versions = dict(versions or {})
        self.default = default
        self.interval = seconds(interval)
        self.noise = noise
        self.spread = spread
        self.entry = entry
        self.rng = self.sim.rng(f"workload:{self.name}")
        self.contention = contention(cluster)
        self.sent = 0
        self.dropped = 0
        self.served: dict[str, int] = {}  # requests answered per image (version)
        self.failed: dict[str, int] = {}  # of those, answered 5xx
        self._ticks = 0
        self._share: dict[str, float] = {}
        self._cursor: dict[str, int] = {}
        self._speed: dict[str, float] = {}
        self._timer: Timer | None = None
        self._active = False
        self._ends: int | None = None

    @property
    def running(self) -> bool:
        return self._active

    def behaviour(self, image: str) -> Behaviour:
        """How tasks running ``image`` answer."""
        return self.versions.get(image, self.default)

    def start(self) -> Workload:
        """Begin sending (the first batch lands one interval from now)."""
        if not self._active:
            self._active = True
            self._ends = None if self.duration is None else self.sim.now + seconds(self.duration)
            self.sim.emit(START, self.name, target=self.target.name, rate=self.rate, interval=self.interval / SECOND)
            self._timer = self.sim.schedule(self.interval, self._tick)
        return self

    def stop(self) -> None:
        """Stop sending; the node demand this workload caused goes away."""
        if not self._active:
            return
        self._active = False
        if self._timer is not None:
            self.sim.cancel(self._timer)
            self._timer = None
        for host in self.contention.demand:
            self.contention.report(self.name, host, 0.0)
        self.sim.emit(STOP, self.name, sent=self.sent, dropped=self.dropped)

    def _tick(self) -> None:
        self._timer = None
        self._ticks += 1
        due = math.floor(self.rate * self._ticks * self.interval / SECOND + 1e-9)  # whole requests owed so far
        self._send(due - self.sent)
        if self._ends is not None and self.sim.now + self.interval > self._ends:
            self.stop()
        else:
            self._timer = self.sim.schedule(self.interval, self._tick)

    def _send(self, count: int) -> None:
        plan: list[tuple[Backend, int]] = []
        for service, share in self._split(count).items():
            live = backends(self.cluster, service, self.entry)
            if not live:
                if share:
                    self.dropped += share
                    self.sim.emit(DROPPED, self.name, service=service, count=share)
                continue
            plan += self._round_robin(service, live, share)
        self.sent += count
        busy: dict[str, float] = dict.fromkeys(self.contention.demand, 0.0)
        for backend, n in plan:
            busy[backend.host] += n * self.behaviour(backend.image).cpu_ms / 1000 / (self.interval / SECOND)
        for host, cpus in busy.items():
            self.contention.report(self.name, host, cpus)
        for backend, n in plan:
            self._serve(backend, n)

    def _split(self, count: int) -> dict[str, int]:
        """Whole requests per service in proportion to the weights (largest remainder), fractions carried over."""
        weights = {s: w for s, w in sorted(self.target.weights().items()) if w > 0}
        total = sum(weights.values())
        if not total:
            raise InvalidArgument(f"{self.target.name} sends traffic nowhere: every weight is 0")
        self._share = {s: self._share.get(s, 0.0) + count * w / total for s, w in weights.items()}
        shares = {s: max(0, math.floor(owed)) for s, owed in self._share.items()}
        left = count - sum(shares.values())
        for service in sorted(shares, key=lambda s: (shares[s] - self._share[s], s))[: max(0, left)]:
            shares[service] += 1
        for service, n in shares.items():
            self._share[service] -= n
        return shares

    def _round_robin(self, service: str, live: list[Backend], count: int) -> list[tuple[Backend, int]]:
        base, extra = divmod(count, len(live))
        cursor = self._cursor.get(service, 0) % len(live)
        self._cursor[service] = cursor + extra
        order = live[cursor:] + live[:cursor]
        return [(b, base + (i < extra)) for i, b in enumerate(order) if base + (i < extra)]

    def _serve(self, backend: Backend, count: int) -> None:
        behaviour = self.behaviour(backend.image)
        stretch = self.contention.inflation(backend.host) * self._speed_of(backend)
        rng = self.rng
        latencies = [behaviour.latency(rng, stretch) for _ in range(count)]
        if self.noise:
            latencies = [value * math.exp(rng.gauss(0.0, self.noise)) for value in latencies]
        statuses = [SERVER_ERROR if rng.random() < behaviour.error_rate else OK for _ in range(count)]
        self.served[backend.image] = self.served.get(backend.image, 0) + count
        self.failed[backend.image] = self.failed.get(backend.image, 0) + statuses.count(SERVER_ERROR)
        record_requests(
            self.sim, backend.container_id, backend.service, backend.host, [round(v, 6) for v in latencies], statuses
        )

    def _speed_of(self, backend: Backend) -> float:
        """A task's own persistent slowness (hardware, placement, warm caches): drawn once per task."""
        if not self.spread:
            return 1.0
        factor = self._speed.get(backend.task_id)
        if factor is None:
            factor = self._speed[backend.task_id] = math.exp(self.rng.gauss(0.0, self.spread))
        return factor


def requests_of(sim, service: str, since: int = 0, until: int | None = None):
    """The ``workload.requests`` events of ``service`` in ``[since, until]`` ns."""
    return sim.events.query(kind=REQUESTS, since=since, until=until, where=lambda e: e.attrs["service"] == service)
