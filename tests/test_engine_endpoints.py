"""Every served endpoint against real clusters: shapes per the v1.50 swagger, parameters as dockerd reads them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

import caasnb

REFERENCE = Path(__file__).resolve().parent / "reference" / "engine-api-v1.50.yaml"
SWAGGER = yaml.load(REFERENCE.read_text(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
DEFINITIONS = SWAGGER["definitions"]
WEB = {
    "Name": "web",
    "TaskTemplate": {"ContainerSpec": {"Image": "nginx:1.27"}},
    "Mode": {"Replicated": {"Replicas": 3}},
}


def _resolve(schema: dict) -> dict:
    while "$ref" in schema:
        schema = DEFINITIONS[schema["$ref"].rpartition("/")[2]]
    return schema


def _properties(schema: dict) -> dict | None:
    """Declared properties (allOf merged); None for a free-form object."""
    schema = _resolve(schema)
    if "properties" not in schema and "allOf" not in schema:
        return None
    found = dict(schema.get("properties", {}))
    for part in schema.get("allOf", []):
        found.update(_properties(part) or {})
    return found


def undeclared(value: Any, schema: dict, path: str = "") -> list[str]:
    """Keys in ``value`` the swagger does not declare (a misspelt field would pass jsonschema)."""
    schema = _resolve(schema)
    if isinstance(value, list) and "items" in schema:
        return [key for item in value for key in undeclared(item, schema["items"], path + "[]")]
    properties = _properties(schema) if isinstance(value, dict) else None
    if properties is None:
        return []
    return [
        key
        for name, item in value.items()
        for key in (
            [f"{path}.{name}"] if name not in properties else undeclared(item, properties[name], f"{path}.{name}")
        )
    ]


def _without_nulls(value: Any) -> Any:
    """Go writes nil slices and maps as null; the swagger marks few of them x-nullable."""
    if isinstance(value, dict):
        return {key: _without_nulls(item) for key, item in value.items() if item is not None}
    return [_without_nulls(item) for item in value] if isinstance(value, list) else value


# Fields dockerd writes that the swagger leaves out: swarm.Task's ``Volumes`` has no omitempty (null).
UNDOCUMENTED = {"/tasks": {"[].Volumes"}, "/tasks/{id}": {".Volumes"}}


def check_shape(response, method: str, path: str) -> Any:
    """The response's status is documented for the operation and its body fits the documented schema."""
    documented = SWAGGER["paths"][path][method.lower()]["responses"]
    assert response.status in documented, f"{method} {path} answered {response.status}"
    schema = documented[response.status].get("schema")
    body = response.json()
    if schema is None:
        assert response.body == b""
        return body
    jsonschema.Draft4Validator({"definitions": DEFINITIONS, **schema}).validate(_without_nulls(body))
    assert set(undeclared(body, schema)) <= UNDOCUMENTED.get(path, set())
    return body


@pytest.fixture
def swarm():
    cluster = caasnb.Cluster(managers=3, workers=2, seed=7)
    cluster.engine.call("manager-1", "POST", "/services/create", body=WEB)
    cluster.run(10)
    return cluster


@pytest.fixture
def hosts():
    return caasnb.Cluster(hosts=3, seed=7)


# -- system ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("host", "status"),
    [("manager-1", "active/manager"), ("manager-3", "active/manager"), ("worker-2", "active/worker")],
)
def test_ping_says_the_swarm_status(swarm, host, status):
    response = swarm.engine.request(host, "GET", "/_ping")
    assert (response.status, response.body) == (200, b"OK")
    assert response.headers["Swarm"] == status
    assert response.headers["Builder-Version"] == "2"
    assert response.headers["Cache-Control"] == "no-cache, no-store, must-revalidate"
    assert response.headers["Pragma"] == "no-cache"
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"


def test_head_ping_has_no_body(hosts):
    response = hosts.engine.request("host-1", "HEAD", "/_ping")
    assert (response.status, response.body, response.headers["Content-Length"]) == (200, b"", "0")
    assert response.headers["Swarm"] == "inactive"


def test_version_is_docker_28_2_2(hosts):
    body = check_shape(hosts.engine.request("host-1", "GET", "/version"), "GET", "/version")
    assert body["Platform"] == {"Name": "Docker Engine - Community"}
    assert [(c["Name"], c["Version"]) for c in body["Components"]] == [
        ("Engine", "28.2.2"),
        ("containerd", "1.7.27"),
        ("runc", "1.2.5"),
        ("docker-init", "0.19.0"),
    ]
    assert {key: body[key] for key in ("Version", "ApiVersion", "MinAPIVersion", "GitCommit", "GoVersion")} == {
        "Version": "28.2.2",
        "ApiVersion": "1.50",
        "MinAPIVersion": "1.24",
        "GitCommit": "45873be",
        "GoVersion": "go1.24.3",
    }
    assert (body["Os"], body["Arch"], body["BuildTime"]) == ("linux", "amd64", "2025-05-30T12:07:27.000000000+00:00")
    assert "Experimental" not in body  # omitempty false


@pytest.mark.parametrize("host", ["manager-1", "worker-1"])
def test_info_fits_the_swagger_and_carries_the_swarm(swarm, host):
    body = check_shape(swarm.engine.request(host, "GET", "/info"), "GET", "/info")
    assert body["Swarm"] == swarm.daemons[host].info_swarm()
    assert (body["Name"], body["ServerVersion"], body["OSType"]) == (host, "28.2.2", "linux")
    assert (body["NCPU"], body["MemTotal"]) == (2, 4 * 1024**3)
    assert body["SystemTime"] == "2024-05-01T10:00:11.012412753Z"
    assert body["Containers"] == body["Images"] == 0
    assert body["ID"] != swarm.engine.call("manager-2", "GET", "/info")["ID"]


def test_info_for_older_clients(hosts):
    new = hosts.engine.call("host-1", "GET", "/info")
    old = hosts.engine.call("host-1", "GET", "/v1.41/info")
    assert "Containerd" in new and "FirewallBackend" in new and "BridgeNfIptables" not in new
    assert "Containerd" not in old and "FirewallBackend" not in old
    assert (old["BridgeNfIptables"], old["BridgeNfIp6tables"]) == (False, False)
    assert old["RuncCommit"] == {"Expected": "v1.2.5-0-g59923ef", "ID": "v1.2.5-0-g59923ef"}
    assert list(old) == sorted(old)  # re-marshalled through a Go map
    assert old["RegistryConfig"]["AllowNondistributableArtifactsCIDRs"] is None
    assert hosts.engine.call("host-1", "GET", "/v1.24/info")["SecurityOptions"] == ["apparmor", "seccomp", "cgroupns"]


# -- reads ----------------------------------------------------------------------------------
def test_swarm_node_service_and_task_reads_fit_the_swagger(swarm):
    engine = swarm.engine
    check_shape(engine.request("manager-2", "GET", "/swarm"), "GET", "/swarm")
    nodes = check_shape(engine.request("manager-2", "GET", "/nodes"), "GET", "/nodes")
    assert len(nodes) == 5
    check_shape(engine.request("manager-2", "GET", f"/nodes/{nodes[0]['ID']}"), "GET", "/nodes/{id}")
    services = check_shape(engine.request("manager-2", "GET", "/services", {"status": "1"}), "GET", "/services")
    assert services[0]["ServiceStatus"] == {"RunningTasks": 3, "DesiredTasks": 3, "CompletedTasks": 0}
    check_shape(engine.request("manager-2", "GET", "/services/web"), "GET", "/services/{id}")
    check_shape(
        engine.request("manager-2", "GET", "/services/web", {"insertDefaults": "true"}), "GET", "/services/{id}"
    )
    tasks = check_shape(engine.request("manager-2", "GET", "/tasks"), "GET", "/tasks")
    assert len(tasks) == 3
    check_shape(engine.request("manager-2", "GET", f"/tasks/{tasks[0]['ID']}"), "GET", "/tasks/{id}")


def test_unlock_key_without_autolock_is_empty(swarm):
    response = swarm.engine.request("manager-2", "GET", "/swarm/unlockkey")
    assert check_shape(response, "GET", "/swarm/unlockkey") == {"UnlockKey": ""}


@pytest.mark.parametrize(
    ("path", "query", "names"),
    [
        ("/nodes", {"filters": '{"role":{"worker":true}}'}, ["worker-1", "worker-2"]),
        ("/nodes", {"filters": '{"role":["manager"]}'}, ["manager-1", "manager-2", "manager-3"]),
        ("/services", {"filters": '{"name":{"web":true}}'}, ["web"]),
        ("/services", {"filters": '{"name":["db"]}'}, []),
    ],
)
def test_list_filters(swarm, path, query, names):
    found = swarm.engine.call("manager-1", "GET", path, query=query)
    assert (
        sorted(item.get("Description", item["Spec"]).get("Hostname") or item["Spec"]["Name"] for item in found) == names
    )


@pytest.mark.parametrize(
    ("method", "path", "query", "message"),
    [
        ("GET", "/nodes", {"filters": "nope"}, "invalid filter"),
        ("GET", "/tasks", {"filters": '{"a":1}'}, "invalid filter"),
        (
            "GET",
            "/services",
            {"status": "x"},
            'invalid value for status: x: strconv.ParseBool: parsing "x": invalid syntax',
        ),
        (
            "GET",
            "/services/web",
            {"insertDefaults": "y"},
            'invalid value for insertDefaults: y: strconv.ParseBool: parsing "y": invalid syntax',
        ),
        ("POST", "/swarm/update", {}, "invalid swarm version '': strconv.ParseUint: parsing \"\": invalid syntax"),
        (
            "POST",
            "/swarm/update",
            {"version": "1", "rotateWorkerToken": "yes"},
            "invalid value for rotateWorkerToken: yes",
        ),
        (
            "POST",
            "/nodes/x/update",
            {"version": "-2"},
            "invalid node version '-2': strconv.ParseUint: parsing \"-2\": invalid syntax",
        ),
        (
            "POST",
            "/services/web/update",
            {},
            "invalid service version '': strconv.ParseUint: parsing \"\": invalid syntax",
        ),
    ],
)
def test_bad_parameters_are_400_with_the_daemons_text(swarm, method, path, query, message):
    before = swarm.trace_hash()
    response = swarm.engine.request("manager-1", method, path, query)
    assert (response.status, response.json()) == (400, {"message": message})
    assert swarm.trace_hash() == before


def test_status_is_ignored_before_api_1_41(swarm):
    services = swarm.engine.call("manager-1", "GET", "/v1.40/services", query={"status": "x"})
    assert "ServiceStatus" not in services[0]


# -- writes ---------------------------------------------------------------------------------
def test_swarm_init_join_and_leave(hosts):
    engine = hosts.engine
    response = engine.request(
        "host-1",
        "POST",
        "/swarm/init",
        body=b'{"ListenAddr":"0.0.0.0:2377"}',
        headers={"Content-Type": "application/json"},
    )
    node_id = check_shape(response, "POST", "/swarm/init")
    assert isinstance(node_id, str) and len(node_id) == 25
    assert engine.request("host-1", "HEAD", "/_ping").headers["Swarm"] == "active/manager"
    token = engine.call("host-1", "GET", "/swarm")["JoinTokens"]["Worker"]
    address = engine.call("host-1", "GET", "/info")["Swarm"]["NodeAddr"]
    joined = engine.request("host-2", "POST", "/swarm/join", body={"JoinToken": token, "RemoteAddrs": [address]})
    check_shape(joined, "POST", "/swarm/join")
    assert engine.request("host-2", "HEAD", "/_ping").headers["Swarm"] == "active/worker"
    check_shape(engine.request("host-2", "POST", "/swarm/leave"), "POST", "/swarm/leave")
    assert engine.request("host-2", "HEAD", "/_ping").headers["Swarm"] == "inactive"
    refused = engine.request("host-1", "POST", "/swarm/leave", query={"force": "false"})
    assert refused.status == 503 and refused.json()["message"].startswith("You are attempting to leave the swarm")
    assert engine.request("host-1", "POST", "/swarm/leave", query={"force": "1"}).status == 200


def test_swarm_update_and_unlock_key(swarm):
    engine = swarm.engine
    before = engine.call("manager-1", "GET", "/swarm")
    version = before["Version"]["Index"]
    query = {"version": version, "rotateWorkerToken": "true"}
    check_shape(engine.request("manager-1", "POST", "/swarm/update", query, before["Spec"]), "POST", "/swarm/update")
    after = engine.call("manager-1", "GET", "/swarm")
    assert after["JoinTokens"]["Worker"] != before["JoinTokens"]["Worker"]
    assert after["JoinTokens"]["Manager"] == before["JoinTokens"]["Manager"]


def test_node_update_and_delete(swarm):
    engine = swarm.engine
    node = engine.call("manager-1", "GET", "/nodes/worker-2")
    spec = {**node["Spec"], "Availability": "drain"}
    response = engine.request(
        "manager-1", "POST", "/nodes/worker-2/update", {"version": node["Version"]["Index"]}, spec
    )
    check_shape(response, "POST", "/nodes/{id}/update")
    assert engine.call("manager-1", "GET", "/nodes/worker-2")["Spec"]["Availability"] == "drain"
    refused = engine.request("manager-1", "DELETE", "/nodes/worker-2")
    assert refused.json()["message"].endswith("is not down and can't be removed")
    check_shape(engine.request("manager-1", "DELETE", "/nodes/worker-2", {"force": "1"}), "DELETE", "/nodes/{id}")
    assert engine.request("manager-1", "GET", "/nodes/worker-2").status == 404


def test_failed_precondition_is_400(swarm):
    assert swarm.engine.request("manager-1", "DELETE", "/nodes/worker-2").status == 400


def test_service_create_update_and_delete(swarm):
    engine = swarm.engine
    created = engine.request("manager-1", "POST", "/services/create", body={**WEB, "Name": "api"})
    service_id = check_shape(created, "POST", "/services/create")["ID"]
    current = engine.call("manager-1", "GET", f"/services/{service_id}")
    spec = {**current["Spec"], "Labels": {"tier": "api"}}
    query = {"version": current["Version"]["Index"]}
    updated = engine.request("manager-1", "POST", "/services/api/update", query, spec)
    check_shape(updated, "POST", "/services/{id}/update")
    assert engine.call("manager-1", "GET", "/services/api")["Spec"]["Labels"] == {"tier": "api"}
    check_shape(engine.request("manager-1", "DELETE", "/services/api"), "DELETE", "/services/{id}")
    assert engine.request("manager-1", "GET", "/services/api").status == 404


def test_worker_cannot_read_the_cluster(swarm):
    response = swarm.engine.request("worker-1", "GET", "/services")
    assert response.status == 503
    assert response.json()["message"].startswith("This node is not a swarm manager. Worker nodes can't be used")


def test_no_swarm_yet(hosts):
    response = hosts.engine.request("host-1", "GET", "/nodes")
    assert response.status == 503
    assert response.json()["message"].startswith("This node is not a swarm manager.")


class Spy:
    """Records the Daemon calls a request makes, then lets the real daemon answer (a test double around it)."""

    def __init__(self, daemon, monkeypatch) -> None:
        self.calls: list[tuple[str, tuple, dict]] = []
        for name in (
            "swarm_update",
            "swarm_leave",
            "node_delete",
            "service_list",
            "service_inspect",
            "service_create",
            "service_update",
            "task_list",
            "node_list",
        ):
            monkeypatch.setattr(daemon, name, self._wrap(name, getattr(daemon, name)))

    def _wrap(self, name, method):
        def record(*args, **kwargs):
            self.calls.append((name, args, kwargs))
            return method(*args, **kwargs)

        return record


@pytest.mark.parametrize(
    ("method", "path", "query", "headers", "call"),
    [
        ("GET", "/services", {}, {}, ("service_list", ({}, False), {})),
        (
            "GET",
            "/services",
            {"status": "1", "filters": '{"id":["x"]}'},
            {},
            ("service_list", ({"id": ["x"]}, True), {}),
        ),
        ("GET", "/v1.40/services", {"status": "1"}, {}, ("service_list", ({}, False), {})),
        ("GET", "/services/web", {"insertDefaults": "1"}, {}, ("service_inspect", ("web", True), {})),
        ("GET", "/tasks", {"filters": '{"service":{"web":true}}'}, {}, ("task_list", ({"service": ["web"]},), {})),
        ("POST", "/swarm/leave", {"force": "yes"}, {}, ("swarm_leave", (True,), {})),
        ("DELETE", "/nodes/n1", {"force": "0"}, {}, ("node_delete", ("n1", False), {})),
        (
            "POST",
            "/services/create",
            {},
            {"x-registry-auth": "eyJ1c2VybmFtZSI6ImEifQ=="},
            ("service_create", ({}, "eyJ1c2VybmFtZSI6ImEifQ=="), {}),
        ),
        ("POST", "/services/create", {}, {}, ("service_create", ({}, None), {})),
        (
            "POST",
            "/services/web/update",
            {"version": "3", "rollback": "previous", "registryAuthFrom": "previous-spec"},
            {},
            (
                "service_update",
                ("web", 3, {}),
                {"registry_auth_from": "previous-spec", "rollback": "previous", "registry_auth": None},
            ),
        ),
        (
            "POST",
            "/services/web/update",
            {"version": "3"},
            {"X-Registry-Auth": "e30="},
            (
                "service_update",
                ("web", 3, {}),
                {"registry_auth_from": "spec", "rollback": None, "registry_auth": "e30="},
            ),
        ),
        (
            "POST",
            "/swarm/update",
            {"version": "9", "rotateManagerToken": "t", "rotateManagerUnlockKey": "0"},
            {},
            (
                "swarm_update",
                ({}, 9),
                {"rotate_worker_token": False, "rotate_manager_token": True, "rotate_manager_unlock_key": False},
            ),
        ),
    ],
)
def test_parameters_reach_the_daemon_as_the_contract_says(swarm, monkeypatch, method, path, query, headers, call):
    spy = Spy(swarm.daemons["manager-1"], monkeypatch)
    swarm.engine.request("manager-1", method, path, query, None, headers)
    assert spy.calls[:1] == [call]
