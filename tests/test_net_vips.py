"""Service endpoints: VIPs from the networks' pools, ingress ports 30000-32767, conflicts, release on delete."""

import json

from hypothesis import given, settings
from hypothesis import strategies as st

import caasnb


def endpoint(c, name):
    return json.loads(c.docker(f"service inspect {name}").stdout)[0]["Endpoint"]


def test_inspect_shows_spec_ports_and_vips_in_swarmkit_order():
    c = caasnb.Cluster(managers=1, workers=0, seed=7)
    c.docker("network create -d overlay app")
    assert c.docker("service create -d --name web --network app -p 8080:80 -p 443 nginx:1.27").exit_code == 0
    ingress = json.loads(c.docker("network inspect ingress").stdout)[0]["Id"]
    app = json.loads(c.docker("network inspect app").stdout)[0]["Id"]
    assert endpoint(c, "web") == {
        "Spec": {
            "Mode": "vip",
            "Ports": [
                {"Protocol": "tcp", "TargetPort": 80, "PublishedPort": 8080, "PublishMode": "ingress"},
                {"Protocol": "tcp", "TargetPort": 443, "PublishMode": "ingress"},
            ],
        },
        "Ports": [
            {"Protocol": "tcp", "TargetPort": 80, "PublishedPort": 8080, "PublishMode": "ingress"},
            {"Protocol": "tcp", "TargetPort": 443, "PublishedPort": 30000, "PublishMode": "ingress"},
        ],
        "VirtualIPs": [{"NetworkID": ingress, "Addr": "10.0.0.3/24"}, {"NetworkID": app, "Addr": "10.0.1.2/24"}],
    }


def test_port_conflict_is_swarmkit_s_and_changes_nothing():
    c = caasnb.Cluster(managers=1, workers=0, seed=7)
    c.docker("service create -d --name web -p 8080:80 nginx:1.27")
    web_id = json.loads(c.docker("service inspect web").stdout)[0]["ID"]
    result = c.docker("service create -d --name other -p 8080:81 nginx:1.27")
    assert result.stderr == (
        "Error response from daemon: rpc error: code = InvalidArgument desc = port '8080' is already in use by "
        f"service 'web' ({web_id}) as an ingress port\n"
    )
    assert c.docker("service ls -q").stdout.count("\n") == 1
    c.docker("service rm web")
    assert c.docker("service create -d --name other -p 8080:81 nginx:1.27").exit_code == 0


def test_dnsrr_services_get_no_vip_and_update_keeps_the_dynamic_port():
    c = caasnb.Cluster(managers=1, workers=0, seed=7)
    c.docker("network create -d overlay app")
    c.docker("service create -d --name rr --endpoint-mode dnsrr --network app nginx:1.27")
    assert "VirtualIPs" not in endpoint(c, "rr")
    c.docker("service create -d --name web -p 80 nginx:1.27")
    before = endpoint(c, "web")
    c.docker("service update -d --env-add A=1 web")
    assert endpoint(c, "web")["Ports"] == before["Ports"] and before["Ports"][0]["PublishedPort"] == 30000


@settings(max_examples=12, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["create", "rm"]), st.integers(0, 4)), min_size=1, max_size=10))
def test_vips_are_unique_per_network_and_released_on_delete(ops):
    c = caasnb.Cluster(managers=1, workers=0, seed=1)
    c.docker("network create -d overlay app")
    app = c.swarm_networks.networks[json.loads(c.docker("network inspect app").stdout)[0]["Id"]]
    pool = app.subnet_for(4).pool
    baseline = len(pool.data.addresses)
    alive = set()
    for op, n in ops:
        name = f"s{n}"
        if op == "create" and name not in alive:
            assert c.docker(f"service create -d --name {name} --network app -p 80 nginx:1.27").exit_code == 0
            alive.add(name)
        elif op == "rm" and name in alive:
            assert c.docker(f"service rm {name}").exit_code == 0
            alive.discard(name)
        vips = [v["Addr"] for s in alive for v in endpoint(c, s)["VirtualIPs"]]
        assert len(vips) == len(set(vips))
        assert len(pool.data.addresses) == baseline + len(alive)  # exactly one VIP per live service here
        ports = [endpoint(c, s)["Ports"][0]["PublishedPort"] for s in alive]
        assert len(ports) == len(set(ports)) and all(30000 <= p <= 32767 for p in ports)
