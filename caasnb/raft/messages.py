"""The vocabulary of Raft: log entries, snapshots, persistent state and the messages servers exchange.

All are frozen dataclasses, so a message in flight can be duplicated or inspected by a
checker without anyone changing it. Message names follow etcd-io/raft (``MsgApp`` is
AppendEntries, ``MsgVote`` is RequestVote); every message carries its sender, receiver
and the sender's term.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

NORMAL = "normal"
CONF = "conf"


@dataclass(frozen=True, slots=True)
class ConfChange:
    """A single-server membership change: ``op`` ("add" or "remove") of ``node``, and the voters after it."""

    op: str
    node: str
    voters: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Entry:
    """One log entry. ``kind`` is "normal" (data is the client's command, None for a leader's no-op) or "conf"."""

    index: int
    term: int
    data: Any = None
    kind: str = NORMAL


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The state machine as of ``index`` (whose entry had ``term``), with the voters at that point."""

    index: int = 0
    term: int = 0
    voters: tuple[str, ...] = ()
    data: Any = None


@dataclass(frozen=True, slots=True)
class HardState:
    """What a server must persist before answering: current term, whom it voted for, the commit index."""

    term: int = 0
    vote: str | None = None
    commit: int = 0


@dataclass(frozen=True, slots=True)
class Message:
    """Common header: sender, receiver, sender's term."""

    src: str
    dst: str
    term: int

    def trace_attrs(self) -> dict[str, Any]:
        """A message's headline as event attributes (type, term and the fields a viewer draws)."""
        return describe(self)


@dataclass(frozen=True, slots=True)
class MsgVote(Message):
    """RequestVote: the candidate's last log position, for the receiver's up-to-date check."""

    last_index: int
    last_term: int


@dataclass(frozen=True, slots=True)
class MsgPreVote(MsgVote):
    """PreVote: "would you vote for me in ``term``?" — asked without raising anyone's term."""


@dataclass(frozen=True, slots=True)
class MsgVoteResp(Message):
    """The answer to a vote request."""

    granted: bool


@dataclass(frozen=True, slots=True)
class MsgPreVoteResp(MsgVoteResp):
    """The answer to a pre-vote request (a grant carries the proposed term, a refusal the voter's own)."""


@dataclass(frozen=True, slots=True)
class MsgApp(Message):
    """AppendEntries: entries following (prev_index, prev_term), and the leader's commit index."""

    prev_index: int
    prev_term: int
    entries: tuple[Entry, ...]
    commit: int


@dataclass(frozen=True, slots=True)
class MsgAppResp(Message):
    """AppendEntries result. On success ``index`` is the last matching index; on rejection it is the
    rejected ``prev_index`` and (hint_term, hint_index) say where the follower's log diverges."""

    index: int
    reject: bool = False
    hint_term: int = 0
    hint_index: int = 0


@dataclass(frozen=True, slots=True)
class MsgHeartbeat(Message):
    """Leader heartbeat; ``commit`` is never beyond what the receiver is known to hold."""

    commit: int


@dataclass(frozen=True, slots=True)
class MsgHeartbeatResp(Message):
    """Reply to a heartbeat (tells the leader the follower is alive)."""


@dataclass(frozen=True, slots=True)
class MsgSnap(Message):
    """InstallSnapshot: sent to a follower that needs entries the leader has compacted away."""

    snapshot: Snapshot


def describe(message: Message) -> dict[str, Any]:
    """A message's headline as event attributes (type, term and the fields a viewer draws)."""
    kind = type(message)
    attrs: dict[str, Any] = {"type": kind.__name__, "term": message.term}
    if kind is MsgApp:
        attrs["entries"] = len(message.entries)
        attrs["prev_index"] = message.prev_index
    elif kind is MsgAppResp:
        attrs["index"] = message.index
        attrs["reject"] = message.reject
    elif kind is MsgVoteResp or kind is MsgPreVoteResp:
        attrs["granted"] = message.granted
    elif kind is MsgSnap:
        attrs["index"] = message.snapshot.index
    return attrs
