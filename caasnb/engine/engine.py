"""``Engine``: the Docker Engine API of every host of a cluster, as pure request handlers.

``engine.request(node, method, path, ...)`` is one HTTP exchange with the dockerd of host
``node``: it never raises for what a client sends, it answers with the status, headers and
body dockerd would. ``engine.call(...)`` is the client's side (what docker's API client
does with that answer): the decoded JSON, or the daemon's error raised again as a
:class:`~caasnb.errors.DockerError` of the same status. A host whose machine is down
answers nothing: the client gets docker's "Cannot connect to the Docker daemon" error.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .. import errors
from . import containers, diskusage, events, images, logs, network, stats, swarm, system, volumes
from .query import Query
from .request import Request
from .response import JSON, Response
from .router import Router

ROUTER = Router(
    system.ROUTES
    + swarm.ROUTES
    + network.ROUTES
    + containers.ROUTES
    + logs.ROUTES
    + events.ROUTES
    + images.ROUTES
    + volumes.ROUTES
    + stats.ROUTES
    + diskusage.ROUTES
)
DOCKER_HOST = "unix:///var/run/docker.sock"
CANNOT_CONNECT = f"Cannot connect to the Docker daemon at {DOCKER_HOST}. Is the docker daemon running?"
_KINDS = (errors.InvalidArgument, errors.Forbidden, errors.NotFound, errors.Conflict, errors.NotImplementedByDaemon)
_ERRORS = {kind.status: kind for kind in (*_KINDS, errors.Unavailable)}


def error_from(response: Response) -> errors.DockerError:
    """The error docker's client makes of an error response: its message, typed by its status."""
    body = response.json() if response.headers.get("Content-Type") == JSON else None
    message = body.get("message", "") if isinstance(body, dict) else response.text.strip()
    error = _ERRORS.get(response.status, errors.DockerError)(message)
    error.status = response.status
    return error


class Engine:
    """The Engine API over ``cluster``: a pure function of the cluster's state and the request."""

    def __init__(self, cluster: Any) -> None:
        self.cluster = cluster

    def request(
        self,
        node: str,
        method: str,
        path: str,
        query: Mapping[str, Any] | None = None,
        body: Any = None,
        headers: Mapping[str, str] | None = None,
    ) -> Response:
        """Send one request to host ``node``'s daemon. ``path`` may carry ``/vX.Y`` and ``?query``.

        ``body`` is raw JSON (bytes or str, read as dockerd reads it) or already decoded JSON.
        """
        if not self.cluster.host(node).up:
            raise errors.ClientError(CANNOT_CONNECT)
        route_path, _, raw_query = path.partition("?")
        request = Request(self, node, method, route_path, "", Query.parse(query, raw_query), headers or {}, body)
        return ROUTER.serve(request)

    def call(
        self,
        node: str,
        method: str,
        path: str,
        *,
        query: Mapping[str, Any] | None = None,
        body: Any = None,
        headers: Mapping[str, str] | None = None,
    ) -> Any:
        """The decoded JSON answer of one request (text when not JSON, None when empty); the daemon's error raised."""
        response = self.request(node, method, path, query, body, headers)
        if response.status >= 400:
            raise error_from(response)
        return response.json() if response.headers.get("Content-Type") == JSON else response.text or None
