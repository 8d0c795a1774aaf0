"""The ingress routing mesh and VIP balancing: every node answers, round robin over running tasks only."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from networld import container

import caasnb
from caasnb.net import mesh
from caasnb.net.reach import reach
from caasnb.net.topology import RUNNING, topology


def swarm(replicas=3, seed=7):
    c = caasnb.Cluster(managers=1, workers=2, seed=seed)
    c.docker("network create -d overlay --attachable app")
    c.docker(f"service create -d --name web --replicas {replicas} --network app -p 8080:80 nginx:1.27")
    c.run(30)
    return c


@pytest.fixture(scope="module")
def world():
    return swarm()


def test_published_port_answers_on_every_node(world):
    for node in world.daemons:
        result = mesh.request(world, node, 8080)
        assert result.ok, str(result)
        assert [h.kind for h in result.hops][:3] == ["client", "nat", "ipvs"]


def test_round_robin_spreads_requests_evenly(world):
    counts = mesh.mesh_distribution(world, "worker-2", 8080, 9)
    assert sorted(counts.values()) == [3, 3, 3] and len(counts) == 3


def test_each_node_balances_with_its_own_pointer():
    a, b = swarm(), swarm()
    first = [mesh.request(a, "manager-1", 8080).target.name for _ in range(3)]
    assert [mesh.request(b, "worker-1", 8080).target.name for _ in range(3)] == first
    assert mesh.request(a, "worker-1", 8080).target.name == first[0]  # worker-1's table starts afresh


def test_same_seed_same_choices_same_trace():
    def run():
        c = swarm()
        picks = [mesh.request(c, node, 8080).target.name for node in ("worker-1", "manager-1", "worker-1")]
        return picks, c.trace_hash()

    assert run() == run()


def test_partition_skips_tasks_the_node_cannot_reach():
    c = swarm()
    c.partition(["manager-1"], ["worker-1", "worker-2"])
    hosts = {mesh.request(c, "manager-1", 8080).target.host for _ in range(4)}
    assert hosts == {"manager-1"}


def test_unpublished_port_is_refused_and_a_down_node_is_silent(world):
    assert mesh.request(world, "worker-1", 9999).verdict == "refused"
    c = swarm()
    c.crash("worker-2")
    assert mesh.request(c, "worker-2", 8080).verdict == "timeout"


def test_vip_balances_inside_the_overlay(world):
    client = container(world, "manager-1", "vipclient", "app")
    backends = [reach(world, client, "web:80").backends[0] for _ in range(3)]
    assert len(set(backends)) == 3


def test_no_running_task_means_refused():
    c = swarm(replicas=1)
    c.docker("service scale -d web=0")
    c.run(30)
    assert mesh.request(c, "manager-1", 8080).verdict == "refused"


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(nodes=st.lists(st.sampled_from(["manager-1", "worker-1", "worker-2"]), min_size=1, max_size=8),
       cut=st.sampled_from([None, "worker-1", "worker-2"]))  # fmt: skip
def test_mesh_only_ever_picks_running_reachable_tasks(nodes, cut):
    c = world_cache()
    if cut:
        c.net.isolate(cut)
    try:
        view = topology(c)
        running = {t.id for ts in view.tasks.values() for t in ts if int(t.status.state) == RUNNING}
        for node in nodes:
            result = mesh.request(c, node, 8080)
            if result.ok:
                (task_id,) = result.backends
                assert task_id in running
                if cut:
                    assert (node == cut) == (result.target.host == cut)
    finally:
        c.heal()


_WORLD = []


def world_cache():
    if not _WORLD:
        _WORLD.append(swarm())
    return _WORLD[0]


def test_service_inspect_shows_the_ingress_vip(world):
    body = json.loads(world.docker("service inspect web").stdout)[0]
    ingress_id = json.loads(world.docker("network inspect ingress").stdout)[0]["Id"]
    assert body["Endpoint"]["VirtualIPs"][0]["NetworkID"] == ingress_id


def test_host_mode_ports_answer_only_where_a_task_runs():
    c = caasnb.Cluster(managers=1, workers=1, seed=7)
    c.docker("service create -d --name hm --publish mode=host,target=80,published=8080 nginx:1.27")
    c.run(30)
    assert c.docker("ps -q", on="worker-1").stdout and not c.docker("ps -q", on="manager-1").stdout
    answers = {h: reach(c, "manager-1", f"{c.daemons[h].addr}:8080").verdict for h in c.hosts}
    assert answers == {"manager-1": "refused", "worker-1": "connected"}
    assert mesh.request(c, "worker-1", 8080).verdict == "refused"  # not through the routing mesh
