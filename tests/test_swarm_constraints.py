"""Placement constraints: SwarmKit's parser, its error texts and its matching rules."""

from dataclasses import dataclass, field

import pytest

from caasnb.errors import DockerError
from caasnb.swarm.constraints import Constraint, node_matches, parse_constraints


@dataclass
class FakeNode:
    id: str = "abc123"
    hostname: str = "worker-1"
    addr: str = "10.0.0.5"
    role: str = "worker"
    os: str = "linux"
    architecture: str = "x86_64"
    labels: dict = field(default_factory=lambda: {"zone": "East", "Disk": "ssd"})
    engine_labels: dict = field(default_factory=lambda: {"gpu": "yes"})


def matches(expression: str, node: FakeNode | None = None) -> bool:
    return node_matches(parse_constraints([expression]), node or FakeNode())


def test_parse_splits_on_the_first_operator_and_trims():
    assert parse_constraints([" node.labels.zone == east "]) == (Constraint("node.labels.zone", "==", "east"),)
    assert parse_constraints(["node.role!=manager"]) == (Constraint("node.role", "!=", "manager"),)


@pytest.mark.parametrize(
    ("expression", "error"),
    [
        ("node.role=manager", "constraint expected one operator from ==, !="),
        ("node.role", "constraint expected one operator from ==, !="),
        ("==manager", "key '' is invalid"),
        ("1node==x", "key '1node' is invalid"),
        ("node.role==", "value '' is invalid"),
        ("node.role==a>b", "value 'a>b' is invalid"),
    ],
)
def test_parse_errors_are_unknown_rpc_errors(expression, error):
    with pytest.raises(DockerError) as raised:
        parse_constraints([expression])
    assert str(raised.value) == f"rpc error: code = Unknown desc = {error}"
    assert raised.value.status == 500


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("node.id==abc123", True),
        ("node.hostname==WORKER-1", True),
        ("node.hostname!=worker-1", False),
        ("node.role==worker", True),
        ("node.role==manager", False),
        ("node.platform.os==linux", True),
        ("node.platform.arch==x86_64", True),
        ("node.labels.zone==east", True),  # values compare case-insensitively
        ("node.labels.ZONE==east", False),  # label names are case-sensitive
        ("NODE.LABELS.zone==east", True),  # the prefix is not
        ("node.labels.rack!=a", True),  # a missing label is ""
        ("engine.labels.gpu==yes", True),
        ("engine.labels.cpu!=fast", True),
        ("node.ip==10.0.0.5", True),
        ("node.ip!=10.0.0.0/24", False),
        ("node.ip==10.0.1.0/24", False),
        ("node.ip==banana", False),
        ("node.name==worker-1", False),  # unknown keys never match
    ],
)
def test_matching(expression, expected):
    assert matches(expression) is expected


def test_all_constraints_must_hold():
    node = FakeNode()
    assert node_matches(parse_constraints(["node.role==worker", "node.labels.zone==east"]), node)
    assert not node_matches(parse_constraints(["node.role==worker", "node.labels.zone==west"]), node)
    assert node_matches((), node)
