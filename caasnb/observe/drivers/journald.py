"""The ``journald`` driver: journal entries with Docker's fields, readable by ``docker logs``.

Each message becomes a journal entry (moby ``journald.go``): ``MESSAGE``, ``PRIORITY``
(6 info for stdout, 3 err for stderr), ``CONTAINER_ID`` (12), ``CONTAINER_ID_FULL``,
``CONTAINER_NAME``, ``CONTAINER_TAG`` and ``SYSLOG_IDENTIFIER`` (the tag, ``{{.ID}}`` by
default), ``IMAGE_NAME``, ``CONTAINER_LOG_EPOCH`` (random per logger) and
``CONTAINER_LOG_ORDINAL`` (1, 2, ...), ``SYSLOG_TIMESTAMP`` (RFC 3339 nano), partial-message
fields, and label/env attributes with journal-safe names. journald itself adds trusted
fields (``_PID``, ``_COMM``, ``_HOSTNAME``, ``_TRANSPORT``) and ``__REALTIME_TIMESTAMP`` in
microseconds, the clock ``docker logs`` reads and filters by.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from ...golang.timefmt import rfc3339nano
from ...sim import EPOCH_NS
from ..logtag import DEFAULT_TEMPLATE, render_tag
from ..message import ContainerInfo, LogBatch, LogEntry
from .base import ATTRIBUTE_OPTIONS, Daemon, Driver, Options, check_keys, extra_attributes

NAME = "journald"
OPTIONS = ATTRIBUTE_OPTIONS
ADDRESS = "journald"
"""The collector that stands for the host's systemd journal."""

WELL_KNOWN = frozenset(
    "MESSAGE MESSAGE_ID PRIORITY CODE_FILE CODE_LINE CODE_FUNC ERRNO SYSLOG_FACILITY SYSLOG_IDENTIFIER SYSLOG_PID "
    "SYSLOG_TIMESTAMP CONTAINER_NAME CONTAINER_ID CONTAINER_ID_FULL CONTAINER_TAG IMAGE_NAME CONTAINER_PARTIAL_ID "
    "CONTAINER_PARTIAL_ORDINAL CONTAINER_PARTIAL_LAST CONTAINER_PARTIAL_MESSAGE CONTAINER_LOG_EPOCH "
    "CONTAINER_LOG_ORDINAL".split()
)
"""Fields ``docker logs`` does not show as ``--details`` attributes."""


def validate(opts: Options) -> None:
    """``journald.validateLogOpt``."""
    check_keys(NAME, opts, OPTIONS)


def journal_key(key: str) -> str:
    """``sanitizeKeyMod``: upper case, other characters to ``_``, no leading ``_``."""
    out = []
    for char in key:
        char = char.upper() if "a" <= char <= "z" else char
        if not ("A" <= char <= "Z" or "0" <= char <= "9"):
            char = "_"
        if out or char != "_":
            out.append(char)
    return "".join(out)


class JournaldDriver(Driver):
    """Sends entries to the host journal and reads this container's entries back."""

    name = NAME
    readable = True

    def __init__(self, info: ContainerInfo, opts: Options, daemon: Daemon) -> None:
        super().__init__(info, opts, daemon)
        tag = render_tag(opts.get("tag") or DEFAULT_TEMPLATE, info)
        self.epoch = daemon.new_id()
        self.fields = {
            "CONTAINER_ID": info.short_id,
            "CONTAINER_ID_FULL": info.id,
            "CONTAINER_NAME": info.plain_name,
            "CONTAINER_TAG": tag,
            "IMAGE_NAME": info.image_name,
            "SYSLOG_IDENTIFIER": tag,
            "CONTAINER_LOG_EPOCH": self.epoch,
            **extra_attributes(info, opts, journal_key),
        }
        self.trusted = {
            "_PID": str(daemon.pid),
            "_COMM": "dockerd",
            "_HOSTNAME": daemon.hostname,
            "_TRANSPORT": "journal",
        }
        self.journal = daemon.collector(ADDRESS)
        self.ordinal = 0
        self._mine: list[int] = []  # positions of this container's entries in the journal
        self._times: list[int] = []  # their realtime (simulated ns, microsecond precision)

    def log(self, batch: LogBatch) -> None:
        unix_ns = EPOCH_NS + batch.time
        per_batch = {"SYSLOG_TIMESTAMP": rfc3339nano(unix_ns)}
        if batch.partial is not None:
            per_batch["CONTAINER_PARTIAL_ID"] = batch.partial.id
            per_batch["CONTAINER_PARTIAL_ORDINAL"] = str(batch.partial.ordinal)
            per_batch["CONTAINER_PARTIAL_LAST"] = "true" if batch.partial.last else "false"
            if not batch.partial.last:
                per_batch["CONTAINER_PARTIAL_MESSAGE"] = "true"
        priority = "3" if batch.stream == "stderr" else "6"
        realtime = unix_ns // 1000
        entries = []
        for line in batch.lines:
            self.ordinal += 1
            entries.append(
                {
                    "__REALTIME_TIMESTAMP": str(realtime),
                    **self.trusted,
                    **self.fields,
                    **per_batch,
                    "CONTAINER_LOG_ORDINAL": str(self.ordinal),
                    "MESSAGE": line,
                    "PRIORITY": priority,
                }
            )
        start = len(self.journal.records)
        self.journal.receive(entries)
        self._mine.extend(range(start, start + len(entries)))
        self._times.extend([realtime * 1000 - EPOCH_NS] * len(entries))

    # -- reading (journald's read.go: tail counts back from --until, then --since) -----------
    def read(self, tail: int, since: int | None, until: int | None) -> list[LogEntry]:
        hi = len(self._times) if until is None else bisect_right(self._times, until)
        lo = 0 if since is None else bisect_left(self._times, since)
        if tail == 0:
            return []
        if tail > 0:
            lo = max(lo, hi - tail)
        return [self._entry(self.journal.records[p]) for p in self._mine[lo:hi]]

    def cursor(self) -> int:
        return len(self._mine)

    def after(self, position: int) -> tuple[list[LogEntry], int]:
        return [self._entry(self.journal.records[p]) for p in self._mine[position:]], len(self._mine)

    @staticmethod
    def _entry(fields: dict[str, str]) -> LogEntry:
        """A journal entry as journald's reader turns it into a message."""
        text = fields["MESSAGE"] + ("" if fields.get("CONTAINER_PARTIAL_MESSAGE") == "true" else "\n")
        stream = {"3": "stderr", "6": "stdout"}.get(fields.get("PRIORITY", ""), "")
        attrs = tuple(sorted((k, v) for k, v in fields.items() if k[0] != "_" and k not in WELL_KNOWN))
        return LogEntry(stream, text, int(fields["__REALTIME_TIMESTAMP"]) * 1000 - EPOCH_NS, attrs)
