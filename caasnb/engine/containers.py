"""The container endpoints (moby v28.2.2 ``api/server/router/container``), each a call to the host's runtime.

``POST /containers/create`` answers 201; start, stop, restart, kill, pause and unpause 204
(start and stop 304 when the container already is in that state); ``DELETE`` 204; wait 200
with ``{"StatusCode", "Error"}``. Stop, restart and wait block as dockerd does: the
simulation runs until the container has stopped (a process that ignores the stop signal is
killed after the timeout). Exec instances are created, started and inspected by ID.
"""

from __future__ import annotations

from typing import Any

from ..containers import NotModified
from ..errors import InvalidArgument
from ..observe import LogLine, LogsOptions
from ..sim import SECOND
from .logs import MULTIPLEXED, POLL, RAW, frame
from .request import Request
from .response import Response, json_response
from .router import Route

WAIT_LIMIT = 3600 * SECOND  # a wait on a container that never ends gives up after an hour of simulated time
ATTACH_LIMIT = 60 * SECOND  # ``docker run`` in the foreground: a notebook cell must end


def _runtime(request: Request) -> Any:
    return request.daemon.containers


def _int(request: Request, name: str, default: int | None = None) -> int | None:
    text = request.query.get(name)
    if not text:
        return default
    try:
        return int(text)
    except ValueError:
        raise InvalidArgument(f"invalid value for {name}: {text}") from None


def _wait_stopped(request: Request, container: Any, limit: int = WAIT_LIMIT) -> None:
    runtime = _runtime(request)
    deadline = request.engine.cluster.sim.now + limit
    sim = request.engine.cluster.sim
    while not runtime.settled(container) and sim.now < deadline:
        if sim.peek() is None or sim.peek() > deadline:
            sim.run(until=deadline)
            break
        sim.step()


def container_create(request: Request) -> Response:
    body = request.json("container.CreateRequest")
    return json_response(201, _runtime(request).create(body, request.query.get("name")))


def container_list(request: Request) -> Response:
    query = request.query
    rows = _runtime(request).list(
        all=query.bool_value("all"), filters=query.filters(), limit=_int(request, "limit", -1),
        size=query.bool_value("size"),
    )  # fmt: skip
    return json_response(200, rows)


def container_inspect(request: Request) -> Response:
    return json_response(200, _runtime(request).inspect(request.vars["id"], size=request.query.bool_value("size")))


def _no_content(action) -> Response:
    try:
        action()
    except NotModified:
        return Response(304)
    return Response(204)


def container_start(request: Request) -> Response:
    return _no_content(lambda: _runtime(request).start(request.vars["id"]))


def container_stop(request: Request) -> Response:
    runtime = _runtime(request)
    container = runtime.get(request.vars["id"])

    def stop() -> None:
        runtime.stop(container.id, _int(request, "t"))
        _wait_stopped(request, container)

    return _no_content(stop)


def container_restart(request: Request) -> Response:
    runtime = _runtime(request)
    container = runtime.get(request.vars["id"])
    runtime.restart(container.id, _int(request, "t"))
    sim = request.engine.cluster.sim
    deadline = sim.now + WAIT_LIMIT
    while container.status != "running" and container.id in runtime.containers and sim.now < deadline:
        if sim.peek() is None:
            break
        sim.step()
    return Response(204)


def container_kill(request: Request) -> Response:
    _runtime(request).kill(request.vars["id"], request.query.get("signal") or "KILL")
    return Response(204)


def container_pause(request: Request) -> Response:
    _runtime(request).pause(request.vars["id"])
    return Response(204)


def container_unpause(request: Request) -> Response:
    _runtime(request).unpause(request.vars["id"])
    return Response(204)


def container_wait(request: Request) -> Response:
    runtime = _runtime(request)
    ref = request.vars["id"]
    if request.query.get("condition") == "removed" and ref in runtime.auto_removed:
        return json_response(200, {"StatusCode": runtime.auto_removed[ref], "Error": None})
    container = runtime.get(ref)
    condition = request.query.get("condition") or "not-running"
    if condition not in ("not-running", "next-exit", "removed"):
        raise InvalidArgument(f"invalid condition: {condition}")
    _wait_stopped(request, container)
    if condition == "removed":
        sim = request.engine.cluster.sim
        while container.id in runtime.containers and sim.peek() is not None:
            sim.step()
    return json_response(200, {"StatusCode": container.exit_code, "Error": None})


def container_attach(request: Request) -> Response:
    """``POST /containers/{id}/attach?stream=1``: what the container writes until it stops (at most
    :data:`ATTACH_LIMIT` of simulated time, the simulation running meanwhile), multiplexed."""
    runtime = _runtime(request)
    container = runtime.get(request.vars["id"])
    hub = request.daemon.logs
    wanted = LogsOptions(stdout=request.query.bool_value("stdout"), stderr=request.query.bool_value("stderr"),
                         follow=True)  # fmt: skip
    sim = request.engine.cluster.sim
    follow = hub.follow(container.id, wanted) if container.id in hub.loggers else None
    lines = follow.poll() if follow is not None else []
    deadline = sim.now + ATTACH_LIMIT
    while not runtime.settled(container) and sim.now < deadline:
        sim.run(until=min(sim.now + POLL, deadline))
        lines += follow.poll() if follow is not None else []
    tty = bool(container.config.get("Tty"))
    return Response(200, {"Content-Type": RAW if tty else MULTIPLEXED}, frame(lines, not tty))


def container_rename(request: Request) -> Response:
    _runtime(request).rename(request.vars["id"], request.query.get("name"))
    return Response(204)


def container_delete(request: Request) -> Response:
    query = request.query
    _runtime(request).remove(request.vars["id"], force=query.bool_value("force"), volumes=query.bool_value("v"))
    return Response(204)


def container_prune(request: Request) -> Response:
    return json_response(200, _runtime(request).prune(request.query.filters()))


def container_top(request: Request) -> Response:
    return json_response(200, _runtime(request).top(request.vars["id"], request.query.get("ps_args") or "-ef"))


# -- exec -------------------------------------------------------------------------------
def exec_create(request: Request) -> Response:
    body = request.json("container.ExecOptions")
    return json_response(201, {"Id": _runtime(request).create_exec(request.vars["id"], body)})


def exec_start(request: Request) -> Response:
    """The command's output as the hijacked stream carries it: multiplexed stdout and stderr (raw with a TTY)."""
    runtime = _runtime(request)
    result = runtime.start_exec(request.vars["id"])
    tty = bool(runtime.execs[request.vars["id"]]["Body"].get("Tty"))
    lines = [LogLine(name, text) for name, text in (("stdout", result.stdout), ("stderr", result.stderr)) if text]
    return Response(200, {"Content-Type": RAW if tty else MULTIPLEXED}, frame(lines, not tty))


def exec_inspect(request: Request) -> Response:
    return json_response(200, _runtime(request).inspect_exec(request.vars["id"]))


ROUTES = [
    Route("GET", "/containers/json", container_list),
    Route("GET", "/containers/{id:.+}/json", container_inspect),
    Route("GET", "/containers/{id:.+}/top", container_top),
    Route("POST", "/containers/create", container_create),
    Route("POST", "/containers/prune", container_prune),
    Route("POST", "/containers/{id:.+}/start", container_start),
    Route("POST", "/containers/{id:.+}/stop", container_stop),
    Route("POST", "/containers/{id:.+}/restart", container_restart),
    Route("POST", "/containers/{id:.+}/kill", container_kill),
    Route("POST", "/containers/{id:.+}/pause", container_pause),
    Route("POST", "/containers/{id:.+}/unpause", container_unpause),
    Route("POST", "/containers/{id:.+}/wait", container_wait),
    Route("POST", "/containers/{id:.+}/rename", container_rename),
    Route("POST", "/containers/{id:.+}/attach", container_attach),
    Route("POST", "/containers/{id:.+}/exec", exec_create),
    Route("POST", "/exec/{id:.+}/start", exec_start),
    Route("GET", "/exec/{id:.+}/json", exec_inspect),
    Route("DELETE", "/containers/{id:.+}", container_delete),
]
