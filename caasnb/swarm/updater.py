"""Rolling updates and rollbacks, the way swarmkit's updater does them.

While a service's ``UpdateStatus`` says ``updating`` (or ``rollback_started``), the leader
replaces its out-of-date tasks ``Parallelism`` slots at a time (0: all at once). With
``stop-first`` the old task is shut down and the orchestrator starts the new one in its
slot once the old one has stopped; with ``start-first`` the new task starts first and the
old one stops when it runs. Once a batch runs, the updater waits ``Delay`` before the
next, and watches every new task for ``Monitor``: a task that fails in that window counts
as a failure, and when failures exceed ``MaxFailureRatio`` of all the slots the update
replaces (not just of those replaced so far) the ``FailureAction`` happens —
pause, continue, or roll back to the previous spec (with ``RollbackConfig``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .orchestrator import new_task
from .records import Service, UpdateStatus
from .spec.service import Global, UpdateConfig
from .store import Put, Store, Write
from .tasks import Task, TaskState, _evolve

UPDATING, PAUSED, COMPLETED = "updating", "paused", "completed"
ROLLBACK_STARTED, ROLLBACK_PAUSED, ROLLBACK_COMPLETED = "rollback_started", "rollback_paused", "rollback_completed"
ACTIVE = (UPDATING, ROLLBACK_STARTED)
FAILED_STATES = (TaskState.FAILED, TaskState.REJECTED, TaskState.COMPLETE, TaskState.SHUTDOWN)


@dataclass
class Run:
    """One update of one service in progress: the batch being replaced, the tasks under watch."""

    stamp: tuple[str, int]
    batch: list[str] = field(default_factory=list)  # slot keys being replaced now
    next_batch_at: int = 0
    watching: dict[str, int] = field(default_factory=dict)  # task id -> end of its monitor window
    total: int | None = None  # dirty slots when the update started: MaxFailureRatio's denominator
    failures: int = 0
    failed_task: str = ""
    finish_at: int | None = None  # end of the final monitoring period


class Updater:
    """The leader's updater: one :class:`Run` per service being updated or rolled back."""

    def __init__(self, swarm) -> None:
        self.swarm = swarm
        self.runs: dict[str, Run] = {}

    def step(self, store: Store, now: int) -> list[Write]:
        """The writes that move every update along (or finish it, or act on its failures)."""
        writes: list[Write] = []
        for service in sorted(store.services.values(), key=lambda s: s.id):
            status = service.update_status
            if status is None or status.state not in ACTIVE:
                self.runs.pop(service.id, None)
                continue
            run = self.runs.get(service.id)
            if run is None or run.stamp != _spec_stamp(service, status):
                run = self.runs[service.id] = Run(_spec_stamp(service, status))
            writes += self._advance(store, service, run, now)
        return writes

    def _advance(self, store: Store, service: Service, run: Run, now: int) -> list[Write]:
        rolling_back = service.update_status.state == ROLLBACK_STARTED
        config = service.spec.rollback_config if rolling_back else (service.spec.update_config or UpdateConfig())
        slots = _slots(store, service)
        dirty = [key for key in sorted(slots, key=_slot_order) if _outdated(slots[key], service)]
        if run.total is None:
            run.total = len(dirty)
        self._watch(store, run, now)
        if run.failures and run.failures / run.total > config.max_failure_ratio:
            action = config.failure_action
            if action == "pause" or (action == "rollback" and rolling_back):
                return [Put(self._paused(service, run, rolling_back, now))]
            if action == "rollback":
                return [Put(self._rollback(service, run, now))]
            run.failures = 0  # continue: note it and go on
        if run.batch and config.order == "start-first":
            stops = [
                Put(_evolve(t, desired_state=TaskState.SHUTDOWN, updated_at=now))
                for key in run.batch
                for t in _replaced_by_running(slots.get(key, []), service)
            ]
            if stops:
                return stops
        if run.batch:
            if not all(_settled(slots.get(key, []), service) for key in run.batch):
                return []
            for key in run.batch:
                newest = _newest(slots.get(key, []), service)
                if newest is not None:
                    run.watching[newest.id] = now + config.monitor
            run.batch = []
            run.next_batch_at = now + config.delay
        if now < run.next_batch_at:
            self.swarm.wake(run.next_batch_at - now)
            return []
        if not dirty:
            if (
                run.finish_at is None
            ):  # swarmkit watches one more Monitor period once the last batch (and its delay) is done
                run.finish_at = now + config.monitor if run.total else now  # nothing to replace: done at once
            if now < run.finish_at:
                self.swarm.wake(run.finish_at - now)
                return []
            state = ROLLBACK_COMPLETED if rolling_back else COMPLETED
            message = "rollback completed" if rolling_back else "update completed"
            done = UpdateStatus(state, service.update_status.started_at, now, message)
            return [Put(_evolve(service, update_status=done, updated_at=now))]
        batch = dirty if config.parallelism == 0 else dirty[: config.parallelism]
        run.batch = batch
        writes: list[Write] = []
        for key in batch:
            for task in slots[key]:
                if _wanted(task) and task.spec != service.spec.task_template:
                    if config.order == "start-first" and _live(task):
                        continue  # stopped once its replacement runs (see _settled)
                    writes.append(Put(_evolve(task, desired_state=TaskState.SHUTDOWN, updated_at=now)))
            if config.order == "start-first":
                slot = int(key) if key.isdigit() else 0
                node_id = "" if slot else key
                writes.append(Put(new_task(service, now, self.swarm.rng, slot=slot, node_id=node_id, store=store)))
        return writes

    def _watch(self, store: Store, run: Run, now: int) -> None:
        for task_id, until in sorted(run.watching.items()):
            task = store.tasks.get(task_id)
            if task is None or now >= until:
                run.watching.pop(task_id)
                continue
            if task.state in FAILED_STATES and (_wanted(task) or task.state != TaskState.SHUTDOWN):
                run.watching.pop(task_id)
                run.failures += 1
                run.failed_task = task_id

    def _paused(self, service: Service, run: Run, rolling_back: bool, now: int) -> Service:
        state, what = (ROLLBACK_PAUSED, "rollback") if rolling_back else (PAUSED, "update")
        message = f"{what} paused due to failure or early termination of task {run.failed_task}"
        self.runs.pop(service.id, None)
        status = UpdateStatus(state, service.update_status.started_at, None, message)
        return _evolve(service, update_status=status, updated_at=now)

    def _rollback(self, service: Service, run: Run, now: int) -> Service:
        self.runs.pop(service.id, None)
        message = f"update rolled back due to failure or early termination of task {run.failed_task}"
        status = UpdateStatus(ROLLBACK_STARTED, now, None, message)
        spec = service.previous_spec or service.spec
        return _evolve(service, spec=spec, previous_spec=service.spec, update_status=status, updated_at=now)


def _spec_stamp(service: Service, status: UpdateStatus) -> tuple[str, int]:
    """Identifies one update or rollback: every new one starts at a new time."""
    return (status.state, status.started_at)


def _wanted(task: Task) -> bool:
    """Still wanted running, whether or not it has ended (a failed task awaiting its restart)."""
    return task.desired_state <= TaskState.RUNNING


def _live(task: Task) -> bool:
    return _wanted(task) and not task.state.is_terminal


def _slot_key(task: Task) -> str:
    return str(task.slot) if task.slot else task.node_id


def _slot_order(key: str) -> tuple[int, str]:
    return (int(key), "") if key.isdigit() else (0, key)


def _slots(store: Store, service: Service) -> dict[str, list[Task]]:
    slots: dict[str, list[Task]] = {}
    for task in sorted(store.service_tasks(service.id), key=lambda t: (t.created_at, t.id)):
        slots.setdefault(_slot_key(task), []).append(task)
    wanted = None if isinstance(service.spec.mode, Global) else getattr(service.spec.mode, "replicas", 0)
    return {k: v for k, v in slots.items() if wanted is None or not k.isdigit() or int(k) <= wanted}


def _outdated(tasks: list[Task], service: Service) -> bool:
    """A dirty slot (swarmkit's ``isSlotDirty`` over the slot's runnable tasks): a task of an older
    spec is still wanted running — running, about to run, or ended and awaiting its restart."""
    return any(_wanted(t) and t.spec != service.spec.task_template for t in tasks)


def _newest(tasks: list[Task], service: Service) -> Task | None:
    """The slot's newest task of the current spec made since this update (or rollback) started."""
    since = service.update_status.started_at
    fresh = [t for t in tasks if t.spec == service.spec.task_template and t.created_at >= since]
    return fresh[-1] if fresh else None


def _settled(tasks: list[Task], service: Service) -> bool:
    """The slot's new task already ended, or runs with no old task of the slot still live."""
    newest = _newest(tasks, service)
    if newest is None:
        return False
    if newest.state.is_terminal:
        return True
    return newest.state == TaskState.RUNNING and not _outdated(tasks, service)


def _replaced_by_running(tasks: list[Task], service: Service) -> list[Task]:
    """Start-first: the old live tasks of a slot whose new task now runs."""
    newest = _newest(tasks, service)
    if newest is None or newest.state != TaskState.RUNNING:
        return []
    return [t for t in tasks if _live(t) and t.spec != service.spec.task_template]
