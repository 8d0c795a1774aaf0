"""A swarm service as a Marathon app definition (Mesos' long-running-service framework), as JSON.

* ``id`` ``/stack/name`` (or ``/name``), ``instances`` = replicas; global mode has no Marathon
  equivalent of "one per node" except ``instances`` = node count with ``["hostname", "UNIQUE"]``.
* ``container.docker.image``, ``networks: [{"mode": "container/bridge"}]`` and
  ``container.portMappings`` (``servicePort`` = the published port: Marathon's load balancer port).
* ``cpus``/``mem`` from the limits (Marathon's defaults 1 CPU, 128 MiB without them).
* ``upgradeStrategy``: ``minimumHealthCapacity`` = share of instances that must stay healthy,
  ``maximumOverCapacity`` = share that may be started extra — swarm's parallelism and order as fractions.
* ``Args`` → ``args`` (the image's entrypoint stays); a ``Command`` → ``cmd`` (run by a shell).
* ``healthChecks`` (``COMMAND``), ``constraints`` (``CLUSTER``/``UNLIKE``/``GROUP_BY``), env, labels.
* restarts: Marathon relaunches with ``backoffSeconds`` 1 × ``backoffFactor`` 1.15 per failure
  up to ``maxLaunchDelaySeconds`` 3600 (its defaults, written out so they can be compared).
"""

from __future__ import annotations

import json
import shlex

from .spec import (
    STACK_LABEL,
    constraints,
    container,
    dns_label,
    env_pairs,
    health_command,
    mode_of,
    published_ports,
    replicas,
    seconds,
    spread_labels,
    update_budget,
)

BACKOFF = {"backoffSeconds": 1, "backoffFactor": 1.15, "maxLaunchDelaySeconds": 3600}
DEFAULT_CPUS, DEFAULT_MEM = 1.0, 128.0


def app_id(spec: dict) -> str:
    """``/name``, or ``/stack/name`` for a stack's service; each segment a lowercase DNS label, as Marathon wants."""
    stack = (spec.get("Labels") or {}).get(STACK_LABEL)
    name = spec["Name"]
    if stack and name.startswith(stack + "_"):
        return f"/{dns_label(stack)}/{dns_label(name[len(stack) + 1 :])}"
    return f"/{dns_label(name)}"


def _constraints(spec: dict) -> list[list[str]]:
    rules = []
    for key, operator, value in constraints(spec):
        field = "hostname" if key == "node.hostname" else key.split(".", 2)[-1]
        rules.append([field, "CLUSTER" if operator == "==" else "UNLIKE", value])
    rules += [[label, "GROUP_BY"] for label in spread_labels(spec)]
    if mode_of(spec) == "global":
        rules.append(["hostname", "UNIQUE"])
    return rules


def app(spec: dict, nodes: int = 1) -> dict:
    """The Marathon app JSON (a dict) for one ServiceSpec; ``nodes`` sizes a global service."""
    source = container(spec)
    count = nodes if mode_of(spec) == "global" else replicas(spec)
    limits = (spec.get("TaskTemplate", {}).get("Resources") or {}).get("Limits") or {}
    budget = update_budget(spec)
    base = max(count, 1)
    body: dict = {
        "id": app_id(spec),
        "instances": count,
        "cpus": round(limits["NanoCPUs"] / 1e9, 3) if limits.get("NanoCPUs") else DEFAULT_CPUS,
        "mem": round(limits["MemoryBytes"] / 1024**2, 1) if limits.get("MemoryBytes") else DEFAULT_MEM,
        "container": {
            "type": "DOCKER",
            "docker": {"image": source.get("Image", "")},
            "portMappings": [
                {
                    "containerPort": p["TargetPort"],
                    "hostPort": 0,
                    "servicePort": p.get("PublishedPort") or 0,
                    "protocol": p.get("Protocol", "tcp"),
                }
                for p in published_ports(spec)
            ],
        },
        "networks": [{"mode": "container/bridge"}],
        "upgradeStrategy": {
            "minimumHealthCapacity": round((base - budget.max_unavailable) / base, 3),
            "maximumOverCapacity": round(budget.max_surge / base, 3),
        },
        **BACKOFF,
    }
    if source.get("Command"):
        body["cmd"] = shlex.join(list(source["Command"]) + list(source.get("Args") or []))
    elif source.get("Args"):
        body["args"] = list(source["Args"])
    env = env_pairs(spec)
    if env:
        body["env"] = dict(env)
    if spec.get("Labels"):
        body["labels"] = {k: str(v) for k, v in spec["Labels"].items()}
    rules = _constraints(spec)
    if rules:
        body["constraints"] = rules
    command = health_command(spec)
    if command:
        health = source.get("Healthcheck") or {}
        body["healthChecks"] = [
            {
                "protocol": "COMMAND",
                "command": {"value": " ".join(command[2:]) if command[:2] == ["/bin/sh", "-c"] else " ".join(command)},
                "gracePeriodSeconds": seconds(health.get("StartPeriod", 0)) or 300,
                "intervalSeconds": seconds(health.get("Interval", 0)) or 30,
                "timeoutSeconds": seconds(health.get("Timeout", 0)) or 30,
                "maxConsecutiveFailures": health.get("Retries") or 3,
            }
        ]
    return body


def group(specs: list[dict], nodes: int = 1, group_id: str = "/") -> dict:
    """Several services as one Marathon group (a stack: ``{"id": "/stack", "apps": [...]}``)."""
    return {"id": group_id, "apps": [app(spec, nodes) for spec in specs]}


def to_json(document: dict) -> str:
    return json.dumps(document, indent=2)
