"""The docker commands: importing this package registers ``docker swarm|node|service``, ``info`` and ``version``."""

from . import (
    container,
    container_inspect,
    diskusage,
    events,
    image,
    logs,
    network,
    node,
    registry,
    service,
    stack,
    stats,
    swarm,
    system,
    volume,
)

__all__ = [
    "container",
    "container_inspect",
    "diskusage",
    "events",
    "image",
    "logs",
    "network",
    "node",
    "registry",
    "service",
    "stack",
    "stats",
    "swarm",
    "system",
    "volume",
]
