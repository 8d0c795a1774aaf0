"""``advance``: the ``run(...)`` that Cluster, RaftGroup and the others offer learners.

Either a duration in simulated seconds, or a condition on the object checked after every
timer, with a timeout so a condition that never holds cannot hang a notebook.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from ..errors import InvalidArgument
from .durations import seconds
from .kernel import Simulation

T = TypeVar("T")


def advance(
    sim: Simulation,
    subject: T,
    duration: float | None = None,
    until: Callable[[T], bool] | None = None,
    timeout: float = 600.0,
) -> bool:
    """Run ``sim`` for ``duration`` seconds, or until ``until(subject)`` holds within ``timeout`` seconds.

    Returns whether the condition held (always True for a plain duration); on a timeout the
    clock stops exactly at the deadline.
    """
    if (duration is None) == (until is None):
        raise InvalidArgument("run() takes a duration in seconds or until=condition, not both")
    if until is None:
        if duration < 0:
            raise InvalidArgument(f"cannot run for a negative duration: {duration}")
        sim.run(until=sim.now + seconds(duration))
        return True
    deadline = sim.now + seconds(timeout)
    while not until(subject):
        upcoming = sim.peek()
        if upcoming is None or upcoming > deadline:
            sim.run(until=deadline)
            return bool(until(subject))
        sim.step()
    return True
