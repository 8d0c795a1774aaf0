"""A server's Raft log: the entries after its latest snapshot, with lookups by index.

Indexes start at 1. Everything up to ``snapshot.index`` has been compacted into the
snapshot, except that compaction may keep a tail of older entries for slow followers,
so the first stored entry is ``first_index`` (which may be below ``snapshot.index + 1``).
"""

from __future__ import annotations

from .messages import CONF, Entry, Snapshot


class RaftLog:
    """Entries ``first_index .. last_index`` plus the snapshot they continue from."""

    __slots__ = ("snapshot", "entries", "offset")

    def __init__(self, snapshot: Snapshot, entries: list[Entry]) -> None:
        self.snapshot = snapshot
        self.entries = entries
        self.offset = entries[0].index - 1 if entries else snapshot.index

    @property
    def first_index(self) -> int:
        """The first index still held as an entry (or ``last_index + 1`` when none is)."""
        return self.offset + 1

    @property
    def last_index(self) -> int:
        return self.offset + len(self.entries)

    @property
    def last_term(self) -> int:
        return self.entries[-1].term if self.entries else self.snapshot.term

    def term_at(self, index: int) -> int | None:
        """The term of the entry at ``index``; 0 at index 0; None when compacted away or beyond the end."""
        position = index - self.offset
        if 0 < position <= len(self.entries):
            return self.entries[position - 1].term
        if index == self.snapshot.index:
            return self.snapshot.term
        if index == 0:
            return 0
        return None

    def entry(self, index: int) -> Entry:
        """The entry at ``index`` (which must be held)."""
        return self.entries[index - self.offset - 1]

    def slice(self, start: int, stop: int) -> list[Entry]:
        """Entries ``start .. stop-1`` that are held."""
        return self.entries[max(start - self.offset - 1, 0) : max(stop - self.offset - 1, 0)]

    def matches(self, index: int, term: int) -> bool:
        """Whether the log has an entry at ``index`` with ``term`` (the AppendEntries consistency check)."""
        return self.term_at(index) == term

    def is_up_to_date(self, last_index: int, last_term: int) -> bool:
        """Whether a log ending at (last_index, last_term) is at least as up to date as this one (§5.4.1)."""
        mine = self.last_term
        return last_term > mine or (last_term == mine and last_index >= self.last_index)

    def first_index_of_term(self, index: int) -> int:
        """The first held index whose term equals the term at ``index`` (for a rejection hint)."""
        term = self.term_at(index)
        while index - 1 > self.offset and self.term_at(index - 1) == term:
            index -= 1
        return index

    def last_index_of_term(self, term: int) -> int | None:
        """The last held index with ``term``, or None (the leader's side of fast backtracking)."""
        for entry in reversed(self.entries):
            if entry.term == term:
                return entry.index
            if entry.term < term:
                return None
        return self.snapshot.index if self.snapshot.term == term else None

    def append(self, entries: list[Entry] | tuple[Entry, ...]) -> int | None:
        """Write entries that continue or overwrite the log; returns the first index written, or None.

        An entry already present with the same term is kept; the first one that differs
        truncates the log from there (§5.3). Entries at or below the snapshot are skipped.
        """
        for position, entry in enumerate(entries):
            if entry.index <= self.snapshot.index:
                continue
            existing = self.term_at(entry.index)
            if existing == entry.term:
                continue
            del self.entries[entry.index - self.offset - 1 :]
            self.entries.extend(entries[position:])
            return entry.index
        return None

    def has_conf_from(self, index: int) -> bool:
        """Whether any held entry from ``index`` on is a configuration change."""
        return any(entry.kind == CONF for entry in self.slice(index, self.last_index + 1))

    def voters_at(self, index: int) -> tuple[str, ...] | None:
        """The voters in force at ``index``: the latest configuration entry up to it, else the snapshot's."""
        for entry in reversed(self.slice(self.first_index, index + 1)):
            if entry.kind == CONF:
                return entry.data.voters
        return self.snapshot.voters or None

    def compact(self, snapshot: Snapshot, keep_from: int) -> None:
        """Take ``snapshot`` (at an index this log holds) and drop entries before ``keep_from``."""
        self.snapshot = snapshot
        drop = min(keep_from, snapshot.index + 1) - self.offset - 1
        if drop > 0:
            del self.entries[:drop]
            self.offset += drop

    def restore(self, snapshot: Snapshot) -> None:
        """Replace the whole log by ``snapshot`` (a follower installing the leader's snapshot)."""
        self.snapshot = snapshot
        self.entries = []
        self.offset = snapshot.index
