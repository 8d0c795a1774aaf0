"""``docker stats --no-stream`` values, computed from two resource samples of a container.

The docker CLI (``cli/command/container/stats_helpers.go``, ``formatter_stats.go``):
CPU % = container CPU time delta / host CPU time delta × online CPUs × 100; memory usage
excludes the inactive file cache (``inactive_file`` on cgroup v2); MEM % = usage / limit;
sizes printed with go-units (``BytesSize`` for memory, ``HumanSizeWithPrecision(…, 3)``
for network and block I/O); percentages with two decimals.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..golang.units import bytes_size, human_size_with_precision


@dataclass(frozen=True)
class ResourceSample:
    """A container's cgroup counters at one instant (what the daemon's stats endpoint reads)."""

    time: int
    cpu_usage: int
    """Container CPU time used so far (ns)."""
    system_usage: int
    """Host CPU time so far, all CPUs (ns)."""
    online_cpus: int
    memory_usage: int
    memory_limit: int
    memory_inactive_file: int = 0
    rx_bytes: int = 0
    tx_bytes: int = 0
    blk_read: int = 0
    blk_write: int = 0
    pids: int = 0


@dataclass(frozen=True)
class StatsRow:
    """One ``docker stats`` row: the printed columns and the numbers behind them."""

    container: str
    name: str
    cpu_perc: str
    mem_usage: str
    mem_perc: str
    net_io: str
    block_io: str
    pids: str
    cpu_percent: float
    memory: float
    memory_percent: float


def cpu_percent(previous: ResourceSample, current: ResourceSample) -> float:
    """``calculateCPUPercentUnix``."""
    cpu_delta = current.cpu_usage - previous.cpu_usage
    system_delta = current.system_usage - previous.system_usage
    if system_delta > 0 and cpu_delta > 0:
        return cpu_delta / system_delta * current.online_cpus * 100.0
    return 0.0


def memory_used(sample: ResourceSample) -> float:
    """``calculateMemUsageUnixNoCache`` (cgroup v2): usage minus inactive file cache."""
    if sample.memory_inactive_file < sample.memory_usage:
        return float(sample.memory_usage - sample.memory_inactive_file)
    return float(sample.memory_usage)


def stats_row(container_id: str, name: str, previous: ResourceSample, current: ResourceSample) -> StatsRow:
    """The row ``docker stats --no-stream`` prints for a container sampled twice."""
    cpu = cpu_percent(previous, current)
    memory = memory_used(current)
    limit = float(current.memory_limit)
    mem_percent = memory / limit * 100.0 if limit else 0.0
    net_io = [human_size_with_precision(n, 3) for n in (current.rx_bytes, current.tx_bytes)]
    block_io = [human_size_with_precision(n, 3) for n in (current.blk_read, current.blk_write)]
    return StatsRow(
        container=container_id[:12],
        name=name.lstrip("/"),
        cpu_perc=f"{cpu:.2f}%",
        mem_usage=f"{bytes_size(memory)} / {bytes_size(limit)}",
        mem_perc=f"{mem_percent:.2f}%",
        net_io=" / ".join(net_io),
        block_io=" / ".join(block_io),
        pids=str(current.pids),
        cpu_percent=cpu,
        memory=memory,
        memory_percent=mem_percent,
    )
