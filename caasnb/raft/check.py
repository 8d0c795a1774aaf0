"""Raft's safety properties (Figure 3 of the paper), checked against a running group at any moment.

* Election safety: at most one leader per term.
* Leader append-only: a leader never overwrites or deletes entries of its log during its term.
* Log matching: two entries with the same index and term are the same entry, preceded by the
  same history (checked as "same entry, same previous term", which by induction is the whole prefix).
* Leader completeness: an entry committed in term T is in the log of every leader of a later term.
* State-machine safety: no two servers apply different entries at the same index.

The checker keeps a history across the whole run (entries ever seen, commitments, applications),
so a property broken and repaired between two checks is still caught. A violation raises
:class:`SafetyViolation` with the last events leading to it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .messages import Entry
from .node import LEADER, RaftNode

if TYPE_CHECKING:
    from ..sim import Simulation


class SafetyViolation(AssertionError):
    """A Raft safety property failed; the message names it and shows the recent history."""


class SafetyChecker:
    """Checks the safety properties of a set of nodes on one simulation clock."""

    def __init__(self, sim: Simulation, context: int = 25) -> None:
        self.sim = sim
        self.context = context
        self._leader_of_term: dict[int, str] = {}
        self._leader_logs: dict[str, tuple[int, int, list[Entry]]] = {}
        self._entries: dict[tuple[int, int], tuple[int, Entry]] = {}
        self._committed: dict[int, tuple[Entry, int]] = {}
        self._applied: dict[int, tuple[Entry, str]] = {}

    def check(self, node: RaftNode) -> None:
        """Check everything ``node`` holds now against the rest of the run."""
        log = node.log
        for entry in log.entries:
            previous = log.term_at(entry.index - 1)
            known = self._entries.setdefault((entry.index, entry.term), (previous, entry))
            if known[1] is not entry and (known[1] != entry or (previous is not None and known[0] != previous)):
                self._fail("log matching", f"{node.id} holds {entry} but {known[1]} was seen at that index and term")
        for index in range(max(log.first_index, 1), node.commit + 1):
            entry = log.entry(index)
            committed = self._committed.setdefault(index, (entry, node.term))
            if committed[0] != entry:
                self._fail("log matching", f"{node.id} committed {entry} but {committed[0]} was committed at {index}")
        if node.role == LEADER:
            self._check_leader(node)

    def applied(self, node_id: str, entry: Entry) -> None:
        """Record that ``node_id`` applied ``entry``; every server must apply the same entry at an index."""
        first = self._applied.setdefault(entry.index, (entry, node_id))
        if first[0] != entry:
            self._fail(
                "state machine safety", f"{node_id} applied {entry} but {first[1]} applied {first[0]} at {entry.index}"
            )

    def _check_leader(self, node: RaftNode) -> None:
        holder = self._leader_of_term.setdefault(node.term, node.id)
        if holder != node.id:
            self._fail("election safety", f"{node.id} and {holder} are both leaders of term {node.term}")
        log = node.log
        seen = self._leader_logs.get(node.id)
        if seen is not None and seen[0] == node.term:
            for entry in seen[2]:
                if entry.index >= log.first_index and log.entry(entry.index) is not entry:
                    self._fail("leader append-only", f"leader {node.id} of term {node.term} replaced {entry}")
            if log.last_index < seen[1]:
                self._fail("leader append-only", f"leader {node.id} of term {node.term} shortened its log")
        self._leader_logs[node.id] = (node.term, log.last_index, list(log.entries))
        for index, (entry, commit_term) in self._committed.items():
            if commit_term < node.term and index > log.snapshot.index:
                if index > log.last_index or log.entry(index) != entry:
                    self._fail("leader completeness", f"leader {node.id} of term {node.term} lacks committed {entry}")

    def _fail(self, invariant: str, detail: str) -> None:
        recent = self.sim.events[-self.context :]
        lines = [f"  {e.time / 1e6:12.3f} ms  {e.kind:<16} {e.subject:<10} {dict(e.attrs)}" for e in recent]
        raise SafetyViolation(f"{invariant} violated: {detail}\nlast {len(lines)} events:\n" + "\n".join(lines))
