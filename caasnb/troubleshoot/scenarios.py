"""The fault scenarios: each plants one root cause and knows how to find it with the tools.

Every scenario has a ``setup`` (the cluster and the fault, seeded), a ``truth`` (the hidden
root cause, read from the simulation's own state), and a ``solve`` — the investigation as
command lines and their output, never the simulation's internals — which must reach the truth.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..cluster import Cluster
from ..observe import daemon_log, write_output
from ..sim import SECOND
from ..workload import Workload, hog


@dataclass(frozen=True)
class Scenario:
    """A fault to practise on: what the learner is told and asked, and how it is set up and solved."""

    name: str
    brief: str
    question: str
    hint: str
    setup: Callable[[Cluster], Any]
    truth: Callable[[Cluster, Any], str]
    solve: Callable[[Cluster], str]


def normalise(answer: Any) -> str:
    """Answers compare as trimmed, lower-case text (``137``, ``"137"`` and ``" 137 "`` are one answer)."""
    return str(answer).strip().lower()


@dataclass
class Case:
    """One loaded scenario: its cluster, and the checks of a diagnosis."""

    scenario: Scenario
    cluster: Cluster
    planted: Any

    @property
    def brief(self) -> str:
        return self.scenario.brief

    @property
    def question(self) -> str:
        return self.scenario.question

    def check(self, answer: Any) -> bool:
        """Whether ``answer`` names the root cause."""
        return normalise(answer) == normalise(self.scenario.truth(self.cluster, self.planted))

    def solve(self) -> str:
        """The scripted investigation's answer."""
        return self.scenario.solve(self.cluster)


# -- crash-looping app: a bad environment variable ------------------------------------------
def _crash_setup(c: Cluster) -> str:
    c.docker(
        ["service", "create", "-d", "--name", "api", "--env", "DATABASE_URL=postgres//db:5432/shop",
         "--env", "LOG_LEVEL=info", "python:3.12", "python", "-m", "app"]
    )  # fmt: skip
    c.run(40)
    return "DATABASE_URL"


def _crash_solve(c: Cluster) -> str:
    failures = c.docker("service ps --format '{{.Error}}' api").stdout
    assert "non-zero exit (1)" in failures  # the task dies on its own: the app, not the platform
    last = c.docker("service logs --raw --tail 1 api").stderr  # the last line of the app's stack trace
    return re.search(r"Error: invalid (\w+) ", last).group(1)


# -- failing health check --------------------------------------------------------------------
def _health_setup(c: Cluster) -> str:
    check = "curl -f http://localhost:8080/ || exit 1"
    c.docker(["service", "create", "-d", "--name", "web", "--health-cmd", check, "--health-interval", "2s",
              "--health-retries", "2", "nginx:1.27"])  # fmt: skip
    c.run(40)
    return "8080"


def _node_of(c: Cluster, service: str) -> str:
    """Where the service's latest task ran (``service ps`` lists the newest first): local events live there."""
    return c.docker(f"service ps --format '{{{{.Node}}}}' {service}").stdout.split()[0]


def _health_solve(c: Cluster) -> str:
    events = "events --since 1h --until 0s --filter event=health_status --format '{{.Action}}'"
    assert "health_status: unhealthy" in c.docker(events, on=_node_of(c, "web")).stdout
    spec = c.docker("service inspect --format '{{json .Spec.TaskTemplate.ContainerSpec.Healthcheck}}' web").stdout
    return re.search(r"localhost:(\d+)", json.loads(spec)["Test"][1]).group(1)


# -- image pull failure: a typo in the tag ------------------------------------------------------
def _pull_setup(c: Cluster) -> str:
    c.docker("service create -d --name shop --replicas 2 nginx:1.277")
    c.run(20)
    return "nginx:1.277"


def _pull_solve(c: Cluster) -> str:
    errors = c.docker("service ps --no-trunc --format '{{.CurrentState}}|{{.Error}}' shop").stdout
    line = next(line for line in errors.splitlines() if line.startswith("Rejected"))
    return re.search(r"No such image: (\S+?)\"?$", line).group(1)


# -- OOM kill -----------------------------------------------------------------------------------
def _oom_setup(c: Cluster) -> str:
    c.docker("service create -d --name report python:3.12")
    c.run(10)
    for daemon in c.daemons.values():
        for container in list(daemon.containers.containers.values()):
            if container.name.startswith("report.1."):
                c.sim.schedule(20 * SECOND, daemon.containers.oom, container.id)  # the leak reaches the limit
    c.run(30)
    return "137"


def _oom_solve(c: Cluster) -> str:
    events = "events --since 1h --until 0s --filter event=oom --format '{{.Actor.Attributes.name}}'"
    assert c.docker(events, on=_node_of(c, "report")).stdout.startswith("report.1.")
    errors = c.docker("service ps --format '{{.Error}}' report").stdout
    return re.search(r"non-zero exit \((\d+)\)", errors).group(1)


# -- port already allocated ---------------------------------------------------------------------
def _port_setup(c: Cluster) -> str:
    daemon = c.daemons[next(iter(c.daemons))]
    bindings = {"PortBindings": {"80/tcp": [{"HostPort": "8080"}]}}
    for image in ("httpd:2.4", "nginx:1.27"):
        daemon.images.pull(image)
    daemon.containers.start(
        daemon.containers.create(
            {"Image": "httpd:2.4", "ExposedPorts": {"80/tcp": {}}, "HostConfig": bindings}, name="legacy-admin"
        )["Id"]
    )
    web = daemon.containers.create({"Image": "nginx:1.27", "ExposedPorts": {"80/tcp": {}}, "HostConfig": bindings},
                                   name="web")["Id"]  # fmt: skip
    c.run(2)
    return web


def _port_truth(c: Cluster, web: str) -> str:
    """The running container whose port bindings claim host port 8080."""
    daemon = c.daemons[next(iter(c.daemons))]
    for container in daemon.containers.containers.values():
        bindings = (container.host_config.get("PortBindings") or {}).values()
        ports = {binding.get("HostPort") for binding_list in bindings for binding in binding_list or ()}
        if container.id != web and container.status == "running" and "8080" in ports:
            return container.name
    return ""


def _port_solve(c: Cluster) -> str:
    host = next(iter(c.daemons))
    refused = c.engine.request(host, "POST", "/containers/web/start")  # what `docker start web` sends
    port = re.search(r"0\.0\.0\.0:(\d+) failed: port is already allocated", refused.json()["message"]).group(1)
    running = c.engine.call(host, "GET", "/containers/json")  # what `docker ps` lists
    return next(
        item["Names"][0].lstrip("/") for item in running if any(str(p.get("PublicPort")) == port for p in item["Ports"])
    )


# -- a monolith "super-VM" container with zombie children ------------------------------------------
def _zombie_setup(c: Cluster) -> str:
    supervisor = "crond & sshd & sleep 1 & sleep 2 & sleep 3 & exec sleep 1d"  # a service manager's children
    c.docker(["run", "-d", "--name", "monolith", "alpine:3.20", "sh", "-c", supervisor])
    c.run(10)
    return "monolith"


def _zombie_truth(c: Cluster, name: str) -> str:
    daemon = c.daemons[next(iter(c.daemons))]
    return str(sum(process.defunct for process in daemon.containers.get(name).processes))


def _zombie_solve(c: Cluster) -> str:
    return str(c.docker("top monolith").stdout.count("<defunct>"))


# -- DNS name typo ------------------------------------------------------------------------------
def _dns_setup(c: Cluster) -> str:
    c.docker("network create -d overlay backend")
    c.docker("service create -d --name db --network backend redis:7")
    c.docker(["service", "create", "-d", "--name", "api", "--network", "backend", "--env", "DB_HOST=dbb",
              "alpine:3.20", "sh", "-c", "nslookup $DB_HOST; sleep 1d"])  # fmt: skip
    c.run(20)
    return "dbb"


def _dns_solve(c: Cluster) -> str:
    said = c.docker("service logs --raw api")
    wanted = re.search(r"can't find (\S+?):", said.stdout + said.stderr).group(1)
    node = _node_of(c, "api")
    container = c.docker("ps -q --filter label=com.docker.swarm.service.name=api", on=node).stdout.split()[0]
    looked_up = c.docker(f"exec {container} nslookup db", on=node).stdout
    assert "Name:\tdb" in looked_up  # the real name resolves from the same container: the name api uses is wrong
    return wanted


# -- wrong network: the service is not on the database's overlay ---------------------------------
def _network_setup(c: Cluster) -> str:
    for network in ("backend", "frontend"):
        c.docker(f"network create -d overlay {network}")
    c.docker("service create -d --name db --network backend redis:7")
    c.docker(["service", "create", "-d", "--name", "api", "--network", "frontend", "alpine:3.20", "sh", "-c",
              "ping -c 1 db; sleep 1d"])  # fmt: skip
    c.run(20)
    return "backend"


def _networks_of(c: Cluster, service: str) -> set[str]:
    targets = "{{range .Spec.TaskTemplate.Networks}}{{.Target}} {{end}}"
    ids = c.docker(["service", "inspect", "--format", targets, service]).stdout.split()
    return {c.docker(["network", "inspect", "--format", "{{.Name}}", ident]).stdout.strip() for ident in ids}


def _network_solve(c: Cluster) -> str:
    said = c.docker("service logs --raw api")
    assert "bad address 'db'" in said.stdout + said.stderr
    missing = _networks_of(c, "db") - _networks_of(c, "api")
    return missing.pop()


# -- full disk from unrotated json logs ---------------------------------------------------------
DISK = 8_000_000
"""The bytes left on the scenario's host for docker's data (a small disk, to fill in a minute)."""


def _disk_setup(c: Cluster) -> str:
    host = next(iter(c.daemons))
    c.hosts[host].disk_free = DISK
    c.docker("run -d --name web --log-opt max-size=1m --log-opt max-file=2 nginx:1.27")
    c.docker(["run", "-d", "--name", "worker", "python:3.12", "python", "-m", "worker", "--log-level", "debug"])
    chatty = c.daemons[host].containers.get("worker").id
    line = '{"level":"debug","msg":"polled queue","queue":"orders","messages":0,"waited_ms":%d}'

    def debug_logging(n: int = 0) -> None:  # the worker logs every poll at debug level
        write_output(c.sim, chatty, "stdout", [line % (n * 1000 + i) for i in range(1000)])
        c.sim.schedule(SECOND // 2, debug_logging, n + 1)

    debug_logging()
    c.run(60)
    return "worker"


def _disk_solve(c: Cluster) -> str:
    host = next(iter(c.daemons))
    journal = "".join(daemon_log(c.events, host))  # what `journalctl -u docker` shows on the host
    assert "no space left on device" in journal
    unbounded = []
    for name in c.docker("ps -a --format '{{.Names}}'").stdout.split():
        config = json.loads(c.docker(["inspect", "--format", "{{json .HostConfig.LogConfig}}", name]).stdout)
        if config["Type"] == "json-file" and "max-size" not in config["Config"]:
            unbounded.append(name)
    return unbounded[0]


# -- a noisy neighbour starving CPU ------------------------------------------------------------
def _noisy_setup(c: Cluster) -> str:
    c.docker("service create -d --name web --replicas 2 --publish 80:80 nginx:1.27")
    c.run(15)
    Workload(c, "web", rate=40).start()
    node = c.docker("service ps --filter desired-state=running --format '{{.Name}} {{.Node}}' web").stdout.split()[1]
    c.docker(["run", "-d", "--name", "reindex", "alpine:3.20", "sh", "-c", "yes > /dev/null"], on=node)
    hog(c, node, cpus=2.0, duration=3600)  # what the burner does to everything else on that node
    c.run(30)
    return "reindex"


def _noisy_solve(c: Cluster) -> str:
    slow = None
    for line in c.docker("node ls --format '{{.Hostname}}'").stdout.split():
        rows = c.docker(["stats", "--no-stream", "--format", "{{.Name}} {{.CPUPerc}}"], on=line).stdout.split("\n")
        for row in filter(None, rows):
            name, cpu = row.rsplit(" ", 1)
            if slow is None or float(cpu.rstrip("%")) > slow[1]:
                slow = (name, float(cpu.rstrip("%")))
    return slow[0]


def _planted(c: Cluster, planted: str) -> str:
    return planted


SCENARIOS: dict[str, Scenario] = {
    scenario.name: scenario
    for scenario in (
        Scenario(
            "crash-loop",
            "The api service never stays up: its tasks keep being replaced.",
            "Which environment variable makes api crash?",
            "Platform or app? `service ps` shows how the tasks end; `service logs` shows what the app said.",
            _crash_setup,
            _planted,
            _crash_solve,
        ),
        Scenario(
            "failing-health-check",
            "web's nginx starts fine, yet every task is killed after a few seconds (exit 143).",
            "Which port does web's health check probe?",
            "docker events --filter event=health_status, then look at the service's Healthcheck.",
            _health_setup,
            _planted,
            _health_solve,
        ),
        Scenario(
            "image-pull-failure",
            "shop was created, but `service ls` shows 0/2 replicas.",
            "Which image reference cannot be pulled?",
            "`service ps --no-trunc` shows each task's error.",
            _pull_setup,
            _planted,
            _pull_solve,
        ),
        Scenario(
            "oom-kill",
            "report ran for a while, then its task failed and was replaced.",
            "With which exit code did report's container end?",
            "docker events --filter event=oom; `service ps` shows the exit code.",
            _oom_setup,
            _planted,
            _oom_solve,
        ),
        Scenario(
            "dns-typo",
            "api starts, but never talks to its database.",
            "Which host name does api look up?",
            "What did api print? Then test the names from inside its container (`docker exec ... nslookup`).",
            _dns_setup,
            _planted,
            _dns_solve,
        ),
        Scenario(
            "wrong-network",
            "api cannot reach db, although both services run.",
            "Which network is api missing?",
            "A service only reaches the services on a network it shares; compare their networks.",
            _network_setup,
            _planted,
            _network_solve,
        ),
        Scenario(
            "full-disk",
            "Containers on host-1 lose log lines; dockerd's journal shows write errors.",
            "Which container's log filled the disk?",
            "dockerd's journal says why writes fail; `docker inspect` shows each container's LogConfig.",
            _disk_setup,
            _planted,
            _disk_solve,
        ),
        Scenario(
            "noisy-neighbour",
            "Half of web's requests got slow; nothing changed in web.",
            "Which container starves web of CPU?",
            "Compare nodes: `docker stats` on each node shows who uses the CPU.",
            _noisy_setup,
            _planted,
            _noisy_solve,
        ),
        Scenario(
            "monolith-zombies",
            "monolith (a VM image moved into one container) slowly runs out of process slots.",
            "How many zombie processes does monolith carry?",
            "`docker top` lists a container's processes; a zombie shows as <defunct>. Who should reap them?",
            _zombie_setup,
            _zombie_truth,
            _zombie_solve,
        ),
        Scenario(
            "port-already-allocated",
            "`docker start web` fails on host-1.",
            "Which container holds the host port web wants?",
            "Read the error's address, then find who publishes that port (`docker ps`).",
            _port_setup,
            _port_truth,
            _port_solve,
        ),
    )
}
CLUSTERS = {"port-already-allocated": {"hosts": 1}, "monolith-zombies": {"hosts": 1}, "full-disk": {"hosts": 1}}


def load(name: str, seed: int = 7) -> Case:
    """Build scenario ``name`` on a fresh cluster (a one-manager, one-worker swarm unless it needs less)."""
    if name not in SCENARIOS:
        raise KeyError(f"no scenario {name!r}; there are {', '.join(SCENARIOS)}")
    cluster = Cluster(**CLUSTERS.get(name, {"managers": 1, "workers": 1}), seed=seed)
    scenario = SCENARIOS[name]
    return Case(scenario, cluster, scenario.setup(cluster))
