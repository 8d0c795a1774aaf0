"""``%docker`` and ``%%docker``: type docker commands in a notebook, see what a terminal shows.

``caasnb.use(cluster)`` (or ``%load_ext caasnb.ipython`` then ``caasnb.use(cluster)``)
registers both magics and picks the cluster they talk to; ``caasnb.use(cluster, on="worker-1")``
makes a host the default (otherwise: the swarm's leader, else the first host). To aim one
command elsewhere, use docker's own global option: ``%docker -H worker-1 node ls``.

``%docker ARGS`` runs one command. ``%%docker`` runs a cell as a shell script of docker
commands, one per line (blank lines and ``#`` comments skipped, a trailing ``\\`` continues a
line), every line even after a failure, as ``bash`` runs a script without ``set -e``; words
after ``%%docker`` itself are global options for every line (``%%docker -H worker-1``).
Output goes to the notebook's stdout and stderr; nothing is returned, so no ``Out[]`` clutter.
This is the only module that imports IPython (DESIGN rule 1).
"""

from __future__ import annotations

import sys
from typing import Any

from IPython import get_ipython

_session: dict[str, Any] = {"cluster": None, "on": None}


def use(cluster: Any, on: str | None = None) -> None:
    """Send ``%docker`` commands to ``cluster`` (on host ``on`` unless a command says ``-H``)."""
    _session.update(cluster=cluster, on=on)
    shell = get_ipython()
    if shell is not None:
        load_ipython_extension(shell)


def script_lines(cell: str) -> list[str]:
    """The commands of a ``%%docker`` cell: continuation lines joined, blanks and comments dropped."""
    commands, pending = [], ""
    for line in cell.splitlines():
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        command, pending = (pending + line).strip(), ""
        if command and not command.startswith("#"):
            commands.append(command)
    if pending.strip():
        commands.append(pending.strip())
    return commands


def docker(line: str, cell: str | None = None) -> None:
    """The ``%docker`` line magic and the ``%%docker`` cell magic."""
    cluster = _session["cluster"]
    if cluster is None:
        sys.stderr.write("caasnb: no cluster to talk to: run caasnb.use(cluster) first\n")
        return
    for command in [line] if cell is None else [f"{line} {command}" for command in script_lines(cell)]:
        result = cluster.docker(command, on=_session["on"])
        sys.stdout.write(result.stdout)
        sys.stderr.write(result.stderr)


def load_ipython_extension(shell: Any) -> None:
    """``%load_ext caasnb.ipython``: register ``%docker`` and ``%%docker``."""
    shell.register_magic_function(docker, magic_kind="line_cell", magic_name="docker")
