"""The Simian Army on a simulated swarm: Chaos Monkey, Latency Monkey and Chaos Gorilla.

Each monkey wakes at seeded random moments — exponential gaps with a mean you choose
(Chaos Monkey's "mean time between terminations"), counted in business hours only — and
strikes through :class:`~caasnb.chaos.Chaos`, so every strike is an ordinary fault with its
own ``chaos.inject``/``chaos.heal`` events. Every decision, strike or skip, is a
``chaos.monkey`` event and a row of the monkey's ``log``; the same seed gives the same
decisions.

* :class:`ChaosMonkey` kills one running task container of one opted-in service (a service
  label, ``chaos.monkey.enabled=true`` by default): services that did not opt in are never
  touched, and a service that is healthy will replace the task.
* :class:`LatencyMonkey` adds delay to one direction of one link for a while.
* :class:`ChaosGorilla` takes a whole zone (nodes sharing a node label value) offline.
"""

from __future__ import annotations

from typing import Any

from ..errors import DockerError, InvalidArgument
from ..sim import Timer
from .hours import BusinessHours
from .nodes import ZONE_LABEL, zones
from .params import duration_ns

OPT_IN = "chaos.monkey.enabled=true"


class Monkey:
    """What every monkey shares: a seeded schedule in business hours, start/stop, a log of decisions."""

    name = "monkey"

    def __init__(self, cluster, *, mean_time_between: str | float, hours: BusinessHours | None = None) -> None:
        self.cluster = cluster
        self.sim = cluster.sim
        self.chaos = cluster.chaos
        self.mean = duration_ns(mean_time_between, "mean_time_between")
        if self.mean <= 0:
            raise InvalidArgument(f"mean_time_between must be > 0, not {mean_time_between!r}")
        self.hours = hours or BusinessHours()
        self.rng = self.sim.rng(f"chaos:{self.name}")
        self.log: list[dict[str, Any]] = []
        self._timer: Timer | None = None

    @property
    def running(self) -> bool:
        return self._timer is not None

    def start(self) -> None:
        """Start waking up at random moments (harmless when already started)."""
        if self._timer is None:
            self.sim.emit("chaos.monkey.start", self.name, mean=self.mean)
            self._plan()

    def stop(self) -> None:
        """Stop the monkey (faults it caused still heal on time)."""
        if self._timer is not None:
            self.sim.cancel(self._timer)
            self._timer = None
            self.sim.emit("chaos.monkey.stop", self.name)

    def _plan(self) -> None:
        gap = round(self.rng.expovariate(1.0 / self.mean))
        self._timer = self.sim.at(self.hours.after(self.sim.now, gap), self._wake)

    def _wake(self) -> None:
        self.strike()
        self._plan()

    def strike(self, **choice: Any) -> dict[str, Any]:
        """Decide and act now (also callable by hand, e.g. ``gorilla.strike(zone="a")``); returns the decision."""
        decision = self.decide(**choice)
        self.log.append({"time": self.sim.now} | decision)
        self.sim.emit("chaos.monkey", self.name, **decision)
        return decision

    def decide(self) -> dict[str, Any]:
        raise NotImplementedError

    def _inject(self, action: str, kind: str, target: Any, **params: Any) -> dict[str, Any]:
        """Inject a fault for this decision; a refused fault becomes a skip with Docker's reason."""
        try:
            fault = self.chaos.inject(kind, target, **params)
        except DockerError as error:
            return {"action": "skip", "reason": str(error)}
        return {"action": action, "target": fault.describe_target(), "fault": fault.id}

    def __repr__(self) -> str:
        state = "running" if self.running else "stopped"
        return f"<{type(self).__name__} {state}, {len(self.log)} decisions>"


class ChaosMonkey(Monkey):
    """Kills one task container of one opted-in service per decision."""

    name = "chaos-monkey"

    def __init__(
        self,
        cluster,
        *,
        mean_time_between: str | float = "5m",
        opt_in: str = OPT_IN,
        hours: BusinessHours | None = None,
    ) -> None:
        super().__init__(cluster, mean_time_between=mean_time_between, hours=hours)
        self.opt_in = opt_in

    def decide(self) -> dict[str, Any]:
        services = self._opted_in()
        if isinstance(services, str):
            return {"action": "skip", "reason": services}
        if not services:
            return {"action": "skip", "reason": f"no service has the label {self.opt_in}"}
        service = self.rng.choice(services)
        containers = self._task_containers(service)
        if not containers:
            return {"action": "skip", "service": service, "reason": "no running task"}
        name = self.rng.choice(containers)
        return {"service": service} | self._inject("terminate", "kill", name)

    def _opted_in(self) -> list[str] | str:
        """Names of the opted-in services (asked of a manager, as Chaos Monkey asks its deploy tool), or why not."""
        swarm = self.cluster.swarm
        leader = swarm.leader if swarm is not None else None
        if leader is None:
            return "no swarm leader to list services"
        try:
            services = self.cluster.daemons[leader].service_list({"label": [self.opt_in]})
        except DockerError as error:
            return str(error)
        return sorted(s["Spec"]["Name"] for s in services)

    def _task_containers(self, service: str) -> list[str]:
        """Names of the service's running task containers, on every running host."""
        names = []
        label = f"com.docker.swarm.service.name={service}"
        for host, daemon in self.cluster.daemons.items():
            if self.cluster.hosts[host].up:
                names += [c["Names"][0].lstrip("/") for c in daemon.containers.list(filters={"label": [label]})]
        return sorted(names)


class LatencyMonkey(Monkey):
    """Adds ``delay`` (and ``jitter``) to one direction of one random link for ``duration``."""

    name = "latency-monkey"

    def __init__(
        self,
        cluster,
        *,
        mean_time_between: str | float = "5m",
        delay: str | float = "200ms",
        jitter: str | float = "50ms",
        duration: str | float = "1m",
        hours: BusinessHours | None = None,
    ) -> None:
        super().__init__(cluster, mean_time_between=mean_time_between, hours=hours)
        self.params = {"delay": delay, "jitter": jitter, "duration": duration}

    def decide(self) -> dict[str, Any]:
        up = [h for h, host in self.cluster.hosts.items() if host.up]
        if len(up) < 2:
            return {"action": "skip", "reason": "fewer than two hosts are up"}
        src, dst = self.rng.sample(up, 2)
        return self._inject("delay", "delay", f"{src}->{dst}", **self.params)


class ChaosGorilla(Monkey):
    """Takes a whole zone offline for ``duration``: every node whose ``label`` has that value."""

    name = "chaos-gorilla"

    def __init__(
        self,
        cluster,
        *,
        mean_time_between: str | float = "1h",
        label: str = ZONE_LABEL,
        duration: str | float = "2m",
        hours: BusinessHours | None = None,
    ) -> None:
        super().__init__(cluster, mean_time_between=mean_time_between, hours=hours)
        self.label = label
        self.duration = duration

    def decide(self, zone: str | None = None) -> dict[str, Any]:
        known = zones(self.cluster, self.label)
        if not known:
            return {"action": "skip", "reason": f"no node has a {self.label} label"}
        chosen = zone if zone is not None else self.rng.choice(sorted(known))
        return self._inject("zone-down", "zone", chosen, label=self.label, duration=self.duration)
