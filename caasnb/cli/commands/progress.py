"""Waiting for a service to converge, as ``docker service create|update|scale|rollback`` do.

docker's ``progress.ServiceProgress`` polls the daemon every 200 ms (here: 200 ms of
simulated time, the simulation advancing between polls) and writes ID-keyed progress
lines that a terminal redraws in place. A notebook cell has no terminal, so the command
prints the **final screen**: each ID's line once, where it first appeared, showing its
last value (``1/3: running   [====...>]``); trailing blanks are dropped and no ANSI
escapes are written. Lines without an ID (``rollback: ...`` messages) start a new block,
as docker's ``jsonmessage`` display does. Progress bars are drawn as on a terminal wider
than 110 columns. Slots are numbered in slot order (docker walks a Go map).

A service that has not converged after :data:`PATIENCE` of simulated time is left as if
the user pressed Ctrl-C: docker then prints that the operation continues in the
background and exits 0.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...errors import ClientError
from ...sim.durations import MILLISECOND, SECOND
from ..display import truncate_id
from ..invocation import Invocation
from .client import Client, filters_query

POLL = 200 * MILLISECOND
PATIENCE = 300 * SECOND
MAX_PROGRESS = 9
MAX_PROGRESS_BARS = 20
LONGEST_STATE = len("preparing")
NUMBERED_STATES = {
    state: number
    for number, state in enumerate(
        ("new", "allocated", "pending", "assigned", "accepted", "preparing", "ready", "starting", "running")
        + ("complete", "shutdown", "failed", "rejected"),
        start=1,
    )
}
RUNNING = NUMBERED_STATES["running"]


def _terminal(state: str) -> bool:
    return NUMBERED_STATES.get(state, 0) > RUNNING


def bar(current: int, total: int, units: str = "") -> str:
    """``JSONProgress.String`` on a wide terminal: ``[=====>      ] `` (counts hidden), or with
    ``units`` ``[=====>      ] 1/3 nodes``."""
    if current <= 0 and total <= 0:
        return ""
    filled = min(int(current / total * 100) // 2, 50)
    counts = "" if not units else f"{current} {units}" if current > total else f"{current}/{total} {units}"
    return f"[{'=' * filled}>{' ' * (50 - filled)}] {counts}"


@dataclass
class Screen:
    """What a terminal shows of docker's progress stream once it ends."""

    lines: list[str] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)

    def progress(self, ident: str, action: str, current: int = 0, total: int = 0, units: str = "") -> None:
        """A progress line: drawn below the others the first time, rewritten in place afterwards."""
        text = f"{ident}: {action} {bar(current, total, units)}".rstrip()
        if ident in self.rows:
            self.lines[self.rows[ident]] = text
        else:
            self.rows[ident] = len(self.lines)
            self.lines.append(text)

    def message(self, text: str) -> None:
        """A plain line: printed once; later progress lines go below it."""
        self.rows = {}
        self.lines.append(text)

    def text(self) -> str:
        return "".join(line + "\n" for line in self.lines)


def _trunc_error(message: str) -> str:
    message = message.replace("\n", " ")
    return message[:74] + "…" if len(message.encode()) > 75 else message


def _task_line(screen: Screen, ident: str, task: dict) -> None:
    """``writeTaskProgress``: the task's error, or its state with a bar while it is not finished."""
    status = task["Status"]
    if status.get("Err"):
        screen.progress(ident, _trunc_error(status["Err"]))
    elif not _terminal(task["DesiredState"]) and not _terminal(status["State"]):
        state = status["State"]
        screen.progress(ident, f"{state:<{LONGEST_STATE}}", NUMBERED_STATES[state], MAX_PROGRESS)


def _overall(screen: Screen, running: int, total: int, rollback: bool) -> None:
    what = f"rolling back update: {running} out of {total} tasks" if rollback else f"{running} out of {total} tasks"
    screen.progress("overall progress", what)


def _prefer(existing: dict | None, task: dict) -> bool:
    """Whether ``task`` replaces ``existing`` for its slot: lower desired state, then lower observed state."""
    if existing is None:
        return True
    old, new = NUMBERED_STATES[existing["DesiredState"]], NUMBERED_STATES[task["DesiredState"]]
    if old != new:
        return new < old
    return NUMBERED_STATES[task["Status"]["State"]] < NUMBERED_STATES[existing["Status"]["State"]]


def _known(task: dict) -> bool:
    return NUMBERED_STATES.get(task["DesiredState"], 0) > 0 and NUMBERED_STATES.get(task["Status"]["State"], 0) > 0


@dataclass
class ReplicatedProgress:
    """``replicatedProgressUpdater``: one bar per slot (up to 20 replicas) and the overall count."""

    screen: Screen
    slots: dict[int, int] = field(default_factory=dict)
    initialized: bool = False
    done: bool = False

    def update(self, service: dict, tasks: list[dict], active: set[str], rollback: bool) -> bool:
        replicas = service["Spec"]["Mode"]["Replicated"]["Replicas"]
        if not self.initialized:
            _overall(self.screen, 0, replicas, rollback)
            if replicas <= MAX_PROGRESS_BARS:
                for slot in range(1, replicas + 1):
                    self.screen.progress(f"{slot}/{replicas}", " ")
            self.initialized = True
        by_slot: dict[int, dict] = {}
        for task in tasks:
            slot = task.get("Slot", 0)
            if not _known(task) or not _prefer(by_slot.get(slot), task):
                continue
            if task.get("NodeID") and task["NodeID"] not in active:
                continue
            by_slot[slot] = task
        if self.done and any(task["Status"]["State"] != "running" for task in by_slot.values()):
            self.done = False
        running = 0
        for slot in sorted(by_slot):
            task = by_slot[slot]
            mapped = self.slots.setdefault(slot, len(self.slots) + 1)
            if not _terminal(task["DesiredState"]) and task["Status"]["State"] == "running":
                running += 1
            if not self.done and replicas <= MAX_PROGRESS_BARS and mapped <= replicas:
                _task_line(self.screen, f"{mapped}/{replicas}", task)
        if not self.done:
            _overall(self.screen, running, replicas, rollback)
            self.done = running == replicas
        return running == replicas


@dataclass
class GlobalProgress:
    """``globalProgressUpdater``: one bar per node (up to 20 nodes) and the overall count."""

    screen: Screen
    initialized: bool = False
    done: bool = False

    def update(self, service: dict, tasks: list[dict], active: set[str], rollback: bool) -> bool:
        by_node: dict[str, dict] = {}
        for task in tasks:
            node = task.get("NodeID", "")
            if _known(task) and _prefer(by_node.get(node), task):
                by_node[node] = task
        count = len(by_node)
        if not self.initialized:
            if count == 0:
                self.screen.progress("overall progress", "waiting for new tasks")
                return False
            _overall(self.screen, 0, count, rollback)
            self.initialized = True
        if self.done and any(task["Status"]["State"] != "running" for task in by_node.values()):
            self.done = False
        running = 0
        for node in sorted(by_node):
            task = by_node[node]
            if node not in active:
                continue
            if not _terminal(task["DesiredState"]) and task["Status"]["State"] == "running":
                running += 1
            if not self.done and count <= MAX_PROGRESS_BARS:
                _task_line(self.screen, truncate_id(node), task)
        if not self.done:
            _overall(self.screen, running, count, rollback)
            self.done = running == count
        return running == count


def _updater(service: dict, screen: Screen) -> ReplicatedProgress | GlobalProgress:
    mode = service["Spec"]["Mode"]
    if "Replicas" in mode.get("Replicated", {}):
        return ReplicatedProgress(screen)
    if "Global" in mode:
        return GlobalProgress(screen)
    raise ClientError("unrecognized service mode")


@dataclass
class Watch:
    """One run of ``ServiceProgress`` for one service."""

    client: Client
    service_id: str
    screen: Screen = field(default_factory=Screen)
    converged_at: int | None = None
    rollback: bool = False
    message: str = ""

    def run(self) -> None:
        """Poll until the service converges (or its update pauses, or patience runs out)."""
        client, screen, updater = self.client, self.screen, None
        monitor, converged = 5 * SECOND, False
        give_up = client.sim.now + PATIENCE
        while True:
            service = client.get(f"/services/{self.service_id}")
            monitor = (service["Spec"].get("UpdateConfig") or {}).get("Monitor") or monitor
            updater = updater or _updater(service, screen)
            if self._status(service, converged):
                return
            if converged and client.now() - self.converged_at >= monitor:
                screen.progress("verify", f"Service {self.service_id} converged")
                if self.message:
                    screen.message(self.message)
                return
            filters = {"service": [service["ID"]], "_up-to-date": ["true"]}
            tasks = client.get("/tasks", filters_query(filters))
            active = {node["ID"] for node in client.get("/nodes") if node["Status"]["State"] != "down"}
            converged = updater.update(service, tasks, active, self.rollback)
            self._verify(converged, monitor)
            if client.sim.now >= give_up:
                if not converged:
                    screen.message("Operation continuing in background.")
                    screen.message(f"Use `docker service ps {self.service_id}` to check progress.")
                return
            client.sleep(POLL)

    def _status(self, service: dict, converged: bool) -> bool:
        """React to the service's ``UpdateStatus``; True when the wait is over."""
        status = service.get("UpdateStatus") or {}
        state, message = status.get("State", ""), status.get("Message", "")
        if state == "updating":
            self.rollback = False
        elif state == "completed":
            return not converged
        elif state == "paused":
            raise ClientError(f"service update paused: {message}")
        elif state == "rollback_started":
            if not self.rollback and message:
                self.screen.progress("rollback", message)
            self.rollback = True
        elif state == "rollback_paused":
            raise ClientError(f"service rollback paused: {message}")
        elif state == "rollback_completed":
            if not converged:
                self.message = f"rollback: {message}"
            self.rollback = True
        return False

    def _verify(self, converged: bool, monitor: int) -> None:
        now = self.client.now()
        if converged:
            self.converged_at = self.converged_at or now
            wait = monitor - (now - self.converged_at)
            if wait >= 0:
                self.screen.progress(
                    "verify", f"Waiting {wait // SECOND + 1} seconds to verify that tasks are stable..."
                )
        else:
            if self.converged_at is not None:
                self.screen.progress("verify", "Detected task failure")
            self.converged_at = None


def wait_on_service(invocation: Invocation, client: Client, service_id: str, quiet: bool) -> None:
    """docker's ``WaitOnService``: print the final progress screen (nothing with ``--quiet``), even when it fails."""
    watch = Watch(client, service_id)
    try:
        watch.run()
    finally:
        if not quiet:
            invocation.out.write(watch.screen.text())
