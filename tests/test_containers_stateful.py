"""Random container sessions on one host keep Docker's invariants (Hypothesis state machine).

Names stay unique, no two endpoints of a network share an address, a removed container
leaves no endpoint and no host port behind, and a rejected request changes nothing.
"""

from __future__ import annotations

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

import caasnb
from caasnb.errors import DockerError

NAMES = st.sampled_from(["web", "db", "cache", "job"])
IMAGES = st.sampled_from([("nginx:1.27", []), ("alpine", ["sleep", "30"]), ("alpine", ["false"])])
PORTS = st.sampled_from([None, "8080", "8081"])


class ContainerSession(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.cluster = caasnb.Cluster(hosts=1, seed=3)
        daemon = self.cluster.daemons["host-1"]
        for ref in ("nginx:1.27", "alpine"):
            daemon.images.pull(ref)
        daemon.networks.create({"Name": "backend"})
        self.runtime = daemon.containers
        self.controller = daemon.networks.controller

    def snapshot(self) -> tuple:
        containers = tuple(
            (c.id, c.name, c.status, c.exit_code, tuple(sorted(c.endpoints_config)))
            for c in self.runtime.containers.values()
        )
        endpoints = tuple(
            sorted((n.name, ep.id) for n in self.controller.networks.values() for ep in n.endpoints.values())
        )
        ports = tuple(sorted((key, tuple(sorted(held))) for key, held in self.controller.ports._held.items()))
        return containers, endpoints, ports

    def attempt(self, action) -> None:
        before = self.snapshot()
        try:
            action()
        except DockerError:
            assert self.snapshot() == before, "a rejected request changed something"

    @rule(name=NAMES, image=IMAGES, port=PORTS, restart=st.sampled_from(["no", "always", "on-failure"]))
    def run(self, name, image, port, restart) -> None:
        ref, cmd = image
        host_config = {"RestartPolicy": {"Name": restart}}
        if port:
            host_config["PortBindings"] = {"80/tcp": [{"HostPort": port}]}
        body = {"Image": ref, "Cmd": cmd or None, "HostConfig": host_config}

        def create_and_start() -> None:
            created = self.runtime.create(body, name)
            try:
                self.runtime.start(created["Id"])
            except DockerError:
                self.runtime.remove(created["Id"], force=True)
                raise

        self.attempt(create_and_start)

    @rule(name=NAMES)
    def stop(self, name) -> None:
        self.attempt(lambda: self.runtime.stop(name, timeout=1))

    @rule(name=NAMES, signal=st.sampled_from(["KILL", "TERM"]))
    def kill(self, name, signal) -> None:
        self.attempt(lambda: self.runtime.kill(name, signal))

    @rule(name=NAMES, force=st.booleans())
    def remove(self, name, force) -> None:
        self.attempt(lambda: self.runtime.remove(name, force=force))

    @rule(name=NAMES)
    def connect(self, name) -> None:
        self.attempt(lambda: self.runtime.connect(name, "backend", {}))

    @rule(name=NAMES)
    def disconnect(self, name) -> None:
        self.attempt(lambda: self.runtime.disconnect(name, "backend"))

    @rule(seconds=st.sampled_from([0.1, 1, 5]))
    def wait(self, seconds) -> None:
        self.cluster.run(seconds)

    @invariant()
    def names_are_unique(self) -> None:
        names = [c.name for c in self.runtime.containers.values()]
        assert len(names) == len(set(names))

    @invariant()
    def addresses_are_unique_per_network(self) -> None:
        for network in self.controller.networks.values():
            addresses = [str(ep.ipv4.ip) for ep in network.endpoints.values() if ep.ipv4]
            assert len(addresses) == len(set(addresses)), network.name

    @invariant()
    def only_running_containers_hold_endpoints_and_ports(self) -> None:
        live = {c.id for c in self.runtime.containers.values() if c.status in ("running", "paused")}
        for network in self.controller.networks.values():
            for endpoint in network.endpoints.values():
                assert endpoint.sandbox.container_id in live
        held = {port for (ip, proto), ports in self.controller.ports._held.items() for port in ports}
        published = {b.host_port for c in self.runtime.containers.values() if c.sandbox for b in c.sandbox.ports}
        assert held == published


TestContainerSession = ContainerSession.TestCase
TestContainerSession.settings = settings(max_examples=50, stateful_step_count=30, deadline=None)
