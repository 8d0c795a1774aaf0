"""The daemon's log copier: a container's output cut into the messages drivers receive.

moby's ``logger.Copier`` reads each stream into a 16 KiB buffer and emits one message per
newline-terminated line. A line that fills the buffer without a newline is sent in
16 KiB pieces marked partial (same id and timestamp, ordinals 1, 2, ...), the rest of the
line following as the last piece, which may be empty. Whole lines stay together in a
``LogBatch`` so drivers can format them in bulk.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from .message import STREAMS, LogBatch, PartialMeta

BUFFER_SIZE = 16 * 1024
"""``defaultBufSize``: the longest piece of a line the copier hands over at once."""

_SAFE_CHARS = BUFFER_SIZE // 4  # a line this short cannot exceed the buffer, whatever its characters


def cut(stream: str, time: int, lines: Sequence[str], new_id: Callable[[], str]) -> Iterable[LogBatch]:
    """The batches the copier produces for ``lines`` written to ``stream`` at ``time``.

    ``new_id`` makes the 64-hex id shared by the pieces of one long line (``stringid.GenerateRandomID``).
    """
    if stream not in STREAMS:
        raise ValueError(f"stream must be stdout or stderr, not {stream!r}")
    if not lines:
        return
    if max(map(len, lines)) <= _SAFE_CHARS:
        yield LogBatch(stream, time, lines)
        return
    start = 0
    for index, line in enumerate(lines):
        data = line.encode("utf-8", "surrogateescape")
        if len(data) < BUFFER_SIZE:
            continue
        if start < index:
            yield LogBatch(stream, time, lines[start:index])
        start = index + 1
        yield from _pieces(stream, time, data, new_id())
    if start < len(lines):
        yield LogBatch(stream, time, lines[start:])


def _pieces(stream: str, time: int, data: bytes, partial_id: str) -> Iterable[LogBatch]:
    """One long line as 16 KiB partial pieces and its (possibly empty) last piece."""
    full = len(data) // BUFFER_SIZE
    for ordinal in range(1, full + 1):
        piece = data[(ordinal - 1) * BUFFER_SIZE : ordinal * BUFFER_SIZE]
        yield LogBatch(
            stream, time, (piece.decode("utf-8", "surrogateescape"),), PartialMeta(partial_id, ordinal, False)
        )
    rest = data[full * BUFFER_SIZE :].decode("utf-8", "surrogateescape")
    yield LogBatch(stream, time, (rest,), PartialMeta(partial_id, full + 1, True))
