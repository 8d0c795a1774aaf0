"""Random chaos schedules: every fault heals, and the swarm comes back to what it was asked to run.

Hypothesis draws a schedule of overlapping faults (machines crashed, engines restarted,
partitions, isolated hosts, slow and lossy links, skewed clocks, CPU and memory noisy
neighbours, full disks, a zone outage, task containers killed, paused or stopped) against a
3-manager, 2-worker swarm running two services, with Raft's safety checked at every step. Once the last fault has
healed: no fault is active, every injection has its healing event, every host, link, clock
and disk is as before, and within a few minutes there is a leader, every node is Ready and
every service runs its desired replicas."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from caasnb import Cluster
from caasnb.errors import DockerError
from caasnb.raft.check import SafetyChecker
from caasnb.sim import SECOND

HOSTS = ["manager-1", "manager-2", "manager-3", "worker-1", "worker-2"]
SERVICES = {"web": 4, "api": 3}

hosts = st.sampled_from(HOSTS)
link = st.sampled_from([f"{a}{way}{b}" for a in HOSTS for b in HOSTS if a != b for way in ("->", "<->")])
group = st.lists(hosts, min_size=1, max_size=2, unique=True)
fault = st.one_of(
    st.tuples(st.just("crash"), hosts, st.just({})),
    st.tuples(st.just("restart"), hosts, st.just({})),
    st.tuples(st.just("isolate"), hosts, st.just({})),
    st.tuples(st.just("partition"), group.map(lambda g: [g]), st.just({})),
    st.tuples(st.just("delay"), link | hosts, st.builds(lambda ms: {"delay": f"{ms}ms"}, st.integers(1, 500))),
    st.tuples(st.just("loss"), link, st.builds(lambda p: {"loss": p}, st.sampled_from([0.1, 0.3, 0.6]))),
    st.tuples(st.just("clock-skew"), hosts, st.builds(lambda h: {"offset": f"{h}h"}, st.sampled_from([-3, 1, 3000]))),
    st.tuples(st.just("cpu-hog"), hosts, st.just({"cpus": 1.0})),
    st.tuples(st.just("memory-hog"), hosts, st.just({})),
    st.tuples(st.just("disk-full"), hosts, st.just({})),
    st.tuples(st.just("zone"), st.just("a"), st.just({})),
    st.tuples(st.sampled_from(["kill", "pause", "stop"]), st.integers(0, 6), st.just({})),  # the n-th task container
)
schedule = st.lists(st.tuples(st.integers(0, 40), st.integers(1, 90), fault), min_size=1, max_size=6)


def converged(c: Cluster) -> bool:
    leader = c.swarm.leader
    if leader is None:
        return False
    daemon = c.daemons[leader]
    try:
        nodes = daemon.node_list()
        services = daemon.service_list(status=True)
    except DockerError:
        return False
    ready = all(n["Status"]["State"] == "ready" for n in nodes)
    running = {s["Spec"]["Name"]: s["ServiceStatus"]["RunningTasks"] for s in services}
    return ready and running == SERVICES


def task_container(c: Cluster, index: int) -> str | None:
    """The ``index``-th (mod how many) running task container on the running hosts, by name."""
    names = sorted(
        summary["Names"][0].lstrip("/")
        for host, daemon in c.daemons.items()
        if c.hosts[host].up
        for summary in daemon.containers.list()
    )
    return names[index % len(names)] if names else None


def run_schedule(plan) -> tuple[Cluster, dict]:
    """Run a chaos schedule on a fresh swarm until every fault has healed; returns it and its links before."""
    c = Cluster(managers=3, workers=2, seed=11)
    c.swarm.group.checker = SafetyChecker(c.sim)
    for name, replicas in SERVICES.items():
        c.docker(f"service create -q --name {name} --replicas {replicas} nginx:1.27")
    c.docker("node update --label-add zone=a worker-2")
    c.docker("node update --label-add zone=a manager-3")
    c.run(until=converged, timeout=120)
    links = {(a, b): c.net.link(a, b).settings() for a in HOSTS for b in HOSTS if a != b}
    start = c.sim.now
    for offset, duration, (kind, target, params) in sorted(plan, key=lambda step: step[0]):
        c.run(max(0, start + offset * SECOND - c.sim.now) / SECOND)
        if isinstance(target, int):
            target = task_container(c, target)
        try:
            c.chaos.inject(kind, target, duration=f"{duration}s", **params)
        except DockerError:
            pass  # refused (an engine already stopped, a disk already full): nothing happened
    c.run(until=lambda c: not c.chaos.active, timeout=200)
    return c, links


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(schedule)
def test_every_fault_heals_and_the_swarm_reconverges(plan):
    c, links = run_schedule(plan)
    assert c.chaos.active == []
    injected = [e.subject for e in c.events.query("chaos.inject")]
    assert sorted(e.subject for e in c.events.query("chaos.heal")) == sorted(injected)
    assert all(h.up and h.clock_offset == 0 and h.disk_free is None for h in c.hosts.values())
    assert not any(c.net.blocked(a, b) for a, b in links)
    assert {pair: c.net.link(*pair).settings() for pair in links} == links
    assert c.run(until=converged, timeout=300), c.docker("service ls").stdout + c.docker("node ls").stdout


def test_a_task_failed_across_a_re_election_is_replaced():
    c = Cluster(managers=3, workers=2, seed=11)
    for name, replicas in SERVICES.items():
        c.docker(f"service create -q --name {name} --replicas {replicas} nginx:1.27")
    c.run(until=converged, timeout=120)
    start = c.sim.now
    plan = [
        (0, "disk-full", "manager-1", {}, "72s"),
        (20, "partition", [["manager-1", "manager-2"]], {}, "8s"),
        (21, "crash", "manager-2", {}, "12s"),
        (31, "isolate", "manager-3", {}, "89s"),
        (35, "crash", "manager-1", {}, "73s"),
    ]
    for offset, kind, target, params, duration in plan:
        c.run((start + offset * SECOND - c.sim.now) / SECOND)
        c.chaos.inject(kind, target, duration=duration, **params)
    c.run(until=lambda c: not c.chaos.active, timeout=200)
    assert c.run(until=converged, timeout=300)
