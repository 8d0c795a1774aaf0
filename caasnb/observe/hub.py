"""Container logs as a view of the event log (DESIGN rule 3).

A container's output is an event, ``container.log`` (subject: the container id; attrs:
``stream`` and ``lines``, a tuple of lines written at that instant). The :class:`LogHub`
subscribes to the simulation's event log and feeds each event through the copier to the
container's logging chain, which the engine starts with the container (``start``,
recorded as a ``logger.start`` event) and stops with it (``stop``, ``logger.stop``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from ..containers.filesystem import Disk
from ..errors import NotFound
from ..sim import Event, Simulation
from .copier import cut
from .dispatch import on
from .drivers import Daemon
from .drivers.base import FileBacked
from .logconfig import ContainerLogger, LogConfig, check, daemon_default, merge_default
from .message import ContainerInfo, LogEntry
from .reading import Follow, LogLine, LogsOptions, read_entries, read_logs

OUTPUT = "container.log"


def write_output(sim: Simulation, container_id: str, stream: str, lines: Iterable[str]) -> Event:
    """Record that a container wrote ``lines`` (text split at newlines) to ``stream`` now."""
    split = tuple(piece for line in lines for piece in line.split("\n"))
    return sim.emit(OUTPUT, container_id, stream=stream, lines=split)


class LogHub:
    """The container logs of one daemon: their logging chains, fed from ``container.log`` events."""

    def __init__(
        self, sim: Simulation, daemon: Daemon | None = None, default: LogConfig | None = None, disk: Disk | None = None
    ) -> None:
        self.sim = sim
        self.daemon = daemon or Daemon(new_id=lambda: "{:064x}".format(sim.rng("observe.ids").getrandbits(256)))
        self.default = default or daemon_default()
        self.loggers: dict[str, ContainerLogger] = {}
        self.disk = disk
        """The host's disk (``caasnb.cluster.Host``) that log files fill; None: never full."""
        self._stop_listening: dict[str, Callable[[], None]] = {}

    def disk_used(self) -> int:
        """Bytes the log files on this host take: json-file and local logs, and the dual-logging caches."""
        return sum(_file_bytes(logger) for logger in self.loggers.values())

    def check(self, log_config: Mapping[str, Any] | None) -> dict[str, Any]:
        """Create time: a ``HostConfig.LogConfig`` merged with this daemon's default, or Docker's 400."""
        given = log_config or {}
        merged = check(LogConfig(given.get("Type") or "", dict(given.get("Config") or {})), self.default)
        return {"Type": merged.type, "Config": dict(merged.config)}

    def start(self, info: ContainerInfo, config: LogConfig) -> ContainerLogger:
        """Start the logging chain of a container (its config checked at create time; merged again here)."""
        config = merge_default(config, self.default)
        logger = ContainerLogger(info, config, self.daemon)
        self.loggers[info.id] = logger
        if info.id not in self._stop_listening:  # a restarted container keeps its subscription
            self._stop_listening[info.id] = on(self.sim, (OUTPUT,), self._on_event, subject=info.id)
        cache = logger.cache is not None
        self.sim.emit("logger.start", info.id, host=self.daemon.hostname, driver=config.type, cache=cache)
        return logger

    def stop(self, container_id: str) -> None:
        """Close a container's logging chain (it keeps its files: ``docker logs`` still reads them)."""
        logger = self.loggers[container_id]
        logger.close()
        self.sim.emit("logger.stop", container_id, host=self.daemon.hostname, driver=logger.config.type)

    def _on_event(self, event: Event) -> None:
        logger = self.loggers.get(event.subject)
        if logger is None or logger.closed:
            return
        lines = event.attrs["lines"]
        charged = self.disk is not None and self.disk.disk_free is not None
        if charged and not self.disk.disk_fits(sum(len(line) + 1 for line in lines)):
            self._disk_full(logger, lines)
            return
        before = _file_bytes(logger) if charged else 0
        for batch in cut(event.attrs["stream"], event.time, lines, self.daemon.new_id):
            logger.log(batch)
        if charged:  # rotation may have freed more than the write took
            self.disk.disk_charge(_file_bytes(logger) - before)

    def _disk_full(self, logger: ContainerLogger, lines) -> None:
        """The write fails: dockerd logs ``Error writing log message`` (the lines are lost)."""
        cid = logger.info.id
        name = f"{cid}-json.log" if logger.config.type == "json-file" else "local-logs/container.log"
        path = f"/var/lib/docker/containers/{cid}/{name}"
        error = f"write {path}: no space left on device"
        self.sim.emit(
            "logger.error", cid, host=self.daemon.hostname, driver=logger.config.type, error=error, message=lines[0]
        )

    def _logger(self, container_id: str) -> ContainerLogger:
        logger = self.loggers.get(container_id)
        if logger is None:
            raise NotFound(f"No such container: {container_id}")
        return logger

    def find(self, ref: str) -> ContainerLogger:
        """The logger of the container ``ref`` names: its ID, its name, or a unique ID prefix."""
        if ref in self.loggers:
            return self.loggers[ref]
        named = [logger for logger in self.loggers.values() if logger.info.plain_name == ref.lstrip("/")]
        prefixed = [logger for cid, logger in self.loggers.items() if ref and cid.startswith(ref)]
        found = named or prefixed
        if len(found) != 1:
            raise NotFound(f"No such container: {ref}")
        return found[0]

    def entries(self, container_id: str, options: LogsOptions) -> list[LogEntry]:
        """The entries ``docker logs`` selects (not yet printed), for views that add their own context."""
        return read_entries(self.loggers.get(container_id), options, self.sim.now)

    def logs(self, container_id: str, options: LogsOptions | None = None, **flags: Any) -> list[LogLine]:
        """``docker logs`` (without ``--follow``): ``hub.logs(cid, tail="10", timestamps=True)``."""
        return read_logs(self._logger(container_id), options or LogsOptions(**flags), self.sim.now)

    def follow(self, container_id: str, options: LogsOptions | None = None, **flags: Any) -> Follow:
        """``docker logs --follow``: iterate for the lines so far, run the simulation, iterate again."""
        return Follow(self._logger(container_id), options or LogsOptions(follow=True, **flags), self.sim.now)

    def close(self) -> None:
        """Stop listening to the event log."""
        for stop in self._stop_listening.values():
            stop()
        self._stop_listening.clear()


def _file_bytes(logger: ContainerLogger) -> int:
    """Bytes a container's log files take: its json-file or local log and its dual-logging cache."""
    return sum(
        info.size
        for part in (logger.driver, logger.cache)
        if isinstance(part, FileBacked)
        for info in part.file.files()
    )
