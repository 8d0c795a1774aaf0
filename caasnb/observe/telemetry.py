"""Metrics as a view of the event log: requests and resource samples become time series.

Two event kinds feed it (the workload model and the agents emit them with the helpers
here, so producers and this view agree on the attributes):

* ``workload.requests`` (subject: container id; ``service``, ``node``, ``latencies`` in
  seconds and HTTP ``statuses``, one per request, all at that instant) →
  ``http_requests_total{service,node,container,code}`` and
  ``http_request_duration_seconds{service,node,container}``;
* ``container.stats`` (subject: container id; ``service``, ``node`` and the fields of a
  :class:`~.stats.ResourceSample`) → cAdvisor-style container gauges and counters, and the
  two latest samples for ``docker stats``;
* ``container.die`` (the containers room's; ``host``, ``exitCode`` and the container's labels) →
  ``container_exits_total{service,node,container,code}``: restarts and crash loops as a number.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields

from ..sim import SECOND, Event, Simulation
from .metrics import Metrics
from .stats import ResourceSample, StatsRow, memory_used, stats_row

REQUESTS = "workload.requests"
SAMPLE = "container.stats"
DIE = "container.die"
SAMPLE_FIELDS = tuple(f.name for f in fields(ResourceSample) if f.name != "time")


def record_requests(
    sim: Simulation, container_id: str, service: str, node: str, latencies: Sequence[float], statuses: Sequence[int]
) -> Event:
    """Record requests a container served now: their latencies (s) and status codes."""
    if len(latencies) != len(statuses):
        raise ValueError("one status per latency")
    return sim.emit(
        REQUESTS, container_id, service=service, node=node, latencies=tuple(latencies), statuses=tuple(statuses)
    )


def record_sample(sim: Simulation, container_id: str, service: str, node: str, sample: ResourceSample) -> Event:
    """Record a container's resource counters now (``sample.time`` is replaced by the event time)."""
    counters = {name: getattr(sample, name) for name in SAMPLE_FIELDS}
    return sim.emit(SAMPLE, container_id, service=service, node=node, **counters)


class MetricsView:
    """A :class:`~.metrics.Metrics` store kept up to date from the simulation's events."""

    def __init__(self, sim: Simulation) -> None:
        self.sim = sim
        self.metrics = Metrics()
        labels = ("service", "node", "container")
        self.requests = self.metrics.counter(
            "http_requests_total", "Requests served, by status code.", (*labels, "code")
        )
        self.latency = self.metrics.histogram("http_request_duration_seconds", "Request latency in seconds.", labels)
        self.cpu = self.metrics.counter("container_cpu_usage_seconds_total", "Cumulative CPU time consumed.", labels)
        self.memory = self.metrics.gauge("container_memory_usage_bytes", "Memory in use, cache excluded.", labels)
        self.rx = self.metrics.counter("container_network_receive_bytes_total", "Bytes received.", labels)
        self.tx = self.metrics.counter("container_network_transmit_bytes_total", "Bytes transmitted.", labels)
        self.pids = self.metrics.gauge("container_pids", "Processes and threads in the container.", labels)
        self.exits = self.metrics.counter(
            "container_exits_total", "Containers that ended, by exit code.", (*labels, "code")
        )
        self.samples: dict[str, list[ResourceSample]] = {}
        for event in sim.events.query(kind=(REQUESTS, SAMPLE, DIE)):
            self._on_event(event)
        self._unsubscribe = sim.events.subscribe(self._on_event)

    def _on_event(self, event: Event) -> None:
        if event.kind == REQUESTS:
            self._requests(event)
        elif event.kind == SAMPLE:
            self._sample(event)
        elif event.kind == DIE:
            attrs = event.attrs
            service = str(attrs.get("com.docker.swarm.service.name", ""))
            labels = {"service": service, "node": str(attrs.get("host", "")), "container": event.subject[:12]}
            self.exits.inc(event.time, 1, code=str(attrs.get("exitCode", "")), **labels)

    def _requests(self, event: Event) -> None:
        attrs = event.attrs
        labels = {"service": attrs["service"], "node": attrs["node"], "container": event.subject[:12]}
        codes: dict[int, int] = {}
        for status in attrs["statuses"]:
            codes[status] = codes.get(status, 0) + 1
        for code, count in sorted(codes.items()):
            self.requests.inc(event.time, count, code=str(code), **labels)
        self.latency.observe(event.time, attrs["latencies"], **labels)

    def _sample(self, event: Event) -> None:
        attrs = dict(event.attrs)
        labels = {"service": attrs.pop("service"), "node": attrs.pop("node"), "container": event.subject[:12]}
        sample = ResourceSample(time=event.time, **attrs)
        history = self.samples.setdefault(event.subject, [])
        previous = history[-1] if history else ResourceSample(event.time, 0, 0, sample.online_cpus, 0, 0)
        if sample.cpu_usage < previous.cpu_usage:  # the container restarted: its cgroup counters start again
            previous = ResourceSample(event.time, 0, 0, sample.online_cpus, 0, 0)
        history[:] = [previous, sample]
        self.cpu.inc(event.time, (sample.cpu_usage - previous.cpu_usage) / SECOND, **labels)
        self.rx.inc(event.time, sample.rx_bytes - previous.rx_bytes, **labels)
        self.tx.inc(event.time, sample.tx_bytes - previous.tx_bytes, **labels)
        self.memory.set(event.time, memory_used(sample), **labels)
        self.pids.set(event.time, sample.pids, **labels)

    def stats(self, container_id: str, name: str) -> StatsRow:
        """``docker stats --no-stream`` values for a container from its two latest samples."""
        previous, current = self.samples[container_id]
        return stats_row(container_id, name, previous, current)

    def close(self) -> None:
        """Stop listening to the event log."""
        self._unsubscribe()
