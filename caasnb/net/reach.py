"""Can container A reach B at ``name|IP[:port]``? Answered from the network graph, with the path.

The rules are Docker's (Linux, iptables backend):

* a name is resolved first (:mod:`caasnb.net.dns`): no embedded DNS on the default bridge;
* an address on a network the source shares goes straight across it: a bridge on one host
  (unless the bridge disables inter-container communication), VXLAN over the underlay for an
  overlay (cut by partitions and crashed hosts), the parent's segment for macvlan/ipvlan; a
  service VIP there is balanced by the source's own IPVS table;
* anything else leaves through the default route, if there is one: ``--network none`` and
  internal networks have none. Out through the host's NAT, a packet reaches other hosts'
  addresses (published ``-p`` ports, the ingress routing mesh on every node, host-network
  servers) and macvlan containers of *other* hosts; Docker's isolation rules drop packets for
  another bridge network, and overlay addresses are not routed outside their overlay;
* a macvlan container and its own parent host cannot talk to each other;
* a public address is the Internet, outside the simulation: it answers ping, 80 and 443;
* at the end, something must listen on the port, or the answer is a refusal.

``reach(cluster, source, "web:80")`` takes a container (name, ID or its
:class:`~caasnb.net.cnm.Sandbox`) or a host name (the host's own stack) as the source.
"""

from __future__ import annotations

from ipaddress import ip_address
from typing import Any

from ..errors import NotFound
from .cnm import Endpoint, Sandbox
from .dns import resolve
from .drivers import BridgeDriver
from .mesh import balance, through_ingress
from .path import (
    CONNECTED,
    LOCAL_HOP_NS,
    REFUSED,
    TIMEOUT,
    UNREACHABLE,
    UNRESOLVED,
    Hop,
    Reach,
    cross_underlay,
    endpoint_hop,
    listens,
    network_leg,
    underlay_ns,
)
from .topology import Topology, is_address, topology

PARENTED = ("macvlan", "ipvlan")
INTERNET_PORTS = (80, 443)
INTERNET_ONE_WAY_NS = 10_000_000  # a typical 20 ms round trip to a public server


def parse_target(target: str, port: int | None = None) -> tuple[str, int | None]:
    """``name``, ``name:port`` or ``ip:port`` (a URL's scheme and path are dropped)."""
    text = target.split("://", 1)[-1].split("/", 1)[0]
    host, sep, given = text.rpartition(":")
    if sep and given.isdigit():
        return host, int(given)
    if "://" in target:
        return text, port or (443 if target.startswith("https") else 80)
    return text, port


def source_sandbox(cluster: Any, source: Sandbox | str) -> Sandbox:
    """The sandbox a probe starts from: a container's, or a host's own network stack."""
    if isinstance(source, Sandbox):
        return source
    if source in cluster.daemons:
        return Sandbox(f"host:{source}", source, source, source, mode="host")
    sandbox = topology(cluster).find_sandbox(source)
    if sandbox is None:
        raise NotFound(f"No such container: {source}")
    return sandbox


def reach(cluster: Any, source: Sandbox | str, target: str, port: int | None = None, proto: str = "tcp") -> Reach:
    """Whether ``source`` reaches ``target`` (``name``, ``ip``, ``name:port``...) now, why, and by which path."""
    sandbox = source_sandbox(cluster, source)
    name, port = parse_target(target, port)
    address = name
    if not is_address(name):
        answer = resolve(cluster, sandbox, name)
        if not answer.found:
            where = f"via {answer.server}" if answer.server else ""
            return Reach(UNRESOLVED, f"{name} does not resolve from {sandbox.name} {where}".strip(), port=port)
        address = answer.addresses[0]
    result = route(topology(cluster), sandbox, address, port, proto)
    return Reach(
        result.verdict, result.reason, result.hops, address, port, result.target, result.one_way_ns, result.backends
    )


def route(view: Topology, sandbox: Sandbox, address: str, port: int | None, proto: str) -> Reach:
    """Deliver a packet from ``sandbox`` to ``address`` (and ``port``)."""
    if sandbox.shares_host_stack:
        return _from_host(view, sandbox.host, address, port, proto, origin=sandbox)
    if address.startswith("127."):
        return _arrive(view, sandbox, port, proto, (Hop("loopback", "lo 127.0.0.1", sandbox.host),), 0)
    if not any(ep.ipv4 for ep in sandbox.endpoints):
        return Reach(UNREACHABLE, f"{sandbox.name} has only a loopback interface (--network none)")
    own = next((ep for ep in sandbox.endpoints if ep.ipv4 is not None and str(ep.ipv4.ip) == address), None)
    if own is not None:
        return _arrive(view, sandbox, port, proto, (endpoint_hop(own),), 0)
    for endpoint in sandbox.endpoints:
        if endpoint.ipv4 is not None and _on_subnet(endpoint, address):
            return _across(view, endpoint, address, port, proto)
    default = sandbox.gateway_endpoint()
    if default is None:
        internal = ", ".join(ep.network.name for ep in sandbox.endpoints)
        return Reach(UNREACHABLE, f"no default route: {sandbox.name} is only on internal networks ({internal})")
    gateway = str(default.gateway())
    if default.network.driver.name in PARENTED:
        exit_hops = (endpoint_hop(default), Hop("segment", f"{default.network.driver.name} gateway {gateway}"))
        result = _from_segment(view, sandbox.host, address, port, proto)
    else:
        bridge = _bridge_name(default)
        exit_hops = (endpoint_hop(default), Hop("bridge", bridge, sandbox.host), Hop("nat", "MASQUERADE", sandbox.host))
        result = _from_host(view, sandbox.host, address, port, proto, origin=sandbox)
    return result.with_prefix(exit_hops, LOCAL_HOP_NS)


def _on_subnet(endpoint: Endpoint, address: str) -> bool:
    return ip_address(address) in endpoint.ipv4.network


def _bridge_name(endpoint: Endpoint) -> str:
    network = endpoint.network
    if isinstance(network.driver, BridgeDriver):
        return network.driver.interface(network.id, network.options)
    return "docker_gwbridge"


def _across(view: Topology, endpoint: Endpoint, address: str, port: int | None, proto: str) -> Reach:
    """``address`` is on ``endpoint``'s network: a peer, a service VIP, or the gateway."""
    network, sandbox = endpoint.network, endpoint.sandbox
    peer = view.by_address.get((network.id, address)) or _segment_peer(view, endpoint, address)
    if peer is not None:
        hops, why, one_way = network_leg(view, endpoint, peer)
        if why:
            return Reach(TIMEOUT, why, tuple(hops))
        return _arrive(view, peer.sandbox, port, proto, tuple(hops), one_way)
    service = view.vip_owner(network, address)
    if service is not None:
        backend = balance(view, f"{sandbox.container_id[:12]}", sandbox.host, service, network)
        ipvs = (endpoint_hop(endpoint), Hop("ipvs", f"VIP {address} of service {service.name}", sandbox.host))
        if backend is None:
            return Reach(TIMEOUT, f"service {service.name} has no running task reachable on {network.name}", ipvs)
        hops, why, one_way = network_leg(view, endpoint, backend.endpoint)
        hops = (*ipvs, *hops[1:])
        if why:
            return Reach(TIMEOUT, why, hops, backends=(backend.task.id,))
        result = _arrive(view, backend.endpoint.sandbox, port, proto, hops, one_way)
        return Reach(
            result.verdict, result.reason, result.hops, target=result.target, one_way_ns=result.one_way_ns,
            backends=(backend.task.id,),
        )  # fmt: skip
    gateway = endpoint.gateway()
    if gateway is not None and str(gateway) == address and network.driver.name not in PARENTED:
        hop = (endpoint_hop(endpoint), Hop("bridge", f"gateway {address}", sandbox.host))
        host_address = view.cluster.daemons[sandbox.host].addr
        return _from_host(view, sandbox.host, host_address, port, proto, origin=sandbox).with_prefix(hop, LOCAL_HOP_NS)
    why = f"no endpoint holds {address} on {network.name}: ARP gets no answer"
    return Reach(TIMEOUT, why, (endpoint_hop(endpoint),))


def _segment_peer(view: Topology, endpoint: Endpoint, address: str) -> Endpoint | None:
    """On a macvlan/ipvlan LAN, another host's container on the same parent segment and subnet."""
    network = endpoint.network
    if network.driver.name not in PARENTED:
        return None
    parent = network.options.get("parent", "")
    for other in view.owners.get(address, []):
        theirs = other.network
        same_lan = theirs.driver.name == network.driver.name and theirs.options.get("parent", "") == parent
        if parent and same_lan and other.ipv4.network == endpoint.ipv4.network:
            return other
    return None


def _arrive(view: Topology, target: Sandbox, port: int | None, proto: str, hops: tuple, one_way: int) -> Reach:
    """The packet is at ``target``: ping is answered; a port must have a listener."""
    if port is None:
        return Reach(CONNECTED, f"{target.name} answers", hops, target=target, one_way_ns=one_way)
    if listens(view, target, port, proto):
        return Reach(CONNECTED, f"{target.name} accepts {port}/{proto}", hops, port=port, target=target,
                     one_way_ns=one_way)  # fmt: skip
    why = f"nothing listens on {port}/{proto} in {target.name}: connection refused"
    return Reach(REFUSED, why, hops, port=port, target=target, one_way_ns=one_way)


def _from_segment(view: Topology, host: str, address: str, port: int | None, proto: str) -> Reach:
    """A macvlan/ipvlan container's packet on the physical segment: everyone but its own parent host."""
    if view.host_of_address.get(address) == host:
        return Reach(TIMEOUT, f"a macvlan container cannot reach its own parent host {host} (the kernel forbids it)")
    return _from_host(view, host, address, port, proto, origin=None, on_segment=True)


def _from_host(
    view: Topology, host: str, address: str, port: int | None, proto: str, origin: Sandbox | None,
    on_segment: bool = False,
) -> Reach:  # fmt: skip
    """A packet leaving ``host``'s own stack (or, ``on_segment``, its physical segment) for ``address``."""
    target_host = view.host_of_address.get(address)
    if target_host is not None:
        hops: list[Hop] = []
        if target_host != host:
            wire, why = cross_underlay(view, host, target_host, "the packet")
            if why:
                return Reach(TIMEOUT, why, tuple(wire))
            hops += wire
        one_way = LOCAL_HOP_NS + underlay_ns(view, host, target_host)
        return _at_host(view, target_host, port, proto).with_prefix(tuple(hops), one_way)
    if ip_address(address).is_global:
        return _internet(host, address, port)
    owners = view.owners.get(address, [])
    for endpoint in owners:
        driver = endpoint.network.driver
        there = endpoint.sandbox.host
        if driver.name in PARENTED:
            if there == host and not on_segment:
                child = endpoint.sandbox.name
                why = f"{host} cannot reach its own {driver.name} child {child} (parent/child isolation)"
                return Reach(TIMEOUT, why, (Hop("host", host, host),))
            wire, why = cross_underlay(view, host, there, "the frame") if there != host else ([], "")
            if why:
                return Reach(TIMEOUT, why, tuple(wire))
            hops = (*wire, Hop("segment", f"{driver.name} on {endpoint.network.options.get('parent', '')}", there),
                    endpoint_hop(endpoint))  # fmt: skip
            return _arrive(view, endpoint.sandbox, port, proto, hops, LOCAL_HOP_NS + underlay_ns(view, host, there))
        if isinstance(driver, BridgeDriver) and there == host and not endpoint.network.internal:
            own_bridge = origin is None or origin.shares_host_stack or origin.endpoint_on(endpoint.network) is not None
            if not own_bridge:
                why = (
                    f"{endpoint.network.name} is another bridge network: Docker's isolation rules "
                    "(DOCKER-ISOLATION) drop the packet"
                )
                return Reach(TIMEOUT, why, (Hop("host", host, host),))
            hops = (Hop("bridge", driver.interface(endpoint.network.id, endpoint.network.options), host),
                    endpoint_hop(endpoint))  # fmt: skip
            return _arrive(view, endpoint.sandbox, port, proto, hops, LOCAL_HOP_NS)
    if owners:
        network = owners[0].network
        why = f"{address} is on {network.driver.name} network {network.name}, not routed from {host}"
        return Reach(TIMEOUT, why, (Hop("host", host, host),))
    return Reach(TIMEOUT, f"no host or container has address {address}", (Hop("host", host, host),))


def _internet(host: str, address: str, port: int | None) -> Reach:
    """A public address: out of ``host``'s uplink, NAT'd, to the Internet beyond the simulation, where
    servers are assumed to answer ping and HTTP(S) and refuse other ports."""
    hops = (Hop("host", host, host), Hop("internet", f"-> {address}"))
    if port is None or port in INTERNET_PORTS:
        return Reach(CONNECTED, f"{address} on the Internet answers", hops, port=port, one_way_ns=INTERNET_ONE_WAY_NS)
    return Reach(REFUSED, f"{address} on the Internet refuses {port}: connection refused", hops, port=port)


def _at_host(view: Topology, host: str, port: int | None, proto: str) -> Reach:
    """A packet at ``host``'s address: ping is answered; a port needs a published port or a host-network server."""
    address = view.cluster.daemons[host].addr
    arrived = (Hop("host", f"{host} {address}", host),)
    if port is None:
        return Reach(CONNECTED, f"{host} answers", arrived)
    for sandbox in view.sandboxes:
        if sandbox.host != host:
            continue
        for binding in sandbox.ports:
            if binding.host_port == port and binding.proto == proto and binding.host_ip in ("0.0.0.0", address):
                endpoint = sandbox.endpoints[0]
                dnat = f"DNAT {address}:{port} -> {endpoint.ipv4.ip}:{binding.container_port}"
                hops = (*arrived, Hop("nat", dnat, host), Hop("bridge", _bridge_name(endpoint), host),
                        endpoint_hop(endpoint))  # fmt: skip
                return _arrive(view, sandbox, binding.container_port, proto, hops, LOCAL_HOP_NS)
        if sandbox.shares_host_stack and listens(view, sandbox, port, proto):
            return Reach(CONNECTED, f"{sandbox.name} (host network) accepts {port}/{proto}", arrived, port=port,
                         target=sandbox)  # fmt: skip
    mesh = through_ingress(view, host, port, proto)
    if mesh is not None:
        return mesh.with_prefix(arrived)
    return Reach(REFUSED, f"nothing listens on {host}:{port}/{proto}: connection refused", arrived, port=port)
