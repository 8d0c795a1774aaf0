"""Flags and how a command line is split into flags and arguments, the way pflag does it.

A :class:`Flag` is declared once per command. :func:`parse_flags` reads ``--name=value``,
``--name value``, ``-n value``, ``-nvalue``, combined shorthands (``-qa``), bare booleans,
``--`` (everything after it is an argument) and, unless the command forbids it, flags
after arguments. Mistakes raise :class:`FlagError` with pflag's wording; the command layer
adds docker's usage lines and exit code.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..golang.strconv import quote
from .flagkinds import FlagKind


class FlagError(Exception):
    """A flag pflag cannot accept; the message is pflag's."""


@dataclass(frozen=True)
class Flag:
    """One flag of a command: ``--name``/``-shorthand``, its kind, default and help text.

    A ``usage`` with a back-quoted word (``"Write to `file`"``) names the value in
    ``--help`` instead of the kind's type name, as in pflag. ``hidden`` flags work but are
    not listed; a ``deprecated`` message hides the flag and is printed when it is used.
    """

    name: str
    kind: FlagKind
    usage: str
    shorthand: str = ""
    default: Any = None
    hidden: bool = False
    deprecated: str = ""
    shorthand_deprecated: str = ""

    @property
    def initial(self) -> Any:
        """The value before the command line sets it."""
        return self.kind.empty if self.default is None else self.default

    @property
    def default_text(self) -> str:
        """pflag's ``DefValue``: the default as the value prints itself."""
        return self.kind.show(self.initial)

    @property
    def listed(self) -> bool:
        return not (self.hidden or self.deprecated)

    def display_name(self) -> str:
        """How pflag names the flag in an invalid-value error: ``-n, --name`` or ``--name``."""
        if self.shorthand and not self.shorthand_deprecated:
            return f"-{self.shorthand}, --{self.name}"
        return f"--{self.name}"


@dataclass
class ParsedFlags:
    """The result of parsing: flag values by name, which were given, the positional arguments."""

    values: dict[str, Any]
    changed: list[str] = field(default_factory=list)
    args: list[str] = field(default_factory=list)
    args_len_at_dash: int = -1
    warnings: list[str] = field(default_factory=list)

    def __getitem__(self, name: str) -> Any:
        return self.values[name]

    def was_set(self, name: str) -> bool:
        """Whether the command line gave this flag (pflag's ``Changed``)."""
        return name in self.changed


class FlagSet:
    """The flags one command accepts, looked up by name and by shorthand letter."""

    def __init__(self, flags: Iterable[Flag]) -> None:
        self.by_name: dict[str, Flag] = {}
        self.by_shorthand: dict[str, Flag] = {}
        for flag in flags:
            if flag.name in self.by_name:
                raise ValueError(f"flag redefined: {flag.name}")
            self.by_name[flag.name] = flag
            if flag.shorthand:
                if len(flag.shorthand) != 1 or flag.shorthand in self.by_shorthand:
                    raise ValueError(f"bad or reused shorthand {flag.shorthand!r} for --{flag.name}")
                self.by_shorthand[flag.shorthand] = flag

    def __iter__(self):
        return iter(sorted(self.by_name.values(), key=lambda flag: flag.name))

    def takes_value(self, name: str) -> bool:
        """Whether ``--name`` consumes the next word (cobra's ``!hasNoOptDefVal``; unknown flags do)."""
        flag = self.by_name.get(name)
        return flag is None or not flag.kind.optional_value

    def shorthand_takes_value(self, letters: str) -> bool:
        flag = self.by_shorthand.get(letters[:1])
        return flag is None or not flag.kind.optional_value

    def has_listed_flags(self) -> bool:
        return any(flag.listed for flag in self.by_name.values())

    def parse(
        self, args: list[str], *, interspersed: bool = True, start: Mapping[str, Any] | None = None
    ) -> ParsedFlags:
        """Split ``args`` into flag values and positional arguments, as ``pflag.FlagSet.Parse``."""
        parsed = ParsedFlags({flag.name: flag.initial for flag in self.by_name.values()})
        if start:
            parsed.values.update(start)
        remaining = list(args)
        while remaining:
            word = remaining.pop(0)
            if len(word) < 2 or word[0] != "-":
                if not interspersed:
                    parsed.args += [word, *remaining]
                    return parsed
                parsed.args.append(word)
            elif word == "--":
                parsed.args_len_at_dash = len(parsed.args)
                parsed.args += remaining
                return parsed
            elif word.startswith("--"):
                remaining = self._parse_long(word, remaining, parsed)
            else:
                remaining = self._parse_shorthands(word, remaining, parsed)
        return parsed

    def _parse_long(self, word: str, remaining: list[str], parsed: ParsedFlags) -> list[str]:
        name, has_value, value = word[2:].partition("=")
        if not name or name[0] in "-=":
            raise FlagError(f"bad flag syntax: {word}")
        flag = self.by_name.get(name)
        if flag is None:
            raise FlagError(f"unknown flag: --{name}")
        if not has_value:
            if flag.kind.optional_value:
                value = flag.kind.optional_value
            elif remaining:
                value, remaining = remaining[0], remaining[1:]
            else:
                raise FlagError(f"flag needs an argument: {word}")
        self._set(flag, value, parsed)
        return remaining

    def _parse_shorthands(self, word: str, remaining: list[str], parsed: ParsedFlags) -> list[str]:
        letters = word[1:]
        while letters:
            letter = letters[0]
            flag = self.by_shorthand.get(letter)
            if flag is None:
                raise FlagError(f"unknown shorthand flag: {_quote_byte(letter)} in -{letters}")
            if len(letters) > 2 and letters[1] == "=":
                value, letters = letters[2:], ""
            elif flag.kind.optional_value:
                value, letters = flag.kind.optional_value, letters[1:]
            elif len(letters) > 1:
                value, letters = letters[1:], ""
            elif remaining:
                value, remaining, letters = remaining[0], remaining[1:], ""
            else:
                raise FlagError(f"flag needs an argument: {_quote_byte(letter)} in -{letters}")
            if flag.shorthand_deprecated:
                parsed.warnings.append(
                    f"Flag shorthand -{flag.shorthand} has been deprecated, {flag.shorthand_deprecated}"
                )
            self._set(flag, value, parsed)
        return remaining

    @staticmethod
    def _set(flag: Flag, value: str, parsed: ParsedFlags) -> None:
        first = flag.name not in parsed.changed
        try:
            parsed.values[flag.name] = flag.kind.read(value, parsed.values[flag.name], first)
        except ValueError as error:
            raise FlagError(f"invalid argument {quote(value)} for {quote(flag.display_name())} flag: {error}") from None
        if first:
            parsed.changed.append(flag.name)
        if flag.deprecated:
            parsed.warnings.append(f"Flag --{flag.name} has been deprecated, {flag.deprecated}")


def _quote_byte(letter: str) -> str:
    """Go's ``%q`` of the first byte of ``letter`` (pflag looks shorthands up byte by byte)."""
    byte = letter.encode()[0]
    char = chr(byte)
    if char == "'":
        return "'\\''"
    return f"'{char}'" if char.isprintable() else "'" + quote(char)[1:-1] + "'"
