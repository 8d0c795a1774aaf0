"""Swarm-scoped networks as the managers keep them (swarmkit ``controlapi/network.go`` + moby's cnmallocator).

A swarm network is created once for the whole cluster, with a swarmkit object ID chosen by
the caller (the replicated store, so every manager applying the same log agrees). Its subnet
comes from the swarm's *global* address pool (10.0.0.0/8 in /24s unless ``docker swarm init
--default-addr-pool`` says otherwise), endpoint addresses are handed out serially, and an
overlay gets a VXLAN ID from 4096 up. Engines that run a task on it :meth:`install
<caasnb.net.controller.NetworkController.install>` the very same :class:`Network`, so task
addresses are unique cluster-wide. Refusals read as the daemon relays swarmkit's gRPC errors:
``rpc error: code = <Code> desc = <text>``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from ipaddress import IPv4Interface, IPv6Interface, ip_address, ip_interface

from ..errors import Conflict, DockerError, Forbidden, InvalidArgument, NotFound, NotImplementedByDaemon
from ..sim import Simulation
from .allocation import allocate_subnets, release_subnets
from .cnm import Network
from .drivers import Driver, OverlayDriver, VniAllocator, linux_drivers
from .ipam import GLOBAL, IPAM, IPAMConfig
from .vips import ServiceAllocator

SWARM_BUILTIN_DRIVERS = ("overlay", "macvlan", "bridge", "ipvlan", "host")
PREDEFINED_LABEL = "com.docker.swarm.predefined"


def rpc_error(kind: type[DockerError], code: str, desc: str) -> DockerError:
    """A swarmkit gRPC status error as the daemon passes it on."""
    return kind(f"rpc error: code = {code} desc = {desc}")


def _bad_ipam(desc: str) -> DockerError:
    return rpc_error(InvalidArgument, "InvalidArgument", f"ipam configuration: {desc}")


def _cidr(text: str) -> IPv4Interface | IPv6Interface | None:
    """Go's ``net.ParseCIDR``: an address and a prefix length, host bits allowed; None when malformed."""
    try:
        return ip_interface(text) if "/" in text else None
    except ValueError:
        return None


def _check_ipam(config: IPAMConfig) -> None:
    """swarmkit's ``validateIPAMConfiguration``."""
    subnet = _cidr(config.subnet)
    if subnet is None:
        raise _bad_ipam(f"invalid subnet {config.subnet}")
    if config.ip_range:
        ip_range = _cidr(config.ip_range)
        if ip_range is None:
            raise _bad_ipam(f"invalid range {config.ip_range}")
        if ip_range.ip not in subnet.network:
            raise _bad_ipam(f"subnet {config.subnet} does not contain range {config.ip_range}")
    if config.gateway:
        try:
            gateway = ip_address(config.gateway)
        except ValueError:
            raise _bad_ipam(f"invalid gateway {config.gateway}") from None
        if gateway not in subnet.network:
            raise _bad_ipam(f"subnet {config.subnet} does not contain gateway {config.gateway}")


class SwarmNetworks:
    """The cluster's swarm-scoped networks and the global IPAM and VXLAN IDs behind them."""

    def __init__(self, sim: Simulation, ipam: IPAM | None = None, drivers: Iterable[Driver] | None = None) -> None:
        self.sim = sim
        self.ipam = ipam or IPAM()
        self.drivers = {d.name: d for d in (drivers or linux_drivers(vnis=VniAllocator()))}
        self.networks: dict[str, Network] = {}
        self.services = ServiceAllocator(self.networks)  # service VIPs and ingress ports

    def ingress(self) -> Network | None:
        return next((n for n in self.networks.values() if n.ingress), None)

    def create(
        self,
        network_id: str,
        name: str,
        driver: str = "overlay",
        *,
        ingress: bool = False,
        attachable: bool = False,
        internal: bool = False,
        enable_ipv6: bool = False,
        ipam_config: Sequence[IPAMConfig] = (),
        options: Mapping[str, str] | None = None,
        labels: Mapping[str, str] | None = None,
    ) -> Network:
        """``docker network create --scope swarm`` / ``-d overlay`` on a manager."""
        if name in ("bridge", "host", "none", "default"):
            raise Forbidden(f"{name} is a pre-defined network and cannot be created")
        if any(n.name == name for n in self.networks.values()):
            raise Conflict(f"network with name {name} already exists")
        if attachable and ingress:
            raise rpc_error(InvalidArgument, "InvalidArgument", "ingress network cannot be attachable")
        if PREDEFINED_LABEL in (labels or {}):
            desc = (
                f"label {PREDEFINED_LABEL} is for internally created predefined networks and cannot be applied by users"
            )
            raise rpc_error(Forbidden, "PermissionDenied", desc)
        if ingress and driver != "overlay":
            desc = "only overlay driver is currently supported for ingress network"
            raise rpc_error(NotImplementedByDaemon, "Unimplemented", desc)
        chosen = self._driver(driver)
        for config in ipam_config:
            _check_ipam(config)
        if ingress and (existing := self.ingress()) is not None:
            raise rpc_error(Conflict, "AlreadyExists", f"ingress network ({existing.id}) is already present")
        network = Network(
            network_id, name, chosen, "swarm", self.sim.now, labels=dict(labels or {}), internal=internal,
            attachable=attachable, ingress=ingress, enable_ipv6=enable_ipv6, ipam_config=list(ipam_config),
        )  # fmt: skip
        network.options = chosen.configure(network_id, dict(options or {}), internal, ())
        if chosen.has_addresses:
            try:
                network.subnets = allocate_subnets(
                    self.ipam, GLOBAL, network.ipam_config, [4, 6] if enable_ipv6 else [4],
                    needs_gateway=True, serial=True,
                )  # fmt: skip
            except DockerError:
                chosen.release(network.options)
                raise
        self.networks[network_id] = network
        self.sim.emit("network.create", network_id, name=name, type=driver, scope="swarm")
        return network

    def _driver(self, name: str) -> Driver:
        if name not in self.drivers:
            raise rpc_error(InvalidArgument, "InvalidArgument", f"error during lookup of plugin {name}")
        return self.drivers[name]

    def remove(self, network_id: str, services: Sequence[str] = (), tasks: Sequence[str] = ()) -> Network:
        """``docker network rm`` of a swarm network; ``services``/``tasks`` are the IDs still using it."""
        network = self.networks.get(network_id)
        if network is None:
            raise rpc_error(NotFound, "NotFound", f"network {network_id} not found")
        if PREDEFINED_LABEL in network.labels:
            desc = f"network {network.name} ({network_id}) is a swarm predefined network and cannot be removed"
            raise rpc_error(Forbidden, "FailedPrecondition", desc)
        if network.ingress and services:
            desc = f"ingress network cannot be removed because service {services[0]} depends on it"
            raise rpc_error(Forbidden, "FailedPrecondition", desc)
        if services:
            raise rpc_error(Forbidden, "FailedPrecondition", f"network {network_id} is in use by service {services[0]}")
        if tasks:
            raise rpc_error(Forbidden, "FailedPrecondition", f"network {network_id} is in use by task {tasks[0]}")
        release_subnets(network.subnets)
        network.driver.release(network.options)
        del self.networks[network_id]
        self.sim.emit("network.remove", network_id, name=network.name, type=network.driver.name, scope="swarm")
        return network

    @staticmethod
    def vni(network: Network) -> int:
        """The VXLAN ID of an overlay network's first subnet."""
        if not isinstance(network.driver, OverlayDriver):
            raise ValueError(f"{network.name} is not an overlay network")
        return int(network.options["com.docker.network.driver.overlay.vxlanid_list"].split(",")[0])
