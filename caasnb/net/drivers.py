"""Network drivers: what each CNM driver allows and how it wires endpoints (moby v28.2.2 libnetwork).

A driver checks a network's ``-o`` options when the network is created, says whether its
networks have IP addresses at all (``host`` and ``null`` have none) and whether they need a
gateway, and gives endpoints their MAC address. Docker 28 gives bridge and macvlan endpoints
a random locally-administered MAC (Docker <= 26 derived ``02:42`` + the IPv4 bytes); overlay
endpoints still get ``02:42`` + IPv4 bytes; ipvlan endpoints share the parent's MAC.
Linux engines carry bridge/host/null/overlay/macvlan/ipvlan; Windows engines carry
nat/transparent/l2bridge/l2tunnel/ics/overlay. Anything else is a plugin (:class:`RemoteDriver`).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Mapping
from ipaddress import IPv4Address
from itertools import chain

from ..errors import DockerError, NotFound, Unavailable
from .addrset import IPAddress

LOCAL = "local"
GLOBAL = "global"
HOST_INTERFACES = ("lo", "eth0")
VXLAN_ID_START = 4096  # ovmanager: the lowest VNI it assigns (below are 802.1Q VLAN IDs)
VXLAN_ID_END = (1 << 24) - 1  # the largest VNI RFC 7348 allows
VXLAN_ID_OPTION = "com.docker.network.driver.overlay.vxlanid_list"
ENCRYPTED_OPTION = "encrypted"
CreateHook = Callable[[str, dict[str, str]], str]


def random_mac(rng: random.Random) -> str:
    """``netutils.GenerateRandomMAC``: unicast, locally administered."""
    raw = bytearray(rng.randbytes(6))
    raw[0] = (raw[0] & 0xFE) | 0x02
    return ":".join(f"{b:02x}" for b in raw)


def mac_from_ip(ip: IPAddress) -> str:
    """``netutils.GenerateMACFromIP``: ``02:42`` followed by the four IPv4 bytes."""
    return ":".join(f"{b:02x}" for b in b"\x02\x42" + ip.packed[-4:])


class Driver:
    """A network driver with Docker's rules; subclasses override only what differs."""

    name = ""
    scope = LOCAL  # the driver's data scope: LOCAL (one engine) or GLOBAL (the swarm)
    platform = "linux"
    has_addresses = True  # host/null networks get no IPAM at all (libnetwork hasSpecialDriver)
    shares_host_stack = False
    host_reaches_endpoints = True

    def configure(self, network_id: str, options: Mapping[str, str], internal: bool, peers: Iterable) -> dict[str, str]:
        """Check a new network's ``-o`` options against the driver and its other networks (``peers``).

        Returns the options the network keeps (shown under ``Options`` by inspect).
        """
        return dict(options)

    def needs_gateway(self, options: Mapping[str, str], internal: bool) -> bool:
        return True

    def mac_address(self, ip: IPAddress | None, rng: random.Random) -> str:
        return random_mac(rng)

    def release(self, options: Mapping[str, str]) -> None:
        """Free what the driver held for a removed network."""


class BridgeDriver(Driver):
    """A Linux bridge per network (``docker0`` for the default one); ICC unless disabled."""

    name = "bridge"

    @staticmethod
    def interface(network_id: str, options: Mapping[str, str]) -> str:
        """The host-side bridge device: ``-o com.docker.network.bridge.name`` or ``br-<id12>``."""
        return options.get("com.docker.network.bridge.name", f"br-{network_id[:12]}")

    @staticmethod
    def icc(options: Mapping[str, str]) -> bool:
        """Whether containers on the bridge may talk to each other (``enable_icc``, default true)."""
        return options.get("com.docker.network.bridge.enable_icc", "true").lower() in ("1", "t", "true")


class HostDriver(Driver):
    """The container shares the host's network stack: no interfaces, addresses or ports of its own."""

    name = "host"
    has_addresses = False
    shares_host_stack = True


class NullDriver(Driver):
    """``none``: loopback only."""

    name = "null"
    has_addresses = False


class VniAllocator:
    """The swarm managers' VXLAN IDs, handed out serially from 4096 like ovmanager's bitmap."""

    def __init__(self) -> None:
        self._used: set[int] = set()
        self._cursor = VXLAN_ID_START

    def take(self, vni: int) -> None:
        if vni in self._used:
            raise DockerError(f"could not assign vxlan id {vni} to pool: bit is already set")
        self._used.add(vni)

    def take_any(self) -> int:
        for vni in chain(range(self._cursor, VXLAN_ID_END + 1), range(VXLAN_ID_START, self._cursor)):
            if vni not in self._used:
                self._used.add(vni)
                self._cursor = vni + 1
                return vni
        raise Unavailable("could not obtain vxlan id for pool: no bit available")

    def release(self, vni: int) -> None:
        self._used.discard(vni)


class OverlayDriver(Driver):
    """Multi-host networks over VXLAN (UDP 4789), one VNI per subnet, optionally IPsec-encrypted."""

    name = "overlay"
    scope = GLOBAL

    def __init__(self, vnis: VniAllocator | None = None) -> None:
        self.vnis = vnis or VniAllocator()

    def configure(self, network_id, options, internal, peers):
        kept = dict(options)
        if VXLAN_ID_OPTION in kept:
            for vni in kept[VXLAN_ID_OPTION].split(","):
                self.vnis.take(int(vni))
        else:
            kept[VXLAN_ID_OPTION] = str(self.vnis.take_any())
        return kept

    def mac_address(self, ip, rng):
        return mac_from_ip(ip) if isinstance(ip, IPv4Address) else random_mac(rng)

    def release(self, options):
        for vni in options.get(VXLAN_ID_OPTION, "").split(","):
            if vni:
                self.vnis.release(int(vni))

    @staticmethod
    def encrypted(options: Mapping[str, str]) -> bool:
        return ENCRYPTED_OPTION in options


class _ParentedDriver(Driver):
    """macvlan and ipvlan: sub-interfaces of a host NIC (``-o parent=eth0``, or ``eth0.10`` for VLAN 10)."""

    mode_option = ""
    modes: tuple[str, ...] = ()
    host_reaches_endpoints = False  # the kernel keeps a parent from talking to its own children

    def __init__(self, host_interfaces: Iterable[str] = HOST_INTERFACES) -> None:
        self.host_interfaces = tuple(host_interfaces)

    def configure(self, network_id, options, internal, peers):
        kept = dict(options)
        mode = kept.get(self.mode_option, "") or self.modes[0]
        if mode not in self.modes:
            raise DockerError(
                f"requested {self.name} mode '{mode}' is not valid, "
                f"'{self.modes[0]}' mode is the {self.name} driver default"
            )
        parent = kept.get("parent", "") or f"dm-{network_id[:12]}"  # no parent: an isolated dummy link
        if parent == "lo":
            raise DockerError(f"loopback interface is not a valid {self.name} parent link")
        if parent not in self.host_interfaces and not parent.startswith("dm-"):
            self._check_vlan(parent)
        self.check_parent_sharing(parent, mode, peers)
        return kept

    def _check_vlan(self, parent: str) -> None:
        if "." not in parent:
            raise DockerError(f"invalid subinterface vlan name {parent}, example formatting is eth0.10")
        master, _, vlan = parent.rpartition(".")
        if not vlan.isdigit():
            raise DockerError(f"unable to parse vlan id from {parent}")
        if not 1 <= int(vlan) <= 4094:
            raise DockerError(f"vlan id must be between 1-4094, received: {int(vlan)}")
        if master not in self.host_interfaces:
            raise DockerError(f"failed to find master interface {master} on the Docker host: Link not found")

    def check_parent_sharing(self, parent: str, mode: str, peers: Iterable) -> None:
        """Refuse a parent another network of this driver may not share."""

    def needs_gateway(self, options, internal):
        return not internal  # GetSkipGwAlloc: internal macvlan/ipvlan networks have no gateway


class MacvlanDriver(_ParentedDriver):
    """Each container gets its own MAC on the parent's LAN; modes bridge (default), private, vepa, passthru."""

    name = "macvlan"
    mode_option = "macvlan_mode"
    modes = ("bridge", "private", "vepa", "passthru")

    def check_parent_sharing(self, parent, mode, peers):
        for other in peers:
            if other.options.get("parent", f"dm-{other.id[:12]}") != parent:
                continue
            if mode == "passthru":
                raise DockerError(
                    f"cannot use mode passthru, macvlan network {other.id} is already using parent interface {parent}"
                )
            if other.options.get(self.mode_option) == "passthru":
                raise DockerError(
                    f"macvlan network {other.id} is already using parent interface {parent} in mode passthru"
                )


class IpvlanDriver(_ParentedDriver):
    """Containers share the parent's MAC; modes l2 (default), l3, l3s; one network per parent."""

    name = "ipvlan"
    mode_option = "ipvlan_mode"
    modes = ("l2", "l3", "l3s")
    flags = ("bridge", "private", "vepa")

    def configure(self, network_id, options, internal, peers):
        flag = options.get("ipvlan_flag", "") or self.flags[0]
        if flag not in self.flags:
            raise DockerError(f"requested ipvlan flag '{flag}' is not valid, 'bridge' is the ipvlan driver default")
        return super().configure(network_id, options, internal, peers)

    def check_parent_sharing(self, parent, mode, peers):
        for other in peers:
            if other.options.get("parent", f"dm-{other.id[:12]}") == parent:
                raise DockerError(f"network dm-{other.id[:12]} is already using parent interface {parent}")

    def mac_address(self, ip, rng):
        return ""  # ipvlan endpoints use the parent's MAC; a custom one is refused


class WindowsDriver(Driver):
    """The drivers of a Windows engine (Host Networking Service network types)."""

    platform = "windows"

    def __init__(self, name: str, scope: str = LOCAL) -> None:
        self.name = name
        self.scope = scope


def windows_drivers() -> list[Driver]:
    """nat (the default), transparent, l2bridge, l2tunnel, ics, the Windows overlay, and null for ``none``."""
    local = [WindowsDriver(n) for n in ("nat", "transparent", "l2bridge", "l2tunnel", "ics")]
    return [*local, WindowsDriver("overlay", GLOBAL), NullDriver()]


class RemoteDriver(Driver):
    """A third-party network plugin (``NetworkDriver`` capability), spoken to like libnetwork's remote driver.

    ``create_network(network_id, options)`` plays the plugin's ``NetworkDriver.CreateNetwork`` call: it
    returns the plugin's ``Err`` text, empty when it accepts; the daemon reports ``remote: <Err>``.
    """

    def __init__(self, name: str, scope: str = LOCAL, create_network: CreateHook | None = None) -> None:
        self.name = name
        self.scope = scope
        self.create_network = create_network

    def configure(self, network_id, options, internal, peers):
        refusal = self.create_network(network_id, dict(options)) if self.create_network else ""
        if refusal:
            raise DockerError(f"remote: {refusal}")
        return dict(options)


def example_vlan_plugin() -> RemoteDriver:
    """An illustrative plugin ``example/vlan``: multi-host (global scope), insists on ``-o vlan=<1-4094>``."""

    def create_network(network_id: str, options: dict[str, str]) -> str:
        vlan = options.get("vlan", "")
        return "" if vlan.isdigit() and 1 <= int(vlan) <= 4094 else "option vlan=<1-4094> is required"

    return RemoteDriver("example/vlan", GLOBAL, create_network)


def linux_drivers(host_interfaces: Iterable[str] = HOST_INTERFACES, vnis: VniAllocator | None = None) -> list[Driver]:
    """The built-in drivers of a Linux engine."""
    interfaces = tuple(host_interfaces)
    return [
        BridgeDriver(),
        HostDriver(),
        NullDriver(),
        OverlayDriver(vnis),
        MacvlanDriver(interfaces),
        IpvlanDriver(interfaces),
    ]


def plugin_not_found(name: str) -> NotFound:
    """The daemon's answer for a driver it neither has nor finds as a plugin."""
    return NotFound(f'plugin "{name}" not found')
