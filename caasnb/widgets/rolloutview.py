"""RolloutView: a release as it happens — traffic split, canary vs baseline, the judge's verdicts, the versions.

Four panels read from one rollout (:class:`caasnb.deploy.Canary`, ``BlueGreen`` or
``Rolling``): the router's split over time; per analysis interval, each service's p50, p99
and error rate with the judge's verdict, score and per-metric evidence; *promote* and
*abort* buttons (a canary that is still progressing); and a map of the nodes with the
version each task runs. A decision the canary took on its own is carried out on the swarm
after the next step, as the rollout's controller would.
"""

from __future__ import annotations

import traitlets

from ..deploy.analysis import samples
from ..deploy.rollout import ANALYSIS, PROGRESSING
from ..sim import SECOND, advance, seconds
from ..workload import backends
from ._assets import css, esm
from .base import SimWidget


def quantile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def service_summary(sim, service: str, since: int, until: int) -> dict | None:
    """p50/p99 latency (ms), error rate (%) and request count of a service in a window; None without requests."""
    found = samples(sim, service, since, until)
    latency, errors = found["latency"], found["errors"]
    if not latency:
        return None
    return {
        "p50": round(quantile(latency, 0.5) * 1000, 2),
        "p99": round(quantile(latency, 0.99) * 1000, 2),
        "errors": round(100 * sum(errors) / len(errors), 2),
        "n": len(latency),
    }


class RolloutView(SimWidget):
    """``RolloutView(rollout)``: traffic split, per-interval analysis, promote/abort, and the version map."""

    _esm = esm("rolloutview.js")
    _css = css("rolloutview.css")

    title = traitlets.Unicode("").tag(sync=True)
    phase = traitlets.Unicode("").tag(sync=True)
    controllable = traitlets.Bool(False).tag(sync=True)
    split = traitlets.List().tag(sync=True)
    analyses = traitlets.List().tag(sync=True)
    nodes = traitlets.List().tag(sync=True)
    versions = traitlets.List().tag(sync=True)

    def __init__(self, rollout, **kwargs) -> None:
        self.rollout = rollout
        self._rows: list[dict] = []
        self._last = rollout.started
        for event in rollout.sim.events.query(kind=ANALYSIS, subject=rollout.name):
            self.note(event)
        super().__init__(rollout.cluster, **kwargs)

    def note(self, event) -> None:
        """Each analysis of this rollout becomes a row, with every routed service's numbers for its window."""
        if event.kind != ANALYSIS or event.subject != self.rollout.name:
            return
        sim, since = self.rollout.sim, self._last
        services = {}
        for name in self._routed():
            summary = service_summary(sim, name, since, event.time)
            if summary is not None:
                services[name] = summary
        attrs = event.attrs
        self._rows.append(
            {
                "t": event.time,
                "stage": attrs.get("stage", ""),
                "weight": attrs.get("weight"),
                "outcome": attrs["outcome"],
                "score": attrs["score"],
                "reason": attrs["reason"],
                "metrics": [
                    {k: m[k] for k in ("name", "classification", "p_value", "effect", "critical")}
                    for m in attrs["metrics"]
                ],
                "services": services,
            }
        )
        self._last = event.time

    def _routed(self) -> list[str]:
        """Every service the router has sent traffic to during this rollout, in order of appearance."""
        names: list[str] = []
        for _, weights in self.rollout.router.history:
            names += [name for name in weights if name not in names]
        return names

    def sync_state(self) -> None:
        rollout = self.rollout
        self.title = f"{rollout.name} → {rollout.image}"
        self.phase = rollout.phase or "not started"
        self.controllable = rollout.phase == PROGRESSING and hasattr(rollout, "abort")
        self.split = [{"t": t, "weights": w} for t, w in rollout.router.history]
        self.analyses = list(self._rows)
        self._sync_nodes()

    def _sync_nodes(self) -> None:
        cluster = self.rollout.cluster
        images: list[str] = []
        by_host: dict[str, list[dict]] = {host: [] for host in cluster.hosts}
        for service in self._routed():
            for backend in backends(cluster, service):
                if backend.image not in images:
                    images.append(backend.image)
                by_host[backend.host].append(
                    {"name": f"{service}.{backend.slot}", "service": service, "image": backend.image}
                )
        self.versions = sorted(images)
        self.nodes = [{"host": host, "up": cluster.hosts[host].up, "tasks": tasks} for host, tasks in by_host.items()]

    def advance(self, duration: float) -> None:
        """Run time on; a decision the canary takes meanwhile is carried out on the swarm at once."""
        end = self.sim.now + seconds(duration)
        if getattr(self.rollout, "decided", None) is False:
            advance(self.sim, self.rollout, until=lambda rollout: rollout.decided, timeout=duration)
            self._finish_decided()
        if self.sim.now < end:
            self.sim.run(until=end)
        self.refresh()

    def _finish_decided(self) -> bool:
        rollout = self.rollout
        if getattr(rollout, "decided", False) and not rollout.cleaned:
            rollout.finish()
            return True
        return False

    def handle(self, action: str, message: dict) -> None:
        if action in ("promote", "abort"):
            if self.controllable:
                getattr(self.rollout, action)()
                self._finish_decided()
            return
        super().handle(action, message)

    def __repr__(self) -> str:
        phase = self.rollout.phase or "not started"
        return f"RolloutView({self.rollout.name}, phase={phase}, t={self.sim.now / SECOND:.3f} s)"
