"""caasnb.platforms: exports are valid YAML/JSON with the right kinds and fields; the update and failure models."""

from __future__ import annotations

import json
import re

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import caasnb
from caasnb.errors import NotFound
from caasnb.platforms import features, kubernetes, marathon, semantics, to_kubernetes, to_marathon
from caasnb.platforms.spec import dns_label, update_budget

DNS_LABEL = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?")
LABEL_VALUE = re.compile(r"(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?")
WEB = (
    "service create -d --name web --replicas 3 -p 8080:80 --env A=1 --label tier=front --limit-cpu 0.5 "
    "--limit-memory 128M --reserve-memory 64M --update-parallelism 2 --update-order start-first "
    '--health-cmd "curl -f localhost" --health-interval 5s --health-retries 4 --constraint node.labels.zone==a '
    "--constraint node.role!=manager --placement-pref spread=node.labels.zone nginx:1.27 nginx -g daemon"
)

PINNED = "nginx:1.27@sha256:369f799b13a3e70b3391b87ecb08e41cce8e9e520d9d4b2141e5dae35b1695e2"
"""What `service create nginx:1.27` runs: the reference the CLI pinned to the registry's digest; exports keep it."""


@pytest.fixture(scope="module")
def cluster():
    c = caasnb.Cluster(managers=1, workers=1, seed=3)
    assert c.docker(WEB).exit_code == 0
    assert c.docker("service create -d --name agent --mode global alpine sleep 1d").exit_code == 0
    assert c.docker("service create -d --name batch --mode replicated-job --replicas 2 alpine true").exit_code == 0
    assert c.docker("service create -d --name plain redis:7").exit_code == 0
    return c


def documents(text):
    return list(yaml.safe_load_all(text))


def test_a_replicated_service_is_a_deployment_and_a_load_balancer(cluster):
    deployment, service = documents(to_kubernetes(cluster, service="web"))
    assert (deployment["apiVersion"], deployment["kind"]) == ("apps/v1", "Deployment")
    assert (service["apiVersion"], service["kind"]) == ("v1", "Service")
    spec = deployment["spec"]
    assert spec["replicas"] == 3
    assert spec["selector"]["matchLabels"].items() <= spec["template"]["metadata"]["labels"].items()
    assert spec["strategy"] == {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 2, "maxUnavailable": 0}}
    assert spec["minReadySeconds"] == 5
    pod = spec["template"]["spec"]
    assert pod["restartPolicy"] == "Always"
    (container,) = pod["containers"]
    assert container["image"] == PINNED and container["args"] == ["nginx", "-g", "daemon"]
    assert container["env"] == [{"name": "A", "value": "1"}]
    assert container["ports"] == [{"containerPort": 80, "protocol": "TCP"}]
    assert container["resources"] == {"limits": {"cpu": "500m", "memory": "128Mi"}, "requests": {"memory": "64Mi"}}
    probe = {"exec": {"command": ["/bin/sh", "-c", "curl -f localhost"]}, "periodSeconds": 5}
    assert (
        container["livenessProbe"]
        == container["readinessProbe"]
        == {**probe, "timeoutSeconds": 30, "failureThreshold": 4}
    )
    assert pod["nodeSelector"] == {"zone": "a"}
    expressions = pod["affinity"]["nodeAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"]
    assert expressions["nodeSelectorTerms"][0]["matchExpressions"] == [
        {"key": "node-role.kubernetes.io/control-plane", "operator": "DoesNotExist"}
    ]
    assert pod["topologySpreadConstraints"][0]["topologyKey"] == "zone"
    assert deployment["metadata"]["labels"]["tier"] == "front"
    assert service["spec"]["type"] == "LoadBalancer"
    assert service["spec"]["selector"] == spec["selector"]["matchLabels"]
    assert service["spec"]["ports"] == [{"name": "tcp-8080", "protocol": "TCP", "port": 8080, "targetPort": 80}]


def test_global_and_job_modes_and_no_service_without_ports(cluster):
    (daemonset,) = documents(to_kubernetes(cluster, service="agent"))
    assert (daemonset["apiVersion"], daemonset["kind"]) == ("apps/v1", "DaemonSet")
    assert "replicas" not in daemonset["spec"] and daemonset["spec"]["updateStrategy"]["type"] == "RollingUpdate"
    (job,) = documents(to_kubernetes(cluster, service="batch"))
    assert (job["apiVersion"], job["kind"]) == ("batch/v1", "Job")
    assert (job["spec"]["parallelism"], job["spec"]["completions"]) == (2, 2)
    assert job["spec"]["template"]["spec"]["restartPolicy"] == "OnFailure"
    (deployment,) = documents(to_kubernetes(cluster, service="plain"))
    assert deployment["spec"]["strategy"]["rollingUpdate"] == {"maxSurge": 0, "maxUnavailable": 1}


def test_every_exported_object_has_valid_names_and_label_values(cluster):
    stack = caasnb.Cluster(managers=1, workers=0, seed=4)
    compose = "services:\n  Web_Front:\n    image: nginx:1.27\n  db:\n    image: redis:7\n"
    assert stack.docker("stack deploy -c - Shop", stdin=compose).exit_code == 0
    for text in (to_kubernetes(stack, stack="Shop"), *(to_kubernetes(cluster, service=s) for s in ("web", "agent"))):
        for doc in documents(text):
            assert {"apiVersion", "kind", "metadata", "spec"} <= doc.keys()
            assert DNS_LABEL.fullmatch(doc["metadata"]["name"]) and len(doc["metadata"]["name"]) <= 63
            assert all(LABEL_VALUE.fullmatch(v) for v in doc["metadata"]["labels"].values())
    names = [d["metadata"]["name"] for d in documents(to_kubernetes(stack, stack="Shop"))]
    assert names == ["shop-web-front", "shop-db"] or names == ["shop-db", "shop-web-front"]
    annotations = documents(to_kubernetes(stack, stack="Shop"))[0]["metadata"]["annotations"]
    assert annotations["com.docker.stack.image"] in ("redis:7", "nginx:1.27")  # not a valid label value: annotated


def test_exports_read_through_the_engine_api(cluster):
    with pytest.raises(NotFound):
        to_kubernetes(cluster, service="nope")
    with pytest.raises(NotFound, match="Nothing found in stack: nope"):
        to_kubernetes(cluster, stack="nope")
    with pytest.raises(ValueError):
        to_kubernetes(cluster)


def test_marathon_app(cluster):
    app = json.loads(to_marathon(cluster, service="web"))
    assert app["id"] == "/web" and app["instances"] == 3
    assert (app["cpus"], app["mem"]) == (0.5, 128.0)
    assert app["container"] == {
        "type": "DOCKER",
        "docker": {"image": PINNED},
        "portMappings": [{"containerPort": 80, "hostPort": 0, "servicePort": 8080, "protocol": "tcp"}],
    }
    assert app["upgradeStrategy"] == {"minimumHealthCapacity": 1.0, "maximumOverCapacity": 0.667}
    assert app["args"] == ["nginx", "-g", "daemon"] and app["env"] == {"A": "1"}
    assert app["constraints"] == [["zone", "CLUSTER", "a"], ["role", "UNLIKE", "manager"], ["zone", "GROUP_BY"]]
    assert app["healthChecks"][0]["protocol"] == "COMMAND"
    assert app["healthChecks"][0]["command"] == {"value": "curl -f localhost"}
    assert (app["backoffSeconds"], app["backoffFactor"], app["maxLaunchDelaySeconds"]) == (1, 1.15, 3600)
    agent = json.loads(to_marathon(cluster, service="agent"))
    assert agent["instances"] == 2 and ["hostname", "UNIQUE"] in agent["constraints"]


def test_a_stack_is_a_marathon_group():
    c = caasnb.Cluster(managers=1, workers=0, seed=5)
    c.docker(
        "stack deploy -c - shop",
        stdin="services:\n  web:\n    image: nginx:1.27\n    command: nginx -g 'daemon off;'\n",
    )
    group = json.loads(to_marathon(c, stack="shop"))
    assert group["id"] == "/shop" and [a["id"] for a in group["apps"]] == ["/shop/web"]
    assert group["apps"][0]["args"] == ["nginx", "-g", "daemon off;"]


def test_dns_label():
    assert dns_label("Shop_Web.1") == "shop-web-1"
    assert len(dns_label("x" * 100)) == 63


@pytest.mark.parametrize(
    "update, expected",
    [
        ({}, (0, 1)),
        ({"Parallelism": 3, "Order": "start-first"}, (3, 0)),
        ({"Parallelism": 0}, (0, 5)),
    ],
)
def test_update_budget(update, expected):
    spec = {"Mode": {"Replicated": {"Replicas": 5}}, **({"UpdateConfig": update} if update else {})}
    budget = update_budget(spec)
    assert (budget.max_surge, budget.max_unavailable) == expected


def test_manifests_roundtrip_plain_yaml():
    spec = {"Name": "w", "TaskTemplate": {"ContainerSpec": {"Image": "nginx"}}, "Labels": {"a": "b"}}
    text = kubernetes.to_yaml(kubernetes.manifests([spec, spec]))
    assert "&id" not in text and len(documents(text)) == 2
    assert marathon.app(spec)["instances"] == 0  # a spec without a mode: replicated without a count


# -- the update and failure models ------------------------------------------------------
def test_swarm_batches_take_start_plus_delay_each():
    timeline = semantics.swarm_update(6, start_s=10, parallelism=2, delay_s=5)
    assert timeline.duration == 3 * 10 + 2 * 5
    assert (timeline.min_serving, timeline.peak_running) == (4, 6)
    assert timeline.points[-1].new == 6 and timeline.points[-1].old == 0


def test_marathon_defaults_start_everything_then_stop_everything():
    timeline = semantics.marathon_update(4, start_s=10)
    assert (timeline.duration, timeline.min_serving, timeline.peak_running) == (10, 4, 8)


def test_a_budget_without_room_is_refused():
    with pytest.raises(ValueError, match="no room to move"):
        semantics.surge_update("kubernetes", 3, 10, 0, 0)


@settings(max_examples=80, deadline=None)
@given(
    replicas=st.integers(1, 12),
    start=st.integers(1, 30),
    surge=st.integers(0, 5),
    unavailable=st.integers(0, 5),
)
def test_surge_update_respects_its_budget_and_finishes(replicas, start, surge, unavailable):
    if surge == 0 and unavailable == 0:
        return
    timeline = semantics.surge_update("kubernetes", replicas, start, surge, unavailable)
    assert timeline.min_serving >= max(replicas - unavailable, 0)
    assert timeline.peak_running <= replicas + surge
    assert (timeline.points[-1].old, timeline.points[-1].new) == (0, replicas)
    assert all(a.t < b.t for a, b in zip(timeline.points, timeline.points[1:], strict=False))


def test_failure_models():
    recovered = {p: semantics.node_loss_recovery(p, start_s=10)["recovered_s"] for p in semantics.PLATFORMS}
    assert recovered == {"swarm": 25.0, "kubernetes": 350.0, "marathon": 85.0}
    assert semantics.restart_delays("kubernetes", 9) == [0, 10, 20, 40, 80, 160, 300, 300, 300]
    assert semantics.restart_delays("swarm", 3) == [5.0, 5.0, 5.0]
    assert semantics.restart_delays("marathon", 3) == [1.0, 1.15, 1.322]
    assert semantics.restarts_within("kubernetes", 600) < semantics.restarts_within("marathon", 600)


def test_feature_table_has_a_cell_for_every_platform():
    lines = features.table().splitlines()
    assert lines[0] == "| feature | Swarm | Kubernetes | Mesos/Marathon | Docker EE |"
    assert all(line.count(" | ") == 4 for line in lines[2:])


@settings(max_examples=60, deadline=None)
@given(
    replicas=st.integers(1, 12),
    parallelism=st.integers(0, 6),
    delay=st.integers(0, 20),
    order=st.sampled_from(["stop-first", "start-first"]),
)
def test_swarm_update_batches(replicas, parallelism, delay, order):
    timeline = semantics.swarm_update(replicas, 10, parallelism, delay, order)
    batch = min(parallelism or replicas, replicas)
    batches = -(-replicas // batch)
    assert timeline.duration == batches * 10 + (batches - 1) * delay
    if order == "stop-first":
        assert timeline.min_serving == replicas - batch and timeline.peak_running == replicas
    else:
        assert timeline.min_serving == replicas and timeline.peak_running == replicas + batch


def test_marathon_ids_are_lowercase_paths():
    c = caasnb.Cluster(managers=1, workers=0, seed=6)
    c.docker("stack deploy -c - Shop", stdin="services:\n  Web_Front:\n    image: nginx:1.27\n")
    group = json.loads(to_marathon(c, stack="Shop"))
    assert group["id"] == "/shop" and group["apps"][0]["id"] == "/shop/web-front"


def test_mounts_become_claims_and_pod_volumes():
    mounts = [
        {"Type": "volume", "Source": "shop_data", "Target": "/data"},
        {"Type": "bind", "Source": "/etc/hosts", "Target": "/h", "ReadOnly": True},
        {"Type": "tmpfs", "Target": "/tmp"},
        {"Type": "volume", "Target": "/scratch"},
    ]
    spec = {"Name": "db", "TaskTemplate": {"ContainerSpec": {"Image": "redis:7", "Mounts": mounts}}}
    claim, deployment = documents(kubernetes.to_yaml(kubernetes.manifests([spec, spec])))[:2]
    assert (claim["kind"], claim["metadata"]["name"]) == ("PersistentVolumeClaim", "shop-data")
    assert claim["spec"]["accessModes"] == ["ReadWriteOnce"]
    pod = deployment["spec"]["template"]["spec"]
    assert pod["volumes"] == [
        {"name": "shop-data", "persistentVolumeClaim": {"claimName": "shop-data"}},
        {"name": "scratch-1", "hostPath": {"path": "/etc/hosts"}},
        {"name": "scratch-2", "emptyDir": {"medium": "Memory"}},
        {"name": "scratch-3", "emptyDir": {}},
    ]
    assert pod["containers"][0]["volumeMounts"] == [
        {"name": "shop-data", "mountPath": "/data"},
        {"name": "scratch-1", "mountPath": "/h", "readOnly": True},
        {"name": "scratch-2", "mountPath": "/tmp"},
        {"name": "scratch-3", "mountPath": "/scratch"},
    ]
    kinds = [d["kind"] for d in documents(kubernetes.to_yaml(kubernetes.manifests([spec, spec])))]
    assert kinds == ["PersistentVolumeClaim", "Deployment", "Deployment"]  # one claim, shared
