"""The agent on each swarm node: runs what the dispatcher assigned and reports every state.

A task moves ACCEPTED → PREPARING (pull the image) → READY (its container is created on the
node's :class:`~caasnb.containers.ContainerRuntime`, named ``SERVICE.SLOT.TASKID`` with the
``com.docker.swarm.*`` labels) → STARTING (the container starts) → RUNNING, with seeded
durations. Then the container does what its command does (:mod:`caasnb.containers.process`):
``nginx`` serves until stopped, ``false`` exits 1, a bare ``alpine`` shell exits 0 at once (so
it restarts forever, as on a real swarm), and the agent reports its exit as COMPLETE or FAILED
(``task: non-zero exit (137)`` after a ``docker kill``). A task with a health check stays
STARTING until its container is healthy, and fails once it is unhealthy (:mod:`.health`).
Reports and heartbeats cross the underlay to the leader, so a partition or a crashed host is
felt exactly as the network decides.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..errors import DockerError
from ..images import no_such_image
from ..registry import decode_auth
from ..sim import MILLISECOND, SECOND, Timer
from .health import UNHEALTHY
from .tasks import ContainerStatus, Task, TaskState

MESSAGES = {
    TaskState.ACCEPTED: "accepted",
    TaskState.PREPARING: "preparing",
    TaskState.READY: "prepared",
    TaskState.STARTING: "starting",
    TaskState.RUNNING: "started",
    TaskState.COMPLETE: "finished",
    TaskState.FAILED: "started",
    TaskState.REJECTED: "preparing",
    TaskState.SHUTDOWN: "shutdown",
}


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
    pid: int = 0


def assignment_digest(tasks: list[Task]) -> tuple:
    """What identifies one assignment list: each task with its desired state (what an agent acts on;
    the states it reported itself are not news to it)."""
    return tuple((t.id, t.desired_state) for t in tasks)


def container_body(task: Task, networks: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The ``ContainerCreateRequest`` swarmkit's executor makes of a task (moby ``executor/container``)."""
    spec = task.spec.container_spec
    labels = {
        **spec.labels,
        "com.docker.swarm.node.id": task.node_id,
        "com.docker.swarm.service.id": task.service_id,
        "com.docker.swarm.service.name": task.service_name,
        "com.docker.swarm.task": "",
        "com.docker.swarm.task.id": task.id,
        "com.docker.swarm.task.name": task.name,
    }
    body: dict[str, Any] = {
        "Image": spec.image,
        "Labels": labels,
        "Env": list(spec.env) or None,
        "Hostname": spec.hostname,
        "WorkingDir": spec.dir,
        "User": spec.user,
        "Tty": spec.tty,
        "StopSignal": spec.stop_signal,
        "StopTimeout": spec.stop_grace_period // SECOND,
        "Healthcheck": spec.healthcheck.to_api() if spec.healthcheck else None,
        "HostConfig": {"Init": spec.init, "NetworkMode": "default" if not networks else next(iter(networks))},
        "NetworkingConfig": {"EndpointsConfig": networks},
    }
    host_ports = [p for p in task.endpoint_ports if p.publish_mode == "host"]
    if host_ports:  # the executor's ``portBindings``: host-mode ports bind on the node itself
        body["HostConfig"]["PortBindings"] = {
            f"{p.target_port}/{p.protocol}": [{"HostPort": str(p.published_port) if p.published_port else ""}]
            for p in host_ports
        }
    if spec.mounts:  # the executor's ``HostConfig.Mounts``: a missing volume is created on this node
        body["HostConfig"]["Mounts"] = [mount.to_api() for mount in spec.mounts]
    if task.log_driver is not None:  # the executor's ``HostConfig.LogConfig`` from the task's LogDriver
        body["HostConfig"]["LogConfig"] = {"Type": task.log_driver.name, "Config": task.log_driver.options}
    if spec.command:
        body["Entrypoint"] = list(spec.command)
    if spec.args:
        body["Cmd"] = list(spec.args)
    return body


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
        self.images = swarm.cluster.daemons[host].images
        self.stopping: dict[str, bool] = {}  # tasks being shut down, and whether to forget them then
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
        if self.images.lookup(image) is not None:
            pull = self._delay(100, 400)
        else:
            try:
                auth = decode_auth(task.spec.container_spec.registry_auth)
                pull = self.images.pull(image, auth, rng=self.rng)[1]
            except DockerError:  # the executor logs the failed pull; creating the container then fails
                self._move(task_id, TaskState.REJECTED, err=str(no_such_image(image)))
                return
        self._later(task_id, pull, self._ready, task_id)

    def _ready(self, task_id: str) -> None:
        task = self.tasks[task_id]
        runtime = self.swarm.cluster.daemons[self.host].containers
        try:
            runtime.create(
                container_body(task, self._networks(task)), task.container_name, task_id=task_id,
                container_id=_container_id(task),
            )  # fmt: skip
        except DockerError as error:
            self._move(task_id, TaskState.REJECTED, err=str(error))
            return
        runtime.watch(_container_id(task), self._container_event)
        self._move(task_id, TaskState.READY)
        self._later(task_id, self._delay(10, 50), self._starting, task_id)

    def _starting(self, task_id: str) -> None:
        self._move(task_id, TaskState.STARTING)
        self._later(task_id, self._delay(200, 700), self._run, task_id)

    def _networks(self, task: Task) -> dict[str, dict[str, Any]]:
        """The swarm networks the task's container joins (installed here), with the service's name as alias."""
        swarm_networks = self.swarm.cluster.swarm_networks
        controller = self.swarm.cluster.daemons[self.host].networks.controller
        wanted = [(a.target, a.aliases) for a in task.spec.networks]
        if any(p.publish_mode == "ingress" for p in task.endpoint_ports) and swarm_networks.ingress() is not None:
            wanted.insert(0, (swarm_networks.ingress().id, ()))
        chosen = {}
        for target, aliases in wanted:
            network = next((n for n in swarm_networks.networks.values() if target in (n.id, n.name)), None)
            if network is None:
                continue
            if network.id not in controller.networks:
                controller.install(network)
            chosen[network.id] = {"Aliases": [task.service_name, *aliases] if not network.ingress else []}
        return chosen

    def _run(self, task_id: str) -> None:
        """Start the container: it runs — or, with a health check, stays STARTING until its first health status."""
        task = self.tasks[task_id]
        runtime = self.swarm.cluster.daemons[self.host].containers
        try:
            runtime.start(_container_id(task), managed=True)
        except DockerError as error:
            self._move(task_id, TaskState.FAILED, err=f"starting container failed: {error}", exit_code=128)
            return
        container = runtime.get(_container_id(task))
        if container.health is None and container.status == "running":
            self._move(task_id, TaskState.RUNNING)

    def _container_event(self, kind: str, container) -> None:
        """The runtime's news of a task's container: its first health status, or its exit."""
        task_id = container.task_id
        if not self.running or task_id not in self.tasks:
            return
        if kind == "health":
            if container.health.status == "healthy":
                if self.states.get(task_id) == TaskState.STARTING:
                    self._move(task_id, TaskState.RUNNING)
            elif task_id not in self.stopping:
                self._later(task_id, self._delay(50, 300), self._kill_unhealthy, task_id)
            return
        if container.status == "restarting":
            return
        if task_id in self.stopping:
            self._shut(task_id, self.stopping[task_id])
        elif self.states.get(task_id, TaskState.NEW) < TaskState.COMPLETE:
            cause = UNHEALTHY if container.health is not None and container.health.status == "unhealthy" else ""
            self._exit(task_id, container.exit_code, cause)

    def _kill_unhealthy(self, task_id: str) -> None:
        """The executor stops an unhealthy container with SIGTERM; its exit fails the task."""
        runtime = self.swarm.cluster.daemons[self.host].containers
        runtime.kill(_container_id(self.tasks[task_id]), "TERM")

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
            self.stopping[task_id] = forget
            self._later(task_id, grace, self._stop_container, task_id, forget)
        elif forget:
            self._forget(task_id)

    def _stop_container(self, task_id: str, forget: bool) -> None:
        """The executor's shutdown: the stop signal, SIGKILL after the stop grace period; SHUTDOWN once it exited."""
        runtime = self.swarm.cluster.daemons[self.host].containers
        task = self.tasks[task_id]
        container = runtime.containers.get(_container_id(task))
        if container is not None and container.status in ("running", "paused"):
            runtime.stop(container.id, timeout=task.spec.container_spec.stop_grace_period // SECOND)
            return  # the container's exit finishes the shutdown
        self._shut(task_id, forget)

    def _shut(self, task_id: str, forget: bool) -> None:
        self.stopping.pop(task_id, None)
        container = self._container(task_id)
        started = container is not None and container.started_at is not None
        self._move(task_id, TaskState.SHUTDOWN, exit_code=container.exit_code if started else None)
        if forget:
            self._forget(task_id)

    def _forget(self, task_id: str) -> None:
        """The task left this node's assignments: drop it, and its container."""
        container = self._container(task_id)
        if container is not None:
            self.swarm.cluster.daemons[self.host].containers.remove(container.id, force=True)
        self.states.pop(task_id, None)
        self.tasks.pop(task_id, None)
        self.reports.pop(task_id, None)

    def _container(self, task_id: str):
        task = self.tasks.get(task_id)
        if task is None:
            return None
        return self.swarm.cluster.daemons[self.host].containers.containers.get(_container_id(task))

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
        container = self._container(task_id)
        pid = container.pid if container is not None else 0
        report = Report(self.node_id, task_id, state, message, err, exit_code, self.sim.now, pid)
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
        pid = report.pid
    return ContainerStatus(container_id, pid, report.exit_code or 0)


def _container_id(task: Task) -> str:
    """The task's container ID: 64 hex derived from the task ID (docker's are random; this one is seeded and stable)."""
    return hashlib.sha256(f"container:{task.id}".encode()).hexdigest()
