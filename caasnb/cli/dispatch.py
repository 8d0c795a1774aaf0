"""Run one docker command line: find the command, parse its flags, call its handler.

The steps are the docker CLI's own (``cmd/docker/docker.go``, cobra's ``ExecuteC``):

1. global options up to the first word that is not a flag (``docker -D service ls``);
2. walk down the command tree (cobra's ``Traverse``), parsing flags met on the way;
3. parse the command's flags (errors: ``cli.FlagErrorFunc``, exit 125), answer ``--help``
   and ``--version``, check the number of arguments (exit 1), run the handler.

:func:`run_command` never raises for a user's mistake: every error becomes a
:class:`~caasnb.errors.CLIResult` with docker's text on stderr and docker's exit code.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..errors import ClientError, CLIResult, DockerError, UsageError
from .command import NO_ARGS, Command, SwarmStatus
from .flags import FlagError, ParsedFlags
from .help import usage_text
from .invocation import Invocation
from .root import ROOT, version_line
from .tokenize import split_command_line


def run_command(
    command_line: str | Sequence[str],
    context: Any = None,
    *,
    root: Command | None = None,
    swarm: SwarmStatus | None = None,
) -> CLIResult:
    """Run ``command_line`` (``"service ls"``, ``"docker service ls"`` or a list of words).

    ``context`` is handed to the command's handler; ``swarm`` (the node's swarm state, if
    known) decides which swarm commands help lists. Output a handler wrote before failing
    is kept, as a terminal would show it.
    """
    invocation = Invocation(root or ROOT, [], ParsedFlags({}), context, swarm)
    try:
        words = split_command_line(command_line)
        exit_code = _execute(invocation.command, words, invocation)
    except DockerError as error:
        invocation.err.write(error.cli_lines())
        exit_code = error.exit_code
    return CLIResult(exit_code, invocation.out.getvalue(), invocation.err.getvalue())


def _flag_usage_error(command: Command, error: FlagError) -> UsageError:
    """docker's ``FlagErrorFunc``: pflag's message, the usage line and the --help hint, exit 125."""
    return UsageError(f"{error}\n\nUsage:  {command.use_line}\n\nRun '{command.path} --help' for more information")


def _is_flag_word(word: str) -> bool:
    """cobra's ``isFlagArg``: ``--x...`` or ``-x...``."""
    return (len(word) >= 3 and word.startswith("--")) or (len(word) >= 2 and word[0] == "-" and word[1] != "-")


def _traverse(command: Command, words: list[str], invocation: Invocation, carried: dict) -> tuple[Command, list]:
    """cobra's ``Traverse``: go down while the next non-flag word names a sub-command.

    Flags met before a sub-command are parsed for the command they follow; their
    persistent values (``--help``) are carried down. A bad one there is reported bare,
    without the usage lines, exactly as cobra returns it.
    """
    while True:
        flags = command.all_flags
        flag_words: list[str] = []
        expecting_value = False
        for index, word in enumerate(words):
            if word.startswith("--") and "=" not in word:
                expecting_value = flags.takes_value(word[2:])
            elif word.startswith("-") and "=" not in word and len(word) == 2 and flags.shorthand_takes_value(word[1:]):
                expecting_value = True
            elif expecting_value:
                expecting_value = False
            elif not _is_flag_word(word):
                child = command.child(word)
                if child is None:
                    return command, words
                try:
                    parsed = flags.parse(flag_words, start=carried)
                except FlagError as error:
                    raise ClientError(str(error)) from None
                _carry(command, parsed, invocation, carried)
                command, words = child, words[index + 1 :]
                break
            flag_words.append(word)
        else:
            return command, words


def _carry(command: Command, parsed: ParsedFlags, invocation: Invocation, carried: dict) -> None:
    """Keep the values of persistent flags and print deprecation notices, as cobra's ParseFlags."""
    for flag in command.root.persistent:
        carried[flag.name] = parsed[flag.name]
    for warning in parsed.warnings:
        invocation.out.write(warning + "\n")


def _execute(root: Command, words: list[str], invocation: Invocation) -> int:
    try:
        global_flags = root.all_flags.parse(words, interspersed=False)
    except FlagError as error:
        raise _flag_usage_error(root, error) from None
    for warning in global_flags.warnings:
        invocation.err.write(warning + "\n")
    carried = {flag.name: global_flags[flag.name] for flag in root.persistent}
    command, rest = _traverse(root, global_flags.args, invocation, carried)
    if command is root:
        carried = dict(global_flags.values)
    try:
        parsed = command.all_flags.parse(rest, interspersed=command.interspersed, start=carried)
    except FlagError as error:
        raise _flag_usage_error(command, error) from None
    for warning in parsed.warnings:
        invocation.out.write(warning + "\n")
    invocation.command, invocation.args, invocation.flags = command, parsed.args, parsed
    if parsed["help"]:
        invocation.out.write(usage_text(command, invocation.swarm))
        return 0
    if command is root and parsed["version"]:
        invocation.out.write(version_line())
        return 0
    if command.run is None:
        # A management command (docker service): no arguments, help on stderr.
        NO_ARGS.check(command, parsed.args)
        invocation.err.write(usage_text(command, invocation.swarm))
        return 0
    command.args.check(command, parsed.args)
    return command.run(invocation) or 0
