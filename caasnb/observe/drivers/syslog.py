"""The ``syslog`` driver: one syslog message a line, in the format ``syslog-format`` picks.

As moby's ``syslog.go`` with the vendored RackSec/srslog formatters (``<pri>`` is
facility | severity: ``daemon`` by default, ``info`` for stdout and ``err`` for stderr;
the content always ends with ``\\n``; empty lines are not sent):

* ``""`` (default, ``UnixFormatter``): ``<30>May  1 10:00:00 3f2a1b4c5d6e[4242]: hello``
* ``rfc3164``: ``<30>May  1 10:00:00 HOST 3f2a1b4c5d6e[4242]: hello``
* ``rfc5424``: ``<30>1 2024-05-01T10:00:00Z HOST 3f2a1b4c5d6e 4242 3f2a1b4c5d6e - hello``
* ``rfc5424micro``: the same with ``2024-05-01T10:00:00.000000Z``

HOST is ``localhost`` for the local socket and the connection's local ``ip:port`` for a
network address (srslog's ``LocalAddr().String()``). With ``tcp+tls`` the rfc5424 formats
are framed by their length (RFC 5425).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from ...golang.timefmt import rfc3339, rfc3339micro, stamp
from ...sim import EPOCH_NS
from ..logtag import DEFAULT_TEMPLATE, render_tag
from ..message import ContainerInfo, LogBatch
from .base import ATTRIBUTE_OPTIONS, Daemon, Driver, LogOptError, Options, check_keys

NAME = "syslog"
OPTIONS = ATTRIBUTE_OPTIONS | {
    "syslog-address",
    "syslog-facility",
    "syslog-tls-ca-cert",
    "syslog-tls-cert",
    "syslog-tls-key",
    "syslog-tls-skip-verify",
    "syslog-format",
}
FACILITIES = dict(
    zip(
        "kern user mail daemon auth syslog lpr news uucp cron authpriv ftp".split() + [f"local{i}" for i in range(8)],
        [n << 3 for n in (*range(12), *range(16, 24))],
        strict=True,
    )
)
LOCAL_SOCKETS = ("/dev/log", "/var/run/syslog", "/var/run/log")
FORMATS = ("", "rfc3164", "rfc5424", "rfc5424micro")
SEVERITY = {"stdout": 6, "stderr": 3}


def parse_address(address: str, sockets: tuple[str, ...] = LOCAL_SOCKETS) -> tuple[str, str]:
    """``parseAddress``: (scheme, host:port or socket path); ``("", "")`` means the local syslog."""
    if not address:
        return "", ""
    if re.match(r"[^A-Za-z/][^/]*:", address) or re.match(r"[^:/]*[.][^:/]*:\d", address):
        raise LogOptError(f'parse "{address}": first path segment in URL cannot contain colon')
    parts = urlsplit(address)
    if parts.scheme in ("unix", "unixgram"):
        if parts.path not in sockets:
            raise LogOptError(f"stat {parts.path}: no such file or directory")
        return parts.scheme, parts.path
    if parts.scheme not in ("udp", "tcp", "tcp+tls"):
        raise LogOptError(f"unsupported scheme: '{parts.scheme}'")
    host = parts.netloc
    if not re.search(r":\d*\Z", host.rsplit("]", 1)[-1]):
        host += ":514"
    return parts.scheme, host


def parse_facility(facility: str) -> int:
    """``parseFacility``: a name, or a number 0-23."""
    if not facility:
        return FACILITIES["daemon"]
    if facility in FACILITIES:
        return FACILITIES[facility]
    if re.fullmatch(r"[+-]?\d+", facility) and 0 <= int(facility) <= 23:
        return int(facility) << 3
    raise LogOptError("invalid syslog facility")


def validate(opts: Options) -> None:
    """``syslog.ValidateLogOpt``."""
    check_keys(NAME, opts, OPTIONS)
    parse_address(opts.get("syslog-address", ""))
    parse_facility(opts.get("syslog-facility", ""))
    if opts.get("syslog-format", "") not in FORMATS:
        raise LogOptError("Invalid syslog format")


class SyslogDriver(Driver):
    """Formats each line as a syslog message for the server at ``syslog-address`` (or ``/dev/log``)."""

    name = NAME

    def __init__(self, info: ContainerInfo, opts: Options, daemon: Daemon) -> None:
        super().__init__(info, opts, daemon)
        self.tag = render_tag(opts.get("tag") or DEFAULT_TEMPLATE, info)
        scheme, target = parse_address(opts.get("syslog-address", ""))
        self.facility = parse_facility(opts.get("syslog-facility", ""))
        self.format = opts.get("syslog-format", "")
        if self.format not in FORMATS:
            raise LogOptError("Invalid syslog format")
        local = scheme in ("", "unix", "unixgram")
        self.hostname = "localhost" if local else f"{daemon.address}:{daemon.ephemeral_port()}"
        self.framed = scheme == "tcp+tls" and self.format.startswith("rfc5424")
        self.destination = daemon.collector((target or LOCAL_SOCKETS[0]) if local else f"{scheme}://{target}")

    def log(self, batch: LogBatch) -> None:
        unix_ns = EPOCH_NS + batch.time
        pri = self.facility | SEVERITY[batch.stream]
        pid, tag, host = self.daemon.pid, self.tag, self.hostname
        if self.format == "":
            head = f"<{pri}>{stamp(unix_ns)} {tag}[{pid}]: "
        elif self.format == "rfc3164":
            head = f"<{pri}>{stamp(unix_ns)} {host} {tag}[{pid}]: "
        else:
            when = rfc3339(unix_ns) if self.format == "rfc5424" else rfc3339micro(unix_ns)
            head = f"<{pri}>1 {when} {host} {tag} {pid} {tag} - "
        messages = [head + line + "\n" for line in batch.lines if line]
        if self.framed:
            messages = [f"{len(m.encode('utf-8', 'surrogateescape'))} {m}" for m in messages]
        self.destination.receive(messages)
