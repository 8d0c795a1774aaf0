"""NetworkView's Python side: hosts, networks and endpoints it syncs; pair selection, partition, mesh request."""

import pytest
from networld import container, lab

from caasnb.widgets import NetworkView


@pytest.fixture
def view():
    return NetworkView(lab())


def card(view, name):
    return next(s for h in view.hosts for s in h["sandboxes"] if s["name"] == name)


def test_hosts_hold_their_containers_with_coloured_endpoints(view):
    assert [h["name"] for h in view.hosts] == ["manager-1", "worker-1", "worker-2"]
    a2 = card(view, "a2")
    front = next(n for n in view.networks if n["name"] == "front")
    assert a2["endpoints"] == [{"network": "front", "colour": front["colour"], "interface": "eth0", "ip": "172.19.0.3"}]
    assert card(view, "h1")["kind"] == "host" and card(view, "h1")["endpoints"] == []
    assert sum(s["kind"] == "ingress" for h in view.hosts for s in h["sandboxes"]) == 3
    assert view.ports == [8080]


def test_two_picks_show_the_path_and_a_third_starts_again(view):
    view.handle("select", {"container": card(view, "o1")["id"]})
    view.refresh()
    assert view.path == {}
    view.handle("select", {"container": card(view, "o2")["id"]})
    view.refresh()
    assert (view.path["verdict"], view.path["target"]) == ("connected", "o2")
    assert [h["kind"] for h in view.path["hops"]] == ["endpoint", "vxlan", "underlay", "vxlan", "endpoint"]
    view.handle("select", {"container": card(view, "a1")["id"]})
    view.refresh()
    assert view.selected == [card(view, "a1")["id"]] and view.path == {}


def test_partition_from_the_widget_cuts_the_overlay_and_heal_restores_it(view):
    o1, o2 = card(view, "o1")["id"], card(view, "o2")["id"]
    view.handle("partition", {"hosts": ["worker-1"]})
    view.refresh()
    assert view.groups and "partitioned worker-1" in view.notice
    view.select(o1)
    view.select(o2)
    view.refresh()
    assert view.path["verdict"] == "timeout"
    view.handle("heal", {})
    view.refresh()
    assert view.path["ok"]  # the shown path follows the world


def test_a_request_through_the_mesh_is_kept_for_the_animation(view):
    view.handle("request", {"node": "worker-2", "port": 8080})
    first = view.request
    assert first["ok"] and first["hops"][0]["kind"] == "client" and first["serial"] == 1
    view.handle("request", {"node": "worker-2", "port": 8080})
    assert view.request["serial"] == 2 and view.request["answered_by"] != first["answered_by"]


def test_new_containers_appear_after_a_refresh(view):
    container(view.cluster, "worker-2", "late", "app")
    view.refresh()
    assert card(view, "late")["endpoints"][0]["network"] == "app"
