"""``docker events``: the simulation's event log seen as the Engine API's event messages.

Each simulation event that Docker would report becomes one ``events.Message``
(``Type``, ``Action``, ``Actor{ID, Attributes}``, ``scope``, ``time``, ``timeNano``):
container, network, image and volume events are ``local`` and reported by the daemon of
the host they happened on; service, node and swarm-network events are ``swarm`` and
reported by managers. Attribute values are strings, as in Go's ``map[string]string``.
Filters follow moby's ``daemon/events/filter.go``: exact matches for ``type``, ``scope``
and ``event`` (fuzzy when asking for ``health_status``/``exec_*``), an ID or name prefix
for ``container``/``network``/``service``/``node``/``volume``/``daemon``, image names with
or without their tag, and ``label`` as ``key`` or ``key=value``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..sim import EPOCH_NS, SECOND, Event, EventLog

LOCAL_TYPES = ("container", "network", "image", "volume")
SWARM_TYPES = ("service", "node")
BUFFER = 256
"""``eventsLimit``: how many recent messages a daemon keeps for ``--since`` (older ones are gone)."""
HIDDEN = frozenset({"host", "task", "status", "scope"})
"""Simulation-only attributes a message does not carry."""
FUZZY_ACTIONS = frozenset({"health_status", "exec_create", "exec_start"})
NAMED_TYPES = ("daemon", "container", "plugin", "volume", "network", "service", "node", "secret", "config")


def _strings(attrs: Mapping[str, Any]) -> dict[str, str]:
    """Go's ``map[string]string`` of attributes (lists, such as prune results, are not attributes)."""
    return {
        key: str(value) for key, value in attrs.items() if key not in HIDDEN and not isinstance(value, tuple | list)
    }


class Translator:
    """Turns simulation events into event messages, remembering names the later events no longer carry."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}
        self.nodes: dict[str, dict[str, str]] = {}

    def message(self, event: Event, node: str, manager: bool) -> dict[str, Any] | None:
        """The message ``node``'s daemon reports for ``event``, or None when it reports nothing."""
        kind, _, action = event.kind.partition(".")
        attrs = event.attrs
        if kind in SWARM_TYPES or (kind == "network" and attrs.get("scope") == "swarm"):
            scope, attributes = "swarm", self._swarm_attributes(kind, action, event)
            if not manager:
                return None
        elif kind == "image" and attrs.get("host") == node:  # ``LogImageEvent``: the reference or ID as its name
            scope, attributes = "local", {"name": str(attrs.get("name", event.subject))}
        elif kind in LOCAL_TYPES and attrs.get("host") == node:
            scope, attributes = "local", _strings(attrs)
        else:
            return None
        if kind == "container" and action == "health_status":
            action = f"health_status: {attrs.get('status', '')}"
        unix_ns = EPOCH_NS + event.time
        message: dict[str, Any] = {}
        if kind in ("container", "image"):  # the deprecated fields dockerd still fills for these two
            message = {"status": action, "id": event.subject}
            if kind == "container" and attributes.get("image"):
                message["from"] = attributes["image"]
        message.update(
            Type=kind,
            Action=action,
            Actor={"ID": event.subject, "Attributes": attributes},
            scope=scope,
            time=unix_ns // SECOND,
            timeNano=unix_ns,
        )
        return message

    def _swarm_attributes(self, kind: str, action: str, event: Event) -> dict[str, str]:
        attrs = event.attrs
        if kind == "node":
            name = str(attrs.get("hostname", "")) or self.names.get(event.subject, "")
            current = {"state": str(attrs.get("state", "")), "availability": str(attrs.get("availability", ""))}
            current["role"] = str(attrs.get("role", ""))
            before = self.nodes.get(event.subject, {})
            self.nodes[event.subject] = current
            self.names[event.subject] = name
            attributes = {"name": name}
            if action == "update":
                for key, value in current.items():
                    if before.get(key, value) != value:
                        attributes[f"{key}.old"], attributes[f"{key}.new"] = before[key], value
            return attributes
        name = str(attrs.get("name", "")) or self.names.get(event.subject, "")
        self.names[event.subject] = name
        return {"name": name} if kind != "network" else {"name": name, "type": str(attrs.get("type", ""))}


def messages(
    events: EventLog, node: str, manager: bool, since: int | None = None, until: int | None = None
) -> list[dict[str, Any]]:
    """The buffered messages ``node`` reports for events in ``[since, until]`` (simulated ns), oldest first.

    Like dockerd, a daemon only remembers its :data:`BUFFER` most recent messages.
    """
    translator = Translator()
    reported = []
    for event in events.query(kind=(*LOCAL_TYPES, *SWARM_TYPES)):
        message = translator.message(event, node, manager)
        if message is not None:
            reported.append((event.time, message))
    return [
        message
        for time, message in reported[-BUFFER:]
        if (since is None or time >= since) and (until is None or time <= until)
    ]


def _exact(filters: Mapping[str, list[str]], key: str, value: str) -> bool:
    wanted = filters.get(key)
    return not wanted or value in wanted


def _fuzzy(filters: Mapping[str, list[str]], key: str, value: str) -> bool:
    wanted = filters.get(key)
    return not wanted or any(value.startswith(prefix) for prefix in wanted)


def _familiar(image: str) -> str:
    """``reference.FamiliarName``: the repository without tag, digest, ``docker.io/`` or ``library/``."""
    name = image.split("@")[0]
    if ":" in name.rsplit("/", 1)[-1]:
        name = name.rsplit(":", 1)[0]
    for prefix in ("docker.io/", "library/"):
        name = name.removeprefix(prefix)
    return name


def _labels(filters: Mapping[str, list[str]], attributes: Mapping[str, str]) -> bool:
    wanted = filters.get("label")
    if not wanted:
        return True
    for value in wanted:
        key, has_value, expected = value.partition("=")
        if key not in attributes or (has_value and attributes[key] != expected):
            return False
    return True


def include(message: Mapping[str, Any], filters: Mapping[str, list[str]]) -> bool:
    """``Filter.Include``: whether a message passes every filter."""
    actor, kind, action = message["Actor"], message["Type"], message["Action"]
    attributes = actor["Attributes"]
    fuzzy_event = any(value in FUZZY_ACTIONS for value in filters.get("event", ()))
    if not (_fuzzy if fuzzy_event else _exact)(filters, "event", action):
        return False
    if not (_exact(filters, "type", kind) and _exact(filters, "scope", message["scope"])):
        return False
    for named in NAMED_TYPES:  # moby's fuzzyMatchName: whatever the event's type, by actor ID or name prefix
        if not (_fuzzy(filters, named, actor["ID"]) or _fuzzy(filters, named, attributes.get("name", ""))):
            return False
    if "image" in filters:
        image = attributes.get("name" if kind == "image" else "image", "")
        candidates = (actor["ID"], image, _familiar(actor["ID"]), _familiar(image))
        if not any(candidate in filters["image"] for candidate in candidates):
            return False
    return _labels(filters, attributes)


def select(found: Iterable[dict[str, Any]], filters: Mapping[str, list[str]]) -> list[dict[str, Any]]:
    """The messages that pass ``filters``."""
    return [message for message in found if include(message, filters)]
