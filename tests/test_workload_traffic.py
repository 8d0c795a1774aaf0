"""The workload model: open-loop traffic round-robin over running tasks, versions, contention, noise."""

import statistics

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import caasnb
from caasnb.errors import InvalidArgument
from caasnb.sim import SECOND, Simulation
from caasnb.workload import DROPPED, HOG, HOG_HEAL, Behaviour, Workload, backends, contention, hog, requests_of


def fresh():
    c = caasnb.Cluster(managers=1, workers=2, seed=7)
    c.docker("network create --driver overlay web-net")
    c.docker("service create --detach --name web --network web-net --replicas 3 nginx:1.26")
    c.run(until=lambda c: len(backends(c, "web")) == 3, timeout=120)
    return c


def test_requests_spread_round_robin_one_event_per_task_and_interval():
    c = fresh()
    w = Workload(c, "web", rate=100, duration=10).start()
    c.run(20)
    events = requests_of(c.sim, "web")
    assert w.sent == 1000 and w.dropped == 0 and not w.running
    assert len(events) == 30  # 3 tasks × 10 one-second batches
    per_node = {}
    for event in events:
        per_node[event.attrs["node"]] = per_node.get(event.attrs["node"], 0) + len(event.attrs["latencies"])
    assert sorted(per_node.values()) == [333, 333, 334]
    assert [e.kind for e in c.events.query(kind="workload")][-1] == "workload.stop"


def test_a_versions_latency_has_its_p50_and_p99():
    rng = Simulation(3).rng("t")
    b = Behaviour(p50_ms=20, p99_ms=80)
    values = sorted(b.latency(rng) for _ in range(40000))
    assert values[20000] == pytest.approx(0.020, rel=0.03)
    assert values[39600] == pytest.approx(0.080, rel=0.06)


@settings(max_examples=30, deadline=None)
@given(st.floats(1, 100), st.floats(1.05, 10), st.floats(1.01, 2))
def test_worse_p99_raises_the_tail_and_keeps_the_median(p50, ratio, factor):
    base = Behaviour(p50_ms=p50, p99_ms=p50 * ratio)
    bad = base.worse(p99=factor)
    assert bad.mu == base.mu and bad.sigma > base.sigma
    assert bad.p99_ms == pytest.approx(base.p99_ms * factor)


def test_bad_behaviour_is_rejected():
    with pytest.raises(InvalidArgument):
        Behaviour(p50_ms=50, p99_ms=40)
    with pytest.raises(InvalidArgument):
        Behaviour(error_rate=1.5)


def test_errors_follow_the_versions_error_rate():
    c = fresh()
    w = Workload(c, "web", rate=1000, duration=20, versions={"nginx:1.26": Behaviour(error_rate=0.05)}).start()
    c.run(25)
    assert w.served == {"nginx:1.26": 20000}
    assert w.failed["nginx:1.26"] / 20000 == pytest.approx(0.05, abs=0.01)


def test_a_cpu_hog_slows_the_tasks_on_its_node_and_heals():
    c = fresh()
    Workload(c, "web", rate=300, duration=40).start()
    h = hog(c, "worker-1", cpus=1.5, duration=20)
    c.run(45)
    assert [e.kind for e in c.events.query(kind=(HOG, HOG_HEAL))] == [HOG, HOG_HEAL]
    assert not contention(c).hogs and h.healed

    def median(node, since, until):
        events = requests_of(c.sim, "web", since * SECOND, until * SECOND)
        return statistics.median(v for e in events if e.attrs["node"] == node for v in e.attrs["latencies"])

    assert median("worker-1", 1, 20) > 3 * median("worker-2", 1, 20)  # 1.5 of 2 CPUs busy: 1/(1-0.8) slower
    assert median("worker-1", 25, 45) == pytest.approx(median("worker-2", 25, 45), rel=0.15)


def test_contention_inflation_grows_with_load():
    c = caasnb.Cluster(managers=1, workers=0, seed=1)
    node = contention(c)
    assert node.inflation("manager-1") == 1.0
    node.report("a", "manager-1", 1.0)
    assert node.inflation("manager-1") == pytest.approx(2.0)
    assert node.inflation("manager-1", exclude="a") == 1.0
    node.report("b", "manager-1", 5.0)
    assert node.inflation("manager-1") == pytest.approx(20.0)  # capped at 95 % utilisation


def test_requests_to_a_service_without_running_tasks_are_dropped():
    c = fresh()
    w = Workload(c, "nothing", rate=10, duration=3).start()
    c.run(5)
    assert w.dropped == 30
    assert [e.attrs["count"] for e in c.events.query(kind=DROPPED)] == [10, 10, 10]


def test_same_seed_same_trace():
    def run():
        c = fresh()
        Workload(c, "web", rate=50, duration=5, noise=0.2, spread=0.3).start()
        hog(c, "manager-1", 0.5, 3)
        c.run(6)
        return c.trace_hash()

    assert run() == run()


def test_a_service_on_no_network_has_no_vip_and_drops_everything():
    c = fresh()
    c.docker("service create --detach --name lonely nginx:1.26")
    c.run(20)
    w = Workload(c, "lonely", rate=10, duration=2).start()
    c.run(3)
    assert (w.sent, w.dropped) == (20, 20)


def test_requests_entering_on_one_side_of_a_partition_reach_only_that_side():
    c = fresh()
    c.partition(["manager-1", "worker-1"], ["worker-2"])
    w = Workload(c, "web", rate=100, duration=2, entry="worker-1").start()
    c.run(3)
    assert {e.attrs["node"] for e in requests_of(c.sim, "web")} == {"manager-1", "worker-1"}
    assert w.dropped == 0
    c.crash("worker-1")
    c.crash("manager-1")
    w = Workload(c, "web", rate=10, duration=1, entry="worker-2", name="after").start()
    c.run(2)
    assert w.served == {"nginx:1.26": 10}


class Split:
    """A target with fixed weights over services that run nowhere (so every request shows as dropped)."""

    name = "split"

    def __init__(self, weights):
        self._weights = weights

    def weights(self):
        return self._weights


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.integers(0, 100), min_size=1, max_size=4).filter(any),
    st.floats(0.5, 300),
    st.integers(1, 30),
)
def test_weighted_split_loses_no_request_and_keeps_the_proportions(weights, rate, seconds):
    c = caasnb.Cluster(managers=1, workers=0, seed=1)
    target = {f"v{i}": w for i, w in enumerate(weights)}
    w = Workload(c, Split(target), rate=rate, duration=seconds).start()
    c.run(seconds + 1)
    got = {}
    for event in c.events.query(kind=DROPPED):
        got[event.attrs["service"]] = got.get(event.attrs["service"], 0) + event.attrs["count"]
    assert sum(got.values()) == w.sent == w.dropped == int(rate * seconds + 1e-9)
    total = sum(weights)
    for service, weight in target.items():
        assert abs(got.get(service, 0) - w.sent * weight / total) <= 1
