"""Every registry a cluster can reach: Docker Hub, seeded with the image catalogue, and private ones.

A learner starts a private registry on a cluster host (``cluster.registries.start(
"registry.example:5000", host="manager-1")``), as ``docker run -d -p 5000:5000 registry:2``
would; it answers only while that host is up and reachable. A ``localhost:PORT`` registry
answers only on its own host, unless it is ``published`` through the swarm's routing mesh,
when every node's ``localhost:PORT`` reaches it — Docker's "deploy a registry as a service"
recipe. Docker Hub is on the internet: every host that is up reaches it.

A learner may also just run the ``registry`` image (``docker run -d -p 5000:5000 registry:2``, or
``docker service create -p 5000:5000 registry:2``): a registry address no one started is dialled over
the simulated network (:func:`caasnb.net.reach.reach`), and the registry container that answers
keeps its images in the volume at ``/var/lib/registry``.
"""

from __future__ import annotations

from ..errors import Conflict, DockerError
from ..images.catalogue import REPOSITORIES
from ..images.reference import parse
from ..net.path import TIMEOUT, UNREACHABLE
from ..net.reach import reach
from ..volumes.drivers import NETWORK
from .credentials import ClientConfig
from .registry import HUB, Registry

REGISTRY_REPOSITORY = "library/registry"
REGISTRY_DATA = "/var/lib/registry"


def docker_hub() -> Registry:
    """Docker Hub with every catalogued release under each of its tags; nobody may push to ``library/``."""
    hub = Registry(HUB)
    for repository in REPOSITORIES:
        for release in repository.releases:
            content = repository.content(release)
            for tag in release.tags:
                hub.store(repository.path, tag, content)
    return hub


class Registries:
    """The registries of one simulated world, and each host's docker client configuration."""

    def __init__(self, cluster) -> None:
        self.cluster = cluster
        self.hub = docker_hub()
        self.private: dict[str, Registry] = {}
        self.published: set[str] = set()
        self.clients: dict[str, ClientConfig] = {}
        self.volume_backed: dict[tuple[str, str, int], Registry] = {}  # a registry's storage -> its content

    def start(
        self,
        address: str,
        *,
        host: str,
        users: dict[str, str] | None = None,
        require_login: bool = False,
        published: bool = False,
    ) -> Registry:
        """Run a private registry at ``address`` on ``host`` (``users``: name → password for ``docker login``)."""
        self.cluster.host(host)
        if address in self.private or address == HUB:
            raise Conflict(f"a registry already answers at {address}")
        registry = Registry(address, host=host, users=users, require_login=require_login)
        self.private[address] = registry
        if published:
            self.published.add(address)
        self.cluster.sim.emit("registry.start", address, host=host, published=published)
        return registry

    def client(self, host: str) -> ClientConfig:
        """The docker CLI configuration (``~/.docker/config.json``) of ``host``'s user."""
        return self.clients.setdefault(host, ClientConfig())

    def reach(self, domain: str, from_host: str) -> Registry:
        """The registry ``domain`` names, as seen from ``from_host``; the dial error dockerd reports otherwise."""
        if domain == HUB:
            return self.hub
        registry = self.private.get(domain)
        if registry is None:
            return self._dial(domain, from_host)
        local_only = domain.startswith("localhost") and domain not in self.published
        if local_only and registry.host != from_host:
            raise DockerError(f'Get "{_url(domain)}": dial tcp [::1]:{_port(domain)}: connect: connection refused')
        if not self.cluster.hosts[registry.host].up or not self.cluster.net.reachable(from_host, registry.host):
            address = self.cluster.daemons[registry.host].addr
            raise DockerError(f'Get "{_url(domain)}": dial tcp {address}:{_port(domain)}: i/o timeout')
        return registry

    def _dial(self, domain: str, from_host: str) -> Registry:
        """A ``registry`` image a learner runs (``docker run -p 5000:5000 registry:2``, or a service publishing
        the port through the mesh), found by dialling ``domain`` over the simulated network.

        Its content lives in the volume mounted at ``/var/lib/registry``: a new registry container on the
        same volume serves the same images. Such a registry speaks plain HTTP, which dockerd accepts only
        from ``localhost`` (an insecure registry); elsewhere it says so.
        """
        name, port = domain.partition(":")[0], _port(domain)
        daemon = self.cluster.daemons[from_host] if name == "localhost" else self._daemon_named(name)
        if daemon is None:
            raise DockerError(f'Get "{_url(domain)}": dial tcp: lookup {name}: no such host')
        dialled = f"[::1]:{port}" if name == "localhost" else f"{daemon.addr}:{port}"
        answer = reach(self.cluster, from_host, f"{daemon.addr}:{port}")
        if answer.verdict in (TIMEOUT, UNREACHABLE):
            raise DockerError(f'Get "{_url(domain)}": dial tcp {dialled}: i/o timeout')
        storage = self._storage(answer.target) if answer.ok else None
        if storage is None:
            raise DockerError(f'Get "{_url(domain)}": dial tcp {dialled}: connect: connection refused')
        if name != "localhost":
            raise DockerError(f'Get "{_url(domain)}": http: server gave HTTP response to HTTPS client')
        if storage not in self.volume_backed:
            self.volume_backed[storage] = Registry(domain, host=answer.target.host)
        return self.volume_backed[storage]

    def _daemon_named(self, name: str):
        return next((d for h, d in self.cluster.daemons.items() if name in (h, d.addr)), None)

    def _storage(self, sandbox) -> tuple[str, str, int] | None:
        """Which storage the registry container behind ``sandbox`` keeps its images in (host or "" when shared,
        volume or container, when it was made); None if it is no registry."""
        try:
            container = self.cluster.daemons[sandbox.host].containers.inspect(sandbox.container_id)
        except DockerError:
            return None
        if parse(container["Config"]["Image"]).path != REGISTRY_REPOSITORY:
            return None
        mount = next((m for m in container["Mounts"] if m["Destination"] == REGISTRY_DATA), None)
        if mount is None:
            return (sandbox.host, container["Id"], 0)  # no volume: the registry's container layer
        volume = self.cluster.daemons[sandbox.host].volumes.get(mount["Name"])
        return ("" if volume.driver == NETWORK else sandbox.host, volume.name, volume.created_at)


def _url(domain: str) -> str:
    scheme = "http" if domain.startswith("localhost") else "https"
    return f"{scheme}://{domain}/v2/"


def _port(domain: str) -> str:
    return domain.partition(":")[2] or "443"
