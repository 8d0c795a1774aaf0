"""``docker logs`` and ``docker service logs`` (docker/cli v28.2.2 ``container/logs.go``, ``service/logs.go``).

Both convert ``--since``/``--until`` on the client (durations, RFC 3339) and split the
daemon's multiplexed stream into stdout and stderr. ``service logs`` asks for details
(unless ``--raw``), takes the ``com.docker.swarm.*`` ones out of each line and writes the
prefix ``SERVICE.SLOT.TASKID@NODE`` (``--no-task-ids``, ``--no-trunc``, ``--no-resolve``),
padded to the width of the replica count, then ``    | ``. A TTY service needs ``--raw``.
"""

from __future__ import annotations

from urllib.parse import unquote_plus

from ...errors import ClientError, DockerError, NotFound
from .. import BOOL, STRING, Command, Flag, Invocation, exact_args, register
from ..display import truncate_id
from . import container, service  # noqa: F401  (the groups ``container logs``/``service logs`` join)
from .client import Client
from .streams import stream, timestamp, unframe

SINCE_HELP = 'Show logs since timestamp (e.g. "2013-01-02T13:23:37Z") or relative (e.g. "42m" for 42 minutes)'
UNTIL_HELP = 'Show logs before a timestamp (e.g. "2013-01-02T13:23:37Z") or relative (e.g. "42m" for 42 minutes)'
SWARM_KEYS = ("com.docker.swarm.node.id", "com.docker.swarm.service.id", "com.docker.swarm.task.id")


def _write(invocation: Invocation, content_type: str, body: bytes) -> None:
    if content_type.endswith("multiplexed-stream"):
        for line in unframe(body):
            (invocation.out if line.stream == "stdout" else invocation.err).write(line.text)
    else:
        invocation.out.write(body.decode("utf-8", "surrogateescape"))


def _query(client: Client, invocation: Invocation, details: bool, times: tuple[str, ...]) -> dict[str, str]:
    flag = invocation.flag
    query = {"stdout": "1", "stderr": "1", "tail": flag("tail")}
    for name in times:
        if flag(name):
            query[name] = timestamp(client, flag(name), name)
    for name, on in (("timestamps", flag("timestamps")), ("follow", flag("follow")), ("details", details)):
        if on:
            query[name] = "1"
    return query


def run_logs(invocation: Invocation) -> None:
    client = Client(invocation)
    ref = invocation.args[0]
    query = _query(client, invocation, invocation.flag("details"), ("since", "until"))
    content_type, body = stream(client, f"/containers/{ref}/logs", query)
    _write(invocation, content_type, body)


def _details(text: str) -> dict[str, str]:
    """``logdetails.Parse``: ``k=v,k=v`` with URL-escaped keys and values."""
    found = {}
    for pair in text.split(",") if text else ():
        key, _, value = pair.partition("=")
        found[unquote_plus(key)] = unquote_plus(value)
    return found


class TaskPrefix:
    """``taskFormatter``: ``SERVICE.SLOT[.TASKID]@NODE`` and its padding, resolved once per task."""

    def __init__(self, client: Client, invocation: Invocation, padding: int) -> None:
        self.client, self.flag, self.padding = client, invocation.flag, padding
        self.cache: dict[tuple[str, str, str], str] = {}

    def _name(self, kind: str, ident: str) -> str:
        if self.flag("no-resolve"):
            return ident
        found = self.client.get(f"/{kind}s/{ident}")
        return found["Description"]["Hostname"] if kind == "node" else found["Spec"]["Name"]

    def __call__(self, node_id: str, service_id: str, task_id: str) -> str:
        key = (node_id, service_id, task_id)
        if key not in self.cache:
            node, service = self._name("node", node_id), self._name("service", service_id)
            task = self.client.get(f"/tasks/{task_id}")
            name = f"{service}.{task.get('Slot', 0)}"
            if not self.flag("no-task-ids"):
                name += "." + (task["ID"] if self.flag("no-trunc") else truncate_id(task["ID"]))
            pad = self.padding - len(str(task.get("Slot", 0)))
            self.cache[key] = f"{name}@{node}" + " " * max(pad, 0)
        return self.cache[key]


def _target(client: Client, ref: str) -> tuple[str, bool, int]:
    """The service (or else task) to read: its kind, whether it has a TTY, and the slot width."""
    try:
        service = client.get(f"/services/{ref}")
    except NotFound:
        try:
            task = client.get(f"/tasks/{ref}")
        except NotFound:
            raise ClientError(f"no such task or service: {ref}") from None
        return "tasks", bool(task["Spec"].get("ContainerSpec", {}).get("TTY")), len(str(task.get("Slot", 0)))
    spec = service["Spec"]
    replicas = (spec.get("Mode", {}).get("Replicated") or {}).get("Replicas")
    tty = bool(spec["TaskTemplate"].get("ContainerSpec", {}).get("TTY"))
    return "services", tty, len(str(replicas)) if replicas is not None else 1


def run_service_logs(invocation: Invocation) -> None:
    client, flag = Client(invocation), invocation.flag
    ref = invocation.args[0]
    kind, tty, padding = _target(client, ref)
    if tty and not flag("raw"):
        raise ClientError("tty service logs only supported with --raw")
    query = _query(client, invocation, flag("details") or not flag("raw"), ("since",))
    content_type, body = stream(client, f"/{kind}/{ref}/logs", query)
    if tty or flag("raw"):
        _write(invocation, content_type, body)
        return
    prefix = TaskPrefix(client, invocation, padding)
    parts = 3 if flag("timestamps") else 2
    for line in unframe(body):
        pieces = line.text.split(" ", parts - 1)
        if len(pieces) != parts:
            raise ClientError(f"invalid context in log message: {line.text}")
        details = _details(pieces[-2])
        if any(key not in details for key in SWARM_KEYS):
            raise ClientError(f"missing node id in details: {details}")
        context = [details.pop(key) for key in SWARM_KEYS]
        try:
            text = (pieces[0] + " " if flag("timestamps") else "") + prefix(*context) + "    | "
        except DockerError as error:
            raise ClientError(error.cli_lines().rstrip("\n")) from None
        if flag("details"):
            text += ",".join(sorted(f"{key}={value}" for key, value in details.items())) + " "
        (invocation.out if line.stream == "stdout" else invocation.err).write(text + pieces[-1])


def _common_flags() -> tuple[Flag, ...]:
    return (
        Flag("details", BOOL, "Show extra details provided to logs"),
        Flag("follow", BOOL, "Follow log output", shorthand="f"),
        Flag("since", STRING, SINCE_HELP),
        Flag("tail", STRING, "Number of lines to show from the end of the logs", shorthand="n", default="all"),
        Flag("timestamps", BOOL, "Show timestamps", shorthand="t"),
    )


def logs_command() -> Command:
    return Command(
        "logs [OPTIONS] CONTAINER",
        "Fetch the logs of a container",
        run=run_logs,
        aliases_text="docker container logs, docker logs",
        args=exact_args(1),
        flags=(*_common_flags(), Flag("until", STRING, UNTIL_HELP)),
    )


register(logs_command())
register(logs_command(), under="container")
register(
    Command(
        "logs [OPTIONS] SERVICE|TASK",
        "Fetch the logs of a service or task",
        run=run_service_logs,
        args=exact_args(1),
        flags=(
            *_common_flags(),
            Flag("no-resolve", BOOL, "Do not map IDs to Names in output"),
            Flag("no-trunc", BOOL, "Do not truncate output"),
            Flag("raw", BOOL, "Do not neatly format logs"),
            Flag("no-task-ids", BOOL, "Do not include task IDs in output"),
        ),
    ),
    under="service",
)
