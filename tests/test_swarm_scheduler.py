"""The scheduler: SwarmKit's filters, spread, preferences, explanations, determinism and scale."""

import time
from collections import Counter
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from caasnb.swarm.nodes import Node
from caasnb.swarm.scheduler import schedule
from caasnb.swarm.spec import (
    ContainerSpec,
    NodeSpec,
    Placement,
    Platform,
    PortConfig,
    ResourceObject,
    Resources,
    TaskSpec,
    Version,
)
from caasnb.swarm.tasks import Task, TaskState, TaskStatus

CPU = 1_000_000_000
GIB = 1 << 30


def node(name: str, role="worker", availability="active", state="ready", labels=None, cpus=4, memory=8, arch="x86_64"):
    return Node(
        id=f"id-{name}",
        spec=NodeSpec(role=role, availability=availability, labels=labels or {}),
        hostname=name,
        platform=Platform(arch, "linux"),
        resources=ResourceObject(cpus * CPU, memory * GIB),
        state=state,
    )


def spec(constraints=(), preferences=(), max_replicas=0, reserve_cpus=0.0, platforms=()):
    reservations = ResourceObject(int(reserve_cpus * CPU)) if reserve_cpus else None
    return TaskSpec(
        container_spec=ContainerSpec(image="nginx"),
        resources=Resources(reservations=reservations),
        placement=Placement(tuple(constraints), tuple(preferences), max_replicas, tuple(platforms)),
    )


def pending(service: str, count: int, task_spec: TaskSpec | None = None, ports=(), first_slot=1) -> list[Task]:
    return [
        Task(
            id=f"{service}-task-{slot:03d}",
            service_id=f"id-{service}",
            service_name=service,
            spec=task_spec or spec(),
            slot=slot,
            status=TaskStatus(state=TaskState.PENDING, message="pending task scheduling"),
            spec_version=Version(1),
            endpoint_ports=tuple(ports),
        )
        for slot in range(first_slot, first_slot + count)
    ]


def running(service: str, node_id: str, count: int, first_slot=100, task_spec=None, ports=()) -> list[Task]:
    return [
        Task(
            id=f"{service}-run-{node_id}-{slot}",
            service_id=f"id-{service}",
            service_name=service,
            spec=task_spec or spec(),
            slot=slot,
            node_id=node_id,
            status=TaskStatus(state=TaskState.RUNNING),
            endpoint_ports=tuple(ports),
        )
        for slot in range(first_slot, first_slot + count)
    ]


def placement(result) -> Counter:
    return Counter(decision.node_id.removeprefix("id-") for decision in result.assigned)


def errors(result) -> set[str]:
    return {decision.task.status.err for decision in result.pending}


# -- spread ------------------------------------------------------------------------------
def test_spreads_evenly_and_fills_in_node_id_order():
    result = schedule([node("c"), node("a"), node("b")], pending("web", 7), now=42)
    assert placement(result) == {"a": 3, "b": 2, "c": 2}
    first = result.for_task("web-task-001")
    assert first.node_id == "id-a" and (first.service_tasks, first.total_tasks) == (0, 0)
    assert first.task.state is TaskState.ASSIGNED
    assert first.task.status.message == "scheduler assigned task to node"
    assert first.task.status.timestamp == 42 and first.task.status.err == ""


def test_prefers_nodes_with_fewer_tasks_of_the_service_then_fewer_tasks():
    nodes = [node("a"), node("b"), node("c")]
    existing = running("web", "id-a", 1) + running("other", "id-b", 2)
    result = schedule(nodes, existing + pending("web", 2))
    assert [d.node_id for d in result.decisions] == ["id-c", "id-b"]


def test_fills_a_node_until_the_next_one_is_strictly_better_like_swarmkit():
    # SwarmKit's scheduleNTasksOnNodes: after the first node, b keeps the tasks until c (5 tasks) is better.
    nodes = [node("a"), node("b"), node("c")]
    result = schedule(nodes, running("web", "id-c", 5) + pending("web", 7))
    assert placement(result) == {"a": 1, "b": 6}


def test_ignores_tasks_outside_pending_to_running_and_counts_only_active_ones():
    nodes = [node("a"), node("b")]
    finished = [t.advance(TaskState.SHUTDOWN, 1) for t in running("web", "id-a", 3)]
    stopping = [replace(t, desired_state=TaskState.SHUTDOWN) for t in running("web", "id-a", 2, first_slot=50)]
    result = schedule(nodes, finished + stopping + pending("web", 2))
    assert placement(result) == {"a": 1, "b": 1}


# -- filters -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("nodes", "expected", "err"),
    [
        ([node("a", availability="drain"), node("b")], {"b": 2}, None),
        (
            [node("a", availability="pause"), node("b", state="down")],
            {},
            "no suitable node (2 nodes not available for new tasks)",
        ),
        ([node("a", state="disconnected")], {}, "no suitable node (1 node not available for new tasks)"),
    ],
)
def test_ready_and_active_nodes_only(nodes, expected, err):
    result = schedule(nodes, pending("web", 2))
    assert placement(result) == expected
    assert errors(result) == ({err} if err else set())


@pytest.mark.parametrize(
    ("constraint", "expected"),
    [
        ("node.role==manager", {"m1": 2, "m2": 1}),
        ("node.role!=manager", {"w1": 3}),
        ("node.labels.zone==east", {"m1": 2, "w1": 1}),
        ("node.hostname==w1", {"w1": 3}),
        ("node.id==id-m2", {"m2": 3}),
        ("node.platform.arch==x86_64", {"m1": 1, "m2": 1, "w1": 1}),
    ],
)
def test_constraints(constraint, expected):
    nodes = [
        node("m1", role="manager", labels={"zone": "east"}),
        node("m2", role="manager", labels={"zone": "west"}),
        node("w1", labels={"zone": "east"}),
    ]
    assert placement(schedule(nodes, pending("web", 3, spec(constraints=[constraint])))) == expected


def test_no_node_satisfies_the_constraints():
    result = schedule([node("a"), node("b"), node("c")], pending("db", 2, spec(constraints=["node.role==manager"])))
    assert result.assigned == []
    assert errors(result) == {"no suitable node (scheduling constraints not satisfied on 3 nodes)"}
    assert all(
        d.task.state is TaskState.PENDING and d.task.status.message == "pending task scheduling" for d in result.pending
    )


def test_explanation_lists_most_failures_first_then_pipeline_order():
    nodes = [node("a", availability="drain"), node("b", availability="drain"), node("c"), node("d"), node("e")]
    result = schedule(nodes, pending("db", 1, spec(constraints=["node.role==manager"])))
    assert errors(result) == {
        "no suitable node (scheduling constraints not satisfied on 3 nodes; 2 nodes not available for new tasks)"
    }
    nodes = [node("a", availability="drain"), node("b"), node("c", arch="arm64")]
    result = schedule(
        nodes, pending("db", 1, spec(constraints=["node.hostname!=b"], platforms=[Platform("amd64", "")]))
    )
    assert errors(result) == {
        "no suitable node (1 node not available for new tasks; scheduling constraints not satisfied on 1 node; "
        "unsupported platform on 1 node)"
    }


def test_resources_are_reserved_per_task():
    nodes = [node("a", cpus=2), node("b", cpus=2), node("c", cpus=1)]
    result = schedule(nodes, pending("web", 7, spec(reserve_cpus=1)))
    assert placement(result) == {"a": 2, "b": 2, "c": 1}
    assert errors(result) == {"no suitable node (insufficient resources on 3 nodes)"}
    assert len(result.pending) == 2


def test_existing_reservations_count():
    heavy = spec(reserve_cpus=3)
    nodes = [node("a"), node("b")]
    result = schedule(nodes, running("batch", "id-a", 1, task_spec=heavy) + pending("web", 2, spec(reserve_cpus=2)))
    assert placement(result) == {"b": 2}


def test_platforms_with_architecture_aliases():
    nodes = [node("x", arch="x86_64"), node("arm", arch="aarch64")]
    assert placement(schedule(nodes, pending("web", 2, spec(platforms=[Platform("arm64", "linux")])))) == {"arm": 2}
    assert placement(schedule(nodes, pending("web", 2, spec(platforms=[Platform("amd64", "")])))) == {"x": 2}


def test_max_replicas_per_node():
    result = schedule([node("a"), node("b"), node("c")], pending("web", 5, spec(max_replicas=1)))
    assert placement(result) == {"a": 1, "b": 1, "c": 1}
    assert errors(result) == {"no suitable node (max replicas per node limit exceed)"}


def test_host_mode_ports_conflict():
    port = PortConfig(80, 8080, publish_mode="host")
    nodes = [node("a"), node("b"), node("c")]
    existing = running("proxy", "id-a", 1, ports=[port])
    result = schedule(nodes, existing + pending("web", 3, ports=[port]))
    assert placement(result) == {"b": 1, "c": 1}
    # Like SwarmKit's pipeline, the count restarts whenever a node passes: "a" was refused before "b" was chosen.
    assert errors(result) == {"no suitable node (host-mode port already in use on 2 nodes)"}
    ingress = PortConfig(80, 8080)
    assert len(schedule(nodes, pending("web", 3, ports=[ingress])).assigned) == 3


# -- preferences ---------------------------------------------------------------------------
def test_spread_preference_balances_label_values_not_nodes():
    nodes = [node("a1", labels={"zone": "a"}), node("b1", labels={"zone": "b"}), node("b2", labels={"zone": "b"})]
    result = schedule(nodes, pending("web", 4, spec(preferences=["node.labels.zone"])))
    assert placement(result) == {"a1": 2, "b1": 1, "b2": 1}
    assert {d.branch for d in result.assigned} == {("a",), ("b",)}


def test_spread_preference_counts_existing_tasks_and_unlabelled_nodes():
    nodes = [node("a1", labels={"zone": "a"}), node("b1", labels={"zone": "b"}), node("none")]
    result = schedule(nodes, running("web", "id-a1", 2) + pending("web", 4, spec(preferences=["node.labels.zone"])))
    assert placement(result) == {"b1": 2, "none": 2}


def test_spread_preference_moves_on_when_a_branch_is_full():
    nodes = [node("a1", labels={"zone": "a"}, cpus=1), node("b1", labels={"zone": "b"})]
    result = schedule(nodes, pending("web", 4, spec(preferences=["node.labels.zone"], reserve_cpus=1)))
    assert placement(result) == {"a1": 1, "b1": 3}


# -- global services -------------------------------------------------------------------------
def test_preassigned_tasks_are_confirmed_or_explained():
    nodes = [node("a", cpus=4), node("b", cpus=1)]
    tasks = [
        Task(
            id=f"agent-{n}",
            service_id="id-agent",
            service_name="agent",
            spec=spec(reserve_cpus=2),
            node_id=f"id-{n}",
            status=TaskStatus(state=TaskState.PENDING),
        )
        for n in ("a", "b", "gone")
    ]
    result = schedule(nodes, tasks, now=3)
    ok, refused = result.for_task("agent-a"), result.for_task("agent-b")
    assert ok.task.state is TaskState.ASSIGNED and ok.node_id == "id-a"
    assert ok.task.status.message == "scheduler confirmed task can run on preassigned node"
    assert ok.task.name == "agent.id-a"
    assert refused.task.state is TaskState.PENDING
    assert refused.task.status.err == "insufficient resources on 1 node"
    assert len(result.decisions) == 2  # a task pre-assigned to a vanished node is left alone


# -- explanations ------------------------------------------------------------------------------
def test_group_report_explains_every_node():
    nodes = [node("a", role="manager"), node("b"), node("c", availability="drain")]
    result = schedule(nodes, pending("web", 2, spec(constraints=["node.role==worker"])))
    report = result.groups[0]
    verdicts = {v.hostname: v for v in report.verdicts}
    assert verdicts["b"].eligible and verdicts["b"].rejected_by is None
    assert verdicts["a"].rejected_by == "constraints"
    assert verdicts["a"].checks[1].detail == "not satisfied: node.role==worker"
    assert verdicts["c"].rejected_by == "ready" and [c.filter for c in verdicts["c"].checks] == ["ready", "constraints"]
    assert result.for_task("web-task-002").group is report
    assert schedule(nodes, pending("web", 1), explain=False).groups[0].verdicts == ()


# -- properties ------------------------------------------------------------------------------
@given(
    st.integers(min_value=1, max_value=8),
    st.integers(min_value=0, max_value=40),
    st.sets(st.integers(min_value=0, max_value=7)),
    st.integers(min_value=0, max_value=3),
)
def test_spread_never_differs_by_more_than_one_between_equal_nodes(node_count, tasks, drained, other_load):
    nodes = [node(f"n{i}", availability="drain" if i in drained else "active") for i in range(node_count)]
    existing = [t for n in nodes for t in running("other", n.id, other_load)]
    result = schedule(nodes, existing + pending("web", tasks))
    eligible = [n.hostname for n in nodes if n.availability == "active"]
    counts = placement(result)
    assert set(counts) <= set(eligible)
    if eligible:
        assert len(result.assigned) == tasks
        per_node = [counts.get(name, 0) for name in eligible]
        assert max(per_node) - min(per_node) <= 1


@given(st.permutations(list(range(6))))
def test_result_does_not_depend_on_input_order(order):
    nodes = [node(f"n{i}", labels={"zone": "ab"[i % 2]}) for i in range(6)]
    tasks = pending("web", 9, spec(preferences=["node.labels.zone"])) + pending("api", 4)
    baseline = schedule(nodes, tasks)
    shuffled = schedule([nodes[i] for i in order], tasks)
    assert [(d.task.id, d.node_id) for d in shuffled.decisions] == [(d.task.id, d.node_id) for d in baseline.decisions]


def test_scales_to_thousands_of_tasks():
    nodes = [node(f"n{i:04d}") for i in range(500)]
    tasks = [t for s in range(50) for t in pending(f"s{s}", 100)] + [
        t for s in range(2000) for t in pending(f"one{s}", 1)
    ]
    started = time.perf_counter()
    result = schedule(nodes, tasks, explain=False)
    assert time.perf_counter() - started < 10
    assert len(result.assigned) == 7000
    loads = Counter(d.node_id for d in result.assigned)
    assert max(loads.values()) - min(loads.values()) <= 1
