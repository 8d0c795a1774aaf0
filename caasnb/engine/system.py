"""``/_ping``, ``/version`` and ``/info``: what a Docker Engine 28.2.2 (docker-ce on Ubuntu 24.04) says.

Build facts are the release's own (moby v28.2.2 = commit 45873be, go1.24.3, built
2025-05-30T12:07:27Z, shipped with containerd 1.7.27, runc 1.2.5 and docker-init 0.19.0).
``/info`` is the daemon's ``system.Info`` with the node's ``Swarm`` object and the per-version
adjustments of ``getInfo`` (``api/server/router/system/system_routes.go``); containers and
images count 0 until the simulation runs them; CPUs and memory are the machine's, as the
daemon reports them to the swarm.
"""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

from ..golang.timefmt import rfc3339nano
from ..swarm.daemon import ENGINE_VERSION
from .request import Request
from .response import PLAIN_TEXT, Response, json_response
from .router import Route
from .versions import API_VERSION, MIN_API_VERSION, less_than

GIT_COMMIT = "45873be"
GO_VERSION = "go1.24.3"
BUILD_TIME = "2025-05-30T12:07:27.000000000+00:00"
KERNEL_VERSION = "6.8.0-60-generic"
CONTAINERD = ("1.7.27", "05044ec0a9a75232cad458027ca83437aae3f4da")
RUNC = ("1.2.5", "v1.2.5-0-g59923ef")
DOCKER_INIT = ("0.19.0", "de40ad0")


def swarm_status(info: dict[str, Any]) -> str:
    """The ``Swarm`` header of ``/_ping`` (``Cluster.Status``): ``inactive``, ``active/manager``..."""
    state = info.get("LocalNodeState") or "inactive"
    if state != "active":
        return state
    managers = {peer.get("NodeID") for peer in info.get("RemoteManagers") or ()}
    manager = info.get("ControlAvailable") or info.get("NodeID") in managers
    return f"{state}/{'manager' if manager else 'worker'}"


def ping(request: Request) -> Response:
    """``GET|HEAD /_ping``: ``OK``, no caching, the builder and the node's swarm status."""
    headers = {
        "Cache-Control": "no-cache, no-store, must-revalidate",
        "Pragma": "no-cache",
        "Builder-Version": "2",
        "Swarm": swarm_status(request.daemon.info_swarm()),
        "Content-Type": PLAIN_TEXT,
    }
    if request.method == "HEAD":
        return Response(200, {**headers, "Content-Length": "0"})
    return Response(200, {**headers, "Content-Length": "2"}, b"OK")


def options(request: Request) -> Response:
    """``OPTIONS`` on any path: 200, nothing else (dockerd's ``optionsHandler``)."""
    return Response(200, {"Content-Length": "0"})


def _component(name: str, version: str, details: dict[str, str]) -> dict[str, Any]:
    return {"Name": name, "Version": version, "Details": dict(sorted(details.items()))}


def version(request: Request) -> Response:
    """``GET /version``: ``types.Version`` of the engine and its components."""
    engine = {
        "ApiVersion": API_VERSION,
        "Arch": "amd64",
        "BuildTime": BUILD_TIME,
        "Experimental": "false",
        "GitCommit": GIT_COMMIT,
        "GoVersion": GO_VERSION,
        "KernelVersion": KERNEL_VERSION,
        "MinAPIVersion": MIN_API_VERSION,
        "Os": "linux",
    }
    body = {
        "Platform": {"Name": "Docker Engine - Community"},
        "Components": [
            _component("Engine", ENGINE_VERSION, engine),
            _component("containerd", CONTAINERD[0], {"GitCommit": CONTAINERD[1]}),
            _component("runc", RUNC[0], {"GitCommit": RUNC[1]}),
            _component("docker-init", DOCKER_INIT[0], {"GitCommit": DOCKER_INIT[1]}),
        ],
        "Version": ENGINE_VERSION,
        "ApiVersion": API_VERSION,
        "MinAPIVersion": MIN_API_VERSION,
        "GitCommit": GIT_COMMIT,
        "GoVersion": GO_VERSION,
        "Os": "linux",
        "Arch": "amd64",
        "KernelVersion": KERNEL_VERSION,
        "BuildTime": BUILD_TIME,
    }
    return json_response(200, body)


def daemon_id(seed: int, node: str) -> str:
    """The daemon's ID (a UUID since Docker 27), fixed per scenario seed and host."""
    return str(uuid.UUID(bytes=hashlib.sha256(f"{seed}/{node}".encode()).digest()[:16], version=4))


def _commit(commit: str, api_version: str) -> dict[str, str]:
    """A ``system.Commit``: before API 1.49 it repeats the ID as ``Expected``."""
    return {"ID": commit, "Expected": commit} if less_than(api_version, "1.49") else {"ID": commit}


def info(request: Request) -> Response:
    """``GET /info``: ``system.Info`` for the node, shaped for the request's API version."""
    cluster, api = request.engine.cluster, request.version
    swarm = request.daemon.info_swarm()
    body: dict[str, Any] = {
        "ID": daemon_id(cluster.seed, request.node),
        "Containers": 0,
        "ContainersRunning": 0,
        "ContainersPaused": 0,
        "ContainersStopped": 0,
        "Images": 0,
        "Driver": "overlay2",
        "DriverStatus": [
            ["Backing Filesystem", "extfs"],
            ["Supports d_type", "true"],
            ["Using metacopy", "false"],
            ["Native Overlay Diff", "true"],
            ["userxattr", "false"],
        ],
        "Plugins": {
            "Volume": ["local"],
            "Network": ["bridge", "host", "ipvlan", "macvlan", "null", "overlay"],
            "Authorization": None,
            "Log": ["awslogs", "fluentd", "gcplogs", "gelf", "journald", "json-file", "local", "splunk", "syslog"],
        },
        "MemoryLimit": True,
        "SwapLimit": True,
        "CpuCfsPeriod": True,
        "CpuCfsQuota": True,
        "CPUShares": True,
        "CPUSet": True,
        "PidsLimit": True,
        "IPv4Forwarding": True,
        "Debug": False,
        "NFd": 29,
        "OomKillDisable": False,
        "NGoroutines": 46,
        "SystemTime": rfc3339nano(cluster.hosts[request.node].wall_ns(cluster.sim.now)),  # the host's own clock
        "LoggingDriver": request.daemon.logs.default.type,
        "CgroupDriver": "systemd",
        "CgroupVersion": "2",
        "NEventsListener": 0,
        "KernelVersion": KERNEL_VERSION,
        "OperatingSystem": "Ubuntu 24.04.2 LTS",
        "OSVersion": "24.04",
        "OSType": "linux",
        "Architecture": "x86_64",
        "IndexServerAddress": "https://index.docker.io/v1/",
        "RegistryConfig": {
            "InsecureRegistryCIDRs": ["::1/128", "127.0.0.0/8"],
            "IndexConfigs": {"docker.io": {"Name": "docker.io", "Mirrors": [], "Secure": True, "Official": True}},
            "Mirrors": None,
        },
        "NCPU": request.daemon.resources.nano_cpus // 1_000_000_000,
        "MemTotal": request.daemon.resources.memory_bytes,
        "GenericResources": None,
        "DockerRootDir": "/var/lib/docker",
        "HttpProxy": "",
        "HttpsProxy": "",
        "NoProxy": "",
        "Name": request.node,
        "Labels": [],
        "ExperimentalBuild": False,
        "ServerVersion": ENGINE_VERSION,
        "Runtimes": {"io.containerd.runc.v2": {"path": "runc"}, "runc": {"path": "runc"}},
        "DefaultRuntime": "runc",
        "Swarm": swarm,
        "LiveRestoreEnabled": False,
        "Isolation": "",
        "InitBinary": "docker-init",
        "ContainerdCommit": _commit(CONTAINERD[1], api),
        "RuncCommit": _commit(RUNC[1], api),
        "InitCommit": _commit(DOCKER_INIT[1], api),
        "SecurityOptions": ["name=apparmor", "name=seccomp,profile=builtin", "name=cgroupns"],
        "FirewallBackend": {"Driver": "iptables"},
        "CDISpecDirs": ["/etc/cdi", "/var/run/cdi"],
        "Containerd": {
            "Address": "/run/containerd/containerd.sock",
            "Namespaces": {"Containers": "moby", "Plugins": "plugins.moby"},
        },
        "Warnings": list(swarm.get("Warnings") or ()) or None,
    }
    return json_response(200, _for_version(body, api))


def _sorted(value: Any) -> Any:
    """A value after a round trip through Go's ``map[string]any``: every object's keys sorted."""
    if isinstance(value, dict):
        return {key: _sorted(value[key]) for key in sorted(value)}
    return [_sorted(item) for item in value] if isinstance(value, list) else value


def _for_version(body: dict[str, Any], api: str) -> dict[str, Any]:
    """``getInfo``'s changes for older clients (fields added or dropped since their version).

    Before 1.50 the daemon adds legacy fields by re-marshalling the whole answer as a map,
    which sorts its keys.
    """
    if less_than(api, "1.25"):
        body["SecurityOptions"] = [option.split(",")[0].removeprefix("name=") for option in body["SecurityOptions"]]
    if less_than(api, "1.46"):
        del body["Containerd"]
    if less_than(api, "1.47"):
        body["RegistryConfig"] |= {
            "AllowNondistributableArtifactsCIDRs": None,
            "AllowNondistributableArtifactsHostnames": None,
        }
    if less_than(api, "1.49"):
        del body["FirewallBackend"]
    if less_than(api, "1.50"):
        return _sorted(body | {"BridgeNfIptables": False, "BridgeNfIp6tables": False})
    return body


ROUTES = [
    Route("OPTIONS", "/{anyroute:.*}", options),
    Route("GET", "/_ping", ping),
    Route("HEAD", "/_ping", ping),
    Route("GET", "/info", info),
    Route("GET", "/version", version),
]
