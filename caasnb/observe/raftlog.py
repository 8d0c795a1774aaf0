"""What swarmkit's raft (etcd's raft library, logging through dockerd with ``module=raft``) says
as managers campaign, win and step down: rules for :mod:`caasnb.observe.daemonlog`.

etcd/raft names a member by its 64-bit raft ID in hex (``%x``). SwarmKit draws that ID at
random when the manager joins; it appears nowhere else a learner can look, so here it is
derived from the host name (a fixed hash), which keeps a host's lines recognisable.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from ..sim import Event
from .daemonlog import Entry, rule

FIELDS = {"module": "raft"}


def raft_id(host: str) -> str:
    """The manager's raft ID as etcd/raft prints it (``%x`` of a uint64)."""
    return format(int.from_bytes(hashlib.blake2b(host.encode(), digest_size=8).digest(), "big"), "x")


@rule("raft.prevote")
def _pre_campaign(event: Event) -> Iterable[Entry]:
    me, term = raft_id(event.subject), event.attrs["term"] - 1
    yield "info", f"{me} is starting a new election at term {term}", FIELDS
    yield "info", f"{me} became pre-candidate at term {term}", FIELDS


@rule("raft.campaign")
def _campaign(event: Event) -> Iterable[Entry]:
    yield "info", f"{raft_id(event.subject)} became candidate at term {event.attrs['term']}", FIELDS


@rule("raft.elected")
def _elected(event: Event) -> Iterable[Entry]:
    me, term = raft_id(event.subject), event.attrs["term"]
    yield "info", f"{me} became leader at term {term}", FIELDS
    yield "info", f"raft.node: {me} elected leader {me} at term {term}", FIELDS


@rule("raft.stepdown")
def _stepdown(event: Event) -> Iterable[Entry]:
    yield "info", f"{raft_id(event.subject)} became follower at term {event.attrs['term']}", FIELDS
