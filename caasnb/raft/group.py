"""``RaftGroup``: a ready-made Raft cluster that runs on a simulation clock and an underlay.

The group is the driver the sans-IO :class:`~caasnb.raft.node.RaftNode` needs: it ticks
each node on the simulated clock, persists and applies what ``ready()`` returns, and
sends messages through :class:`~caasnb.net.Underlay`, which decides delay, loss and
partitions. Idle ticks are skipped: a node is woken only when its next timeout or
heartbeat is due, or when a message arrives, so a 150–300 ms election costs a handful
of timer events rather than thousands of 1 µs ticks.

Everything that happens is an event (``raft.*`` from the nodes and the group, ``net.*``
from the underlay, message send/deliver/drop when ``trace_messages`` is on), so the event
log alone replays the run and a widget can draw it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from ..errors import InvalidArgument, NotFound, Unavailable
from ..net import Underlay
from ..sim import MILLISECOND, Simulation, Timer, advance
from .check import SafetyChecker
from .config import RaftConfig
from .messages import CONF, Entry, Message, MsgAppResp, MsgPreVoteResp, MsgVoteResp
from .node import LEADER, RaftNode
from .storage import MemoryStorage

NO_LEADER = (
    "rpc error: code = Unknown desc = The swarm does not have a leader. It's possible that too few managers are "
    "online. Make sure more than half of the managers are online."
)
DEFAULT_LATENCY = (5 * MILLISECOND, 10 * MILLISECOND)
REPLIES = frozenset({MsgAppResp, MsgVoteResp, MsgPreVoteResp})

ApplyHook = Callable[[str, Entry], None]


class RaftGroup:
    """A group of Raft servers with faults, membership changes and an optional continuous safety check.

    ``latency`` is the one-way message delay (a (min, max) ns range, default 5–10 ms, so a
    round trip — the paper's "broadcast time" — is about 15 ms). ``disk_latency`` (ns,
    default 0) is how long a durable write takes: a reply that follows a write of the term,
    vote, entries or a snapshot leaves only once the write is done (the storage itself is
    updated at once, so a crash meanwhile loses the reply, never the data). ``on_apply(node_id, entry)``
    runs for every client entry each server applies. With ``check=True`` every step is
    checked against Raft's safety properties and the first violation raises
    :class:`~caasnb.raft.check.SafetyViolation`.
    """

    def __init__(
        self,
        size: int | None = None,
        seed: int = 0,
        preset: str = "paper",
        ids: Iterable[str] | None = None,
        sim: Simulation | None = None,
        *,
        net: Underlay | None = None,
        latency: Any = DEFAULT_LATENCY,
        disk_latency: int = 0,
        trace_messages: bool = True,
        check: bool = False,
        on_apply: ApplyHook | None = None,
        **overrides: Any,
    ) -> None:
        ids = _member_ids(size, ids)
        self.config = RaftConfig.preset(preset, **overrides)
        self.sim = sim if sim is not None else Simulation(seed)
        if net is None:
            net = Underlay(self.sim, ids, latency=latency, trace=trace_messages)
        else:
            for host in ids:
                if host not in net.graph:
                    net.add_host(host)
        self.net = net
        if not isinstance(disk_latency, int) or disk_latency < 0:
            raise InvalidArgument(f"disk_latency must be a whole number of ns >= 0, not {disk_latency!r}")
        self.disk_latency = disk_latency
        self.on_apply = on_apply
        self.checker = SafetyChecker(self.sim) if check else None
        self.nodes: dict[str, RaftNode] = {}
        self.storages: dict[str, MemoryStorage] = {}
        self.state: dict[str, list[Any]] = {}
        self.removed: list[str] = []
        self._initial = tuple(ids)
        self._wakes: dict[str, Timer] = {}
        self._last_tick: dict[str, int] = {}
        self._incarnation: dict[str, int] = {}
        self._drop: Callable[[Message], bool] | None = None
        self._retiring: list[str] = []
        for node_id in ids:
            self._start(node_id, self._initial, "raft.start")

    # -- queries ------------------------------------------------------------------
    @property
    def leader(self) -> str | None:
        """The id of the running leader with the highest term, or None while there is none."""
        best = None
        for node in self.nodes.values():
            if node.role == LEADER and (best is None or node.term > best.term):
                best = node
        return best.id if best is not None else None

    @property
    def members(self) -> list[str]:
        """Every server ever started and not removed, running or crashed."""
        return [node_id for node_id in self.storages if node_id not in self.removed]

    @property
    def now(self) -> float:
        """Simulated seconds."""
        return self.sim.now / 1e9

    def node(self, node_id: str) -> RaftNode:
        """The running node ``node_id``; NotFound if it is unknown or crashed."""
        try:
            return self.nodes[node_id]
        except KeyError:
            state = "crashed" if node_id in self.members else "not a member"
            raise NotFound(f"raft node {node_id} is {state} (running: {', '.join(self.nodes)})") from None

    def election_timer(self, node_id: str) -> tuple[int, int] | None:
        """When a running non-leader's election timer fires and its full length, both in ns; None otherwise."""
        node = self.nodes.get(node_id)
        if node is None or node.role == LEADER or not node.promotable:
            return None
        tick = self.config.tick
        remaining = max(node.election_timeout_ticks - node.election_elapsed, 0)
        return self._last_tick[node_id] + remaining * tick, node.election_timeout_ticks * tick

    # -- client actions -----------------------------------------------------------
    def propose(self, value: Any) -> int:
        """Append ``value`` on the leader's log; returns its index. Unavailable when there is no leader."""
        if value is None:
            raise InvalidArgument("cannot propose None (it marks a leader's no-op entry)")
        leader = self._require_leader()
        return self._act(leader, lambda node: node.propose(value))

    def add(self, node_id: str) -> int:
        """Start a new, empty server and propose adding it as a voter; returns the change's log index."""
        if not isinstance(node_id, str) or not node_id:
            raise InvalidArgument(f"a raft node id must be a non-empty string, not {node_id!r}")
        if node_id in self.storages:
            raise InvalidArgument(f"{node_id} is already a member of this raft group")
        leader = self._ready_for_change()
        if node_id not in self.net.graph:
            self.net.add_host(node_id)
        self._start(node_id, (), "raft.start")
        return self._act(leader, lambda node: node.propose_conf_change("add", node_id))

    def remove(self, node_id: str) -> int:
        """Propose removing a voter; once committed it is stopped. Returns the change's log index."""
        if node_id not in self.nodes[self._require_leader()].voters:
            raise NotFound(f"{node_id} is not a voter of this raft group")
        leader = self._ready_for_change()
        return self._act(leader, lambda node: node.propose_conf_change("remove", node_id))

    def campaign(self, node_id: str) -> None:
        """Make ``node_id`` start an election now (as if its election timeout had fired)."""
        self._act(self.node(node_id).id, RaftNode.campaign)

    def heartbeat(self, node_id: str) -> None:
        """Make leader ``node_id`` broadcast heartbeats now (the paper's synchronized broadcast)."""
        self._act(self.node(node_id).id, RaftNode.broadcast_heartbeat)

    # -- faults -------------------------------------------------------------------
    def crash(self, node_id: str) -> None:
        """Kill a server: volatile state is lost, its storage (term, vote, log, snapshot) survives."""
        node = self.node(node_id)
        self._stop(node_id)
        self.net.down(node_id)
        self.sim.emit("raft.crash", node_id, term=node.term, role=node.role, last_index=node.log.last_index)

    def restart(self, node_id: str) -> None:
        """Bring a crashed server back; it recovers from what it had persisted."""
        if node_id not in self.members:
            raise NotFound(f"{node_id} is not a member of this raft group")
        if node_id in self.nodes:
            raise InvalidArgument(f"{node_id} is already running")
        self.net.up(node_id)
        self._start(node_id, self._initial, "raft.restart")

    def partition(self, *groups: Iterable[str]) -> None:
        """Split the network (see :meth:`caasnb.net.Underlay.partition`)."""
        self.net.partition(*groups)

    def heal(self) -> None:
        """Remove partitions and one-way blocks."""
        self.net.heal()

    def drop_messages(self, predicate: Callable[[Message], bool] | None) -> None:
        """Silently lose every message for which ``predicate(message)`` is true (None stops it).

        A test hook in the spirit of etcd's test network ``ignore``: it can hold back, say,
        appends to chosen followers while heartbeats still flow.
        """
        self._drop = predicate

    # -- time ---------------------------------------------------------------------
    def run(
        self,
        seconds: float | None = None,
        *,
        until: Callable[[RaftGroup], bool] | None = None,
        timeout: float = 60.0,
    ) -> bool:
        """Advance ``seconds`` simulated seconds, or until ``until(group)`` holds (within ``timeout`` s)."""
        return advance(self.sim, self, seconds, until, timeout)

    # -- driving the nodes --------------------------------------------------------
    def _start(self, node_id: str, peers: tuple[str, ...], kind: str) -> None:
        storage = self.storages.setdefault(node_id, MemoryStorage())
        node = RaftNode(node_id, peers, self.config, storage, self.sim.rng(f"raft:{node_id}"))
        self.nodes[node_id] = node
        self.state[node_id] = list(storage.snapshot.data or ())
        self._last_tick[node_id] = self.sim.now
        self._incarnation[node_id] = self._incarnation.get(node_id, 0) + 1
        self.sim.emit(kind, node_id, term=node.term, commit=node.commit, last_index=node.log.last_index)
        self._process(node_id)

    def _stop(self, node_id: str) -> None:
        wake = self._wakes.pop(node_id, None)
        if wake is not None:
            self.sim.cancel(wake)
        del self.nodes[node_id]

    def _act(self, node_id: str, action: Callable[[RaftNode], Any]) -> Any:
        """Run ``action(node)`` at the current time and carry out its effects."""
        self._catch_up(node_id)
        result = action(self.nodes[node_id])
        self._process(node_id)
        return result

    def _catch_up(self, node_id: str) -> None:
        """Give the node the ticks that passed since it last ticked."""
        last = self._last_tick[node_id]
        elapsed = (self.sim.now - last) // self.config.tick
        if elapsed:
            self._last_tick[node_id] = last + elapsed * self.config.tick
            self.nodes[node_id].tick(elapsed)

    def _wake(self, node_id: str) -> None:
        self._catch_up(node_id)
        self._process(node_id)

    def _deliver(self, message: Message) -> None:
        if message.dst in self.nodes:
            self._catch_up(message.dst)
            self.nodes[message.dst].step(message)
            self._process(message.dst)

    def _send(self, message: Message) -> None:
        if self._drop is None or not self._drop(message):
            self.net.send(message.src, message.dst, message, self._deliver)

    def _send_after_write(self, node_id: str, messages: tuple[Message, ...]) -> None:
        """Requests go out at once (the write proceeds in parallel); replies wait for the disk."""
        replies = []
        for message in messages:
            if type(message) in REPLIES:
                replies.append(message)
            else:
                self._send(message)
        if replies:
            self.sim.schedule(self.disk_latency, self._flush, node_id, self._incarnation[node_id], replies)

    def _flush(self, node_id: str, incarnation: int, replies: list[Message]) -> None:
        if node_id in self.nodes and self._incarnation[node_id] == incarnation:
            for message in replies:
                self._send(message)

    def _process(self, node_id: str) -> None:
        """Persist, apply and send whatever the node has ready, then set its next wake-up."""
        node = self.nodes[node_id]
        emit = self.sim.emit
        storage = self.storages[node_id]
        while node.has_ready():
            ready = node.ready()
            hard = ready.hard_state
            wrote = bool(ready.entries) or ready.snapshot is not None
            if hard is not None and (hard.term, hard.vote) != (storage.hard_state.term, storage.hard_state.vote):
                wrote = True
            storage.save(hard, ready.snapshot, list(ready.entries), ready.first_index)
            if ready.restore:
                self.state[node_id] = list(ready.snapshot.data or ())
            for kind, attrs in ready.events:
                emit("raft." + kind, node_id, **attrs)
            for entry in ready.committed:
                self._apply(node_id, entry)
            if wrote and self.disk_latency:
                self._send_after_write(node_id, ready.messages)
            else:
                for message in ready.messages:
                    self._send(message)
            if node.wants_snapshot():
                node.compact(tuple(self.state[node_id]))
        if self.checker is not None:
            self.checker.check(node)
        self._reschedule(node_id)
        while self._retiring:
            self._retire(self._retiring.pop())

    def _apply(self, node_id: str, entry: Entry) -> None:
        self.sim.emit("raft.apply", node_id, index=entry.index, term=entry.term, type=entry.kind)
        if self.checker is not None:
            self.checker.applied(node_id, entry)
        if entry.kind == CONF:
            change = entry.data
            if change.op == "remove" and change.node in self.nodes and change.node not in self._retiring:
                self._retiring.append(change.node)
        elif entry.data is not None:
            self.state[node_id].append(entry.data)
            if self.on_apply is not None:
                self.on_apply(node_id, entry)

    def _retire(self, node_id: str) -> None:
        if node_id in self.nodes:
            self._stop(node_id)
            self.removed.append(node_id)
            self.sim.emit("raft.removed", node_id)

    def _reschedule(self, node_id: str) -> None:
        if node_id not in self.nodes:
            return
        due = self.nodes[node_id].ticks_until_due()
        wake = self._wakes.get(node_id)
        if due is None:
            if wake is not None:
                self.sim.cancel(wake)
            return
        at = self._last_tick[node_id] + due * self.config.tick
        if wake is not None:
            if wake[0] == at and wake[2] is not None:
                return
            self.sim.cancel(wake)
        self._wakes[node_id] = self.sim.at(at, self._wake, node_id)

    def _require_leader(self) -> str:
        leader = self.leader
        if leader is None:
            raise Unavailable(NO_LEADER)
        return leader

    def _ready_for_change(self) -> str:
        leader = self._require_leader()
        if not self.nodes[leader].can_change_membership():
            raise Unavailable("a membership change is already in progress; retry once it is committed")
        return leader

    def __repr__(self) -> str:
        return (
            f"RaftGroup(members={len(self.members)}, running={len(self.nodes)}, leader={self.leader}, "
            f"t={self.sim.now / 1e9:.3f} s)"
        )


def _member_ids(size: int | None, ids: Iterable[str] | None) -> tuple[str, ...]:
    if ids is None:
        count = 3 if size is None else size
        if not isinstance(count, int) or isinstance(count, bool) or count < 1:
            raise InvalidArgument(f"a raft group needs a whole number of servers >= 1, not {size!r}")
        return tuple(f"s{i}" for i in range(1, count + 1))
    names = tuple(ids)
    if not names or not all(isinstance(n, str) and n for n in names) or len(set(names)) != len(names):
        raise InvalidArgument(f"raft ids must be distinct non-empty strings, not {names!r}")
    if size is not None and size != len(names):
        raise InvalidArgument(f"size={size} does not match the {len(names)} ids given")
    return names
