"""Name resolution inside a container, as Docker's embedded DNS server (127.0.0.11) answers it.

The order is the container's: ``/etc/hosts`` first (``localhost``, its own hostname, and on
the default bridge the legacy ``--link`` names), then the resolver in ``resolv.conf``. On a
user-defined network that is Docker's embedded DNS, which answers, network by network in
the container's endpoint order (libnetwork ``Sandbox.ResolveName``), with:

* swarm services attached to it: the service name (and its network aliases) gives the VIP
  in endpoint mode ``vip`` or the running tasks' addresses in ``dnsrr``; ``tasks.NAME`` always
  gives the tasks' addresses (libnetwork's service records, published with each task);
* containers on that network by name, short ID, hostname or ``--network-alias``.

A name is only ever found on a network both ends share; ``ingress`` does no service
discovery. Several addresses come back shuffled (``shuffleAddr``), from the seeded stream
``net:dns``. Anything else is forwarded upstream, which knows no container names: NXDOMAIN.
The default bridge has no embedded DNS at all, so there a container name is not found.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .cnm import EMBEDDED_DNS, Network, Sandbox
from .topology import Topology, topology

LOCALHOST = "127.0.0.1"


@dataclass(frozen=True)
class Answer:
    """What a lookup of ``name`` returned: addresses (empty: NXDOMAIN), and who answered from what."""

    name: str
    addresses: tuple[str, ...]
    source: str  # "hosts", "container", "service", "tasks", or "" when not found
    network: str = ""  # the network whose records answered
    server: str = EMBEDDED_DNS

    @property
    def found(self) -> bool:
        return bool(self.addresses)


def nameserver(sandbox: Sandbox) -> str:
    """The first ``nameserver`` of the container's ``resolv.conf``."""
    return sandbox.resolv_conf().split("\n", 1)[0].split()[1]


def resolve(cluster: Any, sandbox: Sandbox, name: str) -> Answer:
    """Resolve ``name`` from inside ``sandbox`` the way its libc and Docker's DNS would."""
    wanted = name.rstrip(".").lower()
    server = nameserver(sandbox)
    hosts = _hosts_file(cluster, sandbox, wanted)
    if hosts:
        return Answer(name, hosts, "hosts", server=server)
    if server != EMBEDDED_DNS:
        return Answer(name, (), "", server=server)
    view = topology(cluster)
    for endpoint in sandbox.endpoints:
        network = endpoint.network
        if not network.embedded_dns or network.ingress:
            continue
        found = _records(view, network, wanted)
        if found is not None:
            source, addresses = found
            return Answer(name, _shuffled(cluster, addresses), source, network.name, server)
    return Answer(name, (), "", server=server)


def _hosts_file(cluster: Any, sandbox: Sandbox, wanted: str) -> tuple[str, ...]:
    """``/etc/hosts``: localhost, the container's own hostname, and legacy links (``--link name:alias``)."""
    if wanted == "localhost":
        return (LOCALHOST,)
    own = tuple(str(ep.ipv4.ip) for ep in sandbox.endpoints if ep.ipv4 is not None)
    if wanted == sandbox.hostname.lower():
        return own[:1]
    for endpoint in sandbox.endpoints:
        for link in endpoint.links:
            target, _, alias = link.partition(":")
            if wanted in (target.lower(), (alias or target).lower()):
                peer = next(
                    (ep for ep in endpoint.network.endpoints.values() if ep.name == target and ep.ipv4 is not None),
                    None,
                )
                if peer is not None:
                    return (str(peer.ipv4.ip),)
    return ()


def _records(view: Topology, network: Network, wanted: str) -> tuple[str, list[str]] | None:
    """The embedded DNS records of one network that match ``wanted``: service records first, then containers."""
    for service in view.services:
        if network not in view.service_networks(service):
            continue
        names = {service.name.lower(), *(a.lower() for a in view.aliases(service, network))}
        tasks = [str(b.endpoint.ipv4.ip) for b in view.backends(service, network)]
        if wanted in {f"tasks.{n}" for n in names}:
            return "tasks", tasks
        if wanted in names:
            vip = service.endpoint.vip_on(network.id) if service.endpoint is not None else None
            if service.spec.endpoint_spec.mode == "vip" and vip is not None:
                return "service", [str(vip.addr.ip)]
            return "tasks", tasks
    containers = [
        str(ep.ipv4.ip)
        for ep in network.endpoints.values()
        if ep.ipv4 is not None and wanted in (n.lower() for n in ep.dns_names)
    ]
    return ("container", containers) if containers else None


def _shuffled(cluster: Any, addresses: list[str]) -> tuple[str, ...]:
    """libnetwork's ``shuffleAddr`` (Fisher-Yates), drawing from the seeded stream."""
    if len(addresses) > 1:
        rng = cluster.sim.rng("net:dns")
        for i in range(len(addresses) - 1, 0, -1):
            j = rng.randint(0, i)
            addresses[i], addresses[j] = addresses[j], addresses[i]
    return tuple(addresses)
