"""The swarm's stored objects besides nodes and tasks: the cluster itself and services.

Both are frozen records shaped like the Engine API (``Swarm`` for ``GET /swarm``, ``Service``
for ``GET /services/{id}``); the replicated store keeps them, and every write replaces one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..golang.timefmt import rfc3339nano
from ..net.vips import ServiceEndpoint
from .ca import RootCA
from .spec.common import Version
from .spec.service import ServiceSpec
from .spec.swarm import SwarmSpec
from .wire import go_struct

DEFAULT_ADDR_POOL = ("10.0.0.0/8",)
DEFAULT_SUBNET_SIZE = 24
DEFAULT_DATA_PATH_PORT = 4789


@dataclass(frozen=True)
class SwarmRecord:
    """The cluster object: its spec, root CA, join tokens and (with autolock) the unlock key."""

    id: str
    spec: SwarmSpec
    root_ca: RootCA
    worker_token: str
    manager_token: str
    unlock_key: str = ""
    last_forced_rotation: int = 0  # the CAConfig.ForceRotate of the last root rotation
    default_addr_pool: tuple[str, ...] = DEFAULT_ADDR_POOL
    subnet_size: int = DEFAULT_SUBNET_SIZE
    data_path_port: int = DEFAULT_DATA_PATH_PORT
    version: Version = field(default_factory=Version)
    created_at: int = 0
    updated_at: int = 0

    def info_api(self, epoch: int) -> dict[str, Any]:
        """``ClusterInfo``: what ``docker info`` shows of the cluster (no join tokens)."""
        return {
            "ID": self.id,
            "Version": self.version.to_api(),
            "CreatedAt": rfc3339nano(epoch + self.created_at),
            "UpdatedAt": rfc3339nano(epoch + self.updated_at),
            "Spec": self.spec.to_api(),
            "TLSInfo": self.tls_info(),
            "RootRotationInProgress": False,
            "DataPathPort": self.data_path_port,
            "DefaultAddrPool": list(self.default_addr_pool),
            "SubnetSize": self.subnet_size,
        }

    def tls_info(self) -> dict[str, str]:
        """``TLSInfo`` of the root CA (every node trusts it and holds a certificate it issued)."""
        return {
            "TrustRoot": self.root_ca.pem,
            "CertIssuerSubject": "MBMxETAPBgNVBAMTCHN3YXJtLWNh",  # the DER subject CN=swarm-ca, base64
            "CertIssuerPublicKey": self.root_ca.digest,
        }

    def to_api(self, epoch: int) -> dict[str, Any]:
        """``Swarm`` (``GET /swarm``): ClusterInfo plus the join tokens."""
        return self.info_api(epoch) | {"JoinTokens": {"Worker": self.worker_token, "Manager": self.manager_token}}


@dataclass(frozen=True)
class UpdateStatus:
    """``UpdateStatus`` of a service: updating, paused, completed, or the rollback ones."""

    state: str
    started_at: int
    completed_at: int | None = None
    message: str = ""

    def to_api(self, epoch: int) -> dict[str, Any]:
        fields = {
            "State": self.state,
            "StartedAt": rfc3339nano(epoch + self.started_at),
            "CompletedAt": rfc3339nano(epoch + self.completed_at) if self.completed_at is not None else None,
            "Message": self.message,
        }
        return go_struct(fields)


@dataclass(frozen=True)
class Service:
    """A service: its spec, the spec before the last update (for rollback) and its update status."""

    id: str
    spec: ServiceSpec
    previous_spec: ServiceSpec | None = None
    update_status: UpdateStatus | None = None
    version: Version = field(default_factory=Version)
    created_at: int = 0
    updated_at: int = 0
    endpoint: ServiceEndpoint | None = None  # published ports and VIPs, as the leader's allocator gave them

    @property
    def name(self) -> str:
        return self.spec.name

    def to_api(self, epoch: int) -> dict[str, Any]:
        endpoint: dict[str, Any] = {"Spec": self.spec.endpoint_spec.to_api()}
        allocated = self.endpoint.ports if self.endpoint is not None else self.spec.endpoint_spec.ports
        ports = [port.to_api() for port in allocated]
        if ports:
            endpoint["Ports"] = ports
        if self.endpoint is not None and self.endpoint.virtual_ips:
            endpoint["VirtualIPs"] = [vip.to_api() for vip in self.endpoint.virtual_ips]
        fields = {
            "ID": self.id,
            "Version": self.version.to_api(),
            "CreatedAt": rfc3339nano(epoch + self.created_at),
            "UpdatedAt": rfc3339nano(epoch + self.updated_at),
            "Spec": self.spec.to_api(),
            "PreviousSpec": self.previous_spec.to_api() if self.previous_spec else None,
            "Endpoint": endpoint,
            "UpdateStatus": self.update_status.to_api(epoch) if self.update_status else None,
        }
        return go_struct(fields, always=("ID", "Version", "CreatedAt", "UpdatedAt", "Spec", "Endpoint"))
