"""The docker command language: parse command lines as the docker CLI 28.2 does and print its way.

Declaring a command (later issues)::

    from caasnb.cli import Command, Flag, BOOL, STRING, NO_ARGS, ListFormat, register

    def list_services(invocation):
        rows = ...  # from the engine, via invocation.context
        invocation.out.write(SERVICES.render(invocation.flag("format"), invocation.flag("quiet"), rows))

    register(Command("service", "Manage Swarm services", swarm="manager"))
    register(
        Command("ls [OPTIONS]", "List services", run=list_services, aliases=("list",), args=NO_ARGS,
                flags=(Flag("quiet", BOOL, "Only display IDs", shorthand="q"),
                       Flag("format", STRING, FORMAT_HELP))),
        under="service",
    )

Running one: ``run_command("service ls -q", context)`` returns a
:class:`~caasnb.errors.CLIResult` and never raises for the user's mistakes.
"""

from .command import ANY_ARGS, NO_ARGS, ArgRule, Command, SwarmStatus, exact_args, max_args, min_args, range_args
from .dispatch import run_command
from .flagkinds import (
    BOOL,
    DURATION,
    FLOAT,
    INT,
    INT64,
    LIST,
    MAP,
    OPTIONAL_UINT,
    STRING,
    STRING_ARRAY,
    STRING_SLICE,
    UINT64,
    FlagKind,
    list_kind,
)
from .flags import Flag
from .format import ListFormat, render
from .invocation import Invocation
from .root import ROOT, docker_root, register

FORMAT_HELP = (
    "Format output using a custom template:\n"
    "'table':            Print output in table format with column headers (default)\n"
    "'table TEMPLATE':   Print output in table format using the given Go template\n"
    "'json':             Print in JSON format\n"
    "'TEMPLATE':         Print output using the given Go template.\n"
    "Refer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates"
)
INSPECT_FORMAT_HELP = (
    "Format output using a custom template:\n"
    "'json':             Print in JSON format\n"
    "'TEMPLATE':         Print output using the given Go template.\n"
    "Refer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates"
)

__all__ = [
    "ANY_ARGS",
    "BOOL",
    "DURATION",
    "FLOAT",
    "FORMAT_HELP",
    "INSPECT_FORMAT_HELP",
    "INT",
    "INT64",
    "LIST",
    "MAP",
    "NO_ARGS",
    "OPTIONAL_UINT",
    "ROOT",
    "STRING",
    "STRING_ARRAY",
    "STRING_SLICE",
    "UINT64",
    "ArgRule",
    "Command",
    "Flag",
    "FlagKind",
    "Invocation",
    "ListFormat",
    "SwarmStatus",
    "docker_root",
    "exact_args",
    "list_kind",
    "max_args",
    "min_args",
    "range_args",
    "register",
    "render",
    "run_command",
]
from . import commands  # noqa: E402,F401  (registers the swarm and node commands; they import this package)
