"""``NodeSpec``: what an operator sets on a node (``docker node update``): role, availability, labels."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ...errors import InvalidArgument
from ...golang.strconv import quote as go_quote
from ..wire import GoObject, go_struct
from .common import ApiObject

ROLES = ("worker", "manager")
AVAILABILITIES = ("active", "pause", "drain")


@dataclass(frozen=True)
class NodeSpec(ApiObject):
    """``NodeSpec``. Moby accepts role and availability in any letter case and refuses anything else."""

    API_STRUCT = "NodeSpec"
    name: str = ""
    labels: dict[str, str] = field(default_factory=dict)
    role: str = "worker"
    availability: str = "active"

    def to_api(self) -> dict[str, Any]:
        fields = {"Name": self.name, "Labels": dict(self.labels), "Role": self.role, "Availability": self.availability}
        return go_struct(fields, always=("Labels",))

    @classmethod
    def read(cls, obj: GoObject) -> NodeSpec:
        role, availability = obj.string("Role"), obj.string("Availability")
        if role.lower() not in ROLES:
            raise InvalidArgument(f"invalid Role: {go_quote(role)}")
        if availability.lower() not in AVAILABILITIES:
            raise InvalidArgument(f"invalid Availability: {go_quote(availability)}")
        name, labels = obj.string("Name"), obj.labels("Labels")
        return cls(name=name, labels=labels, role=role.lower(), availability=availability.lower())
