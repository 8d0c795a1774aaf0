"""A weighted split of one application's traffic between the services that run its versions.

The router stands for the proxy in front of two swarm services (``web-blue``/``web-green``,
or stable/canary), like an Envoy or Traefik service with weighted backends: it owns no
task, and changing its weights is one atomic step with no swarm write, which is what lets a
blue/green switch or a canary rollback happen between two requests. Each service's share is
then balanced over its running tasks by the routing mesh (:mod:`caasnb.workload`).
"""

from __future__ import annotations

from collections.abc import Mapping

from ..errors import InvalidArgument

ROUTE = "deploy.route"


class Router:
    """Percent weights per service; every change is a ``deploy.route`` event."""

    def __init__(self, cluster, name: str, weights: Mapping[str, float]) -> None:
        self.cluster = cluster
        self.sim = cluster.sim
        self.name = name
        self._weights: dict[str, float] = {}
        self.history: list[tuple[int, dict[str, float]]] = []
        self.route(weights, reason="created")

    def weights(self) -> dict[str, float]:
        """The current split (percent per service; services at 0 % left out)."""
        return dict(self._weights)

    def weight(self, service: str) -> float:
        return self._weights.get(service, 0.0)

    def route(self, weights: Mapping[str, float], reason: str = "") -> None:
        """Replace the split at once: ``{"web-stable": 90, "web-canary": 10}``."""
        if any(w < 0 for w in weights.values()) or abs(sum(weights.values()) - 100) > 1e-9:
            raise InvalidArgument(f"weights must be >= 0 and add up to 100, not {dict(weights)}")
        self._weights = {s: float(w) for s, w in sorted(weights.items()) if w > 0}
        self.history.append((self.sim.now, dict(self._weights)))
        self.sim.emit(ROUTE, self.name, weights=dict(self._weights), reason=reason)

    def __repr__(self) -> str:
        split = ", ".join(f"{s} {w:g}%" for s, w in self._weights.items())
        return f"Router({self.name}: {split})"
