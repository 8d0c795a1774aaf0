"""The underlay: latency, loss, duplication, partitions, one-way blocks, hosts going down."""

from __future__ import annotations

import pytest

from caasnb.errors import InvalidArgument
from caasnb.net import Underlay
from caasnb.sim import MILLISECOND, Simulation

HOSTS = ("a", "b", "c", "d")


def network(**settings) -> tuple[Simulation, Underlay, list]:
    sim = Simulation(3)
    net = Underlay(sim, HOSTS, **settings)
    inbox: list = []
    for host in HOSTS:
        net.listen(host, lambda payload, host=host: inbox.append((sim.now, host, payload)))
    return sim, net, inbox


def test_full_mesh_with_both_directions():
    _, net, _ = network()
    pairs = [(a, b) for a in HOSTS for b in HOSTS if a != b]
    assert len({id(net.link(a, b)) for a, b in pairs}) == len(pairs)
    assert net.graph.number_of_edges() == len(HOSTS) * (len(HOSTS) - 1)
    assert net.link("a", "b") is not net.link("b", "a")


def test_links_are_made_on_first_use_with_streams_that_do_not_depend_on_when():
    sim_a, net_a, _ = network()
    sim_b, net_b, _ = network()
    net_b.link("c", "a")  # made earlier in b than in a
    assert net_a.graph.number_of_edges() == 0
    assert net_a.link("a", "c").delay() == net_b.link("a", "c").delay()


def test_latency_stays_within_its_range_and_varies():
    sim, net, inbox = network(latency=(2 * MILLISECOND, 5 * MILLISECOND))
    for i in range(500):
        net.send("a", "b", i)
    sim.run()
    delays = [t for t, _, _ in inbox]
    assert len(delays) == 500
    assert 2 * MILLISECOND <= min(delays) and max(delays) <= 5 * MILLISECOND
    assert len(set(delays)) > 400
    assert [p for _, _, p in inbox] != list(range(500))  # jitter reorders messages


def test_jitter_adds_to_a_fixed_latency():
    sim, net, inbox = network(latency=MILLISECOND, jitter=MILLISECOND)
    for i in range(200):
        net.send("a", "b", i)
    sim.run()
    assert all(MILLISECOND <= t <= 2 * MILLISECOND for t, _, _ in inbox)


def test_callable_latency_draws_from_the_link_stream():
    sim, net, inbox = network(latency=lambda rng: rng.choice([MILLISECOND, 3 * MILLISECOND]))
    for i in range(100):
        net.send("a", "b", i)
    sim.run()
    assert {t for t, _, _ in inbox} == {MILLISECOND, 3 * MILLISECOND}


@pytest.mark.parametrize("loss", [0.1, 0.5])
def test_loss_rate_is_within_statistical_bounds(loss):
    sim, net, inbox = network(loss=loss)
    n = 4000
    for i in range(n):
        net.send("a", "b", i)
    sim.run()
    expected = n * (1 - loss)
    sigma = (n * loss * (1 - loss)) ** 0.5
    assert abs(len(inbox) - expected) < 4 * sigma


def test_duplication_delivers_some_messages_twice():
    sim, net, inbox = network(duplicate=0.25)
    for i in range(2000):
        net.send("a", "b", i)
    sim.run()
    extra = len(inbox) - 2000
    assert 400 < extra < 600 and {p for _, _, p in inbox} == set(range(2000))


def test_per_direction_link_settings():
    sim, net, inbox = network()
    net.set_link("a", "b", both=False, loss=1.0)
    net.send("a", "b", "lost")
    net.send("b", "a", "kept")
    sim.run()
    assert [p for _, _, p in inbox] == ["kept"]
    assert sim.events.query("net.link")[0].attrs["loss"] == 1.0


def test_partition_lets_each_group_talk_only_within_itself():
    sim, net, inbox = network()
    net.partition(["a", "b"])  # c and d form the other group
    for src in HOSTS:
        for dst in HOSTS:
            if src != dst:
                net.send(src, dst, (src, dst))
    sim.run()
    assert sorted(p for _, _, p in inbox) == [("a", "b"), ("b", "a"), ("c", "d"), ("d", "c")]
    assert sim.events.query("net.partition")[0].attrs["groups"] == [["a", "b"], ["c", "d"]]


def test_heal_restores_every_link():
    sim, net, inbox = network()
    net.partition(["a"], ["b"], ["c", "d"])
    net.block("c", "d")
    net.heal()
    assert all(net.reachable(s, d) for s in HOSTS for d in HOSTS if s != d)
    assert [e.kind for e in sim.events.query("net")] == ["net.partition", "net.block", "net.heal"]


def test_isolate_cuts_one_host_from_the_rest():
    _, net, _ = network()
    net.isolate("c")
    assert not net.reachable("c", "a") and not net.reachable("a", "c") and net.reachable("a", "b")


def test_one_way_block():
    sim, net, inbox = network()
    net.block("a", "b")
    net.send("a", "b", "unheard")
    net.send("b", "a", "heard")
    sim.run()
    assert [p for _, _, p in inbox] == ["heard"]
    net.unblock("a", "b")
    assert net.reachable("a", "b")


def test_message_in_flight_is_dropped_if_the_link_is_cut_on_arrival():
    sim, net, inbox = network(trace=True)
    net.send("a", "b", "in flight")
    net.partition(["a"], ["b"])
    sim.run()
    assert inbox == []
    assert sim.events.query("net.drop")[0].attrs["reason"] == "partition"


def test_message_sent_before_a_crash_still_arrives():
    sim, net, inbox = network()
    net.send("a", "b", "last words")
    net.down("a")
    sim.run()
    assert [p for _, _, p in inbox] == ["last words"]


def test_down_host_neither_sends_nor_receives():
    sim, net, inbox = network(trace=True)
    net.down("b")
    net.send("b", "a", 1)
    net.send("a", "b", 2)
    sim.run()
    assert inbox == []
    assert [e.attrs["reason"] for e in sim.events.query("net.drop")] == ["sender down", "receiver down"]
    net.up("b")
    net.send("a", "b", 3)
    sim.run()
    assert [p for _, _, p in inbox] == [3]


def test_tracing_records_send_and_deliver_with_arrival_time():
    sim, net, _ = network(trace=True, latency=2 * MILLISECOND)
    net.send("a", "b", "x", deliver=lambda p: None)
    sim.run()
    send, deliver = sim.events.query(("net.send", "net.deliver"))
    assert send.attrs["arrive"] == deliver.time == 2 * MILLISECOND
    assert send.attrs["id"] == deliver.attrs["id"] and send.attrs["payload"] == "str"


def test_add_host_joins_the_mesh():
    sim, net, inbox = network()
    net.add_host("e")
    net.listen("e", lambda p: inbox.append(p))
    net.send("a", "e", "hello")
    sim.run()
    assert inbox == ["hello"]


@pytest.mark.parametrize(
    "action",
    [
        lambda net: net.partition(["a", "zz"]),
        lambda net: net.partition(["a"], ["a", "b"]),
        lambda net: net.partition(),
        lambda net: net.partition("ab"),
        lambda net: net.block("a", "a"),
        lambda net: net.set_link("a", "b", loss=1.5),
        lambda net: net.set_link("a", "b", latency=(5, 1)),
        lambda net: net.set_link("a", "b", colour="red"),
        lambda net: net.send("a", "nowhere", 1),
        lambda net: net.down("nowhere"),
        lambda net: net.add_host("a"),
    ],
)
def test_invalid_requests_raise_and_change_nothing(action):
    sim, net, _ = network()
    before = (len(sim.events), dict(net._group_of), set(net._blocked), net.link("a", "b").settings())
    with pytest.raises(InvalidArgument):
        action(net)
    assert (len(sim.events), dict(net._group_of), set(net._blocked), net.link("a", "b").settings()) == before


def test_same_seed_same_deliveries():
    def run() -> list:
        sim, net, inbox = network(latency=(MILLISECOND, 9 * MILLISECOND), loss=0.2, duplicate=0.1)
        for i in range(300):
            net.send(HOSTS[i % 4], HOSTS[(i + 1) % 4], i)
        sim.run()
        return inbox

    assert run() == run()


def test_a_message_in_flight_can_be_dropped_by_hand_and_groups_show_the_partition():
    from caasnb.net import Underlay
    from caasnb.sim import Simulation

    sim = Simulation(1)
    net = Underlay(sim, ["a", "b", "c"], latency=1_000_000, trace=True)
    got = []
    net.listen("b", got.append)
    net.send("a", "b", "first")
    net.send("a", "b", "second")
    sent = [e.attrs["id"] for e in sim.events.query("net.send")]
    assert net.drop(sent[0]) is True and net.drop(sent[0]) is False
    sim.run()
    assert got == ["second"]
    assert sim.events.query("net.drop")[0].attrs["reason"] == "dropped by hand"
    assert net.groups == [["a", "b", "c"]]
    net.partition(["a"])
    assert net.groups == [["a"], ["b", "c"]]
