"""The flags of ``docker service create`` and ``docker service update`` (docker/cli ``service/opts.go``).

Values are parsed as docker's option types parse them (``opts.NanoCPUs``, ``opts.MemBytes``,
``swarmopts.PortOpt``, ``placementPrefOpts``, ``ShlexOpt``, ``PositiveDurationOpt``...), with
their error texts. Create shows SwarmKit's defaults in its help; update shows none.
Not offered yet (they need objects the simulation has no API for):
``--secret``, ``--config``, ``--credential-spec``, ``--env-file``, ``--ulimit`` and
``--generic-resource`` (and their ``-add``/``-rm`` forms).
"""

from __future__ import annotations

import csv
import ipaddress
import re
import shlex
from collections.abc import Callable
from fractions import Fraction

from ...golang.units import bytes_size, ram_in_bytes
from .. import BOOL, DURATION, FLOAT, INT, INT64, LIST, OPTIONAL_UINT, STRING, UINT64, Flag, FlagKind, list_kind
from ..flagkinds import OTHER_ZERO_TEXTS, Reader
from .mount_opt import MOUNTS

_LONG_PORT = re.compile(r"\w+=\w+(,\w+=\w+)*")
_PROTOCOLS = ("tcp", "udp", "sctp")


def _nano_cpus(text: str) -> int:
    """``opts.ParseCPUs``: a rational number of CPUs, in units of 1e-9."""
    try:
        cpus = Fraction(text)
    except (ValueError, ZeroDivisionError):
        raise ValueError(f"failed to parse {text} as a rational number") from None
    nano = cpus * 10**9
    if nano.denominator != 1:
        raise ValueError("value is too precise")
    return int(nano)


def _show_cpus(value: int) -> str:
    return f"{Fraction(value, 10**9):.3f}" if value else ""


def _positive_duration(text: str) -> int:
    value = DURATION.read(text, None, True)
    if value < 0:
        raise ValueError("duration cannot be negative")
    return value


def _port_number(text: str, what: str) -> int:
    if not text.isdigit() or int(text) > 65535:
        reason = "invalid syntax" if not text.isdigit() else "value out of range"
        raise ValueError(f"invalid {what} port ({text}): value must be an integer: {reason}")
    return int(text)


def _long_port(text: str) -> dict:
    port = {"Protocol": "", "TargetPort": 0, "PublishedPort": 0, "PublishMode": ""}
    for field in next(csv.reader([text])):
        key, sep, value = field.lower().partition("=")
        if not sep or not key:
            raise ValueError(f"invalid field: {field}")
        if key == "protocol":
            if value not in _PROTOCOLS:
                raise ValueError(f"invalid protocol value '{value}'")
            port["Protocol"] = value
        elif key == "mode":
            if value not in ("ingress", "host"):
                raise ValueError(f"invalid publish mode value ({value}): must be either 'ingress' or 'host'")
            port["PublishMode"] = value
        elif key == "target":
            port["TargetPort"] = _port_number(value, "target")
        elif key == "published":
            port["PublishedPort"] = _port_number(value, "published")
        else:
            raise ValueError(f"invalid field key: {key}")
    if not port["TargetPort"]:
        raise ValueError("missing mandatory field 'target'")
    return {**port, "Protocol": port["Protocol"] or "tcp", "PublishMode": port["PublishMode"] or "ingress"}


def _span(text: str, what: str) -> range:
    first, _, last = text.partition("-")
    if not first.isdigit() or (last and not last.isdigit()):
        raise ValueError(f"invalid {what}: {text}")
    return range(int(first), int(last or first) + 1)


def _short_ports(text: str) -> list[dict]:
    """``nat.ParsePortSpec`` without a host IP: ``[published:]target[/protocol]``, ranges allowed."""
    spec, _, protocol = text.partition("/")
    protocol = protocol or "tcp"
    if protocol not in _PROTOCOLS:
        raise ValueError(f"invalid proto: {protocol}")
    parts = spec.split(":")
    if len(parts) > 2:
        raise ValueError("hostip is not supported")
    targets = _span(parts[-1], "containerPort")
    published = _span(parts[0], "hostPort") if len(parts) == 2 and parts[0] else None
    if published is not None and len(published) not in (1, len(targets)):
        raise ValueError(f"invalid ranges specified for container and host Ports: {parts[-1]} and {parts[0]}")
    ports = []
    for index, target in enumerate(targets):
        port = {"Protocol": protocol, "TargetPort": target, "PublishedPort": 0, "PublishMode": "ingress"}
        if published is not None:
            port["PublishedPort"] = published[index] if len(published) > 1 else published[0]
        ports.append(port)
    return ports


def parse_ports(text: str) -> list[dict]:
    """``swarmopts.PortOpt.Set``: long (``published=8080,target=80``) or short (``8080:80/udp``) syntax."""
    return [_long_port(text)] if _LONG_PORT.search(text) else _short_ports(text)


def _show_ports(ports: tuple[dict, ...]) -> str:
    return ", ".join(f"{p['PublishedPort']}:{p['TargetPort']}/{p['Protocol']}/{p['PublishMode']}" for p in ports)


def _placement_pref(text: str) -> str:
    strategy, sep, argument = text.partition("=")
    if not sep or not strategy:
        raise ValueError('placement preference must be of the format "<strategy>=<arg>"')
    if strategy != "spread":
        raise ValueError(f"unsupported placement preference {strategy} (only spread is supported)")
    return argument


def _validate_label(text: str) -> str:
    key = text.partition("=")[0].strip()
    if not key:
        raise ValueError(f"invalid label '{text}': empty name")
    if any(char.isspace() for char in key):
        raise ValueError(f"label '{key}' contains whitespaces")
    return text


def _validate_env(text: str) -> str:
    if not text.partition("=")[0]:
        raise ValueError(f"invalid environment variable: {text}")
    return text


def _validate_ip(text: str) -> str:
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        raise ValueError(f"IP address is not correctly formatted: {text}") from None


def _validate_extra_host(text: str) -> str:
    name, sep, address = text.partition(":")
    if not sep or not name or not address:
        raise ValueError(f'bad format for add-host: "{text}"')
    return text


def _go_words(values: tuple[str, ...]) -> str:
    return f"[{' '.join(values)}]" if values else ""


def _append(read: Callable[[str], str]) -> Reader:
    return lambda text, current, _first: (*current, read(text))


NANO_CPUS = FlagKind("decimal", lambda text, _c, _f: _nano_cpus(text), _show_cpus, 0)
MEM_BYTES = FlagKind("bytes", lambda text, _c, _f: ram_in_bytes(text), lambda v: bytes_size(v) if v else "0", 0)
POSITIVE_DURATION = FlagKind("duration", lambda text, _c, _f: _positive_duration(text), DURATION.show, None)
PORTS = FlagKind("port", lambda text, current, _f: (*current, *parse_ports(text)), _show_ports, ())
PREFS = FlagKind("pref", _append(_placement_pref), lambda v: _go_words(tuple(f"spread={p}" for p in v)), ())
COMMAND = FlagKind("command", lambda text, _c, _f: tuple(shlex.split(text)), _go_words, (), OTHER_ZERO_TEXTS)
LABELS = list_kind(validate=_validate_label)
ENV = list_kind(validate=_validate_env)
DNS = list_kind(validate=_validate_ip)
HOSTS = list_kind(validate=_validate_extra_host)


def _described(text: str, default: str, create: bool) -> str:
    """docker's ``flagDesc``: create names SwarmKit's default in the help text."""
    return f"{text} (default {default})" if create else text


def _policy_flags(prefix: str, create: bool) -> tuple[Flag, ...]:
    """The six ``--update-*`` or ``--rollback-*`` flags."""
    update = prefix == "update"
    noun, done, verb = ("update", "updated", "update") if update else ("rollback", "rolled back", "roll back")
    actions = '"pause", "continue", "rollback"' if update else '"pause", "continue"'
    return (
        Flag(
            f"{prefix}-parallelism",
            UINT64,
            f"Maximum number of tasks {done} simultaneously (0 to {verb} all at once)",
            default=1 if create else 0,
        ),
        Flag(
            f"{prefix}-delay",
            DURATION,
            _described(f"Delay between {'updates' if update else 'task rollbacks'} (ns|us|ms|s|m|h)", "0s", create),
            default=0,
        ),
        Flag(
            f"{prefix}-monitor",
            DURATION,
            _described(f"Duration after each task {noun} to monitor for failure (ns|us|ms|s|m|h)", "5s", create),
            default=0,
        ),
        Flag(
            f"{prefix}-failure-action", STRING, _described(f"Action on {noun} failure ({actions})", '"pause"', create)
        ),
        Flag(
            f"{prefix}-max-failure-ratio",
            FLOAT,
            _described(f"Failure rate to tolerate during {'an update' if update else 'a rollback'}", "0", create),
        ),
        Flag(
            f"{prefix}-order",
            STRING,
            _described(f'{noun.capitalize()} order ("start-first", "stop-first")', '"stop-first"', create),
        ),
    )


def common_flags(create: bool) -> tuple[Flag, ...]:
    """docker's ``addServiceFlags``: the flags create and update share."""
    return (
        Flag("detach", BOOL, "Exit immediately instead of waiting for the service to converge", shorthand="d"),
        Flag("quiet", BOOL, "Suppress progress output", shorthand="q"),
        Flag("workdir", STRING, "Working directory inside the container", shorthand="w"),
        Flag("user", STRING, "Username or UID (format: <name|uid>[:<group|gid>])", shorthand="u"),
        Flag("hostname", STRING, "Container hostname"),
        Flag("entrypoint", COMMAND, "Overwrite the default ENTRYPOINT of the image"),
        Flag("cap-add", LIST, "Add Linux capabilities"),
        Flag("cap-drop", LIST, "Drop Linux capabilities"),
        Flag("limit-cpu", NANO_CPUS, "Limit CPUs"),
        Flag("limit-memory", MEM_BYTES, "Limit Memory"),
        Flag("reserve-cpu", NANO_CPUS, "Reserve CPUs"),
        Flag("reserve-memory", MEM_BYTES, "Reserve Memory"),
        Flag("limit-pids", INT64, "Limit maximum number of processes (default 0 = unlimited)"),
        Flag(
            "stop-grace-period",
            DURATION,
            _described("Time to wait before force killing a container (ns|us|ms|s|m|h)", "10s", create),
        ),
        Flag("replicas", OPTIONAL_UINT, "Number of tasks"),
        Flag("max-concurrent", OPTIONAL_UINT, "Number of job tasks to run concurrently (default equal to --replicas)"),
        Flag("replicas-max-per-node", UINT64, "Maximum number of tasks per node (default 0 = unlimited)"),
        Flag(
            "restart-condition",
            STRING,
            _described('Restart when condition is met ("none", "on-failure", "any")', '"any"', create),
        ),
        Flag("restart-delay", DURATION, _described("Delay between restart attempts (ns|us|ms|s|m|h)", "5s", create)),
        Flag("restart-max-attempts", OPTIONAL_UINT, "Maximum number of restarts before giving up"),
        Flag("restart-window", DURATION, "Window used to evaluate the restart policy (ns|us|ms|s|m|h)"),
        *_policy_flags("update", create),
        *_policy_flags("rollback", create),
        Flag("endpoint-mode", STRING, "Endpoint mode (vip or dnsrr)", default="vip" if create else ""),
        Flag("with-registry-auth", BOOL, "Send registry authentication details to swarm agents"),
        Flag("no-resolve-image", BOOL, "Do not query the registry to resolve image digest and supported platforms"),
        Flag("log-driver", STRING, "Logging driver for service"),
        Flag("log-opt", ENV, "Logging driver options"),
        Flag("health-cmd", STRING, "Command to run to check health"),
        Flag("health-interval", POSITIVE_DURATION, "Time between running the check (ms|s|m|h)"),
        Flag("health-timeout", POSITIVE_DURATION, "Maximum time to allow one check to run (ms|s|m|h)"),
        Flag("health-retries", INT, "Consecutive failures needed to report unhealthy"),
        Flag(
            "health-start-period",
            POSITIVE_DURATION,
            "Start period for the container to initialize before counting retries towards unstable (ms|s|m|h)",
        ),
        Flag(
            "health-start-interval",
            POSITIVE_DURATION,
            "Time between running the check during the start period (ms|s|m|h)",
        ),
        Flag("no-healthcheck", BOOL, "Disable any container-specified HEALTHCHECK"),
        Flag("tty", BOOL, "Allocate a pseudo-TTY", shorthand="t"),
        Flag("read-only", BOOL, "Mount the container's root filesystem as read only"),
        Flag("stop-signal", STRING, "Signal to stop the container"),
        Flag("isolation", STRING, "Service container isolation mode"),
        Flag("init", BOOL, "Use an init inside each service container to forward signals and reap processes"),
        Flag("oom-score-adj", INT64, "Tune host's OOM preferences (-1000 to 1000) "),
    )


CREATE_FLAGS = (
    *common_flags(create=True),
    Flag("mode", STRING, 'Service mode ("replicated", "global", "replicated-job", "global-job")', default="replicated"),
    Flag("name", STRING, "Service name"),
    Flag("label", LABELS, "Service labels", shorthand="l"),
    Flag("container-label", LABELS, "Container labels"),
    Flag("env", ENV, "Set environment variables", shorthand="e"),
    Flag("constraint", LIST, "Placement constraints"),
    Flag("placement-pref", PREFS, "Add a placement preference"),
    Flag("network", LIST, "Network attachments"),
    Flag("mount", MOUNTS, "Attach a filesystem mount to the service"),
    Flag("publish", PORTS, "Publish a port as a node port", shorthand="p"),
    Flag("group", LIST, "Set one or more supplementary user groups for the container"),
    Flag("dns", DNS, "Set custom DNS servers"),
    Flag("dns-option", LIST, "Set DNS options"),
    Flag("dns-search", LIST, "Set custom DNS search domains"),
    Flag("host", HOSTS, "Set one or more custom host-to-IP mappings (host:ip)"),
    Flag("sysctl", LIST, "Sysctl options"),
)

UPDATE_FLAGS = (
    *common_flags(create=False),
    Flag("image", STRING, "Service image tag"),
    Flag("args", COMMAND, "Service command args"),
    Flag("rollback", BOOL, "Rollback to previous specification"),
    Flag("force", BOOL, "Force update even if no changes require it"),
    Flag("env-add", ENV, "Add or update an environment variable"),
    Flag("env-rm", LIST, "Remove an environment variable"),
    Flag("label-add", LABELS, "Add or update a service label"),
    Flag("label-rm", LIST, "Remove a label by its key"),
    Flag("container-label-add", LABELS, "Add or update a container label"),
    Flag("container-label-rm", LIST, "Remove a container label by its key"),
    Flag("constraint-add", LIST, "Add or update a placement constraint"),
    Flag("constraint-rm", LIST, "Remove a constraint"),
    Flag("placement-pref-add", PREFS, "Add a placement preference"),
    Flag("placement-pref-rm", PREFS, "Remove a placement preference"),
    Flag("network-add", LIST, "Add a network"),
    Flag("network-rm", LIST, "Remove a network"),
    Flag("mount-add", MOUNTS, "Add or update a mount on a service"),
    Flag("mount-rm", LIST, "Remove a mount by its target path"),
    Flag("publish-add", PORTS, "Add or update a published port"),
    Flag("publish-rm", PORTS, "Remove a published port by its target port"),
    Flag("group-add", LIST, "Add an additional supplementary user group to the container"),
    Flag("group-rm", LIST, "Remove a previously added supplementary user group from the container"),
    Flag("dns-add", DNS, "Add or update a custom DNS server"),
    Flag("dns-rm", LIST, "Remove a custom DNS server"),
    Flag("dns-option-add", LIST, "Add or update a DNS option"),
    Flag("dns-option-rm", LIST, "Remove a DNS option"),
    Flag("dns-search-add", LIST, "Add or update a custom DNS search domain"),
    Flag("dns-search-rm", LIST, "Remove a DNS search domain"),
    Flag("host-add", HOSTS, 'Add a custom host-to-IP mapping ("host:ip")'),
    Flag("host-rm", LIST, 'Remove a custom host-to-IP mapping ("host:ip")'),
    Flag("sysctl-add", LIST, "Add or update a Sysctl option"),
    Flag("sysctl-rm", LIST, "Remove a Sysctl option"),
)
