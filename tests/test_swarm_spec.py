"""Spec objects: Docker's defaults, Engine API field names, the daemon's checks and error texts, round trips."""

import copy
import pathlib

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from caasnb.errors import DockerError, InvalidArgument
from caasnb.golang.strconv import format_float as format_go_float
from caasnb.sim import HOUR, MILLISECOND, SECOND
from caasnb.swarm.spec import (
    ContainerSpec,
    Driver,
    EndpointSpec,
    Global,
    GlobalJob,
    HealthConfig,
    Limit,
    NetworkAttachmentConfig,
    NodeSpec,
    Placement,
    Platform,
    PortConfig,
    Replicated,
    ReplicatedJob,
    ResourceObject,
    Resources,
    RestartPolicy,
    ServiceSpec,
    SwarmSpec,
    TaskSpec,
    UpdateConfig,
)

SWAGGER = pathlib.Path(__file__).resolve().parent / "reference" / "engine-api-v1.50.yaml"
RPC = "rpc error: code = InvalidArgument desc = "


def web(**changes) -> dict:
    """A minimal ServiceSpec request (what docker-py would POST), with ``changes`` merged in."""
    body = {"Name": "web", "TaskTemplate": {"ContainerSpec": {"Image": "nginx:1.27"}}}
    for key, value in changes.items():
        body[key] = value
    return body


def template(**changes) -> dict:
    return web(TaskTemplate={"ContainerSpec": {"Image": "nginx:1.27"}, **changes})


# -- defaults -------------------------------------------------------------------------
def test_service_defaults_are_what_docker_service_inspect_shows():
    spec = ServiceSpec.from_api(web())
    assert spec.to_api() == {
        "Name": "web",
        "Labels": {},
        "TaskTemplate": {
            "ContainerSpec": {
                "Image": "nginx:1.27",
                "StopGracePeriod": 10_000_000_000,
                "DNSConfig": {},
                "Isolation": "default",
            },
            "Resources": {},
            "RestartPolicy": {"Condition": "any", "Delay": 5_000_000_000, "MaxAttempts": 0},
            "Placement": {},
            "ForceUpdate": 0,
            "Runtime": "container",
        },
        "Mode": {"Replicated": {"Replicas": 1}},
        "UpdateConfig": {
            "Parallelism": 1,
            "FailureAction": "pause",
            "Monitor": 5_000_000_000,
            "MaxFailureRatio": 0,
            "Order": "stop-first",
        },
        "RollbackConfig": {
            "Parallelism": 1,
            "FailureAction": "pause",
            "Monitor": 5_000_000_000,
            "MaxFailureRatio": 0,
            "Order": "stop-first",
        },
        "EndpointSpec": {"Mode": "vip"},
    }
    assert spec == ServiceSpec(name="web", task_template=TaskSpec(container_spec=ContainerSpec(image="nginx:1.27")))


def test_python_defaults_match_swarmkit():
    assert RestartPolicy() == RestartPolicy("any", 5 * SECOND, 0, 0)
    assert UpdateConfig() == UpdateConfig(1, 0, "pause", 5 * SECOND, 0.0, "stop-first")
    assert ContainerSpec().stop_grace_period == 10 * SECOND
    assert EndpointSpec().mode == "vip"
    assert PortConfig(target_port=80).protocol == "tcp"
    assert PortConfig(target_port=80).publish_mode == "ingress"
    assert ReplicatedJob(max_concurrent=3).total_completions == 3


def test_swarm_spec_defaults_are_what_docker_swarm_inspect_shows():
    assert SwarmSpec().to_api() == {
        "Name": "default",
        "Labels": {},
        "Orchestration": {"TaskHistoryRetentionLimit": 5},
        "Raft": {
            "SnapshotInterval": 10000,
            "KeepOldSnapshots": 0,
            "LogEntriesForSlowFollowers": 500,
            "ElectionTick": 10,
            "HeartbeatTick": 1,
        },
        "Dispatcher": {"HeartbeatPeriod": 5_000_000_000},
        "CAConfig": {"NodeCertExpiry": 7_776_000_000_000_000},
        "TaskDefaults": {},
        "EncryptionConfig": {"AutoLockManagers": False},
    }


def test_node_spec_wire_form():
    assert NodeSpec().to_api() == {"Labels": {}, "Role": "worker", "Availability": "active"}
    spec = NodeSpec.from_api({"Name": "n", "Labels": {"zone": "a"}, "Role": "MANAGER", "Availability": "Drain"})
    assert spec == NodeSpec("n", {"zone": "a"}, "manager", "drain")


# -- field names against the swagger ---------------------------------------------------
@pytest.fixture(scope="module")
def definitions():
    return yaml.safe_load(SWAGGER.read_text())["definitions"]


def _resolve(schema, definitions):
    while "$ref" in schema:
        schema = definitions[schema["$ref"].rsplit("/", 1)[1]]
    if "allOf" in schema:
        merged = {}
        for part in schema["allOf"]:
            merged.update(_resolve(part, definitions).get("properties", {}))
        return {"type": "object", "properties": merged}
    return schema


def _unknown_keys(value, schema, definitions, path="") -> list[str]:
    schema = _resolve(schema, definitions)
    found = []
    if isinstance(value, dict) and "properties" in schema:
        for key, item in value.items():
            if key not in schema["properties"]:
                found.append(f"{path}.{key}")
            else:
                found += _unknown_keys(item, schema["properties"][key], definitions, f"{path}.{key}")
    elif isinstance(value, list) and "items" in schema:
        for item in value:
            found += _unknown_keys(item, schema["items"], definitions, f"{path}[]")
    return found


def _full_service() -> ServiceSpec:
    return ServiceSpec(
        name="web",
        labels={"team": "a"},
        task_template=TaskSpec(
            container_spec=ContainerSpec(
                image="nginx:1.27",
                labels={"x": "y"},
                command=("nginx",),
                args=("-g", "daemon off;"),
                hostname="h",
                env=("A=1",),
                dir="/",
                user="root",
                init=True,
                stop_signal="SIGQUIT",
                tty=True,
                read_only=True,
                healthcheck=HealthConfig(("CMD", "true"), SECOND, SECOND, SECOND, SECOND, 3),
                hosts=("1.2.3.4 x",),
            ),
            resources=Resources(Limit(SECOND, 1 << 30, 100), ResourceObject(SECOND // 2, 1 << 29)),
            restart_policy=RestartPolicy("on-failure", SECOND, 3, 60 * SECOND),
            placement=Placement(("node.role==worker",), ("node.labels.zone",), 2, (Platform("amd64", "linux"),)),
            networks=(NetworkAttachmentConfig("backend", ("db",), {"a": "b"}),),
            log_driver=Driver("json-file", {"max-size": "10m"}),
            force_update=2,
        ),
        mode=Replicated(3),
        update_config=UpdateConfig(2, SECOND, "rollback", 10 * SECOND, 0.5, "start-first"),
        rollback_config=UpdateConfig(0, 0, "continue", SECOND, 0.25, "stop-first"),
        endpoint_spec=EndpointSpec("vip", (PortConfig(80, 8080, "udp", "host", "http"),)),
    )


def test_service_spec_field_names_are_the_engine_apis(definitions):
    wire = _full_service().to_api()
    container = wire["TaskTemplate"]["ContainerSpec"]
    # moby's Go struct field is ``Healthcheck`` (what the daemon writes); the swagger spells it ``HealthCheck``.
    assert "Healthcheck" in container
    container["HealthCheck"] = container.pop("Healthcheck")
    assert _unknown_keys(wire, definitions["ServiceSpec"], definitions) == []
    assert (
        _unknown_keys(
            SwarmSpec(task_defaults_log_driver=Driver("syslog")).to_api(), definitions["SwarmSpec"], definitions
        )
        == []
    )
    assert _unknown_keys(NodeSpec(name="n").to_api(), definitions["NodeSpec"], definitions) == []


def test_healthcheck_is_read_in_any_letter_case():
    spec = ServiceSpec.from_api(template(ContainerSpec={"Image": "nginx", "HealthCheck": {"Retries": 2}}))
    assert spec.task_template.container_spec.healthcheck == HealthConfig(retries=2)


# -- round trips ------------------------------------------------------------------------
durations = st.integers(min_value=0, max_value=10**12)
names = st.from_regex(r"[a-z][a-z0-9]{0,10}", fullmatch=True)
label_maps = st.dictionaries(names, st.text(max_size=5), max_size=2)
string_lists = st.lists(st.text(max_size=5), max_size=2).map(tuple)
ports = st.builds(
    PortConfig,
    target_port=st.integers(1, 65535),
    published_port=st.integers(0, 65535),
    protocol=st.sampled_from(["tcp", "udp", "sctp"]),
    publish_mode=st.just("host"),
    name=st.one_of(st.just(""), names),
)
update_configs = st.builds(
    UpdateConfig,
    parallelism=st.integers(0, 10),
    delay=durations,
    failure_action=st.sampled_from(["pause", "continue", "rollback"]),
    monitor=st.integers(1, 10**12),
    max_failure_ratio=st.sampled_from([0.0, 0.25, 0.5, 1.0]),
    order=st.sampled_from(["stop-first", "start-first"]),
)
container_specs = st.builds(
    ContainerSpec,
    image=st.sampled_from(["nginx", "nginx:1.27", "registry.local:5000/team/app:v2", "redis@sha256:" + "a" * 64]),
    labels=label_maps,
    command=string_lists,
    args=string_lists,
    env=string_lists,
    init=st.one_of(st.none(), st.booleans()),
    tty=st.booleans(),
    stop_grace_period=durations,
    healthcheck=st.one_of(
        st.none(),
        st.builds(
            HealthConfig, test=string_lists, interval=st.integers(MILLISECOND, 10**11), retries=st.integers(0, 5)
        ),
    ),
    isolation=st.sampled_from(["default", "process", "hyperv"]),
)
task_specs = st.builds(
    TaskSpec,
    container_spec=container_specs,
    resources=st.builds(
        Resources,
        limits=st.one_of(st.none(), st.builds(Limit, nano_cpus=st.integers(10**6, 10**10), pids=st.integers(0, 99))),
        reservations=st.one_of(st.none(), st.builds(ResourceObject, memory_bytes=st.integers(4 << 20, 1 << 33))),
    ),
    restart_policy=st.builds(
        RestartPolicy,
        condition=st.sampled_from(["none", "on-failure", "any"]),
        delay=durations,
        max_attempts=st.integers(0, 9),
        window=durations,
    ),
    placement=st.builds(
        Placement,
        constraints=st.lists(st.sampled_from(["node.role==manager", "node.labels.zone!=east"]), max_size=2).map(tuple),
        preferences=st.lists(st.just("node.labels.zone"), max_size=1).map(tuple),
        max_replicas=st.integers(0, 4),
    ),
    networks=st.lists(st.builds(NetworkAttachmentConfig, target=names, aliases=string_lists), max_size=2).map(tuple),
    log_driver=st.one_of(st.none(), st.builds(Driver, name=names, options=label_maps)),
    force_update=st.integers(0, 5),
)
modes = st.one_of(
    st.builds(Replicated, replicas=st.integers(0, 100)),
    st.just(Global()),
)
services = st.builds(
    ServiceSpec,
    name=names,
    labels=label_maps,
    task_template=task_specs,
    mode=modes,
    update_config=update_configs,
    rollback_config=update_configs,
    endpoint_spec=st.builds(
        EndpointSpec, mode=st.sampled_from(["vip", "dnsrr"]), ports=st.lists(ports, max_size=3).map(tuple)
    ),
)
jobs = st.builds(
    ServiceSpec,
    name=names,
    task_template=task_specs,
    mode=st.one_of(st.builds(ReplicatedJob, st.integers(0, 9), st.integers(0, 9)), st.just(GlobalJob())),
    update_config=st.none(),
)


def _published_once(spec: ServiceSpec) -> bool:
    seen = [(p.published_port, p.protocol) for p in spec.endpoint_spec.ports if p.published_port]
    return len(seen) == len(set(seen))


@settings(max_examples=200)
@given(services.filter(_published_once))
def test_service_spec_round_trips(spec):
    assert ServiceSpec.from_api(spec.to_api()) == spec


@given(jobs)
def test_job_spec_round_trips_without_update_config(spec):
    wire = spec.to_api()
    assert "UpdateConfig" not in wire
    assert ServiceSpec.from_api(wire) == spec


@given(
    st.builds(
        SwarmSpec,
        labels=label_maps,
        task_history_retention_limit=st.integers(0, 100),
        heartbeat_period=st.integers(1, 10**11),
        node_cert_expiry=st.integers(HOUR, 10**17),
        auto_lock_managers=st.booleans(),
        task_defaults_log_driver=st.one_of(st.none(), st.builds(Driver, name=names)),
    )
)
def test_swarm_spec_round_trips(spec):
    assert SwarmSpec.from_api(spec.to_api()) == spec


# -- the daemon's checks ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("body", "message"),
    [
        (web(TaskTemplate={"ContainerSpec": {}}), RPC + "ContainerSpec: image reference must be provided"),
        (
            web(TaskTemplate={"ContainerSpec": {"Image": "Nginx"}}),
            RPC + 'ContainerSpec: "Nginx" is not a valid repository/tag',
        ),
        (
            web(TaskTemplate={"ContainerSpec": {"Image": "a b"}}),
            RPC + 'ContainerSpec: "a b" is not a valid repository/tag',
        ),
        (web(TaskTemplate={}), "mismatched Runtime and *Spec fields"),
        ({"Name": "web"}, "mismatched Runtime and *Spec fields"),
        (template(Runtime="plugin"), "unsupported runtime"),
        (
            web(Mode={"Replicated": {"Replicas": -1}}),
            "invalid JSON: json: cannot unmarshal number -1 into Go struct field "
            "ReplicatedService.Mode.Replicated.Replicas of type uint64",
        ),
        (
            web(Mode={"Replicated": {"Replicas": "3"}}),
            "invalid JSON: json: cannot unmarshal string into Go struct field "
            "ReplicatedService.Mode.Replicated.Replicas of type uint64",
        ),
        (
            template(RestartPolicy={"Delay": "10s"}),
            "invalid JSON: json: cannot unmarshal string into Go struct field "
            "RestartPolicy.TaskTemplate.RestartPolicy.Delay of type time.Duration",
        ),
        (
            web(UpdateConfig={"Parallelism": 1.5}),
            "invalid JSON: json: cannot unmarshal number 1.5 into Go struct field "
            "UpdateConfig.UpdateConfig.Parallelism of type uint64",
        ),
        (
            web(Labels=["a"]),
            "invalid JSON: json: cannot unmarshal array into Go struct field "
            "serviceWithLegacy.Labels of type map[string]string",
        ),
        (web(Mode={"Global": {}, "Replicated": {}}), "must specify only one service mode"),
        (template(RestartPolicy={"Condition": "always"}), 'invalid RestartCondition: "always"'),
        (template(RestartPolicy={"Delay": -1}), RPC + "TaskSpec: restart-delay cannot be negative"),
        (template(RestartPolicy={"Window": -1}), RPC + "TaskSpec: restart-window cannot be negative"),
        (web(UpdateConfig={"FailureAction": "explode"}), "unrecognized update failure action explode"),
        (web(RollbackConfig={"Order": "random"}), "unrecognized update order random"),
        (web(UpdateConfig={"Delay": -1}), RPC + "TaskSpec: update-delay cannot be negative"),
        (web(UpdateConfig={"Monitor": -1}), RPC + "TaskSpec: update-monitor cannot be negative"),
        (
            web(UpdateConfig={"MaxFailureRatio": 1.5}),
            RPC + "TaskSpec: update-maxfailureratio cannot be less than 0 or bigger than 1",
        ),
        (web(EndpointSpec={"Mode": "VIP"}), 'invalid resolution mode: "VIP"'),
        (
            web(
                EndpointSpec={
                    "Ports": [{"TargetPort": 80, "PublishedPort": 8080}, {"TargetPort": 81, "PublishedPort": 8080}]
                }
            ),
            RPC + "EndpointSpec: duplicate published ports provided",
        ),
        (
            web(EndpointSpec={"Mode": "dnsrr", "Ports": [{"TargetPort": 80, "PublishedPort": 8080}]}),
            RPC + "EndpointSpec: port published with ingress mode can't be used with dnsrr mode",
        ),
        (
            template(Resources={"Reservations": {"NanoCPUs": 100_000}}),
            RPC + "invalid cpu value 0.0001: Must be at least 0.001",
        ),
        (template(Resources={"Limits": {"NanoCPUs": 1}}), RPC + "invalid cpu value 1e-09: Must be at least 0.001"),
        (
            template(Resources={"Limits": {"MemoryBytes": 1024}}),
            RPC + "invalid memory value 1024: Must be at least 4MiB",
        ),
        (
            template(ContainerSpec={"Image": "nginx", "Healthcheck": {"Interval": 1000}}),
            RPC + "ContainerSpec: Interval in HealthConfig cannot be less than 1ms",
        ),
        (
            template(ContainerSpec={"Image": "nginx", "Healthcheck": {"Retries": -1}}),
            RPC + "ContainerSpec: Retries in HealthConfig cannot be negative",
        ),
        (web(Name="web_"), RPC + "name must be valid as a DNS name component"),
        (web(Name="a" * 64), RPC + "name must be 63 characters or fewer"),
        (web(Mode={"GlobalJob": {}}, UpdateConfig={}), RPC + "Jobs may not have an update config"),
    ],
)
def test_invalid_service_specs_get_the_daemons_400(body, message):
    with pytest.raises(InvalidArgument) as raised:
        ServiceSpec.from_api(body)
    assert str(raised.value) == message
    assert raised.value.status == 400


def test_bad_constraints_are_a_500_unknown_rpc_error():
    with pytest.raises(DockerError) as raised:
        ServiceSpec.from_api(template(Placement={"Constraints": ["node.role=manager"]}))
    assert str(raised.value) == "rpc error: code = Unknown desc = constraint expected one operator from ==, !="
    assert raised.value.status == 500
    assert not isinstance(raised.value, InvalidArgument)


def test_daemon_conversion_quirks_are_kept():
    spec = ServiceSpec.from_api(
        web(
            UpdateConfig={"Delay": 1},
            EndpointSpec={"Ports": [{"Protocol": "UDP", "TargetPort": 53}, {"Protocol": "quic", "PublishMode": "x"}]},
            Mode={"Replicated": {}},
        )
    )
    assert spec.update_config == UpdateConfig(parallelism=0, delay=1)  # zero parallelism when omitted
    assert [(p.protocol, p.publish_mode) for p in spec.endpoint_spec.ports] == [("udp", "ingress"), ("tcp", "ingress")]
    assert spec.mode == Replicated(1)
    assert ServiceSpec.from_api(web(UpdateConfig={"Monitor": 0})).update_config.monitor == 5 * SECOND
    job = ServiceSpec.from_api(web(Mode={"ReplicatedJob": {"MaxConcurrent": 4}}))
    assert job.mode == ReplicatedJob(4, 4) and job.update_config is None


def test_empty_name_is_left_for_the_daemon_to_generate():
    assert ServiceSpec.from_api(web(Name="")).name == ""


def test_from_api_does_not_modify_the_request():
    body = web(Mode={"Replicated": {"Replicas": 2}})
    before = copy.deepcopy(body)
    ServiceSpec.from_api(body)
    assert body == before


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"CAConfig": {"NodeCertExpiry": 60 * SECOND}}, RPC + "minimum certificate expiry time is: 1h0m0s"),
        ({"Dispatcher": {"HeartbeatPeriod": -SECOND}}, RPC + "heartbeat time period cannot be a negative duration"),
        ({"Name": "prod"}, RPC + "modification of cluster name is not allowed"),
    ],
)
def test_invalid_swarm_specs(body, message):
    with pytest.raises(InvalidArgument, match="^" + message.replace("(", r"\(") + "$"):
        SwarmSpec.from_api(body)


def test_swarm_update_keeps_settings_left_at_zero():
    base = SwarmSpec(task_history_retention_limit=10, heartbeat_period=7 * SECOND)
    merged = SwarmSpec.from_api({"Raft": {"SnapshotInterval": 0, "ElectionTick": 20}, "EncryptionConfig": {}}, base)
    assert merged.heartbeat_period == 7 * SECOND
    assert merged.task_history_retention_limit == 10
    assert merged.raft.election_tick == 20 and merged.raft.snapshot_interval == 10000


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"Role": "boss", "Availability": "active"}, 'invalid Role: "boss"'),
        ({"Availability": "active"}, 'invalid Role: ""'),
        ({"Role": "worker", "Availability": "sleep"}, 'invalid Availability: "sleep"'),
    ],
)
def test_invalid_node_specs(body, message):
    with pytest.raises(InvalidArgument, match=f"^{message}$"):
        NodeSpec.from_api(body)


@pytest.mark.parametrize(
    ("value", "text"),
    [(0.0005, "0.0005"), (0.001, "0.001"), (1e-9, "1e-09"), (1e6, "1e+06"), (123456.0, "123456"), (2.5, "2.5")],
)
def test_go_g_float_formatting(value, text):
    assert format_go_float(value) == text
