"""Swarm load balancing: the ingress routing mesh and VIPs inside overlays (IPVS, round robin).

A port published in ingress mode is answered on *every* node's address: iptables sends it
into the node's ``ingress-sbox``, whose IPVS table balances it over the service's tasks on
the ``ingress`` overlay, wherever they run, and VXLAN carries it there. A service's VIP on
any other network is balanced the same way by the IPVS table in the sandbox of the caller.

IPVS here is round robin over the service's running tasks in a fixed order (slot, node,
task ID), skipping tasks whose node is down or cut off from the balancing node; each
balancer keeps its own pointer, and each choice is an ``net.lb`` event. No randomness, so a
run replays exactly.
"""

from __future__ import annotations

from typing import Any
from weakref import WeakKeyDictionary

from ..errors import NotFound
from .cnm import Network
from .path import CONNECTED, REFUSED, TIMEOUT, Hop, Reach, cross_underlay, endpoint_hop, listens, underlay_ns
from .topology import Backend, Topology, topology
from .vips import INGRESS

_POINTERS: WeakKeyDictionary = WeakKeyDictionary()  # cluster -> {(balancer, service, network): next index}


def balance(view: Topology, balancer: str, host: str, service: Any, network: Network) -> Backend | None:
    """The next task IPVS on ``host`` (table ``balancer``) sends a new connection for ``service`` to."""
    backends = view.backends(service, network)
    pointers = _POINTERS.setdefault(view.cluster, {})
    key = (balancer, service.id, network.id)
    start = pointers.get(key, 0)
    for step in range(len(backends)):
        index = (start + step) % len(backends)
        backend = backends[index]
        if view.links(host, backend.host):
            pointers[key] = index + 1
            view.cluster.sim.emit(
                "net.lb", service.id, balancer=balancer, host=host, network=network.name, task=backend.task.id,
                node=backend.host,
            )  # fmt: skip
            return backend
    return None


def published(view: Topology, port: int, proto: str = "tcp") -> tuple[Any, Any] | None:
    """The service publishing ``port/proto`` on the routing mesh, with its port config."""
    for service in view.services:
        for config in service.endpoint.ingress_ports() if service.endpoint is not None else ():
            if config.published_port == port and config.protocol == proto:
                return service, config
    return None


def through_ingress(view: Topology, node: str, port: int, proto: str = "tcp") -> Reach | None:
    """A connection arriving at ``node``'s address on ``port``: None when no service publishes it."""
    found = published(view, port, proto)
    if found is None:
        return None
    service, config = found
    ingress = next((n for n in view.swarm_networks().values() if n.ingress), None)
    sandbox = view.ingress_sandboxes.get(node)
    if ingress is None or sandbox is None:
        return Reach(REFUSED, f"{node} has no routing mesh (no ingress sandbox): nothing listens on {port}", port=port)
    ingress_ep = sandbox.endpoint_on(ingress)
    hops = (
        Hop("nat", f"DOCKER-INGRESS {port}/{proto} -> ingress-sbox {ingress_ep.ipv4.ip}", node),
        Hop("ipvs", f"{INGRESS} table of {node}: service {service.name} ({config.target_port}/{proto})", node),
    )
    backend = balance(view, f"ingress@{node}", node, service, ingress)
    if backend is None:
        why = f"service {service.name} has no running task reachable from {node}"
        return Reach(TIMEOUT if view.backends(service, ingress) else REFUSED, why, hops, port=port)
    wire, why = ([], "") if backend.host == node else cross_underlay(view, node, backend.host, "the VXLAN packet")
    vni = ingress.options.get("com.docker.network.driver.overlay.vxlanid_list", "")
    tunnel = (Hop("vxlan", f"VNI {vni} (ingress)", node), *wire) if backend.host != node else ()
    hops = (*hops, *tunnel, endpoint_hop(backend.endpoint))
    target = backend.endpoint.sandbox
    one_way = underlay_ns(view, node, backend.host)
    chosen = (backend.task.id,)
    if not listens(view, target, config.target_port, proto):
        why = f"{target.name} does not listen on {config.target_port}/{proto}: connection refused"
        return Reach(REFUSED, why, hops, port=config.target_port, target=target, one_way_ns=one_way, backends=chosen)
    why = f"routing mesh on {node} balanced {port}/{proto} to {target.name} on {backend.host}"
    return Reach(CONNECTED, why, hops, port=config.target_port, target=target, one_way_ns=one_way, backends=chosen)


def request(cluster: Any, node: str, port: int, proto: str = "tcp") -> Reach:
    """One request from outside the swarm to ``node``'s address on ``port`` (``curl http://NODE:PORT``)."""
    if node not in cluster.daemons:
        raise NotFound(f"no such host: {node}")
    view = topology(cluster)
    address = cluster.daemons[node].addr
    if not view.host_up(node):
        return Reach(TIMEOUT, f"{node} is down: nobody answers on {address}", address=address, port=port)
    result = through_ingress(view, node, port, proto)
    if result is None:
        return Reach(REFUSED, f"nothing publishes {port}/{proto} on {node}", address=address, port=port)
    return result.with_prefix((Hop("client", f"-> {address}:{port}", ""),))


def mesh_distribution(cluster: Any, node: str, port: int, requests: int, proto: str = "tcp") -> dict[str, int]:
    """Send ``requests`` through ``node``'s routing mesh; how many each task container answered."""
    counts: dict[str, int] = {}
    for _ in range(requests):
        result = request(cluster, node, port, proto)
        name = result.target.name if result.ok and result.target is not None else f"({result.verdict})"
        counts[name] = counts.get(name, 0) + 1
    return counts
