"""Errors with Docker's wording, and how the docker CLI prints them (DESIGN rule 7).

A daemon-side error carries the HTTP status the Engine API answers with (the engine
layer turns it into ``{"message": ...}``); the CLI prints it as
``Error response from daemon: <message>`` and exits 1. Client-side errors (bad flags,
bad values) are printed as the docker CLI prints them, without that prefix. Raising
any of these means the command changed nothing.
"""

from __future__ import annotations

from dataclasses import dataclass


class DockerError(Exception):
    """An error the Docker daemon would answer with; ``status`` is its HTTP status code."""

    status = 500
    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message

    def cli_lines(self) -> str:
        """What the docker CLI writes to stderr for this error."""
        return f"Error response from daemon: {self.message}\n"


class InvalidArgument(DockerError):
    """400: the request is malformed or a value is out of range (errdefs.InvalidParameter)."""

    status = 400


class Forbidden(DockerError):
    """403: the request is understood but not allowed (errdefs.Forbidden)."""

    status = 403


class NotFound(DockerError):
    """404: no such object (errdefs.NotFound)."""

    status = 404


class Conflict(DockerError):
    """409: a name is taken or the object is in use (errdefs.Conflict)."""

    status = 409


class Unavailable(DockerError):
    """503: the node is not part of a swarm, or the swarm cannot answer now (errdefs.Unavailable)."""

    status = 503


class NotImplementedByDaemon(DockerError):
    """501: the daemon does not implement this (errdefs.NotImplemented)."""

    status = 501


class ClientError(DockerError):
    """An error the docker CLI finds itself, before asking the daemon; printed as is.

    ``exit_code`` is 1 like any error the docker CLI returns, unless the CLI wraps it in a
    ``cli.StatusError`` with its own status (as ``docker service create`` does for a failed task).
    """

    status = 400

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code

    def cli_lines(self) -> str:
        return self.message.rstrip("\n") + "\n"


class UsageError(ClientError):
    """A command line the docker CLI rejects before running anything.

    The message is complete as docker prints it, with its ``Usage:`` line and ``--help`` hint.
    A bad flag exits 125 (``cli.FlagErrorFunc`` returns a ``StatusError`` with 125); a wrong
    number of arguments or an unknown command is a plain error and exits 1.
    """

    def __init__(self, message: str, exit_code: int = 125) -> None:
        super().__init__(message, exit_code)


@dataclass(frozen=True)
class CLIResult:
    """What one docker command did: exit code, standard output and standard error."""

    exit_code: int
    stdout: str = ""
    stderr: str = ""

    @property
    def ok(self) -> bool:
        return self.exit_code == 0

    def __str__(self) -> str:
        return self.stdout + self.stderr


def cli_result(error: DockerError) -> CLIResult:
    """The CLI's answer for ``error``: its exit code and its message on stderr."""
    return CLIResult(error.exit_code, "", error.cli_lines())
