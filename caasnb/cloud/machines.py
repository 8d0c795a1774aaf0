"""Hosts as machines: bare metal or a virtual machine, and the sizes a cloud sells.

Section 8.2 of the course weighs bare metal against virtual machines by their strengths and
weaknesses; here those become numbers. A :class:`MachineKind` says what the hypervisor costs
(a share of CPU and of disk/network I/O, extra network latency per hop), how long a machine
takes from "order" to "running" and whether it is shared with other tenants. A :class:`Size`
is what you order: vCPUs, memory, an hourly price and the kind of machine behind it.

The figures are illustrative, in the ranges published for KVM/Xen guests and public-cloud
catalogues (a few percent of CPU, more on I/O, tens of microseconds per network hop, about a
minute to boot a VM and many minutes to provision a bare-metal server); they are not any
provider's prices. Change them and every calculator follows.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import NotFound
from ..sim import MICROSECOND, SECOND

GIB = 1024**3


@dataclass(frozen=True)
class MachineKind:
    """What kind of machine a host is, as costs: hypervisor overhead, boot time, tenancy."""

    name: str
    cpu_overhead: float  # share of the CPU the hypervisor keeps
    io_overhead: float  # share of disk and network throughput lost to device emulation
    hop_latency: int  # ns added to every network hop leaving or entering the machine
    boot_time: tuple[int, int]  # ns from order to running: (fastest, slowest)
    tenancy: str  # "single" (the machine is yours) or "shared" (neighbours on the same hardware)
    management: str  # who patches firmware, replaces disks, migrates on hardware failure

    @property
    def virtualized(self) -> bool:
        return self.cpu_overhead > 0 or self.io_overhead > 0


BARE_METAL = MachineKind(
    name="bare-metal",
    cpu_overhead=0.0,
    io_overhead=0.0,
    hop_latency=0,
    boot_time=(8 * 60 * SECOND, 20 * 60 * SECOND),
    tenancy="single",
    management="you: firmware, disks, spares, capacity planning",
)
VIRTUAL_MACHINE = MachineKind(
    name="vm",
    cpu_overhead=0.05,
    io_overhead=0.15,
    hop_latency=60 * MICROSECOND,
    boot_time=(35 * SECOND, 95 * SECOND),
    tenancy="shared",
    management="the provider: live migration, hardware, images",
)
KINDS = {kind.name: kind for kind in (BARE_METAL, VIRTUAL_MACHINE)}


@dataclass(frozen=True)
class Size:
    """An instance type: what one machine offers and what it costs per hour."""

    name: str
    kind: MachineKind
    vcpus: int
    memory_gib: int
    price_per_hour: float  # US dollars
    network_gbps: float

    @property
    def effective_cpus(self) -> float:
        """CPUs left for containers once the hypervisor has taken its share."""
        return self.vcpus * (1 - self.kind.cpu_overhead)

    @property
    def effective_network_gbps(self) -> float:
        return self.network_gbps * (1 - self.kind.io_overhead)

    @property
    def memory_bytes(self) -> int:
        return self.memory_gib * GIB

    def monthly_price(self, hours: float = 730.0) -> float:
        """The price of running one machine for a month (730 hours) or ``hours``."""
        return self.price_per_hour * hours


SIZES = {
    size.name: size
    for size in (
        Size("vm.small", VIRTUAL_MACHINE, vcpus=2, memory_gib=4, price_per_hour=0.042, network_gbps=1),
        Size("vm.medium", VIRTUAL_MACHINE, vcpus=4, memory_gib=16, price_per_hour=0.168, network_gbps=5),
        Size("vm.large", VIRTUAL_MACHINE, vcpus=16, memory_gib=64, price_per_hour=0.672, network_gbps=10),
        Size("metal.medium", BARE_METAL, vcpus=16, memory_gib=64, price_per_hour=0.86, network_gbps=10),
        Size("metal.large", BARE_METAL, vcpus=64, memory_gib=256, price_per_hour=3.10, network_gbps=25),
    )
}


def size(name: str | Size) -> Size:
    """The catalogue entry ``name`` (a :class:`Size` passes through); NotFound lists the sizes there are."""
    if isinstance(name, Size):
        return name
    try:
        return SIZES[name]
    except KeyError:
        raise NotFound(f"no such instance type: {name} (sizes are {', '.join(SIZES)})") from None
