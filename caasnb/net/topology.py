"""A read-only view of a cluster's container networking: who sits where, with which address.

The embedded DNS, the reachability model and the routing mesh all ask the same questions:
which sandboxes exist on which host, who holds an IP address, which services are attached
to a network and which of their tasks have an endpoint there. :func:`topology` answers them
from the hosts' network controllers and the swarm store, and keeps its indexes until the
event log grows by something other than a load balancer's choice (every state change emits
an event, so a new event may mean a different world); many questions about one moment cost
one scan.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from ipaddress import ip_address
from typing import Any
from weakref import WeakKeyDictionary

from ..errors import NotFound
from .cnm import Endpoint, Network, Sandbox

INGRESS_SANDBOX = "ingress-sbox"
RUNNING = 512  # swarmkit's TaskState.RUNNING (the swarm layer sits above this package)
UNCHANGED_BY = frozenset({"net.lb"})  # event kinds that change nothing the view indexes
_CACHE: WeakKeyDictionary = WeakKeyDictionary()  # cluster -> (event count, Topology)


@dataclass
class Backend:
    """One task of a service as seen on one network: the task record and its endpoint there."""

    task: Any
    endpoint: Endpoint

    @property
    def host(self) -> str:
        return self.endpoint.sandbox.host


@dataclass
class Topology:
    """Indexes over one moment of the cluster (build with :func:`topology`)."""

    cluster: Any
    sandboxes: list[Sandbox] = field(default_factory=list)
    by_address: dict[tuple[str, str], Endpoint] = field(default_factory=dict)  # (network id, ip) -> endpoint
    owners: dict[str, list[Endpoint]] = field(default_factory=dict)  # ip -> endpoints holding it
    host_of_address: dict[str, str] = field(default_factory=dict)
    services: list[Any] = field(default_factory=list)
    tasks: dict[str, list[Any]] = field(default_factory=dict)  # service id -> its tasks
    task_sandbox: dict[str, Sandbox] = field(default_factory=dict)  # task id -> sandbox
    ingress_sandboxes: dict[str, Sandbox] = field(default_factory=dict)  # host -> ingress-sbox

    # -- lookups -----------------------------------------------------------------------
    def find_sandbox(self, ref: str) -> Sandbox | None:
        """A container's sandbox by full ID, name, or unique ID prefix (like ``docker exec`` finds it)."""
        for sandbox in self.sandboxes:
            if ref in (sandbox.container_id, sandbox.name):
                return sandbox
        matches = [s for s in self.sandboxes if s.container_id.startswith(ref)]
        return matches[0] if len(matches) == 1 else None

    def swarm_networks(self) -> dict[str, Network]:
        swarm_networks = self.cluster.swarm_networks
        return swarm_networks.networks if swarm_networks is not None else {}

    def service_networks(self, service: Any) -> list[Network]:
        """The networks a service's tasks join (ingress too when it publishes through the mesh)."""
        networks = self.swarm_networks()
        chosen = [networks[vip.network_id] for vip in _virtual_ips(service) if vip.network_id in networks]
        allocator = self.cluster.swarm_networks.services if self.cluster.swarm_networks is not None else None
        for attachment in service.spec.task_template.networks:
            network = allocator.find(attachment.target) if allocator is not None else None
            if network is not None and network not in chosen:
                chosen.append(network)
        return chosen

    def aliases(self, service: Any, network: Network) -> tuple[str, ...]:
        """The service's ``--network name=N,alias=A`` aliases on ``network``."""
        allocator = self.cluster.swarm_networks.services
        return tuple(
            alias
            for attachment in service.spec.task_template.networks
            if allocator.find(attachment.target) is network
            for alias in attachment.aliases
        )

    def backends(self, service: Any, network: Network) -> list[Backend]:
        """The service's tasks that run and have an endpoint on ``network``, by slot then task ID."""
        found = []
        for task in sorted(self.tasks.get(service.id, ()), key=lambda t: (t.slot, t.node_id, t.id)):
            sandbox = self.task_sandbox.get(task.id)
            endpoint = sandbox.endpoint_on(network) if sandbox is not None else None
            if endpoint is not None and int(task.status.state) == RUNNING:
                found.append(Backend(task, endpoint))
        return found

    def vip_owner(self, network: Network, address: str) -> Any | None:
        """The service whose VIP on ``network`` is ``address``."""
        for service in self.services:
            for vip in _virtual_ips(service):
                if vip.network_id == network.id and str(vip.addr.ip) == address:
                    return service
        return None

    def host_up(self, host: str) -> bool:
        return self.cluster.hosts[host].up

    def links(self, src: str, dst: str) -> bool:
        """Whether the underlay carries packets between two hosts now (both up, no partition)."""
        if not (self.host_up(src) and self.host_up(dst)):
            return False
        return src == dst or self.cluster.net.reachable(src, dst)


def container_of(cluster: Any, sandbox: Sandbox) -> Any | None:
    """The container (``caasnb.containers.Container``) whose sandbox this is; None for the ingress sandbox."""
    try:
        return cluster.daemons[sandbox.host].containers.get(sandbox.container_id)
    except NotFound:
        return None


def _virtual_ips(service: Any) -> tuple:
    return service.endpoint.virtual_ips if service.endpoint is not None else ()


def topology(cluster: Any) -> Topology:
    """The cluster's networking now; reused until the event log grows."""
    events = cluster.sim.events
    stamp = len(events)
    cached = _CACHE.get(cluster)
    if cached is not None and all(events[i].kind in UNCHANGED_BY for i in range(cached[0], stamp)):
        view = cached[1]
    else:
        view = _build(cluster)
    _CACHE[cluster] = (stamp, view)
    return view


def _build(cluster: Any) -> Topology:
    view = Topology(cluster)
    for host, daemon in cluster.daemons.items():
        view.host_of_address[daemon.addr] = host
        controller = daemon.networks.controller
        view.sandboxes.extend(controller.sandboxes.values())
        for network in controller.networks.values():
            for endpoint in network.endpoints.values():
                if endpoint.sandbox.container_id == INGRESS_SANDBOX and network.ingress:
                    view.ingress_sandboxes[endpoint.sandbox.host] = endpoint.sandbox
                if endpoint.ipv4 is not None:
                    address = str(endpoint.ipv4.ip)
                    if (network.id, address) not in view.by_address:
                        view.by_address[network.id, address] = endpoint
                        view.owners.setdefault(address, []).append(endpoint)
    store = _store(cluster)
    if store is not None:
        view.services = sorted(store.services.values(), key=lambda s: s.name)
        by_name = {s.name: s for s in view.sandboxes}
        by_id = {s.container_id: s for s in view.sandboxes}
        for task in store.tasks.values():
            view.tasks.setdefault(task.service_id, []).append(task)
            status = task.status.container_status
            sandbox = by_id.get(status.container_id) if status is not None else None
            sandbox = sandbox or by_name.get(task.container_name)
            if sandbox is not None:
                view.task_sandbox[task.id] = sandbox
    return view


def _store(cluster: Any) -> Any | None:
    """The swarm state the hosts' resolvers know (gossiped from the managers): the leader's, else any manager's."""
    swarm = cluster.swarm
    if swarm is None:
        return None
    host = swarm.leader or next(iter(swarm.managers()), None)
    return swarm.store(host) if host is not None else None


def is_address(text: str) -> bool:
    try:
        ip_address(text)
    except ValueError:
        return False
    return True
