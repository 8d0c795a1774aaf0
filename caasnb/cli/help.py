"""``docker ... --help``: the usage text docker's cobra template prints for a command.

The layout follows docker/cli's ``usageTemplate`` (``cli/cobra.go``): the usage line, the
description, aliases, examples, ``Options:`` (pflag's ``FlagUsagesWrapped`` at 79 columns,
docker's width when the output is not a terminal), then for the root the command groups
and ``Global Options:``.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..golang.strconv import quote
from .command import Command, SwarmStatus
from .flags import Flag

# docker wraps flag help at the terminal width minus one; 80 columns when not on a terminal.
HELP_COLUMNS = 79
# cobra's minNamePadding: command names in lists are padded to at least 11 columns.
MIN_NAME_PADDING = 11
ADDITIONAL_HELP = "For more help on how to use Docker, head to https://docs.docker.com/go/guides/"

# pflag's UnquoteUsage names some types differently in help than their Type().
_HELP_TYPE_NAMES = {
    "bool": "",
    "float64": "float",
    "int64": "int",
    "uint64": "uint",
    "stringSlice": "strings",
    "intSlice": "ints",
    "uintSlice": "uints",
    "boolSlice": "bools",
}


def _value_name_and_usage(flag: Flag) -> tuple[str, str]:
    """pflag's ``UnquoteUsage``: a back-quoted word in the usage names the value."""
    first = flag.usage.find("`")
    second = flag.usage.find("`", first + 1) if first >= 0 else -1
    if second >= 0:
        name = flag.usage[first + 1 : second]
        return name, flag.usage[:first] + name + flag.usage[second + 1 :]
    type_name = flag.kind.type_name
    return _HELP_TYPE_NAMES.get(type_name, type_name), flag.usage


def flag_usages(flags: Iterable[Flag], columns: int = HELP_COLUMNS) -> str:
    """pflag's ``FlagUsagesWrapped``: one line per listed flag, sorted by name, help aligned."""
    entries = []
    for flag in sorted(flags, key=lambda flag: flag.name):
        if not flag.listed:
            continue
        if flag.shorthand and not flag.shorthand_deprecated:
            head = f"  -{flag.shorthand}, --{flag.name}"
        else:
            head = f"      --{flag.name}"
        value_name, usage = _value_name_and_usage(flag)
        if value_name:
            head += " " + value_name
        optional = flag.kind.optional_value
        if optional and not (flag.kind.type_name == "bool" and optional == "true"):
            head += f'[="{optional}"]' if flag.kind.type_name == "string" else f"[={optional}]"
        default = flag.default_text
        if default not in flag.kind.zero_texts:
            usage += f" (default {quote(default) if flag.kind.type_name == 'string' else default})"
        entries.append((head, usage))
    width = max((len(head) + 1 for head, _ in entries), default=0)
    # Go's Fprintln puts a space between the head, the alignment spacing and the wrapped help.
    return "".join(
        f"{head} {' ' * (width - len(head))} {_wrap(width + 2, columns, usage)}\n" for head, usage in entries
    )


def _wrap_once(limit: int, slop: int, text: str) -> tuple[str, str]:
    """pflag's ``wrapN``: cut ``text`` at the last blank before ``limit`` (or an earlier newline)."""
    if limit + slop > len(text):
        return text, ""
    blank = max(text.rfind(" ", 0, limit), text.rfind("\t", 0, limit), text.rfind("\n", 0, limit))
    if blank <= 0:
        return text, ""
    newline = text.rfind("\n", 0, limit)
    if 0 < newline < blank:
        return text[:newline], text[newline + 1 :]
    return text[:blank], text[blank + 1 :]


def _wrap(indent: int, columns: int, text: str) -> str:
    """pflag's ``wrap``: help text wrapped to ``columns``, continuation lines indented."""
    if columns == 0:
        return text.replace("\n", "\n" + " " * indent)
    room = columns - indent
    result = ""
    if room < 24:
        indent, room = 16, columns - 16
        result = "\n" + " " * indent
    if room < 24:
        return text.replace("\n", result)
    slop = 5
    room -= slop
    line, text = _wrap_once(room, slop, text)
    result += line.replace("\n", "\n" + " " * indent)
    while text:
        line, text = _wrap_once(room, slop, text)
        result += "\n" + " " * indent + line.replace("\n", "\n" + " " * indent)
    return result


def _name_padding(command: Command) -> int:
    """cobra's ``NamePadding`` for the children of ``command`` (hidden ones count too)."""
    return max([MIN_NAME_PADDING, *(len(child.name) for child in command.children)])


def _command_aliases(command: Command) -> str:
    if command.aliases_text:
        return command.aliases_text
    parent = f"{command.parent.path} " if command.parent else ""
    return ", ".join([command.path, *(parent + alias for alias in command.aliases)])


def _listing(title: str, commands: list[Command], padding: int, *, decorated: bool) -> str:
    if not commands:
        return ""
    if decorated:
        rows = (f"\n  {(command.name + ' ').ljust(padding + 1)}{command.short}" for command in commands)
        return f"\n\n{title}:" + "".join(rows)
    return f"\n\n{title}:" + "".join(f"\n  {command.name.ljust(padding)} {command.short}" for command in commands)


def usage_text(command: Command, swarm: SwarmStatus | None = None) -> str:
    """What ``docker <command> --help`` prints (docker's ``usageTemplate``)."""
    flags = [flag for flag in command.all_flags if flag.listed]
    if command.children:
        head = command.path + (" [OPTIONS]" if flags else "") + " COMMAND"
    else:
        head = command.use_line
    text = f"Usage:  {head}\n\n{(command.long or command.short).strip()}"
    if command.aliases or command.aliases_text:
        text += f"\n\nAliases:\n  {_command_aliases(command)}"
    if command.example:
        text += f"\n\nExamples:\n{command.example}"
    if command.parent and flags:
        text += "\n\nOptions:\n" + flag_usages(flags).rstrip()
    children = [child for child in command.sorted_children() if child.is_available(swarm)]
    is_root = command.parent is None
    padding = _name_padding(command)
    if is_root:
        top = sorted((c for c in children if c.category_top is not None), key=lambda c: c.category_top)
        text += _listing("Common Commands", top, padding, decorated=True)
        children = [child for child in children if child.category_top is None]
    managed = [child for child in children if child.children]
    text += _listing("Management Commands", [c for c in managed if c.swarm is None], padding, decorated=True)
    text += _listing("Swarm Commands", [c for c in managed if c.swarm is not None], padding, decorated=True)
    text += _listing("Commands", [child for child in children if not child.children], padding, decorated=False)
    if is_root and flags:
        text += "\n\nGlobal Options:\n" + flag_usages(flags).rstrip()
    if command.children:
        text += f"\n\nRun '{command.path} COMMAND --help' for more information on a command."
    if is_root:
        text += f"\n\n{ADDITIONAL_HELP}"
    return text + "\n"
