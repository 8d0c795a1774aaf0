"""The Engine API Node record."""

import pathlib

import yaml

from caasnb.sim import SECOND
from caasnb.swarm.nodes import ManagerStatus, Node
from caasnb.swarm.spec import NodeSpec, ResourceObject

SWAGGER = pathlib.Path(__file__).resolve().parent / "reference" / "engine-api-v1.50.yaml"


def manager() -> Node:
    return Node(
        id="a" * 25,
        spec=NodeSpec(role="manager", labels={"zone": "east"}),
        hostname="manager-1",
        resources=ResourceObject(2_000_000_000, 4 << 30),
        engine_version="28.2.2",
        addr="10.0.0.2",
        manager_status=ManagerStatus("10.0.0.2:2377", leader=True),
        created_at=SECOND,
        updated_at=2 * SECOND,
    )


def test_node_to_api():
    assert manager().to_api() == {
        "ID": "a" * 25,
        "Version": {},
        "CreatedAt": "1970-01-01T00:00:01Z",
        "UpdatedAt": "1970-01-01T00:00:02Z",
        "Spec": {"Labels": {"zone": "east"}, "Role": "manager", "Availability": "active"},
        "Description": {
            "Hostname": "manager-1",
            "Platform": {"Architecture": "x86_64", "OS": "linux"},
            "Resources": {"NanoCPUs": 2_000_000_000, "MemoryBytes": 4 << 30},
            "Engine": {"EngineVersion": "28.2.2"},
            "TLSInfo": {},
        },
        "Status": {"State": "ready", "Addr": "10.0.0.2"},
        "ManagerStatus": {"Leader": True, "Reachability": "reachable", "Addr": "10.0.0.2:2377"},
    }


def test_worker_has_no_manager_status_and_names_match_the_swagger():
    definitions = yaml.safe_load(SWAGGER.read_text())["definitions"]
    worker = Node(id="b" * 25, spec=NodeSpec(), hostname="worker-1", state="down", message="heartbeat failure")
    wire = worker.to_api()
    assert "ManagerStatus" not in wire
    assert wire["Status"] == {"State": "down", "Message": "heartbeat failure"}
    assert set(manager().to_api()) <= set(definitions["Node"]["properties"])
    assert set(wire["Description"]) <= set(definitions["NodeDescription"]["properties"])
    assert set(manager().to_api()["ManagerStatus"]) <= set(definitions["ManagerStatus"]["properties"])
