"""How fast does a simulated swarm converge? One JSON line.

For each size, a swarm of N nodes (3 managers) is formed, one replicated service of T
tasks is created through the daemon's ServiceCreate call, and the simulation runs until
every task is RUNNING; the wall time of that run is reported, with the simulated time it
took. Then the course's redis rolling update (10 replicas, parallelism 2, delay 10 s) is
timed: simulated seconds per wall second.

    python benchmarks/swarm.py              # 100/3,000, 1,000/30,000 and 5,000/150,000
    python benchmarks/swarm.py --quick      # the two smaller sizes only
"""

from __future__ import annotations

import json
import sys
import time

from caasnb import Cluster
from caasnb.sim import SECOND
from caasnb.swarm.tasks import TaskState

SIZES = [(100, 3_000), (1_000, 30_000), (5_000, 150_000)]
POLL = 0.5  # simulated seconds between convergence checks


def running(cluster: Cluster) -> int:
    store = cluster.swarm.store(cluster.swarm.leader)
    return sum(task.status.state == TaskState.RUNNING for task in store.tasks.values())


def converge(nodes: int, tasks: int) -> dict:
    start = time.perf_counter()
    cluster = Cluster(managers=3, workers=nodes - 3, seed=1)
    formed = time.perf_counter()
    spec = {"Name": "web", "TaskTemplate": {"ContainerSpec": {"Image": "nginx:1.27"}}}
    cluster.daemons["manager-1"].service_create(spec | {"Mode": {"Replicated": {"Replicas": tasks}}})
    created = cluster.sim.now
    while running(cluster) < tasks:
        cluster.run(POLL)
    done = time.perf_counter()
    return {
        "nodes": nodes,
        "tasks": tasks,
        "form_wall_s": round(formed - start, 2),
        "converge_wall_s": round(done - formed, 2),
        "converge_sim_s": round((cluster.sim.now - created) / SECOND, 1),
    }


def redis_update() -> dict:
    """The course's example, driven through the docker command language."""
    cluster = Cluster(managers=3, workers=2, seed=7)
    cluster.docker("service create -d --replicas 10 --name redis --update-delay 10s --update-parallelism 2 redis:3.0.5")
    cluster.run(30)
    begin_sim, begin_wall = cluster.sim.now, time.perf_counter()
    cluster.docker("service update -d --image redis:3.0.7 redis")
    daemon = cluster.daemons["manager-1"]
    cluster.run(until=lambda c: daemon.service_inspect("redis")["UpdateStatus"]["State"] == "completed", timeout=600)
    sim_s = (cluster.sim.now - begin_sim) / SECOND
    wall_s = time.perf_counter() - begin_wall
    return {"update_sim_s": round(sim_s, 1), "sim_s_per_wall_s": round(sim_s / wall_s)}


def main(quick: bool) -> None:
    sizes = SIZES[:2] if quick else SIZES
    result = {"benchmark": "swarm", "converge": [converge(n, t) for n, t in sizes], "redis_update": redis_update()}
    print(json.dumps(result))


if __name__ == "__main__":
    main("--quick" in sys.argv[1:])
