"""Which containers ``docker ps`` and ``docker container prune`` pick (moby ``daemon/list.go``, ``prune.go``).

Filters: ``id`` and ``name`` (prefix / regular expression), ``label`` (``key`` or
``key=value``), ``status``, ``exited``, ``ancestor``, ``network``, ``before``/``since``
(another container), ``health``, ``is-task``, ``publish``, ``expose``, ``volume``. A filter
given twice matches either value; different filters must all match.
"""

from __future__ import annotations

import re
from typing import Any

from ..errors import InvalidArgument
from ..sim.durations import parse_duration
from .container import Container

STATUSES = ("created", "restarting", "running", "removing", "paused", "exited", "dead")
HEALTH = ("starting", "healthy", "unhealthy", "none")
LIST_FILTERS = ("ancestor", "before", "expose", "exited", "health", "id", "is-task", "label", "name", "network",
                "publish", "since", "status", "volume", "isolation")  # fmt: skip


def _search(values: list[str], text: str) -> bool:
    for value in values:
        try:
            if re.search(value, text):
                return True
        except re.error:
            continue
    return False


def _label(values: list[str], labels: dict[str, str]) -> bool:
    for value in values:
        key, sep, wanted = value.partition("=")
        if key not in labels or (sep and labels[key] != wanted):
            return False
    return True


def _port_match(values: list[str], ports: set[str]) -> bool:
    for value in values:
        port, _, proto = value.partition("/")
        if f"{port}/{proto or 'tcp'}" in ports:
            return True
    return False


def select(runtime: Any, all: bool, filters: dict[str, list[str]]) -> list[Container]:
    """The containers matching ``filters``, newest first."""
    for key in filters:
        if key not in LIST_FILTERS:
            raise InvalidArgument(f"invalid filter '{key}'")
    for value in filters.get("status", []):
        if value not in STATUSES:
            raise InvalidArgument(f"invalid filter 'status={value}'")
    for value in filters.get("health", []):
        if value not in HEALTH:
            raise InvalidArgument(f"Unrecognised filter value for health: {value}")
    newest_made_first = reversed(list(runtime.containers.values()))
    containers = sorted(newest_made_first, key=lambda c: c.created, reverse=True)
    if "before" in filters:
        pivot = runtime.get(filters["before"][0])
        containers = [c for c in containers if c.created < pivot.created]
    if "since" in filters:
        pivot = runtime.get(filters["since"][0])
        containers = [c for c in containers if c.created > pivot.created]
    shown = []
    for container in containers:
        if not (all or filters.get("status") or filters.get("exited")) and not container.running:
            continue
        if matches(runtime, container, filters):
            shown.append(container)
    return shown


def matches(runtime: Any, container: Container, filters: dict[str, list[str]]) -> bool:
    sandbox = container.sandbox
    networks = (
        {ep.network.name for ep in sandbox.endpoints} | {ep.network.id for ep in sandbox.endpoints}
        if sandbox
        else set()
    )
    published = {f"{b.host_port}/{b.proto}" for b in sandbox.ports} if sandbox and container.running else set()
    exposed = set(container.config.get("ExposedPorts") or {})
    health = container.health.status if container.health is not None else "none"
    checks = {
        "id": lambda v: any(container.id.startswith(x) for x in v),
        "name": lambda v: _search(v, "/" + container.name),
        "label": lambda v: _label(v, container.labels),
        "status": lambda v: container.status in v,
        "exited": lambda v: container.status == "exited" and str(container.exit_code) in v,
        "ancestor": lambda v: any(
            container.image.split(":")[0] == x.split(":")[0] or container.image_id.startswith(x) or container.image == x
            for x in v
        ),  # fmt: skip
        "network": lambda v: bool(networks & set(v)),
        "health": lambda v: health in v,
        "is-task": lambda v: (v[0] in ("1", "true")) == bool(container.task_id),
        "publish": lambda v: _port_match(v, published),
        "expose": lambda v: _port_match(v, exposed),
        "volume": lambda v: any(m.get("Name") in v or m.get("Destination") in v for m in container.mounts),
        "isolation": lambda v: "default" in v,
    }
    return all(checks[key](values) for key, values in filters.items() if key in checks and values)


def prunable(runtime: Any, filters: dict[str, list[str]]) -> list[Container]:
    """Stopped containers for ``docker container prune`` (``until`` and ``label``/``label!`` filters)."""
    for key in filters:
        if key not in ("until", "label", "label!"):
            raise InvalidArgument(f"invalid filter '{key}'")
    until = None
    if filters.get("until"):
        until = runtime.sim.now - parse_duration(filters["until"][0])
    chosen = []
    for container in sorted(runtime.containers.values(), key=lambda c: c.created):
        if container.running or container.status == "removing":
            continue
        if until is not None and container.created > until:
            continue
        if filters.get("label") and not _label(filters["label"], container.labels):
            continue
        if filters.get("label!") and _label(filters["label!"], container.labels):
            continue
        chosen.append(container)
    return chosen
