"""Hypothesis drives a checked RaftGroup through random proposals and faults.

Safety (the group's continuous checker) must hold after every step; liveness must hold
once the faults are healed and a majority is up: a leader is elected and a proposal
commits within a bounded simulated time.
"""

from __future__ import annotations

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from caasnb.errors import Unavailable
from caasnb.raft import RaftGroup

IDS = ["s1", "s2", "s3", "s4", "s5"]
LIVENESS_BOUND_S = 10.0


class RaftUnderFaults(RuleBasedStateMachine):
    """Random actions on a five-server group with the safety checker on."""

    @initialize(
        seed=st.integers(0, 2**16),
        pre_vote=st.booleans(),
        check_quorum=st.booleans(),
        snapshot_interval=st.sampled_from([3, 10_000]),
    )
    def start(self, seed, pre_vote, check_quorum, snapshot_interval):
        self.group = RaftGroup(
            5,
            seed=seed,
            check=True,
            trace_messages=False,
            pre_vote=pre_vote,
            check_quorum=check_quorum,
            snapshot_interval=snapshot_interval,
            keep_entries=1,
        )
        self.proposed = 0

    @rule(ms=st.integers(1, 600))
    def wait(self, ms):
        self.group.run(ms / 1000)

    @rule()
    def propose(self):
        try:
            self.group.propose(f"v{self.proposed}")
            self.proposed += 1
        except Unavailable:
            pass

    @precondition(lambda self: len(self.group.nodes) > 1)
    @rule(data=st.data())
    def crash(self, data):
        self.group.crash(data.draw(st.sampled_from(sorted(self.group.nodes))))

    @rule(data=st.data())
    def restart(self, data):
        crashed = [i for i in IDS if i not in self.group.nodes]
        if crashed:
            self.group.restart(data.draw(st.sampled_from(crashed)))

    @rule(side=st.sets(st.sampled_from(IDS), min_size=1, max_size=4))
    def partition(self, side):
        self.group.partition(sorted(side))

    @rule(pair=st.permutations(IDS).map(lambda p: p[:2]))
    def block(self, pair):
        self.group.net.block(*pair)

    @rule(
        pair=st.permutations(IDS).map(lambda p: p[:2]),
        loss=st.sampled_from([0.0, 0.3]),
        dup=st.sampled_from([0.0, 0.3]),
    )
    def flaky_link(self, pair, loss, dup):
        self.group.net.set_link(*pair, loss=loss, duplicate=dup, latency=(1_000_000, 30_000_000))

    @rule()
    def heal(self):
        self.group.heal()

    @rule()
    def recover_and_make_progress(self):
        """Liveness: healed, all links clean and a majority up ⇒ a leader and a commit within the bound."""
        group = self.group
        group.heal()
        for src in IDS:
            for dst in IDS:
                if src != dst:
                    group.net.set_link(src, dst, loss=0.0, duplicate=0.0)
        for node_id in IDS[:3]:
            if node_id not in group.nodes:
                group.restart(node_id)
        for attempt in range(3):  # a proposal to a leader deposed right away may be lost: retry
            assert group.run(until=lambda g: g.leader is not None, timeout=LIVENESS_BOUND_S), "no leader elected"
            value = f"liveness-{self.proposed}-{attempt}"
            group.propose(value)
            applied = lambda g, v=value: any(v in state for state in g.state.values())  # noqa: E731
            if group.run(until=applied, timeout=LIVENESS_BOUND_S):
                return
        raise AssertionError("no proposal committed within the bound after healing")

    @invariant()
    def at_most_one_leader_per_term(self):
        leaders = [(n.term, n.id) for n in self.group.nodes.values() if n.role == "leader"]
        assert len({term for term, _ in leaders}) == len(leaders)


RaftUnderFaults.TestCase.settings = settings(max_examples=200, stateful_step_count=30, deadline=None)
TestRaftUnderFaults = RaftUnderFaults.TestCase
