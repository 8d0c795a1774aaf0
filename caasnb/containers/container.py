"""A container: its configuration, its state machine's current state, and its Engine API shapes.

State follows moby's ``container.State``: ``created`` → ``running`` (``paused``) → ``exited``,
``restarting`` while the restart policy's back-off runs, ``removing`` during removal, ``dead``.
:meth:`Container.status_text` is ``State.String()`` (``Up 5 seconds``, ``Exited (0) 3 seconds
ago``, ``Up 2 minutes (Paused)``, ``Up 1 second (health: starting)``); :meth:`to_inspect`
and :meth:`to_summary` render ``ContainerInspectResponse`` and ``ContainerSummary``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..golang.timefmt import rfc3339nano
from ..golang.units import human_duration
from ..net.cnm import Sandbox
from ..sim import EPOCH_NS
from .filesystem import Filesystem
from .health import Probe

ZERO_TIME = "0001-01-01T00:00:00Z"


@dataclass
class Process:
    """One row of the container's process table (host PIDs, as ``docker top`` shows them)."""

    pid: int
    ppid: int
    cmd: str
    user: str = "root"
    started: int = 0
    defunct: bool = False


@dataclass
class Health:
    """``State.Health``: ``starting``, ``healthy`` or ``unhealthy``, with the failing streak."""

    status: str = "starting"
    failing_streak: int = 0
    log: list[dict[str, Any]] = field(default_factory=list)

    def text(self) -> str:
        return "health: starting" if self.status == "starting" else self.status


@dataclass(eq=False)
class Container:
    """One container on one host. ``config``/``host_config`` are the Engine API bodies (image defaults merged)."""

    id: str
    name: str
    image: str
    image_id: str
    config: dict[str, Any]
    host_config: dict[str, Any]
    host: str
    created: int
    path: str = ""
    args: tuple[str, ...] = ()
    task_id: str = ""
    endpoints_config: dict[str, Any] = field(default_factory=dict)
    status: str = "created"
    exit_code: int = 0
    pid: int = 0
    started_at: int | None = None
    finished_at: int | None = None
    oom_killed: bool = False
    error: str = ""
    restart_count: int = 0
    manually_stopped: bool = False
    health: Health | None = None
    sandbox: Sandbox | None = None
    processes: list[Process] = field(default_factory=list)
    files: Filesystem = field(default_factory=Filesystem)
    mounts: list[dict[str, Any]] = field(default_factory=list)
    exec_ids: list[str] = field(default_factory=list)

    @property
    def labels(self) -> dict[str, str]:
        return self.config.get("Labels") or {}

    @property
    def argv(self) -> list[str]:
        return [self.path, *self.args] if self.path else list(self.args)

    @property
    def probe(self) -> Probe | None:
        return Probe.from_api(self.config.get("Healthcheck"))

    @property
    def running(self) -> bool:
        return self.status in ("running", "paused", "restarting")

    @property
    def network_mode(self) -> str:
        return self.host_config.get("NetworkMode") or "bridge"

    def namespace_pids(self) -> dict[int, int]:
        """Host PID → PID inside the container's namespace (its first process is PID 1)."""
        return {process.pid: number for number, process in enumerate(self.processes, start=1)}

    def status_text(self, now: int) -> str:
        """moby's ``State.String()``: the STATUS column of ``docker ps``."""
        if self.status == "paused":
            return f"Up {human_duration(now - self.started_at)} (Paused)"
        if self.status == "restarting":
            return f"Restarting ({self.exit_code}) {human_duration(now - self.finished_at)} ago"
        if self.status == "running":
            up = f"Up {human_duration(now - self.started_at)}"
            return f"{up} ({self.health.text()})" if self.health is not None else up
        if self.status == "removing":
            return "Removal In Progress"
        if self.status == "dead":
            return "Dead"
        if self.started_at is None:
            return "Created"
        return f"Exited ({self.exit_code}) {human_duration(now - self.finished_at)} ago"

    # -- Engine API shapes -------------------------------------------------------------
    def command_line(self) -> str:
        """``Command`` of a summary: the path and arguments joined by spaces."""
        return " ".join(self.argv)

    def ports_api(self) -> dict[str, Any]:
        """``NetworkSettings.Ports``: each exposed port with its host bindings (None when unpublished)."""
        ports: dict[str, Any] = {key: None for key in self.config.get("ExposedPorts") or {}}
        if self.sandbox is not None and self.status in ("running", "paused", "restarting"):
            for binding in self.sandbox.ports:
                key = f"{binding.container_port}/{binding.proto}"
                ports[key] = [*(ports.get(key) or []), {"HostIp": binding.host_ip, "HostPort": str(binding.host_port)}]
        return ports

    def networks_api(self) -> dict[str, Any]:
        """``NetworkSettings.Networks``: live endpoints while running, the configured networks (no address) else."""
        if self.sandbox is not None:
            return {ep.network.name: ep.to_endpoint_settings() for ep in self.sandbox.endpoints}
        return {name: _unplugged(settings) for name, settings in self.endpoints_config.items()}

    def state_api(self) -> dict[str, Any]:
        state = {
            "Status": self.status,
            "Running": self.status in ("running", "paused", "restarting"),
            "Paused": self.status == "paused",
            "Restarting": self.status == "restarting",
            "OOMKilled": self.oom_killed,
            "Dead": self.status == "dead",
            "Pid": self.pid,
            "ExitCode": self.exit_code,
            "Error": self.error,
            "StartedAt": _time(self.started_at),
            "FinishedAt": _time(self.finished_at),
        }
        if self.health is not None:
            state["Health"] = {
                "Status": self.health.status,
                "FailingStreak": self.health.failing_streak,
                "Log": list(self.health.log),
            }
        return state

    def to_inspect(self) -> dict[str, Any]:
        """``ContainerInspectResponse`` (``GET /containers/{id}/json``)."""
        root = f"/var/lib/docker/containers/{self.id}"
        sandbox_id = self.sandbox.container_id if self.sandbox and self.status != "exited" else ""
        return {
            "Id": self.id,
            "Created": rfc3339nano(EPOCH_NS + self.created),
            "Path": self.path,
            "Args": list(self.args),
            "State": self.state_api(),
            "Image": self.image_id,
            "ResolvConfPath": f"{root}/resolv.conf",
            "HostnamePath": f"{root}/hostname",
            "HostsPath": f"{root}/hosts",
            "LogPath": f"{root}/{self.id}-json.log",
            "Name": "/" + self.name,
            "RestartCount": self.restart_count,
            "Driver": "overlay2",
            "Platform": "linux",
            "MountLabel": "",
            "ProcessLabel": "",
            "AppArmorProfile": "docker-default",
            "ExecIDs": list(self.exec_ids) or None,
            "HostConfig": self.host_config,
            "GraphDriver": {
                "Data": {
                    "MergedDir": f"/var/lib/docker/overlay2/{self.id}/merged",
                    "UpperDir": f"/var/lib/docker/overlay2/{self.id}/diff",
                    "WorkDir": f"/var/lib/docker/overlay2/{self.id}/work",
                },
                "Name": "overlay2",
            },
            "Mounts": list(self.mounts),
            "Config": self.config,
            "NetworkSettings": {
                "Bridge": "",
                "SandboxID": sandbox_id,
                "SandboxKey": f"/var/run/docker/netns/{sandbox_id[:12]}" if sandbox_id else "",
                "Ports": self.ports_api(),
                "HairpinMode": False,
                "LinkLocalIPv6Address": "",
                "LinkLocalIPv6PrefixLen": 0,
                "SecondaryIPAddresses": None,
                "SecondaryIPv6Addresses": None,
                **_default_bridge_fields(self),
                "Networks": self.networks_api(),
            },
        }

    def to_summary(self, now: int, size: bool = False) -> dict[str, Any]:
        """``ContainerSummary`` (one row of ``GET /containers/json``)."""
        summary: dict[str, Any] = {
            "Id": self.id,
            "Names": ["/" + self.name],
            "Image": self.image,
            "ImageID": self.image_id,
            "Command": self.command_line(),
            "Created": (EPOCH_NS + self.created) // 1_000_000_000,
            "Ports": self.port_list(),
            "Labels": dict(self.labels),
            "State": self.status,
            "Status": self.status_text(now),
            "HostConfig": {"NetworkMode": self.host_config.get("NetworkMode") or "bridge"},
            "NetworkSettings": {"Networks": self.networks_api()},
            "Mounts": list(self.mounts),
        }
        if size:
            summary["SizeRw"] = self.files.size()
            summary["SizeRootFs"] = self.files.size() + self.files.image_size
        return summary

    def port_list(self) -> list[dict[str, Any]]:
        """``Ports`` of a summary: published bindings, and exposed ports that are not published."""
        rows: list[dict[str, Any]] = []
        published = set()
        if self.sandbox is not None and self.running:
            for binding in self.sandbox.ports:
                published.add(f"{binding.container_port}/{binding.proto}")
                rows.append(
                    {
                        "IP": binding.host_ip,
                        "PrivatePort": binding.container_port,
                        "PublicPort": binding.host_port,
                        "Type": binding.proto,
                    }
                )
        for key in self.config.get("ExposedPorts") or {}:
            if key not in published:
                port, _, proto = key.partition("/")
                rows.append({"PrivatePort": int(port), "Type": proto or "tcp"})
        return rows


def _unplugged(settings: dict[str, Any]) -> dict[str, Any]:
    """The ``EndpointSettings`` of a network the stopped container will join again on start."""
    return {
        "IPAMConfig": settings.get("IPAMConfig"), "Links": settings.get("Links"), "Aliases": settings.get("Aliases"),
        "MacAddress": "", "DriverOpts": None, "GwPriority": 0, "NetworkID": "", "EndpointID": "", "Gateway": "",
        "IPAddress": "", "IPPrefixLen": 0, "IPv6Gateway": "", "GlobalIPv6Address": "", "GlobalIPv6PrefixLen": 0,
        "DNSNames": None,
    }  # fmt: skip


def _time(ns: int | None) -> str:
    return ZERO_TIME if ns is None else rfc3339nano(EPOCH_NS + ns)


def _default_bridge_fields(container: Container) -> dict[str, Any]:
    """The deprecated top-level address fields: filled from the default ``bridge`` endpoint."""
    endpoint = None
    if container.sandbox is not None:
        endpoint = next((ep for ep in container.sandbox.endpoints if ep.network.name == "bridge"), None)
    settings = endpoint.to_endpoint_settings() if endpoint is not None else {}
    keys = ("EndpointID", "Gateway", "GlobalIPv6Address", "GlobalIPv6PrefixLen", "IPAddress", "IPPrefixLen")
    fields: dict[str, Any] = {key: settings.get(key, 0 if key.endswith("Len") else "") for key in keys}
    fields["IPv6Gateway"] = settings.get("IPv6Gateway", "")
    fields["MacAddress"] = settings.get("MacAddress", "")
    return fields
