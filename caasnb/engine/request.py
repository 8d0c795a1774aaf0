"""One Engine API request as a handler sees it: the node it reached, path variables, query, body."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .body import read_json
from .query import Query

if TYPE_CHECKING:
    from .engine import Engine


@dataclass(frozen=True)
class Request:
    """``version`` is the negotiated API version; ``headers`` keep the caller's names, looked up in any case."""

    engine: Engine
    node: str
    method: str
    path: str
    version: str
    query: Query = field(default_factory=Query)
    headers: Mapping[str, str] = field(default_factory=dict)
    body: Any = None
    vars: Mapping[str, str] = field(default_factory=dict)

    @property
    def daemon(self) -> Any:
        """The swarm daemon of the host this request reached (``cluster.daemons[node]``)."""
        return self.engine.cluster.daemons[self.node]

    def header(self, name: str) -> str:
        """Go's ``Header.Get``: the value of header ``name`` in any letter case, or ""."""
        return next((value for key, value in self.headers.items() if key.lower() == name.lower()), "")

    def json(self, go_type: str) -> dict[str, Any]:
        """The body decoded into Go struct ``go_type`` (``httputils.ReadJSON``)."""
        return read_json(self.body, self.header("Content-Type"), go_type)
