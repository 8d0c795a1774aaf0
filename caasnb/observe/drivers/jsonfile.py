"""The ``json-file`` driver: one JSON object a line in ``<id>-json.log``, the default.

Record, byte for byte as moby's ``jsonlog.JSONLogs.MarshalJSONBuf`` writes it::

    {"log":"hello\\n","stream":"stdout","attrs":{"tag":"web"},"time":"2024-05-01T10:00:00.5Z"}\\n

``log`` is the line plus ``\\n`` (none for a partial piece that is not the last), escaped
by json-file's own escaper; ``attrs`` (labels/env/tag options, ``json.Marshal`` of a map)
appears only when set; ``time`` is RFC 3339 with nanoseconds, trailing zeros trimmed.
``max-size`` (decimal units, ``units.FromHumanSize``), ``max-file`` and ``compress``
configure rotation (:class:`~caasnb.observe.logfile.LogFile`).
"""

from __future__ import annotations

import json

from ...golang.json import escape_jsonfile, json_object
from ...golang.timefmt import parse_rfc3339nano, rfc3339nano
from ...golang.units import from_human_size
from ...sim import EPOCH_NS
from ..logfile import LogFile, TextChunk
from ..logtag import render_tag
from ..message import ContainerInfo, LogBatch, LogEntry
from .base import (
    ATTRIBUTE_OPTIONS,
    Daemon,
    Driver,
    FileBacked,
    LogOptError,
    Options,
    check_keys,
    extra_attributes,
    go_atoi,
    go_bool,
)

NAME = "json-file"
OPTIONS = ATTRIBUTE_OPTIONS | {"max-file", "max-size", "compress"}


def validate(opts: Options) -> None:
    """``jsonfilelog.ValidateLogOpt``: only the key names are checked when the container is created."""
    check_keys(NAME, opts, OPTIONS)


def rotation(opts: Options) -> tuple[int, int, bool]:
    """``max-size`` (bytes, -1 = unlimited), ``max-file`` and ``compress``, checked as json-file's ``New`` does."""
    max_size = -1
    if "max-size" in opts:
        try:
            max_size = from_human_size(opts["max-size"])
        except ValueError as err:
            raise LogOptError(str(err)) from None
        if max_size <= 0:
            raise LogOptError("max-size must be a positive number")
    max_files = 1
    if "max-file" in opts:
        max_files = go_atoi(opts["max-file"])
        if max_files < 1:
            raise LogOptError("max-file cannot be less than 1")
    compress = False
    if "compress" in opts:
        compress = go_bool(opts["compress"])
        if compress and (max_files == 1 or max_size == -1):
            raise LogOptError("compress cannot be true when max-file is less than 2 or max-size is not set")
    return max_size, max_files, compress


def decode(records: list[str]) -> list[LogEntry]:
    """json-file records read back (``jsonlog.JSONLog``): log text, stream, time and attrs of each.

    The records are parsed as one JSON array: one call into the C decoder for a whole chunk.
    """
    entries = []
    for fields in json.loads("[" + ",".join(records) + "]"):
        attrs = tuple(sorted(fields["attrs"].items())) if "attrs" in fields else ()
        when = parse_rfc3339nano(fields["time"]) - EPOCH_NS
        entries.append(LogEntry(fields.get("stream", ""), fields.get("log", ""), when, attrs))
    return entries


class JSONFileDriver(FileBacked, Driver):
    """Writes json-file records to a rotating ``/var/lib/docker/containers/<id>/<id>-json.log``."""

    name = NAME
    readable = True
    decode = staticmethod(decode)

    def __init__(self, info: ContainerInfo, opts: Options, daemon: Daemon) -> None:
        super().__init__(info, opts, daemon)
        max_size, max_files, compress = rotation(opts)
        extra = extra_attributes(info, opts)
        tag = render_tag(opts.get("tag", ""), info)  # json-file has no default tag
        if tag:
            extra["tag"] = tag
        self._attrs = ',"attrs":' + json_object(extra) if extra else ""
        path = f"/var/lib/docker/containers/{info.id}/{info.id}-json.log"
        self.file = LogFile(path, max_size, max_files, compress)

    def log(self, batch: LogBatch) -> None:
        self.file.write(self.encode(batch))

    def encode(self, batch: LogBatch) -> TextChunk:
        """The batch's records as one chunk of text (the hot path: two passes of C string code)."""
        newline = "" if batch.partial is not None and not batch.partial.last else "\\n"
        tail = f'{newline}","stream":"{batch.stream}"{self._attrs},"time":"{rfc3339nano(EPOCH_NS + batch.time)}"}}\n'
        body = escape_jsonfile("\n".join(batch.lines))
        data = '{"log":"' + body.replace("\n", tail + '{"log":"') + tail
        nbytes = len(data) if data.isascii() else len(data.encode("utf-8", "surrogateescape"))
        return TextChunk(batch.time, data, len(batch.lines), nbytes)
