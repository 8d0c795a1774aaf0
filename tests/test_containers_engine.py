"""The container endpoints: statuses, shapes and filters as dockerd 28.2 answers them."""

from __future__ import annotations

import json

import pytest

import caasnb


@pytest.fixture
def c():
    cluster = caasnb.Cluster(hosts=1, seed=7)
    for ref in ("alpine", "nginx:1.27"):
        cluster.daemons["host-1"].images.pull(ref)
    return cluster


def request(c, method, path, query=None, body=None):
    return c.engine.request("host-1", method, path, query, body)


def test_lifecycle_statuses(c):
    created = request(c, "POST", "/containers/create", {"name": "web"}, {"Image": "nginx:1.27"})
    assert created.status == 201 and set(created.json()) == {"Id", "Warnings"}
    assert request(c, "POST", "/containers/web/start").status == 204
    assert request(c, "POST", "/containers/web/start").status == 304
    assert request(c, "DELETE", "/containers/web").status == 409
    assert request(c, "POST", "/containers/web/pause").status == 204
    assert request(c, "POST", "/containers/web/pause").json() == {
        "message": f"container {created.json()['Id']} is already paused"
    }
    assert request(c, "POST", "/containers/web/unpause").status == 204
    assert request(c, "POST", "/containers/web/stop").status == 204
    assert request(c, "POST", "/containers/web/stop").status == 304
    assert request(c, "POST", "/containers/web/kill").status == 409
    assert request(c, "POST", "/containers/web/wait").json() == {"StatusCode": 0, "Error": None}
    assert request(c, "DELETE", "/containers/web").status == 204
    missing = request(c, "GET", "/containers/web/json")
    assert (missing.status, missing.json()) == (404, {"message": "No such container: web"})


def test_inspect_shape(c):
    request(c, "POST", "/containers/create", {"name": "web"}, {"Image": "nginx:1.27", "Labels": {"tier": "front"}})
    request(c, "POST", "/containers/web/start")
    body = request(c, "GET", "/containers/web/json").json()
    assert body["Name"] == "/web" and body["Path"] == "/docker-entrypoint.sh"
    assert body["Args"] == ["nginx", "-g", "daemon off;"]
    assert body["State"]["Status"] == "running" and body["State"]["Pid"] > 0
    assert body["Config"]["StopSignal"] == "SIGQUIT" and body["Config"]["Labels"]["tier"] == "front"
    assert body["HostConfig"]["RestartPolicy"] == {"Name": "no", "MaximumRetryCount": 0}
    assert body["NetworkSettings"]["Networks"]["bridge"]["IPAddress"] == "172.17.0.2"
    assert body["NetworkSettings"]["Ports"] == {"80/tcp": None}


def test_list_filters(c):
    for name, body in (
        (
            "web",
            {
                "Image": "nginx:1.27",
                "Labels": {"tier": "front"},
                "HostConfig": {"PortBindings": {"80/tcp": [{"HostPort": "8080"}]}},
            },
        ),
        ("job", {"Image": "alpine", "Cmd": ["sh", "-c", "exit 2"]}),
        ("idle", {"Image": "alpine", "Cmd": ["sleep", "100"]}),
    ):
        request(c, "POST", "/containers/create", {"name": name}, body)
        request(c, "POST", f"/containers/{name}/start")
    c.run(1)

    def names(**filters):
        query = {"all": "1", "filters": json.dumps({k: {v: True} for k, v in filters.items()})}
        return [row["Names"][0] for row in request(c, "GET", "/containers/json", query).json()]

    assert [row["Names"][0] for row in request(c, "GET", "/containers/json").json()] == ["/idle", "/web"]
    assert names(status="exited") == ["/job"]
    assert names(exited="2") == ["/job"]
    assert names(label="tier=front") == ["/web"]
    assert names(ancestor="alpine") == ["/idle", "/job"]
    assert names(publish="8080") == ["/web"]
    assert names(expose="80") == ["/web"]
    assert names(name="^/i") == ["/idle"]
    assert names(**{"is-task": "true"}) == []
    bad = request(c, "GET", "/containers/json", {"filters": json.dumps({"colour": {"red": True}})})
    assert (bad.status, bad.json()) == (400, {"message": "invalid filter 'colour'"})
    assert len(request(c, "GET", "/containers/json", {"limit": "1"}).json()) == 1


def test_exec_top_and_prune(c):
    request(c, "POST", "/containers/create", {"name": "box"}, {"Image": "alpine", "Cmd": ["sleep", "100"]})
    request(c, "POST", "/containers/box/start")
    exec_id = request(c, "POST", "/containers/box/exec", body={"Cmd": ["hostname"]}).json()["Id"]
    started = request(c, "POST", f"/exec/{exec_id}/start", body={})
    assert started.headers["Content-Type"] == "application/vnd.docker.multiplexed-stream"
    assert started.body[8:].decode() == request(c, "GET", "/containers/box/json").json()["Id"][:12] + "\n"
    assert request(c, "GET", f"/exec/{exec_id}/json").json()["ExitCode"] == 0
    top = request(c, "GET", "/containers/box/top").json()
    assert top["Titles"] == ["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"]
    assert [row[-1] for row in top["Processes"]] == ["sleep 100"]
    request(c, "POST", "/containers/box/kill")
    pruned = request(c, "POST", "/containers/prune").json()
    assert len(pruned["ContainersDeleted"]) == 1 and pruned["SpaceReclaimed"] == 0
