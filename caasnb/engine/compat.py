"""Request fields older API versions did not have, dropped as dockerd drops them.

dockerd zeroes fields a client of an older API version cannot have meant
(``adjustForAPIVersion`` in ``api/server/router/swarm/helpers.go``, ``initCluster``): an
old client's stray field must not switch a feature on. Go matches JSON keys in any letter
case, so these paths do too. ``*`` walks every item of a list.
"""

from __future__ import annotations

import copy
from typing import Any

from .versions import less_than

_SPEC = "TaskTemplate.ContainerSpec"

# (Go type, newest API version without the field, path to the field)
DROPPED: tuple[tuple[str, str, str], ...] = (
    ("swarm.InitRequest", "1.39", "DefaultAddrPool"),
    ("swarm.InitRequest", "1.39", "SubnetSize"),
    ("swarm.InitRequest", "1.40", "DataPathPort"),
    ("swarm.ServiceSpec", "1.40", f"{_SPEC}.Sysctls"),
    ("swarm.ServiceSpec", "1.40", f"{_SPEC}.Privileges.CredentialSpec.Config"),
    ("swarm.ServiceSpec", "1.40", f"{_SPEC}.Configs.*.Runtime"),
    ("swarm.ServiceSpec", "1.40", "TaskTemplate.Placement.MaxReplicas"),
    ("swarm.ServiceSpec", "1.41", f"{_SPEC}.CapabilityAdd"),
    ("swarm.ServiceSpec", "1.41", f"{_SPEC}.CapabilityDrop"),
    ("swarm.ServiceSpec", "1.41", f"{_SPEC}.Ulimits"),
    ("swarm.ServiceSpec", "1.41", "TaskTemplate.Resources.Limits.Pids"),
    ("swarm.ServiceSpec", "1.41", "Mode.ReplicatedJob"),
    ("swarm.ServiceSpec", "1.41", "Mode.GlobalJob"),
    ("swarm.ServiceSpec", "1.44", f"{_SPEC}.Privileges.Seccomp"),
    ("swarm.ServiceSpec", "1.44", f"{_SPEC}.Privileges.AppArmor"),
    ("swarm.ServiceSpec", "1.44", f"{_SPEC}.Privileges.NoNewPrivileges"),
    ("swarm.ServiceSpec", "1.44", f"{_SPEC}.Healthcheck.StartInterval"),
    ("swarm.ServiceSpec", "1.46", f"{_SPEC}.Mounts.*.TmpfsOptions.Options"),
    ("swarm.ServiceSpec", "1.46", f"{_SPEC}.OomScoreAdj"),
)


def _drop(value: Any, path: list[str]) -> None:
    if path[0] == "*":
        for item in value if isinstance(value, list) else ():
            _drop(item, path[1:])
        return
    if not isinstance(value, dict):
        return
    for key in [key for key in value if key.lower() == path[0].lower()]:
        if len(path) == 1:
            del value[key]
        else:
            _drop(value[key], path[1:])


def adjust_for_version(body: dict[str, Any], go_type: str, api_version: str) -> dict[str, Any]:
    """``body`` without the fields ``api_version`` predates (a copy when anything may go)."""
    dropped = [path for kind, since, path in DROPPED if kind == go_type and less_than(api_version, since)]
    if not dropped:
        return body
    body = copy.deepcopy(body)
    for path in dropped:
        _drop(body, path.split("."))
    return body
