"""The agent on each swarm node: runs what the dispatcher assigned and reports every state.

A task moves ACCEPTED → PREPARING (pull the image) → READY → STARTING → RUNNING with
seeded durations; then the container does what its command does: ``nginx`` or ``redis``
serve forever, ``false`` exits 1 at once, ``sleep 5`` completes after 5 s, and a bare
``alpine`` (whose shell has no terminal) exits 0 straight away — so it restarts forever,
as on a real swarm. A task with a health check stays STARTING until its container is
healthy, and fails once it is unhealthy (:mod:`.health`). Reports and heartbeats cross the underlay to the leader, so a
partition or a crashed host is felt exactly as the network decides.
"""

from __future__ import annotations

import hashlib
import shlex
from collections.abc import Callable
from dataclasses import dataclass

from ..sim import MILLISECOND, SECOND, Timer, parse_duration
from .health import STOPPED_BY_SIGTERM, UNHEALTHY, check_argv, first_status
from .tasks import ContainerStatus, Task, TaskState

MESSAGES = {
    TaskState.ACCEPTED: "accepted",
    TaskState.PREPARING: "preparing",
    TaskState.READY: "prepared",
    TaskState.STARTING: "starting",
    TaskState.RUNNING: "started",
    TaskState.COMPLETE: "finished",
    TaskState.FAILED: "started",
    TaskState.SHUTDOWN: "shutdown",
}
MEGABYTE = 1_000_000
IMAGE_SIZES = {
    "alpine": 4 * MEGABYTE,
    "busybox": 2 * MEGABYTE,
    "nginx": 70 * MEGABYTE,
    "redis": 45 * MEGABYTE,
    "httpd": 55 * MEGABYTE,
    "postgres": 150 * MEGABYTE,
    "mysql": 160 * MEGABYTE,
    "ubuntu": 30 * MEGABYTE,
    "debian": 50 * MEGABYTE,
}
DEFAULT_IMAGE_SIZE = 50 * MEGABYTE
SHELL_IMAGES = {"alpine", "busybox", "ubuntu", "debian"}  # default command is a shell: exits 0 without a TTY


@dataclass(frozen=True)
class Report:
    """A task's new state, as an agent tells the dispatcher."""

    node_id: str
    task_id: str
    state: TaskState
    message: str
    err: str = ""
    exit_code: int | None = None
    timestamp: int = 0


def assignment_digest(tasks: list[Task]) -> tuple:
    """What identifies one assignment list: each task with its desired state (what an agent acts on;
    the states it reported itself are not news to it)."""
    return tuple((t.id, t.desired_state) for t in tasks)


def image_name(image: str) -> str:
    """``docker.io/library/redis:3.0.7@sha256:…`` → ``redis``."""
    name = image.split("@")[0].rsplit("/", 1)[-1]
    return name.split(":")[0]


def container_exit(task: Task) -> tuple[int, int] | None:
    """(exit code, after ns) for a container that ends by itself, None for one that runs until stopped."""
    spec = task.spec.container_spec
    argv = list(spec.command) + list(spec.args)
    if not argv:
        return (0, 0) if image_name(spec.image) in SHELL_IMAGES else None
    return command_exit(argv)


def command_exit(argv: list[str]) -> tuple[int, int] | None:
    """(exit code, after ns) of a command that ends by itself, None for one that runs until stopped."""
    if argv[0] in ("sh", "bash", "/bin/sh") and len(argv) >= 3 and argv[1] == "-c":
        argv = shlex.split(argv[2]) or ["true"]
    program = argv[0].rsplit("/", 1)[-1]
    if program == "false":
        return (1, 0)
    if program == "true":
        return (0, 0)
    if program == "exit":
        return (_int(argv[1:], 0), 0)
    if program == "sleep" and len(argv) > 1:
        return (0, _sleep(argv[1]))
    return None


def health_outcome(task: Task) -> tuple[bool, int] | None:
    """(healthy, ns after start) of a task's first health status; None without a health check.

    The model of a check command: ``false`` and ``exit N`` (N ≠ 0) fail, anything else passes.
    """
    health = task.spec.container_spec.healthcheck
    argv = check_argv(health)
    if argv is None:
        return None
    ends = command_exit(argv)
    return first_status(health, passes=ends is None or ends[0] == 0)


def _int(args: list[str], default: int) -> int:
    try:
        return int(args[0]) % 256
    except (IndexError, ValueError):
        return default


SLEEP_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}  # busybox (alpine) and coreutils sleep suffixes


def _sleep(text: str) -> int:
    if text == "infinity":
        return 2**62
    number, unit = (text[:-1], SLEEP_UNITS[text[-1]]) if text[-1:] in SLEEP_UNITS else (text, 1)
    try:
        return round(float(number) * unit * SECOND)
    except ValueError:
        try:
            return parse_duration(text)
        except ValueError:
            return 0


class Agent:
    """The worker side of one node: its local tasks, their timers, its image cache and heartbeats."""

    def __init__(self, swarm, host: str, node_id: str) -> None:
        self.swarm = swarm
        self.sim = swarm.sim
        self.host = host
        self.node_id = node_id
        self.rng = self.sim.rng(f"agent:{host}")
        self.tasks: dict[str, Task] = {}
        self.states: dict[str, TaskState] = {}
        self.reports: dict[str, Report] = {}  # each task's latest report, sent again with every heartbeat
        self.timers: dict[str, Timer] = {}
        self.images: set[str] = set()
        self.stopping: set[str] = set()
        self.heartbeat_timer: Timer | None = None
        self.applied: tuple | None = None  # digest of the last assignment list acted on
        self.running = False

    # -- life of the agent ----------------------------------------------------------
    def start(self) -> None:
        """The node's engine (re)starts: containers from before are gone; heartbeats begin."""
        self.running = True
        self.applied = None
        self.reports.clear()
        self.tasks.clear()
        self.states.clear()
        self._heartbeat()

    def stop(self) -> None:
        """The host crashed or left: every timer stops, every container dies with it."""
        self.running = False
        self.stopping.clear()
        for timer in self.timers.values():
            self.sim.cancel(timer)
        self.timers.clear()
        if self.heartbeat_timer is not None:
            self.sim.cancel(self.heartbeat_timer)
            self.heartbeat_timer = None

    def _heartbeat(self) -> None:
        period = self.swarm.heartbeat_period()
        epsilon = 500 * MILLISECOND
        self.swarm.send_heartbeat(self)
        jittered = period - epsilon + self.rng.randrange(2 * epsilon + 1)
        self.heartbeat_timer = self.sim.schedule(jittered, self._heartbeat)

    # -- assignments ----------------------------------------------------------------
    def assign(self, tasks: list[Task]) -> None:
        """The dispatcher's full list of this node's tasks: start new ones, stop unwanted ones."""
        if not self.running:
            return
        self.applied = assignment_digest(tasks)
        wanted = {task.id: task for task in tasks}
        for task_id in [t for t in self.tasks if t not in wanted]:
            self._stop(task_id, forget=True)
        for task in tasks:
            known = self.tasks.get(task.id)
            self.tasks[task.id] = task
            if task.desired_state > TaskState.RUNNING:
                if task.state < TaskState.COMPLETE and self.states.get(task.id, TaskState.NEW) < TaskState.COMPLETE:
                    self._stop(task.id)  # also one never started here: assigned, or its container died with the engine
            elif known is None and task.id not in self.states:
                if task.state >= TaskState.ACCEPTED:  # started before this engine restarted: its container is gone
                    self._move(task.id, TaskState.FAILED, err="task: non-zero exit (255)", exit_code=255)
                    continue
                self._move(task.id, TaskState.ACCEPTED)
                self._later(task.id, self._delay(1, 5), self._prepare, task.id)

    def _prepare(self, task_id: str) -> None:
        task = self.tasks[task_id]
        self._move(task_id, TaskState.PREPARING)
        image = task.spec.container_spec.image
        name = image_name(image)
        if image in self.images:
            pull = self._delay(100, 400)
        else:
            size = IMAGE_SIZES.get(name, DEFAULT_IMAGE_SIZE)
            bandwidth = self.rng.uniform(20, 60) * MEGABYTE  # bytes per second from the registry
            pull = self._delay(200, 500) + round(size / bandwidth * SECOND)
            self.images.add(image)
        self._later(task_id, pull, self._ready, task_id)

    def _ready(self, task_id: str) -> None:
        self._move(task_id, TaskState.READY)
        self._later(task_id, self._delay(10, 50), self._starting, task_id)

    def _starting(self, task_id: str) -> None:
        self._move(task_id, TaskState.STARTING)
        self._later(task_id, self._delay(200, 700), self._run, task_id)

    def _run(self, task_id: str) -> None:
        """The container started: it runs — or, with a health check, stays STARTING until its
        first health status, unless it exits before."""
        task = self.tasks[task_id]
        ends = container_exit(task)
        health = health_outcome(task)
        if health is not None and (ends is None or health[1] <= ends[1]):
            healthy, after = health
            rest = None if ends is None else (ends[0], ends[1] - after)
            self._later(task_id, after, self._health, task_id, healthy, rest)
            return
        if health is None:
            self._move(task_id, TaskState.RUNNING)
        if ends is not None:
            self._later(task_id, ends[1], self._exit, task_id, ends[0])

    def _health(self, task_id: str, healthy: bool, ends: tuple[int, int] | None) -> None:
        """The first health status: healthy runs the task; unhealthy makes the executor stop the
        container, which exits on the stop signal, and the task fails."""
        task = self.tasks[task_id]
        status = "healthy" if healthy else "unhealthy"
        self.sim.emit("container.health_status", _container_id(task), status=status, host=self.host, task=task_id)
        if not healthy:
            self._later(task_id, self._delay(50, 300), self._exit, task_id, STOPPED_BY_SIGTERM, UNHEALTHY)
            return
        self._move(task_id, TaskState.RUNNING)
        if ends is not None:
            self._later(task_id, ends[1], self._exit, task_id, ends[0])

    def _exit(self, task_id: str, code: int, cause: str = "") -> None:
        if code == 0:
            self._move(task_id, TaskState.COMPLETE, exit_code=0)
        else:
            err = f"task: non-zero exit ({code})" + (f": {cause}" if cause else "")
            self._move(task_id, TaskState.FAILED, err=err, exit_code=code)

    def _stop(self, task_id: str, forget: bool = False) -> None:
        if task_id in self.stopping:
            return
        timer = self.timers.pop(task_id, None)
        if timer is not None:
            self.sim.cancel(timer)
        state = self.states.get(task_id)
        if state is None or state < TaskState.COMPLETE:
            grace = self._delay(50, 300) if state == TaskState.RUNNING else 0
            self.stopping.add(task_id)
            self._later(task_id, grace, self._shut, task_id, forget)
        elif forget:
            self.states.pop(task_id, None)
            self.tasks.pop(task_id, None)
            self.reports.pop(task_id, None)

    def _shut(self, task_id: str, forget: bool) -> None:
        self.stopping.discard(task_id)
        self._move(task_id, TaskState.SHUTDOWN, exit_code=0 if self.states.get(task_id) else None)
        if forget:
            self.states.pop(task_id, None)
            self.tasks.pop(task_id, None)
            self.reports.pop(task_id, None)

    # -- helpers --------------------------------------------------------------------
    def _delay(self, low_ms: int, high_ms: int) -> int:
        return self.rng.randrange(low_ms * MILLISECOND, high_ms * MILLISECOND + 1)

    def _later(self, task_id: str, delay: int, callback: Callable[..., None], *args) -> None:
        self.timers[task_id] = self.sim.schedule(delay, self._fire, task_id, callback, args)

    def _fire(self, task_id: str, callback: Callable[..., None], args: tuple) -> None:
        self.timers.pop(task_id, None)
        callback(*args)

    def _move(self, task_id: str, state: TaskState, err: str = "", exit_code: int | None = None) -> None:
        failed_starting = state == TaskState.FAILED and self.states.get(task_id) == TaskState.STARTING
        message = MESSAGES[TaskState.STARTING if failed_starting else state]  # a failed start keeps "starting"
        self.states[task_id] = state
        report = Report(self.node_id, task_id, state, message, err, exit_code, self.sim.now)
        self.reports[task_id] = report
        self.swarm.send_report(self, report)


def container_status(task: Task, report: Report) -> ContainerStatus | None:
    """The container facts a report adds to a task (its ID once it exists, its exit code once it ends)."""
    if report.state < TaskState.READY and task.status.container_status is None:
        return None
    previous = task.status.container_status
    container_id = previous.container_id if previous else _container_id(task)
    pid = 0 if report.state >= TaskState.COMPLETE else (previous.pid if previous and previous.pid else 0)
    if report.state == TaskState.RUNNING:
        pid = 1000 + int(task.id[:6], 36) % 30000
    return ContainerStatus(container_id, pid, report.exit_code or 0)


def _container_id(task: Task) -> str:
    """A stable 64-hex container ID derived from the task ID (docker's IDs are random; ours are seeded)."""
    return hashlib.sha256(f"container:{task.id}".encode()).hexdigest()
