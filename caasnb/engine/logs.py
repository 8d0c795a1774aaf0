"""The log endpoints: ``GET /containers/{id}/logs``, ``/services/{id}/logs`` and ``/tasks/{id}/logs``.

As moby 28.2's routers: the query names the streams (at least one, or 400), ``since`` /
``until`` arrive as ``seconds.nanoseconds`` (the CLI converts ``10m`` and RFC 3339 before
sending), ``tail`` is a number or ``all``. A container without a TTY answers in docker's
multiplexed framing (an 8-byte header per message: stream 1 or 2, three zero bytes, the
big-endian length; ``application/vnd.docker.multiplexed-stream`` from API 1.42,
``raw-stream`` before). Service and task logs come from the task containers on their nodes,
each message carrying the ``com.docker.swarm.node.id``/``service.id``/``task.id`` details
the CLI turns into its ``web.1.ID@node    |`` prefix; ``tail`` counts per task, and the
merged lines are in time order.

A followed stream (``follow=1``) stays open for :data:`FOLLOW_FOR` of simulated time (or
until the container stops), the simulation running meanwhile; a notebook cell must end.
"""

from __future__ import annotations

import struct
from collections.abc import Callable, Iterable
from dataclasses import replace

from ..errors import Conflict, DockerError, InvalidArgument
from ..observe import LogEntry, LogLine, LogsOptions
from ..observe.reading import render
from ..sim import EPOCH_NS, MILLISECOND, SECOND
from .request import Request
from .response import Response
from .router import Route
from .versions import less_than

FOLLOW_FOR = 10 * SECOND
POLL = 100 * MILLISECOND
MULTIPLEXED = "application/vnd.docker.multiplexed-stream"
RAW = "application/vnd.docker.raw-stream"
STREAM_IDS = {"stdout": 1, "stderr": 2}
SWARM_KEYS = ("com.docker.swarm.node.id", "com.docker.swarm.service.id", "com.docker.swarm.task.id")


def frame(lines: Iterable[LogLine], multiplexed: bool) -> bytes:
    """``stdcopy.StdWriter`` framing (multiplexed) or the lines as they are (a TTY's raw stream)."""
    chunks = []
    for line in lines:
        data = line.text.encode("utf-8", "surrogateescape")
        if multiplexed:
            chunks.append(struct.pack(">BxxxI", STREAM_IDS[line.stream], len(data)))
        chunks.append(data)
    return b"".join(chunks)


def options(request: Request) -> LogsOptions:
    """The ``container.LogsOptions`` of the query (``httputils.BoolValue`` for the switches)."""
    query = request.query
    if not (query.bool_value("stdout") or query.bool_value("stderr")):
        raise InvalidArgument("Bad parameters: you must choose at least one stream")
    return LogsOptions(
        stdout=query.bool_value("stdout"),
        stderr=query.bool_value("stderr"),
        since=query.get("since"),
        until=query.get("until"),
        timestamps=query.bool_value("timestamps"),
        follow=query.bool_value("follow"),
        tail=query.get("tail") or "all",
        details=query.bool_value("details"),
    )


def _stream(request: Request, lines: list[LogLine], tty: bool) -> Response:
    multiplexed = not tty and not less_than(request.version, "1.42")
    return Response(200, {"Content-Type": MULTIPLEXED if multiplexed else RAW}, frame(lines, not tty))


def container_logs(request: Request) -> Response:
    wanted = options(request)
    daemon = request.daemon
    container = daemon.containers.get(request.vars["name"])
    if container.status in ("removing", "dead"):
        raise Conflict("can not get logs from container which is dead or marked for removal")
    tty = bool(container.config.get("Tty"))
    if container.id not in daemon.logs.loggers:  # never started: nothing written yet
        return _stream(request, [], tty)
    if not wanted.follow:
        return _stream(request, daemon.logs.logs(container.id, wanted), tty)
    sim = request.engine.cluster.sim
    follow = daemon.logs.follow(container.id, wanted)
    lines, deadline = follow.poll(), sim.now + FOLLOW_FOR
    while not follow.done and sim.now < deadline:
        sim.run(until=min(sim.now + POLL, deadline))
        lines += follow.poll()
    return _stream(request, lines, tty)


def _task_lines(request: Request, tasks: list[dict], wanted: LogsOptions) -> list[LogLine]:
    """Each task container's selected entries with the swarm's details, merged in time order."""
    cluster = request.engine.cluster
    hosts = {daemon.node_id: daemon for daemon in cluster.daemons.values() if daemon.node_id}
    entries = []
    for order, task in enumerate(tasks):
        container = (task.get("Status", {}).get("ContainerStatus") or {}).get("ContainerID", "")
        daemon = hosts.get(task.get("NodeID", ""))
        if not container or daemon is None or container not in daemon.logs.loggers:
            continue
        context = tuple(zip(SWARM_KEYS, (task["NodeID"], task["ServiceID"], task["ID"]), strict=True))
        for entry in daemon.logs.entries(container, wanted):
            attrs = tuple(pair for pair in entry.attrs if pair[0] not in SWARM_KEYS) + context
            entries.append((entry.time, order, LogEntry(entry.stream, entry.text, entry.time, attrs)))
    entries.sort(key=lambda item: item[:2])
    return [render(entry, wanted) for _, _, entry in entries]


def _swarm_stream(request: Request, tasks: Callable[[], list[dict]], tty: bool) -> Response:
    """What is there now; when following, also what the tasks (then running) write in the follow window."""
    wanted = _swarm_options(request)
    lines = _task_lines(request, tasks(), wanted)
    if wanted.follow:
        sim = request.engine.cluster.sim
        seconds, nanos = divmod(EPOCH_NS + sim.now + 1, SECOND)
        sim.run(until=sim.now + FOLLOW_FOR)
        later = replace(wanted, tail="all", since=f"{seconds}.{nanos:09d}", until="")
        lines += _task_lines(request, tasks(), later)
    return _stream(request, lines, tty)


def _swarm_options(request: Request) -> LogsOptions:
    """Swarm logs' own checks (moby ``Cluster.ServiceLogs``): a tail that is a count (plain errors: 500)."""
    wanted = options(request)
    if wanted.tail not in ("all", ""):
        try:
            count = int(wanted.tail)
        except ValueError:
            raise DockerError('tail value must be a positive integer or "all"') from None
        if count < 0:
            raise DockerError("negative tail values not supported")
    return wanted


def service_logs(request: Request) -> Response:
    daemon = request.daemon
    service = daemon.service_inspect(request.vars["id"])
    tty = bool(service["Spec"]["TaskTemplate"].get("ContainerSpec", {}).get("TTY"))
    return _swarm_stream(request, lambda: daemon.task_list({"service": [service["ID"]]}), tty)


def task_logs(request: Request) -> Response:
    task = request.daemon.task_inspect(request.vars["id"])
    tty = bool(task["Spec"].get("ContainerSpec", {}).get("TTY"))
    return _swarm_stream(request, lambda: [request.daemon.task_inspect(task["ID"])], tty)


ROUTES = [
    Route("GET", "/containers/{name:.*}/logs", container_logs),
    Route("GET", "/services/{id}/logs", service_logs),
    Route("GET", "/tasks/{id}/logs", task_logs),
]
