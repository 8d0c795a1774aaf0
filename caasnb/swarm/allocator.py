"""The leader's side of a service write: give the service its endpoint, then commit it.

swarmkit checks published-port conflicts in the control API and lets its allocator fill in
``Service.Endpoint`` (ingress ports, virtual IPs) before the service reaches the workers. Here
both happen on the manager answering the request, just before the write goes through Raft;
a write that fails gives every fresh claim back, so a rejected request changes nothing, and
a write that lands releases what the service no longer needs.
"""

from __future__ import annotations

from collections.abc import Callable

from ..errors import DockerError
from ..net.swarmnet import SwarmNetworks
from ..net.vips import NO_ENDPOINT, Holder
from .records import Service
from .store import Delete, Put, Store
from .tasks import _evolve


def put_service(networks: SwarmNetworks, store: Store, service: Service, write: Callable[..., Store]) -> None:
    """Allocate ``service``'s endpoint (keeping what its stored version holds) and write it."""
    allocator = networks.services
    current = service.endpoint or NO_ENDPOINT
    endpoint_spec = service.spec.endpoint_spec
    others = (
        Holder(s.id, s.name, s.spec.endpoint_spec.ports, s.endpoint or NO_ENDPOINT)
        for s in store.services.values()
        if s.id != service.id
    )
    allocator.check_conflicts(endpoint_spec.ports, others)
    targets = [attachment.target for attachment in service.spec.task_template.networks]
    endpoint = allocator.allocate(endpoint_spec.mode, endpoint_spec.ports, targets, current)
    try:
        write(Put(_evolve(service, endpoint=endpoint)))
    except DockerError:
        allocator.release(endpoint, keep=current)
        raise
    allocator.release(current, keep=endpoint)


def delete_service(networks: SwarmNetworks, service: Service, write: Callable[..., Store]) -> None:
    """Delete ``service`` and give its VIPs and ingress ports back."""
    write(Delete("services", service.id))
    networks.services.release(service.endpoint or NO_ENDPOINT)
