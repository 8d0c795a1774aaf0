"""Machines, clouds and container kinds as costs: the numbers behind sections 8.1, 8.2 and the 7.6 lab.

* :mod:`.machines`: bare metal vs virtual machine (hypervisor overhead, boot time, tenancy) and instance sizes.
* :mod:`.cloud`: regions and zones; ``Cloud().provision(n, size, zones=...)`` then ``fleet.init_swarm()``.
* :mod:`.kinds`: full system, virtual process, app and docker containers as profiles, with cost and
  density calculators and a what-if sweep.
"""

from .cloud import DEFAULT_REGIONS, Cloud, Fleet, Machine, Zone, link_latency
from .kinds import KINDS as CONTAINER_KINDS
from .kinds import ContainerKind, Estimate, estimate, sweep
from .machines import BARE_METAL, SIZES, VIRTUAL_MACHINE, MachineKind, Size, size

__all__ = [
    "BARE_METAL",
    "CONTAINER_KINDS",
    "DEFAULT_REGIONS",
    "SIZES",
    "VIRTUAL_MACHINE",
    "Cloud",
    "ContainerKind",
    "Estimate",
    "Fleet",
    "Machine",
    "MachineKind",
    "Size",
    "Zone",
    "estimate",
    "link_latency",
    "size",
    "sweep",
]
