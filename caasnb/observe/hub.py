"""Container logs as a view of the event log (DESIGN rule 3).

A container's output is an event, ``container.log`` (subject: the container id; attrs:
``stream`` and ``lines``, a tuple of lines written at that instant). The :class:`LogHub`
subscribes to the simulation's event log and feeds each event through the copier to the
container's logging chain, which the engine starts with the container (``start``,
recorded as a ``logger.start`` event) and stops with it (``stop``, ``logger.stop``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..errors import NotFound
from ..sim import Event, Simulation
from .copier import cut
from .drivers import Daemon
from .logconfig import ContainerLogger, LogConfig, daemon_default
from .message import ContainerInfo
from .reading import Follow, LogLine, LogsOptions, read_logs

OUTPUT = "container.log"


def write_output(sim: Simulation, container_id: str, stream: str, lines: Iterable[str]) -> Event:
    """Record that a container wrote ``lines`` (text split at newlines) to ``stream`` now."""
    split = tuple(piece for line in lines for piece in line.split("\n"))
    return sim.emit(OUTPUT, container_id, stream=stream, lines=split)


class LogHub:
    """The container logs of one daemon: their logging chains, fed from ``container.log`` events."""

    def __init__(self, sim: Simulation, daemon: Daemon | None = None, default: LogConfig | None = None) -> None:
        self.sim = sim
        self.daemon = daemon or Daemon(new_id=lambda: "{:064x}".format(sim.rng("observe.ids").getrandbits(256)))
        self.default = default or daemon_default()
        self.loggers: dict[str, ContainerLogger] = {}
        self._unsubscribe = sim.events.subscribe(self._on_event)

    def start(self, info: ContainerInfo, config: LogConfig) -> ContainerLogger:
        """Start the logging chain of a container (its config already checked at create time)."""
        logger = ContainerLogger(info, config, self.daemon)
        self.loggers[info.id] = logger
        cache = logger.cache is not None
        self.sim.emit("logger.start", info.id, host=self.daemon.hostname, driver=config.type, cache=cache)
        return logger

    def stop(self, container_id: str) -> None:
        """Close a container's logging chain (it keeps its files: ``docker logs`` still reads them)."""
        logger = self.loggers[container_id]
        logger.close()
        self.sim.emit("logger.stop", container_id, host=self.daemon.hostname, driver=logger.config.type)

    def _on_event(self, event: Event) -> None:
        if event.kind != OUTPUT:
            return
        logger = self.loggers.get(event.subject)
        if logger is None or logger.closed:
            return
        for batch in cut(event.attrs["stream"], event.time, event.attrs["lines"], self.daemon.new_id):
            logger.log(batch)

    def _logger(self, container_id: str) -> ContainerLogger:
        logger = self.loggers.get(container_id)
        if logger is None:
            raise NotFound(f"No such container: {container_id}")
        return logger

    def logs(self, container_id: str, options: LogsOptions | None = None, **flags: Any) -> list[LogLine]:
        """``docker logs`` (without ``--follow``): ``hub.logs(cid, tail="10", timestamps=True)``."""
        return read_logs(self._logger(container_id), options or LogsOptions(**flags), self.sim.now)

    def follow(self, container_id: str, options: LogsOptions | None = None, **flags: Any) -> Follow:
        """``docker logs --follow``: iterate for the lines so far, run the simulation, iterate again."""
        return Follow(self._logger(container_id), options or LogsOptions(follow=True, **flags), self.sim.now)

    def close(self) -> None:
        """Stop listening to the event log."""
        self._unsubscribe()
