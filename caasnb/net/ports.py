"""Host ports: published ``-p`` ports and sockets of host-network containers (libnetwork ``portallocator``).

A host port can be held once per (host IP, protocol). ``-p 8080:80`` asks for 8080 and fails
if it is held; ``-p 80`` takes the next free port of the ephemeral range 32768-60999 (Linux's
default ``ip_local_port_range``), searching on from the last one it handed out. Containers on
the host network share the host's sockets, so two of them listening on one port collide.
"""

from __future__ import annotations

from ..errors import Conflict, DockerError
from .cnm import PortBinding

EPHEMERAL_FIRST = 32768
EPHEMERAL_LAST = 60999


class PortAllocator:
    """Which host ports are held, per host IP and protocol."""

    def __init__(self, first: int = EPHEMERAL_FIRST, last: int = EPHEMERAL_LAST) -> None:
        self.first, self.last = first, last
        self._held: dict[tuple[str, str], set[int]] = {}
        self._previous: dict[tuple[str, str], int] = {}

    def held(self, ip: str, proto: str) -> set[int]:
        return self._held.setdefault((ip, proto), set())

    def bind(self, ip: str, proto: str, container_port: int, host_port: int = 0) -> PortBinding:
        """Reserve ``host_port`` (or the next ephemeral port) for a published container port."""
        held = self.held(ip, proto)
        if host_port:
            if host_port in held:
                raise DockerError(f"Bind for {ip}:{host_port} failed: port is already allocated")
        else:
            host_port = self._next_free(ip, proto, held)
        held.add(host_port)
        return PortBinding(container_port, proto, ip, host_port)

    def _next_free(self, ip: str, proto: str, held: set[int]) -> int:
        port = self._previous.get((ip, proto), self.last)
        for _ in range(self.last - self.first + 1):
            port = self.first if port >= self.last else port + 1
            if port not in held:
                self._previous[(ip, proto)] = port
                return port
        raise DockerError("all ports are allocated")

    def listen(self, proto: str, port: int) -> None:
        """A host-network container opens ``0.0.0.0:port``; a second one gets the kernel's refusal."""
        held = self.held("0.0.0.0", proto)
        if port in held:
            raise Conflict(f"listen {proto} 0.0.0.0:{port}: bind: address already in use")
        held.add(port)

    def release(self, binding: PortBinding) -> None:
        self.held(binding.host_ip, binding.proto).discard(binding.host_port)
