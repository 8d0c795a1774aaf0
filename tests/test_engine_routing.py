"""Routing, version negotiation, the daemon's headers and error bodies (moby v28.2.2 ``api/server``)."""

from __future__ import annotations

import pytest

import caasnb
from caasnb.engine import Engine, error_from
from caasnb.errors import ClientError, DockerError, InvalidArgument, NotFound

MIDDLEWARE = {"Api-Version": "1.50", "Ostype": "linux", "Server": "Docker/28.2.2 (linux)"}


@pytest.fixture(scope="module")
def swarm():
    return caasnb.Cluster(managers=3, workers=2, seed=7)


@pytest.fixture(scope="module")
def engine(swarm) -> Engine:
    return swarm.engine


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/_ping", 200),
        ("HEAD", "/_ping", 200),
        ("GET", "/v1.50/_ping", 200),
        ("GET", "/v1.41/info", 200),
        ("GET", "/v1.24/version", 200),
        ("GET", "/nodes", 200),
        ("GET", "/v1.44/services", 200),
        ("OPTIONS", "/anything/at/all", 200),
        ("OPTIONS", "/v1.50/containers/json", 200),
        # Not routed: wrong method, unknown path, trailing slash, endpoints not simulated yet.
        ("POST", "/_ping", 404),
        ("DELETE", "/swarm", 404),
        ("PUT", "/services/create", 404),
        ("GET", "/swarm/", 404),
        ("GET", "/nope", 404),
        ("GET", "/v1.50", 404),
        ("GET", "/v/_ping", 404),
        ("GET", "/v1.99/nope", 404),
        ("GET", "/containers/json", 200),
        ("GET", "/plugins", 404),
        ("GET", "/v1.50/images/json", 200),
        ("PUT", "/images/create", 404),
        ("PUT", "/networks/create", 404),
        ("GET", "/networks", 200),
        ("GET", "/networks/", 200),
        ("GET", "/volumes", 200),
        ("GET", "/volumes/", 404),
        ("GET", "/services/x/logs", 404),
        ("GET", "/nodes/a/b", 404),
        ("get", "/_ping", 404),
    ],
)
def test_routes(engine, method, path, status):
    assert engine.request("manager-1", method, path).status == status


def test_unrouted_paths_say_page_not_found_without_middleware_headers(engine):
    response = engine.request("manager-1", "GET", "/plugins")
    assert (response.status, response.body) == (404, b'{"message":"page not found"}\n')
    assert response.headers == {"Content-Type": "application/json"}


def test_routed_requests_carry_the_daemon_headers(engine):
    response = engine.request("manager-1", "GET", "/version")
    assert response.headers == {**MIDDLEWARE, "Docker-Experimental": "false", "Content-Type": "application/json"}


@pytest.mark.parametrize(
    ("version", "message"),
    [
        ("1.51", "client version 1.51 is too new. Maximum supported API version is 1.50"),
        ("2.0", "client version 2.0 is too new. Maximum supported API version is 1.50"),
        ("1.50.1", "client version 1.50.1 is too new. Maximum supported API version is 1.50"),
        ("1.100", "client version 1.100 is too new. Maximum supported API version is 1.50"),
        ("1.24", None),
        ("1.24.", None),
        ("1.50.0", None),
        ("01.041", None),
    ],
)
def test_version_negotiation(engine, version, message):
    response = engine.request("manager-1", "GET", f"/v{version}/version")
    if message is None:
        assert response.status == 200
        return
    assert (response.status, response.json()) == (400, {"message": message})
    # The version middleware sets its headers, then refuses before the experimental one runs.
    assert response.headers == {**MIDDLEWARE, "Content-Type": "application/json"}


@pytest.mark.parametrize("version", ["1.23", "1.9", "0.1"])
def test_too_old_clients_get_a_plain_text_error(engine, version):
    response = engine.request("manager-1", "GET", f"/v{version}/info")
    assert response.status == 400
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.text == (
        f"client version {version} is too old. Minimum supported API version is 1.24, "
        "please upgrade your client to a newer version\n"
    )


def test_error_bodies_carry_the_daemon_status_and_message(engine):
    response = engine.request("manager-1", "GET", "/services/nope")
    assert response.status == 404
    assert response.json() == {"message": "service nope not found"}
    assert response.headers["Content-Type"] == "application/json"
    assert response.headers["Docker-Experimental"] == "false"


def test_call_decodes_json_and_raises_the_daemon_error_again(engine):
    assert engine.call("manager-1", "GET", "/swarm")["Spec"]["Name"] == "default"
    with pytest.raises(NotFound, match="^service nope not found$") as caught:
        engine.call("manager-1", "GET", "/services/nope")
    assert caught.value.status == 404
    with pytest.raises(InvalidArgument, match="too new"):
        engine.call("manager-1", "GET", "/v1.51/swarm")
    with pytest.raises(InvalidArgument, match="^client version 1.2 is too old"):
        engine.call("manager-1", "GET", "/v1.2/swarm")
    with pytest.raises(NotFound, match="^page not found$"):
        engine.call("manager-1", "GET", "/plugins")


def test_call_answers_text_and_nothing_too(engine):
    assert engine.call("manager-1", "GET", "/_ping") == "OK"
    assert engine.call("manager-1", "HEAD", "/_ping") is None


def test_call_keeps_unusual_statuses(engine):
    from caasnb.engine.response import json_response

    error = error_from(json_response(401, {"message": "invalid key"}))
    assert type(error) is DockerError and error.status == 401 and error.message == "invalid key"


def test_query_in_the_path_and_as_a_mapping(engine):
    by_path = engine.call("manager-1", "GET", '/nodes?filters={"role":["worker"]}')
    by_mapping = engine.call("manager-1", "GET", "/nodes", query={"filters": '{"role":{"worker":true}}'})
    assert by_path == by_mapping
    assert sorted(node["Description"]["Hostname"] for node in by_path) == ["worker-1", "worker-2"]


def test_a_host_that_is_down_cannot_be_reached():
    cluster = caasnb.Cluster(hosts=2, seed=7)
    cluster.crash("host-2")
    with pytest.raises(ClientError, match="^Cannot connect to the Docker daemon at unix:///var/run/docker.sock"):
        cluster.engine.request("host-2", "GET", "/_ping")


def test_the_engine_is_a_pure_function_of_state_and_request(swarm, engine):
    before = (swarm.trace_hash(), swarm.sim.now)
    first = [engine.request("manager-2", "GET", path) for path in ("/info", "/version", "/nodes", "/swarm")]
    second = [engine.request("manager-2", "GET", path) for path in ("/info", "/version", "/nodes", "/swarm")]
    assert first == second
    assert (swarm.trace_hash(), swarm.sim.now) == before
