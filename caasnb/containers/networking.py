"""A container's network stack: its sandbox on the host's NetworkController, its endpoints and ports.

``--network`` picks the sandbox's mode: ``bridge`` (the default), ``host``, ``none``, a user
network, an attachable swarm overlay, or ``container:NAME`` (join that running container's
stack). ``NetworkingConfig.EndpointsConfig`` adds per-network aliases and a static ``--ip``;
``-p``/``-P`` bind host ports (``HostConfig.PortBindings``/``PublishAllPorts``), which host
networking ignores. Everything is given back when the container stops.
"""

from __future__ import annotations

from typing import Any

from ..errors import DockerError, InvalidArgument
from ..net.cnm import Sandbox


def plug(runtime: Any, container: Any, managed: bool = False) -> Sandbox:
    """Build and connect the container's sandbox (undone entirely if any step fails)."""
    controller = runtime.daemon.networks.controller
    mode = container.network_mode
    if mode.startswith("container:"):
        other = runtime.get(mode.partition(":")[2])
        if other.status != "running" or other.sandbox is None:
            raise DockerError(f"cannot join network namespace of a non running container: {other.id}")
        return other.sandbox
    sandbox = Sandbox(
        container.id, container.name, container.config.get("Hostname", ""), runtime.host, mode,
        controller.nameservers,
    )  # fmt: skip
    controller.sandboxes[container.id] = sandbox
    try:
        for name, settings in container.endpoints_config.items():
            attach(controller, sandbox, name, settings or {}, managed)
        if not sandbox.shares_host_stack and sandbox.endpoints and sandbox.endpoints[0].interface:
            publish(controller, sandbox, container)
    except DockerError:
        controller.release(sandbox)
        raise
    return sandbox


def attach(controller: Any, sandbox: Sandbox, network: str, settings: dict[str, Any], managed: bool = False) -> None:
    """One ``EndpointSettings``: aliases and the requested addresses."""
    ipam = settings.get("IPAMConfig") or {}
    controller.connect(
        network, sandbox, aliases=tuple(settings.get("Aliases") or ()), ipv4=ipam.get("IPv4Address") or "",
        ipv6=ipam.get("IPv6Address") or "", links=tuple(settings.get("Links") or ()), managed=managed,
    )  # fmt: skip


def publish(controller: Any, sandbox: Sandbox, container: Any) -> None:
    """``PortBindings`` and, with ``PublishAllPorts``, every exposed port on an ephemeral host port."""
    bindings: dict[str, list[dict[str, str]]] = dict(container.host_config.get("PortBindings") or {})
    if container.host_config.get("PublishAllPorts"):
        for key in container.config.get("ExposedPorts") or {}:
            bindings.setdefault(key, [{"HostIp": "", "HostPort": ""}])
    for key, hosts in sorted(bindings.items(), key=lambda item: _port_key(item[0])):
        port, proto = _port_key(key)
        for host in hosts or [{"HostIp": "", "HostPort": ""}]:
            controller.publish(sandbox, port, proto, _host_port(host.get("HostPort") or ""), host.get("HostIp") or "")


def _port_key(key: str) -> tuple[int, str]:
    port, _, proto = key.partition("/")
    try:
        return int(port), proto or "tcp"
    except ValueError:
        raise InvalidArgument(f"invalid port specification: {key!r}") from None


def _host_port(text: str) -> int:
    """A host port (the first of a range, which the allocator would try first)."""
    first = text.partition("-")[0]
    try:
        return int(first) if first else 0
    except ValueError:
        raise InvalidArgument(f"invalid port specification: {text!r}") from None


def unplug(runtime: Any, container: Any) -> None:
    """The container stopped: its endpoints and ports go (a shared stack stays with its owner)."""
    sandbox = container.sandbox
    container.sandbox = None
    if sandbox is not None and sandbox.container_id == container.id:
        runtime.daemon.networks.controller.release(sandbox)
