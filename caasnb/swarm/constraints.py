"""Placement constraints (``--constraint node.labels.zone==east``), parsed and matched as SwarmKit does.

``manager/constraint``: each expression is ``key op value`` with op ``==`` or ``!=`` (the
first one found, in that order). Keys and values are checked against SwarmKit's patterns;
values compare case-insensitively, label names case-sensitively. A missing attribute or
label compares as the empty string, so ``!=`` matches nodes without it. A parse error is a
plain Go error inside the gRPC call, so the daemon answers 500 with
``rpc error: code = Unknown desc = <error>``.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from typing import Protocol

from ..errors import DockerError
from .wire import rpc_error

NODE_LABEL_PREFIX = "node.labels."
ENGINE_LABEL_PREFIX = "engine.labels."
OPERATORS = ("==", "!=")
_KEY = re.compile(r"(?i)[a-z_][a-z0-9\-_.]+")
_VALUE = re.compile(r"(?i)[a-z0-9:\-_\s.*()?+\[\]\\^$|/]+")


class ConstraintTarget(Protocol):
    """What a constraint looks at on a node."""

    id: str
    hostname: str
    addr: str
    role: str
    os: str
    architecture: str
    labels: dict[str, str]
    engine_labels: dict[str, str]


@dataclass(frozen=True)
class Constraint:
    """One parsed expression: ``key`` (as written), ``operator`` (``==`` or ``!=``) and ``value``."""

    key: str
    operator: str
    value: str

    def __str__(self) -> str:
        return f"{self.key}{self.operator}{self.value}"

    def attribute(self, node: ConstraintTarget) -> str | None:
        """The node's value for this key, or None when the key names nothing SwarmKit knows."""
        key = self.key.lower()
        if key == "node.id":
            return node.id
        if key == "node.hostname":
            return node.hostname
        if key == "node.ip":
            return node.addr
        if key == "node.role":
            return node.role
        if key == "node.platform.os":
            return node.os
        if key == "node.platform.arch":
            return node.architecture
        for prefix, labels in ((NODE_LABEL_PREFIX, node.labels), (ENGINE_LABEL_PREFIX, node.engine_labels)):
            if len(key) > len(prefix) and key.startswith(prefix):
                return labels.get(self.key[len(prefix) :], "")
        return None

    def matches(self, node: ConstraintTarget) -> bool:
        """True when ``node`` satisfies this expression."""
        found = self.attribute(node)
        if found is None:
            return False
        if self.key.lower() == "node.ip":
            return self._matches_ip(found)
        return (self.value.lower() == found.lower()) == (self.operator == "==")

    def _matches_ip(self, addr: str) -> bool:
        """``node.ip`` compares addresses or subnets; a malformed value never matches."""
        try:
            node_ip = ipaddress.ip_address(addr)
        except ValueError:
            node_ip = None
        try:
            inside = node_ip == ipaddress.ip_address(self.value)
        except ValueError:
            try:
                network = ipaddress.ip_network(self.value, strict=False)
            except ValueError:
                return False
            inside = node_ip is not None and node_ip.version == network.version and node_ip in network
        return inside == (self.operator == "==")


def parse_constraints(expressions: tuple[str, ...] | list[str]) -> tuple[Constraint, ...]:
    """Parse ``--constraint`` expressions; raises ``DockerError`` (500) with SwarmKit's rpc text."""
    parsed = []
    for expression in expressions:
        operator = next((op for op in OPERATORS if op in expression), None)
        if operator is None:
            raise DockerError(rpc_error("Unknown", f"constraint expected one operator from {', '.join(OPERATORS)}"))
        key, _, value = expression.partition(operator)
        key, value = key.strip(), value.strip()
        if not _KEY.fullmatch(key):
            raise DockerError(rpc_error("Unknown", f"key '{key}' is invalid"))
        if not _VALUE.fullmatch(value):
            raise DockerError(rpc_error("Unknown", f"value '{value}' is invalid"))
        parsed.append(Constraint(key, operator, value))
    return tuple(parsed)


def node_matches(constraints: tuple[Constraint, ...], node: ConstraintTarget) -> bool:
    """True when ``node`` satisfies every constraint."""
    return all(constraint.matches(node) for constraint in constraints)
