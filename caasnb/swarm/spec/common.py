"""Small Engine API objects shared by several specs: object version, driver, platform."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, TypeVar

from ..wire import GoObject, go_struct

T = TypeVar("T", bound="ApiObject")


class ApiObject(ABC):
    """An Engine API object: ``to_api()`` writes its JSON, ``from_api()`` reads and checks it like the daemon.

    Subclasses implement ``read(GoObject)`` (decoding plus the daemon's conversion checks)
    and, when SwarmKit has rules for them, ``validate()``.
    """

    API_STRUCT: ClassVar[str]

    @classmethod
    def from_api(cls: type[T], data: Mapping[str, Any]) -> T:
        """Decode ``data`` (Engine API JSON) and validate it; raises ``InvalidArgument`` with Docker's text."""
        value = cls.read(GoObject(data, cls.API_STRUCT))
        value.validate()
        return value

    @classmethod
    @abstractmethod
    def read(cls: type[T], obj: GoObject) -> T:
        """Decode ``obj``, applying the daemon's conversion checks and defaults."""

    def validate(self) -> None:  # noqa: B027 - a hook: most objects have no rules of their own
        """Objects without rules of their own accept anything that decodes."""

    @abstractmethod
    def to_api(self) -> dict[str, Any]:
        """The object as the Engine API writes it (Go field order, ``omitempty`` honoured)."""


@dataclass(frozen=True)
class Version(ApiObject):
    """``Version{Index}``: the store's raft index when an object last changed (optimistic locking)."""

    API_STRUCT = "Version"
    index: int = 0

    def to_api(self) -> dict[str, Any]:
        return go_struct({"Index": self.index})

    @classmethod
    def read(cls, obj: GoObject) -> Version:
        return cls(index=obj.integer("Index", "uint64"))


@dataclass(frozen=True)
class Driver(ApiObject):
    """``Driver{Name, Options}``: a log or network driver and its options."""

    API_STRUCT = "Driver"
    name: str = ""
    options: dict[str, str] = field(default_factory=dict)

    def to_api(self) -> dict[str, Any]:
        return go_struct({"Name": self.name, "Options": dict(self.options)})

    @classmethod
    def read(cls, obj: GoObject) -> Driver:
        return cls(name=obj.string("Name"), options=obj.labels("Options"))


@dataclass(frozen=True)
class Platform(ApiObject):
    """``Platform{Architecture, OS}`` of a node, or one a service accepts."""

    API_STRUCT = "Platform"
    architecture: str = ""
    os: str = ""

    def to_api(self) -> dict[str, Any]:
        return go_struct({"Architecture": self.architecture, "OS": self.os})

    @classmethod
    def read(cls, obj: GoObject) -> Platform:
        return cls(architecture=obj.string("Architecture"), os=obj.string("OS"))
