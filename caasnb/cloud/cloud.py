"""A simulated public cloud: regions, zones, and VMs (or bare-metal servers) you order by the dozen.

The 7.6 lab "deploy a CaaS in a public cloud" in three calls::

    cloud = Cloud()
    fleet = cloud.provision(5, "vm.medium", zones=["eu-central-a", "eu-central-b", "eu-central-c"], seed=7)
    print(fleet.init_swarm(managers=3))   # the docker commands an operator would type, with their output

``provision`` builds a :class:`caasnb.Cluster` whose hosts are the machines (``vm-1..N`` or
``metal-1..N``, spread over the zones in turn, each engine reporting its machine's CPUs and
memory, so the scheduler's resource checks see the size), draws each machine's boot time from its own
seeded stream (``sim.rng("cloud.boot:vm-1")``), emits ``cloud.provision`` at once and
``cloud.running`` when it has booted, and returns when the last one runs (as a provisioning
tool blocks). The network between machines follows where they stand: a few hundred
microseconds inside a zone, a millisecond or two between zones of a region, tens of
milliseconds between regions — plus the hypervisor's latency on each virtualized end.
``init_swarm`` then forms the swarm with the real commands and labels every node with its
``region``, ``zone``, ``instance-type`` and ``machine`` kind, so ``--constraint
node.labels.zone==...`` and ``--placement-pref spread=node.labels.zone`` work on them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from itertools import combinations

from ..cluster import Cluster
from ..errors import InvalidArgument, NotFound
from ..sim import MICROSECOND, MILLISECOND, SECOND
from ..swarm.spec.task import ResourceObject
from .machines import Size, size

DEFAULT_REGIONS = {
    "eu-central": ("eu-central-a", "eu-central-b", "eu-central-c"),
    "us-east": ("us-east-a", "us-east-b", "us-east-c"),
}
SAME_ZONE = (200 * MICROSECOND, 500 * MICROSECOND)
CROSS_ZONE = (1 * MILLISECOND, 2 * MILLISECOND)
CROSS_REGION = (35 * MILLISECOND, 45 * MILLISECOND)


@dataclass(frozen=True)
class Zone:
    """An availability zone: a failure domain inside a region."""

    name: str
    region: str


@dataclass(frozen=True)
class Machine:
    """One provisioned machine: its host name, type, place, and when it was ready."""

    name: str
    size: Size
    zone: Zone
    boot_time: int  # ns from the order to running

    def labels(self) -> dict[str, str]:
        """The node labels a provisioner sets so placement can see where the machine stands."""
        return {
            "region": self.zone.region,
            "zone": self.zone.name,
            "instance-type": self.size.name,
            "machine": self.size.kind.name,
        }


def link_latency(a: Machine, b: Machine) -> tuple[int, int]:
    """The (fastest, slowest) one-way delay between two machines: distance plus both hypervisors."""
    if a.zone.region != b.zone.region:
        low, high = CROSS_REGION
    elif a.zone != b.zone:
        low, high = CROSS_ZONE
    else:
        low, high = SAME_ZONE
    extra = a.size.kind.hop_latency + b.size.kind.hop_latency
    return low + extra, high + extra


class Cloud:
    """A catalogue of regions and zones that turns orders into running machines."""

    def __init__(self, regions: Mapping[str, Sequence[str]] = DEFAULT_REGIONS) -> None:
        self.zones = {name: Zone(name, region) for region, names in regions.items() for name in names}
        if not self.zones:
            raise InvalidArgument("a cloud needs at least one region with one zone")

    def zone(self, name: str) -> Zone:
        try:
            return self.zones[name]
        except KeyError:
            raise NotFound(f"no such zone: {name} (zones are {', '.join(self.zones)})") from None

    def provision(
        self, count: int, instance_type: str | Size, *, zones: Sequence[str] | None = None, seed: int = 7
    ) -> Fleet:
        """Order ``count`` machines of ``instance_type`` spread over ``zones`` (default: the first region's)."""
        if not isinstance(count, int) or isinstance(count, bool) or count < 1:
            raise InvalidArgument(f"count must be a whole number >= 1, not {count!r}")
        kind = size(instance_type)
        first_region = next(iter(self.zones.values())).region
        chosen = (
            [self.zone(z) for z in zones] if zones else [z for z in self.zones.values() if z.region == first_region]
        )
        if not chosen:
            raise InvalidArgument("give at least one zone")
        prefix = "metal" if kind.kind.name == "bare-metal" else "vm"
        names = [f"{prefix}-{i}" for i in range(1, count + 1)]
        cluster = Cluster(hosts=names, seed=seed)
        low, high = kind.kind.boot_time
        machines = {
            name: Machine(name, kind, chosen[i % len(chosen)], cluster.sim.rng(f"cloud.boot:{name}").randint(low, high))
            for i, name in enumerate(names)
        }
        return Fleet(cluster, machines)


class Fleet:
    """Machines provisioned together and the cluster of docker engines running on them."""

    def __init__(self, cluster: Cluster, machines: dict[str, Machine]) -> None:
        self.cluster = cluster
        self.machines = machines
        sim = cluster.sim
        for a, b in combinations(machines.values(), 2):
            cluster.net.set_link(a.name, b.name, latency=link_latency(a, b))
        for machine in machines.values():
            cluster.daemons[machine.name].resources = ResourceObject(
                nano_cpus=machine.size.vcpus * 1_000_000_000, memory_bytes=machine.size.memory_bytes
            )
            sim.emit("cloud.provision", machine.name, **machine.labels())
            sim.schedule(machine.boot_time, partial(sim.emit, "cloud.running", machine.name, zone=machine.zone.name))
        cluster.run(max(m.boot_time for m in machines.values()) / SECOND)

    @property
    def price_per_hour(self) -> float:
        return sum(machine.size.price_per_hour for machine in self.machines.values())

    def monthly_price(self, hours: float = 730.0) -> float:
        """What the fleet costs for a month (730 hours) of running, or ``hours``."""
        return self.price_per_hour * hours

    def table(self) -> str:
        """The machines as a provider's console lists them."""
        rows = [("NAME", "TYPE", "MACHINE", "ZONE", "REGION", "BOOTED IN", "$/HOUR")]
        for m in self.machines.values():
            boot = f"{m.boot_time / SECOND:.1f}s"
            rows.append(
                (
                    m.name,
                    m.size.name,
                    m.size.kind.name,
                    m.zone.name,
                    m.zone.region,
                    boot,
                    f"{m.size.price_per_hour:.3f}",
                )
            )
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        return "\n".join(
            "   ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in rows
        )

    def init_swarm(self, managers: int = 1) -> str:
        """Form a swarm the way an operator does, then label the nodes; returns the transcript.

        The first machine runs ``swarm init``; the next ``managers - 1`` join as managers, the
        rest as workers, with the tokens ``swarm join-token -q`` prints. Every node is then
        labelled with its region, zone, instance type and machine kind.
        """
        names = list(self.machines)
        if not isinstance(managers, int) or not 1 <= managers <= len(names):
            raise InvalidArgument(f"managers must be between 1 and {len(names)}, not {managers!r}")
        first = self.cluster.daemons[names[0]]
        transcript: list[str] = []

        def docker(line: str, on: str) -> str:
            result = self.cluster.docker(line, on=on)
            transcript.append(f"{on}$ docker {line}\n{result.stdout}{result.stderr}".rstrip())
            if result.exit_code:
                raise InvalidArgument(f"docker {line} failed on {on}: {result.stderr.strip()}")
            return result.stdout.strip()

        docker(f"swarm init --advertise-addr {first.addr}", names[0])
        tokens = {role: docker(f"swarm join-token -q {role}", names[0]) for role in ("manager", "worker")}
        for index, name in enumerate(names[1:], start=1):
            role = "manager" if index < managers else "worker"
            docker(f"swarm join --token {tokens[role]} {first.addr}:2377", name)
        self.cluster.run(1)
        for machine in self.machines.values():
            labels = " ".join(f"--label-add {key}={value}" for key, value in machine.labels().items())
            docker(f"node update {labels} {machine.name}", names[0])
        return "\n".join(transcript)
