"""``docker run`` and ``docker create``: their flags and the ``ContainerCreateRequest`` they send.

As docker/cli v28.2.2 ``cli/command/container/opts.go`` and ``create.go``: flags stop at the
image (the rest is the container's command), ``-p`` becomes ``ExposedPorts`` plus
``HostConfig.PortBindings``, ``--restart`` is ``name[:max-retries]``, ``-v``/``--mount`` become
``Binds``/``Mounts``, the first ``--network`` is the network mode and each network's
``--network-alias``/``--ip`` go to its ``EndpointsConfig``. A missing image is pulled first,
with ``Unable to find image 'REF' locally`` and the pull's progress on stderr, then the
create is sent again.
"""

from __future__ import annotations

import shlex
from typing import Any

from ...errors import ClientError, DockerError
from ...golang.units import ram_in_bytes
from ...images import parse
from .. import BOOL, INT, LIST, STRING, Flag, FlagKind, Invocation
from .client import Client
from .image import display, post_stream
from .mount_opt import MOUNTS
from .service_opts import ENV, LABELS, NANO_CPUS, POSITIVE_DURATION
from .service_spec import _health as health_config

MEMORY = FlagKind("bytes", lambda text, _c, _f: ram_in_bytes(text), lambda v: str(v) if v else "0", 0)


def _ports(values: tuple[str, ...]) -> tuple[dict[str, dict], dict[str, list[dict[str, str]]]]:
    """``nat.ParsePortSpecs``: ``[ip:][host:]container[/proto]`` with port ranges."""
    exposed: dict[str, dict] = {}
    bindings: dict[str, list[dict[str, str]]] = {}
    for spec in values:
        rest, _, proto = spec.partition("/")
        parts = rest.rsplit(":", 2)
        container = parts[-1]
        host = parts[-2] if len(parts) > 1 else ""
        ip = parts[-3] if len(parts) > 2 else ""
        first, _, last = container.partition("-")
        host_first, _, host_last = host.partition("-")
        try:
            ports = range(int(first), int(last or first) + 1)
            host_ports = range(int(host_first), int(host_last or host_first) + 1) if host else None
        except ValueError:
            raise ClientError(f"invalid containerPort: {container}") from None
        for index, port in enumerate(ports):
            key = f"{port}/{proto or 'tcp'}"
            exposed[key] = {}
            host_port = str(host_ports[index]) if host_ports and index < len(host_ports) else ""
            bindings.setdefault(key, []).append({"HostIp": ip, "HostPort": host_port})
    return exposed, bindings


def _restart(text: str) -> dict[str, Any]:
    name, _, count = text.partition(":")
    if count and name != "on-failure":
        raise ClientError("invalid restart policy format: maximum retry count can only be used with 'on-failure'")
    try:
        return {"Name": name, "MaximumRetryCount": int(count) if count else 0}
    except ValueError:
        raise ClientError(f'invalid restart policy format: strconv.Atoi: parsing "{count}": invalid syntax') from None


def create_body(invocation: Invocation) -> dict[str, Any]:
    """The request body of ``POST /containers/create`` for this command line."""
    flag = invocation.flag
    image, *command = invocation.args
    exposed, bindings = _ports(flag("publish"))
    for spec in flag("expose"):
        exposed[spec if "/" in spec else f"{spec}/tcp"] = {}
    networks = list(flag("network"))
    mode = networks[0] if networks else "default"
    endpoints: dict[str, Any] = {}
    for index, name in enumerate(networks):
        settings: dict[str, Any] = {}
        if index == 0 and (flag("network-alias") or flag("ip") or flag("ip6")):
            settings["Aliases"] = list(flag("network-alias")) or None
            settings["IPAMConfig"] = {"IPv4Address": flag("ip"), "IPv6Address": flag("ip6")}
        if not (mode in ("host", "none", "default") or mode.startswith("container:")):
            endpoints[name] = settings
    log_opts = dict(item.partition("=")[::2] for item in flag("log-opt"))
    host_config: dict[str, Any] = {
        "Binds": list(flag("volume")) or None,
        "Mounts": list(flag("mount")) or None,
        "NetworkMode": mode,
        "PortBindings": bindings,
        "PublishAllPorts": flag("publish-all"),
        "RestartPolicy": _restart(flag("restart")),
        "AutoRemove": flag("rm"),
        "Init": flag("init") or None,
        "Memory": flag("memory"),
        "NanoCpus": flag("cpus"),
        "LogConfig": {"Type": flag("log-driver"), "Config": log_opts},
        "Tmpfs": {path: "" for path in flag("tmpfs")} or None,
    }
    if flag("init") is False:
        host_config.pop("Init")
    body: dict[str, Any] = {
        "Hostname": flag("hostname"),
        "User": flag("user"),
        "Env": list(flag("env")) or None,
        "Cmd": command or None,
        "Image": image,
        "Labels": dict(item.partition("=")[::2] for item in flag("label")),
        "WorkingDir": flag("workdir"),
        "Tty": flag("tty"),
        "OpenStdin": flag("interactive"),
        "ExposedPorts": exposed or None,
        "Healthcheck": health_config(invocation),
        "StopSignal": flag("stop-signal"),
        "HostConfig": host_config,
        "NetworkingConfig": {"EndpointsConfig": endpoints},
    }
    if invocation.was_set("entrypoint"):
        body["Entrypoint"] = shlex.split(flag("entrypoint")) or [""]
    if invocation.was_set("stop-timeout"):
        body["StopTimeout"] = flag("stop-timeout")
    return body


def create(invocation: Invocation, client: Client) -> str:
    """Create the container, pulling its image first when the daemon has none; its ID."""
    body = create_body(invocation)
    query = {"name": invocation.flag("name")} if invocation.flag("name") else {}
    try:
        answer = client.call("POST", "/containers/create", query, body)
    except DockerError as error:
        if error.status != 404 or not error.message.startswith("No such image"):
            raise
        reference = parse(body["Image"]).tagged_or_latest()
        invocation.err.write(f"Unable to find image '{reference.familiar}' locally\n")
        tag = reference.tag or reference.digest
        messages = post_stream(client, "/images/create", {"fromImage": reference.familiar_name, "tag": tag}, {})
        display(messages, _ErrOnly(invocation), False)
        answer = client.call("POST", "/containers/create", query, body)
    for warning in answer.get("Warnings") or []:
        invocation.err.write(f"WARNING: {warning}\n")
    return answer["Id"]


class _ErrOnly:
    """``docker run`` shows pull progress on stderr."""

    def __init__(self, invocation: Invocation) -> None:
        self.out = invocation.err


def create_flags() -> tuple[Flag, ...]:
    return (
        Flag("name", STRING, "Assign a name to the container"),
        Flag("env", ENV, "Set environment variables", shorthand="e"),
        Flag("label", LABELS, "Set meta data on a container", shorthand="l"),
        Flag("publish", LIST, "Publish a container's port(s) to the host", shorthand="p"),
        Flag("publish-all", BOOL, "Publish all exposed ports to random ports", shorthand="P"),
        Flag("expose", LIST, "Expose a port or a range of ports"),
        Flag("network", LIST, "Connect a container to a network"),
        Flag("network-alias", LIST, "Add network-scoped alias for the container"),
        Flag("ip", STRING, "IPv4 address (e.g., 172.30.100.104)"),
        Flag("ip6", STRING, "IPv6 address (e.g., 2001:db8::33)"),
        Flag("hostname", STRING, "Container host name"),
        Flag("restart", STRING, "Restart policy to apply when a container exits", default="no"),
        Flag("rm", BOOL, "Automatically remove the container and its associated anonymous volumes when it exits"),
        Flag("init", BOOL, "Run an init inside the container that forwards signals and reaps processes"),
        Flag("volume", LIST, "Bind mount a volume", shorthand="v"),
        Flag("mount", MOUNTS, "Attach a filesystem mount to the container"),
        Flag("tmpfs", LIST, "Mount a tmpfs directory"),
        Flag("memory", MEMORY, "Memory limit", shorthand="m"),
        Flag("cpus", NANO_CPUS, "Number of CPUs"),
        Flag("log-driver", STRING, "Logging driver for the container"),
        Flag("log-opt", LIST, "Log driver options"),
        Flag("entrypoint", STRING, "Overwrite the default ENTRYPOINT of the image"),
        Flag("workdir", STRING, "Working directory inside the container", shorthand="w"),
        Flag("user", STRING, "Username or UID (format: <name|uid>[:<group|gid>])", shorthand="u"),
        Flag("tty", BOOL, "Allocate a pseudo-TTY", shorthand="t"),
        Flag("interactive", BOOL, "Keep STDIN open even if not attached", shorthand="i"),
        Flag("stop-signal", STRING, "Signal to stop the container"),
        Flag("stop-timeout", INT, "Timeout (in seconds) to stop a container"),
        Flag("health-cmd", STRING, "Command to run to check health"),
        Flag("health-interval", POSITIVE_DURATION, "Time between running the check (ms|s|m|h) (default 0s)"),
        Flag("health-timeout", POSITIVE_DURATION, "Maximum time to allow one check to run (ms|s|m|h) (default 0s)"),
        Flag("health-retries", INT, "Consecutive failures needed to report unhealthy"),
        Flag(
            "health-start-period",
            POSITIVE_DURATION,
            "Start period for the container to initialize before "
            "starting health-retries countdown (ms|s|m|h) (default 0s)",
        ),  # fmt: skip
        Flag(
            "health-start-interval",
            POSITIVE_DURATION,
            "Time between running the check during the start period (ms|s|m|h) (default 0s)",
        ),  # fmt: skip
        Flag("no-healthcheck", BOOL, "Disable any container-specified HEALTHCHECK"),
    )
