"""caasnb.engine — the Docker Engine API (v1.24–v1.50) of each simulated host, as pure handlers.

``Engine(cluster).request(node, method, path, query=, body=, headers=)`` answers as that
host's dockerd 28.2.2 would: routing, version negotiation, query and body parsing with the
daemon's error texts, ``{"message": ...}`` error bodies and the daemon's headers. The swarm,
node, service and task endpoints call the host's ``Daemon`` (``cluster.daemons[node]``);
``/_ping``, ``/version`` and ``/info`` are the engine's own.

Endpoints a real daemon has but the simulation does not serve yet (containers, images,
networks, volumes, secrets, configs, logs, events...) answer ``404 {"message":"page not
found"}``: what dockerd itself answers for a path none of its routers registered, so the
docker CLI prints ``Error response from daemon: page not found``. That is distinct from an
object a served endpoint does not have, which the daemon reports with its own 404 text
(``No such service: web``).
"""

from .engine import DOCKER_HOST, Engine, error_from
from .request import Request
from .response import Response
from .versions import API_VERSION, MIN_API_VERSION

__all__ = [
    "API_VERSION",
    "DOCKER_HOST",
    "MIN_API_VERSION",
    "Engine",
    "Request",
    "Response",
    "error_from",
]
