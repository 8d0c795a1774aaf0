"""How long a Raft cluster is without a leader after the leader crashes (the Raft paper's Figure 16).

Each trial follows §9.3 of the paper:

1. Five servers (``servers``) elect a first leader. The paper's broadcast time (~15 ms:
   send a request to every server and collect the replies) is split into the network and
   the disk: a message takes 10–30 % of ``broadcast_ms`` one way (1.5–4.5 ms) and a server
   replies only after its durable write, which takes 60 % (9 ms). This split is our
   calibration (the paper gives only the total): it reproduces the paper's 150–155 ms
   median and 150–200 ms worst case closely (see ``benchmarks/raft.py``).
2. The servers get different log lengths, so some candidates are not eligible: up to a
   minority of followers miss the leader's last appends (heartbeats still reach them).
3. The leader sends a synchronized heartbeat broadcast, then crashes uniformly at random
   within its heartbeat interval (half the minimum election timeout).
4. **Downtime** is the simulated time from the crash to the moment a surviving server wins
   an election (the ``raft.elected`` event of the next leader).

Every trial is a separate simulation seeded from ``(seed, trial)``, so any single trial can
be rerun alone with :func:`downtime_trial`, and the trials run as a :func:`~.sweep.sweep`
with the trial number as the sweep's seed (so any executor gives the same list). Message
tracing is off for speed.
"""

from __future__ import annotations

import hashlib

from ..errors import InvalidArgument
from ..raft import MsgApp, RaftGroup
from ..sim import MILLISECOND, SECOND
from .sweep import Progress, sweep

GIVE_UP_S = 100.0
NETWORK_SHARE = (0.1, 0.3)
DISK_SHARE = 0.6


def leader_downtime(
    election_timeout_ms: tuple[float, float] = (150, 300),
    trials: int = 1000,
    seed: int = 0,
    servers: int = 5,
    broadcast_ms: float = 15,
    give_up_s: float = GIVE_UP_S,
    *,
    executor: str = "inprocess",
    workers: int = 2,
    progress: Progress | None = None,
) -> list[float]:
    """Downtimes in ms of ``trials`` independent leader crashes (see the module docstring for the method).

    A trial that elects no leader within ``give_up_s`` simulated seconds counts as ``give_up_s``.
    ``executor``/``workers``/``progress`` are :func:`~.sweep.sweep`'s.
    """
    if not isinstance(trials, int) or trials < 1:
        raise InvalidArgument(f"trials must be a whole number >= 1, not {trials!r}")
    params = {
        "election_timeout_ms": election_timeout_ms,
        "base_seed": seed,
        "servers": servers,
        "broadcast_ms": broadcast_ms,
        "give_up_s": give_up_s,
    }
    rows = sweep(downtime_row, [params], range(trials), executor=executor, workers=workers, progress=progress)
    return [row["downtime_ms"] for row in rows]


def downtime_row(
    election_timeout_ms: tuple[float, float],
    base_seed: int,
    servers: int,
    broadcast_ms: float,
    give_up_s: float,
    seed: int,
) -> dict[str, float]:
    """One trial as a sweep scenario: the sweep's seed is the trial number."""
    return {"downtime_ms": downtime_trial(election_timeout_ms, base_seed, seed, servers, broadcast_ms, give_up_s)}


def trial_seed(seed: int, trial: int) -> int:
    """The simulation seed of one trial, derived from (seed, trial) only."""
    digest = hashlib.sha256(f"leader_downtime:{seed}:{trial}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


def downtime_trial(
    election_timeout_ms: tuple[float, float],
    seed: int,
    trial: int,
    servers: int = 5,
    broadcast_ms: float = 15,
    give_up_s: float = GIVE_UP_S,
) -> float:
    """One trial: milliseconds from the leader's crash to the next leader's election."""
    if servers < 3:
        raise InvalidArgument(f"a leader crash needs at least 3 servers to elect another, not {servers}")
    one_way = tuple(round(broadcast_ms * MILLISECOND * share) for share in NETWORK_SHARE)
    group = RaftGroup(
        servers,
        seed=trial_seed(seed, trial),
        preset="paper",
        election_timeout_ms=election_timeout_ms,
        latency=one_way,
        disk_latency=round(broadcast_ms * MILLISECOND * DISK_SHARE),
        trace_messages=False,
    )
    sim = group.sim
    group.campaign(next(iter(group.nodes)))
    group.run(until=_leader_settled, timeout=give_up_s)
    leader = group.leader

    rng = sim.rng("whatif")
    followers = [f for f in group.nodes if f != leader]
    laggers = frozenset(rng.sample(followers, rng.randint(0, (servers - 1) // 2)))
    group.drop_messages(lambda m: type(m) is MsgApp and bool(m.entries) and m.dst in laggers)
    for number in range(rng.randint(1, 3)):
        group.propose(f"write-{number}")
    group.run(until=_leader_settled, timeout=give_up_s)
    if group.leader != leader:
        raise RuntimeError(f"trial {trial}: leadership changed before the crash; the timeouts are too short")

    group.heartbeat(leader)
    sim.run(until=sim.now + rng.randrange(group.config.heartbeat_interval))
    group.crash(leader)
    group.drop_messages(None)
    crashed_at = sim.now
    group.run(until=lambda g: g.leader is not None, timeout=give_up_s)
    return (sim.now - crashed_at) / MILLISECOND if group.leader is not None else give_up_s * SECOND / MILLISECOND


def _leader_settled(group: RaftGroup) -> bool:
    """A leader exists and has committed everything in its log."""
    leader = group.leader
    node = group.nodes[leader] if leader is not None else None
    return node is not None and node.commit == node.log.last_index
