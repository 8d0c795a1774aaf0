"""docker-py (the ``docker`` package) drives a served cluster through its own API, unchanged.

The same requests a script would make against a real daemon: services created, scaled and
updated, an overlay network, events read with a timeout, a container run. Time is frozen
(``speed=0``) and moved by the test, so every answer is deterministic; each client speaks
its default API version, and one is pinned to 1.41 (docker.io 20.10's).
"""

from __future__ import annotations

import docker
import pytest

import caasnb


@pytest.fixture(scope="module")
def cluster():
    return caasnb.Cluster(managers=1, workers=2, seed=11)


@pytest.fixture(scope="module")
def served(cluster):
    with cluster.serve(speed=0) as served:
        yield served


@pytest.fixture(scope="module", params=["auto", "1.41"])
def client(request, served):
    client = docker.DockerClient(base_url=served.docker_host, version=request.param, timeout=30)
    client.expected_api = "1.50" if request.param == "auto" else request.param
    yield client
    client.close()


def test_version_negotiation(client):
    assert client.version()["ApiVersion"] == "1.50"
    assert client.api.api_version == client.expected_api


def test_swarm_and_nodes(client):
    assert client.swarm.attrs["Spec"]["Orchestration"]["TaskHistoryRetentionLimit"] == 5
    nodes = sorted(node.attrs["Description"]["Hostname"] for node in client.nodes.list())
    assert nodes == ["manager-1", "worker-1", "worker-2"]


def test_services_create_scale_update_remove(cluster, client):
    service = client.services.create("nginx:1.27", name="api", mode=docker.types.ServiceMode("replicated", replicas=2))
    cluster.run(15)
    service.reload()
    assert service.name == "api" and len([t for t in service.tasks() if t["Status"]["State"] == "running"]) == 2
    assert service.scale(4)
    cluster.run(15)
    running = [t for t in service.tasks(filters={"desired-state": "running"}) if t["Status"]["State"] == "running"]
    assert len(running) == 4
    service.reload()
    service.update(env=["MODE=fast"])
    cluster.run(60)
    service.reload()
    assert service.attrs["Spec"]["TaskTemplate"]["ContainerSpec"]["Env"] == ["MODE=fast"]
    assert service.attrs["Spec"]["Mode"] == {"Replicated": {"Replicas": 4}}
    service.remove()
    assert "api" not in [s.name for s in client.services.list()]


def test_a_missing_service_is_docker_pys_not_found(client):
    with pytest.raises(docker.errors.NotFound, match="service nope not found"):
        client.services.get("nope")


def test_networks_create_inspect_remove(client):
    network = client.networks.create("data", driver="overlay", attachable=True, labels={"tier": "db"})
    assert (network.name, network.attrs["Driver"], network.attrs["Labels"]) == ("data", "overlay", {"tier": "db"})
    assert "data" in [n.name for n in client.networks.list(names=["data"])]
    network.remove()
    with pytest.raises(docker.errors.NotFound):
        client.networks.get("data")


def test_events_with_a_timeout(cluster, client):
    """dockerd streams events (chunked, one JSON object per line); docker-py decodes them one by one."""
    since = 1_714_557_600 + int(cluster.now)  # simulated time 0 is 2024-05-01T10:00:00Z
    service = client.services.create("redis:7", name="cache")
    try:
        service.scale(2)
        filters = {"type": "service", "service": "cache"}
        events = client.api.events(since=since, until=since + 5, decode=True, filters=filters)
        seen = [(e["Type"], e["Action"], e["Actor"]["Attributes"]["name"]) for e in events]
    finally:
        service.remove()
    assert seen == [("service", "create", "cache"), ("service", "update", "cache")]


def test_containers_run(cluster, client):
    container = client.containers.run("alpine", ["echo", "hi"], name="hello", detach=True)
    cluster.run(5)
    container.reload()
    assert container.status == "exited"
    assert container.logs() == b"hi\n"
    container.remove()
