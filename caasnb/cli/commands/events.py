"""``docker events`` and ``docker system events`` (docker/cli v28.2.2 ``cli/command/system/events.go``).

Without ``--format`` each message prints as ``TIME TYPE ACTION ACTOR-ID (k=v, ...)`` with
the attributes sorted by key and the time in RFC 3339 with nine fraction digits;
``--format`` runs a Go template over the ``events.Message`` (``json`` for its JSON). A bad
template exits 64 with ``Error parsing format: ...``. The daemon streams until ``--until``
(the simulation runs until then) or, without it, for a bounded simulated while.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ...errors import ClientError
from ...golang.timefmt import rfc3339nano_fixed
from ...sim import SECOND
from .. import INSPECT_FORMAT_HELP, NO_ARGS, STRING, Command, Flag, Invocation, register
from ..gotemplate import Template, TemplateError
from ..templatefuncs import BASIC_FUNCTIONS
from .client import Client, filters_query
from .options import filter_flag, filter_lists
from .streams import json_lines, stream, timestamp


@dataclass
class Actor:
    """``events.Actor``."""

    ID: str
    Attributes: dict[str, str] = field(default_factory=dict)
    go_type = "events.Actor"

    def go_struct(self) -> dict[str, Any]:
        return {"ID": self.ID, "Attributes": dict(sorted(self.Attributes.items()))}


@dataclass
class Message:
    """``events.Message`` as a template sees it (Go field names; JSON names in ``go_struct``)."""

    raw: dict[str, Any]
    go_type = "events.Message"

    Status = property(lambda self: self.raw.get("status", ""))
    ID = property(lambda self: self.raw.get("id", ""))
    From = property(lambda self: self.raw.get("from", ""))
    Type = property(lambda self: self.raw.get("Type", ""))
    Action = property(lambda self: self.raw.get("Action", ""))
    Actor = property(lambda self: Actor(self.raw["Actor"]["ID"], dict(self.raw["Actor"]["Attributes"])))
    Scope = property(lambda self: self.raw.get("scope", ""))
    Time = property(lambda self: self.raw.get("time", 0))
    TimeNano = property(lambda self: self.raw.get("timeNano", 0))

    def go_struct(self) -> dict[str, Any]:
        """The JSON fields in the struct's order (``omitempty`` ones only when set)."""
        names = ("status", "id", "from", "Type", "Action", "Actor", "scope", "time", "timeNano")
        fields = {name: self.raw.get(name, "") for name in names if self.raw.get(name) or name in ("Type", "Action")}
        fields["Actor"] = self.Actor
        return fields


def pretty(message: dict[str, Any]) -> str:
    """``prettyPrintEvent``."""
    line = ""
    if message.get("timeNano"):
        line = rfc3339nano_fixed(message["timeNano"]) + " "
    elif message.get("time"):
        line = rfc3339nano_fixed(message["time"] * SECOND) + " "
    actor = message["Actor"]
    line += f"{message['Type']} {message['Action']} {actor['ID']}"
    attributes = actor.get("Attributes") or {}
    if attributes:
        line += " (" + ", ".join(f"{key}={attributes[key]}" for key in sorted(attributes)) + ")"
    return line + "\n"


def _template(format_text: str) -> Template | None:
    if not format_text:
        return None
    text = "{{json .}}" if format_text == "json" else format_text
    try:
        template = Template("", text, BASIC_FUNCTIONS)
        template.execute(Message({"Actor": {"ID": "", "Attributes": {}}}))
    except TemplateError as error:
        raise ClientError(f"Error parsing format: {error}", exit_code=64) from None
    return template


def run_events(invocation: Invocation) -> None:
    client, flag = Client(invocation), invocation.flag
    template = _template(flag("format"))
    query = {name: timestamp(client, flag(name)) for name in ("since", "until") if flag(name)}
    query.update(filters_query(filter_lists(flag("filter"))))
    _, body = stream(client, "/events", query)
    for message in json_lines(body):
        invocation.out.write(pretty(message) if template is None else template.execute(Message(message)) + "\n")


def events_command() -> Command:
    return Command(
        "events [OPTIONS]",
        "Get real time events from the server",
        run=run_events,
        args=NO_ARGS,
        aliases_text="docker system events, docker events",
        flags=(
            Flag("since", STRING, "Show all events created since timestamp"),
            Flag("until", STRING, "Stream events until this timestamp"),
            filter_flag(),
            Flag("format", STRING, INSPECT_FORMAT_HELP),
        ),
    )


register(events_command(), Command("system", "Manage Docker"))
register(events_command(), under="system")
