"""The addresses in use inside one subnet, handed out the way libnetwork's bitmap does.

libnetwork (``internal/addrset`` over ``bitmap``) keeps one bit per address and hands out
either the lowest free address or, in *serial* mode, the first free one at or after the
address following the last one it handed out, wrapping round to the start. Local networks
use the first (a released container IP is reused at once); swarm networks use serial mode
because the manager's allocator sets ``com.docker.network.ipam.serial`` (cnmallocator), so a
task replaced on an overlay gets a fresh address. Like libnetwork, only the first 2**63
addresses of a huge (IPv6) subnet are ever handed out dynamically.

The set is sparse (offsets in a Python ``set``), so a /8 or a /64 costs nothing until used;
a per-window lower bound of the first free offset keeps lowest-free allocation amortised O(1).
"""

from __future__ import annotations

from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network

from ..errors import Forbidden, InvalidArgument, Unavailable

IPAddress = IPv4Address | IPv6Address
IPNetwork = IPv4Network | IPv6Network

MAX_DYNAMIC = 1 << 63


def address_in_use() -> Forbidden:
    """libnetwork ``ipamapi.ErrIPAlreadyAllocated``."""
    return Forbidden("Address already in use")


def out_of_range() -> InvalidArgument:
    """libnetwork ``ipamapi.ErrIPOutOfRange``."""
    return InvalidArgument("requested address is out of range")


def no_available_ips() -> Unavailable:
    """libnetwork ``ipamapi.ErrNoAvailableIPs``."""
    return Unavailable("no available addresses on this pool")


class AddressSet:
    """Which addresses of ``subnet`` are taken; allocation lowest-first or serial."""

    def __init__(self, subnet: IPNetwork) -> None:
        self.subnet = subnet
        self._base = int(subnet.network_address)
        self._last = min(subnet.num_addresses, MAX_DYNAMIC) - 1
        self._used: set[int] = set()
        self._floor: dict[tuple[int, int], int] = {}
        self._cursor = 0

    def __len__(self) -> int:
        return len(self._used)

    def __contains__(self, address: IPAddress) -> bool:
        return int(address) - self._base in self._used

    def add(self, address: IPAddress) -> None:
        """Take one given address (``--ip``, a gateway, an aux address)."""
        if address not in self.subnet:
            raise out_of_range()
        offset = int(address) - self._base
        if offset in self._used:
            raise address_in_use()
        self._used.add(offset)

    def add_any(self, within: IPNetwork | None = None, serial: bool = False) -> IPAddress:
        """Take a free address (inside ``within``, an ``--ip-range``, if given)."""
        start, end = self._window(within)
        offset = None
        if serial and start < self._cursor <= end:
            offset = self._scan(self._cursor, end)
        if offset is None:
            offset = self._lowest_free(start, end)
        if offset is None:
            raise no_available_ips()
        self._used.add(offset)
        self._cursor = offset + 1
        return self.subnet.network_address + offset

    def remove(self, address: IPAddress) -> None:
        """Give an address back; releasing a free address is not an error (as in libnetwork)."""
        if address not in self.subnet:
            raise out_of_range()
        offset = int(address) - self._base
        self._used.discard(offset)
        for window, floor in self._floor.items():
            if window[0] <= offset < floor:
                self._floor[window] = offset

    def _window(self, within: IPNetwork | None) -> tuple[int, int]:
        if within is None:
            return 0, self._last
        start = int(within.network_address) - self._base
        return start, min(start + within.num_addresses - 1, self._last)

    def _scan(self, offset: int, end: int) -> int | None:
        used = self._used
        while offset <= end and offset in used:
            offset += 1
        return offset if offset <= end else None

    def _lowest_free(self, start: int, end: int) -> int | None:
        window = (start, end)
        found = self._scan(max(start, self._floor.get(window, start)), end)
        self._floor[window] = end + 1 if found is None else found
        return found
