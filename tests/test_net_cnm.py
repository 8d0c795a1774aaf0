"""CNM: networks, endpoints, sandboxes and drivers behave, fail and render as Docker 28 does."""

# ruff: noqa: E501  (golden Docker messages stay whole on one line, so they can be grepped)

from __future__ import annotations

import re

import pytest

from caasnb.errors import Conflict, DockerError, Forbidden, InvalidArgument, NotFound
from caasnb.net.controller import ManagerRedirect, NetworkController
from caasnb.net.drivers import example_vlan_plugin, windows_drivers
from caasnb.net.ipam import IPAMConfig
from caasnb.net.swarmnet import SwarmNetworks
from caasnb.sim import EPOCH_NS, Simulation

CID = "c0ffee" + "0" * 58


@pytest.fixture
def sim():
    return Simulation(7)


@pytest.fixture
def ctl(sim):
    return NetworkController(sim, "host-1")


def error(fn, *args, **kwargs) -> DockerError:
    with pytest.raises(DockerError) as err:
        fn(*args, **kwargs)
    return err.value


def test_predefined_networks(ctl):
    assert sorted((n.name, n.driver.name, n.scope) for n in ctl.networks.values()) == [
        ("bridge", "bridge", "local"),
        ("host", "host", "local"),
        ("none", "null", "local"),
    ]
    bridge = ctl.find("bridge").to_api()
    assert bridge["IPAM"] == {
        "Driver": "default",
        "Options": None,
        "Config": [{"Subnet": "172.17.0.0/16", "Gateway": "172.17.0.1"}],
    }
    assert bridge["Options"] == {
        "com.docker.network.bridge.default_bridge": "true",
        "com.docker.network.bridge.enable_icc": "true",
        "com.docker.network.bridge.enable_ip_masquerade": "true",
        "com.docker.network.bridge.host_binding_ipv4": "0.0.0.0",
        "com.docker.network.bridge.name": "docker0",
        "com.docker.network.driver.mtu": "1500",
    }  # fmt: skip
    host = ctl.find("host").to_api()
    assert host["IPAM"] == {"Driver": "default", "Options": None, "Config": []} and host["Options"] == {}
    assert list(bridge) == [
        "Name", "Id", "Created", "Scope", "Driver", "EnableIPv4", "EnableIPv6", "IPAM", "Internal", "Attachable",
        "Ingress", "ConfigFrom", "ConfigOnly", "Containers", "Options", "Labels",
    ]  # fmt: skip


def test_local_ids_are_64_hex_and_seeded(sim):
    ids = [n.id for n in NetworkController(sim, "host-2").networks.values()]
    again = [n.id for n in NetworkController(Simulation(7), "host-2").networks.values()]
    assert ids == again and all(re.fullmatch(r"[0-9a-f]{64}", i) and not i[:12].isdigit() for i in ids)


def test_user_network_inspect(ctl, sim):
    sim.run(until=2_000_000_000)
    net = ctl.create("app", ipam_options={}, ipam_config=[IPAMConfig("10.30.0.0/24", ip_range="10.30.0.128/25")])
    body = net.to_api()
    assert body["Created"] == "1970-01-01T00:00:02Z" and body["Scope"] == "local" and body["Options"] == {}
    assert net.to_api(epoch=EPOCH_NS)["Created"] == "2024-05-01T10:00:02Z"
    assert body["IPAM"] == {
        "Driver": "default",
        "Options": {},
        "Config": [{"Subnet": "10.30.0.0/24", "IPRange": "10.30.0.128/25"}],
    }
    assert str(net.subnets[0].gateway) == "10.30.0.128"  # the first free address of the ip-range
    assert ctl.create("auto").to_api()["IPAM"]["Config"] == [{"Subnet": "172.18.0.0/16", "Gateway": "172.18.0.1"}]
    assert sim.events.query("network.create")[-1].attrs["name"] == "auto"


CREATE_ERRORS = [
    ({"name": "bridge"}, Forbidden, "operation is not permitted on predefined bridge network "),
    ({"name": "o", "driver": "overlay"}, Forbidden, 'This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.'),
    ({"name": "x", "driver": "nope"}, NotFound, 'plugin "nope" not found'),
    ({"name": "x", "driver": "nat"}, NotFound, 'plugin "nat" not found'),
    ({"name": "x", "scope": "swarm"}, Forbidden, "cannot create a swarm scoped network when swarm is not active"),
    ({"name": "x", "ingress": True}, Forbidden, "Ingress network can only be global scope network"),
    ({"name": " "}, InvalidArgument, "invalid name: name is empty"),
    ({"name": "x", "options": {"com.docker.network.enable_ipv6": "maybe"}}, InvalidArgument, 'driver-opt "com.docker.network.enable_ipv6" is not a valid bool'),
    ({"name": "x", "ipam_config": [IPAMConfig("172.17.1.0/24")]}, Forbidden, "invalid pool request: Pool overlaps with other one on this address space"),
    ({"name": "x", "ipam_config": [IPAMConfig("10.1.0.0/24", gateway="10.1.1.1")]}, InvalidArgument, "invalid network config:\ninvalid gateway 10.1.1.1: parent subnet 10.1.0.0/24 doesn't contain this address"),
    ({"name": "x", "ipam_config": [IPAMConfig("10.1.0.0/24", gateway="10.1.0.5", aux_addresses={"a": "10.1.0.5"})]}, DockerError, "failed to allocate secondary ip address (a:10.1.0.5): Address already in use"),
    ({"name": "x", "config_from": "cfg"}, NotFound, 'configuration network "cfg" does not exist'),
]  # fmt: skip


@pytest.mark.parametrize(("kwargs", "kind", "message"), CREATE_ERRORS)
def test_create_errors(ctl, sim, kwargs, kind, message):
    before = (len(sim.events), {k: len(v.subnets) for k, v in ctl.ipam.spaces.items()})
    err = error(ctl.create, **kwargs)
    assert type(err) is kind and err.message == message
    assert (len(sim.events), {k: len(v.subnets) for k, v in ctl.ipam.spaces.items()}) == before


def test_duplicate_name_and_swarm_roles(ctl):
    ctl.create("app")
    assert error(ctl.create, "app").message == "network with name app already exists"
    ctl.swarm_role = "worker"
    err = error(ctl.create, "ov", "overlay")
    assert err.message.startswith("This node is not a swarm manager.")
    assert error(ctl.create, "b", scope="swarm").message == (
        "Cannot create a multi-host network from a worker node. Please create the network from a manager node."
    )
    ctl.swarm_role = "manager"
    with pytest.raises(ManagerRedirect):
        ctl.create("ov", "overlay")
    assert (
        error(ctl.create, "ov", "overlay", enable_ipv4=False).message
        == "IPv4 cannot be disabled in a Swarm scoped network"
    )
    assert (
        error(ctl.create, "ov2", "overlay", scope="local").message
        == "cannot downgrade network scope for overlay networks"
    )


def test_remove_and_prune(ctl, sim):
    assert error(ctl.remove, "host").message == "host is a pre-defined network and cannot be removed"
    assert error(ctl.remove, "ghost").message == "network ghost not found"
    app = ctl.create("app")
    sandbox = ctl.sandbox(CID, "web", mode="app")
    endpoint = sandbox.endpoints[0]
    assert error(ctl.remove, "app").message == (
        f'error while removing network: network app has active endpoints (name:"web" id:"{endpoint.id[:12]}")'
    )
    ctl.create("idle", labels={"keep": "1"})
    ctl.create("spare")
    assert ctl.prune(keep=lambda n: "keep" in n.labels) == ["spare"]
    ctl.release(sandbox)
    assert ctl.remove(app.id[:6]) is app
    kinds = [e.kind for e in sim.events.query("network")]
    assert kinds[-5:] == ["network.create", "network.destroy", "network.prune", "network.disconnect", "network.destroy"]
    assert [e.kind for e in sim.events.query("network.destroy")] == ["network.destroy", "network.destroy"]
    assert sim.events.query("network.prune")[0].attrs["reclaimed"] == "0"


def test_find_rules(ctl):
    a = ctl.create("alpha")
    assert ctl.find(a.id) is a and ctl.find(a.id[:5]) is a and ctl.find("alpha") is a


def test_endpoints_sandbox_and_settings(ctl):
    app = ctl.create("app", ipam_config=[IPAMConfig("10.40.0.0/24")])
    sandbox = ctl.sandbox(CID, "web", hostname="web-host")
    first = sandbox.endpoints[0]
    assert (first.interface, str(first.ipv4), first.dns_names) == ("eth0", "172.17.0.2/16", ())
    assert re.fullmatch(r"[0-9a-f][26ae](:[0-9a-f]{2}){5}", first.mac)  # random, unicast, locally administered
    assert sandbox.resolv_conf() == "nameserver 192.168.65.7\n"
    second = ctl.connect("app", sandbox, aliases=["api"], ipv4="10.40.0.9")
    assert second.dns_names == ("web", "api", CID[:12], "web-host")
    settings = second.to_endpoint_settings()
    assert settings == {
        "IPAMConfig": {"IPv4Address": "10.40.0.9"}, "Links": None, "Aliases": ["api"], "MacAddress": second.mac,
        "DriverOpts": None, "GwPriority": 0, "NetworkID": app.id, "EndpointID": second.id, "Gateway": "10.40.0.1",
        "IPAddress": "10.40.0.9", "IPPrefixLen": 24, "IPv6Gateway": "", "GlobalIPv6Address": "",
        "GlobalIPv6PrefixLen": 0, "DNSNames": ["web", "api", CID[:12], "web-host"],
    }  # fmt: skip
    assert app.to_api()["Containers"] == {CID: second.to_network_container()}
    assert second.to_network_container()["IPv4Address"] == "10.40.0.9/24"
    # same GwPriority: the network whose name sorts first gives the default route ("app" < "bridge")
    assert [str(r) for r in sandbox.routes()] == [
        "default via 10.40.0.1 dev eth1", "172.17.0.0/16 dev eth0", "10.40.0.0/24 dev eth1",
    ]  # fmt: skip
    assert sandbox.resolv_conf() == "nameserver 127.0.0.11\noptions ndots:0\n"
    assert sandbox.hosts_file() == "127.0.0.1\tlocalhost\n172.17.0.2\tweb-host\n10.40.0.9\tweb-host\n"
    ctl.disconnect("bridge", sandbox)
    third = ctl.connect("bridge", sandbox)
    assert third.interface == "eth0" and str(third.ipv4) == "172.17.0.2/16"  # lowest free name and address


def test_internal_network_gives_no_default_route(ctl):
    ctl.create("back", internal=True)
    sandbox = ctl.sandbox(CID, "db", mode="back")
    assert sandbox.routes()[0].destination != "default" and sandbox.gateway_endpoint() is None


def test_default_bridge_loopback_resolvers_fall_back_to_google(sim):
    ctl = NetworkController(sim, "h", nameservers=("127.0.0.53",))
    assert ctl.sandbox(CID, "x").resolv_conf() == "nameserver 8.8.8.8\nnameserver 8.8.4.4\n"


CONNECT_ERRORS = [
    ("bridge", {"ipv4": "172.17.0.50"}, "bridge", "invalid endpoint settings:\nuser specified IP address is supported on user defined networks only"),
    ("bridge", {"aliases": ["a"]}, "bridge", "invalid endpoint settings:\nnetwork-scoped alias is supported only for containers in user defined networks"),
    ("bridge", {"ipv4": "10.99.0.5"}, "auto", "invalid endpoint settings:\nuser specified IP address is supported only when connecting to networks with user configured subnets"),
    ("bridge", {"ipv4": "10.99.0.5"}, "fixed", "invalid endpoint settings:\nno configured subnet or ip-range contain the IP address 10.99.0.5"),
    ("bridge", {"ipv4": "300.1.1.1"}, "fixed", "invalid endpoint settings:\ninvalid IPv4 address: 300.1.1.1"),
    ("bridge", {}, "host", "cannot connect container to host network - container must be created in host network mode"),
    ("host", {}, "fixed", "container sharing network namespace with another container or host cannot be connected to any other network"),
    ("none", {}, "fixed", "container cannot be connected to multiple networks with one of the networks in private (none) mode"),
    ("bridge", {}, "bridge", "endpoint with name web already exists in network bridge"),
    ("bridge", {}, "ghost", "network ghost not found"),
]  # fmt: skip


@pytest.mark.parametrize(("mode", "extra", "target", "message"), CONNECT_ERRORS)
def test_connect_errors(ctl, sim, mode, extra, target, message):
    ctl.create("auto")
    ctl.create("fixed", ipam_config=[IPAMConfig("10.98.0.0/24")])
    sandbox = ctl.sandbox(CID, "web", mode=mode)
    before = (len(sim.events), list(sandbox.endpoints))
    assert error(ctl.connect, target, sandbox, **extra).message == message
    assert (len(sim.events), sandbox.endpoints) == before


def test_static_ip_in_use_and_exhaustion(ctl):
    ctl.create("tiny", ipam_config=[IPAMConfig("10.50.0.0/30")])
    a = ctl.sandbox("a" * 64, "a", mode="tiny")
    b = ctl.sandbox("b" * 64, "b")
    assert str(a.endpoints[0].ipv4) == "10.50.0.2/30"
    err = error(ctl.connect, "tiny", b, ipv4="10.50.0.2")
    assert (type(err), err.message) == (Forbidden, "Address already in use")
    net = ctl.find("tiny")
    assert error(ctl.connect, "tiny", b).message == (
        f"no available IPv4 addresses on this network's address pools: tiny ({net.id})"
    )


def test_disconnect_errors(ctl):
    ctl.create("app")
    sandbox = ctl.sandbox(CID, "web")
    assert error(ctl.disconnect, "app", sandbox).message == f"container {CID} is not connected to network app"
    host = ctl.sandbox("d" * 64, "h", mode="host")
    assert error(ctl.disconnect, "host", host).message == (
        "cannot disconnect container from host network - container was created in host network mode"
    )


def test_ports(ctl):
    web = ctl.sandbox(CID, "web")
    assert str(ctl.publish(web, 80, host_port=8080)) == "0.0.0.0:8080->80/tcp"
    assert [ctl.publish(web, 81).host_port, ctl.publish(web, 82).host_port] == [32768, 32769]
    other = ctl.sandbox("e" * 64, "other")
    err = error(ctl.publish, other, 80, host_port=8080)
    assert err.message == (
        f"driver failed programming external connectivity on endpoint other ({other.endpoints[0].id}): "
        "Bind for 0.0.0.0:8080 failed: port is already allocated"
    )
    ctl.release(web)
    assert ctl.publish(other, 80, host_port=8080).host_port == 8080
    h1, h2 = ctl.sandbox("1" * 64, "h1", mode="host"), ctl.sandbox("2" * 64, "h2", mode="host")
    ctl.listen(h1, 9000)
    ctl.listen(other, 9000)  # a bridge container has its own stack
    with pytest.raises(Conflict, match="^listen tcp 0.0.0.0:9000: bind: address already in use$"):
        ctl.listen(h2, 9000)
    assert h1.shares_host_stack and not h1.endpoints[0].ipv4


# -- drivers ------------------------------------------------------------------------
DRIVER_CASES = [
    ("macvlan", {"parent": "eth0"}, None),
    ("macvlan", {}, None),
    ("macvlan", {"parent": "eth0.10"}, None),
    ("macvlan", {"parent": "eth0", "macvlan_mode": "l2"}, "requested macvlan mode 'l2' is not valid, 'bridge' mode is the macvlan driver default"),
    ("macvlan", {"parent": "lo"}, "loopback interface is not a valid macvlan parent link"),
    ("macvlan", {"parent": "eth9"}, "invalid subinterface vlan name eth9, example formatting is eth0.10"),
    ("macvlan", {"parent": "eth0.5000"}, "vlan id must be between 1-4094, received: 5000"),
    ("macvlan", {"parent": "eth7.10"}, "failed to find master interface eth7 on the Docker host: Link not found"),
    ("ipvlan", {"parent": "eth0", "ipvlan_mode": "l3"}, None),
    ("ipvlan", {"parent": "eth0", "ipvlan_mode": "l4"}, "requested ipvlan mode 'l4' is not valid, 'l2' mode is the ipvlan driver default"),
    ("ipvlan", {"parent": "eth0", "ipvlan_flag": "x"}, "requested ipvlan flag 'x' is not valid, 'bridge' is the ipvlan driver default"),
]  # fmt: skip


@pytest.mark.parametrize(("driver", "options", "message"), DRIVER_CASES)
def test_driver_options(ctl, driver, options, message):
    if message is None:
        assert ctl.create("n", driver, options=options).options == options
    else:
        assert error(ctl.create, "n", driver, options=options).message == message


def test_parent_sharing_rules(ctl):
    first = ctl.create("m1", "macvlan", options={"parent": "eth0", "macvlan_mode": "passthru"})
    assert error(ctl.create, "m2", "macvlan", options={"parent": "eth0"}).message == (
        f"macvlan network {first.id} is already using parent interface eth0 in mode passthru"
    )
    ip1 = ctl.create("i1", "ipvlan", options={"parent": "eth0"})
    assert error(ctl.create, "i2", "ipvlan", options={"parent": "eth0"}).message == (
        f"network dm-{ip1.id[:12]} is already using parent interface eth0"
    )


def test_driver_behaviour(ctl):
    mac = ctl.create("lan", "macvlan", options={"parent": "eth0"})
    ipv = ctl.create("l3", "ipvlan", options={"parent": "eth0.20"}, internal=True)
    assert not mac.driver.host_reaches_endpoints and mac.subnets[0].gateway is not None
    assert ipv.subnets[0].gateway is None  # internal macvlan/ipvlan networks need no gateway
    sandbox = ctl.sandbox(CID, "web", mode="l3")
    assert sandbox.endpoints[0].mac == ""
    err = error(ctl.connect, "l3", ctl.sandbox("9" * 64, "y"), mac="02:00:00:00:00:01")
    assert (
        err.message
        == "failed to create endpoint y on network l3: ipvlan interfaces do not support custom mac address assignment"
    )
    assert ctl.find("none").to_api()["IPAM"]["Config"] == [] and not ctl.find("none").subnets


def test_windows_engine_has_nat_and_no_bridge(sim):
    ctl = NetworkController(sim, "win-1", platform="windows")
    assert sorted((n.name, n.driver.name) for n in ctl.networks.values()) == [("nat", "nat"), ("none", "null")]
    assert {d.name for d in windows_drivers()} == {
        "nat",
        "transparent",
        "l2bridge",
        "l2tunnel",
        "ics",
        "overlay",
        "null",
    }
    assert error(ctl.create, "b", "bridge").message == 'plugin "bridge" not found'
    assert ctl.create("t", "transparent").driver.name == "transparent"


def test_remote_plugin(ctl):
    ctl.register_plugin(example_vlan_plugin())
    assert error(ctl.create, "v", "example/vlan").message == "remote: option vlan=<1-4094> is required"
    ctl.swarm_role = "manager"
    with pytest.raises(ManagerRedirect):
        ctl.create("v", "example/vlan", options={"vlan": "30"})


# -- swarm scope ------------------------------------------------------------------------
def test_swarm_networks(sim):
    swarm = SwarmNetworks(sim)
    ingress = swarm.create("i" * 25, "ingress", ingress=True)
    assert str(ingress.subnets[0].prefix) == "10.0.0.0/24" and str(ingress.subnets[0].gateway) == "10.0.0.1"
    assert swarm.vni(ingress) == 4096
    app = swarm.create("a" * 25, "app", attachable=True, options={"encrypted": ""})
    assert swarm.vni(app) == 4097 and app.driver.encrypted(app.options)
    body = app.to_api()
    assert body["Scope"] == "swarm" and body["Options"] == {
        "encrypted": "",
        "com.docker.network.driver.overlay.vxlanid_list": "4097",
    }
    cases = [
        (dict(network_id="x", name="host"), "host is a pre-defined network and cannot be created"),
        (dict(network_id="x", name="app"), "network with name app already exists"),
        (dict(network_id="x", name="i2", ingress=True), f"rpc error: code = AlreadyExists desc = ingress network ({'i' * 25}) is already present"),
        (dict(network_id="x", name="i3", ingress=True, attachable=True), "rpc error: code = InvalidArgument desc = ingress network cannot be attachable"),
        (dict(network_id="x", name="i4", driver="bridge", ingress=True), "rpc error: code = Unimplemented desc = only overlay driver is currently supported for ingress network"),
        (dict(network_id="x", name="p", driver="weave"), "rpc error: code = InvalidArgument desc = error during lookup of plugin weave"),
        (dict(network_id="x", name="s", ipam_config=[IPAMConfig("10.0.0.0/24", gateway="10.1.0.1")]), "rpc error: code = InvalidArgument desc = ipam configuration: subnet 10.0.0.0/24 does not contain gateway 10.1.0.1"),
    ]  # fmt: skip
    for kwargs, message in cases:
        assert error(swarm.create, **kwargs).message == message
    assert error(swarm.remove, "a" * 25, services=["svc1"]).message == (
        f"rpc error: code = FailedPrecondition desc = network {'a' * 25} is in use by service svc1"
    )
    swarm.remove("a" * 25)
    assert swarm.create("b" * 25, "next").subnets[0].prefix == app.subnets[0].prefix  # the subnet came back
    assert sim.events.query("network.remove")[0].subject == "a" * 25


def test_swarm_network_shared_by_engines(sim):
    swarm = SwarmNetworks(sim)
    overlay = swarm.create("o" * 25, "backend")
    one, two = NetworkController(sim, "node-1"), NetworkController(sim, "node-2")
    one.install(overlay)
    two.install(overlay)
    a = one.connect("backend", one.sandbox("a" * 64, "t1"), managed=True)
    b = two.connect("backend", two.sandbox("b" * 64, "t2"), managed=True)
    assert (str(a.ipv4), str(b.ipv4)) == ("10.0.0.2/24", "10.0.0.3/24")
    assert a.mac == "02:42:0a:00:00:02"  # overlay MACs still derive from the IPv4 address
    assert list(overlay.to_api(host="node-2")["Containers"]) == ["b" * 64]
    err = error(one.connect, "backend", one.sandbox("c" * 64, "plain"))
    assert err.message == (
        "Could not attach to network backend: rpc error: code = PermissionDenied desc = network backend not manually attachable"
    )
    with pytest.raises(ManagerRedirect):
        one.remove("backend")
    one.disconnect("backend", a.sandbox)
    c = two.connect("backend", two.sandbox("d" * 64, "t3"), managed=True)
    assert str(c.ipv4) == "10.0.0.4/24"  # serial: the released 10.0.0.2 is not reused at once


def test_host_and_none_sandboxes_have_only_loopback(ctl):
    for mode in ("host", "none"):
        sandbox = ctl.sandbox(mode * 8, mode, mode=mode)
        assert sandbox.interfaces() == [("lo", "127.0.0.1/8")] and sandbox.routes() == []


def test_bridge_facts_and_list_row(ctl):
    app = ctl.create("app", options={"com.docker.network.bridge.enable_icc": "false"})
    assert app.driver.interface(app.id, app.options) == f"br-{app.id[:12]}"
    bridge = ctl.find("bridge")
    assert bridge.driver.interface(bridge.id, bridge.options) == "docker0"
    assert bridge.driver.icc(bridge.options) and not app.driver.icc(app.options)
    assert app.to_summary() == {"ID": app.id[:12], "Name": "app", "Driver": "bridge", "Scope": "local"}


def test_ipam_config_api_round_trip():
    body = {"Subnet": "10.1.0.0/24", "Gateway": "10.1.0.254", "AuxiliaryAddresses": {"r": "10.1.0.9"}}
    assert IPAMConfig.from_api(body).to_api() == body
