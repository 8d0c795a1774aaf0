"""What the program inside a running container prints and consumes, as events.

Containers start and stop elsewhere (``container.start`` / ``container.die`` events, attrs
``name``, ``image``, ``host``), and requests reach them from :mod:`caasnb.workload`
(``workload.requests`` events about the container). A host's :class:`Programs` follows
those events and, for images whose program is a server, makes the container behave like one:

* **nginx** (and httpd): the entrypoint's start-up lines on stdout and nginx's notices on
  stderr, then one access-log line (the image's ``main`` format) per request served;
* **redis**: the start-up banner, then every minute the "changes in N seconds. Saving..." lines;
* **an application** (any other image that is not a bare shell): JSON-structured lines, one
  per request;
* **a CPU burner** (a command running ``yes`` or ``stress``, whatever the image): silent, and
  nearly all the host's CPU — the noisy neighbour ``docker stats`` shows.

Every :data:`TICK` (5 s, a monitoring agent's scrape interval) a running container also reports its cgroup counters
(:func:`~.telemetry.record_sample`): CPU for its idle loop plus the requests it served,
memory, network bytes per request, block writes, processes. Randomness comes from
``sim.rng("programs:" + id)``, so each container's story is fixed by the seed and its id.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from ..sim import EPOCH_NS, MILLISECOND, SECOND, Event, Simulation, Timer
from .crashes import boot_failure, stack_trace
from .dispatch import on
from .hub import write_output
from .stats import ResourceSample
from .telemetry import REQUESTS, record_sample

TICK = 5 * SECOND
"""How often a container's counters are sampled (``docker stats`` compares the two latest samples)."""
START, DIE = "container.start", "container.die"
ONLINE_CPUS = 2
HOST_MEMORY = 4 * 1024**3
SHELL_IMAGES = frozenset({"alpine", "busybox", "ubuntu", "debian"})
WEB_IMAGES = frozenset({"nginx", "httpd"})
CPU_BURNERS = frozenset({"yes", "stress", "stress-ng"})
CPU_SHARE = {"nginx": 0.002, "redis": 0.003, "app": 0.01, "burn": 0.97}
"""Share of the host's CPUs each program uses when idle (``burn``: nearly all of them)."""
BASE_MEMORY = {"nginx": 9 * 1024**2, "redis": 7 * 1024**2, "app": 48 * 1024**2, "burn": 1024**2}
PIDS = {"nginx": 3, "redis": 6, "app": 11, "burn": 2}
PATHS = ("/", "/index.html", "/api/orders", "/api/users", "/healthz", "/static/app.js", "/favicon.ico")
AGENTS = ("curl/8.5.0", "Mozilla/5.0 (X11; Linux x86_64)", "python-requests/2.32.3", "kube-probe/1.30")
REDIS_SAVE_EVERY = 60 * SECOND

NGINX_START_STDOUT = (
    "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration",
    "/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/",
    "/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh",
    "10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf",
    "10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf",
    "/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh",
    "/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh",
    "/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh",
    "/docker-entrypoint.sh: Configuration complete; ready for start up",
)
NGINX_NOTICES = (
    'using the "epoll" event method',
    "nginx/1.27.5",
    "built by gcc 12.2.0 (Debian 12.2.0-14)",
    "OS: Linux 6.8.0-60-generic",
    "getrlimit(RLIMIT_NOFILE): 1048576:1048576",
    "start worker processes",
    "start worker process 29",
    "start worker process 30",
)
REDIS_BANNER = (
    ("C", "*", "oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo"),
    ("C", "*", "Redis version=7.4.2, bits=64, commit=00000000, modified=0, pid=1, just started"),
    (
        "C",
        "#",
        "Warning: no config file specified, using the default config. In order to specify a config file use "
        "redis-server /path/to/redis.conf",
    ),
    ("M", "*", "monotonic clock: POSIX clock_gettime"),
    ("M", "*", "Running mode=standalone, port=6379."),
    ("M", "*", "Server initialized"),
    ("M", "*", "Ready to accept connections tcp"),
)


def program_of(image: str, argv: Sequence[str] = ()) -> str:
    """``burn`` (a CPU burner: ``yes``, ``stress``), ``nginx``, ``redis``, ``app`` or ``""`` (a shell image's
    command, which prints only what it prints)."""
    words = {word.rsplit("/", 1)[-1] for part in argv for word in part.split()}
    if words & CPU_BURNERS:
        return "burn"
    name = image.split("@")[0].rsplit("/", 1)[-1].split(":")[0]
    if name in WEB_IMAGES:
        return "nginx"
    if name == "redis":
        return "redis"
    return "" if name in SHELL_IMAGES else "app"


def _wall(now: int) -> datetime:
    return datetime.fromtimestamp((EPOCH_NS + now) // 1000 / 1e6, UTC)


@dataclass
class Running:
    """One container a program runs in: who it is, its counters so far, its next tick."""

    id: str
    name: str
    image: str
    program: str
    service: str
    started: int
    rng: object
    memory_limit: int = HOST_MEMORY
    cpu_share: float = 0.005
    cpu_usage: int = 0
    rx: int = 0
    tx: int = 0
    blk_read: int = 0
    blk_write: int = 0
    saves: int = 0
    sampled: int = 0
    """When the counters were last read."""
    memory: int = 0
    pending: int = 0
    """Requests served since the last sample."""
    env: tuple[str, ...] = ()
    failure: tuple[str, str] | None = None
    """The setting an ``app`` cannot parse (it dies with its stack trace), as (name, value)."""
    timer: Timer | None = field(default=None, repr=False)
    stop_listening: Callable[[], None] | None = field(default=None, repr=False)
    """Ends its subscription to the requests it serves."""


class Programs:
    """The programs of one host's containers, driven by container and request events."""

    def __init__(
        self, sim: Simulation, host: str, facts: Callable[[str], tuple[int, list[str], list[str]]] | None = None
    ) -> None:
        """``facts(container_id)``: the container's memory limit (0: none), command line and environment."""
        self.sim = sim
        self.host = host
        self.facts = facts or (lambda container_id: (0, [], []))
        self.running: dict[str, Running] = {}
        self._unsubscribe = on(sim, (START, DIE), self._on_event, host=host)

    def _on_event(self, event: Event) -> None:
        if event.kind == START:
            self._start(event)
        else:
            self._die(event)

    def _on_requests(self, event: Event) -> None:
        container = self.running.get(event.subject)
        if container is not None and container.program != "redis":
            self._served(container, event.attrs["statuses"], event.attrs["latencies"])

    def _start(self, event: Event) -> None:
        image = str(event.attrs.get("image", ""))
        memory_limit, argv, env = self.facts(event.subject)
        program = program_of(image, argv)
        if not program or event.subject in self.running:
            return
        name = str(event.attrs.get("name", "")).lstrip("/")
        container = Running(
            id=event.subject,
            name=name,
            image=image,
            program=program,
            service=str(event.attrs.get("com.docker.swarm.service.name", "")) or name.split(".")[0],
            started=self.sim.now,
            rng=self.sim.rng("programs:" + event.subject),
            memory_limit=memory_limit or HOST_MEMORY,
            cpu_share=CPU_SHARE[program],
            env=tuple(env),
            failure=boot_failure(env) if program == "app" else None,
        )
        container.sampled = self.sim.now
        self.running[event.subject] = container
        container.stop_listening = on(self.sim, (REQUESTS,), self._on_requests, subject=container.id)
        container.timer = self.sim.schedule(5 * MILLISECOND, self._boot, container)

    def _die(self, event: Event) -> None:
        container = self.running.pop(event.subject, None)
        if container is None:
            return
        self._forget(container)
        if container.failure is not None and event.attrs.get("exitCode") == "1":  # dying of its uncaught exception
            trace = stack_trace(container.image, *container.failure, container.env)
            write_output(self.sim, container.id, "stderr", trace)

    def _forget(self, container: Running) -> None:
        if container.timer is not None:
            self.sim.cancel(container.timer)
        if container.stop_listening is not None:
            container.stop_listening()

    # -- what each program prints -----------------------------------------------------
    def _boot(self, container: Running) -> None:
        when = _wall(self.sim.now)
        if container.program == "nginx":
            write_output(self.sim, container.id, "stdout", NGINX_START_STDOUT)
            stamp = when.strftime("%Y/%m/%d %H:%M:%S")
            write_output(self.sim, container.id, "stderr", [f"{stamp} [notice] 1#1: {text}" for text in NGINX_NOTICES])
        elif container.program == "redis":
            stamp = _redis_time(when)
            write_output(self.sim, container.id, "stdout", [f"1:{r} {stamp} {m} {t}" for r, m, t in REDIS_BANNER])
        elif container.program == "app" and container.failure is None:
            write_output(self.sim, container.id, "stdout", [_json_line(when, "INFO", "server listening", port=8080)])
        container.timer = self.sim.schedule(TICK, self._tick, container)

    def _tick(self, container: Running) -> None:
        if container.program == "redis" and (self.sim.now - container.started) % REDIS_SAVE_EVERY < TICK:
            self._redis_save(container, _wall(self.sim.now))
        self._sample(container)
        container.timer = self.sim.schedule(TICK, self._tick, container)

    def _served(self, container: Running, statuses, latencies) -> None:
        """Requests the traffic model sent here: one log line each, and their cost in the next sample."""
        container.pending += len(statuses)
        when, rng = _wall(self.sim.now), container.rng
        pairs = zip(statuses, latencies, strict=True)
        lines = [_request_line(container, rng, when, status, latency) for status, latency in pairs]
        write_output(self.sim, container.id, "stdout", lines)

    def _redis_save(self, container: Running, when: datetime) -> None:
        stamp = _redis_time(when)
        child = 20 + container.saves
        container.saves += 1
        lines = [
            f"1:M {stamp} * 1 changes in 60 seconds. Saving...",
            f"1:M {stamp} * Background saving started by pid {child}",
            f"{child}:C {stamp} * DB saved on disk",
            f"1:M {stamp} * Background saving terminated with success",
        ]
        write_output(self.sim, container.id, "stdout", lines)

    def _sample(self, container: Running) -> None:
        """The periodic sample: the counters grow by what the last :data:`TICK` cost, with seeded jitter."""
        rng, requests, container.pending = container.rng, container.pending, 0
        busy = min(1.0, (container.cpu_share + requests * 0.0008) * rng.uniform(0.8, 1.2))
        container.rx += requests * rng.randint(300, 700) + 90
        container.tx += requests * rng.randint(600, 1400) + 60
        container.blk_write += 4096 * rng.randint(0, 2)
        container.memory = BASE_MEMORY[container.program] + rng.randint(0, 512) * 1024
        self._record(container, busy)

    def sample_now(self, container_id: str) -> None:
        """Read a running container's counters now (what dockerd does for ``GET /containers/{id}/stats``).

        The CPU used since the last sample is its idle share plus the requests served meanwhile;
        nothing random is drawn, so asking for stats never changes what the simulation does next.
        """
        container = self.running.get(container_id)
        if container is not None and container.sampled < self.sim.now:
            self._record(container, min(1.0, container.cpu_share + container.pending * 0.0008))

    def _record(self, container: Running, busy: float) -> None:
        elapsed = self.sim.now - container.sampled
        container.cpu_usage += round(elapsed * ONLINE_CPUS * busy)
        container.sampled = self.sim.now
        sample = ResourceSample(
            time=self.sim.now,
            cpu_usage=container.cpu_usage,
            system_usage=self.sim.now * ONLINE_CPUS,
            online_cpus=ONLINE_CPUS,
            memory_usage=container.memory or BASE_MEMORY[container.program],
            memory_limit=container.memory_limit,
            rx_bytes=container.rx,
            tx_bytes=container.tx,
            blk_read=container.blk_read,
            blk_write=container.blk_write,
            pids=PIDS[container.program],
        )
        record_sample(self.sim, container.id, container.service, self.host, sample)

    def close(self) -> None:
        """Stop following the event log and cancel every container's next tick."""
        self._unsubscribe()
        for container in self.running.values():
            self._forget(container)
        self.running.clear()


def _redis_time(when: datetime) -> str:
    return when.strftime("%d %b %Y %H:%M:%S.") + f"{when.microsecond // 1000:03d}"


def _json_line(when: datetime, level: str, msg: str, **fields: object) -> str:
    stamp = when.strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond // 1000:03d}Z"
    return json.dumps({"time": stamp, "level": level, "msg": msg, **fields}, separators=(",", ":"))


def _request_line(container: Running, rng, when: datetime, status: int, latency: float) -> str:
    path = PATHS[rng.randrange(len(PATHS))]
    client = f"10.0.0.{rng.randint(2, 254)}"
    if container.program == "nginx":
        size = 0 if status == 304 else 615 if status == 200 else 153
        agent = AGENTS[rng.randrange(len(AGENTS))]
        stamp = when.strftime("%d/%b/%Y:%H:%M:%S +0000")
        return f'{client} - - [{stamp}] "GET {path} HTTP/1.1" {status} {size} "-" "{agent}" "-"'
    level = "ERROR" if status >= 500 else "INFO"
    return _json_line(
        when, level, "request served", method="GET", path=path, status=status, duration_ms=round(latency * 1000, 1)
    )
