"""ChaosPanel without a browser: its actions drive caasnb.chaos and its log tells what followed."""

from caasnb import Cluster
from caasnb.widgets import ChaosPanel


def panel():
    c = Cluster(managers=3, workers=2, seed=7)
    c.docker("service create -q --name web --replicas 3 --label chaos.monkey.enabled=true nginx:1.27")
    return c, ChaosPanel(c)


def test_browser_actions_inject_heal_and_log():
    c, view = panel()
    view.handle("inject", {"kind": "crash", "target": "worker-1", "target_kind": "host", "duration": "2m"})
    view.handle("inject", {"kind": "partition", "target": "manager-1 | rest", "target_kind": "groups"})
    view.handle("inject", {"kind": "delay", "target": "worker-2", "target_kind": "link", "params": {"delay": "100ms"}})
    view.refresh()
    assert [(f["id"], f["kind"], f["target"]) for f in view.active] == [
        ("fault-1", "crash", "worker-1"),
        ("fault-2", "partition", "manager-1 | manager-2,manager-3,worker-1,worker-2"),
        ("fault-3", "delay", "worker-2"),
    ]
    view.advance(60)
    texts = [row["text"] for row in view.log]
    assert "fault-1: crash worker-1 for 2m0s" in texts
    assert "fault-3: delay worker-2 for 30s delay=100ms jitter=0s" in texts
    assert "fault-2: healed partition manager-1 | manager-2,manager-3,worker-1,worker-2 (expired)" in texts
    assert any(t.endswith("is the new swarm leader (term 2)") for t in texts)
    view.handle("heal_all", {})
    view.advance(30)
    assert view.active == [] and view.notice == "healed 1 fault(s)"
    assert "node worker-1 is Ready" in [row["text"] for row in view.log]
    assert repr(view) == "ChaosPanel(faults=3, active=0, monkey=off, t=98.412 s)"


def test_a_refused_fault_shows_dockers_message():
    c, view = panel()
    view.handle("inject", {"kind": "loss", "target": "worker-9", "target_kind": "link", "params": {"loss": "0.1"}})
    assert view.notice_error and view.notice.startswith("no such host: worker-9")
    assert c.chaos.faults == []


def test_the_monkey_switch_starts_and_stops_the_chaos_monkey():
    c, view = panel()
    view.handle("monkey", {"on": True, "mean": "1m"})
    view.advance(300)
    assert view.monkey_state["running"] and view.monkey_state["mean"] == "1m0s"
    assert view.monkey_state["decisions"] == len(view.monkey.log) > 0
    assert any(row["who"] == "chaos-monkey" and row["text"].startswith("terminate web.") for row in view.log)
    view.handle("monkey", {"on": False})
    view.refresh()
    assert not view.monkey_state["running"] and view.notice == "the Chaos Monkey is back in its cage"
