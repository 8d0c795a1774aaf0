"""The orchestrator: compare each service's desired state with its tasks and say what to write.

Pure: given the leader's store and the time, it returns the puts that bring the tasks in
line (swarmkit's replicated and global orchestrators, restart supervisor and task
reaper in one pass): missing slots get new tasks, surplus slots are shut down, a task
that ended is replaced as its restart policy says, tasks on drained or down nodes are
replaced elsewhere, and old tasks beyond the history limit are deleted.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass, field

from .ids import new_id
from .nodes import Node
from .records import Service
from .spec.service import Global
from .store import Delete, Put, Store, Write
from .tasks import Task, TaskState, TaskStatus, _evolve

LIVE = TaskState.RUNNING  # desired state of a task the orchestrator wants running


@dataclass
class RestartHistory:
    """When each slot's tasks were restarted, for RestartPolicy MaxAttempts and Window."""

    restarts: dict[tuple[str, str], list[int]] = field(default_factory=dict)

    def allowed(self, service: Service, slot_key: str, now: int) -> bool:
        policy = service.spec.task_template.restart_policy
        if not policy.max_attempts:
            return True
        times = self.restarts.get((service.id, slot_key), [])
        if policy.window:
            times = [t for t in times if now - t <= policy.window]
        return len(times) < policy.max_attempts

    def record(self, service: Service, slot_key: str, now: int) -> None:
        self.restarts.setdefault((service.id, slot_key), []).append(now)


def eligible_for_global(node: Node) -> bool:
    """Whether a global service should run a task on ``node`` (constraints are the scheduler's to judge)."""
    return node.state == "ready" and node.availability == "active"


def reconcile(store: Store, now: int, rng: random.Random, history: RestartHistory) -> list[Write]:
    """The writes that move every service towards its desired state."""
    writes: list[Write] = []
    for service in sorted(store.services.values(), key=lambda s: s.id):
        tasks = sorted(store.service_tasks(service.id), key=lambda t: (t.created_at, t.id))
        if isinstance(service.spec.mode, Global):
            writes += _reconcile_global(store, service, tasks, now, rng, history)
        else:
            writes += _reconcile_replicated(store, service, tasks, now, rng, history)
        writes += _reap(store, service, tasks)
    orphans = [t for t in store.tasks.values() if t.service_id not in store.services]
    writes += [Delete("tasks", t.id) for t in sorted(orphans, key=lambda t: t.id) if t.state.is_terminal]
    writes += [Put(_shutdown(t, now)) for t in sorted(orphans, key=lambda t: t.id) if _live(t)]
    return writes


def new_task(service: Service, now: int, rng: random.Random, slot: int = 0, node_id: str = "") -> Task:
    """A fresh task for ``service`` (state NEW → PENDING at once: nothing here allocates networks)."""
    return Task(
        id=new_id(rng),
        service_id=service.id,
        service_name=service.name,
        spec=service.spec.task_template,
        slot=slot,
        node_id=node_id,
        status=TaskStatus(timestamp=now, state=TaskState.PENDING, message="pending task scheduling"),
        desired_state=LIVE,
        spec_version=service.version,
        endpoint_ports=service.spec.endpoint_spec.ports,
        created_at=now,
        updated_at=now,
    )


def _live(task: Task) -> bool:
    """Wanted running and not yet ended."""
    return task.desired_state <= LIVE and not task.state.is_terminal


def _shutdown(task: Task, now: int) -> Task:
    return _evolve(task, desired_state=TaskState.SHUTDOWN, updated_at=now)


def _node_lost(store: Store, task: Task) -> bool:
    """The task's node is gone, down or drained: the task must run elsewhere."""
    node = store.nodes.get(task.node_id) if task.node_id else None
    if not task.node_id:
        return False
    return node is None or node.state == "down" or node.availability == "drain"


def _wants_restart(service: Service, task: Task) -> bool:
    condition = service.spec.task_template.restart_policy.condition
    if condition == "none":
        return False
    if condition == "on-failure":
        return task.state != TaskState.COMPLETE
    return True


def _reconcile_replicated(
    store: Store, service: Service, tasks: list[Task], now: int, rng: random.Random, history: RestartHistory
) -> list[Write]:
    writes: list[Write] = []
    wanted = getattr(service.spec.mode, "replicas", 0)
    by_slot: dict[int, list[Task]] = {}
    for task in tasks:
        by_slot.setdefault(task.slot, []).append(task)
    for slot in range(1, max([wanted, *by_slot]) + 1):
        slot_tasks = by_slot.get(slot, [])
        live = [t for t in slot_tasks if _live(t)]
        if slot > wanted:
            writes += [Put(_shutdown(t, now)) for t in live]
            continue
        lost = [t for t in live if _node_lost(store, t)]
        writes += [Put(_shutdown(t, now)) for t in lost]
        if len(lost) < len(live):
            continue
        latest = slot_tasks[-1] if slot_tasks else None
        if latest and not lost and not _replace_ended(store, service, latest, str(slot), now, history, writes):
            continue
        writes.append(Put(new_task(service, now, rng, slot=slot)))
    return writes


def _replace_ended(
    store: Store, service: Service, latest: Task, slot_key: str, now: int, history: RestartHistory, writes: list[Write]
) -> bool:
    """Whether a slot whose newest task is no longer live gets a new task now.

    A task the swarm shut down on purpose is replaced at once, unless it is still stopping
    (stop-first) on a node that still answers. One that ended by itself follows the restart policy: its condition, its
    attempts within the window and its delay (the runtime wakes the orchestrator when due).
    """
    if latest.desired_state > LIVE:
        return latest.state.is_terminal or _node_lost(store, latest)
    if not _wants_restart(service, latest) or not history.allowed(service, slot_key, now):
        return False
    if now - latest.status.timestamp < service.spec.task_template.restart_policy.delay:
        return False
    history.record(service, slot_key, now)
    writes.append(Put(_shutdown(latest, now)))
    return True


def _reconcile_global(
    store: Store, service: Service, tasks: list[Task], now: int, rng: random.Random, history: RestartHistory
) -> list[Write]:
    writes: list[Write] = []
    by_node: dict[str, list[Task]] = {}
    for task in tasks:
        by_node.setdefault(task.node_id, []).append(task)
    for node in sorted(store.nodes.values(), key=lambda n: n.id):
        node_tasks = by_node.get(node.id, [])
        live = [t for t in node_tasks if _live(t)]
        if not eligible_for_global(node):
            if node.state == "down" or node.availability == "drain":
                writes += [Put(_shutdown(t, now)) for t in live]
            continue
        if live:
            continue
        if node_tasks and not _replace_ended(store, service, node_tasks[-1], node.id, now, history, writes):
            continue
        writes.append(Put(new_task(service, now, rng, node_id=node.id)))
    gone = [t for node_id, ts in sorted(by_node.items()) if node_id not in store.nodes for t in ts if _live(t)]
    writes += [Put(_shutdown(t, now)) for t in gone]
    return writes


def _reap(store: Store, service: Service, tasks: Iterable[Task]) -> list[Write]:
    """Delete the oldest finished tasks of each slot beyond the cluster's task history limit."""
    swarm = store.swarm
    limit = swarm.spec.task_history_retention_limit if swarm else 5
    if limit < 0:
        return []
    by_slot: dict[str, list[Task]] = {}
    for task in tasks:
        by_slot.setdefault(task.slot_label, []).append(task)
    writes: list[Write] = []
    for slot_tasks in by_slot.values():
        finished = [t for t in slot_tasks if t.state.is_terminal and t.desired_state > LIVE]
        excess = len(slot_tasks) - max(limit, 1)
        writes += [Delete("tasks", t.id) for t in finished[: max(excess, 0)]]
    return writes


def next_restart_due(store: Store, now: int) -> int | None:
    """The earliest time a delayed restart becomes due, so the runtime can wake the orchestrator then."""
    due = None
    for service in store.services.values():
        delay = service.spec.task_template.restart_policy.delay
        for task in store.service_tasks(service.id):
            if task.desired_state <= LIVE and task.state.is_terminal and task.status.timestamp + delay > now:
                at = task.status.timestamp + delay
                due = at if due is None else min(due, at)
    return due
