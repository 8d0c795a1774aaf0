"""Docker's default IPAM driver: address pools, subnets for networks, addresses for endpoints.

Mirrors libnetwork ``ipamutils`` and ``ipams/defaultipam`` (moby v28.2.2, unchanged at HEAD):

* Two address spaces, *local* (bridge, macvlan, ... networks of one engine) and *global*
  (swarm-scoped networks, allocated by the managers). They never see each other, so a
  bridge and an overlay network can both get 10.0.0.0/24 — a classic Docker surprise.
* Each space splits its predefined pools (``PoolSplit``: a base prefix cut into subnets of
  one size) and a network without ``--subnet`` gets the *lowest* free subnet of the sorted
  pools that overlaps nothing allocated and nothing reserved (the host's own routes).
* ``--subnet`` pools are checked for overlap, except when an ``--ip-range`` is given
  (libnetwork's known quirk, moby#46756): then networks may share one subnet.
* Inside a pool the network address and (IPv4) broadcast address are reserved, the gateway
  is the first free address unless given, aux addresses are reserved when inside the pool.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from ipaddress import IPv6Address, ip_address, ip_network

from ..errors import Forbidden, InvalidArgument
from .addrset import AddressSet, IPAddress, IPNetwork

LOCAL = "local"
GLOBAL = "global"
MAX_SWARM_SUBNET_SIZE = 29


@dataclass(frozen=True, slots=True)
class PoolSplit:
    """A base prefix cut into subnets of ``size`` bits (libnetwork ``NetworkToSplit``)."""

    base: IPNetwork
    size: int

    def step(self) -> int:
        return 1 << (self.base.max_prefixlen - self.size)


def _split(base: str, size: int) -> PoolSplit:
    return PoolSplit(ip_network(base), size)


LOCAL_DEFAULT_POOLS = (
    _split("172.17.0.0/16", 16),
    _split("172.18.0.0/16", 16),
    _split("172.19.0.0/16", 16),
    _split("172.20.0.0/14", 16),
    _split("172.24.0.0/14", 16),
    _split("172.28.0.0/14", 16),
    _split("192.168.0.0/16", 20),
)
GLOBAL_DEFAULT_POOLS = (_split("10.0.0.0/8", 24),)


def address_pools(entries: Iterable[Mapping[str, object]]) -> tuple[PoolSplit, ...]:
    """The daemon's ``default-address-pools`` (``[{"base": "10.10.0.0/16", "size": 24}]``), validated."""
    pools = []
    for index, entry in enumerate(entries):
        base, size = str(entry.get("base", "")), int(str(entry.get("size", 0)))
        try:
            prefix = ip_network(base)
        except ValueError:
            raise InvalidArgument(f"network at index {index} ({base}) is not in canonical form") from None
        if size == 0:
            raise InvalidArgument(f"network at index {index} ({base}) is not in canonical form")
        if prefix.prefixlen > size:
            raise InvalidArgument(
                f"network at index {index} ({base}) has a smaller prefix (/{prefix.prefixlen}) "
                f"than the target size of that pool (/{size})"
            )
        pools.append(PoolSplit(prefix, size))
    return tuple(pools)


def swarm_pools(cidrs: Sequence[str], mask_length: int = 24) -> tuple[PoolSplit, ...]:
    """``docker swarm init --default-addr-pool ... --default-addr-pool-mask-length``, validated like moby."""
    size = mask_length or 24
    if size > MAX_SWARM_SUBNET_SIZE:
        raise InvalidArgument(f"subnet size is out of range: {size}")
    pools = []
    for cidr in (c.strip() for c in cidrs):
        try:
            base = ip_network(cidr, strict=False)
        except ValueError:
            raise InvalidArgument(f"invalid base pool {cidr}: invalid CIDR address: {cidr}") from None
        if size < base.prefixlen:
            raise InvalidArgument(f'invalid CIDR: "{cidr}". Subnet size is too small for pool: {size}')
        pools.append(PoolSplit(base, size))
    return tuple(pools) or GLOBAL_DEFAULT_POOLS


def ula_pool(host_id: str) -> PoolSplit:
    """The IPv6 pool an engine adds when none is configured: a ULA /48 from its host ID, cut in /64s."""
    global_id = int.from_bytes(hashlib.sha256(host_id.encode()).digest()[:8], "big") & ((1 << 40) - 1)
    return PoolSplit(ip_network((IPv6Address(int(IPv6Address("fd00::")) + (global_id << 80)), 48)), 64)


@dataclass(eq=False)
class PoolData:
    """One allocated subnet: its addresses and the ``--ip-range`` children sharing it."""

    subnet: IPNetwork
    addresses: AddressSet
    children: set[IPNetwork] = field(default_factory=set)
    auto_release: bool = False


@dataclass(eq=False)
class Pool:
    """A network's claim on a subnet (libnetwork's pool ID): where its endpoints get addresses."""

    space: AddressSpace
    subnet: IPNetwork
    ip_range: IPNetwork | None
    serial: bool

    @property
    def data(self) -> PoolData:
        return self.space.subnets[self.subnet]

    def request(self, address: IPAddress | None = None) -> IPAddress:
        """An address for an endpoint or gateway: ``address`` if free, else the next one."""
        if address is not None:
            self.data.addresses.add(address)
            return address
        return self.data.addresses.add_any(self.ip_range, self.serial)

    def release(self, address: IPAddress) -> None:
        self.data.addresses.remove(address)

    def __contains__(self, address: IPAddress) -> bool:
        return address in self.data.addresses


class AddressSpace:
    """The subnets allocated from one scope and IP family, and the pools that feed new ones."""

    def __init__(self, predefined: Iterable[PoolSplit]) -> None:
        ordered = sorted(predefined, key=lambda p: (int(p.base.network_address), p.base.prefixlen))
        self.predefined: list[PoolSplit] = []
        for split in ordered:  # a pool inside an earlier, bigger one is never used (as in libnetwork)
            if not self.predefined or not self.predefined[-1].base.overlaps(split.base):
                self.predefined.append(split)
        self.subnets: dict[IPNetwork, PoolData] = {}

    def allocate_dynamic(self, reserved: Iterable[IPNetwork] = ()) -> IPNetwork:
        """The lowest free subnet of the predefined pools overlapping nothing allocated or reserved."""
        if not self.predefined:
            raise InvalidArgument("invalid address pool")
        blockers = sorted(
            (int(n.network_address), int(n.broadcast_address))
            for n in [*self.subnets, *reserved]
            if n.version == self.predefined[0].base.version
        )
        for split in self.predefined:
            start = self._first_free(split, blockers)
            if start is not None:
                subnet = ip_network((type(split.base.network_address)(start), split.size))
                self._add(subnet)
                return subnet
        raise InvalidArgument("all predefined address pools have been fully subnetted")

    @staticmethod
    def _first_free(split: PoolSplit, blockers: list[tuple[int, int]]) -> int | None:
        step, candidate = split.step(), int(split.base.network_address)
        last = int(split.base.broadcast_address)
        for low, high in blockers:
            if high < candidate:
                continue
            if low > candidate + step - 1:
                break
            candidate = (high + step) // step * step
            if candidate > last:
                return None
        return candidate if candidate + step - 1 <= last else None

    def allocate_static(self, subnet: IPNetwork, ip_range: IPNetwork | None) -> None:
        """Claim ``--subnet`` (and ``--ip-range``), refusing overlaps as libnetwork does."""
        existing = self.subnets.get(subnet)
        if existing is not None and (ip_range is None or ip_range in existing.children):
            raise Forbidden("invalid pool request: Pool overlaps with other one on this address space")
        if ip_range is None:
            if any(subnet.overlaps(other) for other in self.subnets):
                raise Forbidden("invalid pool request: Pool overlaps with other one on this address space")
            self._add(subnet)
            return
        if existing is None:
            existing = self._add(subnet)
            existing.auto_release = True
        existing.children.add(ip_range)

    def release(self, subnet: IPNetwork, ip_range: IPNetwork | None) -> None:
        data = self.subnets[subnet]
        if ip_range is not None:
            data.children.discard(ip_range)
        else:
            data.auto_release = True
        if not data.children and data.auto_release:
            del self.subnets[subnet]

    def _add(self, subnet: IPNetwork) -> PoolData:
        addresses = AddressSet(subnet)
        host_bits = subnet.max_prefixlen - subnet.prefixlen
        if subnet.version == 6 or host_bits > 1:  # network address (IPv6: subnet-router anycast), not on a /31
            addresses.add(subnet.network_address)
        if subnet.version == 4 and host_bits > 1:
            addresses.add(subnet.broadcast_address)
        data = self.subnets[subnet] = PoolData(subnet, addresses)
        return data


class IPAM:
    """The default IPAM driver of one engine (local space) or of the swarm managers (global space)."""

    def __init__(
        self,
        local_pools: Sequence[PoolSplit] = LOCAL_DEFAULT_POOLS,
        global_pools: Sequence[PoolSplit] = GLOBAL_DEFAULT_POOLS,
        host_id: str = "",
    ) -> None:
        if not any(p.base.version == 6 for p in local_pools):
            local_pools = [*local_pools, ula_pool(host_id)]
        self.spaces = {
            (scope, version): AddressSpace(p for p in pools if p.base.version == version)
            for scope, pools in ((LOCAL, local_pools), (GLOBAL, global_pools))
            for version in (4, 6)
        }

    def request_pool(
        self,
        scope: str,
        subnet: IPNetwork | None = None,
        ip_range: IPNetwork | None = None,
        *,
        version: int = 4,
        reserved: Iterable[IPNetwork] = (),
        serial: bool = False,
    ) -> Pool:
        """A subnet for a network: ``subnet`` if given (checked), else the next free default one."""
        space = self.spaces[(scope, subnet.version if subnet else version)]
        if subnet is None:
            return Pool(space, space.allocate_dynamic(reserved), None, serial)
        if ip_range is not None and ip_range.prefixlen < subnet.prefixlen:
            ip_range = subnet  # libnetwork restores pre-v24 behaviour: a bigger range means the subnet
        space.allocate_static(subnet, ip_range)
        return Pool(space, subnet, ip_range, serial)

    @staticmethod
    def release_pool(pool: Pool) -> None:
        pool.space.release(pool.subnet, pool.ip_range)


@dataclass(frozen=True, slots=True)
class IPAMConfig:
    """One entry of a network's IPAM config as the API carries it (strings, unparsed)."""

    subnet: str = ""
    ip_range: str = ""
    gateway: str = ""
    aux_addresses: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_api(cls, body: Mapping[str, object]) -> IPAMConfig:
        aux = body.get("AuxiliaryAddresses") or body.get("AuxAddress") or {}
        return cls(str(body.get("Subnet", "")), str(body.get("IPRange", "")), str(body.get("Gateway", "")), dict(aux))

    def to_api(self) -> dict[str, object]:
        """``IPAMConfig`` with Go's ``omitempty``: empty fields are left out."""
        body: dict[str, object] = {"Subnet": self.subnet, "IPRange": self.ip_range, "Gateway": self.gateway}
        body = {k: v for k, v in body.items() if v}
        if self.aux_addresses:
            body["AuxiliaryAddresses"] = dict(self.aux_addresses)
        return body


def _parse_prefix(text: str) -> IPNetwork | None:
    """``netip.ParsePrefix``: an address and a prefix length; host bits may be set."""
    if "/" not in text:
        return None
    try:
        return ip_network(text, strict=False)
    except ValueError:
        return None


def _family(version: int) -> str:
    return "IPv6" if version == 6 else "IPv4"


def _address_problem(text: str, subnet: IPNetwork, written: str) -> str | None:
    try:
        address = ip_address(text)
    except ValueError:
        return "invalid address"
    if address.version != subnet.version:
        return f"parent subnet is an {_family(subnet.version)} block"
    if address not in subnet:
        return f"parent subnet {written} doesn't contain this address"
    return None


def _config_problems(config: IPAMConfig, enable_ipv6: bool) -> list[str]:
    subnet = _parse_prefix(config.subnet)
    if subnet is None:
        return [f"invalid subnet {config.subnet}: invalid CIDR block notation"]
    if subnet.version == 6 and not enable_ipv6:
        return []
    problems = []
    written = config.subnet
    if ip_address(written.split("/")[0]) != subnet.network_address:
        problems.append(f"invalid subnet {written}: it should be {subnet}")
    if config.ip_range:
        problems += _range_problems(config.ip_range, subnet, written)
    if config.gateway and (problem := _address_problem(config.gateway, subnet, written)):
        problems.append(f"invalid gateway {config.gateway}: {problem}")
    for name, aux in sorted(config.aux_addresses.items()):
        if problem := _address_problem(aux, subnet, written):
            problems.append(f"invalid auxiliary address {name}: {problem}")
    return problems


def _range_problems(text: str, subnet: IPNetwork, written: str) -> list[str]:
    ip_range = _parse_prefix(text)
    if ip_range is None:
        return [f"invalid ip-range {text}: invalid CIDR block notation"]
    if ip_range.version != subnet.version:
        return [f"invalid ip-range {text}: parent subnet is an {_family(subnet.version)} block"]
    problems = []
    if ip_range.prefixlen < subnet.prefixlen:
        problems.append(f"invalid ip-range {text}: CIDR block is bigger than its parent subnet {written}")
    if ip_address(text.split("/")[0]) != ip_range.network_address:
        problems.append(f"invalid ip-range {text}: it should be {ip_range}")
    if not subnet.overlaps(ip_range):
        problems.append(f"invalid ip-range {text}: parent subnet {written} doesn't contain ip-range")
    return problems


def join_problems(problems: Sequence[str]) -> str:
    """moby's ``multierror.Join``: one problem as is, several as a ``* `` list."""
    if len(problems) == 1:
        return problems[0].strip()
    return "* " + "\n* ".join(p.replace("\n", "\n\t") for p in problems)


def validate_ipam(configs: Sequence[IPAMConfig], enable_ipv6: bool) -> None:
    """The daemon's ``ValidateIPAM``: every problem of every entry, in one error."""
    problems = [p for config in configs for p in _config_problems(config, enable_ipv6)]
    if problems:
        raise InvalidArgument("invalid network config:\n" + join_problems(problems))
