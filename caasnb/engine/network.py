"""The network endpoints (moby v28.2.2 ``api/server/router/network``), each a call to the host's networks.

``GET /networks/{id}`` reads ``verbose`` with ``strconv.ParseBool`` and ``scope`` as given;
create answers ``201``, delete ``204`` with no body, connect and disconnect ``200`` empty.
API versions before 1.48 cannot ask for ``EnableIPv4``: the daemon drops it.
"""

from __future__ import annotations

from .body import expect_strings
from .request import Request
from .response import Response, empty_response, json_response
from .router import Route
from .versions import less_than


def network_list(request: Request) -> Response:
    return json_response(200, request.daemon.networks.list(request.query.filters()))


def network_inspect(request: Request) -> Response:
    verbose = request.query.parse_bool("verbose")
    scope = request.query.get("scope")
    return json_response(200, request.daemon.networks.inspect(request.vars["id"], verbose, scope))


def network_create(request: Request) -> Response:
    body = request.json("network.CreateRequest")
    expect_strings(body, "CreateRequest", "Name", "Driver", "Scope")
    if less_than(request.version, "1.48"):
        body.pop("EnableIPv4", None)
    return json_response(201, request.daemon.networks.create(body))


def network_delete(request: Request) -> Response:
    request.daemon.networks.remove(request.vars["id"])
    return Response(204)


def network_prune(request: Request) -> Response:
    return json_response(200, request.daemon.networks.prune(request.query.filters()))


def network_connect(request: Request) -> Response:
    request.daemon.networks.connect(request.vars["id"], request.json("network.ConnectOptions"))
    return empty_response()


def network_disconnect(request: Request) -> Response:
    request.daemon.networks.disconnect(request.vars["id"], request.json("network.DisconnectOptions"))
    return empty_response()


ROUTES = [
    Route("GET", "/networks", network_list),
    Route("GET", "/networks/", network_list),
    Route("GET", "/networks/{id:.+}", network_inspect),
    Route("POST", "/networks/create", network_create),
    Route("POST", "/networks/{id:.*}/connect", network_connect),
    Route("POST", "/networks/{id:.*}/disconnect", network_disconnect),
    Route("POST", "/networks/prune", network_prune),
    Route("DELETE", "/networks/{id:.*}", network_delete),
]
