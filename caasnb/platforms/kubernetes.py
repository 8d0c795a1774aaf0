"""A swarm service as Kubernetes objects: a Deployment (DaemonSet, Job) and a Service.

The translation, field by field:

* replicated → ``apps/v1 Deployment`` with ``replicas``; global → ``apps/v1 DaemonSet``;
  replicated job → ``batch/v1 Job`` (``parallelism``/``completions``).
* ``UpdateConfig`` → ``strategy: RollingUpdate`` (DaemonSet: ``updateStrategy``): stop-first
  with parallelism p is ``maxUnavailable: p, maxSurge: 0``; start-first is ``maxSurge: p,
  maxUnavailable: 0``. Swarm's ``Delay`` has no field: ``minReadySeconds`` takes the monitor
  period (a new pod must stay ready that long before it counts), and the rest is a note.
* the restart policy: pods of a Deployment always restart in place (``restartPolicy: Always``,
  with CrashLoopBackOff's growing delay) — swarm's condition/delay/max-attempts cannot be said;
  they go into the ``caasnb.io/swarm-restart-policy`` annotation for a human to read.
* ``Resources`` → ``resources.limits``/``requests`` (``cpu`` in millicores, ``memory`` in Mi).
* ``Healthcheck`` → ``livenessProbe`` and ``readinessProbe`` (exec), interval/timeout/retries/start period.
* labels (a value Kubernetes does not accept as a label value, such as an image reference,
  becomes an annotation), env, command (``Command`` → ``command``, ``Args`` → ``args``).
* constraints ``node.labels.k==v`` / ``node.hostname==h`` → ``nodeSelector``; ``!=`` → node
  affinity ``NotIn``; ``node.role`` → whether the node has the control-plane role label;
  ``spread=node.labels.k`` → ``topologySpreadConstraints``.
* mounts → pod ``volumes`` + ``volumeMounts``: a named volume becomes a ``PersistentVolumeClaim``
  (a swarm ``local`` volume lives on one node; a claim follows the pod — closer to a volume
  driver backed by network storage), an anonymous volume or tmpfs an ``emptyDir``, a bind a ``hostPath``.
* published ports → a ``v1 Service``: ingress mode (the routing mesh: every node answers) is
  ``type: LoadBalancer`` with ``port`` = published, ``targetPort`` = target; host mode becomes a
  container ``hostPort``. A service without published ports gets no Service object.
"""

from __future__ import annotations

import re

import yaml

from .spec import (
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

APP_LABEL = "app.kubernetes.io/name"
CONTROL_PLANE = "node-role.kubernetes.io/control-plane"
NODE_KEYS = {
    "node.hostname": "kubernetes.io/hostname",
    "node.platform.os": "kubernetes.io/os",
    "node.platform.arch": "kubernetes.io/arch",
}
_LABEL_VALUE = re.compile(r"(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?")


def _quantities(resources: dict) -> dict:
    cpus, memory = resources.get("NanoCPUs", 0), resources.get("MemoryBytes", 0)
    out = {}
    if cpus:
        out["cpu"] = f"{cpus // 1_000_000}m"
    if memory:
        out["memory"] = f"{memory // 1024**2}Mi" if memory % 1024**2 == 0 else str(memory)
    return out


def _probe(spec: dict) -> dict | None:
    command = health_command(spec)
    if command is None:
        return None
    health = container(spec).get("Healthcheck") or {}
    probe = {"exec": {"command": command}, "periodSeconds": seconds(health.get("Interval", 0)) or 30}
    probe["timeoutSeconds"] = seconds(health.get("Timeout", 0)) or 30
    probe["failureThreshold"] = health.get("Retries") or 3
    if health.get("StartPeriod"):
        probe["initialDelaySeconds"] = seconds(health["StartPeriod"])
    return probe


def _node_key(key: str) -> str:
    if key.startswith(("node.labels.", "engine.labels.")):
        return key.split(".", 2)[2]
    return NODE_KEYS.get(key, key)


def _node_terms(spec: dict) -> tuple[dict, list[dict]]:
    """Constraints as a nodeSelector (equalities) and node-affinity expressions (the rest).

    ``node.role`` has no label of its own: a manager is a control-plane node, which carries
    the ``node-role.kubernetes.io/control-plane`` label.
    """
    selector, expressions = {}, []
    for key, operator, value in constraints(spec):
        if key == "node.role":
            wants_manager = (value == "manager") == (operator == "==")
            expressions.append({"key": CONTROL_PLANE, "operator": "Exists" if wants_manager else "DoesNotExist"})
        elif operator == "==":
            selector[_node_key(key)] = value
        else:
            expressions.append({"key": _node_key(key), "operator": "NotIn", "values": [value]})
    return selector, expressions


def _placement(spec: dict, selector: dict) -> dict:
    pod: dict = {}
    equal, terms = _node_terms(spec)
    if equal:
        pod["nodeSelector"] = equal
    if terms:
        pod["affinity"] = {
            "nodeAffinity": {
                "requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [{"matchExpressions": terms}]}
            }
        }
    spread = spread_labels(spec)
    if spread:
        pod["topologySpreadConstraints"] = [
            {
                "maxSkew": 1,
                "topologyKey": key,
                "whenUnsatisfiable": "ScheduleAnyway",
                "labelSelector": {"matchLabels": selector},
            }
            for key in spread
        ]
    return pod


def _container(spec: dict, name: str) -> dict:
    source = container(spec)
    out: dict = {"name": name, "image": source.get("Image", "")}
    if source.get("Command"):
        out["command"] = list(source["Command"])
    if source.get("Args"):
        out["args"] = list(source["Args"])
    env = env_pairs(spec)
    if env:
        out["env"] = [{"name": key, "value": value} for key, value in env]
    ports = [
        {"containerPort": p["TargetPort"], "protocol": p.get("Protocol", "tcp").upper()} for p in published_ports(spec)
    ]
    for port, source_port in zip(ports, published_ports(spec), strict=True):
        if source_port.get("PublishMode") == "host" and source_port.get("PublishedPort"):
            port["hostPort"] = source_port["PublishedPort"]
    if ports:
        out["ports"] = ports
    resources = spec.get("TaskTemplate", {}).get("Resources") or {}
    quantities = {
        key: _quantities(resources.get(field) or {})
        for key, field in (("limits", "Limits"), ("requests", "Reservations"))
    }
    quantities = {key: value for key, value in quantities.items() if value}
    if quantities:
        out["resources"] = quantities
    mounts = [_volume_mount(mount, index) for index, mount in enumerate(source.get("Mounts") or [])]
    if mounts:
        out["volumeMounts"] = mounts
    probe = _probe(spec)
    if probe:
        out["livenessProbe"] = probe
        out["readinessProbe"] = dict(probe)
    return out


def _volume_name(mount: dict, index: int) -> str:
    return dns_label(mount["Source"]) if mount.get("Type") == "volume" and mount.get("Source") else f"scratch-{index}"


def _volume_mount(mount: dict, index: int) -> dict:
    entry = {"name": _volume_name(mount, index), "mountPath": mount["Target"]}
    if mount.get("ReadOnly"):
        entry["readOnly"] = True
    return entry


def _pod_volume(mount: dict, index: int) -> dict:
    """A named volume is a claim; an anonymous one an ``emptyDir``; tmpfs one in memory; a bind a ``hostPath``."""
    name, kind = _volume_name(mount, index), mount.get("Type", "volume")
    if kind == "bind":
        return {"name": name, "hostPath": {"path": mount["Source"]}}
    if kind == "tmpfs":
        return {"name": name, "emptyDir": {"medium": "Memory"}}
    if mount.get("Source"):
        return {"name": name, "persistentVolumeClaim": {"claimName": name}}
    return {"name": name, "emptyDir": {}}


def claims(spec: dict) -> list[dict]:
    """A PersistentVolumeClaim per named volume: swarm volumes have no size, so each asks for 1Gi — set yours."""
    named = [m for m in container(spec).get("Mounts") or [] if m.get("Type", "volume") == "volume" and m.get("Source")]
    return [
        {
            "apiVersion": "v1",
            "kind": "PersistentVolumeClaim",
            "metadata": {"name": dns_label(m["Source"])},
            "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}},
        }
        for m in named
    ]


def _restart_note(spec: dict) -> str:
    policy = spec.get("TaskTemplate", {}).get("RestartPolicy") or {}
    condition = policy.get("Condition", "any")
    delay = seconds(policy.get("Delay", 5_000_000_000))
    attempts = policy.get("MaxAttempts", 0) or "unlimited"
    return (
        f"swarm: condition={condition}, delay={delay}s, max-attempts={attempts}; "
        "kubernetes restarts the container in place with CrashLoopBackOff (10s doubling to 5m)"
    )


def _is_label_value(value: str) -> bool:
    """Kubernetes label values: at most 63 characters, alphanumerics with ``-_.`` inside."""
    return len(value) <= 63 and _LABEL_VALUE.fullmatch(value) is not None


def workload(spec: dict) -> dict:
    """The Deployment, DaemonSet or Job that runs the service's tasks."""
    name = dns_label(spec["Name"])
    selector = {APP_LABEL: name}
    swarm_labels = {k: str(v) for k, v in (spec.get("Labels") or {}).items()}
    labels = {**{k: v for k, v in swarm_labels.items() if _is_label_value(v)}, **selector}
    kept_aside = {k: v for k, v in swarm_labels.items() if not _is_label_value(v)}
    mode = mode_of(spec)
    pod_spec: dict = {"containers": [_container(spec, name)], **_placement(spec, selector)}
    volumes = [_pod_volume(mount, index) for index, mount in enumerate(container(spec).get("Mounts") or [])]
    if volumes:
        pod_spec["volumes"] = volumes
    grace = container(spec).get("StopGracePeriod")
    if grace:
        pod_spec["terminationGracePeriodSeconds"] = seconds(grace)
    annotations = {**kept_aside, "caasnb.io/swarm-restart-policy": _restart_note(spec)}
    metadata = {"name": name, "labels": labels, "annotations": annotations}
    template = {"metadata": {"labels": labels}, "spec": pod_spec}
    budget = update_budget(spec)
    rolling = {"maxSurge": budget.max_surge, "maxUnavailable": budget.max_unavailable}
    if mode == "replicated-job":
        pod_spec["restartPolicy"] = "OnFailure"
        job = (spec.get("Mode") or {}).get("ReplicatedJob", {})
        body = {"parallelism": job.get("MaxConcurrent", 1), "completions": job.get("TotalCompletions", 1)}
        return {"apiVersion": "batch/v1", "kind": "Job", "metadata": metadata, "spec": {**body, "template": template}}
    pod_spec["restartPolicy"] = "Always"
    body = {"selector": {"matchLabels": selector}, "template": template, "minReadySeconds": budget.monitor_s}
    if mode == "global":
        strategy = {"type": "RollingUpdate", "rollingUpdate": rolling}
        return {
            "apiVersion": "apps/v1",
            "kind": "DaemonSet",
            "metadata": metadata,
            "spec": {**body, "updateStrategy": strategy},
        }
    strategy = {"type": "RollingUpdate", "rollingUpdate": rolling}
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": metadata,
        "spec": {"replicas": replicas(spec), **body, "strategy": strategy},
    }


def service(spec: dict) -> dict | None:
    """The Service exposing published ports (LoadBalancer for the routing mesh), or None."""
    ports = [p for p in published_ports(spec) if p.get("PublishMode", "ingress") == "ingress"]
    if not ports:
        return None
    name = dns_label(spec["Name"])
    return {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": name, "labels": {APP_LABEL: name}},
        "spec": {
            "type": "LoadBalancer",
            "selector": {APP_LABEL: name},
            "ports": [
                {
                    "name": f"{p.get('Protocol', 'tcp')}-{p.get('PublishedPort') or p['TargetPort']}",
                    "protocol": p.get("Protocol", "tcp").upper(),
                    "port": p.get("PublishedPort") or p["TargetPort"],
                    "targetPort": p["TargetPort"],
                }
                for p in ports
            ],
        },
    }


def manifests(specs: list[dict]) -> list[dict]:
    """Every object for ``specs`` (ServiceSpecs): volume claims, workload, Service, service by service."""
    objects: list[dict] = []
    for spec in specs:
        objects += [claim for claim in claims(spec) if claim not in objects]
        objects.append(workload(spec))
        exposed = service(spec)
        if exposed:
            objects.append(exposed)
    return objects


class _PlainDumper(yaml.SafeDumper):
    """Writes repeated values out in full: manifests are read by people, not only by parsers."""

    def ignore_aliases(self, data) -> bool:
        return True


def to_yaml(objects: list[dict]) -> str:
    """A multi-document YAML stream, as ``kubectl apply -f`` reads it."""
    return yaml.dump_all(objects, Dumper=_PlainDumper, sort_keys=False, default_flow_style=False, width=120)
