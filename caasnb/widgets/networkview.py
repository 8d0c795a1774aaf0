"""NetworkView: hosts as boxes, networks as colours, containers with their addresses — and "can A reach B?".

Each host is a box holding its containers and swarm tasks (the ingress sandbox too), each
drawn with one coloured pill per endpoint (network colour, interface, IP). Click two
containers to ask :func:`caasnb.net.probe` whether the first reaches the second (by name
when they share a network with embedded DNS, else by the second's first IP): the verdict,
the reason and the hops are shown, and the hosts on the path light up. Tick hosts and
press *partition* to cut them off from the rest of the underlay, *heal* to join it again;
*send request* sends one request through the ingress routing mesh of the chosen node and
animates its hops. Everything comes from :mod:`caasnb.net`; the widget only draws it.
"""

from __future__ import annotations

import traitlets

from ..errors import DockerError
from ..net import mesh, probe
from ..net.cnm import Sandbox
from ..net.path import Reach
from ..net.topology import INGRESS_SANDBOX, topology
from ..sim import SECOND
from ._assets import css, esm
from .base import SimWidget

HIDDEN_NETWORKS = ("none",)


def _path(result: Reach, source: str, target: str) -> dict:
    return {
        "source": source,
        "target": target,
        "verdict": result.verdict,
        "ok": result.ok,
        "reason": result.reason,
        "hops": [{"kind": h.kind, "label": h.label, "host": h.host} for h in result.hops],
        "answered_by": result.target.container_id if result.target is not None else "",
    }


class NetworkView(SimWidget):
    """``NetworkView(cluster)``: hosts, networks and endpoints; pick two containers to see how they connect."""

    _esm = esm("networkview.js")
    _css = css("networkview.css")

    hosts = traitlets.List().tag(sync=True)
    networks = traitlets.List().tag(sync=True)
    selected = traitlets.List().tag(sync=True)
    path = traitlets.Dict().tag(sync=True)
    groups = traitlets.List().tag(sync=True)
    ports = traitlets.List().tag(sync=True)
    request = traitlets.Dict().tag(sync=True)
    notice = traitlets.Unicode("").tag(sync=True)

    def __init__(self, cluster, **kwargs) -> None:
        if not hasattr(cluster, "daemons"):
            raise TypeError(f"NetworkView shows a caasnb.Cluster, not {type(cluster).__name__}")
        super().__init__(cluster, **kwargs)

    @property
    def cluster(self):
        return self.target

    # -- what the browser sees ----------------------------------------------------------
    def sync_state(self) -> None:
        view = topology(self.cluster)
        colours: dict[str, int] = {}
        networks = []
        boxes = []
        for host, daemon in self.cluster.daemons.items():
            sandboxes = [s for s in view.sandboxes if s.host == host]
            ingress = view.ingress_sandboxes.get(host)
            if ingress is not None:
                sandboxes.append(ingress)
            cards = [self._card(s, colours, networks) for s in sorted(sandboxes, key=_order)]
            boxes.append({"name": host, "addr": daemon.addr, "up": self.cluster.hosts[host].up, "sandboxes": cards})
        self.hosts, self.networks = boxes, networks
        groups = self.cluster.net.groups
        self.groups = groups if len(groups) > 1 else []
        self.ports = sorted({p.published_port for s in view.services for p in _ingress_ports(s)})
        self.path = self.connect(*self.selected) if len(self.selected) == 2 else {}  # the world may have changed

    def _card(self, sandbox: Sandbox, colours: dict[str, int], networks: list) -> dict:
        pills = []
        for endpoint in sandbox.endpoints:
            network = endpoint.network
            if network.name in HIDDEN_NETWORKS:
                continue
            if network.id not in colours:
                colours[network.id] = len(colours)
                subnet = network.subnet_for(4)
                networks.append({
                    "id": network.id, "name": network.name, "driver": network.driver.name, "scope": network.scope,
                    "subnet": str(subnet.prefix) if subnet else "", "colour": colours[network.id],
                    "internal": network.internal,
                })  # fmt: skip
            pills.append({
                "network": network.name, "colour": colours[network.id], "interface": endpoint.interface or "-",
                "ip": str(endpoint.ipv4.ip) if endpoint.ipv4 else "",
            })  # fmt: skip
        kind = "ingress" if sandbox.container_id == INGRESS_SANDBOX else ("host" if sandbox.shares_host_stack else "")
        return {"id": sandbox.container_id, "name": sandbox.name, "kind": kind, "endpoints": pills}

    # -- actions ---------------------------------------------------------------------------
    def select(self, container_id: str) -> None:
        """Pick a container (a third pick starts a new pair); with two, the next refresh shows whether the first
        reaches the second — and every refresh after, so a partition or a crash shows at once."""
        if container_id in self.selected:
            self.selected = [c for c in self.selected if c != container_id]
        else:
            self.selected = [*self.selected, container_id] if len(self.selected) < 2 else [container_id]

    def connect(self, source_id: str, target_id: str) -> dict:
        """Whether ``source_id`` reaches ``target_id`` now: by name on a shared DNS network, else by IP."""
        view = topology(self.cluster)
        source, target = view.find_sandbox(source_id), view.find_sandbox(target_id)
        if source is None or target is None:
            return {}
        shared = [ep for ep in source.endpoints if target.endpoint_on(ep.network) and ep.network.embedded_dns]
        addresses = [str(ep.ipv4.ip) for ep in target.endpoints if ep.ipv4 is not None]
        how = target.name if shared else (addresses[0] if addresses else self.cluster.daemons[target.host].addr)
        return _path(probe(self.cluster, source, how), source.name, how)

    def partition(self, hosts: list[str]) -> None:
        """Cut ``hosts`` off from every other host on the underlay (overlay traffic between them stops)."""
        rest = [h for h in self.cluster.daemons if h not in hosts]
        if hosts and rest:
            self.cluster.partition(list(hosts), rest)
            self.notice = f"partitioned {', '.join(hosts)} from {', '.join(rest)}"
        else:
            self.notice = "tick some hosts, but not all, to partition them from the rest"

    def heal(self) -> None:
        self.cluster.heal()
        self.notice = "healed: every host hears every other"

    def send_request(self, node: str, port: int) -> None:
        """One request from outside to ``node``'s address on ``port``, through the routing mesh."""
        try:
            result = mesh.request(self.cluster, node, port)
        except DockerError as error:
            self.notice = str(error)
            return
        self.request = _path(result, "client", f"{node}:{port}") | {"serial": self.request.get("serial", 0) + 1}

    def handle(self, action: str, message: dict) -> None:
        actions = {
            "select": lambda: self.select(str(message.get("container", ""))),
            "partition": lambda: self.partition([str(h) for h in message.get("hosts", [])]),
            "heal": self.heal,
            "request": lambda: self.send_request(str(message.get("node", "")), int(message.get("port", 0))),
        }
        if action in actions:
            actions[action]()
        else:
            super().handle(action, message)

    def __repr__(self) -> str:
        count = sum(len(h["sandboxes"]) for h in self.hosts)
        return (
            f"NetworkView(hosts={len(self.hosts)}, networks={len(self.networks)}, sandboxes={count}, "
            f"t={self.sim.now / SECOND:.3f} s)"
        )


def _order(sandbox: Sandbox) -> tuple:
    return sandbox.container_id == INGRESS_SANDBOX, sandbox.name


def _ingress_ports(service) -> list:
    return service.endpoint.ingress_ports() if service.endpoint is not None else []
