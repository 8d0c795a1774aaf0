"""A rotating log file set, as moby's ``loggerutils.LogFile`` keeps json-file and local logs.

Records are appended to the current file; before each write, if the file has reached
``max-size`` it is rotated: ``<name>.<max-file - 1>`` is removed, ``.i`` becomes ``.i+1``,
the current file becomes ``.1`` (then ``.1.gz`` with ``compress``), and with
``max-file=1`` the current file is simply dropped. Whatever falls off the end is lost.

Records written by one call share a timestamp and live together in a :class:`Chunk`
(newline-delimited text for json-file, length-framed bytes for local), so a million-line
log is a few thousand objects, and tail/since/until reads touch only the chunks needed.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate


class TextChunk:
    """Newline-terminated text records written at one instant (json-file)."""

    __slots__ = ("time", "data", "count", "nbytes")

    def __init__(self, time: int, data: str, count: int, nbytes: int | None = None) -> None:
        self.time = time
        self.data = data
        self.count = count
        self.nbytes = len(data) if nbytes is None else nbytes

    def records(self) -> list[str]:
        return self.data.split("\n", self.count)[: self.count]

    def tail(self, n: int) -> list[str]:
        return self.records() if n >= self.count else self.data.rsplit("\n", n + 1)[1:-1]

    def sizes(self) -> list[int]:
        if self.nbytes == len(self.data):
            return [len(r) + 1 for r in self.records()]
        return [len(r.encode("utf-8", "surrogateescape")) + 1 for r in self.records()]

    def split(self, k: int) -> tuple[TextChunk, TextChunk]:
        cut = 0
        for _ in range(k):
            cut = self.data.index("\n", cut) + 1
        head, rest = self.data[:cut], self.data[cut:]
        ascii_only = self.nbytes == len(self.data)
        head_bytes = len(head) if ascii_only else len(head.encode("utf-8", "surrogateescape"))
        return TextChunk(self.time, head, k, head_bytes), TextChunk(
            self.time, rest, self.count - k, self.nbytes - head_bytes
        )


class FramedChunk:
    """Binary records written at one instant (local driver frames)."""

    __slots__ = ("time", "frames", "count", "nbytes")

    def __init__(self, time: int, frames: Sequence[bytes]) -> None:
        self.time = time
        self.frames = list(frames)
        self.count = len(self.frames)
        self.nbytes = sum(map(len, self.frames))

    def records(self) -> list[bytes]:
        return self.frames

    def tail(self, n: int) -> list[bytes]:
        return self.frames[-n:] if n else []

    def sizes(self) -> list[int]:
        return [len(f) for f in self.frames]

    def split(self, k: int) -> tuple[FramedChunk, FramedChunk]:
        return FramedChunk(self.time, self.frames[:k]), FramedChunk(self.time, self.frames[k:])


Chunk = TextChunk | FramedChunk


@dataclass(frozen=True)
class FileInfo:
    """One file of the set: its name and how many bytes of records it holds (before compression)."""

    name: str
    size: int
    records: int


class _File:
    """One file's chunks, with the sequence number of each chunk's first record."""

    __slots__ = ("chunks", "starts", "size", "count")

    def __init__(self) -> None:
        self.chunks: list[Chunk] = []
        self.starts: list[int] = []
        self.size = 0
        self.count = 0

    def add(self, chunk: Chunk, seq: int) -> None:
        self.chunks.append(chunk)
        self.starts.append(seq)
        self.size += chunk.nbytes
        self.count += chunk.count


class LogFile:
    """The files of one container log: ``path``, ``path.1``, ... with Docker's rotation rules."""

    def __init__(self, path: str, max_size: int = -1, max_files: int = 1, compress: bool = False) -> None:
        self.path = path
        self.max_size = max_size
        self.max_files = max_files
        self.compress = compress and max_files > 1
        self._files = [_File()]  # index 0 is the current file, i is "<path>.i"
        self.written = 0
        """Records ever written (the next record's sequence number)."""
        self.lost = 0
        """Records removed by rotation."""

    # -- writing ----------------------------------------------------------------
    def write(self, chunk: Chunk) -> None:
        """Append a chunk's records, rotating before any record that finds the file full."""
        while chunk.count:
            current = self._files[0]
            if self.max_size != -1 and current.size >= self.max_size:
                self._rotate()
                current = self._files[0]
            fits = self._fitting(chunk, current.size)
            if fits < chunk.count:
                head, chunk = chunk.split(fits)
                current.add(head, self.written)
                self.written += head.count
                continue
            current.add(chunk, self.written)
            self.written += chunk.count
            return

    def _fitting(self, chunk: Chunk, size: int) -> int:
        """How many of the chunk's records are written before the file reaches ``max-size``."""
        if self.max_size == -1 or size + chunk.nbytes <= self.max_size:
            return chunk.count
        ends = list(accumulate(chunk.sizes()))
        # record i is written while the size before it (size + ends[i-1]) is below max-size
        return min(chunk.count, bisect_left(ends, self.max_size - size) + 1)

    def _rotate(self) -> None:
        if self.max_files < 2:
            self.lost += self._files[0].count
            self._files[0] = _File()
            return
        if len(self._files) == self.max_files:
            self.lost += self._files.pop().count
        self._files.insert(0, _File())

    # -- looking ----------------------------------------------------------------
    def files(self) -> list[FileInfo]:
        """The files on disk, current first: ``<path>``, ``<path>.1[.gz]``, ..."""
        suffix = ".gz" if self.compress else ""
        return [
            FileInfo(self.path if i == 0 else f"{self.path}.{i}{suffix}", f.size, f.count)
            for i, f in enumerate(self._files)
        ]

    @property
    def retained(self) -> int:
        """Records still on disk."""
        return self.written - self.lost

    def select(self, tail: int = -1, since: int | None = None, until: int | None = None) -> list[tuple[int, list]]:
        """Records ``docker logs`` reads, oldest first, grouped as ``(time, records)``.

        As moby does: the last ``tail`` records first (all when negative, none when 0),
        then skip those before ``since`` and stop at the first after ``until`` (times in
        the chunks' clock).
        """
        if tail == 0:
            return []
        chunks = [c for f in reversed(self._files) for c in f.chunks]
        start, skip = 0, 0
        if tail > 0:
            remaining = tail
            start = len(chunks)
            while start and remaining > 0:
                start -= 1
                remaining -= chunks[start].count
            skip = -remaining if remaining < 0 else 0
        chunks = chunks[start:]
        times = [c.time for c in chunks]
        lo = 0 if since is None else bisect_left(times, since)
        hi = len(chunks) if until is None else bisect_right(times, until)
        groups = []
        for index in range(lo, hi):
            chunk = chunks[index]
            records = chunk.tail(chunk.count - skip) if index == 0 and skip else chunk.records()
            groups.append((chunk.time, records))
        return groups

    def after(self, seq: int) -> tuple[list[tuple[int, list]], int]:
        """Records from sequence number ``seq`` on that are still on disk, and the next ``seq``.

        A follower that fell behind rotation resumes at the oldest record left, as
        ``docker logs -f`` does after the files it was reading are gone.
        """
        groups = []
        for file in reversed(self._files):
            index = max(bisect_right(file.starts, seq) - 1, 0)
            for start, chunk in zip(file.starts[index:], file.chunks[index:], strict=True):
                if start + chunk.count <= seq:
                    continue
                behind = seq - start
                groups.append((chunk.time, chunk.tail(chunk.count - behind) if behind > 0 else chunk.records()))
        return groups, self.written
