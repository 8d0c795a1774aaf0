"""The programs ``docker exec`` (and a container's own short commands) can run, by name.

A program is a function ``fn(ctx, argv) -> ExecResult`` registered with ``@register("name")``;
``ctx`` gives the container, its daemon and the cluster, the process environment and working
directory. Programs run in no simulated time: they read and change the container's files and
the simulation's state and say what they printed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Program = Callable[["ExecContext", list[str]], "ExecResult"]
PROGRAMS: dict[str, Program] = {}


@dataclass(frozen=True)
class ExecResult:
    """What a command did: its exit code and what it wrote to stdout and stderr."""

    exit_code: int
    stdout: str = ""
    stderr: str = ""


@dataclass
class ExecContext:
    """Where a command runs: its container (with daemon and cluster), environment, directory, user, stdin."""

    container: Any
    daemon: Any
    env: dict[str, str] = field(default_factory=dict)
    workdir: str = "/"
    user: str = "root"
    stdin: str = ""

    @property
    def cluster(self) -> Any:
        return self.daemon.cluster

    def path(self, name: str) -> str:
        """``name`` made absolute against the working directory."""
        return name if name.startswith("/") else f"{self.workdir.rstrip('/')}/{name}"


def register(name: str) -> Callable[[Program], Program]:
    """Make ``fn`` the program called ``name`` (``@register("ping")``)."""

    def add(fn: Program) -> Program:
        PROGRAMS[name] = fn
        return fn

    return add


def find(argv0: str) -> Program | None:
    """The program ``argv0`` names (``/bin/echo`` and ``echo`` alike)."""
    return PROGRAMS.get(argv0.rsplit("/", 1)[-1])


class ExecutableNotFound(Exception):
    """No program of that name in the container (the runtime's ``executable file not found in $PATH``)."""
