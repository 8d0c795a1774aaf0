"""Random histories of services and faults: the swarm keeps its promises.

Hypothesis drives a 3-manager, 2-worker swarm through service creates, scales, image
updates and removals mixed with host crashes, restarts and the passing of time. After
every step: a committed spec is never lost, and a stop-first update never runs more than
replicas + parallelism tasks. At the end, once every host is back, every service
converges to its desired state.
"""

from __future__ import annotations

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from caasnb import Cluster
from caasnb.errors import DockerError
from caasnb.swarm.tasks import TaskState

HOSTS = ["manager-1", "manager-2", "manager-3", "worker-1", "worker-2"]
IMAGES = ["nginx:1.27", "nginx:1.28", "redis:7.2", "redis:7.4"]
NAMES = ["web", "api", "db"]
PARALLELISM = 2


def spec(name: str, image: str, replicas: int) -> dict:
    return {
        "Name": name,
        "TaskTemplate": {"ContainerSpec": {"Image": image}},
        "Mode": {"Replicated": {"Replicas": replicas}},
        "UpdateConfig": {"Parallelism": PARALLELISM, "Order": "stop-first", "Monitor": 5_000_000_000},
    }


class SwarmHistory(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.cluster = Cluster(managers=3, workers=2, seed=5)
        self.committed: dict[str, tuple[str, int]] = {}  # name -> (image, replicas) as last acknowledged
        self.uncertain: set[str] = set()  # a write failed with a timeout: it may or may not have committed
        self.bound: dict[str, int] = {}  # replicas a service may still be running (a scale-down takes a moment)

    def leader_daemon(self):
        leader = self.cluster.swarm.leader
        return self.cluster.daemons[leader] if leader else None

    def write(self, action) -> None:
        daemon = self.leader_daemon()
        if daemon is None:
            return
        try:
            action(daemon)
        except DockerError as error:
            if "DeadlineExceeded" in str(error) or "lost leader" in str(error):
                self.uncertain.add("any")

    @rule(name=st.sampled_from(NAMES), image=st.sampled_from(IMAGES), replicas=st.integers(0, 4))
    def create(self, name, image, replicas):
        if name in self.committed:
            return

        def act(daemon):
            daemon.service_create(spec(name, image, replicas))
            self.committed[name] = (image, replicas)
            self.bound[name] = replicas

        self.write(act)

    @rule(name=st.sampled_from(NAMES), image=st.sampled_from(IMAGES), replicas=st.integers(0, 4))
    def update(self, name, image, replicas):
        if name not in self.committed:
            return

        def act(daemon):
            current = daemon.service_inspect(name)
            daemon.service_update(name, current["Version"]["Index"], spec(name, image, replicas))
            self.committed[name] = (image, replicas)
            self.bound[name] = max(self.bound.get(name, 0), replicas)

        self.write(act)

    @rule(name=st.sampled_from(NAMES))
    def remove(self, name):
        if name not in self.committed:
            return

        def act(daemon):
            daemon.service_delete(name)
            del self.committed[name]

        self.write(act)

    @rule(host=st.sampled_from(HOSTS))
    def crash(self, host):
        self.cluster.crash(host)

    @rule(host=st.sampled_from(HOSTS))
    def restart(self, host):
        self.cluster.restart(host)

    @rule(seconds=st.sampled_from([1, 5, 20]))
    def wait(self, seconds):
        self.cluster.run(seconds)
        if seconds >= 20:  # long enough for every shutdown to finish
            self.bound = {name: replicas for name, (_, replicas) in self.committed.items()}

    def leader_store(self):
        leader = self.cluster.swarm.leader
        return self.cluster.swarm.store(leader) if leader else None

    @precondition(lambda self: not self.uncertain)
    @invariant()
    def committed_specs_are_kept(self):
        store = self.leader_store()
        if store is None:
            return
        named = {service.name: service for service in store.services.values()}
        assert set(named) == set(self.committed)
        for name, (image, replicas) in self.committed.items():
            service = named[name]
            assert service.spec.task_template.container_spec.image == image
            assert service.spec.mode.replicas == replicas

    @invariant()
    def stop_first_never_exceeds_replicas_plus_parallelism(self):
        store = self.leader_store()
        if store is None:
            return
        for service in store.services.values():
            running = [
                t
                for t in store.service_tasks(service.id)
                if t.status.state == TaskState.RUNNING and t.desired_state <= TaskState.RUNNING
            ]
            bound = max(self.bound.get(service.name, 0), service.spec.mode.replicas)
            assert len(running) <= bound + PARALLELISM

    def teardown(self):
        """Every service converges once every host is back."""
        for host in HOSTS:
            self.cluster.restart(host)
        self.cluster.run(60)
        store = self.leader_store()
        assert store is not None, "no leader a minute after every host came back"
        self.cluster.run(until=lambda c: _converged(self.leader_store()), timeout=300)
        assert _converged(self.leader_store())


def _converged(store) -> bool:
    if store is None:
        return False
    for service in store.services.values():
        template = service.spec.task_template
        running = [
            t
            for t in store.service_tasks(service.id)
            if t.status.state == TaskState.RUNNING and t.desired_state <= TaskState.RUNNING and t.spec == template
        ]
        if len(running) != service.spec.mode.replicas:
            return False
    return True


SwarmHistory.TestCase.settings = settings(max_examples=150, stateful_step_count=25, deadline=None)
TestSwarmHistory = SwarmHistory.TestCase
