"""The volume endpoints (moby v28.2.2 ``api/server/router/volume``), each a call to the host's volume store.

Create answers ``201`` with the volume, delete ``204`` (``force`` ignores a missing volume);
prune removes only anonymous volumes unless its filters say ``all=true`` (API 1.42+; older
clients prune every unused local volume).
"""

from __future__ import annotations

from .request import Request
from .response import Response, json_response
from .router import Route
from .versions import less_than


def volume_list(request: Request) -> Response:
    return json_response(200, request.daemon.volumes.list(request.query.filters()))


def volume_inspect(request: Request) -> Response:
    return json_response(200, request.daemon.volumes.inspect(request.vars["name"]))


def volume_create(request: Request) -> Response:
    return json_response(201, request.daemon.volumes.create(request.json("volume.CreateOptions")))


def volume_delete(request: Request) -> Response:
    request.daemon.volumes.remove(request.vars["name"], request.query.bool_value("force"))
    return Response(204)


def volume_prune(request: Request) -> Response:
    filters = request.query.filters()
    if less_than(request.version, "1.42"):
        filters["all"] = ["true"]
    return json_response(200, request.daemon.volumes.prune(filters))


ROUTES = [
    Route("GET", "/volumes", volume_list),
    Route("GET", "/volumes/{name:.*}", volume_inspect),
    Route("POST", "/volumes/create", volume_create),
    Route("POST", "/volumes/prune", volume_prune),
    Route("DELETE", "/volumes/{name:.*}", volume_delete),
]
