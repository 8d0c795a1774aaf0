"""The ``docker`` root command: its global options, ``--version`` and ``docker help``.

Later commands hang under :data:`ROOT` through :func:`register`. The global options are
docker's own (``cli/flags/options.go``); the simulation accepts them so that command lines
copied from real sessions parse, but a simulated host has one daemon and no TLS to set up.
"""

from __future__ import annotations

from ..errors import ClientError
from .command import Command
from .flagkinds import BOOL, LIST, STRING
from .flags import Flag
from .help import usage_text
from .invocation import Invocation

CLI_VERSION = "28.2.2"
CLI_GIT_COMMIT = "e6534b4"
CONFIG_DIR = "/root/.docker"

HELP_FLAG = Flag("help", BOOL, "Print usage", shorthand="h", hidden=True, shorthand_deprecated="use --help")

GLOBAL_FLAGS = (
    Flag("config", STRING, "Location of client config files", default=CONFIG_DIR),
    Flag(
        "context",
        STRING,
        "Name of the context to use to connect to the daemon (overrides DOCKER_HOST env var "
        'and default context set with "docker context use")',
        shorthand="c",
    ),
    Flag("debug", BOOL, "Enable debug mode", shorthand="D"),
    Flag("host", LIST, "Daemon socket to connect to", shorthand="H"),
    Flag(
        "log-level",
        STRING,
        'Set the logging level ("debug", "info", "warn", "error", "fatal")',
        shorthand="l",
        default="info",
    ),
    Flag("tls", BOOL, "Use TLS; implied by --tlsverify"),
    Flag("tlscacert", STRING, "Trust certs signed only by this CA", default=f"{CONFIG_DIR}/ca.pem"),
    Flag("tlscert", STRING, "Path to TLS certificate file", default=f"{CONFIG_DIR}/cert.pem"),
    Flag("tlskey", STRING, "Path to TLS key file", default=f"{CONFIG_DIR}/key.pem"),
    Flag("tlsverify", BOOL, "Use TLS and verify the remote"),
    Flag("version", BOOL, "Print version information and quit", shorthand="v"),
)


def version_line() -> str:
    """What ``docker --version`` prints."""
    return f"Docker version {CLI_VERSION}, build {CLI_GIT_COMMIT}\n"


def _run_root(invocation: Invocation) -> int:
    """``docker`` alone shows help on stderr; ``docker foo`` is an unknown command."""
    if invocation.args:
        raise ClientError(
            f"docker: unknown command: docker {invocation.args[0]}\n\nRun 'docker --help' for more information"
        )
    invocation.err.write(usage_text(invocation.command, invocation.swarm))
    return 0


def _run_help(invocation: Invocation) -> int:
    """``docker help [COMMAND...]``: the help of that command, on stdout."""
    command = invocation.command.root
    words = list(invocation.args)
    while words and (child := command.child(words[0])) is not None:
        command, words = child, words[1:]
    if words:
        raise ClientError(f"unknown help topic: {' '.join(words)}")
    invocation.out.write(usage_text(command, invocation.swarm))
    return 0


def docker_root() -> Command:
    """A fresh ``docker`` command tree with only the root and ``docker help``."""
    root = Command(
        "docker [OPTIONS] COMMAND [ARG...]",
        "A self-sufficient runtime for containers",
        run=_run_root,
        flags=GLOBAL_FLAGS,
        persistent=(HELP_FLAG,),
    )
    root.add(Command("help [command]", "Help about the command", run=_run_help, hidden=True))
    return root


ROOT = docker_root()


def register(*commands: Command, under: str = "") -> None:
    """Add commands to the default tree: ``register(service)``, ``register(ls, under="service")``."""
    parent = ROOT
    for word in under.split():
        child = parent.child(word)
        if child is None:
            raise ValueError(f"no command {word!r} under {parent.path!r}")
        parent = child
    parent.add(*commands)
