"""``ContainerRuntime``: one host's containers, driven as its dockerd drives them (moby ``daemon/``).

Methods take and give Engine API shapes (``create(body, name)`` → ``{"Id", "Warnings"}``,
``inspect`` → ``ContainerInspectResponse``...) and raise Docker's errors, changing nothing when
they do. Nothing here waits: ``stop`` sends the stop signal and, when the process ignores it,
schedules the ``SIGKILL`` after the timeout; callers that must block (the Engine API's stop,
restart and wait) run the simulation until :meth:`settled`. What a process does comes from
:mod:`.process`; its short commands run through :mod:`.commands`. Every change emits one
``container.*`` event with moby's attributes (``name``, ``image``, ``exitCode`` on die,
``signal`` on kill) plus the container's labels and ``host``.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable
from typing import Any

from ..errors import Conflict, DockerError, Forbidden, InvalidArgument, NotFound
from ..observe import ContainerInfo, LogConfig, write_output
from ..observe.crashes import CRASH_AFTER, boot_failure
from ..observe.logconfig import check as check_log_config
from ..observe.programs import program_of
from ..sim import EPOCH_NS, SECOND, Timer
from . import commands, networking
from .container import Container, Health, Process
from .filesystem import Filesystem
from .filters import prunable, select
from .health import check_argv, first_status
from .images import resolve_image
from .mounts import HostPath, mount_all, remove_anonymous
from .names import check_name, random_id, random_name
from .process import (
    SIGKILL,
    background_jobs,
    execs_last,
    lifetime,
    parse_signal,
    program,
    shell_script,
    signal_exit,
    unwrap,
)
from .restart import RestartManager, check_policy

DEFAULT_STOP_TIMEOUT = 10
OCI_NOT_FOUND = (
    'OCI runtime exec failed: exec failed: unable to start container process: exec: "{}": '
    "executable file not found in $PATH: unknown"
)
Watcher = Callable[[str, Container], None]


class NotModified(DockerError):
    """304: the container is already in the asked state (start of a running one, stop of a stopped one)."""

    status = 304


class ContainerRuntime:
    """The containers of one host."""

    def __init__(self, daemon: Any) -> None:
        self.daemon = daemon
        self.sim = daemon.cluster.sim
        self.host = daemon.host
        self.containers: dict[str, Container] = {}
        self._ids = self.sim.rng(f"containers:{self.host}:ids")
        self._names = self.sim.rng(f"containers:{self.host}:names")
        self._timers: dict[str, Timer] = {}
        self._health_timers: dict[str, Timer] = {}
        self._paused_left: dict[str, tuple] = {}  # a paused container's timer: time left, callback, args
        self._stopping: set[str] = set()
        self._restarts: dict[str, RestartManager] = {}
        self._watchers: dict[str, Watcher] = {}
        self._start_after_exit: set[str] = set()
        self._next_pid = 2000
        self.execs: dict[str, dict[str, Any]] = {}  # exec instances by ID
        self.host_paths: dict[str, HostPath] = {}  # the host's directories that bind mounts show
        self.auto_removed: dict[str, int] = {}  # exit codes of ``--rm`` containers, for a client's wait(removed)

    # -- lookup ------------------------------------------------------------------------
    def get(self, ref: str) -> Container:
        """By full ID, then name (``web`` or ``/web``), then unique ID prefix (moby ``GetContainer``)."""
        if not ref:
            raise InvalidArgument('invalid name or ID supplied: ""')
        if ref in self.containers:
            return self.containers[ref]
        name = ref.lstrip("/")
        for container in self.containers.values():
            if container.name == name:
                return container
        prefixed = [c for c in self.containers.values() if c.id.startswith(ref)]
        if len(prefixed) > 1:
            raise InvalidArgument(f"multiple IDs found with provided prefix: {ref}")
        if prefixed:
            return prefixed[0]
        raise NotFound(f"No such container: {ref}")

    def watch(self, container_id: str, watcher: Watcher) -> None:
        """Call ``watcher(kind, container)`` on ``health`` and ``exit`` (a swarm agent follows its tasks so)."""
        self._watchers[container_id] = watcher

    # -- create ------------------------------------------------------------------------
    def create(self, body: dict[str, Any], name: str = "", *, task_id: str = "", container_id: str = "") -> dict:
        """``POST /containers/create``: the container, configured from the request and its image's defaults."""
        if name:
            name = check_name(name)
            self._check_free(name)
        image_ref = body.get("Image") or ""
        if not image_ref:
            raise InvalidArgument("invalid reference format")
        image_id, image_config, image_size = resolve_image(self.daemon, image_ref, required=not task_id)
        config = _merge_config(body, image_config)
        host_config = _host_config(body.get("HostConfig") or {})
        warnings = self._check_host_config(host_config)
        path_args = [*(config.get("Entrypoint") or []), *(config.get("Cmd") or [])]
        if not path_args:
            raise InvalidArgument("no command specified")
        endpoints = dict((body.get("NetworkingConfig") or {}).get("EndpointsConfig") or {})
        mode = host_config["NetworkMode"]
        if mode.startswith("container:"):
            self.get(mode.partition(":")[2])
        elif mode not in ("bridge", "host", "none"):
            mode = host_config["NetworkMode"] = self.daemon.networks.for_container(mode).name
        endpoints = {  # docker 28 keys the default network's settings "default", as its NetworkMode says
            self.daemon.networks.for_container("bridge" if name == "default" else name).name: value
            for name, value in endpoints.items()
        }
        if not mode.startswith("container:"):
            endpoints.setdefault(mode, {})  # the network named by the mode comes first
            endpoints = {mode: endpoints.pop(mode), **endpoints}
        new_id = container_id or random_id(self._ids)
        name = name or self._generated_name()
        config["Hostname"] = config.get("Hostname") or (self.host if mode == "host" else new_id[:12])
        config["Image"] = image_ref
        files = Filesystem(image_size=image_size, disk=self.daemon.cluster.hosts[self.host])
        container = Container(
            new_id, name, image_ref, image_id, config, host_config, self.host, self.sim.now, path_args[0],
            tuple(path_args[1:]), task_id, endpoints, files=files,
        )  # fmt: skip
        container.mounts = mount_all(self.daemon, container, self.host_paths)
        self.containers[new_id] = container
        self._restarts[new_id] = RestartManager.from_api(host_config["RestartPolicy"])
        self._emit("create", container)
        return {"Id": new_id, "Warnings": warnings}

    def _check_free(self, name: str, keep: Container | None = None) -> None:
        for container in self.containers.values():
            if container.name == name and container is not keep:
                raise Conflict(
                    f'Conflict. The container name "/{name}" is already in use by container "{container.id}". '
                    "You have to remove (or rename) that container to be able to reuse that name."
                )

    def _generated_name(self) -> str:
        taken = {c.name for c in self.containers.values()}
        while (name := random_name(self._names)) in taken:
            pass
        return name

    def _check_host_config(self, host_config: dict[str, Any]) -> list[str]:
        check_policy(host_config["RestartPolicy"])
        if host_config.get("AutoRemove") and host_config["RestartPolicy"]["Name"] not in ("", "no"):
            raise InvalidArgument("can't create 'AutoRemove' container with restart policy")
        memory = host_config.get("Memory") or 0
        if memory and memory < 6 * 1024 * 1024:
            raise InvalidArgument("Minimum memory limit allowed is 6MB")
        log = host_config["LogConfig"]
        hub = getattr(self.daemon, "logs", None)
        if hub is not None:
            merged = check_log_config(LogConfig(log["Type"], log["Config"]), hub.default)
            host_config["LogConfig"] = {"Type": merged.type, "Config": dict(merged.config)}
        warnings = []
        if host_config["NetworkMode"] == "host" and host_config.get("PortBindings"):
            warnings.append("Published ports are discarded when using host network mode")
        return warnings

    # -- start and the main process ------------------------------------------------------
    def start(self, ref: str, *, managed: bool = False) -> None:
        """``POST /containers/{id}/start``; NotModified (304) when it already runs."""
        container = self.get(ref)
        if container.status == "paused":
            raise Conflict("cannot start a paused container, try unpause instead")
        if container.status in ("running", "restarting"):
            raise NotModified("")
        if container.status in ("removing", "dead"):
            raise Conflict("container is marked for removal and cannot be started")
        self._restarts[container.id].cancelled = False
        container.manually_stopped = False
        self._run(container, managed)

    def _run(self, container: Container, managed: bool = False) -> None:
        try:
            container.sandbox = networking.plug(self, container, managed or bool(container.task_id))
        except DockerError as error:
            container.error = str(error)
            if container.status == "restarting":
                container.status = "exited"
            raise
        now = self.sim.now
        container.status, container.started_at, container.error = "running", now, ""
        container.health = Health() if check_argv(container.probe) else None
        container.processes = self._processes(container)
        container.pid = container.processes[0].pid
        self._write_system_files(container)
        self._start_logger(container)
        self._emit("start", container)
        self._main(container)
        self._schedule_health(container)

    def _processes(self, container: Container) -> list[Process]:
        """The process tree at start: docker-init (with ``--init``), the main command, its ``&`` jobs."""
        now = self.sim.now
        rows: list[Process] = []
        parent = 0
        if container.host_config.get("Init"):
            rows.append(Process(self._pid(), 0, "/sbin/docker-init -- " + " ".join(container.argv), started=now))
            parent = rows[0].pid
        main = Process(self._pid(), parent, " ".join(container.argv), started=now)
        rows.append(main)
        for job in background_jobs(container.argv):
            rows.append(Process(self._pid(), main.pid, " ".join(job), started=now))
        if execs_last(container.argv):
            main.cmd = " ".join(_last_command(container.argv))
        return rows

    def _pid(self) -> int:
        self._next_pid += 1
        return self._next_pid

    def _main(self, container: Container) -> None:
        """Run the main command: short commands print and end; long-running ones are timed."""
        interactive = bool(container.config.get("Tty") or container.config.get("OpenStdin"))
        runs_for = lifetime(container.argv, interactive)
        main = container.processes[1 if container.host_config.get("Init") else 0]
        jobs = [process for process in container.processes if process.ppid == main.pid]
        for job, process in zip(background_jobs(container.argv), jobs, strict=True):
            ends = lifetime(job)
            if ends is not None:
                self.sim.schedule(ends, self._job_done, container, process, container.started_at)
        if runs_for is None:
            if program_of(container.image, container.argv) == "app" and boot_failure(container.config.get("Env") or ()):
                self._timers[container.id] = self.sim.schedule(CRASH_AFTER, self._exit, container, 1)
            return
        code = self._short_command(container)
        self._timers[container.id] = self.sim.schedule(runs_for, self._exit, container, code)

    def _short_command(self, container: Container) -> int:
        """Run a command that ends by itself through the programs, writing what it prints to the log."""
        try:
            result = commands.run(self.exec_context(container), unwrap(container.argv))
        except commands.registry.ExecutableNotFound:
            return 0
        self._output(container, "stdout", result.stdout)
        self._output(container, "stderr", result.stderr)
        return result.exit_code

    def _output(self, container: Container, stream: str, text: str) -> None:
        if text:
            write_output(self.sim, container.id, stream, text.removesuffix("\n").split("\n"))

    def _job_done(self, container: Container, process: Process, started: int) -> None:
        """A ``&`` job ended: reaped by docker-init or a waiting shell, else a zombie (``<defunct>``)."""
        if container.started_at != started or process not in container.processes:
            return
        reaper = container.host_config.get("Init") or not execs_last(container.argv)
        if reaper:
            container.processes.remove(process)
        else:
            process.defunct = True

    def exec_context(self, container: Container, env: list[str] = (), workdir: str = "", user: str = ""):
        variables = dict(item.partition("=")[::2] for item in [*(container.config.get("Env") or []), *env])
        variables.setdefault("HOSTNAME", container.config.get("Hostname", ""))
        variables.setdefault("HOME", "/root")
        return commands.ExecContext(
            container, self.daemon, variables, workdir or container.config.get("WorkingDir") or "/",
            user or container.config.get("User") or "root",
        )  # fmt: skip

    def _write_system_files(self, container: Container) -> None:
        """``/etc/hostname``, ``/etc/hosts`` and ``/etc/resolv.conf``, as the daemon writes them at start."""
        sandbox, generated = container.sandbox, container.files.generated
        generated["/etc/hostname"] = lambda: (container.config["Hostname"] + "\n").encode()
        if sandbox is not None:
            generated["/etc/hosts"] = lambda: sandbox.hosts_file().encode()
            generated["/etc/resolv.conf"] = lambda: sandbox.resolv_conf().encode()

    def _start_logger(self, container: Container) -> None:
        hub = getattr(self.daemon, "logs", None)
        if hub is None:
            return
        log = container.host_config.get("LogConfig") or {}
        info = ContainerInfo(
            container.id, container.name, container.image, container.image_id or "sha256:" + "0" * 64,
            created=container.created, entrypoint=container.path, args=container.args,
            env=tuple(container.config.get("Env") or ()), labels=dict(container.labels),
            hostname=container.config.get("Hostname", ""),
        )  # fmt: skip
        hub.start(info, LogConfig(log.get("Type") or "", dict(log.get("Config") or {})))

    def _stop_logger(self, container: Container) -> None:
        hub = getattr(self.daemon, "logs", None)
        if hub is not None and container.id in hub.loggers:
            hub.stop(container.id)

    # -- health ------------------------------------------------------------------------
    def _schedule_health(self, container: Container) -> None:
        probe = container.probe
        argv = check_argv(probe)
        if argv is None:
            return
        passes = self._check_passes(container, argv)
        healthy, after = first_status(probe, passes)
        started = container.started_at
        self._health_timers[container.id] = self.sim.schedule(after, self._health, container, healthy, started)

    def _check_passes(self, container: Container, argv: list[str]) -> bool:
        """A check passes when its command exits 0; a program not modelled here is taken to pass."""
        name = program(argv)
        if name != "exit" and commands.find(name) is None:
            return True
        return commands.run(self.exec_context(container), argv).exit_code == 0

    def _health(self, container: Container, healthy: bool, started: int) -> None:
        self._health_timers.pop(container.id, None)
        if container.status != "running" or container.started_at != started or container.health is None:
            return
        container.health.status = "healthy" if healthy else "unhealthy"
        container.health.failing_streak = 0 if healthy else max(1, (container.probe.retries or 3))
        self._emit("health_status", container, status=container.health.status)
        self._notify("health", container)

    # -- signals, stop, exit -------------------------------------------------------------
    def _stop_signal(self, container: Container) -> int:
        return parse_signal(container.config.get("StopSignal") or "SIGTERM")

    def signal_main(self, container: Container, signo: int) -> None:
        """Deliver ``signo`` to the main process (as ``kill`` from inside would); it may exit."""
        code = signal_exit(container.argv, signo, self._stop_signal(container), bool(container.host_config.get("Init")))
        if code is not None and container.status in ("running", "paused"):
            self._exit(container, code)

    def kill(self, ref: str, signal: str = "KILL") -> None:
        """``POST /containers/{id}/kill``: the container is marked stopped by hand when the signal ends it."""
        container = self.get(ref)
        signo = parse_signal(signal or "KILL")
        if container.status not in ("running", "paused", "restarting"):
            raise Conflict(f"cannot kill container: {ref}: container {container.id} is not running")
        self._mark_stopped(container, signo)
        self._emit("kill", container, signal=str(signo))
        if container.status == "restarting":
            self._settle_restarting(container)
            return
        self.signal_main(container, signo)

    def _mark_stopped(self, container: Container, signo: int) -> None:
        if signo in (SIGKILL, self._stop_signal(container)):
            container.manually_stopped = True
            self._restarts[container.id].cancelled = True

    def _settle_restarting(self, container: Container) -> None:
        self._cancel(container.id)
        container.status = "exited"
        self._notify("exit", container)

    def stop(self, ref: str, timeout: int | None = None) -> None:
        """``POST /containers/{id}/stop``: the stop signal now, ``SIGKILL`` after ``timeout`` s (-1: never)."""
        container = self.get(ref)
        if container.status == "restarting":
            container.manually_stopped = True
            self._restarts[container.id].cancelled = True
            self._settle_restarting(container)
            return
        if container.status not in ("running", "paused"):
            raise NotModified("")
        self._send_stop(container, timeout)

    def _send_stop(self, container: Container, timeout: int | None) -> None:
        if timeout is None:
            timeout = container.config.get("StopTimeout")
        if timeout is None:
            timeout = DEFAULT_STOP_TIMEOUT
        signo = self._stop_signal(container)
        self._mark_stopped(container, signo)
        self._stopping.add(container.id)
        self._emit("kill", container, signal=str(signo))
        self.signal_main(container, signo)
        if container.status in ("running", "paused") and timeout >= 0:
            self._cancel(container.id)
            self._timers[container.id] = self.sim.schedule(timeout * SECOND, self._kill_after_timeout, container)

    def _kill_after_timeout(self, container: Container) -> None:
        self._timers.pop(container.id, None)
        if container.status in ("running", "paused"):
            self._emit("kill", container, signal=str(SIGKILL))
            self._exit(container, 128 + SIGKILL)

    def oom(self, ref: str) -> None:
        """The kernel's OOM killer ends the container (exit 137, ``OOMKilled``); the restart policy applies."""
        container = self.get(ref)
        if container.status != "running":
            return
        container.oom_killed = True
        self._emit("oom", container)
        self._exit(container, 128 + SIGKILL)

    def _exit(self, container: Container, code: int) -> None:
        """The main process ended with ``code``: tear down, then restart, auto-remove or stay exited."""
        self._cancel(container.id)
        ran_for = self.sim.now - (container.started_at or self.sim.now)
        container.status, container.exit_code, container.finished_at, container.pid = "exited", code, self.sim.now, 0
        container.processes = []
        container.files.clear_tmpfs()
        networking.unplug(self, container)
        self._emit("die", container, exitCode=str(code))  # what the program prints as it dies still reaches its log
        self._stop_logger(container)
        if container.id in self._start_after_exit:
            self._start_after_exit.discard(container.id)
            self._run(container)
            return
        delay = self._restarts[container.id].should_restart(code, container.manually_stopped, ran_for)
        if delay is not None:
            container.status = "restarting"
            container.restart_count += 1
            self._timers[container.id] = self.sim.schedule(delay, self._restart_now, container)
        if container.id in self._stopping:
            self._stopping.discard(container.id)
            self._emit("stop", container)
        self._notify("exit", container)
        if container.status == "exited" and container.host_config.get("AutoRemove"):
            self.auto_removed[container.id] = code
            self._destroy(container, volumes=True)

    def _restart_now(self, container: Container) -> None:
        self._timers.pop(container.id, None)
        try:
            self._run(container)
        except DockerError:
            container.status = "exited"

    def restart(self, ref: str, timeout: int | None = None) -> None:
        """``POST /containers/{id}/restart``: stop (if running), then start again."""
        container = self.get(ref)
        if container.status in ("running", "paused"):
            self._start_after_exit.add(container.id)
            self._send_stop(container, timeout)
            container.manually_stopped = False
            self._restarts[container.id].cancelled = False
        else:
            self._cancel(container.id)
            self._run(container)
        self._emit("restart", container)

    def pause(self, ref: str) -> None:
        container = self.get(ref)
        if container.status == "paused":
            raise Conflict(f"container {container.id} is already paused")
        if container.status != "running":
            raise Conflict(f"container {container.id} is not running")
        timer = self._timers.pop(container.id, None)
        if timer is not None:
            self._paused_left[container.id] = (timer[0] - self.sim.now, timer[2], timer[3])
            self.sim.cancel(timer)
        container.status = "paused"
        self._emit("pause", container)

    def unpause(self, ref: str) -> None:
        container = self.get(ref)
        if container.status != "paused":
            raise Conflict(f"container {container.id} is not paused")
        container.status = "running"
        frozen = self._paused_left.pop(container.id, None)
        if frozen is not None:
            left, callback, args = frozen
            self._timers[container.id] = self.sim.schedule(left, callback, *args)
        self._emit("unpause", container)

    def _cancel(self, container_id: str) -> None:
        for table in (self._timers, self._health_timers):
            timer = table.pop(container_id, None)
            if timer is not None:
                self.sim.cancel(timer)
        self._paused_left.pop(container_id, None)

    # -- networks ----------------------------------------------------------------------
    def connect(self, ref: str, network_id: str, settings: dict[str, Any]) -> None:
        """``docker network connect``: joins now when running, and on every start (``EndpointsConfig``)."""
        container = self.get(ref)
        controller = self.daemon.networks.controller
        network = controller.find(network_id)
        if container.status in ("running", "paused") and container.sandbox is not None:
            networking.attach(controller, container.sandbox, network.id, settings)
        elif network.name in container.endpoints_config:
            raise Forbidden(f"endpoint with name {container.name} already exists in network {network.name}")
        container.endpoints_config[network.name] = dict(settings)

    def disconnect(self, ref: str, network_id: str) -> None:
        """``docker network disconnect``: leaves now when running, and is no longer joined on start."""
        container = self.get(ref)
        controller = self.daemon.networks.controller
        network = controller.find(network_id)
        if container.status in ("running", "paused") and container.sandbox is not None:
            controller.disconnect(network.id, container.sandbox)
        elif network.name not in container.endpoints_config:
            raise DockerError(f"container {container.id} is not connected to network {network.name}")
        container.endpoints_config.pop(network.name, None)

    # -- remove, rename, prune -------------------------------------------------------------
    def remove(self, ref: str, force: bool = False, volumes: bool = False) -> None:
        """``DELETE /containers/{id}``: a running container only with ``force`` (killed first)."""
        container = self.get(ref)
        if container.status == "removing":
            raise Conflict(f"removal of container {container.name} is already in progress")
        if container.running:
            if not force:
                state = "paused" if container.status == "paused" else container.status
                raise Conflict(
                    f'cannot remove container "/{container.name}": container is {state}: stop the container '
                    "before removing or force remove"
                )
            self._restarts[container.id].cancelled = True
            container.manually_stopped = True
            if container.status == "restarting":
                self._settle_restarting(container)
            else:
                self._emit("kill", container, signal=str(SIGKILL))
                self._exit(container, 128 + SIGKILL)
        if container.id in self.containers:
            self._destroy(container, volumes)

    def _destroy(self, container: Container, volumes: bool) -> None:
        self._cancel(container.id)
        networking.unplug(self, container)
        if volumes:
            remove_anonymous(self.daemon, container)
        del self.containers[container.id]
        self._restarts.pop(container.id, None)
        self._watchers.pop(container.id, None)
        self._emit("destroy", container)

    def rename(self, ref: str, name: str) -> None:
        container = self.get(ref)
        old = container.name
        new = check_name(name)
        if new == old:
            raise InvalidArgument("Renaming a container with the same name as its current name")
        self._check_free(new, keep=container)
        container.name = new
        if container.sandbox is not None and container.sandbox.container_id == container.id:
            container.sandbox.name = new
        self._emit("rename", container, oldName="/" + old)

    def prune(self, filter_args: dict[str, list[str]] | None = None) -> dict[str, Any]:
        """``POST /containers/prune``: remove every stopped container the filters (until, label) keep."""
        doomed = prunable(self, filter_args or {})
        reclaimed = 0
        for container in doomed:
            reclaimed += container.files.size()
            self._destroy(container, volumes=False)
        self.sim.emit("container.prune", self.host, reclaimed=str(reclaimed), host=self.host)
        return {"ContainersDeleted": [c.id for c in doomed] or None, "SpaceReclaimed": reclaimed}

    # -- reading -----------------------------------------------------------------------
    def inspect(self, ref: str, size: bool = False) -> dict[str, Any]:
        body = self.get(ref).to_inspect()
        if size:
            container = self.get(ref)
            body["SizeRw"] = container.files.size()
            body["SizeRootFs"] = container.files.size() + container.files.image_size
        return body

    def list(self, all: bool = False, filters: dict[str, list[str]] | None = None, limit: int = -1,
             size: bool = False) -> list[dict[str, Any]]:  # fmt: skip
        """``GET /containers/json``: newest first; running ones only unless ``all`` (or a limit is given)."""
        chosen = select(self, all or limit > 0, filters or {})
        if limit > 0:
            chosen = chosen[:limit]
        return [c.to_summary(self.sim.now, size) for c in chosen]

    def top(self, ref: str, ps_args: str = "-ef") -> dict[str, Any]:
        """``GET /containers/{id}/top``: ``ps -ef`` columns over the container's processes."""
        container = self.get(ref)
        if container.status not in ("running", "paused"):
            raise Conflict(f"container {container.id} is not running")
        titles = ["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"]
        rows = []
        for process in container.processes:
            command = f"[{process.cmd.split()[0].rsplit('/', 1)[-1]}] <defunct>" if process.defunct else process.cmd
            rows.append([process.user, str(process.pid), str(process.ppid), "0", _stime(process.started), "?",
                         "00:00:00", command])  # fmt: skip
        return {"Titles": titles, "Processes": rows}

    def exec(self, ref: str, argv: list[str], **opts: Any) -> commands.ExecResult:
        """Run ``argv`` in the running container (``docker exec``); exit 126 with the OCI error when unknown."""
        container = self.get(ref)
        self._check_exec(container)
        context = self.exec_context(container, opts.get("env") or (), opts.get("workdir") or "", opts.get("user") or "")
        context.stdin = opts.get("stdin") or ""
        self._emit("exec_start", container, execID="", command=" ".join(argv))
        try:
            return commands.run(context, argv)
        except commands.registry.ExecutableNotFound:
            return commands.ExecResult(126, OCI_NOT_FOUND.format(argv[0] if argv else "") + "\r\n")

    # -- exec instances (``POST /containers/{id}/exec``, ``/exec/{id}/start``) ---------------
    def create_exec(self, ref: str, body: dict[str, Any]) -> str:
        """An exec instance for the running container; its ID."""
        container = self.get(ref)
        if not body.get("Cmd"):
            raise InvalidArgument("No exec command specified")
        self._check_exec(container)
        exec_id = random_id(self._ids)
        self.execs[exec_id] = {"ID": exec_id, "ContainerID": container.id, "Body": dict(body), "ExitCode": None}
        container.exec_ids.append(exec_id)
        return exec_id

    def _exec_instance(self, exec_id: str) -> dict[str, Any]:
        if exec_id not in self.execs:
            raise NotFound(f"No such exec instance: {exec_id}")
        return self.execs[exec_id]

    def start_exec(self, exec_id: str) -> commands.ExecResult:
        instance = self._exec_instance(exec_id)
        body = instance["Body"]
        result = self.exec(
            instance["ContainerID"], list(body["Cmd"]), env=body.get("Env") or (),
            workdir=body.get("WorkingDir") or "", user=body.get("User") or "",
        )  # fmt: skip
        instance["ExitCode"] = result.exit_code
        return result

    def inspect_exec(self, exec_id: str) -> dict[str, Any]:
        """``ExecInspectResponse``."""
        instance = self._exec_instance(exec_id)
        body = instance["Body"]
        return {
            "ID": exec_id, "Running": False, "ExitCode": instance["ExitCode"],
            "ProcessConfig": {"tty": bool(body.get("Tty")), "entrypoint": body["Cmd"][0],
                              "arguments": list(body["Cmd"][1:]), "privileged": bool(body.get("Privileged")),
                              "user": body.get("User") or ""},
            "OpenStdin": bool(body.get("AttachStdin")), "OpenStderr": bool(body.get("AttachStderr")),
            "OpenStdout": bool(body.get("AttachStdout")), "CanRemove": False,
            "ContainerID": instance["ContainerID"], "DetachKeys": "", "Pid": 0,
        }  # fmt: skip

    def _check_exec(self, container: Container) -> None:
        if container.status == "paused":
            raise Conflict(f"container {container.id} is paused, unpause the container before exec")
        if container.status != "running":
            raise Conflict(f"container {container.id} is not running")

    def settled(self, container: Container) -> bool:
        """Whether the container no longer runs (or was removed), for callers that wait."""
        return container.id not in self.containers or container.status in ("exited", "created", "dead")

    # -- the host's life -----------------------------------------------------------------
    def host_down(self) -> None:
        """The machine went off: every running container dies (exit 255 as the daemon finds them after)."""
        for container in list(self.containers.values()):
            self._cancel(container.id)
            if container.running:
                container.status, container.exit_code, container.finished_at = "exited", 255, self.sim.now
                container.pid, container.processes = 0, []
                networking.unplug(self, container)
                self._stop_logger(container)

    def host_up(self) -> None:
        """The daemon starts: ``always`` containers, and ``unless-stopped`` ones not stopped by hand, start."""
        for container in list(self.containers.values()):
            policy = container.host_config["RestartPolicy"]["Name"]
            if container.task_id or container.status != "exited":
                continue
            if policy == "always" or (policy == "unless-stopped" and not container.manually_stopped):
                try:
                    self._run(container)
                except DockerError:
                    continue

    # -- helpers -------------------------------------------------------------------------
    def _notify(self, kind: str, container: Container) -> None:
        watcher = self._watchers.get(container.id)
        if watcher is not None:
            watcher(kind, container)

    def _emit(self, action: str, container: Container, **attrs: Any) -> None:
        self.sim.emit(
            f"container.{action}", container.id,
            **{**container.labels, "image": container.image, "name": container.name, "host": self.host, **attrs},
        )  # fmt: skip


def _merge_config(body: dict[str, Any], image: dict[str, Any]) -> dict[str, Any]:
    """The container's ``Config``: the request over the image's defaults (moby ``merge``)."""
    config = {key: value for key, value in body.items() if key not in ("HostConfig", "NetworkingConfig")}
    if not config.get("Entrypoint") and config.get("Entrypoint") != [""]:
        config["Entrypoint"] = image.get("Entrypoint")
        if not config.get("Cmd"):
            config["Cmd"] = image.get("Cmd")
    elif config.get("Entrypoint") == [""]:
        config["Entrypoint"] = None
    env = {item.partition("=")[0]: item for item in image.get("Env") or []}
    env.update({item.partition("=")[0]: item for item in config.get("Env") or []})
    config["Env"] = list(env.values()) or None
    config["ExposedPorts"] = {**(image.get("ExposedPorts") or {}), **(config.get("ExposedPorts") or {})} or None
    config["Labels"] = {**(image.get("Labels") or {}), **(config.get("Labels") or {})}
    for key in ("WorkingDir", "User", "StopSignal", "Healthcheck", "Volumes"):
        if not config.get(key) and image.get(key):
            config[key] = image[key]
    config.setdefault("WorkingDir", "")
    config.setdefault("User", "")
    for key in ("AttachStdin", "AttachStdout", "AttachStderr", "Tty", "OpenStdin", "StdinOnce"):
        config[key] = bool(config.get(key))
    config["Cmd"] = config.get("Cmd") or None
    config.setdefault("Domainname", "")
    config.setdefault("OnBuild", None)
    return config


def _host_config(host_config: dict[str, Any]) -> dict[str, Any]:
    """``HostConfig`` with the daemon's defaults filled in."""
    config = dict(host_config)
    mode = config.get("NetworkMode") or "bridge"
    config["NetworkMode"] = "bridge" if mode == "default" else mode
    config["RestartPolicy"] = {"Name": "no", "MaximumRetryCount": 0, **(config.get("RestartPolicy") or {})}
    if not config["RestartPolicy"]["Name"]:
        config["RestartPolicy"]["Name"] = "no"
    log = config.get("LogConfig") or {}
    config["LogConfig"] = {"Type": log.get("Type") or "", "Config": dict(log.get("Config") or {})}
    config.setdefault("PortBindings", {})
    config.setdefault("AutoRemove", False)
    config.setdefault("Binds", None)
    config.setdefault("Mounts", None)
    return config


def _last_command(argv: list[str]) -> list[str]:
    words = shlex.split((shell_script(argv) or "").split("&")[-1].split(";")[-1])
    return words[1:] if words[:1] == ["exec"] else words


def _stime(started: int) -> str:
    """``STIME`` of ``ps -ef``: the start's hour and minute (sim time after the epoch)."""
    seconds = (EPOCH_NS + started) // 1_000_000_000
    return f"{seconds // 3600 % 24:02d}:{seconds // 60 % 60:02d}"
