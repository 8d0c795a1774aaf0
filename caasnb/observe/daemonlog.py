"""dockerd's own log, as lines in logrus' text format derived from events.

dockerd logs through containerd/log with logrus' ``TextFormatter`` (full timestamps,
layout ``2006-01-02T15:04:05.000000000Z07:00``, no colours when not on a terminal)::

    time="2024-05-01T10:00:00.000000000Z" level=info msg="Docker daemon" commit=89c5e8f containerd-snapshotter=false ...

``time``, ``level``, ``msg`` first, then the fields sorted by key; a value is written
bare when it only has letters, digits and ``-._/@^+``, otherwise Go-quoted (``%q``).
Which events produce which lines is a table of rules (:data:`RULES`) the other rooms
extend with :func:`rule`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from ..golang.fmt import sprint
from ..golang.strconv import quote
from ..golang.timefmt import rfc3339nano_fixed
from ..sim import EPOCH_NS, Event, EventLog

LEVELS = ("panic", "fatal", "error", "warning", "info", "debug", "trace")
_BARE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._/@^+")

DOCKER_VERSION = "28.2.2"  # = swarm.daemon.ENGINE_VERSION and engine.system.GIT_COMMIT
DOCKER_COMMIT = "45873be"

CLOCK_SKEW = "clock-skew"
"""The ``type`` of the chaos fault that moves a host's wall clock (``chaos.inject`` attrs ``offset``)."""

Entry = tuple[str, str, Mapping[str, Any]]
"""What a rule says dockerd logged: (level, message, fields)."""
Rule = Callable[[Event], Iterable[Entry]]


def _value(value: Any) -> str:
    text = sprint(value)
    return text if all(c in _BARE for c in text) else quote(text)


def logrus_line(unix_ns: int, level: str, msg: str, fields: Mapping[str, Any] | None = None) -> str:
    """One logrus text line (with its newline)."""
    if level not in LEVELS:
        raise ValueError(f"not a logrus level: {level!r}")
    parts = [f'time="{rfc3339nano_fixed(unix_ns)}"', f"level={level}"]
    if msg:
        parts.append(f"msg={_value(msg)}")
    parts += [f"{key}={_value(value)}" for key, value in sorted((fields or {}).items())]
    return " ".join(parts) + "\n"


RULES: dict[str, Rule] = {}


def rule(kind: str) -> Callable[[Rule], Rule]:
    """Declare what dockerd logs when an event of ``kind`` happens on its host."""

    def register(function: Rule) -> Rule:
        RULES[kind] = function
        return function

    return register


@rule("host.up")
def _daemon_started(event: Event) -> Iterable[Entry]:
    """dockerd starting (``cmd/dockerd/daemon.go``, ``daemon/daemon.go``)."""
    yield "info", "Starting up", {}
    yield "info", "Loading containers: start.", {}
    yield "info", "Loading containers: done.", {}
    yield (
        "info",
        "Docker daemon",
        {
            "commit": DOCKER_COMMIT,
            "containerd-snapshotter": False,
            "storage-driver": "overlay2",
            "version": DOCKER_VERSION,
        },
    )
    yield "info", "Daemon has completed initialization", {}
    yield "info", "API listen on /run/docker.sock", {}


@rule("logger.start")
def _cache_enabled(event: Event) -> Iterable[Entry]:
    """``container.StartLogger`` turning on dual logging for a driver it cannot read."""
    if event.attrs.get("cache"):
        message = "Configured log driver does not support reads, enabling local file cache for container logs"
        yield "info", message, {"container": event.subject, "driver": event.attrs["driver"]}


@rule("container.die")
def _task_deleted(event: Event) -> Iterable[Entry]:
    """containerd's TaskDelete reaching dockerd after the container's process exited (``libcontainerd``)."""
    fields = {"container": event.subject, "module": "libcontainerd", "namespace": "moby"}
    yield "info", "ignoring event", {**fields, "topic": "/tasks/delete", "type": "*events.TaskDelete"}
    yield from _task_failed(event)


def _task_failed(event: Event) -> Iterable[Entry]:
    """swarmkit's task controller giving up on a task whose container exited non-zero by itself
    (``agent/exec/controller.go``); 143 is the SIGTERM the agent sends to shut a task down, not a failure."""
    attrs = event.attrs
    task = attrs.get("com.docker.swarm.task.id")
    if not task or attrs.get("exitCode") in ("0", "143"):
        return
    fields = {
        "error": f"task: non-zero exit ({attrs['exitCode']})",
        "module": "node/agent/taskmanager",
        "node.id": attrs.get("com.docker.swarm.node.id", ""),
        "service.id": attrs.get("com.docker.swarm.service.id", ""),
        "task.id": task,
    }
    yield "error", "fatal task error", fields


@rule("logger.error")
def _write_failed(event: Event) -> Iterable[Entry]:
    """``logDriverError``: a driver could not write a message (here: the disk is full)."""
    attrs = event.attrs
    yield (
        "error",
        "Error writing log message",
        {"driver": attrs["driver"], "error": attrs["error"], "message": attrs["message"]},
    )


def daemon_log(events: EventLog, host: str, since: int | None = None, until: int | None = None) -> list[str]:
    """The lines dockerd on ``host`` logged between ``since`` and ``until`` (simulated ns).

    Each line is stamped by the host's own wall clock (``Host.wall_ns``), which a ``clock-skew``
    fault moves: the offsets come from the ``chaos.inject`` / ``chaos.heal`` events, so a line
    keeps the time its host showed when it was written.
    """
    lines = []
    skews: dict[str, int] = {}  # clock-skew faults on this host now: fault id -> offset (ns)
    for event in events.query(kind=tuple(RULES), until=until):
        if event.subject != host and event.attrs.get("host") != host:
            continue
        if event.attrs.get("type") == CLOCK_SKEW:
            if event.kind == "chaos.inject":
                skews[event.subject] = event.attrs["offset"]
            else:
                skews.pop(event.subject, None)
        if since is not None and event.time < since:
            continue
        for level, msg, fields in RULES[event.kind](event):
            lines.append(logrus_line(EPOCH_NS + event.time + sum(skews.values()), level, msg, fields))
    return lines
