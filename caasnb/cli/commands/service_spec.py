"""The ServiceSpec docker sends: built whole for ``create`` (``ToService``), edited for ``update`` (``updateService``).

Dicts are shaped as Go's ``encoding/json`` writes docker's ``swarm.ServiceSpec`` (field
order, ``omitempty``). Update/Rollback/Restart policies are sent only when one of their
flags is given, starting from SwarmKit's defaults. Networks are looked up first, as
docker does with ``GET /networks/{name}?scope=swarm``, and named by ID. The image is tagged and
pinned to its digest afterwards, by ``service_image.resolve_image`` (the client library's part).
"""

from __future__ import annotations

from typing import Any

from ...errors import ClientError
from ...golang.json import go_float, go_struct
from ...sim.durations import SECOND
from ..invocation import Invocation
from .client import Client

UPDATE_DEFAULTS = {"Parallelism": 1, "FailureAction": "pause", "Monitor": 5 * SECOND, "Order": "stop-first"}
RESTART_DEFAULTS = {"Condition": "any", "Delay": 5 * SECOND, "MaxAttempts": 0}
HEALTH_FLAGS = ("health-cmd", "health-interval", "health-timeout", "health-retries", "health-start-period")


def changed(invocation: Invocation, *names: str) -> bool:
    """docker's ``anyChanged``."""
    return any(invocation.was_set(name) for name in names)


def kv_map(items: tuple[str, ...]) -> dict[str, str]:
    """``opts.ConvertKVStringsToMap``: ``k=v`` pairs, a bare ``k`` maps to ""."""
    return dict(item.partition("=")[::2] for item in items)


def resolve_network(invocation: Invocation, name: str) -> str:
    """The ID of swarm network ``name`` (docker's ``resolveNetworkID``: ``GET /networks/{name}?scope=swarm``)."""
    return Client(invocation).get(f"/networks/{name}", {"scope": "swarm"})["Id"]


def _policy(invocation: Invocation, prefix: str, base: dict | None) -> dict | None:
    """``updateConfig``/``rollbackConfig``: None unless a ``--prefix-*`` flag is given."""
    suffixes = ("parallelism", "delay", "monitor", "failure-action", "max-failure-ratio", "order")
    names = [f"{prefix}-{suffix}" for suffix in suffixes]
    if not changed(invocation, *names):
        return base
    config = {"Parallelism": 1, "Delay": 0, "FailureAction": "", "Monitor": 0, "MaxFailureRatio": 0, "Order": ""}
    config |= base if base is not None else UPDATE_DEFAULTS
    fields = ("Parallelism", "Delay", "Monitor", "FailureAction", "MaxFailureRatio", "Order")
    for name, field in zip(names, fields, strict=True):
        if invocation.was_set(name):
            value = invocation.flag(name)
            config[field] = go_float(value) if field == "MaxFailureRatio" else value
    ordered = {key: config[key] for key in ("Parallelism", "Delay", "FailureAction", "Monitor", "MaxFailureRatio")}
    return go_struct(ordered | {"Order": config["Order"]}, always=("Parallelism", "MaxFailureRatio", "Order"))


def _restart_policy(invocation: Invocation, base: dict | None) -> dict | None:
    """``ToRestartPolicy``: None unless a ``--restart-*`` flag is given; else SwarmKit's default, changed."""
    names = ("restart-condition", "restart-delay", "restart-max-attempts", "restart-window")
    if not changed(invocation, *names):
        return base
    policy = dict(base if base is not None else RESTART_DEFAULTS)
    for name, field in zip(names, ("Condition", "Delay", "MaxAttempts", "Window"), strict=True):
        if invocation.was_set(name):
            policy[field] = invocation.flag(name)
    return {key: policy[key] for key in ("Condition", "Delay", "MaxAttempts", "Window") if key in policy}


def _health(invocation: Invocation) -> dict | None:
    """``toHealthConfig``: ``NONE`` for ``--no-healthcheck``, the ``--health-*`` values, or nothing."""
    flag = invocation.flag
    timings = ("health-interval", "health-timeout", "health-start-period", "health-start-interval")
    given = bool(flag("health-cmd") or flag("health-retries")) or any(flag(name) is not None for name in timings)
    if flag("no-healthcheck"):
        if given:
            raise ClientError("--no-healthcheck conflicts with --health-* options")
        return {"Test": ["NONE"]}
    if not given:
        return None
    fields = {
        "Test": ["CMD-SHELL", flag("health-cmd")] if flag("health-cmd") else None,
        "Interval": flag("health-interval"),
        "Timeout": flag("health-timeout"),
        "StartPeriod": flag("health-start-period"),
        "StartInterval": flag("health-start-interval"),
        "Retries": flag("health-retries"),
    }
    return go_struct(fields)


def _mode(invocation: Invocation) -> dict:
    """``ToServiceMode``."""
    mode, replicas, concurrent = invocation.flag("mode"), invocation.flag("replicas"), invocation.flag("max-concurrent")
    per_node = invocation.flag("replicas-max-per-node")
    if mode in ("global", "global-job"):
        if mode == "global" and replicas is not None:
            raise ClientError("replicas can only be used with replicated or replicated-job mode")
        if per_node > 0:
            raise ClientError("replicas-max-per-node can only be used with replicated or replicated-job mode")
        if concurrent is not None:
            raise ClientError("max-concurrent can only be used with replicated-job mode")
        if replicas is not None:
            raise ClientError("replicas can only be used with replicated or replicated-job mode")
        return {"Global": {}} if mode == "global" else {"GlobalJob": {}}
    if mode == "replicated":
        if concurrent is not None:
            raise ClientError("max-concurrent can only be used with replicated-job mode")
        return {"Replicated": go_struct({"Replicas": replicas}, always=("Replicas",) if replicas is not None else ())}
    if mode == "replicated-job":
        job = {"MaxConcurrent": replicas if concurrent is None else concurrent, "TotalCompletions": replicas}
        return {"ReplicatedJob": {key: value for key, value in job.items() if value is not None}}
    raise ClientError(f"Unknown mode: {mode}, only replicated and global supported")


def _env(items: tuple[str, ...]) -> list[str]:
    """``makeEnv``: later values of a variable replace earlier ones."""
    env: list[str] = []
    for item in items:
        key = item.partition("=")[0]
        env = [current for current in env if current == item or not current.startswith(key + "=")]
        env.append(item)
    return env


def _capabilities(add: tuple[str, ...], drop: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """``opts.EffectiveCapAddCapDrop``: normalised names; ALL wins; a capability both added and dropped is added."""

    def normalise(names: tuple[str, ...]) -> set[str]:
        caps = {name.strip().upper() for name in names if name.strip()}
        caps = {cap if cap in ("ALL", "RESET") or cap.startswith("CAP_") else "CAP_" + cap for cap in caps}
        return {"ALL"} if "ALL" in caps else caps

    added, dropped = normalise(add), normalise(drop)
    return sorted(added), sorted(dropped - added)


def _networks(invocation: Invocation, names: tuple[str, ...]) -> list[dict]:
    return sorted(({"Target": resolve_network(invocation, name)} for name in names), key=lambda net: net["Target"])


def create_spec(invocation: Invocation) -> dict[str, Any]:
    """``serviceOptions.ToService``: the whole ServiceSpec of ``docker service create``."""
    flag, args = invocation.flag, invocation.args
    env = _env(flag("env"))
    health = _health(invocation)
    mode = _mode(invocation)
    update, rollback = _policy(invocation, "update", None), _policy(invocation, "rollback", None)
    if ("ReplicatedJob" in mode or "GlobalJob" in mode) and (update or rollback):
        raise ClientError("update and rollback configuration is not supported for jobs")
    networks = _networks(invocation, flag("network"))
    cap_add, cap_drop = _capabilities(flag("cap-add"), flag("cap-drop"))
    container = {
        "Image": args[0],
        "Labels": kv_map(flag("container-label")),
        "Command": list(flag("entrypoint")),
        "Args": args[1:],
        "Hostname": flag("hostname"),
        "Env": env,
        "Dir": flag("workdir"),
        "User": flag("user"),
        "Groups": list(flag("group")),
        "Init": flag("init"),
        "StopSignal": flag("stop-signal"),
        "TTY": flag("tty"),
        "ReadOnly": flag("read-only"),
        "Mounts": list(flag("mount")),
        "StopGracePeriod": flag("stop-grace-period") if invocation.was_set("stop-grace-period") else None,
        "Healthcheck": health,
        "Hosts": [f"{address} {name}" for name, _, address in (host.partition(":") for host in flag("host"))],
        "DNSConfig": go_struct(
            {"Nameservers": list(flag("dns")), "Search": list(flag("dns-search")), "Options": list(flag("dns-option"))}
        ),
        "Isolation": flag("isolation"),
        "Sysctls": kv_map(flag("sysctl")),
        "CapabilityAdd": cap_add,
        "CapabilityDrop": cap_drop,
        "OomScoreAdj": flag("oom-score-adj"),
    }
    log_driver = flag("log-driver")
    task = {
        "ContainerSpec": go_struct(container, always=("Init", "DNSConfig")),
        "Resources": {
            "Limits": go_struct(
                {"NanoCPUs": flag("limit-cpu"), "MemoryBytes": flag("limit-memory"), "Pids": flag("limit-pids")}
            ),
            "Reservations": go_struct({"NanoCPUs": flag("reserve-cpu"), "MemoryBytes": flag("reserve-memory")}),
        },
        "RestartPolicy": _restart_policy(invocation, None),
        "Placement": go_struct(
            {
                "Constraints": list(flag("constraint")),
                "Preferences": [{"Spread": {"SpreadDescriptor": spread}} for spread in flag("placement-pref")],
                "MaxReplicas": flag("replicas-max-per-node"),
            }
        ),
        "Networks": networks,
        "LogDriver": go_struct({"Name": log_driver, "Options": kv_map(flag("log-opt"))}) if log_driver else None,
        "ForceUpdate": 0,
    }
    endpoint = {"Mode": flag("endpoint-mode").lower(), "Ports": list(flag("publish"))}
    spec = {
        "Name": flag("name"),
        "Labels": kv_map(flag("label")),
        "TaskTemplate": go_struct(task, always=("ContainerSpec", "Resources", "Placement", "ForceUpdate")),
        "Mode": mode,
        "UpdateConfig": update,
        "RollbackConfig": rollback,
        "EndpointSpec": go_struct(endpoint),
    }
    return go_struct(spec, always=("Labels", "TaskTemplate", "Mode"))
