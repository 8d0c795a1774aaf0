"""The swarm, node, service and task endpoints, each a thin call to the node's swarm daemon.

Handlers read parameters as dockerd's ``api/server/router/swarm/cluster_routes.go`` does
(names, parsers and error texts), hand decoded JSON to the ``Daemon`` method the contract
names, and write its answer with the route's status code. Writes that answer nothing are
``200`` with an empty body, as Go's server sends for a handler that wrote nothing.
"""

from __future__ import annotations

from .compat import adjust_for_version
from .request import Request
from .response import Response, empty_response, json_response
from .router import Route
from .versions import less_than


def _spec(request: Request, go_type: str) -> dict:
    return adjust_for_version(request.json(go_type), go_type, request.version)


def swarm_init(request: Request) -> Response:
    return json_response(200, request.daemon.swarm_init(_spec(request, "swarm.InitRequest")))


def swarm_join(request: Request) -> Response:
    request.daemon.swarm_join(request.json("swarm.JoinRequest"))
    return empty_response()


def swarm_leave(request: Request) -> Response:
    request.daemon.swarm_leave(request.query.bool_value("force"))
    return empty_response()


def swarm_inspect(request: Request) -> Response:
    return json_response(200, request.daemon.swarm_inspect())


def swarm_unlock_key(request: Request) -> Response:
    return json_response(200, request.daemon.swarm_unlock_key())


def swarm_update(request: Request) -> Response:
    spec, query = request.json("swarm.Spec"), request.query
    version = query.version("swarm")
    rotations = {
        "rotate_worker_token": query.parse_bool("rotateWorkerToken"),
        "rotate_manager_token": query.parse_bool("rotateManagerToken"),
        "rotate_manager_unlock_key": query.parse_bool("rotateManagerUnlockKey"),
    }
    request.daemon.swarm_update(spec, version, **rotations)
    return empty_response()


def swarm_unlock(request: Request) -> Response:
    request.daemon.swarm_unlock(request.json("swarm.UnlockRequest"))
    return empty_response()


def node_list(request: Request) -> Response:
    return json_response(200, request.daemon.node_list(request.query.filters()))


def node_inspect(request: Request) -> Response:
    return json_response(200, request.daemon.node_inspect(request.vars["id"]))


def node_update(request: Request) -> Response:
    spec = request.json("swarm.NodeSpec")
    request.daemon.node_update(request.vars["id"], request.query.version("node"), spec)
    return empty_response()


def node_delete(request: Request) -> Response:
    request.daemon.node_delete(request.vars["id"], request.query.bool_value("force"))
    return empty_response()


def service_list(request: Request) -> Response:
    filters = request.query.filters()
    status = not less_than(request.version, "1.41") and request.query.parse_bool("status", wrap=True)
    return json_response(200, request.daemon.service_list(filters, status))


def service_inspect(request: Request) -> Response:
    insert_defaults = request.query.parse_bool("insertDefaults", wrap=True)
    return json_response(200, request.daemon.service_inspect(request.vars["id"], insert_defaults))


def service_create(request: Request) -> Response:
    spec = _spec(request, "swarm.ServiceSpec")
    return json_response(201, request.daemon.service_create(spec, request.header("X-Registry-Auth") or None))


def service_update(request: Request) -> Response:
    spec, query = _spec(request, "swarm.ServiceSpec"), request.query
    answer = request.daemon.service_update(
        request.vars["id"],
        query.version("service"),
        spec,
        registry_auth_from=query.get("registryAuthFrom") or "spec",
        rollback=query.get("rollback") or None,
        registry_auth=request.header("X-Registry-Auth") or None,
    )
    return json_response(200, answer)


def service_delete(request: Request) -> Response:
    request.daemon.service_delete(request.vars["id"])
    return empty_response()


def task_list(request: Request) -> Response:
    return json_response(200, request.daemon.task_list(request.query.filters()))


def task_inspect(request: Request) -> Response:
    return json_response(200, request.daemon.task_inspect(request.vars["id"]))


ROUTES = [
    Route("POST", "/swarm/init", swarm_init),
    Route("POST", "/swarm/join", swarm_join),
    Route("POST", "/swarm/leave", swarm_leave),
    Route("GET", "/swarm", swarm_inspect),
    Route("GET", "/swarm/unlockkey", swarm_unlock_key),
    Route("POST", "/swarm/update", swarm_update),
    Route("POST", "/swarm/unlock", swarm_unlock),
    Route("GET", "/services", service_list),
    Route("GET", "/services/{id}", service_inspect),
    Route("POST", "/services/create", service_create),
    Route("POST", "/services/{id}/update", service_update),
    Route("DELETE", "/services/{id}", service_delete),
    Route("GET", "/nodes", node_list),
    Route("GET", "/nodes/{id}", node_inspect),
    Route("DELETE", "/nodes/{id}", node_delete),
    Route("POST", "/nodes/{id}/update", node_update),
    Route("GET", "/tasks", task_list),
    Route("GET", "/tasks/{id}", task_inspect),
]
