"""The Cluster skeleton: named hosts on one clock, runs, faults, and refusals of bad input."""

import pytest

from caasnb import Cluster
from caasnb.errors import InvalidArgument, NotFound


def test_managers_and_workers_are_named_like_the_design_says():
    assert list(Cluster(managers=3, workers=2, seed=7).hosts) == [
        "manager-1",
        "manager-2",
        "manager-3",
        "worker-1",
        "worker-2",
    ]
    assert list(Cluster(hosts=4, seed=7).hosts) == ["host-1", "host-2", "host-3", "host-4"]


def test_run_advances_simulated_seconds():
    c = Cluster(hosts=3, seed=7)
    c.run(30)
    assert c.now == 30.0
    c.run(0.5)
    assert c.now == 30.5


def test_a_swarm_cluster_starts_formed_after_the_time_its_joins_took():
    c = Cluster(seed=7)
    start = c.now
    assert 0 < start < 5
    assert [e.subject for e in c.events.query("node.create")] and c.swarm.leader == "manager-1"
    c.run(2)
    assert c.now == start + 2


def test_run_until_a_condition_stops_as_soon_as_it_holds_or_gives_up_at_the_timeout():
    c = Cluster(hosts=2, seed=7)
    c.sim.schedule(2_000_000_000, c.crash, "host-2")
    assert c.run(until=lambda c: not c.hosts["host-2"].up, timeout=10) is True
    assert c.now == 2.0
    assert c.run(until=lambda c: c.hosts["host-2"].up, timeout=5) is False
    assert c.now == 7.0


def test_crash_and_restart_are_events():
    c = Cluster(seed=7)
    c.crash("manager-1")
    c.crash("manager-1")  # already down: nothing new happens
    c.restart("manager-1")
    assert [(e.kind, e.subject) for e in c.events.query("host", subject="manager-1")] == [
        ("host.up", "manager-1"),
        ("host.down", "manager-1"),
        ("host.up", "manager-1"),
    ]


@pytest.mark.parametrize(
    "kwargs",
    [{"managers": 0}, {"workers": -1}, {"hosts": 0}, {"hosts": 2, "managers": 1}, {"managers": 2.5}, {"hosts": True}],
)
def test_bad_shapes_are_refused_clearly(kwargs):
    with pytest.raises(InvalidArgument):
        Cluster(**kwargs)


def test_bad_runs_and_unknown_hosts_change_nothing():
    c = Cluster(seed=7)
    before, now = c.trace_hash(), c.now
    with pytest.raises(InvalidArgument):
        c.run(-1)
    with pytest.raises(InvalidArgument):
        c.run()
    with pytest.raises(NotFound):
        c.crash("manager-9")
    assert c.trace_hash() == before and c.now == now


def test_same_seed_same_trace():
    def story(seed):
        c = Cluster(seed=seed)
        c.run(5)
        c.crash("worker-2")
        c.run(5)
        return c.trace_hash()

    assert story(7) == story(7)
