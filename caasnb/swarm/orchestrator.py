"""The orchestrator: compare each service's desired state with its tasks and say what to write.

Pure: given the leader's store and the time, it returns the puts that bring the tasks in
line (swarmkit's replicated and global orchestrators, restart supervisor and task
reaper in one pass): missing slots get new tasks, surplus slots are shut down, a task
that ended is replaced as its restart policy says, tasks on drained or down nodes are
replaced elsewhere, and old tasks beyond the history limit are deleted.
"""

from __future__ import annotations

import random
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

    def allowed(self, service: Service, slot_key: str, ended: int) -> bool:
        """Whether a task that ended at ``ended`` may be restarted: fewer than MaxAttempts restarts
        of its slot in the Window before then (swarmkit's ``shouldRestart``)."""
        policy = service.spec.task_template.restart_policy
        if not policy.max_attempts:
            return True
        times = [t for t in self.restarts.get((service.id, slot_key), []) if t <= ended]
        if policy.window:
            times = [t for t in times if ended - t <= policy.window]
        return len(times) < policy.max_attempts

    def record(self, service: Service, slot_key: str, now: int) -> None:
        self.restarts.setdefault((service.id, slot_key), []).append(now)


def eligible_for_global(node: Node) -> bool:
    """Whether a global service should run a task on ``node`` (constraints are the scheduler's to judge)."""
    return node.state == "ready" and node.availability == "active"


@dataclass
class Scope:
    """What changed since the last pass: whole services, or single slots (a slot number, or a
    node ID for a global service). ``everything`` after a leader change, when nothing is known."""

    everything: bool = False
    services: set[str] = field(default_factory=set)
    slots: set[tuple[str, str]] = field(default_factory=set)

    def __bool__(self) -> bool:
        return self.everything or bool(self.services) or bool(self.slots)

    def targets(self, store: Store) -> dict[str, set[str] | None]:
        """Service ID → the slot keys to look at, or None for the whole service."""
        whole = set(store.services) | set(store.tasks_by_service) if self.everything else self.services
        chosen: dict[str, set[str] | None] = dict.fromkeys(whole)
        for service_id, key in self.slots:
            keys = chosen.setdefault(service_id, set())
            if keys is not None:
                keys.add(key)
        return chosen


def reconcile(
    store: Store, now: int, rng: random.Random, history: RestartHistory, scope: Scope
) -> tuple[list[Write], dict[tuple[str, str], int]]:
    """The writes that move the services in ``scope`` towards their desired state, and the
    slots whose restart waits for its delay, with when it falls due (look at them again then)."""
    writes: list[Write] = []
    due: dict[tuple[str, str], int] = {}
    for service_id, keys in sorted(scope.targets(store).items(), key=lambda item: item[0]):
        service = store.services.get(service_id)
        by_key = _by_slot(store, service_id, keys)
        if service is None:
            writes += _remove_orphans(by_key, now)
            continue
        if isinstance(service.spec.mode, Global):
            writes += _reconcile_global(store, service, by_key, keys, now, rng, history, due)
        else:
            writes += _reconcile_replicated(store, service, by_key, keys, now, rng, history, due)
        writes += _reap(store, by_key, keys)
    return writes, due


def _by_slot(store: Store, service_id: str, keys: set[str] | None) -> dict[str, list[Task]]:
    """A service's tasks by slot key, oldest first: every slot, or only ``keys``."""
    if keys is None:
        keys = {task.slot_label for task in store.service_tasks(service_id)}
    by_key: dict[str, list[Task]] = {}
    for key in keys:
        tasks = store.tasks_by_slot.get((service_id, key))
        if tasks:
            by_key[key] = sorted(tasks.values(), key=lambda t: (t.created_at, t.id))
    return by_key


def _remove_orphans(by_key: dict[str, list[Task]], now: int) -> list[Write]:
    """A removed service's tasks: stop the live ones, forget the finished ones."""
    tasks = sorted((t for ts in by_key.values() for t in ts), key=lambda t: t.id)
    return [Delete("tasks", t.id) for t in tasks if t.state.is_terminal] + [
        Put(_shutdown(t, now)) for t in tasks if _live(t)
    ]


def new_task(
    service: Service, now: int, rng: random.Random, slot: int = 0, node_id: str = "", store: Store | None = None
) -> Task:
    """A fresh task for ``service`` (state NEW → PENDING at once: nothing here allocates networks).

    Its log driver is the service's, else the swarm's ``TaskDefaults.LogDriver`` (swarmkit's ``NewTask``).
    """
    swarm = store.swarm if store is not None else None
    default = swarm.spec.task_defaults_log_driver if swarm is not None else None
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
        log_driver=service.spec.task_template.log_driver or default,
    )


def _live(task: Task) -> bool:
    """Wanted running and not yet ended."""
    return task.desired_state <= LIVE and not task.state.is_terminal


def _shutdown(task: Task, now: int) -> Task:
    """Tell a task to stop; one never given to a node has nothing to stop and is shut down at once."""
    if task.state < TaskState.ASSIGNED:
        status = TaskStatus(timestamp=now, state=TaskState.SHUTDOWN, message="shutdown")
        return _evolve(task, desired_state=TaskState.SHUTDOWN, status=status, updated_at=now)
    return _evolve(task, desired_state=TaskState.SHUTDOWN, updated_at=now)


def _duplicates(live: list[Task], service: Service) -> list[Task]:
    """Live tasks of the current spec beyond one in a slot (two leaders may both have filled it):
    all but the most advanced, newest one. Older-spec tasks are the updater's to replace."""
    current = [t for t in live if t.spec == service.spec.task_template]
    keep = max(current, key=lambda t: (t.state, t.created_at, t.id), default=None)
    return [t for t in current if t is not keep]


def _node_lost(store: Store, task: Task) -> bool:
    """The task's node is gone, down or drained: the task must run elsewhere."""
    node = store.nodes.get(task.node_id) if task.node_id else None
    if not task.node_id:
        return False
    return node is None or node.state == "down" or node.availability == "drain"


def _restarts(service: Service, task: Task, slot_key: str, history: RestartHistory) -> bool:
    """Whether the restart policy restarts ``task`` once ended: its condition, then its attempts."""
    condition = service.spec.task_template.restart_policy.condition
    if condition == "none" or (condition == "on-failure" and task.state == TaskState.COMPLETE):
        return False
    return history.allowed(service, slot_key, task.status.timestamp)


def _retired(service: Service, task: Task, slot_key: str, history: RestartHistory) -> bool:
    """A task of the current spec that ended by itself and that its restart policy does not restart:
    its slot stays as it is (swarmkit's ``UpdatableTasksInSlot`` keeps such a slot)."""
    ended_by_itself = task.state in (TaskState.COMPLETE, TaskState.FAILED, TaskState.REJECTED)
    current = task.spec == service.spec.task_template
    return ended_by_itself and current and not _restarts(service, task, slot_key, history)


def _reconcile_replicated(
    store: Store,
    service: Service,
    by_key: dict[str, list[Task]],
    keys: set[str] | None,
    now: int,
    rng: random.Random,
    history: RestartHistory,
    due: dict[tuple[str, str], int],
) -> list[Write]:
    writes: list[Write] = []
    wanted = getattr(service.spec.mode, "replicas", 0)
    if keys is None:
        slots = range(1, max([wanted, *(int(k) for k in by_key)]) + 1)
    else:
        slots = sorted(int(k) for k in keys if k.isdigit())
    for slot in slots:
        slot_tasks = by_key.get(str(slot), [])
        live = [t for t in slot_tasks if _live(t)]
        if slot > wanted:
            writes += [Put(_shutdown(t, now)) for t in live]
            continue
        extra = _duplicates(live, service)
        lost = [t for t in live if _node_lost(store, t) and t not in extra]
        writes += [Put(_shutdown(t, now)) for t in extra + lost]
        if len(lost) + len(extra) < len(live):
            continue
        latest = slot_tasks[-1] if slot_tasks else None
        if latest and not lost and not _replace_ended(store, service, latest, str(slot), now, history, writes, due):
            continue
        writes.append(Put(new_task(service, now, rng, slot=slot, store=store)))
    return writes


def _replace_ended(
    store: Store,
    service: Service,
    latest: Task,
    slot_key: str,
    now: int,
    history: RestartHistory,
    writes: list[Write],
    due: dict[tuple[str, str], int],
) -> bool:
    """Whether a slot whose newest task is no longer live gets a new task now.

    A task the swarm shut down on purpose is replaced at once, unless it is still stopping
    (stop-first) on a node that still answers. One that ended by itself follows the restart policy: its condition, its
    attempts within the window and its delay (the runtime wakes the orchestrator when due). One
    not to be restarted gets desired state SHUTDOWN, as swarmkit's restart supervisor gives it
    (``docker service ps``: ``Shutdown  Complete``), and its slot is left alone.
    """
    if latest.desired_state > LIVE:
        if _retired(service, latest, slot_key, history):
            return False
        return latest.state.is_terminal or _node_lost(store, latest)
    if not _restarts(service, latest, slot_key, history):
        writes.append(Put(_shutdown(latest, now)))
        return False
    restart_at = latest.status.timestamp + service.spec.task_template.restart_policy.delay
    if now < restart_at:
        due[(service.id, slot_key)] = restart_at
        return False
    history.record(service, slot_key, now)
    writes.append(Put(_shutdown(latest, now)))
    return True


def _reconcile_global(
    store: Store,
    service: Service,
    by_key: dict[str, list[Task]],
    keys: set[str] | None,
    now: int,
    rng: random.Random,
    history: RestartHistory,
    due: dict[tuple[str, str], int],
) -> list[Write]:
    writes: list[Write] = []
    node_ids = sorted(set(store.nodes) | set(by_key)) if keys is None else sorted(keys)
    for node_id in node_ids:
        node_tasks = by_key.get(node_id, [])
        live = [t for t in node_tasks if _live(t)]
        node = store.nodes.get(node_id)
        if node is None or not eligible_for_global(node):
            if node is None or node.state == "down" or node.availability == "drain":
                writes += [Put(_shutdown(t, now)) for t in live]
            continue
        if live:
            continue
        if node_tasks and not _replace_ended(store, service, node_tasks[-1], node_id, now, history, writes, due):
            continue
        writes.append(Put(new_task(service, now, rng, node_id=node_id, store=store)))
    return writes


def _reap(store: Store, by_key: dict[str, list[Task]], keys: set[str] | None) -> list[Write]:
    """Delete the oldest finished tasks of each slot beyond the cluster's task history limit."""
    swarm = store.swarm
    limit = swarm.spec.task_history_retention_limit if swarm else 5
    if limit < 0:
        return []
    writes: list[Write] = []
    for key in sorted(by_key) if keys is None else sorted(k for k in keys if k in by_key):
        slot_tasks = by_key[key]
        excess = len(slot_tasks) - max(limit, 1)
        if excess > 0:
            finished = [t for t in slot_tasks if t.state.is_terminal and t.desired_state > LIVE]
            writes += [Delete("tasks", t.id) for t in finished[:excess]]
    return writes
