"""Which tasks of a service can answer a request now: the service VIP's backends.

Requests reach a service through its virtual IP, as a proxy or client on the service's
network (or the ingress routing mesh, for published ports) would. The backends are the
ones the networking room's IPVS balances over (:mod:`caasnb.net.mesh`,
:meth:`caasnb.net.topology.Topology.backends`): running tasks with an endpoint on the
service's first VIP network, in IPVS order (slot, node, task ID), on hosts that are up —
and, with an ``entry`` host, reachable from it across the underlay (a partition hides the
other side). A task told to shut down is left out: Docker takes it out of the load
balancer before it stops the container. A service on no network has no VIP, so nothing
can reach it: every request to it is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..net.topology import topology
from ..swarm.tasks import TaskState


@dataclass(frozen=True)
class Backend:
    """One running task that can serve a service's requests."""

    task_id: str
    container_id: str
    service: str
    slot: int
    host: str
    image: str


def backends(cluster, service: str, entry: str | None = None) -> list[Backend]:
    """The tasks of ``service`` its VIP balances over now (from ``entry`` when given), in IPVS order."""
    view = topology(cluster)
    record = next((s for s in view.services if s.name == service), None)
    networks = view.service_networks(record) if record is not None else []
    if not networks:
        return []
    found = []
    for backend in view.backends(record, networks[0]):
        task = backend.task
        reachable = view.links(entry, backend.host) if entry else view.host_up(backend.host)
        if reachable and task.desired_state <= TaskState.RUNNING:
            image = task.spec.container_spec.image.split("@")[0]  # a digest-pinned reference is still its tag
            container = backend.endpoint.sandbox.container_id
            found.append(Backend(task.id, container, service, task.slot, backend.host, image))
    return found
