"""Nodes as the manager's store knows them, shaped like the Engine API ``Node``.

A node is what an operator set (``NodeSpec``), what its engine reported (hostname,
platform, CPUs and memory, engine labels), its status as the dispatcher sees it
(``ready``, ``down``, ``unknown``, ``disconnected``) and, for managers, raft membership.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..golang.timefmt import rfc3339nano
from .spec.common import Platform, Version
from .spec.node import NodeSpec
from .spec.task import ResourceObject
from .wire import go_struct

NODE_STATES = ("unknown", "down", "ready", "disconnected")
REACHABILITIES = ("unknown", "unreachable", "reachable")


@dataclass(frozen=True)
class ManagerStatus:
    """``ManagerStatus``: a manager's raft address, reachability and whether it leads."""

    addr: str
    reachability: str = "reachable"
    leader: bool = False

    def to_api(self) -> dict[str, Any]:
        return go_struct({"Leader": self.leader, "Reachability": self.reachability, "Addr": self.addr})


@dataclass(frozen=True)
class Node:
    """One swarm node. ``resources`` is the engine's capacity (NanoCPUs, MemoryBytes)."""

    id: str
    spec: NodeSpec
    hostname: str
    platform: Platform = field(default_factory=lambda: Platform(architecture="x86_64", os="linux"))
    resources: ResourceObject = field(default_factory=ResourceObject)
    engine_version: str = ""
    engine_labels: dict[str, str] = field(default_factory=dict)
    state: str = "ready"
    message: str = ""
    addr: str = ""
    manager_status: ManagerStatus | None = None
    version: Version = field(default_factory=Version)
    created_at: int = 0
    updated_at: int = 0

    # The attributes placement constraints look at (see constraints.ConstraintTarget).
    @property
    def role(self) -> str:
        return self.spec.role

    @property
    def availability(self) -> str:
        return self.spec.availability

    @property
    def labels(self) -> dict[str, str]:
        return self.spec.labels

    @property
    def os(self) -> str:
        return self.platform.os

    @property
    def architecture(self) -> str:
        return self.platform.architecture

    def to_api(self, epoch: int = 0) -> dict[str, Any]:
        """The Engine API ``Node`` (``GET /nodes/{id}``); ``epoch`` is the Unix time (ns) of sim time 0."""
        description = {
            "Hostname": self.hostname,
            "Platform": self.platform.to_api(),
            "Resources": self.resources.to_api(),
            "Engine": go_struct({"EngineVersion": self.engine_version, "Labels": dict(self.engine_labels)}),
            "TLSInfo": {},
        }
        fields = {
            "ID": self.id,
            "Version": self.version.to_api(),
            "CreatedAt": rfc3339nano(epoch + self.created_at),
            "UpdatedAt": rfc3339nano(epoch + self.updated_at),
            "Spec": self.spec.to_api(),
            "Description": go_struct(description, always=("Platform", "Resources", "Engine", "TLSInfo")),
            "Status": go_struct({"State": self.state, "Message": self.message, "Addr": self.addr}),
            "ManagerStatus": self.manager_status.to_api() if self.manager_status else None,
        }
        return go_struct(fields, always=("ID", "Version", "CreatedAt", "UpdatedAt", "Spec", "Description", "Status"))
