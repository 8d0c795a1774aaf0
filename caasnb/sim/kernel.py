"""The clock and event kernel: a heap of timers, seeded random streams, one event log.

Time is an integer count of nanoseconds (``sim.now``), never the wall clock; ties are
broken by the order in which timers were scheduled, so a run is fully determined by
its seed and the actions taken (DESIGN rule 2). The hot path is a plain heap of
``[time, seq, callback, args]`` lists: no coroutines, no allocation beyond the entry.
"""

from __future__ import annotations

import hashlib
import random
from heapq import heappop, heappush
from typing import Any, Callable

from .events import Event, EventLog

_CANCELLED = None


class Timer(list):
    """A scheduled callback; ``cancel()`` it before it fires and it never runs.

    It *is* the heap entry ``[time, seq, callback, args]`` (a list, so the heap orders by
    time then sequence), which keeps scheduling to one allocation.
    """

    __slots__ = ()

    @property
    def time(self) -> int:
        """When it fires (ns)."""
        return self[0]

    @property
    def cancelled(self) -> bool:
        return self[2] is _CANCELLED

    def cancel(self) -> None:
        """Make sure the callback never runs (harmless if it already ran)."""
        self[2] = _CANCELLED
        self[3] = ()


class Simulation:
    """A deterministic discrete-event simulation.

    ``Simulation(seed)`` has a clock ``now`` (ns), a timer heap (``schedule``/``at``,
    ``step``, ``run``), named random streams (``rng``) and an event log (``events``,
    ``emit``).
    """

    def __init__(self, seed: int = 0) -> None:
        if not isinstance(seed, int) or isinstance(seed, bool):
            raise TypeError(f"seed must be an int, not {type(seed).__name__}")
        self.seed = seed
        self.now = 0
        self.events = EventLog()
        self._heap: list[Timer] = []
        self._seq = 0
        self._streams: dict[str, random.Random] = {}

    # -- timers -------------------------------------------------------------------
    def schedule(self, delay: int, callback: Callable[..., Any], *args: Any) -> Timer:
        """Run ``callback(*args)`` ``delay`` nanoseconds from now; returns a cancellable :class:`Timer`."""
        if delay < 0:
            raise ValueError(f"cannot schedule {delay} ns in the past")
        self._seq += 1
        timer = Timer((self.now + delay, self._seq, callback, args))
        heappush(self._heap, timer)
        return timer

    def at(self, time: int, callback: Callable[..., Any], *args: Any) -> Timer:
        """Run ``callback(*args)`` at absolute time ``time`` (ns, not before now)."""
        return self.schedule(time - self.now, callback, *args)

    def peek(self) -> int | None:
        """When the next live timer fires, or None when nothing is scheduled."""
        heap = self._heap
        while heap and heap[0][2] is _CANCELLED:
            heappop(heap)
        return heap[0][0] if heap else None

    def step(self) -> bool:
        """Fire the next live timer; False when there was none."""
        heap = self._heap
        while heap:
            time, _, callback, args = heappop(heap)
            if callback is not _CANCELLED:
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
        horizon = float("inf") if until is None else until
        while heap:
            entry = heap[0]
            if entry[0] > horizon:
                break
            heappop(heap)
            callback = entry[2]
            if callback is _CANCELLED:
                continue
            self.now = entry[0]
            callback(*entry[3])
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
