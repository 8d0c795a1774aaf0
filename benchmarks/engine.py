"""How fast is the Engine API through its unix socket? One JSON line.

A 1,000-node swarm (3 managers) runs one replicated service of 30,000 tasks, formed and
converged as ``benchmarks/swarm.py`` does, then is served with time frozen (``speed=0``).
Over one keep-alive connection:

* ``services_per_s`` / ``tasks_per_s``: ``GET /services`` and ``GET /tasks`` answered per
  second (the tasks answer is every task's JSON), with the answer's size;
* ``docker_service_ls_ms``: wall time of the real ``docker service ls`` (median of 5), when a
  docker CLI is installed (null otherwise).

    python benchmarks/engine.py            # 1,000 nodes / 30,000 tasks
    python benchmarks/engine.py --quick    # 100 nodes / 3,000 tasks
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time

from caasnb import Cluster
from caasnb.swarm.tasks import TaskState

POLL = 0.5  # simulated seconds between convergence checks
MEASURE_S = 3.0  # wall seconds spent on each endpoint


class UnixConnection(http.client.HTTPConnection):
    def __init__(self, path: str) -> None:
        super().__init__("localhost", timeout=300)
        self.path = path

    def connect(self) -> None:
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(self.path)


def converged_swarm(nodes: int, tasks: int) -> Cluster:
    cluster = Cluster(managers=3, workers=nodes - 3, seed=1)
    spec = {"Name": "web", "TaskTemplate": {"ContainerSpec": {"Image": "nginx:1.27"}}}
    cluster.daemons["manager-1"].service_create(spec | {"Mode": {"Replicated": {"Replicas": tasks}}})
    store = cluster.swarm.store(cluster.swarm.leader)
    while sum(task.status.state == TaskState.RUNNING for task in store.tasks.values()) < tasks:
        cluster.run(POLL)
    return cluster


def rate(connection: UnixConnection, path: str) -> dict:
    """Requests per second for ``GET path`` over one connection, for about MEASURE_S wall seconds."""
    count, size, start = 0, 0, time.perf_counter()
    while count < 3 or time.perf_counter() - start < MEASURE_S:
        connection.request("GET", path)
        response = connection.getresponse()
        size = len(response.read())
        assert response.status == 200, response.status
        count += 1
    return {"per_s": round(count / (time.perf_counter() - start), 1), "bytes": size}


def cli_latency_ms(docker_host: str) -> float | None:
    docker = shutil.which("docker")
    if docker is None:
        return None
    env = {**os.environ, "DOCKER_HOST": docker_host}
    times = []
    for _ in range(5):
        start = time.perf_counter()
        subprocess.run([docker, "service", "ls"], env=env, check=True, capture_output=True)
        times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 1)


def main(quick: bool) -> None:
    nodes, tasks = (100, 3_000) if quick else (1_000, 30_000)
    start = time.perf_counter()
    cluster = converged_swarm(nodes, tasks)
    built = time.perf_counter() - start
    with cluster.serve("manager-1", speed=0) as served:
        connection = UnixConnection(str(served.facade.socket_path))
        services, task_list = rate(connection, "/v1.50/services"), rate(connection, "/v1.50/tasks")
        connection.close()
        cli_ms = cli_latency_ms(served.docker_host)
    result = {
        "benchmark": "engine",
        "nodes": nodes,
        "tasks": tasks,
        "build_wall_s": round(built, 1),
        "services_per_s": services["per_s"],
        "services_bytes": services["bytes"],
        "tasks_per_s": task_list["per_s"],
        "tasks_bytes": task_list["bytes"],
        "docker_service_ls_ms": cli_ms,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main("--quick" in sys.argv[1:])
