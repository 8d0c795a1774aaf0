"""The event log: the single source of truth of a run (DESIGN rule 3).

Every state change in the simulation appends one frozen :class:`Event`. Logs, metrics,
``docker events``, widget animations and test assertions are all views of this log, and
:meth:`EventLog.trace_hash` fingerprints a whole run: same seed and same actions give
byte-identical JSON lines and so the same hash.
"""

from __future__ import annotations

import hashlib
import json
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any


@dataclass(frozen=True, slots=True)
class Event:
    """One state change: when (ns), what kind (dotted, e.g. ``raft.elected``), about what, and details."""

    time: int
    kind: str
    subject: str
    attrs: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "attrs", MappingProxyType(dict(self.attrs)))

    def to_json(self) -> str:
        """Canonical JSON: sorted keys, no spaces, so equal events give equal bytes."""
        record = {"time": self.time, "kind": self.kind, "subject": self.subject, "attrs": dict(self.attrs)}
        return json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)

    def matches_kind(self, kinds: tuple[str, ...]) -> bool:
        """True when this event's kind is one of ``kinds`` or lies under one (``raft`` matches ``raft.vote``)."""
        return any(self.kind == k or self.kind.startswith(k + ".") for k in kinds)


Subscriber = Callable[[Event], None]


class EventLog:
    """An append-only, time-ordered list of events with queries, subscribers and a fingerprint."""

    def __init__(self) -> None:
        self._events: list[Event] = []
        self._times: list[int] = []
        self._subscribers: list[Subscriber] = []
        self._hash = hashlib.sha256()
        self._hashed = 0

    def append(self, event: Event) -> Event:
        """Add an event (never earlier than the last one) and tell every subscriber."""
        if self._times and event.time < self._times[-1]:
            raise ValueError(f"event at {event.time} ns is earlier than the last one at {self._times[-1]} ns")
        self._events.append(event)
        self._times.append(event.time)
        for subscriber in tuple(self._subscribers):
            subscriber(event)
        return event

    def subscribe(self, callback: Subscriber) -> Callable[[], None]:
        """Call ``callback(event)`` for every new event; returns a function that unsubscribes."""
        self._subscribers.append(callback)

        def unsubscribe() -> None:
            if callback in self._subscribers:
                self._subscribers.remove(callback)

        return unsubscribe

    def __len__(self) -> int:
        return len(self._events)

    def __iter__(self) -> Iterator[Event]:
        return iter(self._events)

    def __getitem__(self, index):
        return self._events[index]

    def query(
        self,
        kind: str | tuple[str, ...] | None = None,
        subject: str | None = None,
        since: int | None = None,
        until: int | None = None,
        where: Callable[[Event], bool] | None = None,
    ) -> list[Event]:
        """Events of a kind (or kind prefix, or several), about a subject, in ``[since, until]`` ns."""
        lo = 0 if since is None else bisect_left(self._times, since)
        hi = len(self._times) if until is None else bisect_right(self._times, until)
        kinds = (kind,) if isinstance(kind, str) else kind
        found = []
        for event in self._events[lo:hi]:
            if kinds is not None and not event.matches_kind(kinds):
                continue
            if subject is not None and event.subject != subject:
                continue
            if where is not None and not where(event):
                continue
            found.append(event)
        return found

    def kinds(self) -> list[str]:
        """The distinct kinds seen so far, sorted."""
        return sorted({event.kind for event in self._events})

    def to_jsonl(self) -> str:
        """The whole log as canonical JSON lines (one event a line, newline-terminated)."""
        return "".join(event.to_json() + "\n" for event in self._events)

    def trace_hash(self) -> str:
        """sha256 (hex) of :meth:`to_jsonl`; updated incrementally, so cheap to call often."""
        for event in self._events[self._hashed :]:
            self._hash.update((event.to_json() + "\n").encode())
        self._hashed = len(self._events)
        return self._hash.hexdigest()
