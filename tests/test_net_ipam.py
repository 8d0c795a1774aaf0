"""IPAM: Docker's default pools, subnet and address allocation, and its exact error texts."""

# ruff: noqa: E501  (golden Docker messages stay whole on one line, so they can be grepped)

from __future__ import annotations

import time
from ipaddress import ip_address, ip_network

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from caasnb.errors import Forbidden, InvalidArgument, Unavailable
from caasnb.net.addrset import AddressSet
from caasnb.net.ipam import (
    GLOBAL,
    IPAM,
    LOCAL,
    IPAMConfig,
    PoolSplit,
    address_pools,
    swarm_pools,
    ula_pool,
    validate_ipam,
)

net = ip_network
addr = ip_address


def test_local_default_pools_in_docker_order():
    ipam = IPAM()
    subnets = [str(ipam.request_pool(LOCAL).subnet) for _ in range(31)]
    assert subnets[:15] == [f"172.{n}.0.0/16" for n in range(17, 32)]
    assert subnets[15:] == [f"192.168.{16 * n}.0/20" for n in range(16)]
    with pytest.raises(InvalidArgument, match="^all predefined address pools have been fully subnetted$"):
        ipam.request_pool(LOCAL)


def test_global_pool_is_10_0_0_0_8_in_24s_and_separate_from_local():
    ipam = IPAM()
    assert str(ipam.request_pool(GLOBAL).subnet) == "10.0.0.0/24"
    assert str(ipam.request_pool(GLOBAL).subnet) == "10.0.1.0/24"
    # the local space never sees the global one: a bridge may take 10.0.0.0/24 too
    assert str(ipam.request_pool(LOCAL, net("10.0.0.0/24")).subnet) == "10.0.0.0/24"


def test_dynamic_subnet_skips_static_and_reserved_ones_and_refills_the_lowest_gap():
    ipam = IPAM()
    ipam.request_pool(LOCAL, net("172.17.5.0/24"))
    first = ipam.request_pool(LOCAL, reserved=[net("172.18.0.0/16")])
    assert str(first.subnet) == "172.19.0.0/16"
    second = ipam.request_pool(LOCAL)
    assert str(second.subnet) == "172.18.0.0/16"
    IPAM.release_pool(second)
    assert str(ipam.request_pool(LOCAL).subnet) == "172.18.0.0/16"


def test_overlapping_subnet_is_refused_with_libnetworks_text():
    ipam = IPAM()
    ipam.request_pool(LOCAL, net("172.20.0.0/16"))
    for subnet in ("172.20.0.0/16", "172.20.3.0/24", "172.0.0.0/8"):
        with pytest.raises(Forbidden) as err:
            ipam.request_pool(LOCAL, net(subnet))
        assert err.value.message == "invalid pool request: Pool overlaps with other one on this address space"


def test_ip_ranges_may_share_a_subnet_as_in_libnetwork():
    ipam = IPAM()
    a = ipam.request_pool(LOCAL, net("10.9.0.0/16"), net("10.9.1.0/24"))
    b = ipam.request_pool(LOCAL, net("10.9.0.0/16"), net("10.9.2.0/24"))
    assert a.request() == addr("10.9.1.0") and b.request() == addr("10.9.2.0")
    with pytest.raises(Forbidden):
        ipam.request_pool(LOCAL, net("10.9.0.0/16"), net("10.9.1.0/24"))
    IPAM.release_pool(a)
    IPAM.release_pool(b)
    assert not ipam.spaces[(LOCAL, 4)].subnets


def test_custom_pools_are_sorted_and_validated():
    pools = address_pools([{"base": "192.168.0.0/16", "size": 24}, {"base": "10.10.0.0/16", "size": 24}])
    ipam = IPAM(local_pools=pools)
    assert str(ipam.request_pool(LOCAL).subnet) == "10.10.0.0/24"
    with pytest.raises(InvalidArgument) as err:
        address_pools([{"base": "10.0.0.0/8", "size": 4}])
    assert err.value.message == (
        "network at index 0 (10.0.0.0/8) has a smaller prefix (/8) than the target size of that pool (/4)"
    )


@pytest.mark.parametrize(
    ("cidrs", "size", "message"),
    [
        (["10.20.0.0/16"], 30, "subnet size is out of range: 30"),
        (["foo"], 24, "invalid base pool foo: invalid CIDR address: foo"),
        (["10.20.0.0/16"], 8, 'invalid CIDR: "10.20.0.0/16". Subnet size is too small for pool: 8'),
    ],
)
def test_swarm_default_addr_pool_errors(cidrs, size, message):
    with pytest.raises(InvalidArgument) as err:
        swarm_pools(cidrs, size)
    assert err.value.message == message


def test_swarm_default_addr_pool():
    ipam = IPAM(global_pools=swarm_pools(["10.20.0.0/16"], 26))
    assert [str(ipam.request_pool(GLOBAL).subnet) for _ in range(2)] == ["10.20.0.0/26", "10.20.0.64/26"]
    assert swarm_pools([]) == (PoolSplit(net("10.0.0.0/8"), 24),)


def test_ipv6_ula_pool_is_derived_from_the_host_id():
    pool = ula_pool("host-1")
    assert pool == ula_pool("host-1") and pool != ula_pool("host-2")
    assert pool.base.prefixlen == 48 and pool.size == 64 and str(pool.base).startswith("fd")
    assert IPAM(host_id="host-1").request_pool(LOCAL, version=6).subnet.subnet_of(pool.base)


def test_addresses_lowest_first_reuse_a_released_one():
    pool = IPAM().request_pool(LOCAL, net("172.30.0.0/24"))
    assert [str(pool.request()) for _ in range(3)] == ["172.30.0.1", "172.30.0.2", "172.30.0.3"]
    pool.release(addr("172.30.0.2"))
    assert str(pool.request()) == "172.30.0.2"


def test_serial_addresses_move_on_then_wrap():
    pool = IPAM().request_pool(GLOBAL, net("10.0.9.0/29"), serial=True)
    assert [str(pool.request()) for _ in range(3)] == ["10.0.9.1", "10.0.9.2", "10.0.9.3"]
    pool.release(addr("10.0.9.2"))
    assert [str(pool.request()) for _ in range(4)] == ["10.0.9.4", "10.0.9.5", "10.0.9.6", "10.0.9.2"]
    with pytest.raises(Unavailable, match="^no available addresses on this pool$"):
        pool.request()


def test_requested_address_errors():
    pool = IPAM().request_pool(LOCAL, net("172.30.0.0/24"), net("172.30.0.128/25"))
    assert pool.request(addr("172.30.0.5")) == addr("172.30.0.5")  # outside the ip-range is fine
    with pytest.raises(Forbidden, match="^Address already in use$"):
        pool.request(addr("172.30.0.5"))
    with pytest.raises(InvalidArgument, match="^requested address is out of range$"):
        pool.request(addr("172.31.0.5"))
    assert pool.request() == addr("172.30.0.128")


@pytest.mark.parametrize(
    ("subnet", "reserved"),
    [("10.1.0.0/30", ["10.1.0.0", "10.1.0.3"]), ("10.1.0.0/31", []), ("10.1.0.7/32", []), ("fd00::/126", ["fd00::"])],
)
def test_network_and_broadcast_reservation(subnet, reserved):
    pool = IPAM().request_pool(LOCAL, net(subnet))
    assert sorted(str(a) for a in map(ip_address, reserved) if a in pool) == sorted(reserved)
    assert len(pool.data.addresses) == len(reserved)


def test_a_16_with_sixty_thousand_allocations_is_fast():
    pool = IPAM().request_pool(LOCAL, net("172.25.0.0/16"))
    start = time.perf_counter()
    taken = [pool.request() for _ in range(60_000)]
    for address in taken[::2]:
        pool.release(address)
    again = [pool.request() for _ in range(30_000)]
    assert sorted(again) == sorted(taken[::2])
    assert time.perf_counter() - start < 3


VALIDATION_CASES = [
    (IPAMConfig("foo"), "invalid subnet foo: invalid CIDR block notation"),
    (IPAMConfig("10.0.0.1/24"), "invalid subnet 10.0.0.1/24: it should be 10.0.0.0/24"),
    (IPAMConfig("10.0.0.0/24", gateway="10.0.1.1"), "invalid gateway 10.0.1.1: parent subnet 10.0.0.0/24 doesn't contain this address"),
    (IPAMConfig("10.0.0.0/24", gateway="bar"), "invalid gateway bar: invalid address"),
    (IPAMConfig("10.0.0.0/24", ip_range="10.0.1.0/25"), "invalid ip-range 10.0.1.0/25: parent subnet 10.0.0.0/24 doesn't contain ip-range"),
    (IPAMConfig("10.0.0.0/24", ip_range="10.0.0.0/16"), "invalid ip-range 10.0.0.0/16: CIDR block is bigger than its parent subnet 10.0.0.0/24"),
    (IPAMConfig("10.0.0.0/24", ip_range="fd00::/64"), "invalid ip-range fd00::/64: parent subnet is an IPv4 block"),
    (IPAMConfig("10.0.0.0/24", aux_addresses={"r": "10.0.2.1"}), "invalid auxiliary address r: parent subnet 10.0.0.0/24 doesn't contain this address"),
]  # fmt: skip


@pytest.mark.parametrize(("config", "problem"), VALIDATION_CASES)
def test_validate_ipam_texts(config, problem):
    with pytest.raises(InvalidArgument) as err:
        validate_ipam([config], enable_ipv6=False)
    assert err.value.message == "invalid network config:\n" + problem


def test_validate_ipam_lists_several_problems():
    with pytest.raises(InvalidArgument) as err:
        validate_ipam([IPAMConfig("10.0.0.1/24", gateway="10.1.0.1")], enable_ipv6=False)
    assert err.value.message == (
        "invalid network config:\n* invalid subnet 10.0.0.1/24: it should be 10.0.0.0/24\n"
        "* invalid gateway 10.1.0.1: parent subnet 10.0.0.1/24 doesn't contain this address"
    )
    validate_ipam([IPAMConfig("fd00::1/64")], enable_ipv6=False)  # IPv6 configs are skipped without --ipv6


# -- properties ----------------------------------------------------------------------
ops = st.lists(st.tuples(st.sampled_from(["take", "give", "pick"]), st.integers(0, 300)), max_size=200)


@settings(max_examples=150, deadline=None)
@given(ops=ops, serial=st.booleans(), ranged=st.booleans())
def test_addresses_are_never_duplicated_or_reserved_and_come_back(ops, serial, ranged):
    ipam = IPAM()
    subnet = net("10.5.0.0/23")
    pool = ipam.request_pool(LOCAL, subnet, net("10.5.1.0/24") if ranged else None, serial=serial)
    gateway = pool.request()
    aux = pool.request(addr("10.5.1.77")) if addr("10.5.1.77") not in pool else addr("10.5.1.77")
    reserved = {subnet.network_address, subnet.broadcast_address, gateway, aux}
    held: set = set()
    for op, n in ops:
        if op == "take" and held:
            victim = sorted(held)[n % len(held)]
            pool.release(victim)
            held.discard(victim)
        elif op == "give":
            try:
                got = pool.request()
            except Unavailable:
                continue
            assert got not in held and got not in reserved and got in subnet
            if ranged:
                assert got in net("10.5.1.0/24")
            held.add(got)
        else:
            wanted = subnet.network_address + n
            if wanted in held or wanted in reserved:
                with pytest.raises(Forbidden):
                    pool.request(wanted)
            else:
                assert pool.request(wanted) == wanted
                held.add(wanted)
    assert len(pool.data.addresses) == len(held) + len(reserved)


prefixes = st.builds(
    lambda a, b, length: f"172.{a}.{b}.0/{length}", st.integers(16, 40), st.integers(0, 255), st.integers(14, 24)
)


@settings(max_examples=100, deadline=None)
@given(steps=st.lists(st.one_of(st.none(), prefixes, st.integers(0, 50)), max_size=40))
def test_pools_never_overlap(steps):
    ipam = IPAM()
    pools = []
    for step in steps:
        if isinstance(step, int):
            if pools:
                IPAM.release_pool(pools.pop(step % len(pools)))
            continue
        try:
            requested = ip_network(step, strict=False) if step else None
            pools.append(ipam.request_pool(LOCAL, requested))
        except (Forbidden, InvalidArgument):
            continue
        subnets = [p.subnet for p in pools]
        for i, one in enumerate(subnets):
            assert not any(one.overlaps(other) for other in subnets[i + 1 :])


def test_address_set_window_floors_follow_releases():
    addresses = AddressSet(net("10.0.0.0/28"))
    taken = [addresses.add_any(net("10.0.0.8/29")) for _ in range(8)]
    with pytest.raises(Unavailable):
        addresses.add_any(net("10.0.0.8/29"))
    addresses.remove(taken[3])
    assert addresses.add_any(net("10.0.0.8/29")) == taken[3]
    assert addresses.add_any() == addr("10.0.0.0")
