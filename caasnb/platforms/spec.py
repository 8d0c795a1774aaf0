"""Reading a swarm ``ServiceSpec`` (Engine API shape) for translation: names, counts, commands, checks.

Both exporters (Kubernetes and Marathon) ask a service the same questions — how many
replicas, which command, which published ports, what rolling-update budget — so the answers
live here once.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ..errors import InvalidArgument
from ..sim import SECOND

STACK_LABEL = "com.docker.stack.namespace"
SWARM_DEFAULT_PARALLELISM = 1


def dns_label(name: str) -> str:
    """A name Kubernetes accepts (RFC 1123 label: lowercase alphanumerics and '-', at most 63)."""
    label = re.sub(r"[^a-z0-9-]+", "-", name.lower()).strip("-")[:63].strip("-")
    if not label:
        raise InvalidArgument(f"cannot make a Kubernetes name of {name!r}")
    return label


def mode_of(spec: dict) -> str:
    """``replicated``, ``global``, ``replicated-job`` or ``global-job``."""
    mode = spec.get("Mode") or {"Replicated": {}}
    for key, name in (("Replicated", "replicated"), ("Global", "global"), ("ReplicatedJob", "replicated-job")):
        if key in mode:
            return name
    return "global-job"


def replicas(spec: dict) -> int:
    mode = spec.get("Mode") or {}
    if "Replicated" in mode:
        return mode["Replicated"].get("Replicas", 1)
    if "ReplicatedJob" in mode:
        return mode["ReplicatedJob"].get("MaxConcurrent", 1)
    return 0


def container(spec: dict) -> dict:
    return spec.get("TaskTemplate", {}).get("ContainerSpec", {})


def env_pairs(spec: dict) -> list[tuple[str, str]]:
    """``Env`` entries as (name, value); a bare ``NAME`` has an empty value."""
    return [(name, value) for name, _, value in (item.partition("=") for item in container(spec).get("Env") or [])]


def published_ports(spec: dict) -> list[dict]:
    return list((spec.get("EndpointSpec") or {}).get("Ports") or [])


def seconds(ns: int) -> int:
    """Whole seconds (rounded up: a platform with second resolution must not wait less)."""
    return math.ceil(ns / SECOND) if ns else 0


@dataclass(frozen=True)
class UpdateBudget:
    """A rolling update as extra and missing replicas allowed at once (Kubernetes' and Marathon's terms)."""

    max_surge: int
    max_unavailable: int
    delay_s: int
    monitor_s: int


def update_budget(spec: dict) -> UpdateBudget:
    """Swarm's parallelism/order as surge/unavailable: stop-first takes ``parallelism`` down, start-first adds it.

    Parallelism 0 means "all at once" in swarm: the whole replica count.
    """
    config = spec.get("UpdateConfig") or {}
    count = max(replicas(spec), 1)
    parallelism = config.get("Parallelism", SWARM_DEFAULT_PARALLELISM) or count
    start_first = config.get("Order") == "start-first"
    return UpdateBudget(
        max_surge=parallelism if start_first else 0,
        max_unavailable=0 if start_first else parallelism,
        delay_s=seconds(config.get("Delay", 0)),
        monitor_s=seconds(config.get("Monitor", 5 * SECOND)),
    )


def health_command(spec: dict) -> list[str] | None:
    """The health check as an exec argv (``CMD-SHELL x`` runs ``/bin/sh -c x``); None without one."""
    test = (container(spec).get("Healthcheck") or {}).get("Test") or []
    if not test or test[0] == "NONE":
        return None
    if test[0] == "CMD-SHELL":
        return ["/bin/sh", "-c", " ".join(test[1:])]
    return list(test[1:]) if test[0] == "CMD" else list(test)


def constraints(spec: dict) -> list[tuple[str, str, str]]:
    """Placement constraints as (key, operator, value), operator ``==`` or ``!=``."""
    result = []
    for text in (spec.get("TaskTemplate", {}).get("Placement") or {}).get("Constraints") or []:
        operator = "!=" if "!=" in text else "=="
        key, _, value = text.partition(operator)
        result.append((key.strip(), operator, value.strip()))
    return result


def spread_labels(spec: dict) -> list[str]:
    """The node labels of ``spread=node.labels.X`` preferences."""
    prefs = (spec.get("TaskTemplate", {}).get("Placement") or {}).get("Preferences") or []
    descriptors = [p.get("Spread", {}).get("SpreadDescriptor", "") for p in prefs]
    return [d.split(".", 2)[2] for d in descriptors if d.startswith(("node.labels.", "engine.labels."))]
