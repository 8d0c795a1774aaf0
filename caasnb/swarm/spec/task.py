"""``TaskSpec`` (a service's ``TaskTemplate``) and its parts, with SwarmKit's defaults and checks.

Values are what ``docker service inspect`` shows, i.e. after SwarmKit's
``defaults.InterpolateService``: StopGracePeriod 10s, RestartPolicy ``any`` after 5s with
unlimited attempts, empty Resources and Placement. Error texts come from moby's
``daemon/cluster/convert`` (plain, 400) and SwarmKit's ``manager/controlapi/service.go``
(``rpc error: code = InvalidArgument desc = ...``, 400).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ...errors import InvalidArgument
from ...golang.strconv import format_float
from ...golang.strconv import quote as go_quote
from ...sim import MILLISECOND, SECOND, format_duration
from ..constraints import parse_constraints
from ..wire import GoObject, go_struct, invalid_rpc
from .common import ApiObject, Driver, Platform
from .mount import Mount, validate_mounts
from .reference import is_valid_image_reference

RESTART_CONDITIONS = ("none", "on-failure", "any")
ISOLATIONS = ("default", "process", "hyperv")
DEFAULT_STOP_GRACE_PERIOD = 10 * SECOND
DEFAULT_RESTART_DELAY = 5 * SECOND
_MIN_HEALTH_DURATION = 1 * MILLISECOND  # controlapi minimumDuration
_MIN_NANO_CPUS = 1_000_000
_MIN_MEMORY = 4 * 1024 * 1024


@dataclass(frozen=True)
class HealthConfig(ApiObject):
    """``HealthConfig``: the test command and its timing (durations in ns, 0 = inherit the image's)."""

    API_STRUCT = "HealthConfig"
    test: tuple[str, ...] = ()
    interval: int = 0
    timeout: int = 0
    start_period: int = 0
    start_interval: int = 0
    retries: int = 0

    def to_api(self) -> dict[str, Any]:
        return go_struct(
            {
                "Test": list(self.test),
                "Interval": self.interval,
                "Timeout": self.timeout,
                "StartPeriod": self.start_period,
                "StartInterval": self.start_interval,
                "Retries": self.retries,
            }
        )

    @classmethod
    def read(cls, obj: GoObject) -> HealthConfig:
        return cls(
            test=obj.strings("Test"),
            interval=obj.integer("Interval", "time.Duration"),
            timeout=obj.integer("Timeout", "time.Duration"),
            start_period=obj.integer("StartPeriod", "time.Duration"),
            start_interval=obj.integer("StartInterval", "time.Duration"),
            retries=obj.integer("Retries", "int"),
        )

    def validate(self) -> None:
        for label, value in (
            ("Interval", self.interval),
            ("Timeout", self.timeout),
            ("StartPeriod", self.start_period),
            ("StartInterval", self.start_interval),
        ):
            if value != 0 and value < _MIN_HEALTH_DURATION:
                limit = format_duration(_MIN_HEALTH_DURATION)
                raise invalid_rpc(f"ContainerSpec: {label} in HealthConfig cannot be less than {limit}")
        if self.retries < 0:
            raise invalid_rpc("ContainerSpec: Retries in HealthConfig cannot be negative")


@dataclass(frozen=True)
class ContainerSpec(ApiObject):
    """``ContainerSpec``: what each task runs. ``init`` None means "the daemon's default"."""

    API_STRUCT = "ContainerSpec"
    image: str = ""
    labels: dict[str, str] = field(default_factory=dict)
    command: tuple[str, ...] = ()
    args: tuple[str, ...] = ()
    hostname: str = ""
    env: tuple[str, ...] = ()
    dir: str = ""
    user: str = ""
    init: bool | None = None
    stop_signal: str = ""
    tty: bool = False
    read_only: bool = False
    mounts: tuple[Mount, ...] = ()
    stop_grace_period: int = DEFAULT_STOP_GRACE_PERIOD
    healthcheck: HealthConfig | None = None
    hosts: tuple[str, ...] = ()
    isolation: str = "default"
    registry_auth: str = ""  # swarmkit's ``PullOptions.RegistryAuth``: kept for the agents, never shown

    def to_api(self) -> dict[str, Any]:
        fields = {
            "Image": self.image,
            "Labels": dict(self.labels),
            "Command": list(self.command),
            "Args": list(self.args),
            "Hostname": self.hostname,
            "Env": list(self.env),
            "Dir": self.dir,
            "User": self.user,
            "Init": self.init,
            "StopSignal": self.stop_signal,
            "TTY": self.tty,
            "ReadOnly": self.read_only,
            "Mounts": [mount.to_api() for mount in self.mounts],
            "StopGracePeriod": self.stop_grace_period,
            "Healthcheck": self.healthcheck.to_api() if self.healthcheck else None,
            "Hosts": list(self.hosts),
            "DNSConfig": {},
            "Isolation": self.isolation,
        }
        always = ("StopGracePeriod", "DNSConfig") + (("Init",) if self.init is not None else ())
        return go_struct(fields, always)

    @classmethod
    def read(cls, obj: GoObject) -> ContainerSpec:
        health = obj.object("Healthcheck", "container.HealthConfig")
        isolation = obj.string("Isolation").lower()
        return cls(
            image=obj.string("Image"),
            labels=obj.labels("Labels"),
            command=obj.strings("Command"),
            args=obj.strings("Args"),
            hostname=obj.string("Hostname"),
            env=obj.strings("Env"),
            dir=obj.string("Dir"),
            user=obj.string("User"),
            init=obj.boolean("Init") if obj.has("Init") else None,
            stop_signal=obj.string("StopSignal"),
            tty=obj.boolean("TTY"),
            read_only=obj.boolean("ReadOnly"),
            mounts=tuple(Mount.read(item) for item in obj.objects("Mounts", "Mount")),
            stop_grace_period=obj.integer("StopGracePeriod", "time.Duration", DEFAULT_STOP_GRACE_PERIOD),
            healthcheck=HealthConfig.read(health) if health else None,
            hosts=obj.strings("Hosts"),
            isolation=isolation if isolation in ISOLATIONS else "default",
        )

    def validate(self) -> None:
        if not self.image:
            raise invalid_rpc("ContainerSpec: image reference must be provided")
        if not is_valid_image_reference(self.image):
            raise invalid_rpc(f"ContainerSpec: {go_quote(self.image)} is not a valid repository/tag")
        validate_mounts(self.mounts)
        if self.healthcheck:
            self.healthcheck.validate()


@dataclass(frozen=True)
class Limit(ApiObject):
    """``Limit``: hard caps per task (NanoCPUs: 1e9 = one CPU)."""

    API_STRUCT = "Limit"
    nano_cpus: int = 0
    memory_bytes: int = 0
    pids: int = 0

    def to_api(self) -> dict[str, Any]:
        return go_struct({"NanoCPUs": self.nano_cpus, "MemoryBytes": self.memory_bytes, "Pids": self.pids})

    @classmethod
    def read(cls, obj: GoObject) -> Limit:
        return cls(
            nano_cpus=obj.integer("NanoCPUs", "int64"),
            memory_bytes=obj.integer("MemoryBytes", "int64"),
            pids=obj.integer("Pids", "int64"),
        )

    def validate(self) -> None:
        _check_resources(self.nano_cpus, self.memory_bytes)


@dataclass(frozen=True)
class ResourceObject(ApiObject):
    """``ResourceObject``: what the scheduler reserves on a node for each task."""

    API_STRUCT = "Resources"
    nano_cpus: int = 0
    memory_bytes: int = 0

    def to_api(self) -> dict[str, Any]:
        return go_struct({"NanoCPUs": self.nano_cpus, "MemoryBytes": self.memory_bytes})

    @classmethod
    def read(cls, obj: GoObject) -> ResourceObject:
        return cls(nano_cpus=obj.integer("NanoCPUs", "int64"), memory_bytes=obj.integer("MemoryBytes", "int64"))

    def validate(self) -> None:
        _check_resources(self.nano_cpus, self.memory_bytes)


def _check_resources(nano_cpus: int, memory_bytes: int) -> None:
    """SwarmKit's ``validateResources``: at least 0.001 CPU and 4 MiB when set."""
    if nano_cpus != 0 and nano_cpus < _MIN_NANO_CPUS:
        cpus, minimum = format_float(nano_cpus / 1e9), format_float(_MIN_NANO_CPUS / 1e9)
        raise invalid_rpc(f"invalid cpu value {cpus}: Must be at least {minimum}")
    if memory_bytes != 0 and memory_bytes < _MIN_MEMORY:
        raise invalid_rpc(f"invalid memory value {memory_bytes}: Must be at least 4MiB")


@dataclass(frozen=True)
class Resources(ApiObject):
    """``ResourceRequirements{Limits, Reservations}``; either may be unset (None)."""

    API_STRUCT = "ResourceRequirements"
    limits: Limit | None = None
    reservations: ResourceObject | None = None

    def to_api(self) -> dict[str, Any]:
        fields = {
            "Limits": self.limits.to_api() if self.limits else None,
            "Reservations": self.reservations.to_api() if self.reservations else None,
        }
        return {key: value for key, value in fields.items() if value is not None}

    @classmethod
    def read(cls, obj: GoObject) -> Resources:
        limits, reservations = obj.object("Limits", "Limit"), obj.object("Reservations", "Resources")
        return cls(
            limits=Limit.read(limits) if limits else None,
            reservations=ResourceObject.read(reservations) if reservations else None,
        )

    def validate(self) -> None:
        for part in (self.limits, self.reservations):
            if part:
                part.validate()


@dataclass(frozen=True)
class RestartPolicy(ApiObject):
    """``RestartPolicy``: when a finished task is replaced. ``max_attempts`` 0 and ``window`` 0 mean unbounded."""

    API_STRUCT = "RestartPolicy"
    condition: str = "any"
    delay: int = DEFAULT_RESTART_DELAY
    max_attempts: int = 0
    window: int = 0

    def to_api(self) -> dict[str, Any]:
        fields = {"Condition": self.condition, "Delay": self.delay, "MaxAttempts": self.max_attempts}
        return go_struct(fields | {"Window": self.window}, always=("Delay", "MaxAttempts"))

    @classmethod
    def read(cls, obj: GoObject) -> RestartPolicy:
        condition = obj.string("Condition")
        if condition and condition not in RESTART_CONDITIONS:
            raise InvalidArgument(f"invalid RestartCondition: {go_quote(condition)}")
        return cls(
            condition=condition or "any",
            delay=obj.integer("Delay", "time.Duration", DEFAULT_RESTART_DELAY),
            max_attempts=obj.integer("MaxAttempts", "uint64"),
            window=obj.integer("Window", "time.Duration"),
        )

    def validate(self) -> None:
        if self.delay < 0:
            raise invalid_rpc("TaskSpec: restart-delay cannot be negative")
        if self.window < 0:
            raise invalid_rpc("TaskSpec: restart-window cannot be negative")


@dataclass(frozen=True)
class Placement(ApiObject):
    """``Placement``: constraints, spread preferences (their descriptors), max replicas per node, platforms."""

    API_STRUCT = "Placement"
    constraints: tuple[str, ...] = ()
    preferences: tuple[str, ...] = ()
    max_replicas: int = 0
    platforms: tuple[Platform, ...] = ()

    def to_api(self) -> dict[str, Any]:
        return go_struct(
            {
                "Constraints": list(self.constraints),
                "Preferences": [{"Spread": {"SpreadDescriptor": spread}} for spread in self.preferences],
                "MaxReplicas": self.max_replicas,
                "Platforms": [platform.to_api() for platform in self.platforms],
            }
        )

    @classmethod
    def read(cls, obj: GoObject) -> Placement:
        spreads = []
        for preference in obj.objects("Preferences", "PlacementPreference"):
            spread = preference.object("Spread", "SpreadOver")
            if spread is not None:  # moby keeps only spread preferences
                spreads.append(spread.string("SpreadDescriptor"))
        return cls(
            constraints=obj.strings("Constraints"),
            preferences=tuple(spreads),
            max_replicas=obj.integer("MaxReplicas", "uint64"),
            platforms=tuple(Platform.read(item) for item in obj.objects("Platforms", "Platform")),
        )

    def validate(self) -> None:
        parse_constraints(self.constraints)


@dataclass(frozen=True)
class NetworkAttachmentConfig(ApiObject):
    """``NetworkAttachmentConfig``: a network (name or ID) a task joins, with aliases."""

    API_STRUCT = "NetworkAttachmentConfig"
    target: str = ""
    aliases: tuple[str, ...] = ()
    driver_opts: dict[str, str] = field(default_factory=dict)

    def to_api(self) -> dict[str, Any]:
        return go_struct({"Target": self.target, "Aliases": list(self.aliases), "DriverOpts": dict(self.driver_opts)})

    @classmethod
    def read(cls, obj: GoObject) -> NetworkAttachmentConfig:
        return cls(target=obj.string("Target"), aliases=obj.strings("Aliases"), driver_opts=obj.labels("DriverOpts"))


@dataclass(frozen=True)
class TaskSpec(ApiObject):
    """``TaskSpec``: the template every task of a service is made from (container runtime only)."""

    API_STRUCT = "TaskSpec"
    container_spec: ContainerSpec = field(default_factory=ContainerSpec)
    resources: Resources = field(default_factory=Resources)
    restart_policy: RestartPolicy = field(default_factory=RestartPolicy)
    placement: Placement = field(default_factory=Placement)
    networks: tuple[NetworkAttachmentConfig, ...] = ()
    log_driver: Driver | None = None
    force_update: int = 0

    def to_api(self) -> dict[str, Any]:
        fields = {
            "ContainerSpec": self.container_spec.to_api(),
            "Resources": self.resources.to_api(),
            "RestartPolicy": self.restart_policy.to_api(),
            "Placement": self.placement.to_api(),
            "Networks": [network.to_api() for network in self.networks],
            "LogDriver": self.log_driver.to_api() if self.log_driver else None,
            "ForceUpdate": self.force_update,
            "Runtime": "container",
        }
        return go_struct(fields, always=("ContainerSpec", "Resources", "RestartPolicy", "Placement", "ForceUpdate"))

    @classmethod
    def read(cls, obj: GoObject) -> TaskSpec:
        resources = obj.object("Resources", "ResourceRequirements")
        container = obj.object("ContainerSpec", "ContainerSpec")
        if obj.string("Runtime") not in ("", "container"):
            raise InvalidArgument("unsupported runtime")
        if container is None:
            raise InvalidArgument("mismatched Runtime and *Spec fields")
        restart, placement = obj.object("RestartPolicy", "RestartPolicy"), obj.object("Placement", "Placement")
        log_driver = obj.object("LogDriver", "Driver")
        networks = obj.objects("Networks", "NetworkAttachmentConfig")
        return cls(
            container_spec=ContainerSpec.read(container),
            resources=Resources.read(resources) if resources else Resources(),
            restart_policy=RestartPolicy.read(restart) if restart else RestartPolicy(),
            placement=Placement.read(placement) if placement else Placement(),
            networks=tuple(NetworkAttachmentConfig.read(item) for item in networks),
            log_driver=Driver.read(log_driver) if log_driver else None,
            force_update=obj.integer("ForceUpdate", "uint64"),
        )

    def validate(self) -> None:
        """SwarmKit's ``validateTaskSpec`` order: resources, restart policy, placement, container."""
        self.resources.validate()
        self.restart_policy.validate()
        self.placement.validate()
        self.container_spec.validate()
