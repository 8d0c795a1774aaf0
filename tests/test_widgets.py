"""Widgets' Python side: what they sync to the browser and how they answer its actions."""

from caasnb.sim import SECOND, Simulation
from caasnb.widgets import RaftView, Timeline


def test_timeline_lists_recent_events_and_every_kind_seen_before_and_after_it_was_made():
    sim = Simulation(1)
    sim.emit("before", "x")
    timeline = Timeline(sim)
    sim.schedule(SECOND // 2, sim.emit, "later", "y")
    timeline.handle("step", {})
    assert timeline.now_ns == SECOND
    assert timeline.kinds == ["before", "later"]
    assert [row["kind"] for row in timeline.events] == ["before", "later"]
    assert repr(timeline) == "Timeline(t=1.000 s, events=2, playing=False)"


def test_timeline_select_jumps_to_an_event_even_an_old_or_hidden_one():
    from caasnb.widgets.timeline import RECENT

    sim = Simulation(seed=1)
    for i in range(RECENT + 10):
        sim.emit("old" if i == 3 else "tick", f"e{i}")
    timeline = Timeline(sim, hidden_kinds=["old"])
    assert 3 not in [row["i"] for row in timeline.events] and timeline.selected == -1
    timeline.select(3)
    assert timeline.selected == 3 and timeline.hidden_kinds == []
    assert timeline.events[0] == {"i": 3, "t": 0, "kind": "old", "subject": "e3", "details": ""}
    assert len(timeline.events) == RECENT + 1


def test_timeline_ticks_only_while_playing_and_bounds_the_wall_time_it_is_told():
    sim = Simulation(1)
    timeline = Timeline(sim, speed=10.0)
    timeline.handle("tick", {"wall_ms": 500})
    assert sim.now == 0
    timeline.handle("play", {})
    timeline.handle("tick", {"wall_ms": 10_000})  # a stalled browser cannot jump time ahead
    assert sim.now == 10 * SECOND
    timeline.handle("pause", {})
    assert timeline.playing is False


def test_raftview_actions_reach_the_group_and_errors_become_notices():
    view = RaftView(size=3, seed=2)
    view.advance(1.0)
    leader = view.group.leader
    assert leader is not None and view.leader == leader
    view.handle("crash", {"server": leader})
    view.refresh()
    assert [s["up"] for s in view.servers].count(False) == 1
    view.handle("crash", {"server": leader})
    assert "crashed" in view.notice
