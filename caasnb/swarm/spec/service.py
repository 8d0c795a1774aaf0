"""``ServiceSpec``: a service's desired state, with its mode, update/rollback policy and endpoint.

Defaults are SwarmKit's (``api/defaults/service.go``) as ``docker service inspect`` shows
them: one replica, updates and rollbacks one task at a time, stop-first, pausing on
failure, watching each task for 5s; VIP endpoint; ports TCP through the routing mesh.
``from_api`` checks a request in the daemon's order: JSON types, moby's conversion
(``daemon/cluster/convert/service.go``), then SwarmKit's ``validateServiceSpec``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from ...errors import InvalidArgument
from ...golang.strconv import quote as go_quote
from ...sim import SECOND
from ..wire import GoObject, go_float, go_struct, invalid_rpc
from .common import ApiObject
from .task import TaskSpec

FAILURE_ACTIONS = ("pause", "continue", "rollback")
UPDATE_ORDERS = ("stop-first", "start-first")
ENDPOINT_MODES = ("vip", "dnsrr")
PROTOCOLS = ("tcp", "udp", "sctp")
PUBLISH_MODES = ("ingress", "host")
DEFAULT_MONITOR = 5 * SECOND
_DNS_NAME = re.compile(r"[a-zA-Z0-9](?:[-_]*[A-Za-z0-9]+)*")
_MAX_NAME = 63


@dataclass(frozen=True)
class Replicated:
    """``Mode.Replicated``: keep ``replicas`` tasks running."""

    replicas: int = 1

    def to_api(self) -> dict[str, Any]:
        return {"Replicated": {"Replicas": self.replicas}}


@dataclass(frozen=True)
class Global:
    """``Mode.Global``: one task on every eligible node."""

    def to_api(self) -> dict[str, Any]:
        return {"Global": {}}


@dataclass(frozen=True)
class ReplicatedJob:
    """``Mode.ReplicatedJob``: run tasks to completion, ``max_concurrent`` at a time; total defaults to that."""

    max_concurrent: int = 1
    total_completions: int | None = None

    def __post_init__(self) -> None:
        if self.total_completions is None:
            object.__setattr__(self, "total_completions", self.max_concurrent)

    def to_api(self) -> dict[str, Any]:
        return {"ReplicatedJob": {"MaxConcurrent": self.max_concurrent, "TotalCompletions": self.total_completions}}


@dataclass(frozen=True)
class GlobalJob:
    """``Mode.GlobalJob``: run one task to completion on every eligible node."""

    def to_api(self) -> dict[str, Any]:
        return {"GlobalJob": {}}


ServiceMode = Replicated | Global | ReplicatedJob | GlobalJob
JOB_MODES = (ReplicatedJob, GlobalJob)


def _read_mode(obj: GoObject | None) -> ServiceMode:
    """Moby's mode conversion: at most one mode; none (or Replicated without Replicas) is one replica."""
    if obj is None:
        return Replicated()
    given = [name for name in ("Replicated", "Global", "ReplicatedJob", "GlobalJob") if obj.has(name)]
    if len(given) > 1:
        raise InvalidArgument("must specify only one service mode")
    if "Global" in given:
        return Global()
    if "GlobalJob" in given:
        return GlobalJob()
    if "ReplicatedJob" in given:
        job = obj.object("ReplicatedJob", "ReplicatedJob")
        concurrent = job.integer("MaxConcurrent", "uint64", 1)
        return ReplicatedJob(concurrent, job.integer("TotalCompletions", "uint64", concurrent))
    replicated = obj.object("Replicated", "ReplicatedService")
    return Replicated(replicated.integer("Replicas", "uint64", 1) if replicated else 1)


@dataclass(frozen=True)
class UpdateConfig(ApiObject):
    """``UpdateConfig`` (also used as ``RollbackConfig``). ``parallelism`` 0 means all at once."""

    API_STRUCT = "UpdateConfig"
    parallelism: int = 1
    delay: int = 0
    failure_action: str = "pause"
    monitor: int = DEFAULT_MONITOR
    max_failure_ratio: float = 0.0
    order: str = "stop-first"

    def to_api(self) -> dict[str, Any]:
        fields = {
            "Parallelism": self.parallelism,
            "Delay": self.delay,
            "FailureAction": self.failure_action,
            "Monitor": self.monitor,
            "MaxFailureRatio": go_float(self.max_failure_ratio),
            "Order": self.order,
        }
        return go_struct(fields, always=("Parallelism", "MaxFailureRatio", "Order"))

    @classmethod
    def read(cls, obj: GoObject) -> UpdateConfig:
        """Absent fields are Go zeros, except that an empty action/order and a zero Monitor take the defaults."""
        action, order = obj.string("FailureAction"), obj.string("Order")
        if action and action not in FAILURE_ACTIONS:
            raise InvalidArgument(f"unrecognized update failure action {action}")
        if order and order not in UPDATE_ORDERS:
            raise InvalidArgument(f"unrecognized update order {order}")
        return cls(
            parallelism=obj.integer("Parallelism", "uint64"),
            delay=obj.integer("Delay", "time.Duration"),
            failure_action=action or "pause",
            monitor=obj.integer("Monitor", "time.Duration") or DEFAULT_MONITOR,
            max_failure_ratio=obj.number("MaxFailureRatio", "float32"),
            order=order or "stop-first",
        )

    def validate(self) -> None:
        """SwarmKit's ``validateUpdate`` (applied to UpdateConfig only, never to RollbackConfig)."""
        if self.delay < 0:
            raise invalid_rpc("TaskSpec: update-delay cannot be negative")
        if self.monitor < 0:
            raise invalid_rpc("TaskSpec: update-monitor cannot be negative")
        if not 0 <= self.max_failure_ratio <= 1:
            raise invalid_rpc("TaskSpec: update-maxfailureratio cannot be less than 0 or bigger than 1")


@dataclass(frozen=True)
class PortConfig(ApiObject):
    """``EndpointPortConfig``: ``published_port`` (0 = let the swarm pick) → ``target_port``."""

    API_STRUCT = "PortConfig"
    target_port: int = 0
    published_port: int = 0
    protocol: str = "tcp"
    publish_mode: str = "ingress"
    name: str = ""

    def to_api(self) -> dict[str, Any]:
        return go_struct(
            {
                "Name": self.name,
                "Protocol": self.protocol,
                "TargetPort": self.target_port,
                "PublishedPort": self.published_port,
                "PublishMode": self.publish_mode,
            }
        )

    @classmethod
    def read(cls, obj: GoObject) -> PortConfig:
        """Moby maps an unknown protocol to tcp and an unknown publish mode to ingress, without complaint."""
        protocol, mode = obj.string("Protocol").lower(), obj.string("PublishMode").lower()
        return cls(
            target_port=obj.integer("TargetPort", "uint32"),
            published_port=obj.integer("PublishedPort", "uint32"),
            protocol=protocol if protocol in PROTOCOLS else "tcp",
            publish_mode=mode if mode in PUBLISH_MODES else "ingress",
            name=obj.string("Name"),
        )


@dataclass(frozen=True)
class EndpointSpec(ApiObject):
    """``EndpointSpec``: how the service is found (``vip`` or ``dnsrr``) and its published ports."""

    API_STRUCT = "EndpointSpec"
    mode: str = "vip"
    ports: tuple[PortConfig, ...] = ()

    def to_api(self) -> dict[str, Any]:
        return go_struct({"Mode": self.mode, "Ports": [port.to_api() for port in self.ports]})

    @classmethod
    def read(cls, obj: GoObject) -> EndpointSpec:
        mode = obj.string("Mode")
        ports = tuple(PortConfig.read(item) for item in obj.objects("Ports", "PortConfig"))
        if mode and mode not in ENDPOINT_MODES:
            raise InvalidArgument(f"invalid resolution mode: {go_quote(mode)}")
        return cls(mode=mode or "vip", ports=ports)

    def validate(self) -> None:
        published = set()
        for port in self.ports:
            if self.mode == "dnsrr" and port.publish_mode == "ingress":
                raise invalid_rpc("EndpointSpec: port published with ingress mode can't be used with dnsrr mode")
            if port.published_port == 0:
                continue
            key = (port.published_port, port.protocol)
            if key in published:
                raise invalid_rpc("EndpointSpec: duplicate published ports provided")
            published.add(key)


@dataclass(frozen=True)
class ServiceSpec(ApiObject):
    """``ServiceSpec``. ``update_config`` is None only for jobs, which SwarmKit refuses to give one.

    An empty ``name`` is valid here: the daemon then picks a random one (namesgenerator).
    """

    API_STRUCT = "serviceWithLegacy"
    name: str = ""
    labels: dict[str, str] = field(default_factory=dict)
    task_template: TaskSpec = field(default_factory=TaskSpec)
    mode: ServiceMode = field(default_factory=Replicated)
    update_config: UpdateConfig | None = field(default_factory=UpdateConfig)
    rollback_config: UpdateConfig = field(default_factory=UpdateConfig)
    endpoint_spec: EndpointSpec = field(default_factory=EndpointSpec)

    @property
    def is_job(self) -> bool:
        return isinstance(self.mode, JOB_MODES)

    def with_registry_auth(self, auth: str) -> ServiceSpec:
        """This spec with the ``X-Registry-Auth`` its agents pull with (moby keeps it as ``PullOptions``)."""
        template = self.task_template
        container = replace(template.container_spec, registry_auth=auth)
        return replace(self, task_template=replace(template, container_spec=container))

    def to_api(self) -> dict[str, Any]:
        fields = {
            "Name": self.name,
            "Labels": dict(self.labels),
            "TaskTemplate": self.task_template.to_api(),
            "Mode": self.mode.to_api(),
            "UpdateConfig": self.update_config.to_api() if self.update_config else None,
            "RollbackConfig": self.rollback_config.to_api(),
            "EndpointSpec": self.endpoint_spec.to_api(),
        }
        return go_struct(fields, always=("Labels", "TaskTemplate", "Mode", "RollbackConfig", "EndpointSpec"))

    @classmethod
    def read(cls, obj: GoObject) -> ServiceSpec:
        """Decode in the order moby converts: task template, update, rollback, endpoint, then mode."""
        name, labels = obj.string("Name"), obj.labels("Labels")
        template = obj.object("TaskTemplate", "TaskSpec")
        if template is None:
            raise InvalidArgument("mismatched Runtime and *Spec fields")
        task_template = TaskSpec.read(template)
        update, rollback = obj.object("UpdateConfig", "UpdateConfig"), obj.object("RollbackConfig", "UpdateConfig")
        update_config = UpdateConfig.read(update) if update else None
        rollback_config = UpdateConfig.read(rollback) if rollback else UpdateConfig()
        endpoint = obj.object("EndpointSpec", "EndpointSpec")
        endpoint_spec = EndpointSpec.read(endpoint) if endpoint else EndpointSpec()
        mode = _read_mode(obj.object("Mode", "ServiceMode"))
        if update_config is None and not isinstance(mode, JOB_MODES):
            update_config = UpdateConfig()
        return cls(
            name=name,
            labels=labels,
            task_template=task_template,
            mode=mode,
            update_config=update_config,
            rollback_config=rollback_config,
            endpoint_spec=endpoint_spec,
        )

    def validate(self) -> None:
        """SwarmKit's ``validateServiceSpec``: name, task spec, job rules or update config, endpoint."""
        if self.name:
            if not _DNS_NAME.fullmatch(self.name):
                raise invalid_rpc("name must be valid as a DNS name component")
            if len(self.name) > _MAX_NAME:
                raise invalid_rpc("name must be 63 characters or fewer")
        self.task_template.validate()
        if self.is_job:
            if self.update_config is not None:
                raise invalid_rpc("Jobs may not have an update config")
        elif self.update_config is not None:
            self.update_config.validate()
        self.endpoint_spec.validate()
