"""``docker inspect``: any object by name or ID (docker/cli v28.2.2 ``cli/command/system/inspect.go``).

Without ``--type`` each reference is looked up as docker's ``inspectAll`` does, in order:
container, image, network, volume, then the swarm's service, task and node (skipped where
the daemon is not a manager); nothing found is ``Error: No such object: REF``.
"""

from __future__ import annotations

from ...errors import ClientError, DockerError
from .. import BOOL, INSPECT_FORMAT_HELP, STRING, Command, Flag, Invocation, min_args, register
from .client import Client
from .inspect_output import inspect

KINDS = {
    "container": "/containers/{}/json",
    "image": "/images/{}/json",
    "network": "/networks/{}",
    "volume": "/volumes/{}",
    "service": "/services/{}",
    "task": "/tasks/{}",
    "node": "/nodes/{}",
}


def run_inspect(invocation: Invocation) -> None:
    client, kind = Client(invocation), invocation.flag("type")
    if kind and kind not in (*KINDS, "plugin", "secret", "config"):
        raise ClientError(f'"{kind}" is not a valid value for --type')
    kinds = [kind] if kind else list(KINDS)

    def fetch(ref: str):
        for name in kinds:
            if name not in KINDS:
                break
            query = {"size": "1"} if name == "container" and invocation.flag("size") else {}
            try:
                return client.get(KINDS[name].format(ref), query)
            except DockerError as error:
                if error.status not in (404, 503) and not (error.status == 400 and name in ("task", "node")):
                    raise
        raise ClientError(f"Error: No such object: {ref}")

    inspect(invocation, invocation.args, invocation.flag("format"), fetch)


register(
    Command(
        "inspect [OPTIONS] NAME|ID [NAME|ID...]",
        "Return low-level information on Docker objects",
        run=run_inspect,
        args=min_args(1),
        flags=(
            Flag("format", STRING, INSPECT_FORMAT_HELP, shorthand="f"),
            Flag("size", BOOL, "Display total file sizes if the type is container", shorthand="s"),
            Flag("type", STRING, "Only inspect objects of the given type"),
        ),
    )
)
