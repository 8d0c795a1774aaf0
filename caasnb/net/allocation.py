"""Giving a new network its subnets, gateways and auxiliary addresses (libnetwork ``ipamAllocate``).

For each IP version the network enables, every ``--subnet`` of that version is claimed (or,
with none given, one default subnet is picked); the gateway is the given address or the
first free one when the driver wants a gateway; ``--aux-address`` entries are reserved so no
container gets them. A failure half-way releases everything already taken.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from ipaddress import ip_address, ip_network

from ..errors import DockerError
from .addrset import IPNetwork
from .cnm import Subnet
from .ipam import IPAM, IPAMConfig


def _version(config: IPAMConfig) -> int:
    return ip_network(config.subnet, strict=False).version


def allocate_subnets(
    ipam: IPAM,
    scope: str,
    configs: Sequence[IPAMConfig],
    versions: Iterable[int],
    *,
    needs_gateway: bool,
    reserved: Iterable[IPNetwork] = (),
    serial: bool = False,
) -> list[Subnet]:
    """Claim the subnets of a new network, all or nothing."""
    subnets: list[Subnet] = []
    try:
        for version in versions:
            for config in [c for c in configs if _version(c) == version] or [IPAMConfig()]:
                subnets.append(_allocate(ipam, scope, config, version, needs_gateway, tuple(reserved), serial))
    except DockerError:
        release_subnets(subnets)
        raise
    return subnets


def _allocate(
    ipam: IPAM,
    scope: str,
    config: IPAMConfig,
    version: int,
    needs_gateway: bool,
    reserved: tuple[IPNetwork, ...],
    serial: bool,
) -> Subnet:
    requested = ip_network(config.subnet, strict=False) if config.subnet else None
    ip_range = ip_network(config.ip_range, strict=False) if config.ip_range else None
    pool = ipam.request_pool(scope, requested, ip_range, version=version, reserved=reserved, serial=serial)
    subnet = Subnet(pool, None)
    try:
        if config.gateway or needs_gateway:
            wanted = ip_address(config.gateway) if config.gateway else None
            try:
                subnet.gateway = pool.request(wanted)
            except DockerError as err:
                raise DockerError(f"failed to allocate gateway ({config.gateway}): {err}") from None
        for name, text in sorted(config.aux_addresses.items()):
            try:
                subnet.aux[name] = pool.request(ip_address(text))
            except DockerError as err:
                raise DockerError(f"failed to allocate secondary ip address ({name}:{text}): {err}") from None
    except DockerError:
        release_subnets([subnet])
        raise
    return subnet


def release_subnets(subnets: Iterable[Subnet]) -> None:
    """Give back a network's gateways, aux addresses and pools."""
    for subnet in subnets:
        for address in (subnet.gateway, *subnet.aux.values()):
            if address is not None:
                subnet.pool.release(address)
        IPAM.release_pool(subnet.pool)
