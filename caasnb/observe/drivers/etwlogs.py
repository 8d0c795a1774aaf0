"""The ``etwlogs`` driver (Windows daemons only): one ETW event string per line.

moby's ``etwlogs_windows.go`` writes, with ``EventWriteString`` to provider
``a3693192-9ed6-46d2-a981-f8226c8363bd``::

    container_name: web, image_name: nginx, container_id: <64 hex>, image_id: sha256:..., source: stdout, log: hello

The driver takes no options and registers no validator, so any option passes.
"""

from __future__ import annotations

from ..message import ContainerInfo, LogBatch
from .base import Daemon, Driver, Options

NAME = "etwlogs"
PROVIDER = "a3693192-9ed6-46d2-a981-f8226c8363bd"


def validate(opts: Options) -> None:
    """etwlogs registers no option validator: every option is accepted."""


class ETWLogsDriver(Driver):
    """Writes each line as an Event Tracing for Windows event string."""

    name = NAME

    def __init__(self, info: ContainerInfo, opts: Options, daemon: Daemon) -> None:
        super().__init__(info, opts, daemon)
        self._head = (
            f"container_name: {info.plain_name}, image_name: {info.image_name}, "
            f"container_id: {info.id}, image_id: {info.image_id}, source: "
        )
        self.destination = daemon.collector(PROVIDER)

    def log(self, batch: LogBatch) -> None:
        head = self._head + batch.stream + ", log: "
        self.destination.receive([head + line for line in batch.lines])
