"""RaftGroup end to end: elections, replication, faults, membership, snapshots, events, determinism."""

from __future__ import annotations

import pytest

from caasnb import Cluster
from caasnb.errors import InvalidArgument, NotFound, Unavailable
from caasnb.raft import MsgApp, RaftConfig, RaftGroup, SafetyViolation
from caasnb.raft.log import RaftLog


def has_leader(group: RaftGroup) -> bool:
    return group.leader is not None


def elected(size=3, **kwargs) -> RaftGroup:
    group = RaftGroup(size, check=True, **kwargs)
    assert group.run(until=has_leader, timeout=5)
    return group


def committed_everywhere(index: int):
    return lambda g: all(node.commit >= index for node in g.nodes.values())


def test_a_leader_is_elected_and_a_proposal_is_applied_everywhere():
    applied = []
    group = elected(5, on_apply=lambda node, entry: applied.append((node, entry.data)))
    index = group.propose("x=1")
    assert group.run(until=committed_everywhere(index), timeout=2)
    group.run(0.2)
    assert sorted(applied) == [(f"s{i}", "x=1") for i in range(1, 6)]
    assert all(state == ["x=1"] for state in group.state.values())


def test_no_leader_means_unavailable_with_dockers_words():
    group = RaftGroup(3)
    with pytest.raises(Unavailable, match="does not have a leader"):
        group.propose("x")


def test_crashed_leader_is_replaced_and_recovers_as_follower():
    group = elected()
    old = group.leader
    index = group.propose("before")
    group.run(until=committed_everywhere(index), timeout=2)
    group.crash(old)
    assert group.run(until=lambda g: g.leader not in (None, old), timeout=5)
    group.restart(old)
    index = group.propose("after")
    assert group.run(until=committed_everywhere(index), timeout=5)
    assert group.state[old] == ["before", "after"]
    kinds = [e.kind for e in group.sim.events.query(subject=old)]
    assert "raft.crash" in kinds and "raft.restart" in kinds


def test_minority_partition_cannot_commit_and_heals():
    group = elected(5)
    leader = group.leader
    others = [i for i in group.nodes if i != leader]
    group.partition([leader, others[0]])
    index = group.propose("lost?")
    group.run(1)
    assert group.nodes[leader].commit < index
    new_leader = group.leader
    assert new_leader != leader  # the majority side elected its own leader, of a higher term
    group.heal()
    later = group.propose("after heal")
    assert group.run(until=committed_everywhere(later), timeout=5)


def test_check_quorum_leader_steps_down_when_isolated():
    group = elected(3, check_quorum=True, pre_vote=True)
    leader = group.leader
    group.net.isolate(leader)
    group.run(1)
    assert group.nodes[leader].role != "leader"
    assert group.sim.events.query("raft.stepdown", subject=leader)[0].attrs["reason"] == "lost quorum"


def test_pre_vote_keeps_an_isolated_node_from_raising_its_term():
    group = elected(3, pre_vote=True)
    follower = next(i for i in group.nodes if i != group.leader)
    term = group.nodes[follower].term
    group.net.isolate(follower)
    group.run(2)
    assert group.nodes[follower].term == term
    assert group.sim.events.query("raft.prevote", subject=follower)


def test_one_way_block_from_the_leader_triggers_an_election():
    group = elected(3)
    leader = group.leader
    follower = next(i for i in group.nodes if i != leader)
    group.net.block(leader, follower)
    group.run(1)
    assert group.sim.events.query("raft.campaign", subject=follower)


def test_add_and_remove_members():
    group = elected(3)
    group.run(0.1)
    index = group.add("s4")
    assert group.run(until=committed_everywhere(index), timeout=2)
    assert group.nodes[group.leader].voters == ("s1", "s2", "s3", "s4")
    with pytest.raises(InvalidArgument):
        group.add("s4")
    group.run(0.1)
    leader = group.leader
    group.remove(leader)
    assert group.run(until=lambda g: g.leader not in (None, leader), timeout=5)
    assert leader in group.removed and leader not in group.nodes
    assert group.sim.events.query("raft.stepdown", subject=leader)[-1].attrs["reason"] == "removed"
    with pytest.raises(NotFound):
        group.remove("s9")


def test_one_membership_change_at_a_time():
    group = elected(3)
    group.run(0.1)
    group.add("s4")
    with pytest.raises(Unavailable, match="already in progress"):
        group.add("s5")


def test_slow_follower_catches_up_from_a_snapshot():
    group = elected(3, snapshot_interval=5, keep_entries=2)
    follower = next(i for i in group.nodes if i != group.leader)
    group.crash(follower)
    for i in range(12):
        group.propose(i)
        group.run(0.05)
    assert group.nodes[group.leader].log.first_index > 2
    group.restart(follower)
    assert group.run(until=lambda g: g.state[follower] == list(range(12)), timeout=3)
    installs = group.sim.events.query("raft.snapshot", subject=follower)
    assert installs and installs[0].attrs["reason"] == "install"


def test_custom_ids_and_swarmkit_preset():
    group = RaftGroup(ids=["manager-1", "manager-2", "manager-3"], preset="swarmkit", latency=(200_000, 500_000))
    assert group.config == RaftConfig.swarmkit()
    assert group.run(until=has_leader, timeout=60)
    assert 10 <= group.now < 40  # election timeout 10-20 ticks of 1 s
    assert group.leader.startswith("manager-")


def test_presets_and_overrides():
    paper = RaftConfig.paper()
    assert paper.election_timeout == (150_000_000, 300_000_000) and paper.heartbeat_interval == 75_000_000
    swarm = RaftConfig.swarmkit()
    assert (swarm.tick, swarm.heartbeat_ticks, swarm.election_ticks, swarm.check_quorum) == (10**9, 1, (10, 20), True)
    assert (swarm.snapshot_interval, swarm.keep_entries) == (10_000, 500)
    assert RaftConfig.preset("swarmkit", pre_vote=True).pre_vote
    with pytest.raises(InvalidArgument):
        RaftConfig.preset("etcd")
    with pytest.raises(InvalidArgument):
        RaftConfig.paper(heartbeat_tick=3)
    with pytest.raises(InvalidArgument):
        RaftConfig(heartbeat_ticks=10, election_ticks=(5, 10))


def test_every_step_is_an_event():
    group = elected(3)
    group.propose("v")
    group.run(0.5)
    kinds = set(group.sim.events.kinds())
    expected = {"raft.start", "raft.timeout", "raft.campaign", "raft.vote", "raft.elected", "raft.append"}
    assert expected | {"raft.commit", "raft.apply", "net.send", "net.deliver"} <= kinds


def test_message_tracing_can_be_turned_off():
    group = RaftGroup(3, trace_messages=False)
    group.run(1)
    assert not group.sim.events.query("net")


def test_same_seed_same_trace_hash():
    def run(seed: int) -> str:
        group = RaftGroup(5, seed=seed, pre_vote=True, check_quorum=True)
        group.run(0.5)
        group.propose("a")
        group.crash(group.leader or "s1")
        group.partition(["s1", "s2"])
        group.run(1)
        group.heal()
        group.run(1)
        return group.sim.trace_hash()

    assert run(4) == run(4)
    assert run(4) != run(5)


def test_group_can_share_a_cluster_underlay():
    cluster = Cluster(managers=3, workers=0)
    group = RaftGroup(ids=list(cluster.hosts), sim=cluster.sim, net=cluster.net)
    assert group.run(until=has_leader, timeout=5)
    cluster.partition([group.leader])
    assert not cluster.net.reachable(group.leader, next(h for h in cluster.hosts if h != group.leader))


def test_errors():
    group = RaftGroup(3)
    with pytest.raises(NotFound):
        group.crash("s9")
    with pytest.raises(InvalidArgument):
        group.restart("s1")
    with pytest.raises(InvalidArgument):
        RaftGroup(0)
    with pytest.raises(InvalidArgument):
        RaftGroup(2, ids=["a", "b", "c"])
    with pytest.raises(InvalidArgument):
        group.run(1, until=has_leader)


def test_checker_catches_a_broken_vote_rule(monkeypatch):
    """With the log up-to-date check removed, a stale server can win and overwrite committed entries."""
    monkeypatch.setattr(RaftLog, "is_up_to_date", lambda self, index, term: True)
    with pytest.raises(SafetyViolation, match="violated") as caught:
        for seed in range(40):
            group = RaftGroup(3, seed=seed, check=True, trace_messages=False)
            group.run(until=has_leader, timeout=5)
            lagger = next(i for i in group.nodes if i != group.leader)
            group.drop_messages(lambda m, lagger=lagger: type(m) is MsgApp and m.dst == lagger)
            for i in range(3):
                group.propose(i)
            group.run(0.3)
            group.drop_messages(None)
            group.crash(group.leader)
            group.run(2)
            group.restart(next(i for i in group.storages if i not in group.nodes))
            group.run(2)
    assert "last" in str(caught.value) and "events" in str(caught.value)
