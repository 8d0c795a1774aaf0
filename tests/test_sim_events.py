"""The event log: frozen events, queries, subscribers, canonical JSON lines and the trace hash."""

import dataclasses
import hashlib
import json

import pytest

from caasnb.sim import Event, EventLog, Simulation


def make_log():
    sim = Simulation(0)
    sim.emit("raft.elected", "s1", term=1)
    sim.run(until=5)
    sim.emit("raft.vote", "s2", term=2, granted=True)
    sim.emit("task.state", "web.1", state="running")
    sim.run(until=9)
    sim.emit("raft.elected", "s2", term=2)
    return sim.events


def test_events_are_frozen_including_their_attributes():
    event = Event(1, "k", "s", {"a": 1})
    with pytest.raises(dataclasses.FrozenInstanceError):
        event.kind = "other"
    with pytest.raises(TypeError):
        event.attrs["a"] = 2


def test_query_by_kind_prefix_subject_and_time():
    log = make_log()
    assert [e.subject for e in log.query("raft.elected")] == ["s1", "s2"]
    assert len(log.query("raft")) == 3
    assert len(log.query("ra")) == 0  # prefixes match whole dotted parts only
    assert [e.kind for e in log.query(subject="web.1")] == ["task.state"]
    assert [e.time for e in log.query(since=5, until=5)] == [5, 5]
    assert len(log.query(("task", "raft.vote"))) == 2
    assert len(log.query(where=lambda e: e.attrs.get("term") == 2)) == 2
    assert log.kinds() == ["raft.elected", "raft.vote", "task.state"]


def test_subscribers_see_every_new_event_until_they_unsubscribe():
    sim = Simulation(0)
    seen = []
    unsubscribe = sim.events.subscribe(seen.append)
    sim.emit("a", "x")
    unsubscribe()
    sim.emit("b", "x")
    assert [e.kind for e in seen] == ["a"]


def test_time_never_goes_backwards_in_the_log():
    log = EventLog()
    log.append(Event(10, "a", "x"))
    with pytest.raises(ValueError):
        log.append(Event(9, "a", "x"))


def test_jsonl_is_canonical_and_the_hash_is_its_sha256():
    log = make_log()
    lines = log.to_jsonl().splitlines()
    assert lines[1] == '{"attrs":{"granted":true,"term":2},"kind":"raft.vote","subject":"s2","time":5}'
    assert [json.loads(line)["kind"] for line in lines] == [e.kind for e in log]
    assert log.trace_hash() == hashlib.sha256(log.to_jsonl().encode()).hexdigest()


def test_trace_hash_is_incremental_and_stays_exact():
    sim = Simulation(0)
    sim.emit("a", "x")
    first = sim.trace_hash()
    sim.emit("b", "y", n=1)
    assert sim.trace_hash() != first
    assert sim.trace_hash() == hashlib.sha256(sim.events.to_jsonl().encode()).hexdigest()
