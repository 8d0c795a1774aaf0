"""The swarm side of a rollout: copy a service under a new name and image, wait for its tasks, remove it.

Everything goes through the leader's Engine API handlers, the same requests ``docker service
create/update/rm`` send, so a rollout's swarm changes are ordinary service events.
"""

from __future__ import annotations

import copy

from ..errors import DockerError
from ..workload import backends

POLL = 0.5


def _daemon(cluster):
    return cluster.daemons[cluster.swarm.leader]


def image_of(cluster, service: str) -> str:
    """The image a service's spec runs."""
    return _daemon(cluster).service_inspect(service)["Spec"]["TaskTemplate"]["ContainerSpec"]["Image"]


def replicas_of(cluster, service: str) -> int:
    return _daemon(cluster).service_inspect(service)["Spec"]["Mode"]["Replicated"]["Replicas"]


def clone(cluster, source: str, name: str, image: str, replicas: int | None = None) -> None:
    """Create service ``name`` with ``source``'s spec but ``image`` (and ``replicas`` when given)."""
    spec = copy.deepcopy(_daemon(cluster).service_inspect(source)["Spec"])
    spec["Name"] = name
    spec["TaskTemplate"]["ContainerSpec"]["Image"] = image
    if replicas is not None:
        spec["Mode"] = {"Replicated": {"Replicas": replicas}}
    _daemon(cluster).service_create(spec)


def set_image(cluster, service: str, image: str) -> None:
    """Start a rolling update of ``service`` to ``image`` (its UpdateConfig decides how)."""
    current = _daemon(cluster).service_inspect(service)
    spec = copy.deepcopy(current["Spec"])
    spec["TaskTemplate"]["ContainerSpec"]["Image"] = image
    _daemon(cluster).service_update(service, current["Version"]["Index"], spec)


def update_state(cluster, service: str) -> str:
    """The service's ``UpdateStatus.State`` ("" before any update)."""
    status = _daemon(cluster).service_inspect(service).get("UpdateStatus") or {}
    return status.get("State", "")


def remove(cluster, service: str) -> None:
    _daemon(cluster).service_delete(service)


def wait_running(cluster, service: str, image: str, replicas: int, timeout: float = 300.0) -> None:
    """Run the cluster until ``replicas`` tasks of ``service`` run ``image``; DockerError on timeout.

    Looks every ``POLL`` simulated seconds, as a deploy tool polling ``docker service ps`` would
    (and because the networking view is rebuilt for each look).
    """
    deadline = cluster.now + timeout
    tag = image.split("@")[0]  # backends name a digest-pinned image by its tag
    while sum(b.image == tag for b in backends(cluster, service)) < replicas:
        if cluster.now >= deadline:
            raise DockerError(f"{service}: {replicas} tasks of {image} not running after {timeout:g} s")
        cluster.run(min(POLL, deadline - cluster.now))
