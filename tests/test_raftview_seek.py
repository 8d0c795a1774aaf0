"""RaftView's replay slider: going back and then forward again shows the same history, actions included."""

from caasnb.widgets import RaftView


def test_seek_forward_after_seek_back_reapplies_the_remembered_actions():
    view = RaftView(size=5, seed=0)
    view.advance(0.5)
    view.request()
    view.advance(0.4)
    view.partition(["s1", "s2"])
    view.advance(0.3)
    view.heal()
    view.advance(0.3)
    end, history = view.sim.now, view.sim.trace_hash()

    view.seek(700_000_000)  # back, before the partition and the heal
    assert view.group.net.groups == [["s1", "s2", "s3", "s4", "s5"]]
    view.seek(end)  # forward again: the partition and the heal happen as they did
    assert view.sim.trace_hash() == history
    assert view.sim.events.query("net.partition") and view.sim.events.query("net.heal")

    view.seek(1_000_000_000)  # back into the partition: replay and forward run agree
    assert view.group.net.groups == [["s1", "s2"], ["s3", "s4", "s5"]]


def test_playing_forward_after_seek_back_reapplies_the_remembered_actions():
    view = RaftView(size=5, seed=0)
    view.advance(0.5)
    view.crash("s1")
    view.advance(0.5)
    end, history = view.sim.now, view.sim.trace_hash()

    view.seek(300_000_000)
    view.advance((end - view.sim.now) / 1e9)  # ▶ play / ⏭ step run through advance()
    assert view.sim.now == end
    assert view.sim.trace_hash() == history
    assert "s1" not in view.group.nodes
