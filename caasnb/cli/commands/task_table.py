"""The task table of ``docker service ps`` and ``docker node ps`` (docker/cli ``cli/command/task``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...errors import DockerError
from ...golang.timefmt import parse_rfc3339nano
from ...golang.units import human_duration
from ..display import ellipsis, pretty_print, task_ports, truncate_id
from ..format import ListFormat, is_table
from .client import Client

TASKS = ListFormat(
    table="table {{.ID}}\t{{.Name}}\t{{.Image}}\t{{.Node}}\t{{.DesiredState}}\t{{.CurrentState}}"
    "\t{{.Error}}\t{{.Ports}}",
    header={
        "ID": "ID",
        "Name": "NAME",
        "Image": "IMAGE",
        "Node": "NODE",
        "DesiredState": "DESIRED STATE",
        "CurrentState": "CURRENT STATE",
        "Error": "ERROR",
        "Ports": "PORTS",
    },
    raw="id: {{.ID}}\\nname: {{.Name}}\\nimage: {{.Image}}\\nnode: {{.Node}}\\ndesired_state: {{.DesiredState}}\\n"
    "current_state: {{.CurrentState}}\\nerror: {{.Error}}\\nports: {{.Ports}}\\n",
    raw_quiet="id: {{.ID}}",
)
MAX_ERROR_LENGTH = 30


class Resolver:
    """docker's ``idresolver``: service and node IDs to names, best effort, cached."""

    def __init__(self, client: Client, no_resolve: bool) -> None:
        self.client, self.no_resolve, self.cache = client, no_resolve, {}

    def _name(self, kind: str, identifier: str) -> str:
        try:
            found = self.client.get(f"/{kind}s/{identifier}")
        except DockerError:  # docker shows the ID when the lookup fails
            return identifier
        if kind == "service":
            return found["Spec"].get("Name", "")
        return found["Spec"].get("Name") or found.get("Description", {}).get("Hostname") or identifier

    def resolve(self, kind: str, identifier: str) -> str:
        if self.no_resolve:
            return identifier
        if identifier not in self.cache:
            self.cache[identifier] = self._name(kind, identifier) if identifier else identifier
        return self.cache[identifier]


def natural_key(text: str) -> list:
    """``sortorder.NaturalLess``: digit runs compare as numbers."""
    return [(0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.findall(r"\d+|\D+", text)]


def familiar_image(image: str) -> str:
    """A tagged task image as ``docker service ps`` shows it: no digest, no ``docker.io/library/``."""
    name = image.split("@", 1)[0]
    if ":" not in name.rsplit("/", 1)[-1]:
        return image
    for prefix in ("docker.io/library/", "docker.io/"):
        if name.startswith(prefix):
            name = name[len(prefix) :]
    return name


@dataclass
class TaskRow:
    """docker's ``taskContext``: the fields a task table or ``--format`` template may use."""

    task: dict
    Name: str
    Node: str
    trunc: bool
    now: int
    go_type = "*task.taskContext"

    @property
    def ID(self) -> str:
        return truncate_id(self.task["ID"]) if self.trunc else self.task["ID"]

    @property
    def Image(self) -> str:
        image = self.task["Spec"]["ContainerSpec"]["Image"]
        return familiar_image(image) if self.trunc else image

    @property
    def DesiredState(self) -> str:
        return pretty_print(self.task.get("DesiredState"))

    @property
    def CurrentState(self) -> str:
        status = self.task["Status"]
        since = self.now - parse_rfc3339nano(status["Timestamp"])
        return f"{pretty_print(status['State'])} {human_duration(since).lower()} ago"

    @property
    def Error(self) -> str:
        error = self.task["Status"].get("Err", "")
        if self.trunc:
            error = ellipsis(error, MAX_ERROR_LENGTH)
        return f'"{error}"' if error else ""

    @property
    def Ports(self) -> str:
        return task_ports(self.task["Status"].get("PortStatus", {}).get("Ports") or [])

    def go_json(self) -> dict:
        names = ("ID", "Name", "Image", "Node", "DesiredState", "CurrentState", "Error", "Ports")
        return {name: getattr(self, name) for name in names}


def print_tasks(client: Client, tasks: list[dict], no_resolve: bool, trunc: bool, quiet: bool, format_flag: str) -> str:
    """docker's ``task.Print``: name tasks, sort them, indent older tasks of a slot with `` \\_ ``."""
    resolver = Resolver(client, no_resolve)
    named = []
    for task in tasks:
        service = resolver.resolve("service", task["ServiceID"])
        slot = task.get("Slot") or 0
        named.append((f"{service}.{slot}" if slot else f"{service}.{task.get('NodeID', '')}", task))
    named.sort(key=lambda pair: parse_rfc3339nano(pair[1]["CreatedAt"]), reverse=True)
    named.sort(key=lambda pair: natural_key(pair[0]))
    chosen = TASKS.choose(format_flag, quiet)
    indent = " \\_ " if is_table(chosen) else ""
    rows, previous, now = [], None, client.now()
    for name, task in named:
        node = resolver.resolve("node", task.get("NodeID", ""))
        rows.append(TaskRow(task, indent + name if name == previous else name, node, trunc, now))
        previous = name
    return TASKS.render(format_flag, quiet, rows)
