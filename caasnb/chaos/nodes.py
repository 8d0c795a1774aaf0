"""Node faults: a machine powered off, a docker engine restarted, a whole zone lost (Chaos Gorilla).

``crash`` switches the machine off (no network, no engine, no containers) and boots it when
the fault heals; the swarm marks the node Down after its heartbeat grace and reschedules its
tasks. ``restart`` stops only dockerd: the machine still answers on the network, but its raft
member and agent are gone until the engine is back. ``zone`` powers off every node whose
node label (``zone`` by default, set with ``docker node update --label-add zone=a``) has
the given value — an availability zone going dark.
"""

from __future__ import annotations

from typing import Any

from ..errors import Conflict, InvalidArgument, NotFound
from .fault import Fault

ZONE_LABEL = "zone"


def zones(cluster, label: str = ZONE_LABEL) -> dict[str, list[str]]:
    """Zone name → hosts, from the node labels as the first running manager's store holds them."""
    swarm = cluster.swarm
    if swarm is None:
        return {}
    managers = [m for m in swarm.group.members if m in swarm.group.nodes]
    if not managers:
        return {}
    found: dict[str, list[str]] = {}
    nodes = swarm.store(managers[0]).nodes.values()
    for node in sorted(nodes, key=lambda n: n.hostname):
        value = node.spec.labels.get(label)
        if value is not None and node.hostname in cluster.hosts:
            found.setdefault(value, []).append(node.hostname)
    return dict(sorted(found.items()))


class Crash(Fault):
    kind = "crash"
    target_kind = "host"
    summary = "power the machine off; it boots again when the fault heals"

    def __init__(self, chaos, target: Any) -> None:
        super().__init__(chaos, chaos.host(target))

    def start(self) -> None:
        self.chaos.power_off(self.target)

    def heal(self) -> None:
        self.chaos.power_on(self.target)

    def hosts(self) -> list[str]:
        return [self.target]


class Restart(Fault):
    kind = "restart"
    target_kind = "host"
    summary = "stop the docker engine (the machine stays on the network); it starts again when the fault heals"

    def __init__(self, chaos, target: Any) -> None:
        super().__init__(chaos, chaos.host(target))
        if not self.cluster.hosts[self.target].up:
            raise Conflict(f"host {self.target} is down: its engine cannot be restarted")
        if any(f.kind == "restart" and f.target == self.target for f in chaos.active):
            raise Conflict(f"the engine of {self.target} is already stopped by a restart fault")

    def start(self) -> None:
        self.cluster.daemons[self.target].stop()

    def heal(self) -> None:
        if self.cluster.hosts[self.target].up:
            self.cluster.daemons[self.target].boot()

    def hosts(self) -> list[str]:
        return [self.target]


class Zone(Fault):
    kind = "zone"
    target_kind = "zone"
    summary = "power off every node of a zone (node label) — Chaos Gorilla's outage"

    def __init__(self, chaos, target: Any, *, label: str = ZONE_LABEL) -> None:
        if not isinstance(target, str) or not target:
            raise InvalidArgument(f"a zone is named by a string, not {target!r}")
        known = zones(chaos.cluster, label)
        if target not in known:
            names = ", ".join(known) or "none: label nodes with docker node update --label-add"
            raise NotFound(f"no node has the label {label}={target} (zones are {names})")
        super().__init__(chaos, target)
        self.label = label
        self.members = known[target]

    def start(self) -> None:
        for host in self.members:
            self.chaos.power_off(host)

    def heal(self) -> None:
        for host in self.members:
            self.chaos.power_on(host)

    def params(self) -> dict[str, Any]:
        return {"label": self.label}

    def hosts(self) -> list[str]:
        return list(self.members)
