"""One host's networks as its dockerd answers the network endpoints (moby v28.2.2 ``api/server/router/network``).

Local networks live in the host's :class:`~caasnb.net.controller.NetworkController`
(``bridge``, ``host``, ``none`` from the start). Swarm-scoped networks live in the cluster's
:class:`~caasnb.net.swarmnet.SwarmNetworks`, which managers read and write; caasnb writes them
directly on the manager asked (quorum required), not yet through the Raft log. Joining a swarm
gives the host ``docker_gwbridge`` (the next local pool) and the ``ingress`` overlay (created
with the swarm: the first /24 of the swarm pool), with the ingress sandbox's endpoint on each,
as ``docker network inspect`` shows them. Lookups, filters and prune follow the router and
``daemon/network.go``, ``daemon/prune.go``: the manager's cluster view first, local networks after.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from ..errors import Conflict, DockerError, InvalidArgument, NotFound
from ..golang.timefmt import parse_rfc3339nano
from ..net.cnm import PREDEFINED, Network, Sandbox
from ..net.controller import ManagerRedirect, NetworkController
from ..net.ipam import GLOBAL_DEFAULT_POOLS, IPAM, IPAMConfig, PoolSplit
from ..net.swarmnet import SwarmNetworks
from ..sim import EPOCH_NS
from ..sim.durations import parse_duration
from .ids import new_id

GWBRIDGE = "docker_gwbridge"
GWBRIDGE_OPTIONS = {
    "com.docker.network.bridge.enable_icc": "false",
    "com.docker.network.bridge.enable_ip_masquerade": "true",
    "com.docker.network.bridge.name": GWBRIDGE,
}
INGRESS_SANDBOX = "ingress-sbox"
LIST_FILTERS = ("dangling", "driver", "id", "label", "name", "scope", "type")
PRUNE_FILTERS = ("label", "label!", "until")


def cluster_view(network: Network) -> dict[str, Any]:
    """A swarm network as a manager's cluster backend reports it (moby ``convert.BasicNetworkFromGRPC``)."""
    return {
        **network.to_api(EPOCH_NS, host=""),
        "EnableIPv4": False,
        "IPAM": {
            "Driver": network.ipam_driver,
            "Options": None,
            "Config": [{"Subnet": str(s.prefix), "Gateway": str(s.gateway)} for s in network.subnets],
        },
        "Containers": None,
        "Labels": network.labels or None,
    }


class HostNetworks:
    """The network half of one host's dockerd."""

    def __init__(self, daemon) -> None:
        self.daemon = daemon
        self.cluster = daemon.cluster
        self.controller = NetworkController(daemon.cluster.sim, daemon.host)

    # -- swarm membership --------------------------------------------------------------
    def create_ingress(self, pools: Sequence[PoolSplit] = GLOBAL_DEFAULT_POOLS) -> None:
        """``swarm init``: the swarm's networks (subnets from ``--default-addr-pool``) start with ``ingress``."""
        swarm_networks = SwarmNetworks(self.cluster.sim, IPAM(global_pools=pools))
        self.cluster.swarm_networks = swarm_networks
        swarm_networks.create(self._new_swarm_id(), "ingress", ingress=True)

    def join_swarm(self) -> None:
        """The host joined: ``docker_gwbridge`` (kept across leaves) and its ingress sandbox."""
        if not any(n.name == GWBRIDGE for n in self.controller.networks.values()):
            self.controller.create(GWBRIDGE, "bridge", options=GWBRIDGE_OPTIONS)
        ingress = self.cluster.swarm_networks.ingress()
        if ingress is not None:
            self.attach_ingress(ingress)

    def attach_ingress(self, ingress: Network) -> None:
        """Install ``ingress`` here and plug the ingress sandbox into it and into ``docker_gwbridge``.

        The default ingress is a /24: past about 250 nodes it has no address left for another
        node's sandbox. As on a real swarm the node still joins, without a routing mesh; the
        event says why (recreate ingress with a larger ``--subnet`` to fix it).
        """
        self.controller.install(ingress)
        host = self.daemon.host
        try:
            self.controller.connect(ingress.id, Sandbox(INGRESS_SANDBOX, "ingress-endpoint", "", host), managed=True)
        except DockerError as error:
            self.cluster.sim.emit("network.attach_failed", host, network=ingress.name, error=str(error))
            return
        self.controller.connect(GWBRIDGE, Sandbox(INGRESS_SANDBOX, f"gateway_{INGRESS_SANDBOX}", "", host))

    def drop(self, network: Network) -> None:
        """Forget a swarm network here, with the endpoints this host had on it (and the ingress gateway)."""
        for endpoint in [ep for ep in network.endpoints.values() if ep.sandbox.host == self.daemon.host]:
            self.controller.release(endpoint.sandbox)
            if network.ingress:
                gateway = self.controller.find(GWBRIDGE)
                for other in [ep for ep in gateway.endpoints.values() if ep.sandbox.container_id == INGRESS_SANDBOX]:
                    self.controller.release(other.sandbox)
        self.controller.uninstall(network)

    def _attachable(self, term: str) -> Network | None:
        """The attachable swarm network a container on any swarm node asks for by name or ID."""
        swarm_networks = self.cluster.swarm_networks if self.daemon.swarm is not None else None
        network = _swarm_lookup(swarm_networks.networks.values(), term) if swarm_networks is not None else None
        return network if network is not None and network.attachable else None

    def leave_swarm(self) -> None:
        for network in [n for n in self.controller.networks.values() if n.scope == "swarm"]:
            self.drop(network)

    def _new_swarm_id(self) -> str:
        return new_id(self.cluster.sim.rng("swarm:networks"))

    # -- what this host sees -------------------------------------------------------------
    def _cluster(self) -> SwarmNetworks | None:
        """The swarm's networks when this daemon may read cluster state (a manager with quorum)."""
        try:
            self.daemon._read()
        except DockerError:
            return None
        return self.cluster.swarm_networks

    def _local(self, network: Network) -> dict[str, Any]:
        return network.to_api(EPOCH_NS, host=self.daemon.host)

    def list(self, filters: dict[str, list[str]]) -> list[dict[str, Any]]:
        """``GET /networks``: the cluster's networks (on a manager), then local ones not among them."""
        _validate(filters, LIST_FILTERS)
        swarm_networks = self._cluster()
        found = [cluster_view(n) for n in swarm_networks.networks.values()] if swarm_networks else []
        seen = {body["Id"] for body in found}
        local = [{**self._local(n), "Containers": {}} for n in self.controller.networks.values() if n.id not in seen]
        return _filter(found, filters) + _filter(local, filters)

    def inspect(self, term: str, verbose: bool = False, scope: str = "") -> dict[str, Any]:
        """``GET /networks/{id}``: by full ID, then name, then ID prefix; local before cluster."""
        local = [n for n in self.controller.networks.values() if not scope or n.scope == scope]
        exact = next((n for n in local if n.id == term), None)
        if exact is not None:
            return self._local(exact)
        by_name = {n.id: self._local(n) for n in local if n.name == term}
        by_prefix = {n.id: self._local(n) for n in local if n.id.startswith(term)}
        swarm_networks = self._cluster()
        remote = list(swarm_networks.networks.values()) if swarm_networks else []
        hit = _swarm_lookup(remote, term)
        if hit is not None and (hit.id.startswith(term) or scope == "swarm"):
            return by_prefix.get(hit.id) or by_name.get(hit.id) or cluster_view(hit)
        for network in remote:
            if network.name == term:
                by_name.setdefault(network.id, cluster_view(network))
            if network.id.startswith(term):
                by_prefix.setdefault(network.id, cluster_view(network))
        for matches, how in ((by_name, "name"), (by_prefix, "ID prefix")):
            if len(matches) == 1:
                return next(iter(matches.values()))
            if matches:
                raise InvalidArgument(f"{len(matches)} matches found based on {how}: network {term} is ambiguous")
        raise NotFound(f"network {term} not found")

    def _find_unique(self, term: str) -> Network:
        """The router's ``findUniqueNetwork`` (``DELETE``): ingress is never matched by its local name."""
        local = list(self.controller.networks.values())
        exact = next((n for n in local if n.id == term), None)
        if exact is not None:
            return exact
        by_name = {n.id: n for n in local if n.name == term and not n.ingress}
        by_prefix = {n.id: n for n in local if n.id.startswith(term)}
        swarm_networks = self._cluster()
        for network in swarm_networks.networks.values() if swarm_networks else ():
            if network.id == term:
                return network
            if network.name == term:
                by_name.setdefault(network.id, network)
            if network.id.startswith(term):
                by_prefix.setdefault(network.id, network)
        for matches, how in ((by_name, "name"), (by_prefix, "ID prefix")):
            if len(matches) == 1:
                return next(iter(matches.values()))
            if matches:
                raise InvalidArgument(f"network {term} is ambiguous ({len(matches)} matches found based on {how})")
        raise NotFound(f"network {term} not found")

    # -- changes -------------------------------------------------------------------------
    def create(self, request: dict[str, Any]) -> dict[str, str]:
        """``POST /networks/create``: checked locally; a swarm-scoped one is then made by the managers."""
        name = request.get("Name") or ""
        swarm_networks = self._cluster()
        if swarm_networks and any(n.name == name for n in swarm_networks.networks.values()):
            raise Conflict(f"network with name {name} already exists")
        ipam = request.get("IPAM") or {}
        settings = {
            "internal": bool(request.get("Internal")),
            "attachable": bool(request.get("Attachable")),
            "ingress": bool(request.get("Ingress")),
            "ipam_config": [IPAMConfig.from_api(c) for c in ipam.get("Config") or []],
            "options": request.get("Options") or {},
            "labels": request.get("Labels") or {},
        }
        role = "manager" if self.daemon.is_manager() else "worker"
        self.controller.swarm_role = role if self.daemon.swarm else None
        try:
            network = self.controller.create(
                name, request.get("Driver") or "", scope=request.get("Scope") or "",
                enable_ipv4=request.get("EnableIPv4"), enable_ipv6=request.get("EnableIPv6"),
                ipam_driver=ipam.get("Driver") or "default", ipam_options=ipam.get("Options"),
                config_only=bool(request.get("ConfigOnly")),
                config_from=(request.get("ConfigFrom") or {}).get("Network") or "", **settings,
            )  # fmt: skip
        except ManagerRedirect:
            network = self._create_swarm(name, request.get("Driver") or "overlay", settings, request)
        return {"Id": network.id, "Warning": ""}

    def _create_swarm(self, name: str, driver: str, settings: dict[str, Any], request: dict[str, Any]) -> Network:
        self.daemon._read()
        swarm_networks = self.cluster.swarm_networks
        network = swarm_networks.create(
            self._new_swarm_id(), name, driver, enable_ipv6=bool(request.get("EnableIPv6")), **settings
        )
        if network.ingress:
            for daemon in self.cluster.daemons.values():
                if daemon.swarm is not None:
                    daemon.networks.attach_ingress(network)
        return network

    def remove(self, term: str) -> None:
        """``DELETE /networks/{id}``: swarm networks by the managers, local ones by this engine."""
        network = self._find_unique(term)
        if network.scope != "swarm":
            self.controller.remove(network.id)
            return
        self._remove_swarm(network)

    def _remove_swarm(self, network: Network) -> None:
        services = _services_using(self.daemon._read(), network)
        if not services:  # the hosts let go of its addresses before the managers free its subnet
            for daemon in self.cluster.daemons.values():
                daemon.networks.drop(network)
        self.cluster.swarm_networks.remove(network.id, services)

    def prune(self, filters: dict[str, list[str]]) -> dict[str, list[str] | None]:
        """``POST /networks/prune``: unused swarm networks (not ingress) on a manager, then unused local ones."""
        _validate(filters, PRUNE_FILTERS)
        until = _until(filters.get("until", []), self.cluster.sim.now)

        def keep(network: Network) -> bool:
            return (until is not None and network.created > until) or not _labels_match(filters, network.labels)

        deleted = []
        swarm_networks = self._cluster()
        if swarm_networks is not None:
            for network in list(swarm_networks.networks.values()):
                if network.ingress or keep(network):
                    continue
                try:
                    self._remove_swarm(network)
                except DockerError:
                    continue
                deleted.append(network.name)
        deleted += self.controller.prune(keep)
        return {"NetworksDeleted": deleted or None}

    def for_container(self, term: str) -> Network:
        """A local network, or a swarm network installed here for a container to join."""
        try:
            network = self._find_unique(term)
        except NotFound:  # a worker asks the managers: attachable overlays are found by name or ID too
            network = self._attachable(term)
            if network is None:
                raise
        if network.id not in self.controller.networks:
            self.controller.install(network)
        return network

    def connect(self, term: str, request: dict[str, Any]) -> None:
        """``POST /networks/{id}/connect``: the container is looked up first."""
        container = self.daemon.containers.get(request.get("Container") or "")
        network = self.for_container(term)
        self.daemon.containers.connect(container.id, network.id, request.get("EndpointConfig") or {})

    def disconnect(self, term: str, request: dict[str, Any]) -> None:
        """``POST /networks/{id}/disconnect``; with ``Force`` an unknown container names an endpoint to delete."""
        ref = request.get("Container") or ""
        try:
            container = self.daemon.containers.get(ref)
        except NotFound:
            if not request.get("Force"):
                raise
            container = None
        network = self.controller.find(term)
        if container is not None:
            self.daemon.containers.disconnect(container.id, network.id)
            return
        endpoint = next((ep for ep in network.endpoints.values() if ep.name == ref), None)
        if endpoint is None:
            raise NotFound(f"endpoint {ref} not found")
        self.controller.disconnect(network.id, endpoint.sandbox)


def _swarm_lookup(networks: Iterable[Network], term: str) -> Network | None:
    """swarmkit's ``GetNetwork``: by ID, then by unique name, then by unique ID prefix."""
    networks = list(networks)
    for matches in (
        [n for n in networks if n.id == term],
        [n for n in networks if n.name == term],
        [n for n in networks if n.id.startswith(term)],
    ):
        if len(matches) == 1:
            return matches[0]
        if matches:
            return None
    return None


def _services_using(store, network: Network) -> list[str]:
    """IDs of the services attached to ``network`` (or publishing on the routing mesh, for ingress)."""
    using = []
    for service in store.services.values():
        spec = service.spec
        targets = {attachment.target for attachment in spec.task_template.networks}
        mesh = network.ingress and any(p.publish_mode == "ingress" for p in spec.endpoint_spec.ports)
        if mesh or targets & {network.id, network.name}:
            using.append(service.id)
    return using


# -- filters ----------------------------------------------------------------------------
def _validate(filters: dict[str, list[str]], accepted: tuple[str, ...]) -> None:
    for name in filters:
        if name not in accepted:
            raise InvalidArgument(f"invalid filter '{name}'")


def _matches(values: list[str], source: str) -> bool:
    """``filters.Args.Match``: equal, or the value as a regular expression found in ``source``."""
    for value in values:
        try:
            if value == source or re.search(value, source):
                return True
        except re.error:
            continue
    return False


def _kv_match(values: list[str], labels: dict[str, str] | None) -> bool:
    """``filters.Args.MatchKVList``: every ``key`` or ``key=value`` holds."""
    if not values:
        return True
    labels = labels or {}
    for value in values:
        key, sep, wanted = value.partition("=")
        if key not in labels or (sep and labels[key] != wanted):
            return False
    return bool(labels)


def _labels_match(filters: dict[str, list[str]], labels: dict[str, str]) -> bool:
    """``matchLabels`` of the prune code: ``label`` must all hold, ``label!`` must not."""
    if not _kv_match(filters.get("label", []), labels):
        return False
    return not ("label!" in filters and _kv_match(filters["label!"], labels))


def _filter(networks: list[dict[str, Any]], filters: dict[str, list[str]]) -> list[dict[str, Any]]:
    """``FilterNetworks`` over API bodies."""
    checks: dict[str, Callable[[list[str], dict], bool]] = {
        "driver": lambda v, n: n["Driver"] in v,
        "name": lambda v, n: _matches(v, n["Name"]),
        "id": lambda v, n: _matches(v, n["Id"]),
        "label": lambda v, n: _kv_match(v, n["Labels"]),
        "scope": lambda v, n: n["Scope"] in v,
    }
    shown = [n for n in networks if all(check(filters[k], n) for k, check in checks.items() if filters.get(k))]
    if dangling := filters.get("dangling"):
        if len(dangling) > 1:
            raise InvalidArgument('got more than one value for filter key "dangling"')
        if dangling[0] not in ("0", "false", "1", "true"):
            raise InvalidArgument(
                """invalid value for filter 'dangling', must be "true" (or "1"), or "false" (or "0")"""
            )
        only = dangling[0] in ("1", "true")
        shown = [n for n in shown if only != (n["Name"] in PREDEFINED or bool(n["Containers"]))]
    if types := filters.get("type"):
        typed = []
        for kind in types:
            if kind not in ("builtin", "custom"):
                raise DockerError(f"invalid filter: 'type'='{kind}'")
            typed += [n for n in shown if (n["Name"] in PREDEFINED) == (kind == "builtin")]
        shown = typed
    return shown


def _until(values: list[str], now: int) -> int | None:
    """The prune ``until`` filter as a sim time: a Go duration ago, Unix seconds, or an RFC 3339 time."""
    if not values:
        return None
    if len(values) > 1:
        raise InvalidArgument("more than one until filter specified")
    text = values[0]
    try:
        return now - parse_duration(text)
    except ValueError:
        pass
    try:
        return round(float(text) * 1e9) - EPOCH_NS
    except ValueError:
        pass
    try:
        return parse_rfc3339nano(text) - EPOCH_NS
    except ValueError:
        raise InvalidArgument(f'failed to parse value as time or duration: "{text}"') from None
