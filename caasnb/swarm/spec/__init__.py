"""Engine API spec objects (snake_case in Python, PascalCase on the wire) with Docker's defaults."""

from .common import ApiObject, Driver, Platform, Version
from .node import NodeSpec
from .service import (
    EndpointSpec,
    Global,
    GlobalJob,
    PortConfig,
    Replicated,
    ReplicatedJob,
    ServiceMode,
    ServiceSpec,
    UpdateConfig,
)
from .swarm import RaftConfig, SwarmSpec
from .task import (
    ContainerSpec,
    HealthConfig,
    Limit,
    NetworkAttachmentConfig,
    Placement,
    ResourceObject,
    Resources,
    RestartPolicy,
    TaskSpec,
)

__all__ = [
    "ApiObject",
    "ContainerSpec",
    "Driver",
    "EndpointSpec",
    "Global",
    "GlobalJob",
    "HealthConfig",
    "Limit",
    "NetworkAttachmentConfig",
    "NodeSpec",
    "Placement",
    "Platform",
    "PortConfig",
    "RaftConfig",
    "Replicated",
    "ReplicatedJob",
    "ResourceObject",
    "Resources",
    "RestartPolicy",
    "ServiceMode",
    "ServiceSpec",
    "SwarmSpec",
    "TaskSpec",
    "UpdateConfig",
    "Version",
]
