"""The Container Network Model: networks, endpoints and sandboxes, with their Engine API shapes.

A *network* groups endpoints and isolates them (a bridge, a VXLAN overlay, a VLAN...); an
*endpoint* joins one sandbox to one network, with an address, a MAC and DNS names; a
*sandbox* is one container's network stack: its interfaces (``eth0``, ``eth1``... lowest free
number first, as libnetwork names them), routing table, ``/etc/hosts``, ``/etc/resolv.conf``
and published ports. Objects here only hold state and render it; rules live in the
:class:`~caasnb.net.controller.NetworkController`.

Times are sim nanoseconds; ``to_api(epoch)`` renders them as Go marshals a ``time.Time``
(RFC 3339 nano, UTC) with ``epoch`` the Unix time (ns) of sim time 0 — pass
``caasnb.sim.EPOCH_NS`` so they agree with logs and events; 0 (the default) means 1970-01-01,
the same convention as the swarm objects' ``to_api(epoch)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from ipaddress import IPv4Interface, IPv6Interface, ip_interface
from typing import Any

from ..golang.timefmt import rfc3339nano
from .addrset import IPAddress, IPNetwork
from .drivers import Driver
from .ipam import IPAMConfig, Pool

EMBEDDED_DNS = "127.0.0.11"
LOOPBACK = "lo"
PREDEFINED = ("bridge", "host", "none")
IPV4_HOSTS = ("127.0.0.1\tlocalhost\n",)
IPV6_HOSTS = (
    "::1\tlocalhost ip6-localhost ip6-loopback\n",
    "fe00::\tip6-localnet\n",
    "ff00::\tip6-mcastprefix\n",
    "ff02::1\tip6-allnodes\n",
    "ff02::2\tip6-allrouters\n",
)


@dataclass(eq=False)
class Subnet:
    """One allocated subnet of a network: its pool, gateway and reserved auxiliary addresses."""

    pool: Pool
    gateway: IPAddress | None
    aux: dict[str, IPAddress] = field(default_factory=dict)

    @property
    def prefix(self) -> IPNetwork:
        return self.pool.subnet


@dataclass(eq=False)
class Network:
    """A CNM network as one engine (or, for swarm scope, the swarm) knows it."""

    id: str
    name: str
    driver: Driver
    scope: str
    created: int
    options: dict[str, str] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    internal: bool = False
    attachable: bool = False
    ingress: bool = False
    enable_ipv4: bool = True
    enable_ipv6: bool = False
    config_only: bool = False
    config_from: str = ""
    ipam_driver: str = "default"
    ipam_options: dict[str, str] | None = None
    ipam_config: list[IPAMConfig] = field(default_factory=list)
    subnets: list[Subnet] = field(default_factory=list)
    endpoints: dict[str, Endpoint] = field(default_factory=dict)
    peers: list[tuple[str, str]] = field(default_factory=list)

    @property
    def predefined(self) -> bool:
        return self.name in PREDEFINED

    @property
    def embedded_dns(self) -> bool:
        """User-defined networks resolve container names via 127.0.0.11; the default bridge does not."""
        return not self.predefined

    def subnet_for(self, version: int) -> Subnet | None:
        return next((s for s in self.subnets if s.prefix.version == version), None)

    def ipam_to_api(self) -> dict[str, Any]:
        """``IPAM``: the user's config as given; for an IP version without one, the allocated subnet."""
        configs = [c.to_api() for c in self.ipam_config]
        given = {ip_interface(c.subnet).version for c in self.ipam_config}
        for subnet in self.subnets:
            if subnet.prefix.version not in given:
                body: dict[str, Any] = {"Subnet": str(subnet.prefix)}
                if subnet.gateway is not None:
                    body["Gateway"] = str(subnet.gateway)
                configs.append(body)
        return {"Driver": self.ipam_driver, "Options": self.ipam_options, "Config": configs}

    def to_api(self, epoch: int = 0, host: str | None = None) -> dict[str, Any]:
        """The Engine API ``Network`` (inspect); ``Containers`` lists the endpoints on ``host`` (all if None)."""
        containers = {
            ep.sandbox.container_id: ep.to_network_container()
            for ep in self.endpoints.values()
            if host is None or ep.sandbox.host == host
        }
        body: dict[str, Any] = {
            "Name": self.name,
            "Id": self.id,
            "Created": rfc3339nano(epoch + self.created),
            "Scope": self.scope,
            "Driver": self.driver.name,
            "EnableIPv4": self.enable_ipv4,
            "EnableIPv6": self.enable_ipv6,
            "IPAM": self.ipam_to_api(),
            "Internal": self.internal,
            "Attachable": self.attachable,
            "Ingress": self.ingress,
            "ConfigFrom": {"Network": self.config_from},
            "ConfigOnly": self.config_only,
            "Containers": containers,
            "Options": dict(self.options),
            "Labels": dict(self.labels),
        }
        if self.peers:
            body["Peers"] = [{"Name": name, "IP": ip} for name, ip in self.peers]
        return body

    def to_summary(self) -> dict[str, Any]:
        """The row ``docker network ls`` prints: ``NETWORK ID  NAME  DRIVER  SCOPE``."""
        return {"ID": self.id[:12], "Name": self.name, "Driver": self.driver.name, "Scope": self.scope}


@dataclass(eq=False)
class Endpoint:
    """A sandbox's attachment to a network."""

    id: str
    network: Network
    sandbox: Sandbox
    interface: str
    ipv4: IPv4Interface | None = None
    ipv6: IPv6Interface | None = None
    mac: str = ""
    aliases: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    dns_names: tuple[str, ...] = ()
    requested: dict[str, str] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.sandbox.name

    def gateway(self, version: int = 4) -> IPAddress | None:
        subnet = self.network.subnet_for(version)
        return subnet.gateway if subnet is not None and not self.network.internal else None

    def to_network_container(self) -> dict[str, str]:
        """``NetworkContainer``: this endpoint as the network's inspect lists it."""
        return {
            "Name": self.name,
            "EndpointID": self.id,
            "MacAddress": self.mac,
            "IPv4Address": str(self.ipv4) if self.ipv4 else "",
            "IPv6Address": str(self.ipv6) if self.ipv6 else "",
        }

    def to_endpoint_settings(self) -> dict[str, Any]:
        """``EndpointSettings``: this endpoint under the container inspect's ``NetworkSettings.Networks``."""
        ipam = {k: v for k, v in self.requested.items() if v} or None
        subnet4, subnet6 = self.network.subnet_for(4), self.network.subnet_for(6)
        gw4 = subnet4.gateway if subnet4 is not None and subnet4.gateway is not None else ""
        gw6 = subnet6.gateway if subnet6 is not None and subnet6.gateway is not None else ""
        return {
            "IPAMConfig": ipam,
            "Links": list(self.links) or None,
            "Aliases": list(self.aliases) or None,
            "MacAddress": self.mac,
            "DriverOpts": None,
            "GwPriority": 0,
            "NetworkID": self.network.id,
            "EndpointID": self.id,
            "Gateway": str(gw4),
            "IPAddress": str(self.ipv4.ip) if self.ipv4 else "",
            "IPPrefixLen": self.ipv4.network.prefixlen if self.ipv4 else 0,
            "IPv6Gateway": str(gw6),
            "GlobalIPv6Address": str(self.ipv6.ip) if self.ipv6 else "",
            "GlobalIPv6PrefixLen": self.ipv6.network.prefixlen if self.ipv6 else 0,
            "DNSNames": list(self.dns_names) or None,
        }


@dataclass(frozen=True, slots=True)
class Route:
    """One line of the sandbox's routing table (``ip route``)."""

    destination: str
    device: str
    gateway: str = ""

    def __str__(self) -> str:
        via = f" via {self.gateway}" if self.gateway else ""
        return f"{self.destination}{via} dev {self.device}"


@dataclass(frozen=True, slots=True)
class PortBinding:
    """A published port: ``host_ip:host_port`` on the host forwards to ``container_port/proto``."""

    container_port: int
    proto: str
    host_ip: str
    host_port: int

    def __str__(self) -> str:
        return f"{self.host_ip}:{self.host_port}->{self.container_port}/{self.proto}"


@dataclass(eq=False)
class Sandbox:
    """One container's network stack on one host."""

    container_id: str
    name: str
    hostname: str
    host: str
    mode: str = "bridge"
    host_nameservers: tuple[str, ...] = ()
    endpoints: list[Endpoint] = field(default_factory=list)
    ports: list[PortBinding] = field(default_factory=list)
    listening: set[tuple[str, int]] = field(default_factory=set)

    @property
    def shares_host_stack(self) -> bool:
        return self.mode == "host"

    def endpoint_on(self, network: Network) -> Endpoint | None:
        return next((ep for ep in self.endpoints if ep.network is network), None)

    def free_interface(self) -> str:
        """The next interface name: ``eth`` and the lowest unused number (libnetwork ``generateIfaceName``)."""
        used = {ep.interface for ep in self.endpoints}
        return next(f"eth{n}" for n in range(len(used) + 1) if f"eth{n}" not in used)

    def _wired(self) -> list[Endpoint]:
        """Endpoints with an interface of their own (not ``host``/``none``), by interface number."""
        return sorted((ep for ep in self.endpoints if ep.interface), key=lambda e: int(e.interface[3:]))

    def interfaces(self) -> list[tuple[str, str]]:
        """``(name, address/prefix)`` of ``lo`` and each endpoint's interface, by name."""
        return [(LOOPBACK, "127.0.0.1/8"), *((ep.interface, str(ep.ipv4) if ep.ipv4 else "") for ep in self._wired())]

    def gateway_endpoint(self) -> Endpoint | None:
        """The endpoint giving the default route, chosen as libnetwork's ``Endpoint.Less`` orders them:
        non-internal first, then endpoints with a gateway, then by network name."""

        def rank(ep: Endpoint) -> tuple:
            return (ep.network.name == "docker_gwbridge", ep.network.internal, ep.gateway() is None, ep.network.name)

        ranked = sorted(self.endpoints, key=rank)
        return next((ep for ep in ranked if ep.gateway() is not None), None)

    def routes(self) -> list[Route]:
        """The IPv4 routing table: the default route, then one connected route per interface."""
        table = []
        default = self.gateway_endpoint()
        if default is not None:
            table.append(Route("default", default.interface, str(default.gateway())))
        for ep in self._wired():
            if ep.ipv4 is not None:
                table.append(Route(str(ep.ipv4.network), ep.interface))
        return table

    def hosts_file(self) -> str:
        """``/etc/hosts``: localhost lines (IPv6 ones only with an IPv6 endpoint), then this container's IPs."""
        ipv6 = any(ep.ipv6 for ep in self.endpoints)
        lines = [*IPV4_HOSTS, *(IPV6_HOSTS if ipv6 else ())]
        for ep in self.endpoints:
            lines += [f"{ip.ip}\t{self.hostname}\n" for ip in (ep.ipv4, ep.ipv6) if ip is not None]
        return "".join(lines)

    def resolv_conf(self) -> str:
        """``/etc/resolv.conf``'s settings: the embedded DNS server on user-defined networks, else the host's.

        The host's loopback resolvers are useless inside the container and are dropped; with none
        left, Docker falls back to Google's public DNS (libnetwork ``resolvconf``).
        """
        if any(ep.network.embedded_dns for ep in self.endpoints):
            return f"nameserver {EMBEDDED_DNS}\noptions ndots:0\n"
        usable = [ns for ns in self.host_nameservers if not _is_loopback(ns)] or ["8.8.8.8", "8.8.4.4"]
        return "".join(f"nameserver {ns}\n" for ns in usable)


def _is_loopback(address: str) -> bool:
    return ip_interface(address).ip.is_loopback
