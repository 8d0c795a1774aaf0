"""Engine API JSON the way the daemon's Go code reads and writes it.

Reading (``GoObject``): Go's ``encoding/json`` matches keys case-insensitively, ignores
unknown keys, treats ``null`` as absent and refuses a value of the wrong type with
``json: cannot unmarshal <what> into Go struct field <Struct>.<path> of type <type>``,
which the daemon prefixes with ``invalid JSON: `` and answers 400.

Writing (``go_struct``): Go drops ``omitempty`` fields holding a zero value; durations are
integer nanoseconds and times RFC 3339 with nanoseconds.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ..errors import InvalidArgument
from ..golang.json import go_float, go_struct  # noqa: F401 - re-exported: the spec objects write through them

_UNSIGNED = {"uint64": 64, "uint32": 32}
_SIGNED = {"int64": 64, "int": 64, "time.Duration": 64}


def rpc_error(code: str, message: str) -> str:
    """A gRPC status error's text as the daemon passes it on: ``rpc error: code = X desc = ...``."""
    return f"rpc error: code = {code} desc = {message}"


def invalid_rpc(message: str) -> InvalidArgument:
    """SwarmKit's ``status.Errorf(codes.InvalidArgument, ...)`` as the Engine API returns it (400)."""
    return InvalidArgument(rpc_error("InvalidArgument", message))


def _json_kind(value: Any) -> str:
    """How Go's decoder names a JSON value in a type error (numbers carry their literal)."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


class GoObject:
    """A JSON object decoded into a Go struct named ``struct``, found at ``path`` from the request root."""

    def __init__(self, data: Mapping[str, Any], struct: str, path: str = "") -> None:
        self._values = {key.lower(): value for key, value in data.items()}
        self.struct = struct
        self.path = path

    def _field_path(self, name: str) -> str:
        return f"{self.path}.{name}" if self.path else name

    def type_error(self, name: str, what: str, go_type: str) -> InvalidArgument:
        """Go's ``UnmarshalTypeError`` for field ``name``, as the daemon reports it."""
        where = f"Go struct field {self.struct}.{self._field_path(name)}"
        return InvalidArgument(f"invalid JSON: json: cannot unmarshal {what} into {where} of type {go_type}")

    def raw(self, name: str) -> Any:
        """The value under ``name`` (any letter case), or None when absent or null."""
        return self._values.get(name.lower())

    def has(self, name: str) -> bool:
        return self.raw(name) is not None

    def string(self, name: str, default: str = "") -> str:
        value = self.raw(name)
        if value is None:
            return default
        if not isinstance(value, str):
            raise self.type_error(name, _json_kind(value), "string")
        return value

    def boolean(self, name: str, default: bool = False) -> bool:
        value = self.raw(name)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise self.type_error(name, _json_kind(value), "bool")
        return value

    def integer(self, name: str, go_type: str, default: int = 0) -> int:
        """An integer field of Go type ``go_type`` (``uint64``, ``int64``, ``time.Duration``...)."""
        value = self.raw(name)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.type_error(name, _json_kind(value), go_type)
        literal = json.dumps(value)
        if isinstance(value, float) or not _fits(value, go_type):
            raise self.type_error(name, f"number {literal}", go_type)
        return value

    def number(self, name: str, go_type: str = "float32", default: float = 0.0) -> float:
        value = self.raw(name)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.type_error(name, _json_kind(value), go_type)
        return float(value)

    def strings(self, name: str) -> tuple[str, ...]:
        """A ``[]string`` field."""
        value = self.raw(name)
        if value is None:
            return ()
        if not isinstance(value, list):
            raise self.type_error(name, _json_kind(value), "[]string")
        for item in value:
            if not isinstance(item, str):
                raise self.type_error(name, _json_kind(item), "string")
        return tuple(value)

    def labels(self, name: str) -> dict[str, str]:
        """A ``map[string]string`` field."""
        value = self.raw(name)
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise self.type_error(name, _json_kind(value), "map[string]string")
        for item in value.values():
            if not isinstance(item, str):
                raise self.type_error(name, _json_kind(item), "string")
        return dict(value)

    def object(self, name: str, struct: str) -> GoObject | None:
        """A nested struct field of Go type ``struct``, or None when absent."""
        value = self.raw(name)
        if value is None:
            return None
        if not isinstance(value, dict):
            raise self.type_error(name, _json_kind(value), _go_type_name(struct))
        return GoObject(value, _bare(struct), self._field_path(name))

    def objects(self, name: str, struct: str) -> list[GoObject]:
        """A ``[]Struct`` field."""
        value = self.raw(name)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.type_error(name, _json_kind(value), f"[]{_go_type_name(struct)}")
        found = []
        for item in value:
            if not isinstance(item, dict):
                raise self.type_error(name, _json_kind(item), _go_type_name(struct))
            found.append(GoObject(item, _bare(struct), self._field_path(name)))
        return found


def _go_type_name(struct: str) -> str:
    """The Go type's printed name: ``swarm.X`` unless ``struct`` names its package."""
    return struct if "." in struct else f"swarm.{struct}"


def _bare(struct: str) -> str:
    """The struct's name without its package, as Go's type errors print it."""
    return struct.rpartition(".")[2]


def _fits(value: int, go_type: str) -> bool:
    if go_type in _UNSIGNED:
        return 0 <= value < 1 << _UNSIGNED[go_type]
    bits = _SIGNED.get(go_type, 64)
    return -(1 << (bits - 1)) <= value < 1 << (bits - 1)
