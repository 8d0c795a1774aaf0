"""Tasks: SwarmKit's task state machine and the task record the Engine API returns.

A task's state is a Lamport clock (``api/types.proto``): values are spaced by 64 and a task
only ever moves to a greater state, whoever (orchestrator, scheduler, agent) moves it.
The CLI prints states in lower case (``docker service ps``: ``Running 2 minutes ago``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any

from ..golang.timefmt import rfc3339nano
from .spec.common import Driver, Version
from .spec.service import PortConfig
from .spec.task import TaskSpec
from .wire import go_struct


class TaskState(IntEnum):
    """SwarmKit's ``TaskState`` values (there is no 128)."""

    NEW = 0
    PENDING = 64
    ASSIGNED = 192
    ACCEPTED = 256
    PREPARING = 320
    READY = 384
    STARTING = 448
    RUNNING = 512
    COMPLETE = 576
    SHUTDOWN = 640
    FAILED = 704
    REJECTED = 768
    REMOVE = 800
    ORPHANED = 832

    @property
    def label(self) -> str:
        """The name the Engine API and the CLI use: ``running``, ``shutdown``..."""
        return self.name.lower()

    @property
    def is_terminal(self) -> bool:
        """Past RUNNING: the task's container has stopped for good (or never will start)."""
        return self > TaskState.RUNNING

    def can_become(self, other: TaskState) -> bool:
        """True when a task in this state may be moved to ``other`` (only forward, never to itself)."""
        return other > self

    @classmethod
    def parse(cls, label: str) -> TaskState:
        """The state named ``label`` (any case)."""
        return cls[label.upper()]


TERMINAL_STATES = tuple(state for state in TaskState if state.is_terminal)


class IllegalTransition(ValueError):
    """A task was asked to move backwards (or to stay put) in its state machine."""


@dataclass(frozen=True)
class ContainerStatus:
    """``ContainerStatus``: the container that runs a task, once there is one."""

    container_id: str = ""
    pid: int = 0
    exit_code: int = 0

    def to_api(self) -> dict[str, Any]:
        return {"ContainerID": self.container_id, "PID": self.pid, "ExitCode": self.exit_code}


@dataclass(frozen=True)
class TaskStatus:
    """``TaskStatus``: when the state last changed (sim ns), the state, a message and an error."""

    timestamp: int = 0
    state: TaskState = TaskState.NEW
    message: str = ""
    err: str = ""
    container_status: ContainerStatus | None = None
    port_status: tuple[PortConfig, ...] = ()

    def to_api(self, epoch: int = 0) -> dict[str, Any]:
        fields = {
            "Timestamp": rfc3339nano(epoch + self.timestamp),
            "State": self.state.label,
            "Message": self.message,
            "Err": self.err,
            "ContainerStatus": self.container_status.to_api() if self.container_status else None,
            "PortStatus": go_struct({"Ports": [port.to_api() for port in self.port_status]}),
        }
        return go_struct(fields, always=("Timestamp", "PortStatus"))


@dataclass(frozen=True)
class Task:
    """One task: a slot of a replicated service (``slot`` ≥ 1) or a global service's task on ``node_id``.

    ``endpoint_ports`` are the service's published ports, which the scheduler needs for
    host-mode port conflicts; ``spec_version`` is the service's spec version the task was
    made from (the scheduler groups identical tasks by it). Times are sim ns.
    """

    id: str
    service_id: str
    service_name: str
    spec: TaskSpec
    slot: int = 0
    node_id: str = ""
    status: TaskStatus = field(default_factory=TaskStatus)
    desired_state: TaskState = TaskState.RUNNING
    version: Version = field(default_factory=Version)
    spec_version: Version = field(default_factory=Version)
    endpoint_ports: tuple[PortConfig, ...] = ()
    labels: dict[str, str] = field(default_factory=dict)
    created_at: int = 0
    updated_at: int = 0
    log_driver: Driver | None = None
    """The log driver the agent uses: the service's, else the swarm's ``TaskDefaults.LogDriver``."""

    @property
    def state(self) -> TaskState:
        return self.status.state

    @property
    def name(self) -> str:
        """The name ``docker service ps`` shows: ``web.1``, or ``web.<nodeID>`` for a global task."""
        return f"{self.service_name}.{self.slot_label}"

    @property
    def slot_label(self) -> str:
        """The slot number, or the node ID for a global task (slot 0)."""
        return str(self.slot) if self.slot else self.node_id

    @property
    def container_name(self) -> str:
        """The container's name on its node: ``<service>.<slot>.<taskID>`` (moby's executor)."""
        return f"{self.service_name}.{self.slot_label}.{self.id}"

    def advance(self, state: TaskState, now: int, message: str = "", err: str = "", **changes: Any) -> Task:
        """This task moved to ``state`` at ``now``; raises ``IllegalTransition`` unless it is a forward move."""
        if not self.state.can_become(state):
            raise IllegalTransition(f"task {self.id}: {self.state.label} cannot become {state.label}")
        status = _evolve(self.status, timestamp=now, state=state, message=message, err=err)
        return _evolve(self, status=status, updated_at=now, **changes)

    def with_error(self, now: int, err: str) -> Task:
        """This task, still in its state, with ``err`` recorded at ``now`` (e.g. ``no suitable node``)."""
        return _evolve(self, status=_evolve(self.status, timestamp=now, err=err), updated_at=now)

    def to_api(self, epoch: int = 0) -> dict[str, Any]:
        """The Engine API ``Task`` (``GET /tasks/{id}``); ``epoch`` is the Unix time (ns) of sim time 0."""
        fields = {
            "ID": self.id,
            "Version": self.version.to_api(),
            "CreatedAt": rfc3339nano(epoch + self.created_at),
            "UpdatedAt": rfc3339nano(epoch + self.updated_at),
            "Labels": dict(self.labels),
            "Spec": self.spec.to_api(),
            "ServiceID": self.service_id,
            "Slot": self.slot,
            "NodeID": self.node_id,
            "Status": self.status.to_api(epoch),
            "DesiredState": self.desired_state.label,
            "Volumes": None,  # moby's Task.Volumes has no omitempty: the daemon writes null
            "LogDriver": self.log_driver.to_api() if self.log_driver else None,
        }
        always = ("ID", "Version", "CreatedAt", "UpdatedAt", "Labels", "Spec", "Status", "Volumes")
        return go_struct(fields, always)


def _evolve(record: Any, **changes: Any) -> Any:
    """A copy of a frozen dataclass with some fields changed: ``dataclasses.replace`` without its
    per-call field introspection, which dominated scheduling big services."""
    copy = object.__new__(type(record))
    copy.__dict__.update(record.__dict__, **changes)
    return copy
