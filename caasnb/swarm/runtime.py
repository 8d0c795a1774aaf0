"""The running swarm of one Cluster: Raft among the managers, their stores, the leader's loops.

Everything the swarm decides is written through Raft (DESIGN rule 5): a daemon's API call
proposes a batch and waits for its commit (at most swarmkit's 20 s request timeout); the
leader's reconcilers — orchestrator, scheduler, updater — propose their batches and run
again whenever the leader applies one. The dispatcher (also on the leader) collects the
agents' heartbeats and task reports, batching reports every 100 ms like swarmkit's, and
sends each node its assignments. Workers keep running what they were given while the
managers have no quorum: nothing here stops an agent.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..errors import DockerError, Unavailable
from ..raft import RaftGroup
from ..raft.group import NO_LEADER
from ..sim import MILLISECOND, SECOND, Timer, advance
from .agent import Agent, Report, assignment_digest, container_status
from .nodes import Node
from .orchestrator import RestartHistory, Scope, reconcile
from .records import Service
from .scheduler import Decision, schedule
from .spec.service import Global
from .store import Delete, Put, Store, Write, stale, table_of
from .tasks import Task, TaskState, _evolve
from .updater import Updater

REQUEST_TIMEOUT = 20 * SECOND  # moby daemon/cluster swarmRequestTimeout
DEADLINE_EXCEEDED = "rpc error: code = DeadlineExceeded desc = context deadline exceeded"
OUT_OF_SEQUENCE = "rpc error: code = Unknown desc = update out of sequence"
LOST_LEADERSHIP = "rpc error: code = Unknown desc = raft: failed to process the request: node lost leader status"
REPORT_BATCH = 100 * MILLISECOND  # dispatcher maxBatchInterval
GRACE = 3  # heartbeat periods before a node is marked down
NEW_LEADER_GRACE = 6  # after a leader change, nodes of unknown state get twice the grace


class Swarm:
    """The swarm layer of a Cluster (created by the first ``docker swarm init``)."""

    def __init__(self, cluster, first_manager: str) -> None:
        self.cluster = cluster
        self.sim = cluster.sim
        self.net = cluster.net
        self.rng = self.sim.rng("swarm")
        self.group = RaftGroup(
            ids=[first_manager], sim=self.sim, net=self.net, preset="swarmkit", on_apply=self._on_apply
        )
        self._stores: dict[str, tuple[list, Store]] = {}
        self._stamped: dict[int, list] = {}  # id(batch) -> its objects as stored (batches live in the raft state)
        self._emitted = 0
        self.agents: dict[str, Agent] = {}
        self.history = RestartHistory()
        self.updater = Updater(self)
        self.placements: dict[str, Decision] = {}
        self._pass_timer: Timer | None = None
        self._scope = Scope(everything=True)
        self._deferred: dict[tuple[str, str], int] = {}
        self._pending: set[str] = set()
        self._dirty_nodes: set[str] = set()
        self._awaiting: tuple[str, int] | None = None
        self._reports: dict[str, Report] = {}
        self._report_timer: Timer | None = None
        self._expiry: dict[str, Timer] = {}
        self._sent: dict[str, tuple] = {}
        self._leader_seen: tuple[str, int] | None = None  # (leader, term) the dispatcher last started for
        self.sim.events.subscribe(self._watch)

    # -- consensus ------------------------------------------------------------------
    def store(self, host: str) -> Store:
        """Manager ``host``'s store, brought up to date with what its Raft node has applied."""
        values = self.group.state[host]
        source, store = self._stores.get(host, (None, None))
        if source is not values:
            store = Store()
        for batch in values[store.index :]:
            self._apply(store, batch)
        self._stores[host] = (values, store)
        return store

    @property
    def leader(self) -> str | None:
        """The host of the current Raft leader."""
        return self.group.leader

    def managers(self) -> list[str]:
        return self.group.members

    def leader_for(self, host: str) -> str:
        """The leader as manager ``host`` knows it; Unavailable with Docker's text when it knows none."""
        node = self.group.nodes.get(host)
        if node is None or node.lead is None or node.lead not in self.group.nodes:
            raise Unavailable(NO_LEADER)
        return node.lead

    def read_store(self, host: str) -> Store:
        """The store a request on manager ``host`` reads: the leader's (control API calls go to the leader)."""
        return self.store(self.leader_for(host))

    def commit(self, host: str, batch: Sequence[Write]) -> Store:
        """Propose ``batch`` from manager ``host`` and wait until it commits; returns the leader's store."""
        leader = self.leader_for(host)
        if not self.net.reachable(host, leader) and host != leader:
            advance(self.sim, self, REQUEST_TIMEOUT / SECOND)
            raise DockerError(DEADLINE_EXCEEDED)
        index = self.group.propose(tuple(batch))
        leader = self.group.leader
        term = self.group.nodes[leader].term

        def settled(_: Swarm) -> bool:
            current = self.group.nodes.get(leader)
            return current is None or current.term != term or current.commit >= index

        advance(self.sim, self, until=settled, timeout=REQUEST_TIMEOUT / SECOND)
        current = self.group.nodes.get(leader)
        if current is None or current.term != term:
            raise DockerError(LOST_LEADERSHIP)
        if current.commit < index:
            raise DockerError(DEADLINE_EXCEEDED)
        store = self.store(leader)
        if not all(_landed(store, write) for write in batch):
            raise DockerError(OUT_OF_SEQUENCE)
        return store

    def _propose(self, leader: str, batch: Sequence[Write]) -> None:
        """A reconciler's write: propose and move on (the pass runs again once it is applied)."""
        self._awaiting = (leader, self.group.propose(tuple(batch)))

    def _on_apply(self, host: str, entry: Any) -> None:
        """The leader's store follows its log at once; the others catch up when next read."""
        if host == self.group.leader:
            self.store(host)
            self.wake()

    def _apply(self, store: Store, batch: Sequence[Write]) -> None:
        """Apply a batch to one store; the first store to reach an index records its events."""
        first = store.index + 1 > self._emitted
        before = {id(w): _current(store, w) for w in batch} if first else {}
        self._stamped[id(batch)] = store.apply(batch, self._stamped.get(id(batch)))
        if first:
            self._emitted = store.index
            for write in batch:
                old = before[id(write)]
                if isinstance(write, Put) and stale(old, write.obj):
                    continue  # dropped by the store: another write got there first
                self._emit(write, old, store)
                self._note_change(write, old, store)

    def _note_change(self, write: Write, old: Any, store: Store) -> None:
        """Remember what a committed write touched, so the reconcilers look only there."""
        obj = write.obj if isinstance(write, Put) else old
        if isinstance(obj, Task):
            self._scope.slots.add((obj.service_id, obj.slot_label))
            if _assignment_changed(old, write):
                self._dirty_nodes.update(t.node_id for t in (obj, old) if t is not None and t.node_id)
            waiting = isinstance(write, Put) and obj.state == TaskState.PENDING
            if waiting and obj.desired_state <= TaskState.RUNNING:
                self._pending.add(obj.id)
            else:
                self._pending.discard(obj.id)
        elif isinstance(obj, Service):
            self._scope.services.add(obj.id)
        elif isinstance(obj, Node):
            self._dirty_nodes.add(obj.id)
            if old is None or (old.state, old.availability) != (obj.state, obj.availability):
                for task in store.tasks_by_node.get(obj.id, {}).values():
                    self._scope.slots.add((task.service_id, task.slot_label))
                for service in store.services.values():
                    if isinstance(service.spec.mode, Global):
                        self._scope.slots.add((service.id, obj.id))

    def _emit(self, write: Write, old: Any, store: Store) -> None:
        emit = self.sim.emit
        if isinstance(write, Delete):
            if write.table != "cluster":
                emit(f"{write.table[:-1]}.remove", write.id)
            return
        obj = write.obj
        if isinstance(obj, Task):
            attrs = {"service": obj.service_name, "slot": obj.slot_label, "node": obj.node_id}
            if old is None:
                emit("task.create", obj.id, state=obj.state.label, desired=obj.desired_state.label, **attrs)
            else:
                if old.state != obj.state or old.status.err != obj.status.err:
                    emit("task.state", obj.id, state=obj.state.label, was=old.state.label, err=obj.status.err, **attrs)
                if old.desired_state != obj.desired_state:
                    emit("task.desired", obj.id, desired=obj.desired_state.label, **attrs)
        elif isinstance(obj, Node):
            emit(
                "node.create" if old is None else "node.update",
                obj.id,
                hostname=obj.hostname,
                role=obj.role,
                availability=obj.availability,
                state=obj.state,
            )
        elif isinstance(obj, Service):
            emit("service.create" if old is None else "service.update", obj.id, name=obj.name)
        else:
            emit("swarm.update" if old is not None else "swarm.init", obj.id)

    # -- the leader's loops ---------------------------------------------------------
    def wake(self, delay: int = 0) -> None:
        """Run the reconcilers soon (coalesced: one pass however many reasons)."""
        if self._pass_timer is None or self._pass_timer[2] is None:
            self._pass_timer = self.sim.schedule(delay, self._pass)

    def _pass(self) -> None:
        self._pass_timer = None
        leader = self.group.leader
        if leader is None:
            return
        if self._awaiting is not None:
            waiting_on, index = self._awaiting
            node = self.group.nodes.get(waiting_on)
            if waiting_on == leader and node is not None and node.commit < index:
                return
            self._awaiting = None
        store = self.store(leader)
        if store.index < self._emitted:
            return  # the new leader is still applying what was committed; it wakes us when done
        now = self.sim.now
        for step in (self._orchestrate, self._schedule, self.updater.step):
            writes = step(store, now)
            if writes:
                self._propose(leader, writes)
                return
        self._dispatch(leader, store)

    def _orchestrate(self, store: Store, now: int) -> list[Write]:
        scope, self._scope = self._scope, Scope()
        for key, at in sorted(self._deferred.items()):
            if at <= now:
                scope.slots.add(key)
                del self._deferred[key]
        if not scope:
            return []
        writes, deferred = reconcile(store, now, self.rng, self.history, scope)
        self._deferred.update(deferred)
        if deferred:
            self.sim.at(min(deferred.values()), self.wake)
        return writes

    def _schedule(self, store: Store, now: int) -> list[Write]:
        pending = len(self._pending)
        if not pending:
            return []
        result = schedule(store.nodes.values(), store.tasks.values(), now, explain=pending <= 200)
        writes: list[Write] = []
        for decision in result.decisions:
            task = decision.task
            old = store.tasks[task.id]
            self.placements[task.id] = decision
            if task.state != old.state or task.status.err != old.status.err:
                writes.append(Put(task))
        return writes

    # -- the dispatcher -------------------------------------------------------------
    def heartbeat_period(self) -> int:
        leader = self.group.leader
        swarm = self.store(leader).swarm if leader else None
        return swarm.spec.heartbeat_period if swarm else 5 * SECOND

    def send_heartbeat(self, agent: Agent) -> None:
        leader = self.group.leader
        if leader is not None:
            payload = (agent.node_id, agent.applied, tuple(agent.reports.values()))
            self._send(agent.host, leader, payload, self._heartbeat_arrived)

    def send_report(self, agent: Agent, report: Report) -> None:
        leader = self.group.leader
        if leader is not None:
            self._send(agent.host, leader, (report,), self._reports_arrived)

    def _send(self, src: str, dst: str, payload: Any, deliver) -> None:
        """A message between hosts crosses the underlay; one to the same host arrives at once."""
        if src == dst:
            self.sim.schedule(0, deliver, payload)
        else:
            self.net.send(src, dst, payload, deliver=deliver)

    def _heartbeat_arrived(self, payload: tuple[str, tuple | None, tuple[Report, ...]]) -> None:
        """A node is alive. Its latest task reports come again (one lost on the way, or sent to a
        leader that died, is not lost for good), and if it has not acted on the assignments sent
        last, they go out again."""
        node_id, applied, reports = payload
        leader = self.group.leader
        if leader is None:
            return
        store = self.store(leader)
        node = store.nodes.get(node_id)
        if node is None:
            return
        self._arm_expiry(node_id, GRACE)
        behind = [r for r in reports if r.task_id in store.tasks and store.tasks[r.task_id].state < r.state]
        if behind:
            self._reports_arrived(tuple(behind))
        if node.state != "ready":
            self._propose(leader, [Put(_evolve(node, state="ready", message="", updated_at=self.sim.now))])
        if applied is None or applied != self._sent.get(node_id):
            self._sent.pop(node_id, None)
            self._dirty_nodes.add(node_id)
            self.wake()

    def _arm_expiry(self, node_id: str, periods: int) -> None:
        timer = self._expiry.get(node_id)
        if timer is not None:
            self.sim.cancel(timer)
        self._expiry[node_id] = self.sim.schedule(periods * self.heartbeat_period(), self._expired, node_id)

    def _expired(self, node_id: str) -> None:
        self._expiry.pop(node_id, None)
        leader = self.group.leader
        if leader is None:
            return
        node = self.store(leader).nodes.get(node_id)
        if node is not None and node.state != "down":
            down = _evolve(node, state="down", message="heartbeat failure", updated_at=self.sim.now)
            self._propose(leader, [Put(down)])

    def _reports_arrived(self, reports: tuple[Report, ...]) -> None:
        if self.group.leader is None:
            return
        for report in reports:
            previous = self._reports.get(report.task_id)
            if previous is None or previous.state < report.state:
                self._reports[report.task_id] = report
        if self._report_timer is None or self._report_timer[2] is None:
            self._report_timer = self.sim.schedule(REPORT_BATCH, self._flush_reports)

    def _flush_reports(self) -> None:
        self._report_timer = None
        leader = self.group.leader
        if leader is None:
            return
        store = self.store(leader)
        writes: list[Write] = []
        for task_id in sorted(self._reports):
            report = self._reports[task_id]
            task = store.tasks.get(task_id)
            if task is None or not task.state.can_become(report.state):
                continue
            status = _evolve(
                task.status,
                timestamp=report.timestamp,
                state=report.state,
                message=report.message,
                err=report.err,
                container_status=container_status(task, report),
            )
            writes.append(Put(_evolve(task, status=status, updated_at=self.sim.now)))
        self._reports.clear()
        if writes:
            self._propose(leader, writes)

    def _dispatch(self, leader: str, store: Store) -> None:
        """Send every node whose tasks changed its new assignment list."""
        dirty, self._dirty_nodes = self._dirty_nodes, set()
        for node_id in sorted(dirty):
            if node_id not in store.nodes:
                continue
            assigned = store.tasks_by_node.get(node_id, {}).values()
            tasks = sorted((t for t in assigned if t.state >= TaskState.ASSIGNED), key=lambda t: t.id)
            digest = assignment_digest(tasks)
            if self._sent.get(node_id) == digest:
                continue
            host = store.nodes[node_id].hostname
            agent = self.agents.get(host)
            if agent is None or agent.node_id != node_id:
                continue  # a node that left: its hostname may belong to a new node now (sessions are per node ID)
            self._sent[node_id] = digest
            self._send(leader, host, tasks, agent.assign)

    def _watch(self, event) -> None:
        """A new leadership (even the same manager winning a new term) starts the dispatcher and the
        reconcilers afresh, as swarmkit does: every node gets a fresh, longer grace, every service a rescan."""
        if event.kind != "raft.elected" or (event.subject, event.attrs["term"]) == self._leader_seen:
            return
        self._leader_seen = (event.subject, event.attrs["term"])
        self._sent.clear()
        self._reports.clear()
        self._scope = Scope(everything=True)
        self._dirty_nodes.update(self.store(event.subject).nodes)
        for node_id in sorted(self.store(event.subject).nodes):
            self._arm_expiry(node_id, NEW_LEADER_GRACE)
        self.wake()

    # -- agents ---------------------------------------------------------------------
    def start_agent(self, host: str, node_id: str) -> None:
        agent = self.agents.get(host)
        if agent is None:
            agent = self.agents[host] = Agent(self, host, node_id)
        agent.start()

    def stop_agent(self, host: str) -> None:
        agent = self.agents.get(host)
        if agent is not None:
            agent.stop()


def _assignment_changed(old: Task | None, write: Write) -> bool:
    """Whether a task write changes what its node's agent must run (not just what it reported)."""
    if isinstance(write, Delete) or old is None:
        return True
    new = write.obj
    return (
        old.node_id != new.node_id
        or old.desired_state != new.desired_state
        or (old.state < TaskState.ASSIGNED) != (new.state < TaskState.ASSIGNED)
    )


def _landed(store: Store, write: Write) -> bool:
    """Whether a committed put is what the store now holds (not dropped as out of sequence)."""
    if isinstance(write, Delete):
        return True
    stored = getattr(store, table_of(write.obj)).get(write.obj.id)
    if stored is None:
        return False
    return {k: v for k, v in stored.__dict__.items() if k != "version"} == {
        k: v for k, v in write.obj.__dict__.items() if k != "version"
    }


def _current(store: Store, write: Write) -> Any:
    if isinstance(write, Put):
        return getattr(store, table_of(write.obj)).get(write.obj.id)
    return getattr(store, write.table).get(write.id)
