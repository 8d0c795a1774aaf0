"""How fast are reachability questions and routing-mesh requests? One JSON line.

A swarm of 5 nodes gets 50 networks (10 attachable overlays and 8 bridges per node) and
1,000 running nginx containers, 20 per network, made through each host's container runtime.
Then 2,000 reachability queries between random containers (half by name on a shared network,
half by the other's IP, which is often on another network) are timed one by one: median and
95th percentile latency. Finally a 12-replica service published through the ingress routing
mesh takes requests on every node in turn: requests simulated per wall second.

    python benchmarks/net.py
"""

from __future__ import annotations

import json
import random
import statistics
import time

from caasnb import Cluster
from caasnb.net import mesh, probe

NODES = 5
OVERLAYS = 10
BRIDGES_PER_NODE = 8
PER_NETWORK = 20
QUERIES = 2_000
MESH_REQUESTS = 5_000


def build() -> tuple[Cluster, list[tuple[str, str]]]:
    """The cluster and its containers as (name, network)."""
    cluster = Cluster(managers=1, workers=NODES - 1, seed=1)
    hosts = list(cluster.daemons)
    networks = [(f"ov{i}", "", "-d overlay --attachable") for i in range(OVERLAYS)]
    networks += [(f"br{h}-{i}", host, "") for h, host in enumerate(hosts) for i in range(BRIDGES_PER_NODE)]
    for daemon in cluster.daemons.values():
        daemon.images.pull("nginx:1.27")
    containers = []
    for index, (network, host, flags) in enumerate(networks):
        assert cluster.docker(f"network create {flags} {network}", on=host or hosts[0]).exit_code == 0
        for n in range(PER_NETWORK):
            name = f"c{index}-{n}"
            where = host or hosts[n % len(hosts)]
            runtime = cluster.daemons[where].containers
            body = {"Image": "nginx:1.27", "HostConfig": {"NetworkMode": network}}
            runtime.start(runtime.create(body, name)["Id"])
            containers.append((name, network))
    return cluster, containers


def reach_latency(cluster: Cluster, containers: list[tuple[str, str]]) -> dict:
    rng = random.Random(1)
    by_network: dict[str, list[str]] = {}
    for name, network in containers:
        by_network.setdefault(network, []).append(name)
    addresses = {}
    for daemon in cluster.daemons.values():
        for container in daemon.containers.list():
            sandbox = daemon.containers.get(container["Id"]).sandbox
            addresses[sandbox.name] = str(sandbox.endpoints[0].ipv4.ip)
    probe(cluster, containers[0][0], containers[1][0])  # build the topology index once
    samples, verdicts = [], {}
    for i in range(QUERIES):
        source, network = rng.choice(containers)
        if i % 2:
            target = f"{rng.choice(by_network[network])}:80"
        else:
            target = f"{addresses[rng.choice(containers)[0]]}:80"
        start = time.perf_counter()
        result = probe(cluster, source, target)
        samples.append(time.perf_counter() - start)
        verdicts[result.verdict] = verdicts.get(result.verdict, 0) + 1
    samples.sort()
    return {
        "reach_median_us": round(statistics.median(samples) * 1e6, 1),
        "reach_p95_us": round(samples[int(len(samples) * 0.95)] * 1e6, 1),
        "reach_verdicts": dict(sorted(verdicts.items())),
    }


def mesh_rate(cluster: Cluster) -> dict:
    cluster.docker("service create -d --name web --replicas 12 -p 8080:80 nginx:1.27")
    cluster.run(60)
    nodes = list(cluster.daemons)
    answered = 0
    start = time.perf_counter()
    for i in range(MESH_REQUESTS):
        answered += mesh.request(cluster, nodes[i % len(nodes)], 8080).ok
    wall = time.perf_counter() - start
    return {"mesh_requests_per_s": round(MESH_REQUESTS / wall), "mesh_answered": answered}


def main() -> None:
    start = time.perf_counter()
    cluster, containers = build()
    built = time.perf_counter() - start
    row = {"benchmark": "net", "containers": len(containers), "networks": OVERLAYS + BRIDGES_PER_NODE * NODES}
    row["build_wall_s"] = round(built, 2)
    row |= reach_latency(cluster, containers)
    row |= mesh_rate(cluster)
    print(json.dumps(row))


if __name__ == "__main__":
    main()
