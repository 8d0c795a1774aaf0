"""caasnb.raft — Raft consensus as a pure state machine, a simulated group that drives it, and a safety checker.

``RaftNode`` is sans-IO (``step``/``tick``/``propose``/``ready``); ``RaftGroup`` runs
nodes on a :class:`~caasnb.sim.Simulation` over a :class:`~caasnb.net.Underlay`;
``SafetyChecker`` verifies Raft's five safety properties while it runs.
"""

from .check import SafetyChecker, SafetyViolation
from .config import RaftConfig
from .group import RaftGroup
from .messages import (
    ConfChange,
    Entry,
    HardState,
    Message,
    MsgApp,
    MsgAppResp,
    MsgHeartbeat,
    MsgHeartbeatResp,
    MsgPreVote,
    MsgPreVoteResp,
    MsgSnap,
    MsgVote,
    MsgVoteResp,
    Snapshot,
)
from .node import CANDIDATE, FOLLOWER, LEADER, PRE_CANDIDATE, Progress, RaftNode, Ready
from .storage import MemoryStorage

__all__ = [
    "CANDIDATE",
    "FOLLOWER",
    "LEADER",
    "PRE_CANDIDATE",
    "ConfChange",
    "Entry",
    "HardState",
    "MemoryStorage",
    "Message",
    "MsgApp",
    "MsgAppResp",
    "MsgHeartbeat",
    "MsgHeartbeatResp",
    "MsgPreVote",
    "MsgPreVoteResp",
    "MsgSnap",
    "MsgVote",
    "MsgVoteResp",
    "Progress",
    "RaftConfig",
    "RaftGroup",
    "RaftNode",
    "Ready",
    "SafetyChecker",
    "SafetyViolation",
    "Snapshot",
]
