"""Volumes: docker volume create/ls/inspect/rm/prune goldens, in-use errors, and where each driver keeps data."""

# ruff: noqa: E501  (golden Docker messages stay whole on one line)

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_engine_endpoints import check_shape

import caasnb
from caasnb.errors import CLIResult
from caasnb.volumes import NETWORK

HOSTS = ["host-1", "host-2", "host-3"]


@pytest.fixture
def hosts():
    return caasnb.Cluster(hosts=3, seed=7)


def test_golden_create_ls_inspect_rm(hosts):
    assert hosts.docker("volume create web-data", on="host-1") == CLIResult(0, "web-data\n")
    assert hosts.docker("volume create --driver caasnb/nfs --label tier=db shared", on="host-1") == CLIResult(
        0, "shared\n"
    )
    assert hosts.docker("volume ls", on="host-1").stdout == (
        "DRIVER              VOLUME NAME\ncaasnb/nfs:latest   shared\nlocal               web-data\n"
    )
    assert (
        hosts.docker("volume ls", on="host-2").stdout == "DRIVER              VOLUME NAME\ncaasnb/nfs:latest   shared\n"
    )
    assert json.loads(hosts.docker("volume inspect web-data", on="host-1").stdout) == [
        {
            "CreatedAt": "2024-05-01T10:00:00Z",
            "Driver": "local",
            "Labels": {},
            "Mountpoint": "/var/lib/docker/volumes/web-data/_data",
            "Name": "web-data",
            "Options": {},
            "Scope": "local",
        }
    ]
    assert (
        hosts.docker("volume inspect -f '{{.Scope}} {{.Labels}}' shared", on="host-3").stdout == "global map[tier:db]\n"
    )
    assert hosts.docker("volume ls -q --filter driver=local", on="host-1").stdout == "web-data\n"
    assert hosts.docker("volume rm web-data shared", on="host-1") == CLIResult(0, "web-data\nshared\n")
    assert hosts.docker("volume ls -q", on="host-2").stdout == ""


@pytest.mark.parametrize(
    ("line", "err"),
    [
        ("volume rm nosuch", "Error response from daemon: get nosuch: no such volume\n"),
        ("volume inspect nosuch", "Error response from daemon: get nosuch: no such volume\n"),
        (
            "volume create a",
            "Error response from daemon: create a: volume name is too short, names should be at least two alphanumeric characters\n",
        ),
        (
            "volume create 'a b'",
            'Error response from daemon: create a b: "a b" includes invalid characters for a local volume name, only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host directory, use absolute path\n',
        ),
        (
            "volume create -d flocker x1",
            'Error response from daemon: create x1: error looking up volume plugin flocker: plugin "flocker" not found\n',
        ),
        (
            "volume create --name a1 b1",
            "conflicting options: cannot specify a volume-name through both --name and as a positional arg\n",
        ),
    ],
)
def test_docker_errors(hosts, line, err):
    result = hosts.docker(line, on="host-1")
    assert result.exit_code == 1 and result.stderr == err


def test_same_name_other_driver_is_a_conflict_and_same_driver_is_idempotent(hosts):
    hosts.docker("volume create web-data", on="host-1")
    assert hosts.docker("volume create web-data", on="host-1") == CLIResult(0, "web-data\n")
    assert hosts.docker("volume create -d caasnb/nfs web-data", on="host-1").stderr == (
        "Error response from daemon: create web-data: driver 'local' already has volume 'web-data': volume name must be unique\n"
    )


def test_a_volume_in_use_cannot_be_removed(hosts):
    hosts.docker("pull -q redis:7", on="host-1")
    runtime = hosts.daemons["host-1"].containers
    created = runtime.create({"Image": "redis:7", "HostConfig": {"Binds": ["web-data:/data"]}}, name="db")
    assert hosts.docker("volume rm web-data", on="host-1") == CLIResult(
        1, "", f"Error response from daemon: remove web-data: volume is in use - [{created['Id']}]\n"
    )
    assert hosts.docker("volume rm -f web-data", on="host-1").exit_code == 1  # force does not override use
    runtime.remove("db", force=True)
    assert hosts.docker("volume rm web-data", on="host-1") == CLIResult(0, "web-data\n")


def test_prune_removes_unused_anonymous_volumes_unless_all(hosts):
    store = hosts.daemons["host-1"].volumes
    store.create({"Name": "named"})
    store.create({"Name": "", "Labels": {"com.docker.volume.anonymous": ""}})
    anonymous = [v.name for v in store.all() if v.anonymous][0]
    store.get("named").data["f"] = b"12345"
    assert (
        hosts.docker("volume prune -f", on="host-1").stdout
        == f"Deleted Volumes:\n{anonymous}\n\nTotal reclaimed space: 0B\n"
    )
    assert (
        hosts.docker("volume prune -af", on="host-1").stdout == "Deleted Volumes:\nnamed\n\nTotal reclaimed space: 5B\n"
    )
    assert hosts.docker("volume prune", on="host-1", stdin="n\n").stdout == (
        "WARNING! This will remove anonymous local volumes not used by at least one container.\nAre you sure you want to continue? [y/N] "
    )


def test_the_volume_endpoints_answer_as_documented(hosts):
    engine = hosts.engine
    created = engine.request("host-1", "POST", "/volumes/create", body={"Name": "data"})
    assert check_shape(created, "POST", "/volumes/create")["Name"] == "data"
    check_shape(engine.request("host-1", "GET", "/volumes"), "GET", "/volumes")
    check_shape(engine.request("host-1", "GET", "/volumes/data"), "GET", "/volumes/{name}")
    assert engine.request("host-1", "GET", "/volumes/nope").status == 404
    check_shape(engine.request("host-1", "POST", "/volumes/prune"), "POST", "/volumes/prune")
    assert engine.request("host-1", "DELETE", "/volumes/data").status == 204
    assert engine.request("host-1", "DELETE", "/volumes/data?force=1").status == 204
    assert engine.request("host-1", "DELETE", "/volumes/data").status == 404


# -- where the data lives -------------------------------------------------------------
writes = st.lists(
    st.tuples(st.sampled_from(HOSTS), st.sampled_from(["a.txt", "db/x"]), st.binary(max_size=8)), max_size=12
)


@settings(max_examples=40, deadline=None)
@given(writes=writes)
def test_local_volume_data_never_appears_on_another_host(writes):
    cluster = caasnb.Cluster(hosts=3, seed=1)
    expected: dict[str, dict[str, bytes]] = {host: {} for host in HOSTS}
    for host, path, content in writes:
        store = cluster.daemons[host].volumes
        store.create({"Name": "data"})
        store.get("data").data[path] = content
        expected[host][path] = content
    for host in HOSTS:
        volume = cluster.daemons[host].volumes.local.get("data")
        assert (volume.data if volume else {}) == expected[host]


@settings(max_examples=40, deadline=None)
@given(writes=writes, lost=st.sampled_from(HOSTS), reader=st.sampled_from(HOSTS))
def test_network_volume_data_survives_any_single_node_loss(writes, lost, reader):
    cluster = caasnb.Cluster(hosts=3, seed=1)
    cluster.daemons["host-1"].volumes.create({"Name": "shared", "Driver": NETWORK})
    expected: dict[str, bytes] = {}
    for host, path, content in writes:
        cluster.daemons[host].volumes.get("shared").data[path] = content
        expected[path] = content
    cluster.crash(lost)
    if reader == lost:
        reader = next(host for host in HOSTS if host != lost)
    assert cluster.daemons[reader].volumes.get("shared").data == expected


@pytest.mark.parametrize(
    ("driver", "out", "err"),
    [("local", "", "cat: can't open '/data/orders': No such file or directory\n"), ("caasnb/nfs", "order-1\n", "")],
)
def test_a_container_on_another_host_sees_network_volumes_only(hosts, driver, out, err):
    for host in ("host-1", "host-2"):
        hosts.docker("pull -q alpine:3.20", on=host)
    hosts.docker(f"volume create --driver {driver} orders", on="host-1")
    hosts.docker("run --rm -v orders:/data alpine:3.20 sh -c 'echo order-1 > /data/orders'", on="host-1")
    hosts.crash("host-1")
    read = hosts.docker("run --rm -v orders:/data alpine:3.20 cat /data/orders", on="host-2")
    assert (read.stdout, read.stderr) == (out, err)
