"""Reading the Engine API's streaming answers (event lines, multiplexed logs) and the time flags they take."""

from __future__ import annotations

import json
import struct
from collections.abc import Mapping
from typing import Any

from ...engine.engine import error_from
from ...engine.logs import STREAM_IDS
from ...errors import ClientError
from ...observe import LogLine
from ...observe.timestamps import TimestampError, get_timestamp
from .client import Client


def stream(client: Client, path: str, query: Mapping[str, Any]) -> tuple[str, bytes]:
    """One streaming request: its content type and body, or the daemon's error raised."""
    response = client.engine.request(client.node, "GET", path, dict(query))
    if response.status >= 400:
        raise error_from(response)
    return response.headers.get("Content-Type", ""), response.body


def json_lines(body: bytes) -> list[Any]:
    """A ``json.Decoder`` reading one value after another."""
    return [json.loads(line) for line in body.decode().splitlines() if line.strip()]


def timestamp(client: Client, value: str, flag: str = "") -> str:
    """``timetypes.GetTimestamp``: a ``--since``/``--until`` value as the client sends it ("" stays "").

    The log clients wrap a bad value's error with the flag's name (``invalid value for "since"``);
    the events client does not (no ``flag``).
    """
    if not value:
        return ""
    try:
        return get_timestamp(value, client.now())
    except TimestampError as error:
        raise ClientError(f'invalid value for "{flag}": {error}' if flag else str(error)) from None


def unframe(body: bytes) -> list[LogLine]:
    """``stdcopy.StdCopy``: the messages of a multiplexed body, with their streams."""
    lines, position = [], 0
    names = {number: name for name, number in STREAM_IDS.items()}
    while position + 8 <= len(body):
        stream, size = struct.unpack_from(">BxxxI", body, position)
        start = position + 8
        text = body[start : start + size].decode("utf-8", "surrogateescape")
        lines.append(LogLine(names.get(stream, "stdout"), text))
        position = start + size
    return lines
