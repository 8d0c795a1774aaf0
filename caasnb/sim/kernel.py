"""The clock and event kernel: a heap of timers, seeded random streams, one event log.

Time is an integer count of nanoseconds (``sim.now``), never the wall clock; ties are
broken by the order in which timers were scheduled, so a run is fully determined by
its seed and the actions taken (DESIGN rule 2). The hot path is a plain heap of
``[time, seq, callback, args]`` lists: no coroutines, no allocation beyond the entry
(``benchmarks/sim_kernel.py`` measures it against SimPy and a bare heapq loop).
"""

from __future__ import annotations

import hashlib
import itertools
import random
from collections.abc import Callable
from heapq import heappop, heappush
from typing import Any

from .events import Event, EventLog

Timer = list
"""A scheduled callback: the heap entry ``[time, seq, callback, args]`` itself.

A plain list keeps scheduling to one cheap allocation and lets the heap order entries
by time, then by sequence number. Pass it to :meth:`Simulation.cancel` to call it off.
"""


class Simulation:
    """A deterministic discrete-event simulation.

    ``Simulation(seed)`` has a clock ``now`` (ns), a timer heap (``schedule``/``at``,
    ``step``, ``run``), named random streams (``rng``) and an event log (``events``,
    ``emit``).
    """

    __slots__ = ("seed", "now", "events", "_heap", "_seq", "_streams")

    def __init__(self, seed: int = 0) -> None:
        if not isinstance(seed, int) or isinstance(seed, bool):
            raise TypeError(f"seed must be an int, not {type(seed).__name__}")
        self.seed = seed
        self.now = 0
        self.events = EventLog()
        self._heap: list[Timer] = []
        self._seq = itertools.count()
        self._streams: dict[str, random.Random] = {}

    # -- timers -------------------------------------------------------------------
    def schedule(self, delay: int, callback: Callable[..., Any], *args: Any) -> Timer:
        """Run ``callback(*args)`` ``delay`` nanoseconds from now; returns a cancellable :class:`Timer`."""
        if delay < 0:
            raise ValueError(f"cannot schedule {delay} ns in the past")
        timer = [self.now + delay, next(self._seq), callback, args]
        heappush(self._heap, timer)
        return timer

    @staticmethod
    def cancel(timer: Timer) -> None:
        """Make sure a scheduled callback never runs (harmless if it already ran)."""
        timer[2] = None
        timer[3] = ()

    def at(self, time: int, callback: Callable[..., Any], *args: Any) -> Timer:
        """Run ``callback(*args)`` at absolute time ``time`` (ns, not before now)."""
        return self.schedule(time - self.now, callback, *args)

    def peek(self) -> int | None:
        """When the next live timer fires, or None when nothing is scheduled."""
        heap = self._heap
        while heap and heap[0][2] is None:
            heappop(heap)
        return heap[0][0] if heap else None

    def step(self) -> bool:
        """Fire the next live timer; False when there was none."""
        heap = self._heap
        while heap:
            time, _, callback, args = heappop(heap)
            if callback is not None:
                self.now = time
                callback(*args)
                return True
        return False

    def run(self, until: int | None = None) -> int:
        """Fire timers in order up to and including time ``until`` (ns), then set the clock there.

        Without ``until`` it runs until no timer is left. Returns how many timers fired.
        """
        if until is not None and until < self.now:
            raise ValueError(f"cannot run until {until} ns: the clock is already at {self.now} ns")
        heap = self._heap
        fired = 0
        while heap and (until is None or heap[0][0] <= until):
            time, _, callback, args = heappop(heap)
            if callback is not None:
                self.now = time
                callback(*args)
                fired += 1
        if until is not None:
            self.now = until
        return fired

    # -- randomness ---------------------------------------------------------------
    def rng(self, name: str) -> random.Random:
        """The random stream called ``name``: derived from (seed, name) only, so streams never shift each other."""
        stream = self._streams.get(name)
        if stream is None:
            digest = hashlib.sha256(f"caasnb:{self.seed}:{name}".encode()).digest()
            stream = self._streams[name] = random.Random(int.from_bytes(digest, "big"))
        return stream

    # -- events -------------------------------------------------------------------
    def emit(self, kind: str, subject: str, **attrs: Any) -> Event:
        """Record that ``subject`` changed (an event of ``kind`` at ``now``)."""
        return self.events.append(Event(self.now, kind, subject, attrs))

    def trace_hash(self) -> str:
        """Fingerprint of the run so far (sha256 of the canonical event log)."""
        return self.events.trace_hash()

    def __repr__(self) -> str:
        return f"Simulation(seed={self.seed}, now={self.now} ns, events={len(self.events)})"
