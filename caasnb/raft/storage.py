"""Stable storage: what survives a crash (term, vote, commit, log entries, snapshot).

A :class:`~caasnb.raft.node.RaftNode` never writes here itself; its ``ready()`` says what
to persist and the driver calls :meth:`MemoryStorage.save` before sending the messages of
that same ``ready()``. A restarted node is rebuilt from this object alone.
"""

from __future__ import annotations

from .messages import Entry, HardState, Snapshot


class MemoryStorage:
    """An in-memory stand-in for a server's disk."""

    __slots__ = ("hard_state", "snapshot", "entries")

    def __init__(self) -> None:
        self.hard_state = HardState()
        self.snapshot = Snapshot()
        self.entries: list[Entry] = []

    def save(self, hard_state: HardState | None, snapshot: Snapshot | None, entries: list[Entry], first_index: int):
        """Persist one ``ready()``: the snapshot first, then entries (overwriting from their first index)."""
        if snapshot is not None:
            self.snapshot = snapshot
            if self._term_at(snapshot.index) != snapshot.term:
                self.entries = []
        if entries:
            del self.entries[self._position(entries[0].index) :]
            self.entries.extend(entries)
        del self.entries[: self._position(first_index)]
        if hard_state is not None:
            self.hard_state = hard_state

    def _position(self, index: int) -> int:
        """Where the entry at ``index`` is (or would be) in the contiguous list."""
        return max(index - self.entries[0].index, 0) if self.entries else 0

    def _term_at(self, index: int) -> int | None:
        position = index - self.entries[0].index if self.entries else -1
        return self.entries[position].term if 0 <= position < len(self.entries) else None

    def __repr__(self) -> str:
        last = self.entries[-1].index if self.entries else self.snapshot.index
        return f"MemoryStorage(term={self.hard_state.term}, snapshot={self.snapshot.index}, last={last})"
