"""SwarmView's Python side: the columns, cards and quorum it syncs, its node actions, and "why here?"."""

import pytest

import caasnb
from caasnb.sim import Simulation
from caasnb.widgets import SwarmView
from caasnb.widgets.swarmview import CARDS_PER_NODE


def create_service(cluster, name="web", replicas=3, image="nginx:1.27", constraints=()):
    """Through the Engine API (as ``docker service create`` would), on the leader."""
    spec = {
        "Name": name,
        "TaskTemplate": {"ContainerSpec": {"Image": image}, "Placement": {"Constraints": list(constraints)}},
        "Mode": {"Replicated": {"Replicas": replicas}},
    }
    cluster.daemons[cluster.swarm.leader].service_create(spec)


def column(view, hostname):
    return next(node for node in view.nodes if node["hostname"] == hostname)


def where(view):
    """Each host's live task names and states."""
    return {n["hostname"]: [(t["name"], t["state"]) for t in n["tasks"] if not t["faded"]] for n in view.nodes}


@pytest.fixture
def view():
    cluster = caasnb.Cluster(managers=3, workers=2, seed=7)
    create_service(cluster)
    shown = SwarmView(cluster)
    shown.advance(10)
    return shown


def test_columns_cards_legend_quorum_and_repr(view):
    assert [n["hostname"] for n in view.nodes] == ["manager-1", "manager-2", "manager-3", "worker-1", "worker-2"]
    leader = column(view, "manager-1")
    assert leader | {"tasks": None} == {
        "id": leader["id"],
        "hostname": "manager-1",
        "role": "manager",
        "leader": True,
        "availability": "active",
        "state": "ready",
        "up": True,
        "tasks": None,
        "more": 0,
    }
    cards = [card for n in view.nodes for card in n["tasks"]]
    assert sorted(card["name"] for card in cards) == ["web.1", "web.2", "web.3"]
    assert {(card["state"], card["image"], card["service"], card["faded"]) for card in cards} == {
        ("running", "nginx:1.27", 0, False)
    }
    assert view.services == [{"name": "web", "image": "nginx:1.27"}]
    assert view.quorum == {"managers": 3, "up": 3, "reachable": 3, "needed": 2, "leader": "manager-1", "writable": True}
    assert repr(view) == "SwarmView(nodes=5, services=1, tasks=3 running, leader=manager-1, t=11.012 s)"


def test_crash_marks_the_node_down_only_after_the_heartbeat_grace_and_restart_brings_it_back(view):
    view.handle("crash", {"node": "worker-1"})
    view.refresh()
    assert column(view, "worker-1")["up"] is False
    assert column(view, "worker-1")["state"] == "ready"  # the swarm has not noticed yet
    view.advance(20)
    assert column(view, "worker-1")["state"] == "down"
    view.handle("restart", {"node": "worker-1"})
    view.advance(10)
    assert column(view, "worker-1")["up"] is True and column(view, "worker-1")["state"] == "ready"


def test_drain_runs_docker_node_update_and_the_tasks_move_and_fade(view):
    assert where(view)["worker-1"] == [("web.3", "running")]
    view.handle("drain", {"node": "worker-1"})
    assert view.notice == "$ docker node update --availability drain worker-1: done" and not view.notice_error
    view.advance(10)
    drained = column(view, "worker-1")
    assert drained["availability"] == "drain"
    assert [(t["name"], t["state"], t["faded"]) for t in drained["tasks"]] == [("web.3", "shutdown", True)]
    assert ("web.3", "running") in where(view)["manager-3"]
    view.handle("running_only", {"on": True})
    view.refresh()
    assert column(view, "worker-1")["tasks"] == []
    view.handle("activate", {"node": "worker-1"})
    view.refresh()
    assert column(view, "worker-1")["availability"] == "active"


def test_without_quorum_writes_fail_and_the_error_is_shown(view):
    view.crash("manager-2")
    view.crash("manager-3")
    view.advance(1)
    assert view.quorum | {"leader": None} == {
        "managers": 3,
        "up": 1,
        "reachable": 1,
        "needed": 2,
        "leader": None,
        "writable": False,
    }
    view.drain("worker-2")
    assert view.notice_error
    assert view.notice.startswith("$ docker node update --availability drain worker-2: Error response from daemon:")
    view.crash("no-such-host")
    assert view.notice.startswith("no such host: no-such-host")


def test_why_here_gives_the_chosen_node_its_score_and_every_nodes_filters(view):
    view.drain("worker-1")
    view.advance(10)
    moved = next(t for t in column(view, "manager-3")["tasks"] if t["name"] == "web.3")
    view.handle("why", {"task": moved["id"]})
    view.refresh()
    why = view.why
    assert (why["name"], why["node"], why["score"], why["err"]) == ("web.3", "manager-3", [0, 0], "")
    assert why["message"] == "scheduler assigned task to node"
    rows = {row["hostname"]: row for row in why["nodes"]}
    assert why["nodes"][0]["hostname"] == "manager-3" and rows["manager-3"]["chosen"]
    assert why["nodes"][-1]["hostname"] == "worker-1"  # the node that failed a filter comes last
    assert rows["worker-1"]["eligible"] is False
    assert rows["worker-1"]["checks"] == [["ready", False, "status ready, availability drain"]]
    assert rows["manager-1"]["score"] == [1, 1] and rows["manager-1"]["eligible"]
    view.handle("why", {"task": ""})
    view.refresh()
    assert view.why == {}


def test_why_here_without_a_record_and_a_pending_task_in_the_unassigned_lane(view):
    view.explain("no-such-task")
    view.refresh()
    assert view.why == {
        "task": "no-such-task",
        "name": "no-such-task",
        "missing": "the scheduler kept no record of placing this task",
    }
    create_service(view.cluster, name="api", replicas=1, image="redis:7", constraints=["node.labels.zone==mars"])
    view.advance(5)
    lane = view.nodes[-1]
    assert (lane["hostname"], [(t["name"], t["state"], t["service"]) for t in lane["tasks"]]) == (
        "(unassigned)",
        [("api.1", "pending", 1)],
    )
    view.explain(lane["tasks"][0]["id"])
    view.refresh()
    why = view.why
    assert why["node"] == "" and why["err"] == "no suitable node (scheduling constraints not satisfied on 5 nodes)"
    assert why["nodes"][0]["checks"][1] == ["constraints", False, "not satisfied: node.labels.zone==mars"]


def test_a_rolling_update_shows_the_new_image_on_the_cards(view):
    leader = view.cluster.daemons[view.cluster.swarm.leader]
    service = leader.service_inspect("web")
    spec = service["Spec"]
    spec["TaskTemplate"]["ContainerSpec"]["Image"] = "nginx:1.28"
    leader.service_update("web", service["Version"]["Index"], spec)
    view.advance(60)
    live = [t for n in view.nodes for t in n["tasks"] if not t["faded"]]
    assert {(t["image"], t["state"]) for t in live} == {("nginx:1.28", "running")}
    assert {t["image"] for n in view.nodes for t in n["tasks"] if t["faded"]} == {"nginx:1.27"}


def test_big_swarms_cap_the_cards_per_node():
    cluster = caasnb.Cluster(managers=1, workers=1, seed=3)
    create_service(cluster, replicas=2 * CARDS_PER_NODE + 10)
    view = SwarmView(cluster)
    view.advance(30)
    assert [(len(n["tasks"]), n["more"]) for n in view.nodes] == [(CARDS_PER_NODE, 5), (CARDS_PER_NODE, 5)]


# A widget refused in __init__ is still collected, and SimWidget.close then misses its subscription.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_play_ticks_and_a_cluster_without_a_swarm():
    view = SwarmView(caasnb.Cluster(hosts=2, seed=1))
    assert (view.nodes, view.quorum) == ([], {})
    assert repr(view) == "SwarmView(nodes=0, services=0, tasks=0 running, leader=None, t=0.000 s)"
    view.handle("tick", {"wall_ms": 500})
    assert view.sim.now == 0
    view.handle("play", {})
    view.handle("tick", {"wall_ms": 500})
    assert view.now_ns == 500_000_000
    view.handle("pause", {})
    assert not view.playing
    with pytest.raises(ValueError, match="unknown widget action"):
        view.handle("explode", {})
    with pytest.raises(TypeError, match="SwarmView shows a caasnb.Cluster"):
        SwarmView(Simulation(1))
