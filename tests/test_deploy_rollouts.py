"""Blue/green, canary and rolling releases under one workload: what each does to the traffic."""

import pytest

import caasnb
from caasnb.deploy import BlueGreen, Canary, Router
from caasnb.deploy.release import NEW, RELEASES, STABLE, compare_strategies, release
from caasnb.deploy.services import wait_running
from caasnb.errors import InvalidArgument
from caasnb.workload import DROPPED, Behaviour, Workload, requests_of


def app(live="web", seed=7, new="slow-tail"):
    c = caasnb.Cluster(managers=1, workers=3, seed=seed)
    c.docker("network create --driver overlay web-net")
    c.docker(f"service create --detach --name {live} --network web-net --replicas 4 {STABLE}")
    wait_running(c, live, STABLE, 4)
    router = Router(c, "web", {live: 100})
    versions = {STABLE: RELEASES["good"], NEW: RELEASES[new]}
    workload = Workload(c, router, rate=200, versions=versions).start()
    c.run(30)
    return c, router, workload


def test_blue_green_never_drops_a_request_during_the_switch():
    c, router, workload = app("web-blue", new="good")
    release = BlueGreen(workload, NEW, keep_s=30)
    assert release.run() == "promoted"
    switch = release.switched_at
    assert not c.events.query(kind=DROPPED) and workload.dropped == 0
    before = requests_of(c.sim, "web-blue", switch - 1_000_000_000 + 1, switch)
    after = requests_of(c.sim, "web-green", switch + 1, switch + 1_000_000_000)
    assert sum(len(e.attrs["latencies"]) for e in before) == 200  # the last second on blue...
    assert sum(len(e.attrs["latencies"]) for e in after) == 200  # ...and the next on green: none lost
    assert router.weights() == {"web-green": 100.0}
    assert "web-blue" not in c.docker("service ls --format {{.Name}}").stdout  # retired


def test_blue_green_switches_back_when_the_live_analysis_fails():
    c, router, workload = app("web-blue", new="slow-tail")
    assert BlueGreen(workload, NEW).run() == "rolled back"
    assert router.weights() == {"web-blue": 100.0}
    assert c.docker("service ls --format {{.Name}}").stdout.split() == ["web-blue"]


def test_canary_rollback_restores_all_traffic_to_the_baseline():
    c, router, workload = app(new="errors")
    canary = Canary(workload, NEW, interval=60, threshold=1)
    assert canary.run() == "rolled back"
    rolled_back = router.history[-1][0]
    assert router.weights() == {"web": 100.0}
    c.run(30)
    assert not requests_of(c.sim, "web-canary", rolled_back + 1)  # nothing reaches the canary any more
    assert sum(len(e.attrs["latencies"]) for e in requests_of(c.sim, "web", c.sim.now - 10**10 + 1)) == 2000
    decision = c.events.query(kind="deploy.decision", where=lambda e: e.attrs["action"] == "rollback")[0]
    analysis = c.events.query(kind="deploy.analysis")[-1]
    errors = next(m for m in analysis.attrs["metrics"] if m["name"] == "errors")
    assert errors["classification"] == "High" and errors["p_value"] < 0.05 and errors["critical"]
    assert analysis.attrs["outcome"] == "fail" and "critical metric failed: errors" in decision.attrs["reason"]


def test_canary_steps_up_to_max_weight_then_promotes():
    c, router, workload = app(new="good")
    canary = Canary(workload, NEW, step_weight=20, max_weight=40, interval=30)
    assert canary.run() == "promoted"
    splits = [weights for _, weights in router.history]
    assert {"web": 60.0, "web-baseline": 20.0, "web-canary": 20.0} in splits
    assert {"web": 20.0, "web-baseline": 40.0, "web-canary": 40.0} in splits
    assert splits[-1] == {"web": 100.0}
    assert c.docker("service ls --format {{.Name}}:{{.Image}}").stdout.split() == [f"web:{NEW}"]


def test_abort_by_hand_rolls_back_at_once():
    c, router, workload = app(new="good")
    canary = Canary(workload, NEW, interval=60).start()
    c.run(10)
    canary.abort()
    assert canary.phase == "rolled back" and router.weights() == {"web": 100.0}
    canary.finish()
    assert c.docker("service ls --format {{.Name}}").stdout.split() == ["web"]


def test_a_rollout_needs_a_router_with_one_live_service():
    c, router, workload = app(new="good")
    with pytest.raises(InvalidArgument):
        Canary(Workload(c, "web", 10), NEW)
    router.route({"web": 50, "other": 50})
    with pytest.raises(InvalidArgument):
        Canary(workload, NEW)
    with pytest.raises(InvalidArgument):
        router.route({"web": 50})


def test_three_strategies_on_one_seed_with_a_subtly_bad_release():
    rows = {row["strategy"]: row for row in compare_strategies(seed=3, new="slow-tail")}
    assert rows["rolling"]["phase"] == "promoted"  # task health cannot see a slow tail
    assert rows["bluegreen"]["phase"] == "rolled back"  # seen only after every user got it
    assert rows["canary"]["phase"] == "rolled back"
    assert rows["canary"]["exposed"] < rows["bluegreen"]["exposed"]
    assert all(row["dropped"] == 0 for row in rows.values())


def test_release_is_deterministic():
    assert release("canary", 5, "errors") == release("canary", 5, "errors")


def test_behaviour_of_releases():
    assert RELEASES["errors"].error_rate == pytest.approx(0.005)
    assert RELEASES["slow-tail"].p99_ms == pytest.approx(Behaviour().p99_ms * 1.2)


def test_a_rejected_canary_configuration_changes_nothing():
    c, router, workload = app(new="good")
    before = len(c.events)
    for options in ({"max_weight": 60}, {"step_weight": 0}, {"threshold": 0}, {"interval": 0}):
        with pytest.raises(InvalidArgument):
            Canary(workload, NEW, **options)
    assert len(c.events) == before
