"""One Raft server as a pure state machine (sans-IO, in the style of etcd-io/raft).

A :class:`RaftNode` never touches a clock, a socket or a disk. The driver feeds it
``tick()`` (time passing), ``step(message)`` (a message arriving) and ``propose(data)``;
then ``ready()`` hands back, and forgets, what the driver must do: persist entries, the
hard state and snapshots, send messages, apply committed entries. The driver persists
before it sends, so a crash between two calls loses only volatile state.

Implemented: leader election with randomized timeouts and the log up-to-date check,
PreVote, CheckQuorum with leader leases, log replication with the consistency check and
fast backtracking by conflict term, commitment of current-term entries only, single-server
membership changes (a server uses the latest configuration in its log; one change at a
time, and only after the leader has committed an entry of its term), and snapshots with
log compaction that keeps a tail of entries for slow followers.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..errors import InvalidArgument
from .config import RaftConfig
from .log import RaftLog
from .messages import (
    CONF,
    NORMAL,
    ConfChange,
    Entry,
    HardState,
    Message,
    MsgApp,
    MsgAppResp,
    MsgHeartbeat,
    MsgHeartbeatResp,
    MsgPreVote,
    MsgPreVoteResp,
    MsgSnap,
    MsgVote,
    MsgVoteResp,
    Snapshot,
)
from .storage import MemoryStorage

FOLLOWER = "follower"
PRE_CANDIDATE = "pre-candidate"
CANDIDATE = "candidate"
LEADER = "leader"

PROBE = "probe"
REPLICATE = "replicate"
SNAPSHOT = "snapshot"


@dataclass(slots=True)
class Progress:
    """The leader's view of one follower: what matches, what to send next, how (probe/replicate/snapshot)."""

    match: int = 0
    next: int = 1
    state: str = PROBE
    paused: bool = False
    active: bool = False


@dataclass(frozen=True, slots=True)
class Ready:
    """What the driver must do now, in this order: persist, restore, apply, send; then report ``events``.

    ``entries`` overwrite the stored log from their first index; stored entries before
    ``first_index`` may be dropped; ``snapshot`` is to be persisted and, when ``restore``
    is true, also loaded into the state machine before ``committed`` entries are applied.
    ``events`` are (kind, attributes) pairs describing what the node did, for the event log.
    """

    hard_state: HardState | None
    entries: tuple[Entry, ...]
    snapshot: Snapshot | None
    restore: bool
    first_index: int
    committed: tuple[Entry, ...]
    messages: tuple[Message, ...]
    events: tuple[tuple[str, dict[str, Any]], ...]


class RaftNode:
    """A Raft server: ``step``, ``tick``, ``propose``, then ``ready`` for the effects."""

    def __init__(
        self,
        id: str,
        peers: Iterable[str],
        config: RaftConfig,
        storage: MemoryStorage | None = None,
        rng: random.Random | None = None,
    ) -> None:
        self.id = id
        self.config = config
        self.storage = storage if storage is not None else MemoryStorage()
        self._rng = rng if rng is not None else random.Random(f"raft:{id}")
        self._initial_voters = tuple(dict.fromkeys(peers))
        hard = self.storage.hard_state
        self.term = hard.term
        self.vote = hard.vote
        self.log = RaftLog(self.storage.snapshot, list(self.storage.entries))
        self.commit = min(hard.commit, self.log.last_index)
        self.applied = self.log.snapshot.index
        self.role = FOLLOWER
        self.lead: str | None = None
        self._conf_index, self.voters = self._configuration()
        self.election_elapsed = 0
        self.heartbeat_elapsed = 0
        self._timeout = 0
        self._votes: dict[str, bool] = {}
        self.progress: dict[str, Progress] = {}
        self._messages: list[Message] = []
        self._events: list[tuple[str, dict[str, Any]]] = []
        self._saved = HardState(self.term, self.vote, self.commit)
        self._unstable_from = self.log.last_index + 1
        self._snapshot_out: Snapshot | None = None
        self._restore = False
        self._reset_election_timer()

    # -- inputs -------------------------------------------------------------------
    @property
    def promotable(self) -> bool:
        """Whether this server is a voter and so may stand for election."""
        return self.id in self.voters

    @property
    def election_timeout_ticks(self) -> int:
        """This term's randomized election timeout, in ticks (what a viewer draws as the timer's length)."""
        return self._timeout

    def ticks_until_due(self) -> int | None:
        """Ticks until this node would act on its own (time out or heartbeat); None if it never will.

        A driver may skip idle ticks: ``tick(n)`` for any ``n`` up to this value is the same
        as ``n`` calls of ``tick()``.
        """
        if self.role == LEADER:
            due = self.config.heartbeat_ticks - self.heartbeat_elapsed
            if self.config.check_quorum:
                due = min(due, self.config.election_ticks[0] - self.election_elapsed)
            return max(due, 1)
        if not self.promotable:
            return None
        return max(self._timeout - self.election_elapsed, 1)

    def tick(self, count: int = 1) -> None:
        """Let ``count`` ticks of time pass."""
        while count > 0:
            due = self.ticks_until_due()
            step = count if due is None else min(count, due)
            count -= step
            self.election_elapsed += step
            if self.role == LEADER:
                self.heartbeat_elapsed += step
                self._tick_leader()
            elif self.promotable and self.election_elapsed >= self._timeout:
                self._event("timeout", role=self.role, elapsed=self.election_elapsed)
                self.campaign()

    def campaign(self) -> None:
        """Start an election now (PreVote first when enabled), as if the election timeout had fired."""
        if self.role == LEADER or not self.promotable:
            return
        self._campaign(pre=self.config.pre_vote)

    def broadcast_heartbeat(self) -> None:
        """As leader, send a heartbeat to every follower now and restart the heartbeat interval."""
        if self.role == LEADER:
            self.heartbeat_elapsed = 0
            for peer in self.progress:
                self._send(MsgHeartbeat(self.id, peer, self.term, min(self.progress[peer].match, self.commit)))

    def propose(self, data: Any) -> int | None:
        """Append a client command to the leader's log; its index, or None when this node is not the leader."""
        if self.role != LEADER:
            return None
        return self._append_as_leader(data, NORMAL)

    def propose_conf_change(self, op: str, node: str) -> int | None:
        """Propose adding or removing one voter; its index, or None if not leader or a change is still pending.

        Raises :class:`~caasnb.errors.InvalidArgument` for an ``op`` other than "add"/"remove" or a no-op change.
        """
        if op == "add":
            if node in self.voters:
                raise InvalidArgument(f"{node} is already a voter")
            voters = self.voters + (node,)
        elif op == "remove":
            if node not in self.voters:
                raise InvalidArgument(f"{node} is not a voter")
            voters = tuple(v for v in self.voters if v != node)
            if not voters:
                raise InvalidArgument("cannot remove the last voter")
        else:
            raise InvalidArgument(f"a membership change is 'add' or 'remove', not {op!r}")
        if self.role != LEADER or not self.can_change_membership():
            return None
        return self._append_as_leader(ConfChange(op, node, voters), CONF)

    def can_change_membership(self) -> bool:
        """A leader may start a membership change once the previous one and an entry of its term are committed."""
        return self.role == LEADER and self._conf_index <= self.commit and self.log.term_at(self.commit) == self.term

    def wants_snapshot(self) -> bool:
        """Whether ``snapshot_interval`` entries were applied since the last snapshot."""
        return self.applied - self.log.snapshot.index >= self.config.snapshot_interval

    def compact(self, data: Any) -> None:
        """Snapshot the state machine (``data``, as of ``applied``) and drop all but ``keep_entries`` older entries."""
        index = self.applied
        if index <= self.log.snapshot.index:
            return
        voters = self.log.voters_at(index) or self._initial_voters
        snapshot = Snapshot(index, self.log.term_at(index), voters, data)
        self.log.compact(snapshot, index - self.config.keep_entries + 1)
        self._snapshot_out = snapshot
        self._event("snapshot", index=index, term=snapshot.term, reason="compact", first_index=self.log.first_index)

    def step(self, m: Message) -> None:
        """Handle one message addressed to this node."""
        kind = type(m)
        if m.term > self.term:
            if (kind is MsgVote or kind is MsgPreVote) and self._in_lease():
                pre = kind is MsgPreVote
                self._event("vote", **{"from": self.id, "to": m.src}, term=m.term, granted=False, pre=pre, lease=True)
                return
            if kind is MsgPreVote or (kind is MsgPreVoteResp and m.granted):
                pass
            elif kind is MsgApp or kind is MsgHeartbeat or kind is MsgSnap:
                self._become_follower(m.term, m.src, "higher term")
            else:
                self._become_follower(m.term, None, "higher term")
        elif m.term < self.term:
            self._answer_stale(m)
            return
        handler = _HANDLERS.get(kind)
        if handler is not None:
            handler(self, m)

    # -- outputs ------------------------------------------------------------------
    def has_ready(self) -> bool:
        """Whether ``ready()`` has anything to do."""
        return bool(
            self._messages
            or self._events
            or self.commit > self.applied
            or self._unstable_from <= self.log.last_index
            or self._snapshot_out is not None
            or self._saved.term != self.term
            or self._saved.vote != self.vote
            or self._saved.commit != self.commit
        )

    def ready(self) -> Ready:
        """Take everything pending: state to persist, entries to apply, messages to send, events."""
        hard = HardState(self.term, self.vote, self.commit)
        changed = hard != self._saved
        self._saved = hard
        last = self.log.last_index
        entries = tuple(self.log.slice(self._unstable_from, last + 1))
        self._unstable_from = last + 1
        committed = tuple(self.log.slice(self.applied + 1, self.commit + 1))
        self.applied = max(self.applied, self.commit)
        ready = Ready(
            hard_state=hard if changed else None,
            entries=entries,
            snapshot=self._snapshot_out,
            restore=self._restore,
            first_index=self.log.first_index,
            committed=committed,
            messages=tuple(self._messages),
            events=tuple(self._events),
        )
        self._snapshot_out = None
        self._restore = False
        self._messages.clear()
        self._events.clear()
        return ready

    # -- roles --------------------------------------------------------------------
    def _become_follower(self, term: int, lead: str | None, reason: str) -> None:
        was = self.role
        if term != self.term:
            self.term = term
            self.vote = None
        self.role = FOLLOWER
        self.lead = lead
        self._votes = {}
        if was != FOLLOWER:
            self._event("stepdown", was=was, term=term, reason=reason)
        if was == LEADER:
            self.progress = {}
            self._reset_election_timer()

    def _campaign(self, pre: bool) -> None:
        self.lead = None
        self._votes = {}
        if pre:
            self.role = PRE_CANDIDATE
            term = self.term + 1
            self._event("prevote", term=term)
        else:
            self.role = CANDIDATE
            self.term += 1
            self.vote = self.id
            term = self.term
            self._event("campaign", term=term)
        self._reset_election_timer()
        request = MsgPreVote if pre else MsgVote
        last_index, last_term = self.log.last_index, self.log.last_term
        for peer in self.voters:
            if peer != self.id:
                self._send(request(self.id, peer, term, last_index, last_term))
        self._count_vote(self.id, True)

    def _count_vote(self, voter: str, granted: bool) -> None:
        if voter not in self.voters:
            return
        self._votes[voter] = granted
        quorum = len(self.voters) // 2 + 1
        yes = sum(self._votes.values())
        if yes >= quorum:
            if self.role == PRE_CANDIDATE:
                self._campaign(pre=False)
            else:
                self._become_leader()
        elif len(self._votes) - yes >= quorum:
            self._become_follower(self.term, None, "lost election")

    def _become_leader(self) -> None:
        self.role = LEADER
        self.lead = self.id
        self._votes = {}
        self.election_elapsed = 0
        self.heartbeat_elapsed = 0
        self.progress = {}
        self._sync_progress()
        self._event("elected", term=self.term, last_index=self.log.last_index)
        self._append_as_leader(None, NORMAL)

    def _tick_leader(self) -> None:
        if self.election_elapsed >= self.config.election_ticks[0]:
            self.election_elapsed = 0
            if self.config.check_quorum:
                active = sum(1 for v in self.voters if v == self.id or (v in self.progress and self.progress[v].active))
                for progress in self.progress.values():
                    progress.active = False
                if active < len(self.voters) // 2 + 1:
                    self._become_follower(self.term, None, "lost quorum")
                    return
        if self.heartbeat_elapsed >= self.config.heartbeat_ticks:
            self.broadcast_heartbeat()

    def _in_lease(self) -> bool:
        """With CheckQuorum, a server that heard from a live leader within the minimum timeout ignores votes."""
        return (
            self.config.check_quorum and self.lead is not None and self.election_elapsed < self.config.election_ticks[0]
        )

    def _reset_election_timer(self) -> None:
        self.election_elapsed = 0
        low, high = self.config.election_ticks
        self._timeout = self._rng.randrange(low, high) if high > low else low

    # -- message handlers ---------------------------------------------------------
    def _answer_stale(self, m: Message) -> None:
        """A message from an older term: tell its sender the current term (or ignore a stale reply)."""
        kind = type(m)
        if kind is MsgApp or kind is MsgHeartbeat or kind is MsgSnap:
            self._send(MsgAppResp(self.id, m.src, self.term, index=0, reject=True))
        elif kind is MsgVote:
            self._send(MsgVoteResp(self.id, m.src, self.term, granted=False))
        elif kind is MsgPreVote:
            self._send(MsgPreVoteResp(self.id, m.src, self.term, granted=False))

    def _on_vote_request(self, m: MsgVote) -> None:
        pre = type(m) is MsgPreVote
        can_vote = self.vote == m.src or (self.vote is None and self.lead is None) or (pre and m.term > self.term)
        granted = can_vote and self.log.is_up_to_date(m.last_index, m.last_term)
        response = MsgPreVoteResp if pre else MsgVoteResp
        self._send(response(self.id, m.src, m.term if granted else self.term, granted=granted))
        if granted and not pre:
            self.vote = m.src
            self._reset_election_timer()
        self._event("vote", **{"from": self.id, "to": m.src}, term=m.term, granted=granted, pre=pre, lease=False)

    def _on_vote_response(self, m: MsgVoteResp) -> None:
        expected = PRE_CANDIDATE if type(m) is MsgPreVoteResp else CANDIDATE
        if self.role == expected:
            self._count_vote(m.src, m.granted)

    def _hear_leader(self, m: Message) -> None:
        if self.role != FOLLOWER:
            self._become_follower(m.term, m.src, "leader elected")
        self.lead = m.src
        self._reset_election_timer()

    def _on_append(self, m: MsgApp) -> None:
        if self.role == LEADER:
            return
        self._hear_leader(m)
        prev_index, prev_term, entries = m.prev_index, m.prev_term, m.entries
        if prev_index < self.commit:
            # Everything up to our commit index is known to match the leader: skip it.
            entries = entries[self.commit - prev_index :]
            prev_index, prev_term = self.commit, self.log.term_at(self.commit)
        if not self.log.matches(prev_index, prev_term):
            if prev_index > self.log.last_index:
                hint_term, hint_index = 0, self.log.last_index + 1
            else:
                hint_term, hint_index = self.log.term_at(prev_index), self.log.first_index_of_term(prev_index)
            self._send(MsgAppResp(self.id, m.src, self.term, prev_index, True, hint_term, hint_index))
            return
        self._append(entries)
        last_new = prev_index + len(entries)
        self._commit_to(min(m.commit, last_new))
        self._send(MsgAppResp(self.id, m.src, self.term, index=last_new))

    def _on_heartbeat(self, m: MsgHeartbeat) -> None:
        if self.role == LEADER:
            return
        self._hear_leader(m)
        self._commit_to(m.commit)
        self._send(MsgHeartbeatResp(self.id, m.src, self.term))

    def _on_snapshot(self, m: MsgSnap) -> None:
        if self.role == LEADER:
            return
        self._hear_leader(m)
        snapshot = m.snapshot
        if snapshot.index <= self.commit:
            index = self.commit
        elif self.log.matches(snapshot.index, snapshot.term):
            self._commit_to(snapshot.index)
            index = self.commit
        else:
            self.log.restore(snapshot)
            self.commit = self.applied = snapshot.index
            self._unstable_from = snapshot.index + 1
            self._snapshot_out = snapshot
            self._restore = True
            self._event("snapshot", index=snapshot.index, term=snapshot.term, reason="install", leader=m.src)
            self._refresh_voters()
            index = snapshot.index
        self._send(MsgAppResp(self.id, m.src, self.term, index=index))

    def _on_append_response(self, m: MsgAppResp) -> None:
        progress = self.progress.get(m.src) if self.role == LEADER else None
        if progress is None:
            return
        progress.active = True
        if m.reject:
            if m.index < progress.match or (progress.state == PROBE and m.index != progress.next - 1):
                return
            known = self.log.last_index_of_term(m.hint_term) if m.hint_term else None
            target = known + 1 if known is not None else m.hint_index
            progress.next = max(progress.match + 1, min(target, m.index))
            progress.state = PROBE
            progress.paused = False
            self._send_append(m.src)
            return
        progress.next = max(progress.next, m.index + 1)
        progress.state = REPLICATE
        progress.paused = False
        if m.index > progress.match:
            progress.match = m.index
            self._maybe_commit()
        if self.role == LEADER and progress.next <= self.log.last_index:
            self._send_append(m.src)

    def _on_heartbeat_response(self, m: MsgHeartbeatResp) -> None:
        progress = self.progress.get(m.src) if self.role == LEADER else None
        if progress is None:
            return
        progress.active = True
        progress.paused = False
        if progress.state == SNAPSHOT:
            progress.state = PROBE
        if progress.match < self.log.last_index:
            self._send_append(m.src, probe=True)

    # -- replication --------------------------------------------------------------
    def _append_as_leader(self, data: Any, kind: str) -> int:
        index = self.log.last_index + 1
        self._append((Entry(index, self.term, data, kind),))
        for peer in self.progress:
            self._send_append(peer)
        self._maybe_commit()
        return index

    def _append(self, entries: tuple[Entry, ...]) -> None:
        """Write entries into the log and follow any configuration change they bring or remove."""
        if not entries:
            return
        truncated_conf = self._conf_index >= entries[0].index
        written = self.log.append(entries)
        if written is None:
            return
        self._unstable_from = min(self._unstable_from, written)
        self._event("append", first=written, last=self.log.last_index, term=self.log.last_term)
        if truncated_conf or self.log.has_conf_from(written):
            self._refresh_voters()

    def _send_append(self, peer: str, probe: bool = False) -> None:
        """Send ``peer`` what it lacks (or a snapshot if that was compacted); ``probe`` sends even when empty."""
        progress = self.progress[peer]
        if progress.state == SNAPSHOT or (progress.state == PROBE and progress.paused):
            return
        prev = progress.next - 1
        prev_term = self.log.term_at(prev)
        if prev_term is None or progress.next < self.log.first_index:
            progress.state = SNAPSHOT
            self._send(MsgSnap(self.id, peer, self.term, self.log.snapshot))
            return
        stop = min(self.log.last_index + 1, progress.next + self.config.max_entries_per_message)
        entries = tuple(self.log.slice(progress.next, stop))
        if not entries and not probe:
            return
        self._send(MsgApp(self.id, peer, self.term, prev, prev_term, entries, self.commit))
        if progress.state == REPLICATE:
            progress.next = stop
        else:
            progress.paused = True

    def _maybe_commit(self) -> bool:
        """Commit the highest current-term index a quorum holds; True if the commit index moved."""
        matches = sorted(
            (self.log.last_index if v == self.id else self.progress[v].match for v in self.voters), reverse=True
        )
        candidate = matches[len(self.voters) // 2]
        if candidate <= self.commit or self.log.term_at(candidate) != self.term:
            return False
        self._commit_to(candidate)
        if self.id not in self.voters and self.commit >= self._conf_index:
            self._become_follower(self.term, None, "removed")
            return True
        for peer, progress in self.progress.items():
            match_term = self.log.term_at(progress.match)
            if progress.state != SNAPSHOT and match_term is not None:
                self._send(MsgApp(self.id, peer, self.term, progress.match, match_term, (), self.commit))
        return True

    def _commit_to(self, index: int) -> None:
        index = min(index, self.log.last_index)
        if index > self.commit:
            self.commit = index
            self._event("commit", index=index, term=self.term)

    # -- membership ---------------------------------------------------------------
    def _configuration(self) -> tuple[int, tuple[str, ...]]:
        """The latest configuration in the log (committed or not), else the snapshot's, else the initial one."""
        for entry in reversed(self.log.entries):
            if entry.kind == CONF:
                return entry.index, entry.data.voters
        return 0, self.log.snapshot.voters or self._initial_voters

    def _refresh_voters(self) -> None:
        self._conf_index, voters = self._configuration()
        if voters != self.voters:
            self.voters = voters
            self._event("conf_change", voters=list(voters), index=self._conf_index)
            if self.role == LEADER:
                self._sync_progress()

    def _sync_progress(self) -> None:
        next_index = self.log.last_index + 1
        for voter in self.voters:
            if voter != self.id and voter not in self.progress:
                self.progress[voter] = Progress(next=next_index)
        for peer in [p for p in self.progress if p not in self.voters]:
            del self.progress[peer]

    # -- plumbing -----------------------------------------------------------------
    def _send(self, message: Message) -> None:
        self._messages.append(message)

    def _event(self, kind: str, **attrs: Any) -> None:
        self._events.append((kind, attrs))

    def __repr__(self) -> str:
        return (
            f"RaftNode({self.id}, {self.role}, term={self.term}, last={self.log.last_index}, "
            f"commit={self.commit}, lead={self.lead})"
        )


_HANDLERS = {
    MsgVote: RaftNode._on_vote_request,
    MsgPreVote: RaftNode._on_vote_request,
    MsgVoteResp: RaftNode._on_vote_response,
    MsgPreVoteResp: RaftNode._on_vote_response,
    MsgApp: RaftNode._on_append,
    MsgAppResp: RaftNode._on_append_response,
    MsgHeartbeat: RaftNode._on_heartbeat,
    MsgHeartbeatResp: RaftNode._on_heartbeat_response,
    MsgSnap: RaftNode._on_snapshot,
}
