"""Containers wired straight through the hosts' network controllers, for the net tests.

What ``docker run`` does to the network (a sandbox per container, endpoints on its networks,
listening sockets, published ports), for any port and without images; swarm tasks get
theirs from the agent and the container runtime.
"""

from __future__ import annotations

import hashlib

from caasnb.net.cnm import Sandbox


def container(cluster, host, name, *networks, aliases=(), listen=(), publish=(), ip=""):
    """A running container ``name`` on ``host`` joined to ``networks`` (default: the default bridge)."""
    controller = cluster.daemons[host].networks.controller
    container_id = hashlib.sha256(name.encode()).hexdigest()
    mode = networks[0] if networks else "bridge"
    sandbox = Sandbox(container_id, name, container_id[:12], host, mode, controller.nameservers)
    controller.sandboxes[container_id] = sandbox
    if mode != "host":
        for network in networks or ("bridge",):
            found = cluster.daemons[host].networks.for_container(network)  # installs a swarm network here
            controller.connect(found.id, sandbox, aliases=aliases, ipv4=ip, managed=True)
    for port in listen:
        controller.listen(sandbox, port)
    for container_port, host_port in publish:
        controller.publish(sandbox, container_port, host_port=host_port)
    return sandbox


def lab(seed=7):
    """A small swarm wired with one of everything the reachability table needs."""
    import caasnb

    c = caasnb.Cluster(managers=1, workers=2, seed=seed)
    for line, host in (
        ("network create front", "manager-1"),
        ("network create back", "manager-1"),
        ("network create --internal vault", "manager-1"),
        ("network create -o com.docker.network.bridge.enable_icc=false noicc", "manager-1"),
        ("network create -d macvlan --subnet 192.168.50.0/24 -o parent=eth0 lan", "manager-1"),
        ("network create -d macvlan --subnet 192.168.50.0/24 -o parent=eth0 lan", "worker-1"),
        ("network create -d overlay --attachable app", "manager-1"),
        ("service create -d --name web --replicas 2 --network app -p 8080:80 nginx:1.27", "manager-1"),
    ):
        assert c.docker(line, on=host).exit_code == 0, line
    c.run(30)
    container(c, "manager-1", "a1", "front")
    container(c, "manager-1", "a2", "front", aliases=("api",), listen=(80,))
    container(c, "manager-1", "b1", "back", listen=(5432,))
    container(c, "manager-1", "d1")
    container(c, "manager-1", "d2", listen=(80,), publish=((80, 8081),))
    container(c, "manager-1", "v1", "vault")
    container(c, "manager-1", "v2", "vault", listen=(80,))
    container(c, "manager-1", "n1", "noicc")
    container(c, "manager-1", "n2", "noicc", listen=(80,))
    container(c, "manager-1", "h1", "host", listen=(9000,))
    container(c, "manager-1", "z1", "none")
    container(c, "manager-1", "m1", "lan", listen=(80,), ip="192.168.50.10")
    container(c, "worker-1", "m2", "lan", listen=(80,), ip="192.168.50.20")
    container(c, "manager-1", "o1", "app")
    container(c, "worker-1", "o2", "app", listen=(80,))
    return c
