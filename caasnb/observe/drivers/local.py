"""The ``local`` driver: length-framed protobuf entries in a rotating, compressed file set.

Each record is moby's ``logdriver.LogEntry`` protobuf (``source`` = 1, ``time_nano`` = 2,
``line`` = 3, ``partial`` = 4, ``partial_log_metadata`` = 5 {``last`` = 1, ``id`` = 2,
``ordinal`` = 3}) framed by its length as a big-endian uint32 before and after, so the
file can be read backwards for ``--tail``. The bytes here are that encoding exactly.
Defaults: ``max-size`` 20 MiB, ``max-file`` 5, ``compress`` true. The same driver backs
the dual-logging cache of drivers ``docker logs`` cannot read.
"""

from __future__ import annotations

import struct

from ...golang.units import from_human_size
from ...sim import EPOCH_NS
from ..logfile import FramedChunk, LogFile
from ..message import ContainerInfo, LogBatch, LogEntry, PartialMeta
from .base import Daemon, Driver, FileBacked, LogOptError, Options, check_keys, go_atoi, go_bool

NAME = "local"
OPTIONS = frozenset({"max-file", "max-size", "compress"})
DEFAULT_MAX_SIZE = 20 * 1024 * 1024
DEFAULT_MAX_FILES = 5


def validate(opts: Options) -> None:
    """``local.ValidateLogOpt``."""
    check_keys(NAME, opts, OPTIONS, "unknown log opt '{key}' for log driver {driver}")


def rotation(opts: Options) -> tuple[int, int, bool]:
    """Rotation settings as ``local.New`` reads and checks them."""
    max_size, max_files, compress = DEFAULT_MAX_SIZE, DEFAULT_MAX_FILES, True
    if "max-size" in opts:
        try:
            max_size = from_human_size(opts["max-size"])
        except ValueError as err:
            raise LogOptError(f"invalid value for max-size: {opts['max-size']}: {err}") from None
    if "max-file" in opts:
        try:
            max_files = go_atoi(opts["max-file"])
        except LogOptError as err:
            raise LogOptError(f"invalid value for max-file: {opts['max-file']}: {err}") from None
    if "compress" in opts:
        try:
            compress = go_bool(opts["compress"])
        except LogOptError as err:
            raise LogOptError(f"error reading compress log option: {err}") from None
    if max_files < 0:
        raise LogOptError("max file count cannot be less than 0")
    if compress and max_files <= 1:
        raise LogOptError("compression cannot be enabled when max file count is 1")
    return max_size, max_files, compress


def _varint(value: int) -> bytes:
    value &= (1 << 64) - 1
    out = bytearray()
    while value > 0x7F:
        out.append(value & 0x7F | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def _field(tag: int, payload: bytes) -> bytes:
    return bytes((tag,)) + _varint(len(payload)) + payload


def encode_entry(stream: str, time_nano: int, line: bytes, partial: PartialMeta | None) -> bytes:
    """One ``LogEntry`` protobuf (proto3: zero values are left out), framed by its length."""
    proto = b""
    if stream:
        proto += _field(0x0A, stream.encode())
    if time_nano:
        proto += b"\x10" + _varint(time_nano)
    if line:
        proto += _field(0x1A, line)
    if partial is not None:
        meta = b"\x08\x01" if partial.last else b""
        if partial.id:
            meta += _field(0x12, partial.id.encode())
        if partial.ordinal:
            meta += b"\x18" + _varint(partial.ordinal)
        proto += b"\x20\x01" + _field(0x2A, meta)
    size = struct.pack(">I", len(proto))
    return size + proto + size


def _read_varint(data: bytes, pos: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, pos


def _fields(data: bytes) -> dict[int, int | bytes]:
    """A protobuf message's fields by number (varints as ints, length-delimited as bytes)."""
    fields: dict[int, int | bytes] = {}
    pos = 0
    while pos < len(data):
        key, pos = _read_varint(data, pos)
        if key & 7 == 0:
            fields[key >> 3], pos = _read_varint(data, pos)
        else:
            length, pos = _read_varint(data, pos)
            fields[key >> 3], pos = data[pos : pos + length], pos + length
    return fields


def decode_frame(frame: bytes) -> LogEntry:
    """A framed entry read back as local's decoder does: the line gets its newline unless a non-last piece."""
    (size,) = struct.unpack(">I", frame[:4])
    fields = _fields(frame[4 : 4 + size])
    line = fields.get(3, b"").decode("utf-8", "surrogateescape")
    last = True
    if fields.get(4):
        last = bool(_fields(fields.get(5, b"")).get(1, 0))
    return LogEntry(fields.get(1, b"").decode(), line + ("\n" if last else ""), fields.get(2, 0) - EPOCH_NS)


def decode(frames: list[bytes]) -> list[LogEntry]:
    """Framed entries read back."""
    return [decode_frame(frame) for frame in frames]


class LocalDriver(FileBacked, Driver):
    """Writes framed protobuf entries to ``local-logs/container.log`` (or the dual-logging cache file)."""

    name = NAME
    readable = True
    decode = staticmethod(decode)

    def __init__(self, info: ContainerInfo, opts: Options, daemon: Daemon, path: str | None = None) -> None:
        super().__init__(info, opts, daemon)
        max_size, max_files, compress = rotation(opts)
        self.file = LogFile(
            path or f"/var/lib/docker/containers/{info.id}/local-logs/container.log", max_size, max_files, compress
        )

    def log(self, batch: LogBatch) -> None:
        time_nano = EPOCH_NS + batch.time
        frames = [
            encode_entry(batch.stream, time_nano, line.encode("utf-8", "surrogateescape"), batch.partial)
            for line in batch.lines
        ]
        self.file.write(FramedChunk(batch.time, frames))
