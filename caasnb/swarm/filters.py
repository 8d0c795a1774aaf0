"""The scheduler's node filters and pipeline (SwarmKit ``manager/scheduler/filter.go``, ``pipeline.go``).

Filters run in SwarmKit's order — ready, resources, constraints, platform, host ports,
max replicas — and a node is rejected by the first that fails. The pipeline counts, per
filter, the nodes it rejected since a node last passed; ``explain()`` turns the counts into
SwarmKit's text, most failures first (``scheduling constraints not satisfied on 3 nodes;
1 node not available for new tasks``). SwarmKit's plugin and CSI-volume filters have
nothing to check here: simulated engines have every plugin and no cluster volumes.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import NamedTuple

from ..errors import DockerError
from .constraints import Constraint, parse_constraints
from .nodeinfo import NodeInfo, host_ports, reservations
from .spec.common import Platform
from .tasks import Task


def _nodes(count: int) -> str:
    return "1 node" if count == 1 else f"{count} nodes"


class Filter(ABC):
    """One reason a node may not take a task: ``check`` decides, ``detail`` says why, ``explain`` sums up."""

    name = ""

    @abstractmethod
    def check(self, info: NodeInfo) -> bool: ...

    @abstractmethod
    def detail(self, info: NodeInfo) -> str: ...

    @abstractmethod
    def explain(self, nodes: int) -> str: ...


class ReadyFilter(Filter):
    """The node is up (``ready``) and ``active`` (not paused or drained)."""

    name = "ready"

    def check(self, info: NodeInfo) -> bool:
        return info.node.state == "ready" and info.node.availability == "active"

    def detail(self, info: NodeInfo) -> str:
        return f"status {info.node.state}, availability {info.node.availability}"

    def explain(self, nodes: int) -> str:
        return f"{_nodes(nodes)} not available for new tasks"


class ResourceFilter(Filter):
    """The node still has the CPUs and memory the task reserves."""

    name = "resources"

    def __init__(self, nano_cpus: int, memory_bytes: int) -> None:
        self.nano_cpus, self.memory_bytes = nano_cpus, memory_bytes

    def check(self, info: NodeInfo) -> bool:
        return self.nano_cpus <= info.free_nano_cpus and self.memory_bytes <= info.free_memory_bytes

    def detail(self, info: NodeInfo) -> str:
        return (
            f"reserves {self.nano_cpus / 1e9:g} CPUs and {self.memory_bytes} bytes; "
            f"node has {info.free_nano_cpus / 1e9:g} CPUs and {info.free_memory_bytes} bytes free"
        )

    def explain(self, nodes: int) -> str:
        return f"insufficient resources on {_nodes(nodes)}"


class ConstraintFilter(Filter):
    """Every ``--constraint`` expression holds on the node."""

    name = "constraints"

    def __init__(self, constraints: tuple[Constraint, ...]) -> None:
        self.constraints = constraints

    def check(self, info: NodeInfo) -> bool:
        return all(constraint.matches(info.node) for constraint in self.constraints)

    def detail(self, info: NodeInfo) -> str:
        failed = [str(c) for c in self.constraints if not c.matches(info.node)]
        return "not satisfied: " + ", ".join(failed) if failed else "all constraints satisfied"

    def explain(self, nodes: int) -> str:
        return f"scheduling constraints not satisfied on {_nodes(nodes)}"


_ARCH_ALIASES = {"x86_64": "amd64", "aarch64": "arm64"}


def _same_platform(wanted: Platform, node: Platform) -> bool:
    """SwarmKit's ``platformEqual``: empty fields match anything; x86_64 = amd64, aarch64 = arm64."""
    wanted_arch = _ARCH_ALIASES.get(wanted.architecture, wanted.architecture)
    node_arch = _ARCH_ALIASES.get(node.architecture, node.architecture)
    return wanted_arch in ("", node_arch) and wanted.os in ("", node.os)


class PlatformFilter(Filter):
    """The node's OS/architecture is one the service's image supports."""

    name = "platform"

    def __init__(self, platforms: tuple[Platform, ...]) -> None:
        self.platforms = platforms

    def check(self, info: NodeInfo) -> bool:
        return any(_same_platform(platform, info.node.platform) for platform in self.platforms)

    def detail(self, info: NodeInfo) -> str:
        return f"node is {info.node.os}/{info.node.architecture}"

    def explain(self, nodes: int) -> str:
        return f"unsupported platform on {_nodes(nodes)}"


class HostPortFilter(Filter):
    """No other task on the node already publishes the same host-mode port."""

    name = "host-ports"

    def __init__(self, ports: set[tuple[str, int]]) -> None:
        self.ports = ports

    def check(self, info: NodeInfo) -> bool:
        return self.ports.isdisjoint(info.used_host_ports)

    def detail(self, info: NodeInfo) -> str:
        taken = sorted(self.ports & info.used_host_ports)
        return "in use: " + ", ".join(f"{port}/{protocol}" for protocol, port in taken) if taken else "ports free"

    def explain(self, nodes: int) -> str:
        return f"host-mode port already in use on {_nodes(nodes)}"


class MaxReplicasFilter(Filter):
    """The node runs fewer than ``--replicas-max-per-node`` tasks of the service."""

    name = "max-replicas"

    def __init__(self, service_id: str, max_replicas: int) -> None:
        self.service_id, self.max_replicas = service_id, max_replicas

    def check(self, info: NodeInfo) -> bool:
        return info.service_tasks(self.service_id) < self.max_replicas

    def detail(self, info: NodeInfo) -> str:
        return f"{info.service_tasks(self.service_id)} of at most {self.max_replicas} tasks of the service"

    def explain(self, nodes: int) -> str:
        return "max replicas per node limit exceed"


def filters_for(task: Task) -> list[Filter]:
    """The filters that apply to ``task``, in SwarmKit's order (those with nothing to check are left out)."""
    placement = task.spec.placement
    found: list[Filter] = [ReadyFilter()]
    cpus, memory = reservations(task)
    if cpus or memory:
        found.append(ResourceFilter(cpus, memory))
    if placement.constraints:
        try:
            found.append(ConstraintFilter(parse_constraints(placement.constraints)))
        except DockerError:
            pass  # SwarmKit disables the filter: the control API already refused such specs

    if placement.platforms:
        found.append(PlatformFilter(placement.platforms))
    ports = host_ports(task)
    if ports:
        found.append(HostPortFilter(ports))
    if placement.max_replicas:
        found.append(MaxReplicasFilter(task.service_id, placement.max_replicas))
    return found


class FilterCheck(NamedTuple):
    """One filter's verdict on one node, with the facts behind it (a tuple: groups make thousands)."""

    filter: str
    passed: bool
    detail: str


class NodeVerdict(NamedTuple):
    """Every applicable filter's verdict on a node, and the node's load when it was judged."""

    node_id: str
    hostname: str
    checks: tuple[FilterCheck, ...]
    service_tasks: int
    total_tasks: int

    @property
    def eligible(self) -> bool:
        return all(check.passed for check in self.checks)

    @property
    def rejected_by(self) -> str | None:
        """The first filter that failed (the one SwarmKit counts), or None."""
        return next((check.filter for check in self.checks if not check.passed), None)


class Pipeline:
    """The filters for one group of identical tasks, with SwarmKit's per-filter failure counts."""

    def __init__(self, task: Task) -> None:
        self.service_id = task.service_id
        self.filters = filters_for(task)
        self.failures = [0] * len(self.filters)

    def process(self, info: NodeInfo) -> bool:
        """True when ``info`` passes every filter; a failure counts against the first filter that failed."""
        for index, candidate in enumerate(self.filters):
            if not candidate.check(info):
                self.failures[index] += 1
                return False
        self.failures = [0] * len(self.filters)
        return True

    def explain(self) -> str:
        """SwarmKit's explanation: failing filters, most failures first (ties in pipeline order)."""
        failing = [index for index, count in enumerate(self.failures) if count]
        ranked = sorted(failing, key=lambda index: -self.failures[index])
        return "; ".join(self.filters[index].explain(self.failures[index]) for index in ranked)

    def verdict(self, info: NodeInfo) -> NodeVerdict:
        """Every filter's verdict on ``info`` (for "why here?"; does not touch the failure counts)."""
        checks = tuple(FilterCheck(f.name, f.check(info), f.detail(info)) for f in self.filters)
        return NodeVerdict(info.id, info.node.hostname, checks, info.service_tasks(self.service_id), info.active_tasks)
