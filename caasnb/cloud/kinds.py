"""What kind of container am I? Four design approaches as profiles, and what each costs a host.

Section 8.1: "the design approach used to build a given container will be one of the most
deterministic factors in defining the cost against the system". A :class:`ContainerKind`
holds that design as numbers — image size, start time, copy-on-write or a full copy of the
root filesystem per instance, processes and memory per instance, and the density limit
(instances one host can carry before process tables, addresses and kernel bookkeeping say no).
:func:`estimate` turns a kind, a count and a machine size into hosts, disk, start-up time and
money; :func:`sweep` does it over every combination, as tidy rows for a table or a plot.

Like the machine figures, the profiles are illustrative: a full system container (LXC/OpenVZ
style) boots an init and a dozen services; a virtual process container shares the image
copy-on-write; an app container is one static binary (luvs pods); a docker container sits in
between, with a distribution base image for compatibility.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from .machines import Size, size

DISK_MB_PER_S = 400.0  # sequential disk throughput of an unvirtualized host


@dataclass(frozen=True)
class ContainerKind:
    """A container design approach, as the costs it puts on the system."""

    name: str
    image_mb: float  # size of the image to pull and store
    start_s: float  # from "start" to ready, image already local
    cow: bool  # instances share the image copy-on-write (else each gets a full copy)
    processes: int  # processes per instance
    memory_mb: float  # resident memory per instance
    cpu: float  # CPUs reserved per instance
    writable_mb: float  # private writes per instance (its own layer or its own copy's growth)
    density_limit: int  # instances per host, whatever the resources
    oriented: str  # "system" or "app"
    lifecycle: str  # "pet" (cared for, repaired) or "cattle" (replaced)


FULL_SYSTEM = ContainerKind("full system", 700, 8.0, False, 25, 320, 0.25, 200, 60, "system", "pet")
VIRTUAL_PROCESS = ContainerKind("virtual process", 250, 1.5, True, 4, 96, 0.10, 30, 250, "app", "cattle")
APP = ContainerKind("app container", 15, 0.1, True, 1, 24, 0.02, 2, 1000, "app", "cattle")
DOCKER = ContainerKind("docker container", 140, 0.6, True, 2, 64, 0.05, 20, 500, "app", "cattle")
KINDS = {kind.name: kind for kind in (FULL_SYSTEM, VIRTUAL_PROCESS, APP, DOCKER)}


@dataclass(frozen=True)
class Estimate:
    """What ``instances`` containers of one kind cost on machines of one size."""

    kind: str
    instance_type: str
    machine: str
    instances: int
    per_host: int  # density: instances one host carries
    limited_by: str  # "memory", "cpu" or "density limit"
    hosts: int
    disk_gb_per_host: float
    start_s: float  # from "go" to every instance ready on an empty host (pull, copies, starts)
    price_per_hour: float
    price_per_instance_month: float

    def row(self) -> dict:
        return asdict(self)


def density(kind: ContainerKind, machine: Size) -> tuple[int, str]:
    """Instances of ``kind`` one ``machine`` carries, and what limits it."""
    limits = {
        "memory": int(machine.memory_gib * 1024 / kind.memory_mb),
        "cpu": int(machine.effective_cpus / kind.cpu + 1e-9),
        "density limit": kind.density_limit,
    }
    limit = min(limits, key=lambda name: (limits[name], name))
    return max(limits[limit], 0), limit


def host_disk_mb(kind: ContainerKind, per_host: int) -> float:
    """Disk one host needs: one image shared copy-on-write, or one full copy per instance."""
    copies = 1 if kind.cow else per_host
    return kind.image_mb * copies + kind.writable_mb * per_host


def start_seconds(kind: ContainerKind, machine: Size, per_host: int) -> float:
    """Pull the image once over the machine's network, copy it per instance unless CoW, start them all.

    Starts run side by side on the host's CPUs, so ``per_host`` instances take
    ``ceil(per_host / cpus)`` rounds of ``start_s``; copies are sequential on the disk,
    slowed by the hypervisor's I/O overhead on a VM.
    """
    pull = kind.image_mb * 8 / (machine.effective_network_gbps * 1000)
    disk = DISK_MB_PER_S * (1 - machine.kind.io_overhead)
    copies = 0.0 if kind.cow else kind.image_mb * per_host / disk
    rounds = math.ceil(per_host / max(machine.effective_cpus, 1))
    return pull + copies + rounds * kind.start_s


def estimate(kind: ContainerKind | str, instances: int, instance_type: Size | str, hours: float = 730.0) -> Estimate:
    """Hosts, disk, start-up time and price of running ``instances`` of ``kind`` on ``instance_type``."""
    kind = KINDS[kind] if isinstance(kind, str) else kind
    machine = size(instance_type)
    per_host, limited_by = density(kind, machine)
    if per_host < 1:
        raise ValueError(f"one {kind.name} does not fit on a {machine.name}")
    hosts = math.ceil(instances / per_host)
    on_busiest = min(per_host, instances)
    price = hosts * machine.price_per_hour
    return Estimate(
        kind=kind.name,
        instance_type=machine.name,
        machine=machine.kind.name,
        instances=instances,
        per_host=per_host,
        limited_by=limited_by,
        hosts=hosts,
        disk_gb_per_host=round(host_disk_mb(kind, on_busiest) / 1024, 2),
        start_s=round(start_seconds(kind, machine, on_busiest), 2),
        price_per_hour=round(price, 3),
        price_per_instance_month=round(price * hours / instances, 2),
    )


def sweep(
    kinds: Iterable[ContainerKind | str] = tuple(KINDS),
    instance_types: Iterable[Size | str] = ("vm.medium", "metal.medium"),
    instances: Iterable[int] = (10, 100, 1000),
) -> list[dict]:
    """Every combination of kind, machine size and instance count, as one tidy row each."""
    return [estimate(kind, count, machine).row() for kind in kinds for machine in instance_types for count in instances]


def table(rows: list[dict], columns: Iterable[str]) -> str:
    """Rows as an aligned plain-text table (what notebooks print)."""
    columns = list(columns)
    cells = [columns] + [[str(row[column]) for column in columns] for row in rows]
    widths = [max(len(line[i]) for line in cells) for i in range(len(columns))]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip() for line in cells)
