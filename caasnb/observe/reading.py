"""``docker logs``: which logs can be read, which entries a read returns, and how they print.

Docker 28 reads json-file, local and journald logs directly; for any other driver it
reads the dual-logging cache (a local-format copy, on unless ``cache-disabled=true``);
with ``none`` or no cache it answers 501 ``configured logging driver does not support
reading``. ``--tail`` (``all`` or anything that is not an integer means all),
``--since``/``--until`` (see :mod:`.timestamps`) select entries the way the driver's
reader does; ``--timestamps`` prefixes RFC 3339 with nine fraction digits, ``--details``
the entry's attributes as URL-query-escaped ``key=value`` pairs, sorted, comma-separated.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote_plus

from ..errors import ClientError, InvalidArgument, NotImplementedByDaemon
from ..golang.timefmt import rfc3339nano_fixed
from ..sim import EPOCH_NS
from .logconfig import ContainerLogger
from .message import LogEntry
from .timestamps import TimestampError, resolve

NOT_READABLE = "configured logging driver does not support reading"


@dataclass(frozen=True)
class LogsOptions:
    """The ``docker logs`` flags (``container.LogsOptions``); since/until as typed on the command line."""

    stdout: bool = True
    stderr: bool = True
    since: str = ""
    until: str = ""
    timestamps: bool = False
    follow: bool = False
    tail: str = "all"
    details: bool = False


@dataclass(frozen=True, slots=True)
class LogLine:
    """One printed entry: the stream it goes to and its text (prefixes and newline included)."""

    stream: str
    text: str


def tail_count(tail: str) -> int:
    """The daemon's ``strconv.Atoi(tail)``, where anything unparsable (``all``) means -1: everything."""
    body = tail[1:] if tail[:1] in "+-" else tail
    return int(tail) if body.isdigit() and body.isascii() else -1


def window(options: LogsOptions, now: int) -> tuple[int | None, int | None]:
    """``--since``/``--until`` as simulated ns (None: unbounded); bad values raise the client's error."""
    unix_now = EPOCH_NS + now
    try:
        since = resolve(options.since, unix_now)
        until = None if options.until in ("", "0") else resolve(options.until, unix_now)
    except TimestampError as err:
        raise ClientError(str(err)) from None
    return (None if since is None else since - EPOCH_NS), (None if until is None else until - EPOCH_NS)


def render(entry: LogEntry, options: LogsOptions) -> LogLine:
    """An entry as ``WriteLogStream`` prints it."""
    text = entry.text
    if options.details:
        text = (
            ",".join(f"{quote_plus(k, safe='')}={quote_plus(v, safe='')}" for k, v in sorted(entry.attrs)) + " " + text
        )
    if options.timestamps:
        text = rfc3339nano_fixed(EPOCH_NS + entry.time) + " " + text
    return LogLine(entry.stream, text)


def _wanted(entry: LogEntry, options: LogsOptions) -> bool:
    return (entry.stream == "stdout" and options.stdout) or (entry.stream == "stderr" and options.stderr)


def _reader(logger: ContainerLogger | None):
    if not (logger is None or logger.reader is None):
        return logger.reader
    raise NotImplementedByDaemon(NOT_READABLE)


def read_entries(logger: ContainerLogger | None, options: LogsOptions, now: int) -> list[LogEntry]:
    """The entries ``docker logs`` selects now (without ``--follow``), or Docker's error."""
    if not (options.stdout or options.stderr):
        raise InvalidArgument("You must choose at least one stream")
    reader = _reader(logger)
    since, until = window(options, now)
    return [e for e in reader.read(tail_count(options.tail), since, until) if _wanted(e, options)]


def read_logs(logger: ContainerLogger | None, options: LogsOptions, now: int) -> list[LogLine]:
    """What ``docker logs`` prints now (without ``--follow``), or Docker's error."""
    return [render(e, options) for e in read_entries(logger, options, now)]


class Follow:
    """``docker logs --follow``: the selected entries, then each new one as the simulation writes it.

    Iterate to get what is available now; run the simulation; iterate again for what
    came since. Following ends (``done``) after an entry newer than ``--until``, or when
    the container's logger is closed (the container stopped).
    """

    def __init__(self, logger: ContainerLogger | None, options: LogsOptions, now: int) -> None:
        if not (options.stdout or options.stderr):
            raise InvalidArgument("You must choose at least one stream")
        self._reader = _reader(logger)
        self._logger = logger
        self.options = options
        self._since, self._until = window(options, now)
        self._position = self._reader.cursor()
        self._pending = self._reader.read(tail_count(options.tail), self._since, self._until)
        self.done = False

    def poll(self) -> list[LogLine]:
        """Lines not yet returned."""
        if self.done:
            return []
        entries, self._pending = self._pending, []
        fresh, self._position = self._reader.after(self._position)
        entries += fresh
        lines = []
        for entry in entries:
            if self._since is not None and entry.time < self._since:
                continue
            self._since = None
            if self._until is not None and entry.time > self._until:
                self.done = True
                break
            if _wanted(entry, self.options):
                lines.append(render(entry, self.options))
        if self._logger is not None and self._logger.closed:
            self.done = True
        return lines

    def __iter__(self):
        return iter(self.poll())
