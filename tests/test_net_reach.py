"""Reachability agrees with Docker's rules: a table of (source, target, verdict) on one wired lab."""

import pytest
from networld import lab

from caasnb.net.path import CONNECTED, REFUSED, TIMEOUT, UNREACHABLE, UNRESOLVED
from caasnb.net.reach import parse_target, reach
from caasnb.net.topology import topology

MANAGER = "192.168.99.100"  # manager-1's address on the underlay
WORKER = "192.168.99.101"


@pytest.fixture(scope="module")
def world():
    return lab()


def ip(world, name):
    return str(topology(world).find_sandbox(name).endpoints[0].ipv4.ip)


CASES = [
    # (source, target, verdict, words of the reason)
    ("a1", "a2:80", CONNECTED, "a2 accepts 80/tcp"),  # same user-defined bridge, by name
    ("a1", "api", CONNECTED, "a2 answers"),  # --network-alias
    ("a1", "a2:81", REFUSED, "nothing listens on 81/tcp"),
    ("a1", "b1", UNRESOLVED, "does not resolve"),  # names only on shared networks
    ("a1", "@b1:5432", TIMEOUT, "DOCKER-ISOLATION"),  # different bridges, by IP
    ("d1", "d2", UNRESOLVED, "does not resolve"),  # default bridge: no embedded DNS
    ("d1", "@d2:80", CONNECTED, "d2 accepts"),  # default bridge by IP
    ("b1", f"{MANAGER}:8081", CONNECTED, "d2 accepts 80/tcp"),  # published port via the host's IP
    ("o2", f"{MANAGER}:8081", CONNECTED, "d2 accepts 80/tcp"),  # ... from another host
    ("o1", "o2:80", CONNECTED, "o2 accepts"),  # overlay across hosts
    ("v1", "v2:80", CONNECTED, "v2 accepts"),  # inside an internal network
    ("v1", f"{MANAGER}:8081", UNREACHABLE, "only on internal networks"),  # no route out
    ("n1", "@n2:80", TIMEOUT, "enable_icc=false"),  # ICC disabled
    ("a1", f"{MANAGER}:9000", CONNECTED, "h1 (host network) accepts 9000/tcp"),  # host-mode server
    ("h1", "@d2:80", CONNECTED, "d2 accepts"),  # host mode shares the host's routes to docker0
    ("z1", "@a2", UNREACHABLE, "--network none"),
    ("manager-1", "192.168.50.10", TIMEOUT, "its own macvlan child"),  # macvlan parent
    ("worker-1", "192.168.50.10:80", CONNECTED, "m1 accepts"),  # other hosts on the segment
    ("m1", MANAGER, TIMEOUT, "its own parent host"),
    ("m1", "192.168.50.20:80", CONNECTED, "m2 accepts"),  # one LAN across hosts
    ("d1", f"{WORKER}:8080", CONNECTED, "routing mesh on worker-1"),  # ingress on every node
    ("o1", "web:80", CONNECTED, "accepts 80/tcp"),  # service VIP
    ("o1", "tasks.web", CONNECTED, "answers"),
    ("o1", "nothere:80", UNRESOLVED, "does not resolve"),
    ("d1", "8.8.8.8", CONNECTED, "on the Internet answers"),  # out through the host's NAT
    ("v1", "8.8.8.8", UNREACHABLE, "only on internal networks"),
]


@pytest.mark.parametrize(("source", "target", "verdict", "words"), CASES)
def test_docker_rules(world, source, target, verdict, words):
    if target.startswith("@"):
        name, _, port = target[1:].partition(":")
        target = ip(world, name) + (f":{port}" if port else "")
    result = reach(world, source, target)
    assert (result.verdict, words in result.reason) == (verdict, True), str(result)


def test_overlay_path_crosses_the_underlay_by_vxlan(world):
    result = reach(world, "o1", "o2:80")
    kinds = [hop.kind for hop in result.hops]
    assert kinds == ["endpoint", "vxlan", "underlay", "vxlan", "endpoint"]
    assert str(result.hops[2]) == "underlay: manager-1 -> worker-1"


def test_partition_cuts_overlay_traffic_and_heal_restores_it():
    world = lab()
    world.partition(["manager-1"], ["worker-1", "worker-2"])
    cut = reach(world, "o1", "o2:80")
    assert cut.verdict == TIMEOUT and "partitioned" in cut.reason
    assert reach(world, "a1", "a2:80").ok  # a bridge on one host does not care
    world.heal()
    assert reach(world, "o1", "o2:80").ok


def test_a_crashed_host_takes_its_containers_off_the_overlay():
    world = lab()
    world.crash("worker-1")
    result = reach(world, "o1", "o2:80")
    assert result.verdict == TIMEOUT and "worker-1 is down" in result.reason


def test_unknown_source_is_docker_s_not_found(world):
    from caasnb.errors import NotFound

    with pytest.raises(NotFound, match="No such container: ghost"):
        reach(world, "ghost", "a2")


@pytest.mark.parametrize(
    ("text", "parsed"),
    [("web", ("web", None)), ("web:80", ("web", 80)), ("http://web/x", ("web", 80)), ("10.0.0.2:53", ("10.0.0.2", 53))],
)
def test_targets_parse_like_urls(text, parsed):
    assert parse_target(text) == parsed
