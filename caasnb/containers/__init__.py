"""caasnb.containers — the containers of each host: standalone ones and swarm task containers.

Public API (other rooms code against these names)::

    runtime = cluster.daemons[host].containers          # ContainerRuntime, one per host
    runtime.create(body, name="") -> {"Id", "Warnings"} # body: Engine API ContainerCreateRequest
    runtime.start(ref); runtime.stop(ref, timeout=None); runtime.kill(ref, signal="KILL")
    runtime.restart(ref); runtime.pause(ref); runtime.unpause(ref)
    runtime.remove(ref, force=False, volumes=False); runtime.rename(ref, name)
    runtime.inspect(ref) -> dict                        # ContainerInspectResponse
    runtime.list(all=False, filters=None) -> list[dict] # ContainerSummary rows, newest first
    runtime.get(ref) -> Container                       # NotFound "No such container: REF"
    runtime.exec(ref, argv, env=, workdir=, user=, stdin=) -> ExecResult(exit_code, stdout, stderr)
    runtime.top(ref, ps_args="-ef"); runtime.prune(filters) -> {"ContainersDeleted", "SpaceReclaimed"}
    runtime.oom(ref)                                    # the kernel's OOM killer (exit 137, OOMKilled)
    runtime.watch(container_id, fn)                     # fn(kind, container) on "health" and "exit"

``stop``/``kill``/``restart`` never block: a process that ignores the stop signal is killed
after the timeout by a timer; callers that must wait run the simulation until
``runtime.settled(container)``. A :class:`Container` has ``id, name, image, config,
host_config, labels, status`` (created|running|paused|restarting|removing|exited|dead),
``exit_code, pid, started_at, finished_at, sandbox`` (a :class:`caasnb.net.cnm.Sandbox`
while it runs), ``host``, ``task_id`` ("" for standalone), ``processes`` and ``files``.

Events: ``container.create|start|die|kill|stop|pause|unpause|restart|rename|destroy|oom|
health_status|exec_start`` with subject = container ID and attributes = the container's labels
plus ``name``, ``image``, ``host`` (``exitCode`` on die, ``signal`` on kill, ``status`` on
health_status). Programs for ``docker exec`` register in :mod:`caasnb.containers.commands`.
"""

from .commands import ExecContext, ExecResult, register
from .container import Container, Health, Process
from .names import random_id, random_name
from .runtime import ContainerRuntime, NotModified

__all__ = [
    "Container",
    "ContainerRuntime",
    "ExecContext",
    "ExecResult",
    "Health",
    "NotModified",
    "Process",
    "random_id",
    "random_name",
    "register",
]
