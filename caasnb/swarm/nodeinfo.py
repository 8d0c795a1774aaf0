"""What the scheduler tracks per node while placing tasks (SwarmKit's ``NodeInfo``).

A task counts against its node from ASSIGNED to RUNNING (the tasks SwarmKit's scheduler
watches): its reservations are taken from the node's free resources and its host-mode
ports are in use. It counts as *active* for spreading only while its desired state is at
most COMPLETE.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .nodes import Node
from .tasks import Task, TaskState


def host_ports(task: Task) -> set[tuple[str, int]]:
    """The (protocol, port) pairs ``task`` publishes in host mode."""
    if not task.endpoint_ports:
        return set()
    return {
        (port.protocol, port.published_port)
        for port in task.endpoint_ports
        if port.publish_mode == "host" and port.published_port
    }


def reservations(task: Task) -> tuple[int, int]:
    """(NanoCPUs, MemoryBytes) the task reserves on its node."""
    reserved = task.spec.resources.reservations
    return (reserved.nano_cpus, reserved.memory_bytes) if reserved else (0, 0)


def is_active(task: Task) -> bool:
    return task.desired_state <= TaskState.COMPLETE


@dataclass
class NodeInfo:
    """A node with its free resources, used host ports and task counts (all and per service)."""

    node: Node
    free_nano_cpus: int
    free_memory_bytes: int
    active_tasks: int = 0
    active_by_service: dict[str, int] = field(default_factory=dict)
    used_host_ports: set[tuple[str, int]] = field(default_factory=set)

    @classmethod
    def of(cls, node: Node) -> NodeInfo:
        return cls(node, node.resources.nano_cpus, node.resources.memory_bytes)

    @property
    def id(self) -> str:
        return self.node.id

    def service_tasks(self, service_id: str) -> int:
        return self.active_by_service.get(service_id, 0)

    def add(self, task: Task) -> None:
        """Account for ``task`` running here (or about to)."""
        cpus, memory = reservations(task)
        self.free_nano_cpus -= cpus
        self.free_memory_bytes -= memory
        if task.endpoint_ports:
            self.used_host_ports |= host_ports(task)
        if is_active(task):
            self.active_tasks += 1
            self.active_by_service[task.service_id] = self.service_tasks(task.service_id) + 1
