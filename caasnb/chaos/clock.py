"""Clock skew: a host's wall clock runs ahead or behind, and what that really breaks in a swarm.

Raft elections, heartbeats and timeouts use durations measured on each machine, so a skewed
wall clock does not disturb them. What it breaks is TLS: every swarm connection is mutual TLS,
and each side checks the other's certificate chain against *its own* clock. SwarmKit backdates
node certificates by one hour (``CertBackdate``) and issues them for 90 days by default; the
root CA comes from cfssl, which backdates by five minutes. So a clock behind by more than the
age of the swarm's root (plus five minutes), or ahead past a certificate's expiry, cannot
handshake: Go's ``x509: certificate has expired or is not yet valid: current time … is before …``.
The node's sessions with the managers (and a manager's raft links) fail until the clock is
right again, so the swarm marks the node Down. A smaller skew changes only the times the
host itself writes (``Host.wall_ns``: its logs and ``docker info``'s ``SystemTime``).
The check is made when the skew starts.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..golang.timefmt import rfc3339
from ..sim import EPOCH_NS, HOUR, MINUTE
from .fault import Fault
from .params import duration_ns

NODE_CERT_BACKDATE = 1 * HOUR  # swarmkit ca.CertBackdate
ROOT_BACKDATE = 5 * MINUTE  # cfssl's default backdate, which the swarm's root CA gets
NOT_YET_VALID = "x509: certificate has expired or is not yet valid: current time {now} is before {start}"
EXPIRED = "x509: certificate has expired or is not yet valid: current time {now} is after {end}"


def chain_windows(swarm, store, host: str) -> list[tuple[int, int]]:
    """The validity windows (sim ns) of ``host``'s certificate chain: its node certificate, then the root."""
    record = store.swarm
    windows = []
    node = next((n for n in store.nodes.values() if n.hostname == host), None)
    if node is not None:
        issued = node.created_at
        windows.append((issued - NODE_CERT_BACKDATE, issued + record.spec.node_cert_expiry))
    root = record.root_ca
    windows.append((root.not_before - ROOT_BACKDATE, root.not_after))
    return windows


def verify(clock_ns: int, windows: Iterable[tuple[int, int]]) -> str:
    """Go's x509 error for a chain checked at ``clock_ns`` (sim ns on the checker's clock), or ""."""
    for start, end in windows:
        if clock_ns < start:
            return NOT_YET_VALID.format(now=rfc3339(EPOCH_NS + clock_ns), start=rfc3339(EPOCH_NS + start))
        if clock_ns > end:
            return EXPIRED.format(now=rfc3339(EPOCH_NS + clock_ns), end=rfc3339(EPOCH_NS + end))
    return ""


class ClockSkew(Fault):
    kind = "clock-skew"
    target_kind = "host"
    summary = "move the host's wall clock by `offset`; beyond the certificates' validity its TLS fails"

    def __init__(self, chaos, target: Any, *, offset: str | float = "-2h") -> None:
        super().__init__(chaos, chaos.host(target))
        self.offset = duration_ns(offset, "offset", signed=True)
        self.cuts, self.tls_error = self._broken_links()

    def _broken_links(self) -> tuple[list[tuple[str, str]], str]:
        """Both directions between this host and each swarm peer whose handshake fails, and the host's error."""
        cluster, host = self.cluster, self.target
        swarm = cluster.swarm
        if swarm is None or not cluster.daemons[host].node_id:
            return [], ""
        managers = [m for m in swarm.group.members if m in swarm.group.nodes]
        if not managers:
            return [], ""
        store = swarm.store(managers[0])
        now = cluster.sim.now
        clocks = {name: now + h.clock_offset for name, h in cluster.hosts.items()}
        clocks[host] += self.offset
        members = [d.host for d in cluster.daemons.values() if d.node_id and d.host != host]
        peers = [p for p in members if host in swarm.group.members or p in swarm.group.members]
        cuts, first = [], ""
        for peer in peers:
            mine = verify(clocks[host], chain_windows(swarm, store, peer))
            theirs = verify(clocks[peer], chain_windows(swarm, store, host))
            if mine or theirs:
                cuts += [(host, peer), (peer, host)]
                first = first or mine
        return cuts, first

    def start(self) -> None:
        self.cluster.hosts[self.target].clock_offset += self.offset
        self.chaos.shaper.cut(self.cuts)

    def heal(self) -> None:
        self.cluster.hosts[self.target].clock_offset -= self.offset
        self.chaos.shaper.mend(self.cuts)

    def params(self) -> dict[str, Any]:
        return {"offset": self.offset} | ({"tls_error": self.tls_error} if self.tls_error else {})

    def hosts(self) -> list[str]:
        return [self.target]
