"""Routes and the middleware chain of dockerd 28.2.2 (``api/server/server.go``, gorilla/mux).

Every route answers at ``/PATH`` and ``/v{version}/PATH``. A path no route matches, or a
matched path with the wrong method, is ``404 {"message":"page not found"}`` (dockerd sets
``MethodNotAllowedHandler`` to its not-found handler) and carries none of the middleware
headers. A routed request gets ``Server``, ``Api-Version`` and ``Ostype`` from the version
middleware, which then refuses versions outside 1.24..1.50; only after that does the
experimental middleware add ``Docker-Experimental``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from ..errors import DockerError
from ..swarm.daemon import ENGINE_VERSION
from .request import Request
from .response import Response, error_response, json_response
from .versions import API_VERSION, check_version, less_than

Handler = Callable[[Request], Response]

_VERSIONED = re.compile(r"/v(?P<version>[0-9.]+)(?P<path>/.*)", re.DOTALL)
_VARIABLE = re.compile(r"\{(\w+)(?::([^}]*))?\}")


@dataclass(frozen=True)
class Route:
    """``method`` + a gorilla/mux path template (``/services/{id}``, ``/{anyroute:.*}``)."""

    method: str
    template: str
    handler: Handler

    @property
    def pattern(self) -> re.Pattern[str]:
        parts, last = [], 0
        for match in _VARIABLE.finditer(self.template):
            parts += [re.escape(self.template[last : match.start()]), f"(?P<{match[1]}>{match[2] or '[^/]+'})"]
            last = match.end()
        return re.compile("".join([*parts, re.escape(self.template[last:])]), re.DOTALL)


def not_found() -> Response:
    return json_response(404, {"message": "page not found"})


class Router:
    """The ordered route table; the first route whose method and path match serves the request."""

    def __init__(self, routes: list[Route]) -> None:
        self.routes = [(route, route.pattern) for route in routes]

    def match(self, method: str, path: str) -> tuple[Route, dict[str, str]] | None:
        for route, pattern in self.routes:
            if route.method == method and (found := pattern.fullmatch(path)):
                return route, found.groupdict()
        return None

    def serve(self, request: Request) -> Response:
        """Route ``request`` (its ``path`` may start with ``/vX.Y``) and run the middleware chain."""
        versioned = _VERSIONED.fullmatch(request.path)
        path, version = (versioned["path"], versioned["version"]) if versioned else (request.path, "")
        found = self.match(request.method, path)
        if found is None:
            return not_found()
        route, variables = found
        headers = {"Api-Version": API_VERSION, "Ostype": "linux", "Server": f"Docker/{ENGINE_VERSION} (linux)"}
        try:
            check_version(version or API_VERSION)
            headers["Docker-Experimental"] = "false"
            negotiated = replace(request, path=path, version=version or API_VERSION, vars=variables)
            response = route.handler(negotiated)
        except DockerError as error:
            response = error_response(error, plain=bool(version) and less_than(version, "1.24"))
        return Response(response.status, {**headers, **response.headers}, response.body)
