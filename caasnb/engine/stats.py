"""``GET /containers/{id}/stats``: a container's cgroup counters as ``container.StatsResponse``.

The container's counters read now (the program model records a fresh ``container.stats``
sample) and the sample before it (:class:`~caasnb.observe.MetricsView`) become ``cpu_stats``
and ``precpu_stats``, memory,
network (``eth0``), block I/O and pids, as the CLI reads them. A container that is not
running answers the zero value (``read`` is Go's zero time), as dockerd does. ``stream=1``
(the default) sends one object per new sample during :data:`~.logs.FOLLOW_FOR` of simulated time.
"""

from __future__ import annotations

from typing import Any

from ..golang.timefmt import rfc3339nano
from ..observe import ResourceSample
from ..sim import EPOCH_NS
from .logs import FOLLOW_FOR, POLL
from .request import Request
from .response import JSON, Response, encode_json
from .router import Route

ZERO_TIME = "0001-01-01T00:00:00Z"


def _cpu(sample: ResourceSample | None) -> dict[str, Any]:
    usage = sample.cpu_usage if sample else 0
    return {
        "cpu_usage": {"total_usage": usage, "usage_in_kernelmode": usage // 5, "usage_in_usermode": usage - usage // 5},
        "system_cpu_usage": sample.system_usage if sample else 0,
        "online_cpus": sample.online_cpus if sample else 0,
        "throttling_data": {"periods": 0, "throttled_periods": 0, "throttled_time": 0},
    }


def stats_response(container, previous: ResourceSample | None, current: ResourceSample | None) -> dict[str, Any]:
    """``container.StatsResponse`` for ``current`` (and ``previous`` as ``precpu_stats``)."""
    net = {"rx_bytes": 0, "rx_packets": 0, "rx_errors": 0, "rx_dropped": 0}
    net |= {"tx_bytes": 0, "tx_packets": 0, "tx_errors": 0, "tx_dropped": 0}
    if current is not None:
        net |= {"rx_bytes": current.rx_bytes, "rx_packets": current.rx_bytes // 600}
        net |= {"tx_bytes": current.tx_bytes, "tx_packets": current.tx_bytes // 900}
    io = [
        {"major": 8, "minor": 0, "op": op, "value": value}
        for op, value in (("read", current.blk_read if current else 0), ("write", current.blk_write if current else 0))
    ]
    return {
        "name": "/" + container.name,
        "id": container.id,
        "read": rfc3339nano(EPOCH_NS + current.time) if current else ZERO_TIME,
        "preread": rfc3339nano(EPOCH_NS + previous.time) if previous and current else ZERO_TIME,
        "pids_stats": {"current": current.pids} if current else {},
        "blkio_stats": {"io_service_bytes_recursive": io if current else None},
        "num_procs": 0,
        "storage_stats": {},
        "cpu_stats": _cpu(current),
        "precpu_stats": _cpu(previous),
        "memory_stats": {
            "usage": current.memory_usage,
            "stats": {"inactive_file": current.memory_inactive_file},
            "limit": current.memory_limit,
        }
        if current
        else {},
        "networks": {"eth0": net} if current else None,
    }


def container_stats(request: Request) -> Response:
    container = request.daemon.containers.get(request.vars["name"])
    metrics = request.engine.cluster.metrics

    def now() -> dict[str, Any]:
        if container.status != "running":
            return stats_response(container, None, None)
        request.daemon.programs.sample_now(container.id)  # dockerd reads the cgroup when asked
        pair = metrics.samples.get(container.id)
        return stats_response(container, *(pair if pair else (None, None)))

    query = request.query
    stream = query.get("stream") == "" or query.bool_value("stream")
    answers = [now()]
    if stream:
        sim = request.engine.cluster.sim
        deadline = sim.now + FOLLOW_FOR
        while sim.now < deadline and container.status == "running":
            sim.run(until=min(sim.now + POLL, deadline))
            latest = now()
            if latest["read"] != answers[-1]["read"]:
                answers.append(latest)
    return Response(200, {"Content-Type": JSON}, b"".join(encode_json(answer) for answer in answers))


ROUTES = [Route("GET", "/containers/{name:.*}/stats", container_stats)]
