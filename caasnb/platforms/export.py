"""Export what runs in a simulated swarm: one service or a whole stack, as Kubernetes YAML or Marathon JSON.

The specs are read the way any client reads them — ``GET /services`` through the Engine API
of the leader — so what is exported is exactly what ``docker service inspect`` shows.
"""

from __future__ import annotations

from ..errors import NotFound
from . import kubernetes, marathon
from .spec import STACK_LABEL, dns_label


def _client(cluster):
    leader = cluster.swarm.leader if cluster.swarm else None
    if leader is None:
        raise NotFound("no swarm leader to ask: form a swarm first")
    return lambda path, query=None: cluster.engine.call(leader, "GET", path, query=query or {})


def service_spec(cluster, name: str) -> dict:
    """The ServiceSpec of service ``name`` (docker's NotFound when there is none)."""
    return _client(cluster)(f"/services/{name}")["Spec"]


def stack_specs(cluster, stack: str) -> list[dict]:
    """Specs of every service labelled ``com.docker.stack.namespace=stack``, by name."""
    get = _client(cluster)
    services = get("/services", {"filters": f'{{"label":{{"{STACK_LABEL}={stack}":true}}}}'})
    if not services:
        raise NotFound(f"Nothing found in stack: {stack}")
    return sorted((s["Spec"] for s in services), key=lambda spec: spec["Name"])


def _specs(cluster, service: str | None, stack: str | None) -> list[dict]:
    if (service is None) == (stack is None):
        raise ValueError("give service= or stack=, one of them")
    return [service_spec(cluster, service)] if service else stack_specs(cluster, stack)


def to_kubernetes(cluster, *, service: str | None = None, stack: str | None = None) -> str:
    """Kubernetes manifests (YAML) of one service or a stack."""
    return kubernetes.to_yaml(kubernetes.manifests(_specs(cluster, service, stack)))


def to_marathon(cluster, *, service: str | None = None, stack: str | None = None) -> str:
    """Marathon JSON: one app for a service, a group ``/stack`` for a stack."""
    nodes = len(cluster.hosts)
    if service:
        return marathon.to_json(marathon.app(service_spec(cluster, service), nodes))
    return marathon.to_json(marathon.group(stack_specs(cluster, stack), nodes, f"/{dns_label(stack)}"))
