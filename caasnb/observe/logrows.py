"""The three kinds of logs of a cluster as one list of rows: daemon, container and application.

The course's "is it the container or the app?" needs all three side by side:

* **daemon**: what dockerd logged (:mod:`.daemonlog`'s rules, logrus lines);
* **container**: the containers' lifecycle as ``docker events`` reports it (create, start,
  die with its exit code, oom, kill, health status);
* **application**: what the program wrote to stdout/stderr (``container.log`` events).

Each row keeps the index of the event it comes from, so a view can jump to that event, and
its node, service, task and level, so a view can filter. Rows are built as events arrive;
:meth:`LogRows.select` filters and keeps the last ``limit`` matches.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from ..sim import EPOCH_NS, Event, EventLog
from .daemonlog import RULES, logrus_line
from .hub import OUTPUT

SOURCES = ("daemon", "container", "application")
LEVELS = ("error", "warning", "info", "debug")
CONTAINER_ACTIONS = frozenset({"create", "start", "die", "kill", "stop", "oom", "restart", "destroy", "health_status"})
_APP_LEVELS = {"CRITICAL": "error", "FATAL": "error", "ERROR": "error", "WARN": "warning", "WARNING": "warning"}


@dataclass(frozen=True, slots=True)
class LogRow:
    """One line of one source, with what a view filters on."""

    index: int
    time: int
    source: str
    node: str
    service: str
    task: str
    container: str
    level: str
    text: str

    def as_dict(self) -> dict:
        return {
            "i": self.index,
            "t": self.time,
            "source": self.source,
            "node": self.node,
            "service": self.service,
            "task": self.task,
            "container": self.container,
            "level": self.level,
            "text": self.text,
        }


@dataclass
class Owner:
    """Whose a container is: its node, service, task and name (from its lifecycle events)."""

    node: str
    service: str
    task: str
    name: str


def application_level(stream: str, line: str) -> str:
    """A JSON line's ``level``; an nginx access line's 5xx status; stderr traces are errors; else info."""
    if line.startswith("{"):
        try:
            level = str(json.loads(line).get("level", "")).upper()
        except (ValueError, AttributeError):
            level = ""
        return _APP_LEVELS.get(level, "info")
    if '" 5' in line and line.count('"') >= 2:
        return "error"
    if stream == "stderr" and ("Traceback" in line or "Error" in line or "[error]" in line or "[emerg]" in line):
        return "error"
    return "warning" if stream == "stderr" and "[warn]" in line else "info"


def _container_line(action: str, event: Event) -> tuple[str, str]:
    attrs = event.attrs
    level = "info"
    if action == "oom" or (action == "die" and str(attrs.get("exitCode", "0")) != "0"):
        level = "error"
    elif action == "health_status" and attrs.get("status") == "unhealthy":
        level = "warning"
    elif action == "kill":
        level = "warning"
    shown = f"health_status: {attrs.get('status', '')}" if action == "health_status" else action
    details = ", ".join(f"{key}={attrs[key]}" for key in ("exitCode", "signal") if key in attrs)
    return level, f"container {shown} {event.subject[:12]} ({details or 'name=' + str(attrs.get('name', ''))})"


class LogRows:
    """Every log row of an event log so far, kept up to date as events arrive."""

    def __init__(self, events: EventLog) -> None:
        self.rows: list[LogRow] = []
        self.owners: dict[str, Owner] = {}
        self._seen = 0
        self.catch_up(events)

    def catch_up(self, events: EventLog) -> None:
        """Add the rows of the events appended since the last call."""
        for index in range(self._seen, len(events)):
            self._add(index, events[index])
        self._seen = len(events)

    def _add(self, index: int, event: Event) -> None:
        kind = event.kind
        if kind == OUTPUT:
            owner = self.owners.get(event.subject) or Owner("", "", "", event.subject[:12])
            stream = event.attrs["stream"]
            rows = self.rows
            for line in event.attrs["lines"]:
                level = application_level(stream, line)
                rows.append(
                    LogRow(
                        index, event.time, "application", owner.node, owner.service, owner.task, owner.name, level, line
                    )
                )
            return
        if kind.startswith("container."):
            action = kind.partition(".")[2]
            if action not in CONTAINER_ACTIONS:
                return
            owner = self._owner(event)
            level, text = _container_line(action, event)
            self.rows.append(
                LogRow(index, event.time, "container", owner.node, owner.service, owner.task, owner.name, level, text)
            )
        rule = RULES.get(kind)
        if rule is not None:
            host = str(event.attrs.get("host", event.subject))
            for level, msg, fields in rule(event):
                text = logrus_line(EPOCH_NS + event.time, level, msg, fields).rstrip("\n")
                self.rows.append(
                    LogRow(index, event.time, "daemon", host, "", "", "", level.replace("fatal", "error"), text)
                )

    def _owner(self, event: Event) -> Owner:
        owner = self.owners.get(event.subject)
        if owner is None:
            attrs = event.attrs
            owner = self.owners[event.subject] = Owner(
                node=str(attrs.get("host", "")),
                service=str(attrs.get("com.docker.swarm.service.name", "")),
                task=str(attrs.get("com.docker.swarm.task.id", "")),
                name=str(attrs.get("name", "")).lstrip("/"),
            )
        return owner

    def select(
        self,
        sources: Iterable[str] = SOURCES,
        node: str = "",
        service: str = "",
        task: str = "",
        levels: Iterable[str] = LEVELS,
        search: str = "",
        limit: int = 500,
    ) -> tuple[list[LogRow], int]:
        """The last ``limit`` rows that pass every filter, and how many passed in all."""
        wanted_sources, wanted_levels, needle = frozenset(sources), frozenset(levels), search.lower()
        found: list[LogRow] = []
        matched = 0
        for row in reversed(self.rows):
            if row.source not in wanted_sources or row.level not in wanted_levels:
                continue
            if (
                (node and row.node != node)
                or (service and row.service != service)
                or (task and not row.task.startswith(task))
            ):
                continue
            if needle and needle not in row.text.lower():
                continue
            matched += 1
            if len(found) < limit:
                found.append(row)
        found.reverse()
        return found, matched
