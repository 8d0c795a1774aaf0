"""The replicated store: the swarm's state machine, one copy on every manager (DESIGN rule 5).

A write is a batch of puts and deletes proposed to Raft by the leader; once committed,
every manager applies the same batches in the same order, so their stores agree. Each
applied batch bumps ``index``, and every object it writes carries that index as its
``Version``. A put of a node, service or the cluster made from an older version than the
stored one is dropped (swarmkit's ``update out of sequence``): two writers racing on one
object can never silently undo each other's change. Tasks are last-writer-wins, but no
write brings back an object that was deleted meanwhile.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from .nodes import Node
from .records import Service, SwarmRecord
from .spec.common import Version
from .tasks import Task

TABLES = ("cluster", "nodes", "services", "tasks")


@dataclass(frozen=True)
class Put:
    """Create or replace ``obj`` (a SwarmRecord, Node, Service or Task)."""

    obj: Any


@dataclass(frozen=True)
class Delete:
    """Remove the object ``id`` from ``table``."""

    table: str
    id: str


Write = Put | Delete


def table_of(obj: Any) -> str:
    """Which table an object lives in."""
    if isinstance(obj, Task):
        return "tasks"
    if isinstance(obj, Node):
        return "nodes"
    if isinstance(obj, Service):
        return "services"
    if isinstance(obj, SwarmRecord):
        return "cluster"
    raise TypeError(f"the store keeps no {type(obj).__name__}")


class Store:
    """One manager's copy of the swarm state, built by applying committed batches in order."""

    def __init__(self) -> None:
        self.index = 0
        self.cluster: dict[str, SwarmRecord] = {}
        self.nodes: dict[str, Node] = {}
        self.services: dict[str, Service] = {}
        self.tasks: dict[str, Task] = {}
        self.tasks_by_service: dict[str, dict[str, Task]] = {}
        self.tasks_by_node: dict[str, dict[str, Task]] = {}
        self.tasks_by_slot: dict[tuple[str, str], dict[str, Task]] = {}

    def apply(self, batch: Sequence[Write], stamped: list[Any] | None = None) -> list[Any]:
        """Apply one committed batch; every object it writes gets the new version index.

        Returns the objects as stored; another manager applying the same batch at the same
        index may pass them back as ``stamped`` to share them instead of copying again.
        """
        self.index += 1
        if stamped is None:
            version = Version(self.index)
            stamped = [_with_version(w.obj, version) for w in batch if isinstance(w, Put)]
        puts = iter(stamped)
        for write in batch:
            if isinstance(write, Put):
                obj = next(puts)
                table = getattr(self, table_of(obj))
                old = table.get(obj.id)
                if stale(old, write.obj):
                    continue
                table[obj.id] = obj
                if isinstance(obj, Task):
                    if old is not None and old.node_id != obj.node_id:
                        self.tasks_by_node.get(old.node_id, {}).pop(obj.id, None)
                    self.tasks_by_service.setdefault(obj.service_id, {})[obj.id] = obj
                    self.tasks_by_node.setdefault(obj.node_id, {})[obj.id] = obj
                    if old is not None and old.slot_label != obj.slot_label:
                        self.tasks_by_slot.get((old.service_id, old.slot_label), {}).pop(obj.id, None)
                    self.tasks_by_slot.setdefault((obj.service_id, obj.slot_label), {})[obj.id] = obj
            else:
                removed = getattr(self, write.table).pop(write.id, None)
                if write.table == "tasks" and removed is not None:
                    self.tasks_by_service.get(removed.service_id, {}).pop(write.id, None)
                    self.tasks_by_node.get(removed.node_id, {}).pop(write.id, None)
                    self.tasks_by_slot.get((removed.service_id, removed.slot_label), {}).pop(write.id, None)
        return stamped

    @property
    def swarm(self) -> SwarmRecord | None:
        """The cluster object, once the swarm exists."""
        return next(iter(self.cluster.values()), None)

    def service_tasks(self, service_id: str) -> Iterable[Task]:
        return self.tasks_by_service.get(service_id, {}).values()


def stale(stored: Any, written: Any) -> bool:
    """Whether ``written`` was made from a version the store no longer holds: an object deleted
    meanwhile (a new object has version 0), or an older version of a node, service or the cluster."""
    if stored is None:
        return written.version.index != 0
    return not isinstance(stored, Task) and written.version.index != stored.version.index


def _with_version(obj: Any, version: Version) -> Any:
    copy = object.__new__(type(obj))
    copy.__dict__.update(obj.__dict__, version=version)
    return copy
