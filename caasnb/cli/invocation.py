"""What a command handler receives: its arguments, flag values, context and output streams."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .flags import ParsedFlags

if TYPE_CHECKING:
    from .command import Command, SwarmStatus


@dataclass
class Invocation:
    """One run of one command.

    ``context`` is whatever the caller of :func:`~caasnb.cli.run_command` passed (the
    engine client of the node the command runs on); ``swarm`` is the node's swarm state
    when known, which decides the swarm commands help lists. Handlers write what docker would
    print to ``out`` and ``err``, and raise :class:`~caasnb.errors.DockerError` for errors.
    """

    command: Command
    args: list[str]
    flags: ParsedFlags
    context: Any = None
    swarm: SwarmStatus | None = None
    out: io.StringIO = field(default_factory=io.StringIO)
    err: io.StringIO = field(default_factory=io.StringIO)

    def flag(self, name: str) -> Any:
        """The value of flag ``name`` (its default unless the command line set it)."""
        return self.flags[name]

    def was_set(self, name: str) -> bool:
        """Whether the command line gave flag ``name`` (docker's ``flags.Changed(name)``)."""
        return self.flags.was_set(name)
