"""The image, distribution and auth endpoints: documented shapes and status codes, streams as dockerd sends them."""

from __future__ import annotations

import json

import pytest
from test_engine_endpoints import check_shape

import caasnb
from caasnb.registry import encode_auth


@pytest.fixture
def hosts():
    cluster = caasnb.Cluster(hosts=2, seed=7)
    cluster.engine.request("host-1", "POST", "/images/create", {"fromImage": "alpine", "tag": "3.20"})
    return cluster


def test_a_pull_streams_json_messages(hosts):
    response = hosts.engine.request("host-1", "POST", "/images/create?fromImage=busybox&tag=1.36")
    assert response.status == 200 and response.headers["Content-Type"] == "application/json"
    messages = [json.loads(line) for line in response.text.splitlines()]
    assert messages[0] == {"status": "Pulling from library/busybox", "progressDetail": {}, "id": "1.36"}
    assert messages[2]["status"] == "Downloading"
    assert messages[2]["progressDetail"]["current"] == messages[2]["progressDetail"]["total"] > 0
    assert messages[-1] == {"status": "Status: Downloaded newer image for busybox:1.36"}


def test_pull_errors_are_http_errors_before_the_stream(hosts):
    response = hosts.engine.request("host-1", "POST", "/images/create", {"fromImage": "nginx", "tag": "1.99"})
    assert response.status == 404
    assert response.json() == {"message": "manifest for nginx:1.99 not found: manifest unknown: manifest unknown"}


def test_the_image_endpoints_answer_as_documented(hosts):
    engine = hosts.engine
    listed = check_shape(engine.request("host-1", "GET", "/images/json"), "GET", "/images/json")
    assert [image["RepoTags"] for image in listed] == [["alpine:3.20"]]
    check_shape(engine.request("host-1", "GET", "/images/alpine:3.20/json"), "GET", "/images/{name}/json")
    assert engine.request("host-1", "GET", "/images/nope/json").status == 404
    check_shape(engine.request("host-1", "GET", "/images/alpine:3.20/history"), "GET", "/images/{name}/history")
    tagged = engine.request("host-1", "POST", "/images/alpine:3.20/tag", {"repo": "tools", "tag": "v1"})
    assert tagged.status == 201 and tagged.body == b""
    removed = check_shape(engine.request("host-1", "DELETE", "/images/tools:v1"), "DELETE", "/images/{name}")
    assert removed == [{"Untagged": "tools:v1"}]
    check_shape(engine.request("host-1", "POST", "/images/prune"), "POST", "/images/prune")


def test_distribution_inspect_and_auth(hosts):
    engine = hosts.engine
    answer = check_shape(
        engine.request("host-2", "GET", "/distribution/alpine:3.20/json"), "GET", "/distribution/{name}/json"
    )
    assert (
        answer["Descriptor"]["digest"]
        == hosts.daemons["host-1"].images.get("alpine:3.20").repo_digests[0].split("@")[1]
    )
    assert answer["Platforms"] == [{"architecture": "amd64", "os": "linux"}]
    assert engine.request("host-1", "POST", "/auth", body={"username": "x", "password": "y"}).status == 401
    hosts.registries.hub.users["alice"] = "pw"
    ok = engine.request("host-1", "POST", "/auth", body={"username": "alice", "password": "pw"})
    assert check_shape(ok, "POST", "/auth") == {"Status": "Login Succeeded", "IdentityToken": ""}


def test_a_push_error_comes_inside_the_stream(hosts):
    headers = {"X-Registry-Auth": encode_auth({})}
    response = hosts.engine.request("host-1", "POST", "/images/ghost/push?tag=1", headers=headers)
    assert response.status == 200
    assert [json.loads(line) for line in response.text.splitlines()] == [
        {"status": "The push refers to repository [docker.io/library/ghost]"},
        {
            "errorDetail": {"message": "An image does not exist locally with the tag: ghost"},
            "error": "An image does not exist locally with the tag: ghost",
        },
    ]
