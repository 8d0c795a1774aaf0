"""The answer to "can A reach B?": a verdict, the reason, and the hops a packet took.

Shared by :mod:`caasnb.net.reach` (container to anything) and :mod:`caasnb.net.mesh` (the
ingress routing mesh): the hop kinds, the one leg every path has in common (crossing one
network from endpoint to endpoint: a Linux bridge on one host, or VXLAN over the underlay
between two) and whether anything listens at the far end.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .cnm import Endpoint, Sandbox
from .drivers import BridgeDriver, OverlayDriver
from .topology import Topology, container_of

CONNECTED = "connected"
REFUSED = "refused"  # the host answered with a TCP RST: nothing listens there
TIMEOUT = "timeout"  # packets vanish: a partition, a down host, a firewall rule, an isolated network
UNREACHABLE = "unreachable"  # no route at all (ENETUNREACH)
UNRESOLVED = "unresolved"  # the name did not resolve
LOCAL_HOP_NS = 40_000  # one way through a veth pair and a bridge


@dataclass(frozen=True)
class Hop:
    """One step of a path: an endpoint, a bridge, a VXLAN tunnel end, an underlay link, a NAT or IPVS rule."""

    kind: str
    label: str
    host: str = ""

    def __str__(self) -> str:
        return f"{self.kind}: {self.label}" + (f" @{self.host}" if self.host else "")


@dataclass(frozen=True)
class Reach:
    """The verdict for one attempt, why, and the path as far as the packet got."""

    verdict: str
    reason: str
    hops: tuple[Hop, ...] = ()
    address: str = ""  # the address dialled
    port: int | None = None
    target: Sandbox | None = None  # the sandbox that answered (or refused)
    one_way_ns: int = 0
    backends: tuple[str, ...] = field(default=())  # tasks a load balancer chose along the way

    @property
    def ok(self) -> bool:
        return self.verdict == CONNECTED

    def with_prefix(self, hops: tuple[Hop, ...], one_way_ns: int = 0) -> Reach:
        """This result with ``hops`` walked before it."""
        return Reach(
            self.verdict, self.reason, (*hops, *self.hops), self.address, self.port, self.target,
            self.one_way_ns + one_way_ns, self.backends,
        )  # fmt: skip

    def __str__(self) -> str:
        lines = [f"{self.verdict}: {self.reason}"]
        lines += [f"  {hop}" for hop in self.hops]
        return "\n".join(lines)


def endpoint_hop(endpoint: Endpoint) -> Hop:
    address = str(endpoint.ipv4.ip) if endpoint.ipv4 is not None else "-"
    interface = endpoint.interface or "host stack"
    label = f"{endpoint.sandbox.name} {interface} {address} ({endpoint.network.name})"
    return Hop("endpoint", label, endpoint.sandbox.host)


def underlay_ns(view: Topology, src: str, dst: str) -> int:
    """One-way time across the underlay: the middle of the link's latency range (no random draw)."""
    if src == dst:
        return 0
    latency = view.cluster.net.link(src, dst).latency
    return (latency[0] + latency[1]) // 2 if isinstance(latency, tuple) else 1_000_000


def cross_underlay(view: Topology, src: str, dst: str, what: str) -> tuple[list[Hop], str]:
    """The underlay leg between two hosts, or why it is cut."""
    if not view.host_up(dst):
        return [], f"{dst} is down: {what} is lost on the way"
    if not view.host_up(src):
        return [], f"{src} is down"
    if not view.links(src, dst):
        return [], f"the underlay between {src} and {dst} is partitioned: {what} is dropped"
    return [Hop("underlay", f"{src} -> {dst}")], ""


def network_leg(view: Topology, src: Endpoint, dst: Endpoint) -> tuple[list[Hop], str, int]:
    """Cross ``src``'s network to ``dst``: (hops, why it failed or "", one-way ns)."""
    network = src.network
    a, b = src.sandbox.host, dst.sandbox.host
    hops = [endpoint_hop(src)]
    driver = network.driver
    if isinstance(driver, BridgeDriver):
        if not driver.icc(network.options) and src.sandbox is not dst.sandbox:
            why = (
                f"inter-container communication is disabled on bridge {network.name} "
                "(com.docker.network.bridge.enable_icc=false): the packet is dropped"
            )
            return [*hops, Hop("bridge", driver.interface(network.id, network.options), a)], why, 0
        hops.append(Hop("bridge", driver.interface(network.id, network.options), a))
    elif isinstance(driver, OverlayDriver):
        vni = network.options.get("com.docker.network.driver.overlay.vxlanid_list", "").split(",")[0]
        if a == b:
            hops.append(Hop("bridge", f"br0 of overlay {network.name}", a))
        else:
            wire, why = cross_underlay(view, a, b, "the VXLAN packet")
            hops += [Hop("vxlan", f"VNI {vni} encapsulate (UDP 4789)", a), *wire]
            if why:
                return hops, why, 0
            hops.append(Hop("vxlan", f"VNI {vni} decapsulate", b))
    elif driver.name in ("macvlan", "ipvlan"):
        parent = network.options.get("parent", "") or f"dm-{network.id[:12]}"
        hops.append(Hop("segment", f"{driver.name} on parent {parent}", a))
        if a != b:
            wire, why = cross_underlay(view, a, b, "the frame")
            hops += wire
            if why:
                return hops, why, 0
    hops.append(endpoint_hop(dst))
    return hops, "", LOCAL_HOP_NS + underlay_ns(view, a, b)


def listens(view: Topology, sandbox: Sandbox, port: int, proto: str = "tcp") -> bool:
    """Whether a process in the container listens on ``port`` (declared, or exposed by its running image)."""
    if (proto, port) in sandbox.listening:
        return True
    return f"{port}/{proto}" in _exposed(view, sandbox)


def _exposed(view: Topology, sandbox: Sandbox) -> set[str]:
    """The ``ExposedPorts`` of a running container's image config: the server in the image listens there."""
    container = container_of(view.cluster, sandbox)
    if container is None or container.status != "running":
        return set()
    return set(container.config.get("ExposedPorts") or ())
