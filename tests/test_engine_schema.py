"""Every implemented Engine API endpoint answers what engine-api-v1.50.yaml says it answers.

For each route of the ROUTER there is an example request (the ``EXAMPLES`` table; a route
without one fails ``test_every_route_has_an_example``), sent to a fresh cluster holding
services, tasks, an overlay network, a volume, images, containers and an exec instance.
The answer's status must be one the swagger file lists for that operation, and its JSON
body (each line of a JSON stream) must validate against the listed schema, with
openapi-schema-validator's OpenAPI 3.0 validator resolving the file's ``$ref``\\ s through a
``referencing`` registry. Swagger 2.0 spells OpenAPI 3.0's ``nullable`` as ``x-nullable``;
that vendor key is renamed, and arrays and objects may be null (Go's nil slices and maps).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import quote

import pytest
import yaml
from openapi_schema_validator import OAS30Validator, oas30_format_checker
from referencing import Registry
from referencing.jsonschema import DRAFT4

import caasnb
from caasnb.engine.engine import ROUTER

SPEC_FILE = Path(__file__).resolve().parent / "reference" / "engine-api-v1.50.yaml"
SPEC_URI = "urn:docker:engine-api:v1.50"
JSON_HEADERS = {"Content-Type": "application/json"}
VARIABLE = re.compile(r"\{\w+(?::[^}]*)?\}")
NOT_IN_SWAGGER = {("OPTIONS", "/{anyroute:.*}"), ("GET", "/networks/")}  # CORS preflight; mux's trailing-slash twin


def _nullable(value):
    """The swagger document in OpenAPI 3.0's words for null: ``x-nullable`` becomes ``nullable``, and every
    array and object is nullable, since Go encodes a nil slice or map as ``null`` and dockerd's
    answers carry such nulls where the swagger file does not say so."""
    if isinstance(value, dict):
        schema = {("nullable" if key == "x-nullable" else key): _nullable(item) for key, item in value.items()}
        if schema.get("type") in ("array", "object"):
            schema["nullable"] = True
        return schema
    return [_nullable(item) for item in value] if isinstance(value, list) else value


@pytest.fixture(scope="module")
def spec():
    return _nullable(json.loads(json.dumps(yaml.safe_load(SPEC_FILE.read_text()))))  # status keys as strings


@pytest.fixture(scope="module")
def registry(spec):
    return Registry().with_resource(SPEC_URI, DRAFT4.create_resource(spec))


def swagger_path(spec, template: str) -> str:
    """The swagger path of a route template (variable names and patterns aside)."""
    shape = VARIABLE.sub("{}", template)
    matches = [path for path in spec["paths"] if VARIABLE.sub("{}", path) == shape]
    assert len(matches) == 1, f"no single swagger path for {template}: {matches}"
    return matches[0]


def assert_conforms(spec, registry, method: str, template: str, response) -> None:
    path = swagger_path(spec, template)
    responses = spec["paths"][path][method.lower()]["responses"]
    status = str(response.status)
    if status in responses:
        if "schema" not in responses[status] or method == "HEAD":
            return
        operation = "/".join(["paths", path.replace("~", "~0").replace("/", "~1"), method.lower()])
        schema = {"$ref": f"{SPEC_URI}#/{operation}/responses/{status}/schema"}
    else:  # dockerd answers errdefs statuses the swagger file does not list (409 for "not paused"...)
        assert response.status >= 400, f"{method} {path} answered {status}, the swagger lists {sorted(responses)}"
        schema = {"$ref": f"{SPEC_URI}#/definitions/ErrorResponse"}
    validator = OAS30Validator(schema, registry=registry, format_checker=oas30_format_checker)
    kind = response.headers.get("Content-Type", "")
    if kind == "application/json":
        lines = response.body.splitlines() if template in STREAMS else [response.body]
        documents = [json.loads(line) for line in lines if line.strip()]
    else:
        documents = [response.text]
    for document in documents:
        problems = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(document)]
        assert not problems, f"{method} {template} → {status}:\n" + "\n".join(problems[:20])


STREAMS = {"/events", "/images/create", "/images/{name:.*}/push"}  # JSON messages, one per line

# (method, route template) → (path with {placeholders}, query, body, expected status)
EXAMPLES = {
    ("GET", "/_ping"): ("/_ping", {}, None, 200),
    ("HEAD", "/_ping"): ("/_ping", {}, None, 200),
    ("GET", "/info"): ("/info", {}, None, 200),
    ("GET", "/version"): ("/version", {}, None, 200),
    ("POST", "/swarm/init"): ("/swarm/init", {}, {"ListenAddr": "0.0.0.0:2377"}, 503),
    ("POST", "/swarm/join"): ("/swarm/join", {}, {"RemoteAddrs": ["192.168.99.100:2377"], "JoinToken": "x"}, 503),
    ("POST", "/swarm/leave"): ("/swarm/leave", {}, None, 503),
    ("GET", "/swarm"): ("/swarm", {}, None, 200),
    ("GET", "/swarm/unlockkey"): ("/swarm/unlockkey", {}, None, 200),
    ("POST", "/swarm/update"): ("/swarm/update", {"version": "{swarm_version}"}, "{swarm_spec}", 200),
    ("POST", "/swarm/unlock"): ("/swarm/unlock", {}, {"UnlockKey": "SWMKEY-1-nope"}, 409),
    ("GET", "/services"): ("/services", {"status": "1"}, None, 200),
    ("GET", "/services/{id}"): ("/services/{service}", {}, None, 200),
    ("POST", "/services/create"): (
        "/services/create",
        {},
        {"Name": "api", "TaskTemplate": {"ContainerSpec": {"Image": "nginx:1.27"}}},
        201,
    ),
    ("POST", "/services/{id}/update"): (
        "/services/{service}/update",
        {"version": "{service_version}"},
        "{service_spec}",
        200,
    ),
    ("DELETE", "/services/{id}"): ("/services/{service}", {}, None, 200),
    ("GET", "/nodes"): ("/nodes", {}, None, 200),
    ("GET", "/nodes/{id}"): ("/nodes/{node}", {}, None, 200),
    ("DELETE", "/nodes/{id}"): ("/nodes/{node}", {}, None, 400),
    ("POST", "/nodes/{id}/update"): (
        "/nodes/{node}/update",
        {"version": "{node_version}"},
        {"Role": "worker", "Availability": "drain"},
        200,
    ),
    ("GET", "/tasks"): ("/tasks", {}, None, 200),
    ("GET", "/tasks/{id}"): ("/tasks/{task}", {}, None, 200),
    ("GET", "/networks"): ("/networks", {}, None, 200),
    ("GET", "/networks/{id:.+}"): ("/networks/{network}", {}, None, 200),
    ("POST", "/networks/create"): ("/networks/create", {}, {"Name": "front", "Driver": "overlay"}, 201),
    ("POST", "/networks/{id:.*}/connect"): ("/networks/{network}/connect", {}, {"Container": "{sleeper}"}, 200),
    ("POST", "/networks/{id:.*}/disconnect"): ("/networks/bridge/disconnect", {}, {"Container": "{sleeper}"}, 200),
    ("POST", "/networks/prune"): ("/networks/prune", {}, None, 200),
    ("DELETE", "/networks/{id:.*}"): ("/networks/{network}", {}, None, 403),
    ("GET", "/containers/json"): ("/containers/json", {"all": "1"}, None, 200),
    ("GET", "/containers/{id:.+}/json"): ("/containers/{sleeper}/json", {}, None, 200),
    ("GET", "/containers/{id:.+}/top"): ("/containers/{sleeper}/top", {}, None, 200),
    ("POST", "/containers/create"): ("/containers/create", {"name": "new"}, {"Image": "alpine", "Cmd": ["true"]}, 201),
    ("POST", "/containers/prune"): ("/containers/prune", {}, None, 200),
    ("POST", "/containers/{id:.+}/start"): ("/containers/{hello}/start", {}, None, 204),
    ("POST", "/containers/{id:.+}/stop"): ("/containers/{sleeper}/stop", {}, None, 204),
    ("POST", "/containers/{id:.+}/restart"): ("/containers/{sleeper}/restart", {}, None, 204),
    ("POST", "/containers/{id:.+}/kill"): ("/containers/{sleeper}/kill", {}, None, 204),
    ("POST", "/containers/{id:.+}/pause"): ("/containers/{sleeper}/pause", {}, None, 204),
    ("POST", "/containers/{id:.+}/unpause"): ("/containers/{sleeper}/unpause", {}, None, 409),
    ("POST", "/containers/{id:.+}/wait"): ("/containers/{hello}/wait", {}, None, 200),
    ("POST", "/containers/{id:.+}/rename"): ("/containers/{sleeper}/rename", {"name": "dozer"}, None, 204),
    ("POST", "/containers/{id:.+}/exec"): ("/containers/{sleeper}/exec", {}, {"Cmd": ["echo", "x"]}, 201),
    ("POST", "/exec/{id:.+}/start"): ("/exec/{exec}/start", {}, {"Detach": True}, 200),
    ("GET", "/exec/{id:.+}/json"): ("/exec/{ran}/json", {}, None, 200),
    ("DELETE", "/containers/{id:.+}"): ("/containers/{hello}", {}, None, 204),
    ("POST", "/containers/{id:.+}/attach"): ("/containers/{hello}/attach", {"stream": "1", "stdout": "1"}, None, 200),
    ("GET", "/system/df"): ("/system/df", {}, None, 200),
    ("GET", "/containers/{name:.*}/stats"): ("/containers/{sleeper}/stats", {"stream": "0"}, None, 200),
    ("GET", "/containers/{name:.*}/logs"): ("/containers/{hello}/logs", {"stdout": "1"}, None, 200),
    ("GET", "/services/{id}/logs"): ("/services/{service}/logs", {"stdout": "1"}, None, 200),
    ("GET", "/tasks/{id}/logs"): ("/tasks/{task}/logs", {"stdout": "1"}, None, 200),
    ("GET", "/events"): ("/events", {"since": "1714557600", "until": "1714557630"}, None, 200),
    ("GET", "/images/json"): ("/images/json", {}, None, 200),
    ("GET", "/images/{name:.*}/history"): ("/images/nginx:1.27/history", {}, None, 200),
    ("GET", "/images/{name:.*}/json"): ("/images/nginx:1.27/json", {}, None, 200),
    ("POST", "/images/create"): ("/images/create", {"fromImage": "busybox", "tag": "latest"}, None, 200),
    ("POST", "/images/{name:.*}/push"): ("/images/nginx:1.27/push", {}, None, 200),
    ("POST", "/images/{name:.*}/tag"): ("/images/nginx:1.27/tag", {"repo": "web", "tag": "v1"}, None, 201),
    ("POST", "/images/prune"): ("/images/prune", {}, None, 200),
    ("DELETE", "/images/{name:.*}"): ("/images/redis:7", {}, None, 409),
    ("GET", "/distribution/{name:.*}/json"): ("/distribution/nginx:1.27/json", {}, None, 200),
    ("POST", "/auth"): ("/auth", {}, {"username": "learner", "password": "wrong", "serveraddress": ""}, 401),
    ("GET", "/volumes"): ("/volumes", {}, None, 200),
    ("GET", "/volumes/{name:.*}"): ("/volumes/data", {}, None, 200),
    ("POST", "/volumes/create"): ("/volumes/create", {}, {"Name": "more"}, 201),
    ("POST", "/volumes/prune"): ("/volumes/prune", {}, None, 200),
    ("DELETE", "/volumes/{name:.*}"): ("/volumes/data", {}, None, 409),
}


def routes() -> list[tuple[str, str]]:
    return [
        (route.method, route.template)
        for route, _ in ROUTER.routes
        if (route.method, route.template) not in NOT_IN_SWAGGER
    ]


def populated() -> tuple[caasnb.Cluster, dict]:
    """A small swarm with something of every kind, and the names/IDs the examples refer to."""
    c = caasnb.Cluster(managers=1, workers=2, seed=5)

    def call(method, path, body=None, **query):
        return c.engine.call("manager-1", method, path, query=query, body=body, headers=JSON_HEADERS)

    network = call("POST", "/networks/create", {"Name": "backend", "Driver": "overlay", "Attachable": True})["Id"]
    service = call(
        "POST",
        "/services/create",
        {
            "Name": "web",
            "TaskTemplate": {"ContainerSpec": {"Image": "nginx:1.27"}, "Networks": [{"Target": "backend"}]},
            "Mode": {"Replicated": {"Replicas": 2}},
            "EndpointSpec": {"Ports": [{"Protocol": "tcp", "TargetPort": 80, "PublishedPort": 8080}]},
        },
    )["ID"]
    call(
        "POST",
        "/services/create",
        {"Name": "agent", "TaskTemplate": {"ContainerSpec": {"Image": "redis:7"}}, "Mode": {"Global": {}}},
    )
    call("POST", "/volumes/create", {"Name": "data"})
    c.engine.request("manager-1", "POST", "/images/create", query={"fromImage": "alpine", "tag": "latest"})
    mounts = [{"Type": "volume", "Source": "data", "Target": "/data"}]
    sleeper = call(
        "POST",
        "/containers/create",
        {"Image": "alpine", "Cmd": ["sleep", "1000"], "HostConfig": {"Mounts": mounts}},
        name="sleeper",
    )["Id"]
    hello = call("POST", "/containers/create", {"Image": "alpine", "Cmd": ["echo", "hi"]}, name="hello")["Id"]
    call("POST", f"/containers/{sleeper}/start")
    call("POST", f"/containers/{hello}/start")
    c.run(20)
    execution, ran = (call("POST", f"/containers/{sleeper}/exec", {"Cmd": ["echo", str(n)]})["Id"] for n in (1, 2))
    c.engine.request("manager-1", "POST", f"/exec/{ran}/start", body={"Detach": True}, headers=JSON_HEADERS)
    swarm = call("GET", "/swarm")
    inspected = call("GET", f"/services/{service}")
    worker = next(n for n in call("GET", "/nodes") if n["Description"]["Hostname"] == "worker-1")
    task = next(t for t in call("GET", "/tasks") if t["ServiceID"] == service)
    names = {
        "service": service,
        "service_version": str(inspected["Version"]["Index"]),
        "service_spec": inspected["Spec"] | {"Labels": {"tier": "front"}},
        "swarm_version": str(swarm["Version"]["Index"]),
        "swarm_spec": swarm["Spec"],
        "node": worker["ID"],
        "node_version": str(worker["Version"]["Index"]),
        "task": task["ID"],
        "network": network,
        "sleeper": sleeper,
        "hello": hello,
        "exec": execution,
        "ran": ran,
    }
    return c, names


def _fill(value, names):
    if isinstance(value, str):
        whole = re.fullmatch(r"\{(\w+)\}", value)
        if whole and whole[1] in names:
            return names[whole[1]]
        return re.sub(r"\{(\w+)\}", lambda m: quote(str(names.get(m[1], m[0])), safe=":"), value)
    if isinstance(value, dict):
        return {key: _fill(item, names) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_fill(item, names) for item in value)
    return value


def test_every_route_has_an_example():
    assert sorted(set(routes()) - set(EXAMPLES)) == []
    assert sorted(set(EXAMPLES) - set(routes())) == []


@pytest.mark.parametrize(("method", "template"), routes(), ids=lambda value: value)
def test_the_answer_conforms_to_the_swagger(spec, registry, method, template):
    cluster, names = populated()
    path, query, body, status = _fill(EXAMPLES[(method, template)], names)
    response = cluster.engine.request("manager-1", method, path, query=query, body=body, headers=JSON_HEADERS)
    assert response.status == status, response.body[:500]
    assert_conforms(spec, registry, method, template, response)


@pytest.mark.parametrize("template", ["/services/{id}", "/tasks/{id}", "/nodes/{id}", "/networks/{id:.+}"])
def test_not_found_answers_conform(spec, registry, template):
    cluster, _ = populated()
    path = VARIABLE.sub("nope", template)
    response = cluster.engine.request("manager-1", "GET", path)
    assert response.status == 404
    assert_conforms(spec, registry, "GET", template, response)
