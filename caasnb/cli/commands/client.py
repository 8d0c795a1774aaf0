"""What a command handler talks to: the Engine API of the host it runs on, and that host's clock.

The invocation's context must offer ``engine`` (``call(node, method, path, query=, body=)``),
``node`` (the host's name) and ``sim`` (the simulation: ``now`` in ns, ``run(until=)``); it may
offer ``stdin`` (text piped to the command, as ``echo KEY | docker swarm unlock``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ...errors import ClientError, DockerError
from ...sim.epoch import wall_ns
from ..invocation import Invocation


class Client:
    """docker's API client for one invocation: requests go to the invocation's host."""

    def __init__(self, invocation: Invocation) -> None:
        context = invocation.context
        self.engine, self.node, self.sim = context.engine, context.node, context.sim
        self.stdin: str = getattr(context, "stdin", "") or ""

    def call(
        self,
        method: str,
        path: str,
        query: Mapping[str, Any] | None = None,
        body: Any = None,
        headers: Mapping[str, str] | None = None,
    ) -> Any:
        """One Engine API request; DockerError when the daemon refuses it."""
        return self.engine.call(self.node, method, path, query=dict(query or {}), body=body, headers=headers)

    def get(self, path: str, query: Mapping[str, Any] | None = None) -> Any:
        return self.call("GET", path, query)

    def now(self) -> int:
        """The client's wall clock (Unix ns): the simulated instant."""
        return wall_ns(self.sim.now)

    def sleep(self, ns: int) -> None:
        """Let ``ns`` of simulated time pass, as the CLI waiting between polls."""
        self.sim.run(until=self.sim.now + ns)


def filters_query(filters: Mapping[str, list[str]]) -> dict[str, str]:
    """The ``filters`` query parameter as docker's ``filters.ToJSON`` writes it (none: no parameter)."""
    if not filters:
        return {}
    return {"filters": json.dumps({key: dict.fromkeys(values, True) for key, values in filters.items()})}


def remove_each(invocation: Invocation, kind: str, query: Mapping[str, Any] | None = None) -> None:
    """docker's ``rm`` loop: delete every ``/{kind}s/{ref}``, print each removed ref, then report the failures."""
    client, errors = Client(invocation), []
    for ref in invocation.args:
        try:
            client.call("DELETE", f"/{kind}s/{ref}", query)
        except DockerError as error:
            errors.append(error.cli_lines().rstrip("\n"))
            continue
        invocation.out.write(ref + "\n")
    if errors:
        raise ClientError("\n".join(errors))
