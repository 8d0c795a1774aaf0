"""Service endpoints as swarmkit's allocator fills them in: virtual IPs and published ports.

A service in ``vip`` endpoint mode gets one virtual IP on each network it joins, and one on
``ingress`` when it publishes a port in ingress mode (the routing mesh balances to that one);
``dnsrr`` services get none, their name resolves to the tasks' own addresses. Addresses come
from the network's IPAM pool (moby's cnmallocator), so a VIP never collides with a task's
address. An ingress port published without a number gets the next free one of 30000-32767
(swarmkit ``portallocator``: a serial ID manager per protocol). Before any of that the control
API refuses a published port another service holds (``checkPortConflicts``), in its words.

The allocator holds the address and port claims; the service record in the replicated store
carries the resulting :class:`ServiceEndpoint`, which ``service inspect`` shows.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from ipaddress import IPv4Interface
from typing import Any

from ..errors import DockerError, InvalidArgument
from .cnm import Network

DYNAMIC_FIRST = 30000
DYNAMIC_LAST = 32767
INGRESS = "ingress"


@dataclass(frozen=True)
class VirtualIP:
    """``Endpoint.VirtualIPs[]``: the service's address on one network."""

    network_id: str
    addr: IPv4Interface

    def to_api(self) -> dict[str, str]:
        return {"NetworkID": self.network_id, "Addr": str(self.addr)}


@dataclass(frozen=True)
class ServiceEndpoint:
    """``Endpoint`` of a service: its published ports as allocated, and its virtual IPs."""

    ports: tuple[Any, ...] = ()  # PortConfig with the published port filled in
    virtual_ips: tuple[VirtualIP, ...] = ()

    def vip_on(self, network_id: str) -> VirtualIP | None:
        return next((vip for vip in self.virtual_ips if vip.network_id == network_id), None)

    def ingress_ports(self) -> list[Any]:
        return [port for port in self.ports if port.publish_mode == INGRESS]


NO_ENDPOINT = ServiceEndpoint()


@dataclass(frozen=True)
class Holder:
    """Another service's claims, for the published-port conflict check."""

    id: str
    name: str
    spec_ports: Sequence[Any]
    endpoint: ServiceEndpoint


class ServiceAllocator:
    """The managers' claims on VIPs (in the swarm networks' pools) and on ingress ports (per protocol)."""

    def __init__(self, networks: dict[str, Network]) -> None:
        self.networks = networks
        self._held: dict[str, set[int]] = {}
        self._cursor: dict[str, int] = {}

    # -- the control API's check ------------------------------------------------------
    @staticmethod
    def check_conflicts(ports: Sequence[Any], others: Iterable[Holder]) -> None:
        """swarmkit ``checkPortConflicts``: a published ingress port is one service's, host-mode ones may share."""
        ingress = {(p.protocol, p.published_port) for p in ports if p.published_port and p.publish_mode == INGRESS}
        host = {(p.protocol, p.published_port) for p in ports if p.published_port and p.publish_mode != INGRESS}
        for other in others:
            for port in (*other.spec_ports, *other.endpoint.ports):
                key = (port.protocol, port.published_port)
                if not port.published_port:
                    continue
                if port.publish_mode == INGRESS and (key in ingress or key in host):
                    kind = "an ingress port"
                elif port.publish_mode != INGRESS and key in ingress:
                    kind = "a host-published port"
                else:
                    continue
                raise InvalidArgument(
                    f"rpc error: code = InvalidArgument desc = port '{port.published_port}' is already in "
                    f"use by service '{other.name}' ({other.id}) as {kind}"
                )

    # -- allocation ---------------------------------------------------------------------
    def allocate(
        self, mode: str, ports: Sequence[Any], targets: Sequence[str], current: ServiceEndpoint = NO_ENDPOINT
    ) -> ServiceEndpoint:
        """The endpoint of a service (re)defined with endpoint ``mode``, ``ports`` and network ``targets``.

        What ``current`` already holds and still needs is kept; the rest is claimed now. All or
        nothing: on failure every fresh claim is given back.
        """
        allocated: list[Any] = []
        vips: list[VirtualIP] = []
        try:
            for port in ports:
                allocated.append(self._port(port, current, allocated))
            for network in self._vip_networks(mode, ports, targets):
                vips.append(current.vip_on(network.id) or self._claim_vip(network))
        except DockerError:
            self.release(ServiceEndpoint(tuple(allocated), tuple(vips)), keep=current)
            raise
        return ServiceEndpoint(tuple(allocated), tuple(vips))

    def _vip_networks(self, mode: str, ports: Sequence[Any], targets: Sequence[str]) -> list[Network]:
        """Ingress first when a port goes through the routing mesh, then the networks the tasks join."""
        if mode != "vip":
            return []
        chosen = []
        ingress = next((n for n in self.networks.values() if n.ingress), None)
        if ingress is not None and any(p.publish_mode == INGRESS for p in ports):
            chosen.append(ingress)
        for target in targets:
            network = self.find(target)
            if network is not None and network not in chosen and network.subnet_for(4) is not None:
                chosen.append(network)
        return chosen

    def find(self, target: str) -> Network | None:
        """A swarm network by ID, name or unique ID prefix (a task template names it either way)."""
        networks = list(self.networks.values())
        for matches in (
            [n for n in networks if n.id == target],
            [n for n in networks if n.name == target],
            [n for n in networks if n.id.startswith(target)],
        ):
            if len(matches) == 1:
                return matches[0]
        return None

    def _claim_vip(self, network: Network) -> VirtualIP:
        subnet = network.subnet_for(4)
        try:
            address = subnet.pool.request()
        except DockerError as err:
            raise DockerError(f"could not allocate VIP from IPAM: {err}") from None
        return VirtualIP(network.id, IPv4Interface((address, subnet.prefix.prefixlen)))

    def _port(self, port: Any, current: ServiceEndpoint, taken: list[Any]) -> Any:
        """The port with its published number: the given one, the one held before, or the next dynamic one."""
        if port.publish_mode != INGRESS:
            return port
        held = self._held.setdefault(port.protocol, set())
        if port.published_port:
            held.add(port.published_port)
            return port
        before = next((p for p in current.ingress_ports() if _same_port(p, port)), None)
        if before is not None and not any(_same_port(p, port) for p in taken):
            return dataclasses.replace(port, published_port=before.published_port)
        number = self._next_dynamic(port.protocol, held)
        held.add(number)
        return dataclasses.replace(port, published_port=number)

    def _next_dynamic(self, protocol: str, held: set[int]) -> int:
        start = self._cursor.get(protocol, DYNAMIC_FIRST)
        span = DYNAMIC_LAST - DYNAMIC_FIRST + 1
        for step in range(span):
            number = DYNAMIC_FIRST + (start - DYNAMIC_FIRST + step) % span
            if number not in held:
                self._cursor[protocol] = number + 1 if number < DYNAMIC_LAST else DYNAMIC_FIRST
                return number
        raise InvalidArgument("rpc error: code = InvalidArgument desc = no more dynamic ports available")

    def release(self, endpoint: ServiceEndpoint, keep: ServiceEndpoint = NO_ENDPOINT) -> None:
        """Give back what ``endpoint`` holds and ``keep`` does not."""
        kept_ports = {(p.protocol, p.published_port) for p in keep.ingress_ports()}
        for port in endpoint.ingress_ports():
            if (port.protocol, port.published_port) not in kept_ports:
                self._held.get(port.protocol, set()).discard(port.published_port)
        kept_vips = set(keep.virtual_ips)
        for vip in endpoint.virtual_ips:
            network = self.networks.get(vip.network_id)
            if vip not in kept_vips and network is not None:
                network.subnet_for(4).pool.release(vip.addr.ip)


def _same_port(a: Any, b: Any) -> bool:
    """swarmkit's port key: name, protocol and target port."""
    return (a.name, a.protocol, a.target_port) == (b.name, b.protocol, b.target_port)
