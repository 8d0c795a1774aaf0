"""The ``gelf`` driver: GELF 1.1 JSON messages to a Graylog (or Logstash) input.

As moby's ``gelf.go`` with the vendored Graylog2/go-gelf encoder: the fixed fields in
struct order, then the extra fields (``json.Marshal`` of a map, so sorted)::

    {"version":"1.1","host":"manager-1","short_message":"hello","timestamp":1714557600.5,"level":6,
     "_command":"nginx -g daemon off;","_container_id":"<64 hex>","_container_name":"web",
     "_created":"2024-05-01T10:00:00Z","_image_id":"sha256:...","_image_name":"nginx:1.27","_tag":"<12 hex>"}

``timestamp`` has millisecond precision, ``level`` is 6 (stdout) or 3 (stderr), label and
env attributes get a ``_`` prefix, empty lines are not sent. The collector holds each
message as the GELF input decodes it (UDP gzip/zlib and chunking, or TCP's NUL
delimiter, are transport only).
"""

from __future__ import annotations

import re

from ...golang.json import json_float, json_object, json_string
from ...golang.timefmt import rfc3339nano
from ...sim import EPOCH_NS
from ..logtag import DEFAULT_TEMPLATE, render_tag
from ..message import ContainerInfo, LogBatch
from .base import ATTRIBUTE_OPTIONS, Daemon, Driver, LogOptError, Options, extra_attributes, go_atoi

NAME = "gelf"
OPTIONS = ATTRIBUTE_OPTIONS | {
    "gelf-address",
    "gelf-compression-level",
    "gelf-compression-type",
    "gelf-tcp-max-reconnect",
    "gelf-tcp-reconnect-delay",
}
LEVEL = {"stdout": 6, "stderr": 3}


def parse_address(address: str) -> tuple[str, str]:
    """``parseAddress``: the scheme and ``host:port`` of a required ``udp://`` or ``tcp://`` address."""
    if not address:
        raise LogOptError("gelf-address is a required parameter")
    match = re.fullmatch(r"([A-Za-z][A-Za-z0-9+.-]*)://([^/?#]*)(.*)", address)
    if match is None or match.group(1) not in ("udp", "tcp"):
        raise LogOptError("gelf: endpoint needs to be TCP or UDP")
    if not re.fullmatch(r"(\[[^\]]*\]|[^:\[\]]*):[^:]*", match.group(2)):
        raise LogOptError("gelf: please provide gelf-address as proto://host:port")
    return match.group(1), match.group(2)


def validate(opts: Options) -> None:
    """``gelf.ValidateLogOpt``: the address first, then each option against it."""
    scheme, _ = parse_address(opts.get("gelf-address", ""))
    for key, value in opts.items():
        if key in ("gelf-compression-level", "gelf-compression-type"):
            if scheme != "udp":
                raise LogOptError("compression is only supported on UDP")
            ok = value in ("gzip", "zlib", "none") if key.endswith("type") else _int_between(value, -1, 9)
            if not ok:
                raise LogOptError(f'unknown value "{value}" for log opt "{key}" for gelf log driver')
        elif key in ("gelf-tcp-max-reconnect", "gelf-tcp-reconnect-delay"):
            if scheme != "tcp":
                raise LogOptError(f'"{key}" is only valid for TCP')
            if not _int_between(value, 0, None):
                raise LogOptError(f'"{key}" must be a positive integer')
        elif key not in OPTIONS:
            raise LogOptError(f'unknown log opt "{key}" for gelf log driver')


def _int_between(text: str, low: int, high: int | None) -> bool:
    try:
        number = go_atoi(text)
    except LogOptError:
        return False
    return number >= low and (high is None or number <= high)


class GELFDriver(Driver):
    """Sends each non-empty line as a GELF message to ``gelf-address``."""

    name = NAME

    def __init__(self, info: ContainerInfo, opts: Options, daemon: Daemon) -> None:
        super().__init__(info, opts, daemon)
        scheme, target = parse_address(opts.get("gelf-address", ""))
        extra = {
            "_container_id": info.id,
            "_container_name": info.plain_name,
            "_image_id": info.image_id,
            "_image_name": info.image_name,
            "_command": info.command,
            "_tag": render_tag(opts.get("tag") or DEFAULT_TEMPLATE, info),
            "_created": rfc3339nano(EPOCH_NS + info.created),
        }
        extra.update(extra_attributes(info, opts, lambda key: key if key[0] == "_" else "_" + key))
        self._extra = json_object(extra)[1:-1]
        self._host = json_string(daemon.hostname)
        self.destination = daemon.collector(f"{scheme}://{target}")

    def log(self, batch: LogBatch) -> None:
        unix_ms = (EPOCH_NS + batch.time) // 1_000_000
        tail = f',"timestamp":{json_float(unix_ms / 1000.0)},"level":{LEVEL[batch.stream]},{self._extra}}}'
        head = '{"version":"1.1","host":' + self._host + ',"short_message":'
        self.destination.receive([head + json_string(line) + tail for line in batch.lines if line])
