"""One engine's network controller: its networks, who is attached where, and Docker's rules for both.

Follows the daemon (moby v28.2.2 ``daemon/network.go``, ``container_operations.go``) and
libnetwork's ``Controller.NewNetwork`` / ``Network.delete``: the same checks in the same order,
so the first error a learner meets is the one Docker would print. Every change emits one
event named like ``docker events``' network actions: ``network.create``, ``network.connect``,
``network.disconnect``, ``network.destroy``, ``network.prune``.

Swarm-scoped networks are the managers' business (:mod:`caasnb.net.swarmnet`): asked to
create one, a manager's controller raises :class:`ManagerRedirect` (libnetwork's
``ManagerRedirectError``) once the request passed the local checks; the swarm layer then
creates it cluster-wide and hands it to each engine that needs it with :meth:`install`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from ipaddress import IPv4Interface, IPv6Interface, ip_address, ip_network

from ..errors import Conflict, DockerError, Forbidden, InvalidArgument, NotFound
from ..sim import Simulation
from .allocation import allocate_subnets, release_subnets
from .cnm import Endpoint, Network, PortBinding, Sandbox
from .drivers import GLOBAL, Driver, linux_drivers, plugin_not_found, windows_drivers
from .ipam import IPAM, LOCAL, IPAMConfig, join_problems, validate_ipam
from .ports import PortAllocator

SWARM = "swarm"
DEFAULT_BRIDGE_OPTIONS = {
    "com.docker.network.bridge.default_bridge": "true",
    "com.docker.network.bridge.enable_icc": "true",
    "com.docker.network.bridge.enable_ip_masquerade": "true",
    "com.docker.network.bridge.host_binding_ipv4": "0.0.0.0",
    "com.docker.network.bridge.name": "docker0",
    "com.docker.network.driver.mtu": "1500",
}
NOT_A_MANAGER = (
    'This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" '
    "to connect this node to swarm and try again."
)
CONNECT_TO_HOST = "cannot connect container to host network - container must be created in host network mode"
DISCONNECT_FROM_HOST = "cannot disconnect container from host network - container was created in host network mode"
SHARED_NETWORK = (
    "container sharing network namespace with another container or host cannot be connected to any other network"
)
NONE_AND_OTHERS = "container cannot be connected to multiple networks with one of the networks in private (none) mode"
IP_ON_PREDEFINED = "user specified IP address is supported on user defined networks only"
IP_WITHOUT_SUBNET = (
    "user specified IP address is supported only when connecting to networks with user configured subnets"
)
ALIAS_ON_PREDEFINED = "network-scoped alias is supported only for containers in user defined networks"


class ManagerRedirect(Exception):
    """A swarm-scoped network passed the engine's checks: the managers must create it."""


def _bool_option(options: dict[str, str], key: str, default: bool) -> bool:
    if key not in options:
        return default
    value = options[key].lower()
    if value in ("1", "t", "true"):
        return True
    if value in ("0", "f", "false"):
        return False
    raise InvalidArgument(f'driver-opt "{key}" is not a valid bool')


class NetworkController:
    """The networks of one Docker engine, with the predefined ``bridge``, ``host`` and ``none``."""

    def __init__(
        self,
        sim: Simulation,
        host: str,
        *,
        platform: str = "linux",
        ipam: IPAM | None = None,
        drivers: Iterable[Driver] | None = None,
        reserved: Sequence[str] = (),
        nameservers: Sequence[str] = ("192.168.65.7",),
    ) -> None:
        self.sim = sim
        self.host = host
        self.platform = platform
        self.ipam = ipam or IPAM(host_id=host)
        self.drivers = {d.name: d for d in (drivers or (linux_drivers() if platform == "linux" else windows_drivers()))}
        self.reserved = tuple(ip_network(r) for r in reserved)
        self.nameservers = tuple(nameservers)
        self.swarm_role: str | None = None  # None, "worker" or "manager": set by the swarm layer
        self.networks: dict[str, Network] = {}
        self.sandboxes: dict[str, Sandbox] = {}
        self.ports = PortAllocator()
        self._ids = sim.rng(f"net:{host}:ids")
        self._macs = sim.rng(f"net:{host}:mac")
        self._create_predefined()

    # -- lookup ------------------------------------------------------------------
    def find(self, term: str) -> Network:
        """A network by full ID, full name or unique ID prefix (the daemon's ``FindNetwork``)."""
        by_name, by_prefix = [], []
        for network in self.networks.values():
            if network.id == term:
                return network
            if network.name == term:
                by_name.append(network)
            if network.id.startswith(term):
                by_prefix.append(network)
        if len(by_name) == 1:
            return by_name[0]
        if by_name:
            raise InvalidArgument(f"network {term} is ambiguous ({len(by_name)} matches found on name)")
        if len(by_prefix) == 1:
            return by_prefix[0]
        if by_prefix:
            raise InvalidArgument(f"network {term} is ambiguous ({len(by_prefix)} matches found based on ID prefix)")
        raise NotFound(f"network {term} not found")

    def driver(self, name: str) -> Driver:
        if name not in self.drivers:
            raise plugin_not_found(name)
        return self.drivers[name]

    def register_plugin(self, driver: Driver) -> None:
        """Install a network plugin (``docker plugin install``) so networks may use its driver."""
        self.drivers[driver.name] = driver

    # -- networks ----------------------------------------------------------------
    def create(
        self,
        name: str,
        driver: str = "",
        *,
        scope: str = "",
        internal: bool = False,
        attachable: bool = False,
        ingress: bool = False,
        enable_ipv4: bool | None = None,
        enable_ipv6: bool | None = None,
        ipam_driver: str = "default",
        ipam_config: Sequence[IPAMConfig] = (),
        ipam_options: Mapping[str, str] | None = None,
        options: Mapping[str, str] | None = None,
        labels: Mapping[str, str] | None = None,
        config_only: bool = False,
        config_from: str = "",
    ) -> Network:
        """``docker network create`` on this engine (``POST /networks/create``)."""
        if name in ("bridge", "host", "none", "default"):
            raise Forbidden(f"operation is not permitted on predefined {name} network ")
        driver = driver or ("bridge" if self.platform == "linux" else "nat")
        if driver == "overlay" and self.swarm_role != "manager":
            raise Forbidden(NOT_A_MANAGER)
        opts = dict(options or {})
        ipv4 = _bool_option(opts, "com.docker.network.enable_ipv4", True) if enable_ipv4 is None else enable_ipv4
        ipv6 = _bool_option(opts, "com.docker.network.enable_ipv6", False) if enable_ipv6 is None else enable_ipv6
        validate_ipam(ipam_config, ipv6)
        if not name.strip():
            raise InvalidArgument("invalid name: name is empty")
        if any(n.name == name for n in self.networks.values()):
            raise Conflict(f"network with name {name} already exists")
        chosen = self.drivers["null"] if config_only else self.driver(driver)  # config-only: no driver at all
        network = Network(
            self._new_id(), name, chosen, LOCAL if config_only else scope or LOCAL, self.sim.now,
            options=opts, labels=dict(labels or {}), internal=internal, attachable=attachable, ingress=ingress,
            enable_ipv4=ipv4, enable_ipv6=ipv6, config_only=config_only, config_from=config_from,
            ipam_driver=ipam_driver, ipam_options=None if ipam_options is None else dict(ipam_options),
            ipam_config=list(ipam_config),
        )  # fmt: skip
        if config_only:
            return self._add(network)
        if scope == LOCAL and chosen.scope == GLOBAL:
            raise Forbidden(f"cannot downgrade network scope for {driver} networks")
        if ingress and chosen.scope != GLOBAL:
            raise Forbidden("Ingress network can only be global scope network")
        if config_from:
            self._apply_config_from(network)
        if chosen.scope == GLOBAL or scope == SWARM:
            self._check_swarm_scope(network)
        self._plumb(network, serial=False)
        return self._add(network)

    def _apply_config_from(self, network: Network) -> None:
        source = next((n for n in self.networks.values() if n.name == network.config_from and n.config_only), None)
        if source is None:
            raise NotFound(f'configuration network "{network.config_from}" does not exist')
        network.ipam_config, network.options = list(source.ipam_config), dict(source.options)
        network.enable_ipv6 = network.enable_ipv6 or source.enable_ipv6

    def _check_swarm_scope(self, network: Network) -> None:
        if self.swarm_role == "manager":
            if not network.enable_ipv4:
                raise InvalidArgument("IPv4 cannot be disabled in a Swarm scoped network")
            raise ManagerRedirect(network.name)
        if self.swarm_role == "worker":
            raise Forbidden(
                "Cannot create a multi-host network from a worker node. Please create the network from a manager node."
            )
        if network.scope == SWARM:
            raise Forbidden("cannot create a swarm scoped network when swarm is not active")

    def _plumb(self, network: Network, serial: bool) -> None:
        """Let the driver accept the options, then give the network its subnets."""
        peers = [n for n in self.networks.values() if n.driver is network.driver]
        network.options = network.driver.configure(network.id, network.options, network.internal, peers)
        if network.driver.has_addresses:
            versions = [v for v, on in ((4, network.enable_ipv4), (6, network.enable_ipv6)) if on]
            try:
                network.subnets = allocate_subnets(
                    self.ipam, LOCAL, network.ipam_config, versions,
                    needs_gateway=network.driver.needs_gateway(network.options, network.internal),
                    reserved=self.reserved, serial=serial,
                )  # fmt: skip
            except DockerError:
                network.driver.release(network.options)
                raise

    def install(self, network: Network) -> None:
        """Make a swarm-scoped network (allocated by the managers) usable on this engine."""
        self.networks[network.id] = network

    def uninstall(self, network: Network) -> None:
        """Forget a swarm-scoped network once no local container uses it."""
        self.networks.pop(network.id, None)

    def remove(self, term: str) -> Network:
        """``docker network rm`` of a local network (``DELETE /networks/{id}``)."""
        network = self.find(term)
        if network.scope == SWARM:
            raise ManagerRedirect(network.name)
        if network.predefined:
            raise Forbidden(f"{network.name} is a pre-defined network and cannot be removed")
        if network.config_only and any(n.config_from == network.name for n in self.networks.values()):
            raise Forbidden(f'error while removing network: configuration network "{network.name}" is in use')
        if network.endpoints:
            listed = ", ".join(f'name:"{ep.name}" id:"{ep.id[:12]}"' for ep in network.endpoints.values())
            raise Forbidden(f"error while removing network: network {network.name} has active endpoints ({listed})")
        release_subnets(network.subnets)
        network.driver.release(network.options)
        del self.networks[network.id]
        self.sim.emit("network.destroy", network.id, name=network.name, type=network.driver.name, host=self.host)
        return network

    def prune(self, keep: Callable[[Network], bool] | None = None) -> list[str]:
        """``docker network prune``: remove unused user-defined local networks; returns their names."""
        doomed = [
            n
            for n in self.networks.values()
            if n.scope == LOCAL and not n.predefined and not n.config_only and not n.endpoints
            and not (keep and keep(n))
        ]  # fmt: skip
        for network in doomed:
            self.remove(network.id)
        self.sim.emit("network.prune", self.host, reclaimed="0", deleted=[n.name for n in doomed])
        return [n.name for n in doomed]

    def _add(self, network: Network) -> Network:
        self.networks[network.id] = network
        self.sim.emit(
            "network.create", network.id, name=network.name, type=network.driver.name, scope=network.scope,
            host=self.host,
        )  # fmt: skip
        return network

    def _create_predefined(self) -> None:
        if self.platform == "linux":
            bridge = Network(self._new_id(), "bridge", self.drivers["bridge"], LOCAL, self.sim.now)
            bridge.options = dict(DEFAULT_BRIDGE_OPTIONS)
            self._plumb(bridge, serial=False)
            first = bridge.subnets[0]
            bridge.ipam_config = [IPAMConfig(str(first.prefix), gateway=str(first.gateway))]
            bridge.ipam_options = None
            self._add(bridge)
            self._add_plain("host", "host")
        else:
            self._add_plain("nat", "nat")  # Windows engines have no host network
        self._add_plain("none", "null")

    def _add_plain(self, name: str, driver: str) -> None:
        network = Network(self._new_id(), name, self.drivers[driver], LOCAL, self.sim.now)
        self._plumb(network, serial=False)
        self._add(network)

    def _new_id(self) -> str:
        """A 64-hex ID like ``stringid.GenerateRandomID``: never all digits in its first 12."""
        while True:
            new = self._ids.randbytes(32).hex()
            if not new[:12].isdigit():
                return new

    # -- sandboxes and endpoints ---------------------------------------------------
    def sandbox(self, container_id: str, name: str, hostname: str = "", mode: str = "bridge") -> Sandbox:
        """A container's network stack, joined to the network named by its network mode."""
        sandbox = Sandbox(container_id, name, hostname or container_id[:12], self.host, mode, self.nameservers)
        self.sandboxes[container_id] = sandbox
        if not mode.startswith("container:"):
            self.connect(mode, sandbox)
        return sandbox

    def connect(
        self,
        term: str,
        sandbox: Sandbox,
        *,
        aliases: Sequence[str] = (),
        ipv4: str = "",
        ipv6: str = "",
        mac: str = "",
        links: Sequence[str] = (),
        managed: bool = False,
    ) -> Endpoint:
        """``docker network connect`` (``POST /networks/{id}/connect``); ``managed`` for a swarm task's container."""
        network = self.find(term)
        if sandbox.mode.startswith("container:"):
            raise InvalidArgument(SHARED_NETWORK)
        if network.scope == SWARM and not network.attachable and not managed:
            raise DockerError(
                f"Could not attach to network {term}: rpc error: code = PermissionDenied "
                f"desc = network {term} not manually attachable"
            )
        dns_names = self._check_settings(network, sandbox, aliases, ipv4, ipv6)
        self._check_combination(network, sandbox)
        interface = sandbox.free_interface() if network.driver.has_addresses else ""
        endpoint = Endpoint(
            self._new_id(), network, sandbox, interface, aliases=tuple(aliases), links=tuple(links),
            dns_names=dns_names, requested={"IPv4Address": ipv4, "IPv6Address": ipv6},
        )  # fmt: skip
        if mac and network.driver.name == "ipvlan":
            raise DockerError(
                f"failed to create endpoint {sandbox.name} on network {network.name}: "
                "ipvlan interfaces do not support custom mac address assignment"
            )
        self._assign_addresses(endpoint, ipv4, ipv6)
        ip = endpoint.ipv4.ip if endpoint.ipv4 else None
        endpoint.mac = mac or (network.driver.mac_address(ip, self._macs) if network.driver.has_addresses else "")
        network.endpoints[endpoint.id] = endpoint
        sandbox.endpoints.append(endpoint)
        self.sim.emit(
            "network.connect", network.id, name=network.name, type=network.driver.name,
            container=sandbox.container_id, host=self.host,
        )  # fmt: skip
        return endpoint

    def _check_settings(
        self, network: Network, sandbox: Sandbox, aliases: Sequence[str], ipv4: str, ipv6: str
    ) -> tuple[str, ...]:
        """The daemon's ``validateEndpointSettings``; returns the endpoint's DNS names."""
        problems = []
        if network.predefined:
            if ipv4 or ipv6:
                problems.append(IP_ON_PREDEFINED)
            if aliases:
                problems.append(ALIAS_ON_PREDEFINED)
        for text, version in ((ipv4, 4), (ipv6, 6)):
            if text and not _is_address(text, version):
                problems.append(f"invalid IPv{version} address: {text}")
        for text, version in ((ipv4, 4), (ipv6, 6)):
            if text and _is_address(text, version):
                problems += _range_problem(network, text, version)
        if problems:
            raise InvalidArgument("invalid endpoint settings:\n" + join_problems(problems))
        if not network.embedded_dns:
            return ()
        names = [sandbox.name, *aliases, sandbox.container_id[:12], sandbox.hostname]
        return tuple(dict.fromkeys(n for n in names if n))

    @staticmethod
    def _check_combination(network: Network, sandbox: Sandbox) -> None:
        """``updateNetworkSettings`` and libnetwork's endpoint-name check: which networks may mix."""
        if not sandbox.shares_host_stack and network.driver.shares_host_stack:
            raise InvalidArgument(CONNECT_TO_HOST)
        for joined in sandbox.endpoints:
            if joined.network is network:
                raise Forbidden(f"endpoint with name {sandbox.name} already exists in network {network.name}")
            if joined.network.driver.shares_host_stack or network.driver.shares_host_stack:
                raise InvalidArgument(SHARED_NETWORK)
            if "none" in (joined.network.name, network.name):
                raise InvalidArgument(NONE_AND_OTHERS)

    def _assign_addresses(self, endpoint: Endpoint, ipv4: str, ipv6: str) -> None:
        network = endpoint.network
        if not network.driver.has_addresses:
            return
        for version, text in ((4, ipv4), (6, ipv6)):
            subnet = network.subnet_for(version)
            if subnet is None:
                continue
            address = subnet.pool.request(ip_address(text) if text else None) if text else self._next(network, version)
            interface = (IPv4Interface if version == 4 else IPv6Interface)((address, subnet.prefix.prefixlen))
            if version == 4:
                endpoint.ipv4 = interface
            else:
                endpoint.ipv6 = interface

    @staticmethod
    def _next(network: Network, version: int):
        subnet = network.subnet_for(version)
        try:
            return subnet.pool.request()
        except DockerError:
            raise DockerError(
                f"no available IPv{version} addresses on this network's address pools: {network.name} ({network.id})"
            ) from None

    def disconnect(self, term: str, sandbox: Sandbox) -> Endpoint:
        """``docker network disconnect`` (``POST /networks/{id}/disconnect``)."""
        network = self.find(term)
        if sandbox.shares_host_stack and network.driver.shares_host_stack:
            raise InvalidArgument(DISCONNECT_FROM_HOST)
        endpoint = sandbox.endpoint_on(network)
        if endpoint is None:
            raise DockerError(f"container {sandbox.container_id} is not connected to network {network.name}")
        self._leave(endpoint)
        return endpoint

    def _leave(self, endpoint: Endpoint) -> None:
        network, sandbox = endpoint.network, endpoint.sandbox
        for interface in (endpoint.ipv4, endpoint.ipv6):
            if interface is not None:
                network.subnet_for(interface.version).pool.release(interface.ip)
        del network.endpoints[endpoint.id]
        sandbox.endpoints.remove(endpoint)
        self.sim.emit(
            "network.disconnect", network.id, name=network.name, type=network.driver.name,
            container=sandbox.container_id, host=self.host,
        )  # fmt: skip

    def release(self, sandbox: Sandbox) -> None:
        """Tear a container's stack down (it stopped): leave every network, free its ports."""
        for endpoint in list(sandbox.endpoints):
            self._leave(endpoint)
        for binding in sandbox.ports:
            self.ports.release(binding)
        for proto, port in sandbox.listening if sandbox.shares_host_stack else ():
            self.ports.release(PortBinding(port, proto, "0.0.0.0", port))
        sandbox.ports.clear()
        self.sandboxes.pop(sandbox.container_id, None)

    # -- published ports ---------------------------------------------------------------
    def publish(
        self, sandbox: Sandbox, container_port: int, proto: str = "tcp", host_port: int = 0, host_ip: str = ""
    ) -> PortBinding:
        """``-p [host_ip:][host_port:]container_port[/proto]``: reserve a host port for the container."""
        endpoint = sandbox.endpoints[0]
        ip = host_ip or endpoint.network.options.get("com.docker.network.bridge.host_binding_ipv4", "0.0.0.0")
        try:
            binding = self.ports.bind(ip, proto, container_port, host_port)
        except DockerError as err:
            raise DockerError(
                f"driver failed programming external connectivity on endpoint {sandbox.name} ({endpoint.id}): {err}"
            ) from None
        sandbox.ports.append(binding)
        return binding

    def listen(self, sandbox: Sandbox, port: int, proto: str = "tcp") -> None:
        """A process in the container listens on ``port``: on the host network it competes with the host's."""
        if (proto, port) in sandbox.listening:
            raise Conflict(f"listen {proto} 0.0.0.0:{port}: bind: address already in use")
        if sandbox.shares_host_stack:
            self.ports.listen(proto, port)
        sandbox.listening.add((proto, port))


def _is_address(text: str, version: int) -> bool:
    try:
        address = ip_address(text)
    except ValueError:
        return False
    return address.version == version and not address.is_unspecified


def _range_problem(network: Network, text: str, version: int) -> list[str]:
    """``validateEndpointIPAddress``: a static IP needs a ``--subnet`` of the network that contains it."""
    if network.predefined:
        return []
    static = [ip_network(c.subnet, strict=False) for c in network.ipam_config if c.subnet]
    static = [s for s in static if s.version == version]
    if not static:
        return [IP_WITHOUT_SUBNET]
    if any(ip_address(text) in s for s in static):
        return []
    return [f"no configured subnet or ip-range contain the IP address {text}"]
