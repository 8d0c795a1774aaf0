"""Typing docker commands on a cluster's hosts: what ``Cluster.docker`` and ``%docker`` run.

A command runs on one host, as if typed in a shell there: its docker CLI talks to that
host's daemon through :class:`~caasnb.engine.Engine`. Without ``on=``, it runs on the
swarm's current leader (managers answer everything, workers only some) — on a running
manager while the leader's machine is down — or on the first host while there is no
swarm. docker's own way to pick a daemon works too, as the first
option: ``-H worker-1`` (also ``--host``, ``ssh://worker-1``, ``tcp://worker-1:2375``), and
wins over ``on=`` as ``-H`` wins over ``DOCKER_HOST``. Like the real CLI, a command first
pings the daemon: the ``Swarm`` header decides which swarm commands ``docker --help`` lists.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .cli import SwarmStatus, run_command
from .cli.tokenize import split_command_line
from .engine import Engine
from .errors import ClientError, CLIResult, DockerError, NotFound, cli_result


@dataclass(frozen=True)
class Terminal:
    """The context a command handler gets: the engine, the host it runs on, the clock, piped input."""

    engine: Engine
    node: str
    sim: Any
    stdin: str = ""


def default_host(cluster: Any) -> str:
    """The swarm leader's host; while its machine is down (or there is no leader) the first running
    manager; without a swarm (or with every manager down) the first host."""
    swarm = cluster.swarm
    if swarm is not None:
        for host in (swarm.leader, *swarm.managers()):
            if host is not None and cluster.hosts[host].up:
                return host
    return next(iter(cluster.hosts))


def swarm_status(engine: Engine, node: str) -> SwarmStatus | None:
    """What the CLI learns from ``/_ping``'s ``Swarm`` header (docker/cli ``client/ping.go``)."""
    try:
        header = engine.request(node, "HEAD", "/_ping").headers.get("Swarm", "")
    except DockerError:
        return None
    state, _, role = header.partition("/")
    return SwarmStatus(state, role == "manager")


def host_option(words: list[str]) -> tuple[str | None, list[str]]:
    """A leading ``-H/--host`` option: the host it names (None for the local socket) and the other words."""
    if len(words) >= 2 and words[0] in ("-H", "--host"):
        value, rest = words[1], words[2:]
    elif words and words[0].startswith(("-H=", "--host=")):
        value, rest = words[0].partition("=")[2], words[1:]
    else:
        return None, words
    address = value.partition("://")[2] if "://" in value else value
    host = address.rpartition("@")[2].split("/")[0].split(":")[0]
    return host or None, rest


def run(cluster: Any, line: str | Sequence[str], on: str | None = None, stdin: str = "") -> CLIResult:
    """Run one docker command line on host ``on`` (default: the leader's, else the first host)."""
    engine = cluster.engine
    try:
        host, words = host_option(split_command_line(line))
    except ClientError as error:
        return cli_result(error)
    node = host or on or default_host(cluster)
    try:
        cluster.host(node)
    except NotFound as error:
        return cli_result(ClientError(str(error)))
    context = Terminal(engine, node, cluster.sim, stdin)
    return run_command(words, context, swarm=swarm_status(engine, node))
