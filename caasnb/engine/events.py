"""``GET /events``: the daemon's event messages (moby 28.2 ``systemRouter.getEvents``).

``since``/``until`` arrive as ``seconds[.nanoseconds]`` (the CLI converts durations and
RFC 3339 first); ``until`` before ``since`` is a 400. The answer is a stream of JSON
messages, one per line. dockerd keeps the stream open until ``until`` (or forever); here the
simulation runs until then, and without ``until`` for :data:`~.logs.FOLLOW_FOR` of
simulated time, so a notebook cell returns. Clients before API 1.46 get no ``image create``.
"""

from __future__ import annotations

from ..errors import InvalidArgument
from ..observe.dockerevents import messages, select
from ..observe.timestamps import TimestampError, parse_timestamps
from ..sim import EPOCH_NS
from .logs import FOLLOW_FOR
from .request import Request
from .response import JSON, Response, encode_json
from .router import Route
from .versions import less_than


def _instant(request: Request, name: str) -> int | None:
    """``eventTime``: a query timestamp as simulated ns, None when absent."""
    value = request.query.get(name)
    if value == "":
        return None
    try:
        return parse_timestamps(value) - EPOCH_NS
    except TimestampError as error:
        raise InvalidArgument(str(error)) from None


def events(request: Request) -> Response:
    since, until = _instant(request, "since"), _instant(request, "until")
    if until is not None and since is not None and until < since:
        raise InvalidArgument(
            f"`since` time ({request.query.get('since')}) cannot be after `until` time ({request.query.get('until')})"
        )
    filters = request.query.filters()
    sim = request.engine.cluster.sim
    start = sim.now
    end = until if until is not None else start + FOLLOW_FOR
    if end > sim.now:
        sim.run(until=end)
    daemon = request.daemon
    found = select(messages(sim.events, request.node, daemon.is_manager(), since, end), filters)
    if since is None:  # no ``since``: only what happens while the stream is open
        found = [message for message in found if message["timeNano"] - EPOCH_NS >= start]
    if less_than(request.version, "1.46"):
        found = [m for m in found if not (m["Type"] == "image" and m["Action"] == "create")]
    body = b"".join(encode_json(message) for message in found)
    return Response(
        200, {"Content-Type": JSON, "Transfer-Encoding": "chunked"}, body
    )  # a stream, as dockerd flushes it


ROUTES = [Route("GET", "/events", events)]
