"""docker network ls/create/inspect/rm/prune/connect/disconnect end to end, and the network endpoints' shapes."""

# ruff: noqa: E501  (golden Docker messages stay whole on one line)

from __future__ import annotations

import json

import pytest
from test_engine_endpoints import check_shape

import caasnb

NOT_A_MANAGER = 'Error response from daemon: This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.\n'


@pytest.fixture(scope="module")
def swarm():
    return caasnb.Cluster(managers=3, workers=2, seed=7)


@pytest.fixture
def fresh():
    return caasnb.Cluster(managers=3, workers=2, seed=7)


@pytest.fixture
def hosts():
    return caasnb.Cluster(hosts=2, seed=7)


def names(result) -> list[str]:
    return [line.split()[1] for line in result.stdout.splitlines()[1:]]


@pytest.mark.parametrize("host", ["manager-1", "manager-2", "worker-2"])
def test_a_swarm_node_lists_the_swarm_networks(swarm, host):
    result = swarm.docker("network ls", on=host)
    assert result.exit_code == 0 and result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0] == "NETWORK ID     NAME              DRIVER    SCOPE"
    assert [line.split()[1:] for line in lines[1:]] == [
        ["bridge", "bridge", "local"],
        ["docker_gwbridge", "bridge", "local"],
        ["host", "host", "local"],
        ["ingress", "overlay", "swarm"],
        ["none", "null", "local"],
    ]
    assert all(len(line.split()[0]) == 12 for line in lines[1:])


def test_golden_network_ls_on_manager_1(swarm):
    assert swarm.docker("network ls", on="manager-1").stdout == (
        "NETWORK ID     NAME              DRIVER    SCOPE\n"
        "d7e748afd555   bridge            bridge    local\n"
        "79fb7945fe17   docker_gwbridge   bridge    local\n"
        "029fcb2d0d3b   host              host      local\n"
        "u8x8qu4dlett   ingress           overlay   swarm\n"
        "90964f5b06d4   none              null      local\n"
    )


def test_ingress_and_gwbridge_as_inspect_shows_them(swarm):
    ingress = json.loads(swarm.docker("network inspect ingress", on="worker-1").stdout)[0]
    assert (ingress["Scope"], ingress["Driver"], ingress["Ingress"]) == ("swarm", "overlay", True)
    assert ingress["IPAM"]["Config"] == [{"Subnet": "10.0.0.0/24", "Gateway": "10.0.0.1"}]
    assert ingress["Options"] == {"com.docker.network.driver.overlay.vxlanid_list": "4096"}
    (sandbox,) = ingress["Containers"].items()
    assert sandbox[0] == "ingress-sbox" and sandbox[1]["Name"] == "ingress-endpoint"
    gwbridge = json.loads(swarm.docker("network inspect docker_gwbridge", on="worker-1").stdout)[0]
    assert gwbridge["IPAM"]["Config"] == [{"Subnet": "172.18.0.0/16", "Gateway": "172.18.0.1"}]
    assert gwbridge["Options"] == {
        "com.docker.network.bridge.enable_icc": "false",
        "com.docker.network.bridge.enable_ip_masquerade": "true",
        "com.docker.network.bridge.name": "docker_gwbridge",
    }
    assert gwbridge["Containers"]["ingress-sbox"]["Name"] == "gateway_ingress-sbox"
    addresses = {
        json.loads(swarm.docker("network inspect ingress", on=h).stdout)[0]["Containers"]["ingress-sbox"]["IPv4Address"]
        for h in swarm.hosts
    }
    assert len(addresses) == 5  # one ingress address per node, unique cluster-wide


def test_inspect_prints_go_indented_json(swarm):
    out = swarm.docker("network inspect bridge", on="manager-1").stdout
    assert out.startswith('[\n    {\n        "Name": "bridge",\n        "Id": "d7e748afd555')
    assert swarm.docker("network inspect -f '{{.Scope}} {{.Driver}}' host none").stdout == "local host\nlocal null\n"


def test_create_ls_rm_round_trip(fresh):
    created = fresh.docker("network create -d overlay --attachable --subnet 10.20.0.0/24 --label team=a app")
    assert created.exit_code == 0 and len(created.stdout.strip()) == 25
    local = fresh.docker("network create --internal web", on="manager-1")
    assert local.exit_code == 0 and len(local.stdout.strip()) == 64
    assert names(fresh.docker("network ls --filter driver=overlay")) == ["app", "ingress"]
    assert "app" in names(fresh.docker("network ls", on="manager-3")) and "app" not in names(
        fresh.docker("network ls", on="worker-1")
    )
    assert fresh.docker("network ls -f label=team=a --format '{{.Name}} {{.Label \"team\"}}'").stdout == "app a\n"
    app = json.loads(fresh.docker("network inspect app").stdout)[0]
    assert app["Attachable"] and app["IPAM"]["Config"] == [{"Subnet": "10.20.0.0/24", "Gateway": "10.20.0.1"}]
    removed = fresh.docker("network rm app web nosuch", on="manager-1")
    assert (removed.exit_code, removed.stdout) == (1, "app\nweb\n")
    assert removed.stderr == "Error response from daemon: network nosuch not found\nexit status 1\n"
    assert fresh.docker("network rm -f nosuch").exit_code == 0


@pytest.mark.parametrize(
    ("line", "stderr"),
    [
        (
            "network rm bridge",
            "Error response from daemon: bridge is a pre-defined network and cannot be removed\nexit status 1\n",
        ),
        ("network create host", "Error response from daemon: operation is not permitted on predefined host network \n"),
        ("network create ingress", "Error response from daemon: network with name ingress already exists\n"),
        ("network create --subnet 10.1.0.0/24 --gateway 10.2.0.1 x", "no matching subnet for gateway 10.2.0.1\n"),
        ("network ls -f foo=bar", "Error response from daemon: invalid filter 'foo'\n"),
        ("network inspect nope", "Error response from daemon: network nope not found\n"),
    ],
)
def test_docker_errors(swarm, line, stderr):
    result = swarm.docker(line, on="manager-1")
    assert result.exit_code == 1
    assert result.stderr == stderr


def test_overlay_needs_a_swarm_manager(hosts, swarm):
    assert hosts.docker("network create -d overlay app").stderr == NOT_A_MANAGER
    assert swarm.docker("network create -d overlay app", on="worker-1").stderr == NOT_A_MANAGER


def test_hosts_without_swarm_have_the_predefined_networks(hosts):
    assert names(hosts.docker("network ls", on="host-2")) == ["bridge", "host", "none"]
    assert names(hosts.docker("network ls -f type=custom")) == []


def test_prune_asks_first(fresh):
    fresh.docker("network create a", on="manager-1")
    fresh.docker("network create -d overlay b", on="manager-1")
    refused = fresh.docker("network prune", on="manager-1", stdin="n\n")
    assert refused.stdout == (
        "WARNING! This will remove all custom networks not used by at least one container.\n"
        "Are you sure you want to continue? [y/N] "
    )
    assert refused.exit_code == 0 and names(fresh.docker("network ls -f type=custom", on="manager-1")) == [
        "a",
        "b",
        "docker_gwbridge",
        "ingress",
    ]
    pruned = fresh.docker("network prune", on="manager-1", stdin="y\n")
    assert pruned.stdout.endswith("[y/N] Deleted Networks:\nb\na\n\n")
    assert fresh.docker("network prune -f", on="manager-1").stdout == ""
    assert names(fresh.docker("network ls -f type=custom", on="manager-1")) == ["docker_gwbridge", "ingress"]


def test_rm_ingress_asks_and_removes_it_everywhere(fresh):
    result = fresh.docker("network rm ingress", stdin="n")
    assert result.stdout == (
        "WARNING! Before removing the routing-mesh network, make sure all the nodes in your swarm run the same docker engine version. "
        "Otherwise, removal may not be effective and functionality of newly create ingress networks will be impaired.\n"
        "Are you sure you want to continue? [y/N] "
    )
    assert fresh.docker("network rm ingress", stdin="y").stdout.endswith("[y/N] ingress\n")
    assert "ingress" not in names(fresh.docker("network ls", on="worker-2"))
    again = fresh.docker("network create -d overlay --ingress my-ingress")
    assert again.exit_code == 0 and "my-ingress" in names(fresh.docker("network ls", on="worker-2"))


def test_connect_and_disconnect_need_a_container(swarm):
    assert swarm.docker("network connect bridge web").stderr == "Error response from daemon: No such container: web\n"
    assert (
        swarm.docker("network disconnect bridge web").stderr == "Error response from daemon: No such container: web\n"
    )
    assert (
        swarm.docker("network disconnect -f bridge web").stderr
        == "Error response from daemon: endpoint web not found\n"
    )


# -- the endpoints ------------------------------------------------------------------
def test_network_endpoints_fit_the_swagger(fresh):
    engine = fresh.engine
    listed = check_shape(engine.request("manager-1", "GET", "/networks"), "GET", "/networks")
    assert sorted(n["Name"] for n in listed) == ["bridge", "docker_gwbridge", "host", "ingress", "none"]
    body = {"Name": "app", "Driver": "overlay", "Labels": {"a": "1"}}
    created = check_shape(
        engine.request("manager-1", "POST", "/networks/create", body=body), "POST", "/networks/create"
    )
    assert created["Warning"] == "" and len(created["Id"]) == 25
    for term in ("app", created["Id"][:5], "bridge"):
        check_shape(engine.request("manager-2", "GET", f"/networks/{term}"), "GET", "/networks/{id}")
    filtered = engine.call("manager-1", "GET", "/networks", query={"filters": '{"label":{"a=1":true}}'})
    assert [n["Name"] for n in filtered] == ["app"]
    deleted = engine.request("manager-1", "DELETE", "/networks/app")
    assert (deleted.status, deleted.body) == (204, b"")
    check_shape(engine.request("manager-1", "POST", "/networks/create", body={"Name": "x"}), "POST", "/networks/create")
    pruned = check_shape(engine.request("manager-1", "POST", "/networks/prune"), "POST", "/networks/prune")
    assert pruned == {"NetworksDeleted": ["x"]}
    missing = engine.request("manager-1", "POST", "/networks/bridge/connect", body={"Container": "c1"})
    assert (missing.status, missing.json()) == (404, {"message": "No such container: c1"})
    bad = engine.request("manager-1", "POST", "/networks/prune", {"filters": '{"name":{"x":true}}'})
    assert (bad.status, bad.json()) == (400, {"message": "invalid filter 'name'"})


def test_a_swarm_bigger_than_the_ingress_subnet_still_forms():
    # The default ingress /24 runs out of sandbox addresses past ~250 nodes; joins must not fail.
    c = caasnb.Cluster(managers=3, workers=260, seed=1)
    assert len(c.daemons["manager-1"].node_list()) == 263
    assert c.events.query("network.attach_failed")
