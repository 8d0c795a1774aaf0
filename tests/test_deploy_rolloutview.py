"""RolloutView's Python side: what it syncs for each strategy, and promote/abort from the browser."""

import pytest

import caasnb
from caasnb.deploy import BlueGreen, Canary, Rolling, Router
from caasnb.deploy.release import NEW, RELEASES, STABLE
from caasnb.deploy.services import wait_running
from caasnb.widgets import RolloutView
from caasnb.workload import Workload


def app(live, new="good"):
    c = caasnb.Cluster(managers=1, workers=2, seed=7)
    c.docker("network create --driver overlay web-net")
    c.docker(f"service create --detach --name {live} --network web-net --replicas 3 {STABLE}")
    wait_running(c, live, STABLE, 3)
    versions = {STABLE: RELEASES["good"], NEW: RELEASES[new]}
    return c, Workload(c, Router(c, "web", {live: 100}), rate=100, versions=versions).start()


def test_a_canarys_analyses_split_and_version_map():
    c, load = app("web", new="errors")
    canary = Canary(load, NEW, interval=30, threshold=3).start()
    view = RolloutView(canary)
    assert (view.phase, view.controllable, view.title) == ("progressing", True, "canary:web → nginx:1.27")
    view.advance(31)
    (row,) = view.analyses
    assert set(row["services"]) == {"web", "web-baseline", "web-canary"}
    assert row["services"]["web-canary"]["n"] == 300 and row["services"]["web"]["errors"] == 0
    assert [m["name"] for m in row["metrics"]] == ["latency", "latency_p99", "errors"]
    assert view.split[-1]["weights"] == {"web": 80.0, "web-baseline": 10.0, "web-canary": 10.0}
    tasks = [t for node in view.nodes for t in node["tasks"]]
    assert sorted(t["service"] for t in tasks) == ["web", "web", "web", "web-baseline", "web-canary"]
    assert view.versions == [STABLE, NEW]
    assert repr(view) == f"RolloutView(canary:web, phase=progressing, t={c.now:.3f} s)"


@pytest.mark.parametrize("action, phase, image", [("abort", "rolled back", STABLE), ("promote", "promoted", NEW)])
def test_buttons_decide_and_the_swarm_follows(action, phase, image):
    c, load = app("web")
    canary = Canary(load, NEW, interval=60).start()
    view = RolloutView(canary)
    view.handle(action, {})
    view.refresh()
    assert (view.phase, view.controllable) == (phase, False)
    assert view.split[-1]["weights"] == {"web": 100.0}
    assert {t["image"] for node in view.nodes for t in node["tasks"]} == {image}
    view.handle("abort", {})  # too late: nothing changes
    assert canary.phase == phase


def test_blue_green_and_rolling_show_without_controls():
    c, load = app("web-blue")
    release = BlueGreen(load, NEW, keep_s=20)
    view = RolloutView(release)
    release.run()
    view.refresh()
    assert [row["stage"] for row in view.analyses] == ["smoke", "live"]
    assert (view.phase, view.controllable) == ("promoted", False)
    c, load = app("web")
    rolling = Rolling(load, NEW)
    view = RolloutView(rolling)
    rolling.run()
    view.refresh()
    assert (view.phase, view.analyses, view.versions) == ("promoted", [], [NEW])
