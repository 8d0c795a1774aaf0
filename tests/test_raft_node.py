"""Table-driven tests of RaftNode, one message type and role at a time (sans-IO: no clock, no network)."""

from __future__ import annotations

import random

import pytest

from caasnb.errors import InvalidArgument
from caasnb.raft import (
    CANDIDATE,
    FOLLOWER,
    LEADER,
    PRE_CANDIDATE,
    Entry,
    HardState,
    MemoryStorage,
    MsgApp,
    MsgAppResp,
    MsgHeartbeat,
    MsgHeartbeatResp,
    MsgPreVote,
    MsgPreVoteResp,
    MsgSnap,
    MsgVote,
    MsgVoteResp,
    RaftConfig,
    RaftNode,
    Snapshot,
)

PEERS = ("a", "b", "c")


def config(**overrides) -> RaftConfig:
    return RaftConfig(tick=1, heartbeat_ticks=2, election_ticks=(10, 20)).with_overrides(**overrides)


def node(role=FOLLOWER, term=1, log_terms=(), vote=None, commit=0, **overrides) -> RaftNode:
    """Node "a" of a, b, c in ``role`` with a log whose entry terms are ``log_terms``; its outbox emptied."""
    storage = MemoryStorage()
    storage.entries = [Entry(i + 1, t) for i, t in enumerate(log_terms)]
    storage.hard_state = HardState(term, vote, commit)
    n = RaftNode("a", PEERS, config(**overrides), storage, random.Random(1))
    if role in (CANDIDATE, LEADER):
        n._campaign(pre=False)
    elif role == PRE_CANDIDATE:
        n._campaign(pre=True)
    if role == LEADER:
        n.step(MsgVoteResp("b", "a", n.term, granted=True))
    sent(n)
    assert n.role == role
    return n


def sent(n: RaftNode) -> list:
    """Do what a driver does with ``ready()`` (persist it) and return the messages to send."""
    ready = n.ready()
    n.storage.save(ready.hard_state, ready.snapshot, list(ready.entries), ready.first_index)
    return list(ready.messages)


# -- MsgVote / MsgPreVote ------------------------------------------------------------
VOTES = [
    # (who asks: last_index, last_term, term; the voter's log, vote; expected grant, expected term after)
    ("up to date, not voted", 2, 1, 2, (1, 1), None, True, 2),
    ("longer log same term", 3, 1, 2, (1, 1), None, True, 2),
    ("shorter log same last term", 1, 1, 2, (1, 1), None, False, 2),
    ("higher last term wins over length", 1, 2, 3, (1, 1, 1), None, True, 3),
    ("lower last term", 5, 1, 3, (1, 2), None, False, 3),
    ("already voted for another this term", 2, 1, 1, (1, 1), "c", False, 1),
    ("already voted for the same candidate", 2, 1, 1, (1, 1), "b", True, 1),
]


@pytest.mark.parametrize("case,last_index,last_term,term,log,vote,granted,term_after", VOTES)
def test_follower_answers_vote_requests(case, last_index, last_term, term, log, vote, granted, term_after):
    n = node(term=1, log_terms=log, vote=vote)
    n.step(MsgVote("b", "a", term, last_index, last_term))
    (reply,) = sent(n)
    assert type(reply) is MsgVoteResp and reply.granted is granted and reply.dst == "b"
    assert n.term == term_after
    if granted:
        assert n.vote == "b" and n.storage.hard_state.vote == "b"


@pytest.mark.parametrize("case,last_index,last_term,term,log,vote,granted,term_after", VOTES[:5])
def test_prevote_is_answered_without_changing_term_or_vote(
    case, last_index, last_term, term, log, vote, granted, term_after
):
    n = node(term=1, log_terms=log)
    n.step(MsgPreVote("b", "a", term, last_index, last_term))
    (reply,) = sent(n)
    assert type(reply) is MsgPreVoteResp and reply.granted is granted
    assert reply.term == (term if granted else 1)
    assert (n.term, n.vote) == (1, None)


def test_vote_from_an_older_term_is_refused_with_the_current_term():
    n = node(term=5)
    n.step(MsgVote("b", "a", 3, 10, 3))
    (reply,) = sent(n)
    assert (type(reply), reply.granted, reply.term) == (MsgVoteResp, False, 5)


def test_lease_ignores_votes_while_a_leader_is_alive():
    n = node(term=2, check_quorum=True)
    n.step(MsgHeartbeat("b", "a", 2, 0))
    sent(n)
    n.step(MsgVote("c", "a", 3, 5, 2))
    n.step(MsgPreVote("c", "a", 3, 5, 2))
    assert sent(n) == [] and n.term == 2 and n.lead == "b"


# -- ticks: timeouts, campaigns, heartbeats ------------------------------------------
@pytest.mark.parametrize(
    "pre_vote,role,request_type,term_after", [(False, CANDIDATE, MsgVote, 2), (True, PRE_CANDIDATE, MsgPreVote, 1)]
)
def test_election_timeout_starts_a_campaign(pre_vote, role, request_type, term_after):
    n = node(term=1, log_terms=(1,), pre_vote=pre_vote)
    n.tick(n.ticks_until_due())
    assert n.role == role and n.term == term_after
    messages = sent(n)
    assert [m.dst for m in messages] == ["b", "c"]
    assert all(type(m) is request_type and m.term == 2 and (m.last_index, m.last_term) == (1, 1) for m in messages)


def test_timeout_is_drawn_from_the_configured_range():
    for seed in range(50):
        n = RaftNode("a", PEERS, config(), rng=random.Random(seed))
        assert 10 <= n.ticks_until_due() < 20


def test_non_voter_never_campaigns():
    n = RaftNode("z", PEERS, config())
    assert n.ticks_until_due() is None
    n.tick(1000)
    assert n.role == FOLLOWER and sent(n) == []


def test_leader_sends_heartbeats_every_heartbeat_interval():
    n = node(LEADER)
    assert n.ticks_until_due() == 2
    n.tick(2)
    assert sorted((type(m).__name__, m.dst) for m in sent(n)) == [("MsgHeartbeat", "b"), ("MsgHeartbeat", "c")]


@pytest.mark.parametrize("answers,role", [((), FOLLOWER), (("b",), LEADER)])
def test_check_quorum_leader_steps_down_without_a_quorum(answers, role):
    n = node(LEADER, check_quorum=True)
    for peer in answers:
        n.step(MsgHeartbeatResp(peer, "a", n.term))
    n.tick(10)
    assert n.role == role


# -- vote responses --------------------------------------------------------------------
@pytest.mark.parametrize(
    "role,response,grants,expected",
    [
        (CANDIDATE, MsgVoteResp, (True,), LEADER),
        (CANDIDATE, MsgVoteResp, (False, False), FOLLOWER),
        (PRE_CANDIDATE, MsgPreVoteResp, (True,), CANDIDATE),
        (PRE_CANDIDATE, MsgPreVoteResp, (False, False), FOLLOWER),
        (CANDIDATE, MsgPreVoteResp, (True,), CANDIDATE),
    ],
)
def test_vote_responses_decide_the_election(role, response, grants, expected):
    n = node(role, pre_vote=role == PRE_CANDIDATE)
    term = n.term + (1 if role == PRE_CANDIDATE else 0)
    for voter, granted in zip(("b", "c"), grants, strict=False):
        n.step(response(voter, "a", term if granted else n.term, granted=granted))
    assert n.role == expected


def test_new_leader_appends_a_noop_and_replicates_it():
    n = node(CANDIDATE, log_terms=(1,))
    n.step(MsgVoteResp("b", "a", n.term, granted=True))
    assert n.role == LEADER and n.log.last_index == 2 and n.log.entry(2).data is None
    apps = [m for m in sent(n) if type(m) is MsgApp]
    assert {m.dst for m in apps} == {"b", "c"} and all(m.entries[-1].index == 2 for m in apps)


def test_higher_term_reply_makes_the_leader_step_down():
    n = node(LEADER)
    n.step(MsgAppResp("b", "a", n.term + 3, index=0, reject=True))
    assert (n.role, n.term, n.vote) == (FOLLOWER, 5, None)


# -- MsgApp at a follower --------------------------------------------------------------
APPENDS = [
    # (follower log terms, prev_index, prev_term, entry terms, leader commit; reject?, hint (term, index), log after)
    ("append to empty", (), 0, 0, (1, 1), 0, False, None, (1, 1)),
    ("continue", (1,), 1, 1, (1,), 1, False, None, (1, 1)),
    ("duplicate is harmless", (1, 1), 0, 0, (1, 1), 0, False, None, (1, 1)),
    ("conflict truncates", (1, 1, 1), 1, 1, (2,), 0, False, None, (1, 2)),
    ("missing entries", (1,), 3, 1, (1,), 0, True, (0, 2), (1,)),
    ("term mismatch hints first index of term", (1, 2, 2, 2), 4, 3, (3,), 0, True, (2, 2), (1, 2, 2, 2)),
]


@pytest.mark.parametrize("case,log,prev_index,prev_term,entries,commit,reject,hint,after", APPENDS)
def test_follower_appends_with_the_consistency_check(
    case, log, prev_index, prev_term, entries, commit, reject, hint, after
):
    n = node(term=3, log_terms=log)
    new = tuple(Entry(prev_index + 1 + i, t) for i, t in enumerate(entries))
    n.step(MsgApp("b", "a", 3, prev_index, prev_term, new, commit))
    (reply,) = sent(n)
    assert type(reply) is MsgAppResp and reply.reject is reject
    if reject:
        assert (reply.hint_term, reply.hint_index) == hint and reply.index == prev_index
    else:
        assert reply.index == prev_index + len(entries)
    assert tuple(e.term for e in n.log.entries) == after
    assert n.lead == "b"


def test_follower_commit_follows_leader_but_not_beyond_new_entries():
    n = node(term=1)
    n.step(MsgApp("b", "a", 1, 0, 0, (Entry(1, 1), Entry(2, 1)), 5))
    assert n.commit == 2


def test_ready_reports_committed_entries_once():
    n = node(term=1)
    n.step(MsgApp("b", "a", 1, 0, 0, (Entry(1, 1), Entry(2, 1)), 1))
    ready = n.ready()
    assert [e.index for e in ready.committed] == [1] and [e.index for e in ready.entries] == [1, 2]
    assert ready.hard_state == HardState(1, None, 1)
    assert n.ready().committed == ()


@pytest.mark.parametrize("role", [CANDIDATE, PRE_CANDIDATE])
def test_candidates_give_way_to_a_leader_of_their_term(role):
    n = node(role, pre_vote=role == PRE_CANDIDATE)
    n.step(MsgApp("b", "a", n.term, 0, 0, (), 0))
    assert n.role == FOLLOWER and n.lead == "b"


def test_stale_leader_learns_the_newer_term():
    n = node(term=4)
    n.step(MsgApp("b", "a", 2, 0, 0, (), 0))
    (reply,) = sent(n)
    assert type(reply) is MsgAppResp and reply.term == 4


# -- MsgHeartbeat / MsgHeartbeatResp ---------------------------------------------------
def test_heartbeat_resets_the_election_timer_and_commits():
    n = node(term=1, log_terms=(1, 1))
    n.tick(n.ticks_until_due() - 1)
    n.step(MsgHeartbeat("b", "a", 1, 2))
    assert n.election_elapsed == 0 and n.commit == 2
    assert [type(m) for m in sent(n)] == [MsgHeartbeatResp]


def test_heartbeat_response_from_a_lagging_follower_triggers_an_append():
    n = node(LEADER)
    n.step(MsgHeartbeatResp("b", "a", n.term))
    assert any(type(m) is MsgApp and m.dst == "b" for m in sent(n))


# -- MsgAppResp at the leader -----------------------------------------------------------
def test_leader_commits_only_entries_of_its_own_term_by_counting_replicas():
    n = node(LEADER, term=1, log_terms=(1,))  # elected in term 2; entry 1 from term 1, no-op at 2
    n.step(MsgAppResp("b", "a", n.term, index=1))
    assert n.commit == 0  # a quorum holds entry 1, but it is from an older term (Figure 8)
    n.step(MsgAppResp("b", "a", n.term, index=2))
    assert n.commit == 2


def test_rejection_backtracks_by_conflict_term():
    n = node(LEADER, term=3, log_terms=(1, 1, 2, 2, 3))
    n.progress["b"].next = 7
    n.progress["b"].state = "replicate"
    n.step(MsgAppResp("b", "a", n.term, index=6, reject=True, hint_term=2, hint_index=3))
    app = next(m for m in sent(n) if type(m) is MsgApp and m.dst == "b")
    assert app.prev_index == 4  # last index of term 2 in the leader's log


def test_rejection_without_term_goes_to_the_follower_end():
    n = node(LEADER, term=3, log_terms=(1, 1, 2))
    n.step(MsgAppResp("b", "a", n.term, index=3, reject=True, hint_term=0, hint_index=2))
    app = next(m for m in sent(n) if type(m) is MsgApp and m.dst == "b")
    assert app.prev_index == 1


# -- snapshots --------------------------------------------------------------------------
def test_leader_sends_a_snapshot_to_a_follower_behind_the_compacted_log():
    n = node(LEADER, log_terms=(1, 1, 1, 1), commit=4, keep_entries=0)
    n.applied = 4
    n.compact(("state",))
    sent(n)
    n.step(MsgAppResp("b", "a", n.term, index=4, reject=True, hint_term=0, hint_index=1))
    snap = next(m for m in sent(n) if type(m) is MsgSnap)
    assert snap.snapshot.index == 4 and snap.snapshot.data == ("state",)


def test_follower_installs_a_snapshot_and_asks_to_restore():
    n = node(term=2, log_terms=(1,))
    n.step(MsgSnap("b", "a", 2, Snapshot(7, 2, PEERS, ("x",))))
    ready = n.ready()
    assert ready.restore and ready.snapshot.index == 7 and ready.committed == ()
    assert (n.commit, n.applied, n.log.last_index) == (7, 7, 7)
    assert [(type(m), m.index) for m in ready.messages] == [(MsgAppResp, 7)]


def test_compaction_keeps_entries_for_slow_followers():
    n = node(term=1, log_terms=(1,) * 10, commit=10, keep_entries=3)
    sent(n)
    n.compact("data")
    assert n.log.snapshot.index == 10 and n.log.first_index == 8


# -- membership -------------------------------------------------------------------------
def test_membership_change_takes_effect_on_append_and_one_at_a_time():
    n = node(LEADER)
    assert not n.can_change_membership()  # the no-op of its term is not committed yet
    n.step(MsgAppResp("b", "a", n.term, index=1))
    index = n.propose_conf_change("add", "d")
    assert n.voters == ("a", "b", "c", "d") and "d" in n.progress
    assert n.propose_conf_change("remove", "b") is None  # the add is still pending
    assert index == 2


@pytest.mark.parametrize("op,who", [("add", "a"), ("remove", "z"), ("swap", "b")])
def test_invalid_membership_changes_are_refused(op, who):
    with pytest.raises(InvalidArgument):
        node(LEADER).propose_conf_change(op, who)


def test_removed_leader_steps_down_once_the_change_commits():
    n = node(LEADER)
    n.step(MsgAppResp("b", "a", n.term, index=1))
    n.propose_conf_change("remove", "a")
    assert n.role == LEADER
    n.step(MsgAppResp("b", "a", n.term, index=2))
    n.step(MsgAppResp("c", "a", n.term, index=2))
    assert n.role == FOLLOWER and not n.promotable


def test_proposals_only_on_the_leader():
    assert node(FOLLOWER).propose("x") is None
    assert node(LEADER).propose("x") == 2


def test_restart_recovers_persisted_state_and_forgets_the_rest():
    n = node(LEADER)
    n.propose("x")
    sent(n)
    again = RaftNode("a", PEERS, n.config, n.storage)
    assert (again.term, again.vote, again.log.last_index, again.role) == (n.term, "a", 2, FOLLOWER)
