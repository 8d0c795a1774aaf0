"""What a logging driver is given: the container's identity and the messages it wrote.

``ContainerInfo`` mirrors moby's ``logger.Info`` (the fields a tag template or a record
can name). moby hands drivers one ``logger.Message`` at a time (stream, line, timestamp,
partial metadata); here a ``LogBatch`` carries the lines one stream wrote at one instant
(or one piece of a line longer than the copier's 16 KiB buffer), so a driver formats many
messages with a few string operations. A ``LogEntry`` is a message read back, as
``docker logs`` prints it, with the attributes the driver stored.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

_HEX64 = re.compile(r"[0-9a-f]{64}")
STREAMS = ("stdout", "stderr")


@dataclass(frozen=True)
class ContainerInfo:
    """A container as its logger sees it (moby ``daemon/logger.Info``)."""

    id: str
    name: str
    image_name: str
    image_id: str = "sha256:" + "0" * 64
    created: int = 0
    entrypoint: str = ""
    args: tuple[str, ...] = ()
    env: tuple[str, ...] = ()
    labels: Mapping[str, str] = field(default_factory=dict)
    hostname: str = "localhost"
    daemon_name: str = "docker"

    def __post_init__(self) -> None:
        if not _HEX64.fullmatch(self.id):
            raise ValueError(f"container id must be 64 lowercase hex characters, not {self.id!r}")
        if not self.name.startswith("/"):
            object.__setattr__(self, "name", "/" + self.name)

    @property
    def short_id(self) -> str:
        """``info.ID()``: the first 12 characters."""
        return self.id[:12]

    @property
    def plain_name(self) -> str:
        """``info.Name()``: the name without its leading ``/``."""
        return self.name[1:]

    @property
    def command(self) -> str:
        """``info.Command()``: entrypoint and arguments joined by spaces."""
        return " ".join((self.entrypoint, *self.args))


@dataclass(frozen=True, slots=True)
class PartialMeta:
    """A piece of a line longer than the copier's buffer (``backend.PartialLogMetaData``)."""

    id: str
    ordinal: int
    last: bool


@dataclass(frozen=True, slots=True)
class LogBatch:
    """Whole lines one stream wrote at one simulated instant, or a single partial piece."""

    stream: str
    time: int
    lines: Sequence[str]
    partial: PartialMeta | None = None


@dataclass(frozen=True, slots=True)
class LogEntry:
    """A message read back from a log (moby's ``backend.LogMessage``).

    ``text`` is what ``docker logs`` prints for it: the line and its newline, or no
    newline for a piece of a longer line that continues in the next entry.
    """

    stream: str
    text: str
    time: int
    attrs: tuple[tuple[str, str], ...] = ()
