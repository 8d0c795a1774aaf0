"""Registries: docker login/logout, private registries, push/pull round trips, and swarm tasks pulling them."""

# ruff: noqa: E501  (golden Docker messages stay whole on one line)

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import caasnb
from caasnb.errors import CLIResult
from caasnb.images import REPOSITORIES
from caasnb.registry import decode_auth, encode_auth

REGISTRY = "registry.example:5000"
PASSWORD_WARNING = "WARNING! Using --password via the CLI is insecure. Use --password-stdin.\n"
STORED_WARNING = (
    "\nWARNING! Your credentials are stored unencrypted in '/root/.docker/config.json'.\n"
    "Configure a credential helper to remove this warning. See\n"
    "https://docs.docker.com/go/credential-store/\n\n"
)


@pytest.fixture
def world():
    cluster = caasnb.Cluster(managers=1, workers=2, seed=7)
    cluster.registries.start(REGISTRY, host="manager-1", users={"alice": "s3cret"}, require_login=True)
    cluster.docker("pull -q nginx:1.27", on="manager-1")
    cluster.docker(f"tag nginx:1.27 {REGISTRY}/team/web:1.0", on="manager-1")
    return cluster


def test_golden_login_and_logout(world):
    assert world.docker(f"login -u alice -p wrong {REGISTRY}", on="manager-1") == CLIResult(
        1,
        "",
        PASSWORD_WARNING
        + f"Error response from daemon: login attempt to https://{REGISTRY}/v2/ failed with status: 401 Unauthorized\n",
    )
    assert world.docker(f"login -u alice -p s3cret {REGISTRY}", on="manager-1") == CLIResult(
        0, "Login Succeeded\n", PASSWORD_WARNING + STORED_WARNING
    )
    assert world.docker(f"login -u alice --password-stdin {REGISTRY}", on="manager-1", stdin="s3cret\n") == CLIResult(
        0, "Login Succeeded\n", ""
    )  # the same credentials again: nothing new stored, no warning
    assert world.docker(f"logout {REGISTRY}", on="manager-1") == CLIResult(
        0, f"Removing login credentials for {REGISTRY}\n"
    )
    assert world.registries.client("manager-1").auths == {}


@pytest.mark.parametrize(
    ("line", "err"),
    [
        ("login", "Error: Cannot perform an interactive login from a non TTY device\n"),
        (
            "login -u alice -p x --password-stdin",
            "conflicting options: cannot specify both --password and --password-stdin\n",
        ),
        ("login --password-stdin", "the --password-stdin option requires --username to be set\n"),
        ("login -u '' -p x", "username is empty\n"),
    ],
)
def test_login_usage_errors(world, line, err):
    assert world.docker(line, on="manager-1") == CLIResult(1, "", err)


def test_docker_hub_refuses_a_wrong_password(world):
    assert world.docker("login -u alice -p nope", on="manager-1").stderr.endswith(
        'Error response from daemon: Get "https://registry-1.docker.io/v2/": unauthorized: incorrect username or password\n'
    )


def test_a_private_registry_denies_without_login(world):
    assert world.docker(f"push {REGISTRY}/team/web:1.0", on="manager-1") == CLIResult(
        1,
        f"The push refers to repository [{REGISTRY}/team/web]\n"
        + "".join(f"{layer}: Preparing\n" for layer in _layers(world, "nginx:1.27")),
        "no basic auth credentials\n",
    )
    world.docker(f"login -u alice -p s3cret {REGISTRY}", on="manager-1")
    pushed = world.docker(f"push {REGISTRY}/team/web:1.0", on="manager-1")
    assert pushed.exit_code == 0
    assert pushed.stdout.splitlines()[-1] == (
        "1.0: digest: sha256:369f799b13a3e70b3391b87ecb08e41cce8e9e520d9d4b2141e5dae35b1695e2 size: 1355"
    )
    assert world.docker(f"pull {REGISTRY}/team/web:1.0", on="worker-1") == CLIResult(
        1,
        "",
        f'Error response from daemon: Head "https://{REGISTRY}/v2/team/web/manifests/1.0": no basic auth credentials\n',
    )  # credentials belong to the client on manager-1


def test_push_of_a_missing_tag_and_to_someone_elses_hub_repository(world):
    assert world.docker("push ghost:1", on="manager-1") == CLIResult(
        1,
        "The push refers to repository [docker.io/library/ghost]\n",
        "An image does not exist locally with the tag: ghost\n",
    )
    assert world.docker("push nginx:1.27", on="manager-1") == CLIResult(
        1,
        "The push refers to repository [docker.io/library/nginx]\n"
        + "".join(f"{layer}: Preparing\n" for layer in _layers(world, "nginx:1.27")),
        "denied: requested access to the resource is denied\n",
    )


def _layers(cluster, ref):
    return [layer.digest[7:19] for layer in reversed(cluster.daemons["manager-1"].images.get(ref).layers)]


def test_a_registry_on_a_crashed_host_cannot_be_reached(world):
    world.docker(f"login -u alice -p s3cret {REGISTRY}", on="manager-1")
    world.docker(f"push -q {REGISTRY}/team/web:1.0", on="manager-1")
    world.crash("manager-1")
    world.docker(f"login -u alice -p s3cret {REGISTRY}", on="worker-1")
    assert world.docker(f"pull {REGISTRY}/team/web:1.0", on="worker-1").stderr == (
        f'Error response from daemon: Get "https://{REGISTRY}/v2/": dial tcp 192.168.99.100:5000: i/o timeout\n'
    )


def test_a_localhost_registry_answers_only_on_its_own_host_unless_published():
    cluster = caasnb.Cluster(hosts=2, seed=7)
    cluster.registries.start("localhost:5000", host="host-1")
    cluster.docker("pull -q alpine:3.20", on="host-1")
    cluster.docker("tag alpine:3.20 localhost:5000/tools", on="host-1")
    assert cluster.docker("push -q localhost:5000/tools", on="host-1").stdout == "localhost:5000/tools:latest\n"
    assert "connect: connection refused" in cluster.docker("pull localhost:5000/tools", on="host-2").stderr
    cluster.registries.published.add("localhost:5000")
    assert cluster.docker("pull -q localhost:5000/tools", on="host-2").stdout == "localhost:5000/tools:latest\n"


def test_without_registry_auth_swarm_workers_reject_a_private_image(world):
    world.docker(f"login -u alice -p s3cret {REGISTRY}", on="manager-1")
    world.docker(f"push -q {REGISTRY}/team/web:1.0", on="manager-1")
    world.docker(f"service create -d --name web --replicas 3 {REGISTRY}/team/web:1.0", on="manager-1")
    world.run(20)
    lines = world.docker(
        "service ps --no-trunc --format '{{.Node}} {{.CurrentState}} {{.Error}}' web"
    ).stdout.splitlines()
    assert any(line.startswith("manager-1 Running") for line in lines)  # the image is there already
    rejected = [line for line in lines if line.startswith("worker-")]
    assert rejected and all(
        "Rejected" in line and line.endswith(f'"No such image: {REGISTRY}/team/web:1.0"') for line in rejected
    )


@pytest.mark.parametrize("how", ["create", "update", "stack"])
def test_with_registry_auth_workers_pull_a_private_image_and_inspect_hides_it(world, how):
    world.docker(f"login -u alice -p s3cret {REGISTRY}", on="manager-1")
    world.docker(f"push -q {REGISTRY}/team/web:1.0", on="manager-1")
    if how == "stack":
        compose = f"services:\n  web:\n    image: {REGISTRY}/team/web:1.0\n    deploy:\n      replicas: 3\n"
        world.docker("stack deploy -q --with-registry-auth -c - shop", on="manager-1", stdin=compose)
        name = "shop_web"
    else:
        auth = "--with-registry-auth " if how == "create" else ""
        world.docker(f"service create -d {auth}--name web --replicas 3 {REGISTRY}/team/web:1.0", on="manager-1")
        if how == "update":
            world.run(20)
            world.docker("service update -d --with-registry-auth --force web", on="manager-1")
        name = "web"
    world.run(40)
    states = world.docker(f"service ps --format '{{{{.Node}}}} {{{{.CurrentState}}}}' -f desired-state=running {name}")
    assert sorted(line.split()[1] for line in states.stdout.splitlines()) == ["Running"] * 3
    assert "worker-1" in states.stdout and "worker-2" in states.stdout
    service = world.docker(f"service inspect {name}", on="manager-1").stdout
    assert "s3cret" not in service and "RegistryAuth" not in service and "PullOptions" not in service
    update = world.docker(f"service update -d --env-add A=1 {name}", on="manager-1")  # the stored login is kept
    assert update.exit_code == 0
    world.run(60)
    states = world.docker(f"service ps --format '{{{{.CurrentState}}}}' -f desired-state=running {name}")
    assert sorted(line.split()[0] for line in states.stdout.splitlines()) == ["Running"] * 3


def test_the_auth_header_round_trips():
    auth = {"username": "alice", "password": "s3cret", "serveraddress": REGISTRY}
    assert decode_auth(encode_auth(auth)) == auth
    assert decode_auth("") is None and decode_auth("%%%") is None


RELEASES = [(repo.path.removeprefix("library/"), release.tags[0]) for repo in REPOSITORIES for release in repo.releases]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(image=st.sampled_from(RELEASES), puller=st.sampled_from(["worker-1", "worker-2", "manager-1"]))
def test_push_then_pull_gives_the_same_digest(image, puller):
    name, tag = image
    cluster = caasnb.Cluster(managers=1, workers=2, seed=3)
    cluster.registries.start("localhost:5000", host="manager-1", published=True)
    cluster.docker(f"pull -q {name}:{tag}", on="manager-1")
    cluster.docker(f"tag {name}:{tag} localhost:5000/{name}:{tag}", on="manager-1")
    pushed = cluster.docker(f"push localhost:5000/{name}:{tag}", on="manager-1").stdout.splitlines()[-1]
    digest = pushed.split("digest: ")[1].split()[0]
    pulled = cluster.docker(f"pull localhost:5000/{name}:{tag}", on=puller).stdout.splitlines()
    assert f"Digest: {digest}" in pulled
    assert cluster.daemons[puller].images.get(f"localhost:5000/{name}:{tag}").id == (
        cluster.daemons["manager-1"].images.get(f"{name}:{tag}").id
    )


def test_a_push_mounts_blobs_the_registry_already_has():
    cluster = caasnb.Cluster(hosts=1, seed=7)
    cluster.registries.hub.users["alice"] = "pw"
    cluster.docker("pull -q alpine:3.20", on="host-1")
    cluster.docker("tag alpine:3.20 alice/tools", on="host-1")
    cluster.docker("login -u alice -p pw", on="host-1")
    first = cluster.docker("push alice/tools", on="host-1").stdout.splitlines()
    assert first[2:4] == ["e321e718987f: Preparing", "e321e718987f: Mounted from library/alpine"]
    again = cluster.docker("push alice/tools", on="host-1").stdout.splitlines()
    assert again[3] == "e321e718987f: Layer already exists"


def test_a_private_hub_repository_is_denied_to_anyone_but_its_owner():
    cluster = caasnb.Cluster(hosts=2, seed=7)
    hub = cluster.registries.hub
    hub.users.update({"alice": "pw", "bob": "pw2"})
    content = REPOSITORIES[0].content(REPOSITORIES[0].releases[0])
    hub.store("alice/secret", "v1", content, private=True, owner="alice")
    denied = (
        "Error response from daemon: pull access denied for alice/secret, repository does not exist or may require "
        "'docker login': denied: requested access to the resource is denied\n"
    )
    assert cluster.docker("pull alice/secret:v1", on="host-1") == CLIResult(1, "", denied)
    cluster.docker("login -u bob -p pw2", on="host-1")
    assert cluster.docker("pull alice/secret:v1", on="host-1").stderr == denied
    cluster.docker("login -u alice -p pw", on="host-2")
    assert cluster.docker("pull -q alice/secret:v1", on="host-2").stdout == "docker.io/alice/secret:v1\n"


def test_a_slow_underlay_link_slows_a_pull_from_a_cluster_registry():
    def pull_seconds(rate):
        cluster = caasnb.Cluster(hosts=2, seed=7)
        cluster.registries.start("localhost:5000", host="host-1", published=True)
        cluster.docker("pull -q postgres:16", on="host-1")
        cluster.docker("tag postgres:16 localhost:5000/db:16", on="host-1")
        cluster.docker("push -q localhost:5000/db:16", on="host-1")
        if rate:
            cluster.net.set_link("host-1", "host-2", rate=rate)
        start = cluster.now
        cluster.docker("pull -q localhost:5000/db:16", on="host-2")
        return cluster.now - start

    assert pull_seconds(0) < 2  # 150 MB over the LAN's ~110 MB/s
    assert 14 < pull_seconds(10_000_000) < 16  # capped at 10 MB/s


def test_a_registry_container_keeps_its_images_in_its_volume():
    cluster = caasnb.Cluster(hosts=2, seed=7)
    run = "run -d -p 5000:5000 --name registry -v {volume}:/var/lib/registry registry:2"
    assert cluster.docker(run.format(volume="regdata"), on="host-1").exit_code == 0
    cluster.docker("pull -q alpine:3.20", on="host-1")
    cluster.docker("tag alpine:3.20 localhost:5000/tools:1", on="host-1")
    assert cluster.docker("push -q localhost:5000/tools:1", on="host-1").stdout == "localhost:5000/tools:1\n"
    assert cluster.docker("pull localhost:5000/tools:1", on="host-2").stderr == (
        'Error response from daemon: Get "http://localhost:5000/v2/": dial tcp [::1]:5000: connect: connection refused\n'
    )  # localhost is each host's own
    cluster.docker("pull -q alpine:3.20", on="host-2")
    cluster.docker("tag alpine:3.20 192.168.99.100:5000/tools:1", on="host-2")
    assert cluster.docker("push 192.168.99.100:5000/tools:1", on="host-2") == CLIResult(
        1,
        "The push refers to repository [192.168.99.100:5000/tools]\n",
        'Get "https://192.168.99.100:5000/v2/": http: server gave HTTP response to HTTPS client\n',
    )  # registry:2 speaks plain HTTP: only localhost is trusted without TLS
    cluster.docker("rm -f registry", on="host-1")
    cluster.docker("rmi localhost:5000/tools:1", on="host-1")
    cluster.docker(run.format(volume="regdata"), on="host-1")
    assert cluster.docker("pull -q localhost:5000/tools:1", on="host-1").stdout == "localhost:5000/tools:1\n"
    cluster.docker("rm -f registry", on="host-1")
    cluster.docker(run.format(volume="fresh"), on="host-1")
    assert cluster.docker("pull localhost:5000/tools:1", on="host-1").stderr == (
        "Error response from daemon: manifest for localhost:5000/tools:1 not found: manifest unknown: manifest unknown\n"
    )


def test_a_registry_service_answers_on_every_node_through_the_mesh():
    cluster = caasnb.Cluster(managers=1, workers=2, seed=7)
    cluster.docker("service create -d --name registry -p 5000:5000 --constraint node.role==manager registry:2")
    cluster.run(20)
    cluster.docker("pull -q busybox:1.36", on="worker-1")
    cluster.docker("tag busybox:1.36 localhost:5000/box", on="worker-1")
    assert cluster.docker("push -q localhost:5000/box", on="worker-1").exit_code == 0
    assert cluster.docker("pull -q localhost:5000/box", on="worker-2").stdout == "localhost:5000/box:latest\n"
    cluster.crash("manager-1")  # the only registry task, and its storage, are gone with it
    assert "connect: connection refused" in cluster.docker("pull localhost:5000/box", on="worker-2").stderr


def test_login_without_flags_tries_the_stored_credentials():
    cluster = caasnb.Cluster(hosts=1, seed=7)
    cluster.registries.hub.users["alice"] = "pw"
    cluster.docker("login -u alice -p pw", on="host-1")
    note = (
        "Authenticating with existing credentials... [Username: alice]\n\n"
        " Info -> To login with a different account, run 'docker logout' followed by 'docker login'\n\n\n"
    )
    assert cluster.docker("login", on="host-1") == CLIResult(0, "Login Succeeded\n", note)
    cluster.registries.hub.users["alice"] = "rotated"
    assert cluster.docker("login", on="host-1") == CLIResult(
        1,
        "",
        note + "Stored credentials invalid or expired\n"
        "Error: Cannot perform an interactive login from a non TTY device\n",
    )
