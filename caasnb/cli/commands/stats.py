"""``docker stats`` (docker/cli v28.2.2 ``cli/command/container/stats.go``, ``formatter_stats.go``).

Without arguments: the running containers (``--all``: every container). Each row comes from
the daemon's ``StatsResponse``: CPU % from the delta to ``precpu_stats``, memory without the
inactive file cache, network and block I/O in go-units sizes. ``--no-stream`` takes the first
answer; otherwise the stream runs its simulated while and the table shows its last screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...errors import ClientError, DockerError
from ...golang.timefmt import parse_rfc3339nano
from ...observe import ResourceSample, StatsRow, stats_row
from .. import BOOL, FORMAT_HELP, STRING, Command, Flag, Invocation, ListFormat, register
from . import container  # noqa: F401  (``docker container stats`` joins its group)
from .client import Client
from .streams import json_lines, stream

STATS = ListFormat(
    table="table {{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t{{.BlockIO}}\t{{.PIDs}}",
    header={
        "Container": "CONTAINER",
        "Name": "NAME",
        "ID": "CONTAINER ID",
        "CPUPerc": "CPU %",
        "MemUsage": "MEM USAGE / LIMIT",
        "MemPerc": "MEM %",
        "NetIO": "NET I/O",
        "BlockIO": "BLOCK I/O",
        "PIDs": "PIDS",
    },
)


def sample(stats: dict[str, Any], cpu_key: str) -> ResourceSample:
    """One side (``cpu_stats`` or ``precpu_stats``) of a ``StatsResponse`` as a resource sample."""
    cpu, memory = stats.get(cpu_key) or {}, stats.get("memory_stats") or {}
    blkio = (stats.get("blkio_stats") or {}).get("io_service_bytes_recursive") or []
    networks = (stats.get("networks") or {}).values()
    read = stats.get("read", "")
    return ResourceSample(
        time=parse_rfc3339nano(read) if read and not read.startswith("0001") else 0,
        cpu_usage=(cpu.get("cpu_usage") or {}).get("total_usage", 0),
        system_usage=cpu.get("system_cpu_usage", 0),
        online_cpus=cpu.get("online_cpus", 0),
        memory_usage=memory.get("usage", 0),
        memory_limit=memory.get("limit", 0),
        memory_inactive_file=(memory.get("stats") or {}).get("inactive_file", 0),
        rx_bytes=sum(n.get("rx_bytes", 0) for n in networks),
        tx_bytes=sum(n.get("tx_bytes", 0) for n in networks),
        blk_read=sum(e["value"] for e in blkio if e.get("op", "").lower() == "read"),
        blk_write=sum(e["value"] for e in blkio if e.get("op", "").lower() == "write"),
        pids=(stats.get("pids_stats") or {}).get("current", 0),
    )


@dataclass
class StatsContext:
    """docker's ``statsContext``: one row of the table."""

    row: StatsRow
    full_id: str
    given: str
    trunc: bool
    go_type = "*container.statsContext"

    ID = property(lambda self: self.row.container if self.trunc else self.full_id)
    Container = property(lambda self: self.given)
    Name = property(lambda self: self.row.name or "--")
    CPUPerc = property(lambda self: self.row.cpu_perc)
    MemUsage = property(lambda self: self.row.mem_usage)
    MemPerc = property(lambda self: self.row.mem_perc)
    NetIO = property(lambda self: self.row.net_io)
    BlockIO = property(lambda self: self.row.block_io)
    PIDs = property(lambda self: self.row.pids)

    def go_json(self) -> dict[str, str]:
        names = ("BlockIO", "CPUPerc", "Container", "ID", "MemPerc", "MemUsage", "Name", "NetIO", "PIDs")
        return {name: getattr(self, name) for name in names}


def run_stats(invocation: Invocation) -> None:
    client, flag = Client(invocation), invocation.flag
    refs = list(invocation.args)
    if not refs:
        query = {"all": "1"} if flag("all") else {}
        refs = [c["Id"] for c in client.get("/containers/json", query)]
    rows, errors = [], []
    for ref in refs:
        try:
            _, body = stream(client, f"/containers/{ref}/stats", {"stream": "0" if flag("no-stream") else "1"})
        except DockerError as error:
            errors.append(error.cli_lines().rstrip("\n"))
            continue
        stats = json_lines(body)[-1]
        row = stats_row(stats["id"], stats.get("name", ""), sample(stats, "precpu_stats"), sample(stats, "cpu_stats"))
        rows.append(StatsContext(row, stats["id"], ref, not flag("no-trunc")))
    invocation.out.write(STATS.render(flag("format"), False, rows))
    if errors:
        raise ClientError("\n".join(errors))


def stats_command() -> Command:
    return Command(
        "stats [OPTIONS] [CONTAINER...]",
        "Display a live stream of container(s) resource usage statistics",
        run=run_stats,
        aliases_text="docker container stats, docker stats",
        flags=(
            Flag("all", BOOL, "Show all containers (default shows just running)", shorthand="a"),
            Flag("no-stream", BOOL, "Disable streaming stats and only pull the first result"),
            Flag("no-trunc", BOOL, "Do not truncate output"),
            Flag("format", STRING, FORMAT_HELP),
        ),
    )


register(stats_command())
register(stats_command(), under="container")
