"""How a docker command is declared: its usage line, flags, argument rule and handler.

A :class:`Command` mirrors the parts of a cobra command that shape what the docker CLI
prints: ``use`` (``"create [OPTIONS] IMAGE [COMMAND] [ARG...]"``), the short and long
descriptions, aliases, examples, flags, the positional-argument rule (``Args``) and
whether flags may follow arguments. Commands form a tree under the ``docker`` root; a
command with sub-commands and no handler is a management command (``docker service``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import UsageError
from .flags import Flag, FlagSet

if TYPE_CHECKING:
    from .invocation import Invocation

# A handler runs the command; it may return an exit code (None means 0).
Handler = Callable[["Invocation"], "int | None"]


@dataclass(frozen=True)
class ArgRule:
    """How many positional arguments a command takes (docker's ``cli.RequiresMinArgs`` and friends)."""

    minimum: int = 0
    maximum: int | None = None

    def check(self, command: Command, args: list[str]) -> None:
        """Raise docker's usage error (exit 1) when ``args`` breaks the rule."""
        count = len(args)
        if self.minimum <= count and (self.maximum is None or count <= self.maximum):
            return
        path, binary = command.path, command.root.name
        if self.maximum == 0:
            if command.children:
                head = f"{binary}: unknown command: {path} {args[0]}"
            else:
                head = f"{binary}: '{path}' accepts no arguments"
            hint = "Run"
        elif self.maximum is None:
            head = f"{binary}: '{path}' requires at least {self.minimum} {_arguments(self.minimum)}"
            hint = "See"
        elif self.minimum == self.maximum:
            head = f"{binary}: '{path}' requires {self.minimum} {_arguments(self.minimum)}"
            hint = "Run"
        elif self.minimum == 0:
            # cli.RequiresMaxArgs: docker 28.2 really prints "SRun" here.
            head = f"{binary}: '{path}' requires at most {self.maximum} {_arguments(self.maximum)}"
            hint = "SRun"
        else:
            head = (
                f"{binary}: '{path}' requires at least {self.minimum} and at most "
                f"{self.maximum} {_arguments(self.maximum)}"
            )
            hint = "Run"
        message = f"{head}\n\nUsage:  {command.use_line}\n\n{hint} '{path} --help' for more information"
        raise UsageError(message, exit_code=1)


def _arguments(count: int) -> str:
    return "argument" if count == 1 else "arguments"


ANY_ARGS = ArgRule()
NO_ARGS = ArgRule(0, 0)


def exact_args(count: int) -> ArgRule:
    return ArgRule(count, count)


def min_args(count: int) -> ArgRule:
    return ArgRule(count, None)


def max_args(count: int) -> ArgRule:
    return ArgRule(0, count)


def range_args(minimum: int, maximum: int) -> ArgRule:
    return ArgRule(minimum, maximum)


@dataclass(eq=False)
class Command:
    """One docker command. ``use`` starts with the command's name; ``run`` is its handler.

    ``interspersed=False`` stops flag parsing at the first argument, as ``docker run`` and
    ``docker service create`` do (``SetInterspersed(false)``), so flags after the image
    belong to the container's command. ``category_top`` (an order key) lists a root command
    under "Common Commands"; ``swarm`` (``"manager"``, ``"active"`` or ``""``) lists a
    management command under "Swarm Commands" and hides it from help when the node's swarm
    state does not fit, like docker's ``swarm`` annotation. ``aliases_text`` replaces the
    generated "Aliases:" line (docker's ``aliases`` annotation, as on ``docker ps``).
    ``persistent`` flags are accepted by every command below; only the root has them
    (docker's hidden ``--help``).
    """

    use: str
    short: str
    run: Handler | None = None
    long: str = ""
    example: str = ""
    aliases: tuple[str, ...] = ()
    aliases_text: str = ""
    flags: Iterable[Flag] = ()
    args: ArgRule = ANY_ARGS
    interspersed: bool = True
    hidden: bool = False
    category_top: int | None = None
    swarm: str | None = None
    persistent: tuple[Flag, ...] = ()
    parent: Command | None = field(default=None, repr=False)
    children: list[Command] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self.flag_set = FlagSet(self.flags)

    # -- the tree ----------------------------------------------------------------
    @property
    def name(self) -> str:
        return self.use.split(" ", 1)[0]

    @property
    def root(self) -> Command:
        return self.parent.root if self.parent else self

    @property
    def path(self) -> str:
        """cobra's ``CommandPath``: ``docker service create``."""
        return f"{self.parent.path} {self.name}" if self.parent else self.name

    @property
    def use_line(self) -> str:
        """cobra's ``UseLine`` with docker's ``DisableFlagsInUseLine``."""
        return f"{self.parent.path} {self.use}" if self.parent else self.use

    def add(self, *commands: Command) -> None:
        """Attach sub-commands (cobra's ``AddCommand``)."""
        for command in commands:
            if self.child(command.name) is not None:
                raise ValueError(f"{self.path} already has a sub-command {command.name!r}")
            command.parent = self
            self.children.append(command)

    def child(self, word: str) -> Command | None:
        """The sub-command called ``word`` by name or alias (cobra's ``findNext``)."""
        for command in self.children:
            if word == command.name or word in command.aliases:
                return command
        return None

    def sorted_children(self) -> list[Command]:
        return sorted(self.children, key=lambda command: command.name)

    # -- flags -------------------------------------------------------------------
    @property
    def all_flags(self) -> FlagSet:
        """The command's own flags plus the persistent ones every command inherits from the root."""
        return FlagSet([*self.flag_set.by_name.values(), *self.root.persistent])

    # -- what help shows ---------------------------------------------------------
    def is_available(self, swarm: SwarmStatus | None = None) -> bool:
        """cobra's ``IsAvailableCommand``, with docker's hiding of swarm commands the node can't use."""
        if self.hidden or (swarm is not None and not swarm.allows(self.swarm)):
            return False
        return self.run is not None or bool(self.children)


@dataclass(frozen=True)
class SwarmStatus:
    """What the daemon says about its swarm (the ``Swarm`` header of ``/_ping``), for help listings."""

    node_state: str = "inactive"
    control_available: bool = False

    def allows(self, annotation: str | None) -> bool:
        """Whether a command annotated ``swarm: annotation`` is shown (docker's ``notSwarmStatus``)."""
        if annotation == "manager":
            return self.control_available
        if annotation == "active":
            return self.node_state != "inactive"
        return True
