"""The task state machine (SwarmKit's values, forward-only), task names and the Engine API Task."""

import pathlib

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from caasnb.golang.timefmt import rfc3339nano
from caasnb.swarm.spec import ContainerSpec, PortConfig, TaskSpec, Version
from caasnb.swarm.tasks import (
    TERMINAL_STATES,
    ContainerStatus,
    IllegalTransition,
    Task,
    TaskState,
    TaskStatus,
)

SWAGGER = pathlib.Path(__file__).resolve().parent / "reference" / "engine-api-v1.50.yaml"
SPEC = TaskSpec(container_spec=ContainerSpec(image="nginx:1.27"))


def task(**changes) -> Task:
    fields = {"id": "k3j5l2m9x8w7v6u5t4s3r2q1p", "service_id": "s" * 25, "service_name": "web", "spec": SPEC, "slot": 1}
    return Task(**(fields | changes))


def test_states_have_swarmkits_values():
    assert {state.name: state.value for state in TaskState} == {
        "NEW": 0,
        "PENDING": 64,
        "ASSIGNED": 192,
        "ACCEPTED": 256,
        "PREPARING": 320,
        "READY": 384,
        "STARTING": 448,
        "RUNNING": 512,
        "COMPLETE": 576,
        "SHUTDOWN": 640,
        "FAILED": 704,
        "REJECTED": 768,
        "REMOVE": 800,
        "ORPHANED": 832,
    }
    assert 128 not in {state.value for state in TaskState}


def test_labels_and_terminal_states():
    assert TaskState.RUNNING.label == "running"
    assert TaskState.parse("Shutdown") is TaskState.SHUTDOWN
    assert TERMINAL_STATES == (
        TaskState.COMPLETE,
        TaskState.SHUTDOWN,
        TaskState.FAILED,
        TaskState.REJECTED,
        TaskState.REMOVE,
        TaskState.ORPHANED,
    )
    assert not TaskState.RUNNING.is_terminal


def test_advance_moves_forward_and_records_status():
    pending = task()
    assigned = pending.advance(TaskState.PENDING, 5, "pending task scheduling")
    running = assigned.advance(TaskState.RUNNING, 9, "started", node_id="n" * 25)
    assert running.status == TaskStatus(9, TaskState.RUNNING, "started")
    assert running.node_id == "n" * 25 and running.updated_at == 9
    assert pending.state is TaskState.NEW  # records are immutable


@pytest.mark.parametrize(
    ("start", "target"), [(TaskState.RUNNING, TaskState.PENDING), (TaskState.FAILED, TaskState.FAILED)]
)
def test_advance_refuses_to_go_back_or_stay(start, target):
    with pytest.raises(IllegalTransition, match=f"{start.label} cannot become {target.label}"):
        task(status=TaskStatus(state=start)).advance(target, 1)


@given(st.lists(st.sampled_from(list(TaskState)), max_size=30))
def test_random_transitions_never_go_backwards(targets):
    current = task()
    for now, target in enumerate(targets, start=1):
        before = current.state
        try:
            current = current.advance(target, now)
        except IllegalTransition:
            assert target <= before
            continue
        assert current.state > before and current.status.timestamp == now


def test_names_as_docker_shows_them():
    replicated = task(slot=3)
    assert replicated.name == "web.3"
    assert replicated.container_name == "web.3.k3j5l2m9x8w7v6u5t4s3r2q1p"
    global_task = task(slot=0, node_id="abcdefghijklmnopqrstuvwxy")
    assert global_task.name == "web.abcdefghijklmnopqrstuvwxy"
    assert global_task.container_name == "web.abcdefghijklmnopqrstuvwxy.k3j5l2m9x8w7v6u5t4s3r2q1p"


def test_api_time_is_go_rfc3339nano():
    assert rfc3339nano(0) == "1970-01-01T00:00:00Z"
    assert rfc3339nano(1_500_000_000) == "1970-01-01T00:00:01.5Z"
    assert rfc3339nano(1_700_000_000_000_000_000 + 123) == "2023-11-14T22:13:20.000000123Z"


def test_task_to_api_shape():
    running = task(
        node_id="n" * 25,
        status=TaskStatus(
            7,
            TaskState.RUNNING,
            "started",
            container_status=ContainerStatus("c" * 64, 42, 0),
            port_status=(PortConfig(80, 30000, publish_mode="host"),),
        ),
        version=Version(12),
        created_at=1,
        updated_at=7,
    )
    wire = running.to_api()
    assert list(wire) == [
        "ID",
        "Version",
        "CreatedAt",
        "UpdatedAt",
        "Labels",
        "Spec",
        "ServiceID",
        "Slot",
        "NodeID",
        "Status",
        "DesiredState",
        "Volumes",
    ]
    assert wire["Version"] == {"Index": 12}
    assert wire["Status"] == {
        "Timestamp": "1970-01-01T00:00:00.000000007Z",
        "State": "running",
        "Message": "started",
        "ContainerStatus": {"ContainerID": "c" * 64, "PID": 42, "ExitCode": 0},
        "PortStatus": {"Ports": [{"Protocol": "tcp", "TargetPort": 80, "PublishedPort": 30000, "PublishMode": "host"}]},
    }
    assert wire["DesiredState"] == "running"
    assert wire["Spec"]["ContainerSpec"]["Image"] == "nginx:1.27"
    new = task(slot=0).to_api()
    assert "Slot" not in new and "NodeID" not in new
    assert new["Status"] == {"Timestamp": "1970-01-01T00:00:00Z", "State": "new", "PortStatus": {}}


def test_task_to_api_field_names_are_the_engine_apis():
    definitions = yaml.safe_load(SWAGGER.read_text())["definitions"]
    wire = task(status=TaskStatus(state=TaskState.RUNNING, container_status=ContainerStatus())).to_api()
    # ``Volumes`` (cluster volumes, API 1.42) is in moby's Go struct but missing from the v1.50 swagger.
    assert set(wire) - {"Volumes"} <= set(definitions["Task"]["properties"])
    assert set(wire["Status"]) <= set(definitions["TaskStatus"]["properties"])
    assert set(wire["Status"]["ContainerStatus"]) <= set(definitions["ContainerStatus"]["properties"])
    assert set(definitions["TaskState"]["enum"]) >= {state.label for state in TaskState}
