"""One event-log subscription per simulation, handing each event only to those who asked for its kind.

Every host has a log hub and a program model; subscribing each to the whole event log
would call every one of them for every event (hosts × events calls, most of them to say
"not mine"). :func:`on` registers a handler for some event kinds (optionally only about one
subject, such as a container); the simulation's one dispatcher looks the kind (and subject)
up and calls only those handlers. A handler may also ask only for the events about one host
(the ``host`` attribute every container event carries), so a host's models hear their own containers.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable

from ..sim import Event, EventLog, Simulation

Handler = Callable[[Event], None]
Key = str | tuple[str, str] | tuple[str, str, str]


class Dispatcher:
    """The handlers of one simulation, by event kind."""

    def __init__(self, sim: Simulation) -> None:
        self.handlers: dict[Key, list[Handler]] = {}
        sim.events.subscribe(self._dispatch)

    def _dispatch(self, event: Event) -> None:
        handlers = self.handlers
        for handler in handlers.get(event.kind, ()):
            handler(event)
        for handler in handlers.get((event.kind, event.subject), ()):
            handler(event)
        host = event.attrs.get("host")
        if host is not None:
            for handler in handlers.get((event.kind, "host", host), ()):
                handler(event)

    def on(
        self, kinds: Iterable[str], handler: Handler, subject: str | None = None, host: str | None = None
    ) -> Callable[[], None]:
        keys = [_key(kind, subject, host) for kind in kinds]
        for key in keys:
            self.handlers.setdefault(key, []).append(handler)

        def off() -> None:
            for key in keys:
                found = self.handlers.get(key, [])
                if handler in found:
                    found.remove(handler)
                if not found:
                    self.handlers.pop(key, None)

        return off


def _key(kind: str, subject: str | None, host: str | None) -> Key:
    if subject is not None:
        return (kind, subject)
    return kind if host is None else (kind, "host", host)


_DISPATCHERS: weakref.WeakKeyDictionary[EventLog, Dispatcher] = weakref.WeakKeyDictionary()


def on(
    sim: Simulation, kinds: Iterable[str], handler: Handler, subject: str | None = None, host: str | None = None
) -> Callable[[], None]:
    """Call ``handler(event)`` for each new event of one of ``kinds`` (about ``subject``, or with attribute
    ``host``, when given); returns a function that stops it."""
    dispatcher = _DISPATCHERS.get(sim.events)
    if dispatcher is None:
        dispatcher = _DISPATCHERS[sim.events] = Dispatcher(sim)
    return dispatcher.on(kinds, handler, subject, host)
