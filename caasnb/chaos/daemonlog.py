"""What dockerd logs when a fault hits its host (rules for :mod:`caasnb.observe.daemonlog`).

* ``restart``: the engine gets SIGTERM and shuts down; when the fault heals it starts up
  again with the usual start-up lines.
* ``clock-skew`` beyond the certificates' validity: swarmkit's agent logs that its session
  with the managers failed, with Go's x509 error inside the gRPC error.

A crashed machine logs nothing (it is off); its start-up lines come with ``host.up``.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..observe.daemonlog import RULES, Entry, rule
from ..sim import Event


@rule("chaos.inject")
def _injected(event: Event) -> Iterable[Entry]:
    kind = event.attrs["type"]
    if kind == "restart":
        yield "info", "Processing signal 'terminated'", {}
        yield "info", "Daemon shutdown complete", {}
    error = event.attrs.get("tls_error")
    if kind == "clock-skew" and error:
        desc = f'connection error: desc = "transport: authentication handshake failed: {error}"'
        yield (
            "error",
            "agent: session failed",
            {
                "backoff": "100ms",
                "error": f"rpc error: code = Unavailable desc = {desc}",
                "module": "node/agent",
            },
        )


@rule("chaos.heal")
def _healed(event: Event) -> Iterable[Entry]:
    if event.attrs["type"] == "restart":
        yield from RULES["host.up"](event)
