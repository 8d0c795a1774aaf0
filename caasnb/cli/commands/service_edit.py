"""``docker service update``'s edit of the spec read from the daemon (docker/cli ``updateService``).

Only what a given flag names changes; ``--*-add``/``--*-rm`` merge into the current lists
and maps the way docker does (constraints, groups, DNS entries and ports come out sorted).
Where docker walks a Go map (``--env-add``), the result is sorted to stay deterministic.
"""

from __future__ import annotations

from typing import Any

from ...errors import ClientError
from ...golang.json import go_struct
from ..invocation import Invocation
from .service_spec import HEALTH_FLAGS, _capabilities, _policy, _restart_policy, changed, kv_map, resolve_network

SIMPLE_STRINGS = (("image", "Image"), ("workdir", "Dir"), ("user", "User"), ("hostname", "Hostname"))
SIMPLE_OTHERS = (("isolation", "Isolation"), ("tty", "TTY"), ("read-only", "ReadOnly"), ("stop-signal", "StopSignal"))


def _edit_map(current: dict | None, add: tuple[str, ...], remove: tuple[str, ...]) -> dict | None:
    """``updateLabels``: drop the keys to remove, then set the ``k=v`` pairs to add."""
    if current is not None:
        current = {key: value for key, value in current.items() if key not in remove}
    if add:
        current = (current or {}) | kv_map(add)
    return current


def _edit_list(current: list, add: tuple[str, ...], remove: tuple[str, ...]) -> list[str]:
    """Constraints and groups: append, drop the removed ones, sort."""
    return sorted(item for item in [*current, *add] if item not in remove)


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _edit_env(current: list[str], add: tuple[str, ...], remove: tuple[str, ...]) -> list[str]:
    env = [item for item in current if item.partition("=")[0] not in remove]
    if not add:
        return env
    by_key = {item.partition("=")[0]: item for item in [*env, *add]}
    return sorted(by_key.values())


def _port_key(port: dict) -> str:
    """docker's ``portConfigToString``."""
    published, target = port.get("PublishedPort", 0), port.get("TargetPort", 0)
    return f"{published}:{target}/{port.get('Protocol', '')}/{port.get('PublishMode', '')}"


def _edit_ports(current: list[dict], add: tuple[dict, ...], remove: tuple[dict, ...]) -> list[dict]:
    """``updatePorts``: drop ports matching a removal's target/protocol/mode, add new ones, sort."""
    unique = {_port_key(port): port for port in reversed(current)}

    def removed(port: dict) -> bool:
        return any(
            port.get("TargetPort") == gone["TargetPort"]
            and port.get("Protocol", "tcp") == gone["Protocol"]
            and port.get("PublishMode", "ingress") == gone["PublishMode"]
            for gone in remove
        )

    ports = [port for port in unique.values() if not removed(port)]
    ports += [go_struct(port) for port in add if _port_key(port) not in unique]
    return sorted(ports, key=_port_key)


def _edit_networks(task: dict, invocation: Invocation, add: tuple[str, ...], remove: tuple[str, ...]) -> None:
    gone = {resolve_network(invocation, name) for name in remove}
    networks = [net for net in task.get("Networks") or [] if net["Target"] not in gone]
    attached = {net["Target"] for net in networks}
    for name in add:
        target = resolve_network(invocation, name)
        if target in attached:
            raise ClientError(f"service is already attached to network {name}")
        networks.append({"Target": target})
        attached.add(target)
    task["Networks"] = sorted(networks, key=lambda net: net["Target"])


def _edit_dns(config: dict, invocation: Invocation) -> dict:
    """``updateDNSConfig``: each list gets its additions, loses duplicates and removals, and is sorted."""
    flag, new = invocation.flag, {}
    for field, name in (("Nameservers", "dns"), ("Search", "dns-search"), ("Options", "dns-option")):
        entries = _unique([*(config.get(field) or []), *flag(f"{name}-add")])
        new[field] = sorted(entry for entry in entries if entry not in flag(f"{name}-rm"))
    return go_struct(new)


def _edit_hosts(current: list[str], add: tuple[str, ...], remove: tuple[str, ...]) -> list[str]:
    """``updateHosts``: remove ``host[:ip]`` names from ``IP host...`` entries, then add ``host:ip`` ones."""
    gone = [item.partition(":")[::2] for item in remove]
    hosts = []
    for entry in current:
        address, *names = entry.split()
        names = [name for name in names if not any(name == host and ip in ("", address) for host, ip in gone)]
        if names:
            hosts.append(" ".join([address, *names]))
    hosts += [f"{address} {name}" for name, _, address in (item.partition(":") for item in add)]
    return _unique(hosts)


def _edit_health(container: dict, invocation: Invocation) -> None:
    """``updateHealthcheck``."""
    if not changed(invocation, "no-healthcheck", *HEALTH_FLAGS):
        return
    if invocation.flag("no-healthcheck"):
        if changed(invocation, *HEALTH_FLAGS):
            raise ClientError("--no-healthcheck conflicts with --health-* options")
        container["Healthcheck"] = {"Test": ["NONE"]}
        return
    health = dict(container.get("Healthcheck") or {})
    if (health.get("Test") or [""])[0] == "NONE":
        health.pop("Test")
    fields = (
        ("health-interval", "Interval"),
        ("health-timeout", "Timeout"),
        ("health-start-period", "StartPeriod"),
        ("health-retries", "Retries"),
    )
    for name, field in fields:
        if invocation.was_set(name):
            health[field] = invocation.flag(name)
    if invocation.was_set("health-cmd"):
        command = invocation.flag("health-cmd")
        health["Test"] = ["CMD-SHELL", command] if command else None
    order = ("Test", "Interval", "Timeout", "StartPeriod", "StartInterval", "Retries")
    container["Healthcheck"] = go_struct({key: health.get(key) for key in order})


def _edit_resources(task: dict, invocation: Invocation) -> None:
    flag, resources = invocation.flag, task.setdefault("Resources", {})
    if changed(invocation, "limit-cpu", "limit-memory", "limit-pids"):
        limits = resources.setdefault("Limits", {})
        for name, field in (("limit-cpu", "NanoCPUs"), ("limit-memory", "MemoryBytes"), ("limit-pids", "Pids")):
            if invocation.was_set(name):
                limits[field] = flag(name)
        resources["Limits"] = go_struct({key: limits.get(key) for key in ("NanoCPUs", "MemoryBytes", "Pids")})
    if changed(invocation, "reserve-cpu", "reserve-memory"):
        reservations = resources.setdefault("Reservations", {})
        for name, field in (("reserve-cpu", "NanoCPUs"), ("reserve-memory", "MemoryBytes")):
            if invocation.was_set(name):
                reservations[field] = flag(name)


def _edit_placement(task: dict, invocation: Invocation) -> None:
    flag = invocation.flag
    placement = task.setdefault("Placement", {})
    if changed(invocation, "constraint-add", "constraint-rm"):
        placement["Constraints"] = _edit_list(
            placement.get("Constraints") or [], flag("constraint-add"), flag("constraint-rm")
        )
    if changed(invocation, "placement-pref-add", "placement-pref-rm"):
        gone = flag("placement-pref-rm")
        prefs = [pref for pref in placement.get("Preferences") or [] if pref["Spread"]["SpreadDescriptor"] not in gone]
        placement["Preferences"] = prefs + [{"Spread": {"SpreadDescriptor": s}} for s in flag("placement-pref-add")]
    if invocation.was_set("replicas-max-per-node"):
        placement["MaxReplicas"] = flag("replicas-max-per-node")


def _edit_mounts(current: list[dict], add: tuple[dict, ...], remove: tuple[str, ...]) -> list[dict]:
    """docker's ``updateMounts``: added mounts replace those on their target; sorted by source, then target."""
    by_target: dict[str, dict] = {}
    for mount in add:
        if mount["Target"] in by_target:
            raise ClientError("duplicate mount target")
        by_target[mount["Target"]] = mount
    for mount in current:
        by_target.setdefault(mount["Target"], mount)
    kept = [mount for target, mount in by_target.items() if target not in remove]
    return sorted(kept, key=lambda mount: (mount.get("Source", ""), mount["Target"]))


def _edit_container(container: dict, invocation: Invocation) -> None:
    flag, given = invocation.flag, invocation.was_set
    container["Labels"] = _edit_map(container.get("Labels"), flag("container-label-add"), flag("container-label-rm"))
    for name, field in SIMPLE_STRINGS:
        if given(name):
            container[field] = flag(name)
    for name, field in (("args", "Args"), ("entrypoint", "Command")):
        if given(name):
            container[field] = list(flag(name))
    container["Env"] = _edit_env(container.get("Env") or [], flag("env-add"), flag("env-rm"))
    if given("init"):
        container["Init"] = flag("init")
    if changed(invocation, "sysctl-add", "sysctl-rm"):
        container["Sysctls"] = _edit_map(container.get("Sysctls"), flag("sysctl-add"), flag("sysctl-rm"))
    if given("oom-score-adj"):
        container["OomScoreAdj"] = flag("oom-score-adj")
    if given("stop-grace-period"):
        container["StopGracePeriod"] = flag("stop-grace-period")
    if changed(invocation, "group-add", "group-rm"):
        container["Groups"] = _edit_list(container.get("Groups") or [], flag("group-add"), flag("group-rm"))
    if changed(invocation, *(f"{name}-{op}" for name in ("dns", "dns-option", "dns-search") for op in ("add", "rm"))):
        container["DNSConfig"] = _edit_dns(container.get("DNSConfig") or {}, invocation)
    if changed(invocation, "mount-add", "mount-rm"):
        container["Mounts"] = _edit_mounts(container.get("Mounts") or [], flag("mount-add"), flag("mount-rm"))
    if changed(invocation, "host-add", "host-rm"):
        container["Hosts"] = _edit_hosts(container.get("Hosts") or [], flag("host-add"), flag("host-rm"))
    _edit_health(container, invocation)
    for name, field in SIMPLE_OTHERS:
        if given(name):
            container[field] = flag(name)
    if changed(invocation, "cap-add", "cap-drop"):
        add = (*(container.get("CapabilityAdd") or []), *flag("cap-add"))
        drop = tuple(cap for cap in container.get("CapabilityDrop") or [] if cap not in flag("cap-add"))
        container["CapabilityAdd"], container["CapabilityDrop"] = _capabilities(
            tuple(cap for cap in add if cap not in flag("cap-drop")), (*drop, *flag("cap-drop"))
        )


def _edit_mode(spec: dict, invocation: Invocation) -> None:
    if not invocation.was_set("replicas"):
        return
    if "Replicated" not in spec.get("Mode", {}):
        raise ClientError("replicas can only be used with replicated mode")
    spec["Mode"]["Replicated"]["Replicas"] = invocation.flag("replicas")


def edit_spec(spec: dict[str, Any], invocation: Invocation) -> dict[str, Any]:
    """Apply the given flags to ``spec`` (the ``Spec`` of ``GET /services/{id}``) as docker's ``updateService``."""
    flag, given = invocation.flag, invocation.was_set
    spec["Labels"] = _edit_map(spec.get("Labels"), flag("label-add"), flag("label-rm"))
    task = spec.setdefault("TaskTemplate", {})
    _edit_container(task.setdefault("ContainerSpec", {}), invocation)
    _edit_resources(task, invocation)
    task["RestartPolicy"] = _restart_policy(invocation, task.get("RestartPolicy"))
    _edit_placement(task, invocation)
    if changed(invocation, "network-add", "network-rm"):
        _edit_networks(task, invocation, flag("network-add"), flag("network-rm"))
    _edit_mode(spec, invocation)
    spec["UpdateConfig"] = _policy(invocation, "update", spec.get("UpdateConfig"))
    spec["RollbackConfig"] = _policy(invocation, "rollback", spec.get("RollbackConfig"))
    endpoint = spec.setdefault("EndpointSpec", {})
    if given("endpoint-mode"):
        endpoint["Mode"] = flag("endpoint-mode")
    if changed(invocation, "publish-add", "publish-rm"):
        endpoint["Ports"] = _edit_ports(endpoint.get("Ports") or [], flag("publish-add"), flag("publish-rm"))
    if given("log-driver") and flag("log-driver"):
        task["LogDriver"] = go_struct({"Name": flag("log-driver"), "Options": kv_map(flag("log-opt"))})
    if flag("force"):
        task["ForceUpdate"] = task.get("ForceUpdate", 0) + 1
    return spec
