"""Docker's embedded DNS: what a name resolves to, from where, and where it does not."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from networld import container, lab

import caasnb
from caasnb.net.cnm import EMBEDDED_DNS
from caasnb.net.dns import resolve
from caasnb.net.topology import topology


@pytest.fixture(scope="module")
def world():
    return lab()


def sandbox(world, name):
    return topology(world).find_sandbox(name)


def vip(world, service, network):
    body = json.loads(world.docker(f"service inspect {service}").stdout)[0]
    network_id = json.loads(world.docker(f"network inspect {network}").stdout)[0]["Id"]
    return next(v["Addr"].split("/")[0] for v in body["Endpoint"]["VirtualIPs"] if v["NetworkID"] == network_id)


def test_user_defined_network_resolves_names_aliases_and_short_ids(world):
    a1, a2 = sandbox(world, "a1"), sandbox(world, "a2")
    address = str(a2.endpoints[0].ipv4.ip)
    for name in ("a2", "A2", "api", a2.container_id[:12], "a2."):
        answer = resolve(world, a1, name)
        assert (answer.addresses, answer.source, answer.network, answer.server) == (
            (address,), "container", "front", EMBEDDED_DNS,
        )  # fmt: skip


def test_default_bridge_has_no_embedded_dns(world):
    d1 = sandbox(world, "d1")
    answer = resolve(world, d1, "d2")
    assert not answer.found and answer.server != EMBEDDED_DNS
    assert resolve(world, d1, "localhost").addresses == ("127.0.0.1",)
    assert resolve(world, d1, d1.hostname).addresses == (str(d1.endpoints[0].ipv4.ip),)


def test_names_resolve_only_on_shared_networks(world):
    assert not resolve(world, sandbox(world, "a1"), "b1").found
    assert not resolve(world, sandbox(world, "o1"), "a2").found


def test_service_name_gives_the_vip_and_tasks_name_the_task_ips(world):
    o1 = sandbox(world, "o1")
    answer = resolve(world, o1, "web")
    assert answer.addresses == (vip(world, "web", "app"),) and answer.source == "service"
    tasks = resolve(world, o1, "tasks.web")
    view = topology(world)
    app = next(n for n in view.swarm_networks().values() if n.name == "app")
    expected = {str(b.endpoint.ipv4.ip) for s in view.services for b in view.backends(s, app)}
    assert set(tasks.addresses) == expected and len(expected) == 2 and tasks.source == "tasks"


def test_unknown_names_are_nxdomain(world):
    answer = resolve(world, sandbox(world, "o1"), "tasks.nosuch")
    assert (answer.found, answer.source) == (False, "")


def test_legacy_links_write_etc_hosts_on_the_default_bridge():
    c = caasnb.Cluster(hosts=1, seed=3)
    db = container(c, "host-1", "db")
    web = container(c, "host-1", "webapp")
    web.endpoints[0].links = ("db:database",)
    assert resolve(c, web, "database").addresses == (str(db.endpoints[0].ipv4.ip),)
    assert resolve(c, web, "db").source == "hosts"


def test_dnsrr_answers_all_tasks_in_seeded_shuffled_order():
    def answers(seed):
        c = caasnb.Cluster(managers=1, workers=2, seed=seed)
        c.docker("network create -d overlay --attachable app")
        c.docker("service create -d --name rr --endpoint-mode dnsrr --replicas 3 --network app nginx:1.27")
        c.run(30)
        client = container(c, "manager-1", "client", "app")
        return [resolve(c, client, "rr").addresses for _ in range(6)]

    first, again = answers(5), answers(5)
    assert first == again  # seeded: the same run gives the same order
    assert all(len(a) == 3 and set(a) == set(first[0]) for a in first)
    assert len(set(first)) > 1  # shuffled per query, as libnetwork's shuffleAddr does


NETWORKS = ["bridge", "red", "blue", "green"]


@settings(max_examples=20, deadline=None)
@given(st.lists(st.sets(st.sampled_from(NETWORKS), min_size=1, max_size=2), min_size=2, max_size=6))
def test_a_name_resolves_exactly_when_a_user_defined_network_is_shared(placements):
    c = caasnb.Cluster(hosts=1, seed=1)
    for name in ("red", "blue", "green"):
        c.docker(f"network create {name}", on="host-1")
    boxes = [
        container(c, "host-1", f"c{i}", *sorted(nets - {"bridge"}) or ["bridge"]) for i, nets in enumerate(placements)
    ]
    for a in boxes:
        for b in boxes:
            shared = {ep.network.name for ep in a.endpoints} & {ep.network.name for ep in b.endpoints}
            answer = resolve(c, a, b.name)
            assert answer.found == bool(shared - {"bridge"}), (a.name, b.name, shared)
            if answer.found and a is not b:
                assert answer.addresses[0] in {str(ep.ipv4.ip) for ep in b.endpoints}
