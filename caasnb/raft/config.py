"""Raft timing and feature settings, and the two presets the course compares.

Time inside a :class:`~caasnb.raft.node.RaftNode` is counted in ticks (as in etcd-io/raft);
``tick`` says how many nanoseconds one tick is. A node's randomized election timeout is
drawn uniformly from ``election_ticks = (low, high)`` — half-open ``[low, high)`` like
etcd's ``[ElectionTick, 2*ElectionTick)``, or exactly ``low`` when ``high == low``.

* ``paper``: the Raft paper's recommendation (§5.2, §9.3): election timeout uniform in
  150–300 ms, heartbeat every half of the minimum timeout, plain Raft (no PreVote, no
  CheckQuorum). One tick is 1 µs, which stands for the paper's continuous timers so
  that narrow ranges such as 150–151 ms still have a thousand distinct values.
* ``swarmkit``: Docker's manager settings (moby/swarmkit ``raft.go``): 1 s tick,
  ``HeartbeatTick 1``, ``ElectionTick 10`` randomized to [10, 20) ticks, CheckQuorum on,
  ``SnapshotInterval 10000``, ``LogEntriesForSlowFollowers 500``.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

from ..errors import InvalidArgument
from ..sim import MICROSECOND, SECOND


@dataclass(frozen=True)
class RaftConfig:
    """Every timing and switch of a Raft node; build one with :meth:`paper`, :meth:`swarmkit` or :meth:`preset`."""

    tick: int = MICROSECOND
    heartbeat_ticks: int = 75_000
    election_ticks: tuple[int, int] = (150_000, 300_000)
    pre_vote: bool = False
    check_quorum: bool = False
    snapshot_interval: int = 10_000
    keep_entries: int = 500
    max_entries_per_message: int = 64

    def __post_init__(self) -> None:
        if not isinstance(self.election_ticks, (tuple, list)) or len(self.election_ticks) != 2:
            raise InvalidArgument(f"election_ticks must be a (low, high) pair, not {self.election_ticks!r}")
        object.__setattr__(self, "election_ticks", tuple(self.election_ticks))
        low, high = self.election_ticks
        for name in ("tick", "heartbeat_ticks", "snapshot_interval", "max_entries_per_message"):
            _positive(name, getattr(self, name))
        _positive("election_ticks", low)
        if high < low:
            raise InvalidArgument(f"election_ticks must be (low, high) with high >= low, not {self.election_ticks}")
        if self.heartbeat_ticks >= low:
            raise InvalidArgument(
                f"heartbeat_ticks ({self.heartbeat_ticks}) must be below the election timeout ({low} ticks)"
            )
        if not isinstance(self.keep_entries, int) or self.keep_entries < 0:
            raise InvalidArgument(f"keep_entries must be a whole number >= 0, not {self.keep_entries!r}")

    @property
    def heartbeat_interval(self) -> int:
        """Nanoseconds between a leader's heartbeats."""
        return self.heartbeat_ticks * self.tick

    @property
    def election_timeout(self) -> tuple[int, int]:
        """The election timeout range in nanoseconds."""
        return self.election_ticks[0] * self.tick, self.election_ticks[1] * self.tick

    @classmethod
    def paper(cls, election_timeout_ms: tuple[float, float] = (150, 300), **overrides: Any) -> RaftConfig:
        """The Raft paper's settings for an election timeout range in ms (heartbeat = half the minimum)."""
        low, high = (round(ms * 1000) for ms in election_timeout_ms)
        base = cls(tick=MICROSECOND, heartbeat_ticks=max(low // 2, 1), election_ticks=(low, high))
        return base.with_overrides(**overrides)

    @classmethod
    def swarmkit(cls, **overrides: Any) -> RaftConfig:
        """Docker Swarm's manager settings (1 s tick, heartbeat 1 tick, election 10 ticks, CheckQuorum)."""
        base = cls(
            tick=SECOND,
            heartbeat_ticks=1,
            election_ticks=(10, 20),
            pre_vote=False,
            check_quorum=True,
            snapshot_interval=10_000,
            keep_entries=500,
        )
        return base.with_overrides(**overrides)

    @classmethod
    def preset(cls, name: str, **overrides: Any) -> RaftConfig:
        """``RaftConfig.preset("paper")`` or ``("swarmkit")``, with keyword overrides."""
        makers = {"paper": cls.paper, "swarmkit": cls.swarmkit}
        if name not in makers:
            raise InvalidArgument(f"unknown raft preset {name!r} (choose from {', '.join(makers)})")
        return makers[name](**overrides)

    def with_overrides(self, **overrides: Any) -> RaftConfig:
        """A copy with some settings changed; unknown names are rejected."""
        known = {f.name for f in fields(self)}
        unknown = sorted(set(overrides) - known)
        if unknown:
            raise InvalidArgument(
                f"unknown raft setting(s): {', '.join(unknown)} (settings are {', '.join(sorted(known))})"
            )
        return replace(self, **overrides) if overrides else self


def _positive(name: str, value: Any) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise InvalidArgument(f"{name} must be a whole number >= 1, not {value!r}")
