"""docker pull / images / tag / rmi / history / inspect end to end: golden outputs and Docker's errors."""

# ruff: noqa: E501  (golden Docker messages stay whole on one line)

from __future__ import annotations

import json

import pytest

import caasnb
from caasnb.errors import CLIResult

ALPINE_DIGEST = "sha256:a9ab0ea99099b91ce1280cbf6cbb0c010de09e7ce227ae0f36d3903ef98cd9f4"
ALPINE_ID = "sha256:acb3860314d4a12705d416afdb5b98ec40ce6dfbedb5b6a6abcecc708ba1cf61"


@pytest.fixture
def hosts():
    return caasnb.Cluster(hosts=2, seed=7)


def test_golden_pull_of_a_one_layer_image(hosts):
    assert hosts.docker("pull alpine:3.20", on="host-1") == CLIResult(
        0,
        "3.20: Pulling from library/alpine\n"
        "e321e718987f: Pulling fs layer\n"
        "e321e718987f: Verifying Checksum\n"
        "e321e718987f: Download complete\n"
        "e321e718987f: Pull complete\n"
        f"Digest: {ALPINE_DIGEST}\n"
        "Status: Downloaded newer image for alpine:3.20\n"
        "docker.io/library/alpine:3.20\n",
    )


def test_pulling_again_is_up_to_date_and_a_second_tag_reuses_the_layers(hosts):
    hosts.docker("pull alpine:3.20", on="host-1")
    assert hosts.docker("pull alpine:3.20", on="host-1").stdout == (
        "3.20: Pulling from library/alpine\n"
        f"Digest: {ALPINE_DIGEST}\n"
        "Status: Image is up to date for alpine:3.20\n"
        "docker.io/library/alpine:3.20\n"
    )
    assert hosts.docker("pull alpine", on="host-1").stdout == (
        "Using default tag: latest\n"
        "latest: Pulling from library/alpine\n"
        "e321e718987f: Already exists\n"
        f"Digest: {ALPINE_DIGEST}\n"
        "Status: Downloaded newer image for alpine:latest\n"
        "docker.io/library/alpine:latest\n"
    )


def test_a_pull_with_more_layers_than_downloads_at_once_waits(hosts):
    lines = hosts.docker("pull nginx:1.27", on="host-1").stdout.splitlines()
    assert lines[0] == "1.27: Pulling from library/nginx"
    assert sum(line.endswith(": Pulling fs layer") for line in lines) == 7
    assert sum(line.endswith(": Waiting") for line in lines) == 4  # 3 download at once
    assert sum(line.endswith(": Pull complete") for line in lines) == 7
    pulled = [line.split(":")[0] for line in lines if line.endswith(": Pull complete")]
    assert pulled == [line.split(":")[0] for line in lines if line.endswith(": Pulling fs layer")]  # extracted in order
    assert lines[-2:] == ["Status: Downloaded newer image for nginx:1.27", "docker.io/library/nginx:1.27"]


def test_a_pull_takes_the_time_its_bytes_need(hosts):
    hosts.docker("pull alpine:3.20", on="host-1")
    small = hosts.now
    hosts.docker("pull postgres:16", on="host-1")
    assert 0 < small < 1 < hosts.now - small  # 4 MB vs 150 MB at 20-60 MB/s


@pytest.mark.parametrize(
    ("line", "out", "err"),
    [
        (
            "pull nginx:1.99",
            "",
            "Error response from daemon: manifest for nginx:1.99 not found: manifest unknown: manifest unknown\n",
        ),
        (
            "pull foo",
            "Using default tag: latest\n",
            "Error response from daemon: pull access denied for foo, repository does not exist or may require 'docker login': denied: requested access to the resource is denied\n",
        ),
        ("pull Nginx", "", "invalid reference format: repository name (library/Nginx) must be lowercase\n"),
        ("pull nginx:", "", "invalid reference format\n"),
        ("rmi nosuch", "", "Error response from daemon: No such image: nosuch:latest\n"),
        ("image inspect nosuch", "[]\n", "Error response from daemon: No such image: nosuch:latest\n"),
        ("tag nosuch mine", "", "Error response from daemon: No such image: nosuch:latest\n"),
        (
            "pull localhost:5000/app",
            "Using default tag: latest\n",
            'Error response from daemon: Get "http://localhost:5000/v2/": dial tcp [::1]:5000: connect: connection refused\n',
        ),
        (
            "pull registry.example:5000/app:1",
            "",
            'Error response from daemon: Get "https://registry.example:5000/v2/": dial tcp: lookup registry.example: no such host\n',
        ),
    ],
)
def test_docker_errors(hosts, line, out, err):
    assert hosts.docker(line, on="host-1") == CLIResult(1, out, err)


def test_golden_images_table_tag_and_rmi(hosts):
    hosts.docker("pull -q alpine:3.20", on="host-1")
    hosts.docker("pull -q busybox:1.36", on="host-1")
    assert hosts.docker("tag alpine:3.20 tools:v1", on="host-1") == CLIResult(0)
    assert hosts.docker("images", on="host-1").stdout == (
        "REPOSITORY   TAG       IMAGE ID       CREATED        SIZE\n"
        "alpine       3.20      acb3860314d4   9 days ago     7.8MB\n"
        "tools        v1        acb3860314d4   9 days ago     7.8MB\n"
        "busybox      1.36      2e3cf496d97d   9 months ago   4.26MB\n"
    )
    assert hosts.docker("images --digests alpine", on="host-1").stdout == (
        "REPOSITORY   TAG       DIGEST                                                                    IMAGE ID       CREATED      SIZE\n"
        f"alpine       3.20      {ALPINE_DIGEST}   acb3860314d4   9 days ago   7.8MB\n"
    )
    assert hosts.docker("rmi tools:v1", on="host-1").stdout == "Untagged: tools:v1\n"
    assert hosts.docker("rmi alpine:3.20", on="host-1").stdout == (
        "Untagged: alpine:3.20\n"
        f"Untagged: alpine@{ALPINE_DIGEST}\n"
        f"Deleted: {ALPINE_ID}\n"
        "Deleted: sha256:c13532c2a90f9d781ebd337d79cadaf3f35071b651e753c34ecc509aa828faf1\n"
    )
    assert hosts.docker("image ls -q", on="host-1").stdout == "2e3cf496d97d\n"
    assert hosts.docker("images", on="host-2").stdout == "REPOSITORY   TAG       IMAGE ID   CREATED   SIZE\n"


def test_an_image_is_content_addressed_the_same_on_every_host_and_run(hosts):
    other = caasnb.Cluster(hosts=1, seed=99)
    for cluster, host in ((hosts, "host-1"), (hosts, "host-2"), (other, "host-1")):
        cluster.docker("pull -q nginx:1.27", on=host)
    ids = {
        c.daemons[h].images.get("nginx:1.27").id for c, h in ((hosts, "host-1"), (hosts, "host-2"), (other, "host-1"))
    }
    assert len(ids) == 1


def test_inspect_shows_the_real_image_defaults(hosts):
    hosts.docker("pull -q nginx:1.27", on="host-1")
    inspected = json.loads(hosts.docker("image inspect nginx:1.27", on="host-1").stdout)[0]
    config = inspected["Config"]
    assert config["Entrypoint"] == ["/docker-entrypoint.sh"]
    assert config["Cmd"] == ["nginx", "-g", "daemon off;"]
    assert config["ExposedPorts"] == {"80/tcp": {}}
    assert config["StopSignal"] == "SIGQUIT"
    assert "NGINX_VERSION=1.27.0" in config["Env"]
    assert inspected["RepoTags"] == ["nginx:1.27"] and inspected["Os"] == "linux"
    hosts.docker("pull -q redis:7", on="host-1")
    shown = hosts.docker("image inspect -f '{{.Config.WorkingDir}} {{.Config.Cmd}}' redis:7", on="host-1")
    assert shown.stdout == "/data [redis-server]\n"


def test_rmi_of_an_image_a_container_uses_needs_force(hosts):
    hosts.docker("pull -q redis:7", on="host-1")
    runtime = hosts.daemons["host-1"].containers
    created = runtime.create({"Image": "redis:7"}, name="cache")
    assert hosts.docker("rmi redis:7", on="host-1") == CLIResult(
        1,
        "",
        f'Error response from daemon: conflict: unable to remove repository reference "redis:7" (must force) - container {created["Id"][:12]} is using its referenced image 30b77520acd9\n',
    )
    assert hosts.docker("rmi -f redis:7", on="host-1").stdout.startswith("Untagged: redis:7\n")


def test_history_lists_the_layers_newest_first(hosts):
    hosts.docker("pull -q busybox:1.36", on="host-1")
    assert hosts.docker("history busybox:1.36", on="host-1").stdout == (
        "IMAGE          CREATED        CREATED BY                       SIZE      COMMENT\n"
        "2e3cf496d97d   9 months ago   ADD rootfs.tar.xz / # buildkit   4.26MB    buildkit.dockerfile.v0\n"
    )


def test_image_prune_all_removes_unused_images(hosts):
    hosts.docker("pull -q alpine:3.20", on="host-1")
    result = hosts.docker("image prune -af", on="host-1")
    assert result.stdout == (
        "Deleted Images:\n"
        "untagged: alpine:3.20\n"
        f"untagged: alpine@{ALPINE_DIGEST}\n"
        f"deleted: {ALPINE_ID}\n"
        "deleted: sha256:c13532c2a90f9d781ebd337d79cadaf3f35071b651e753c34ecc509aa828faf1\n"
        "\n"
        "Total reclaimed space: 7.798MB\n"
    )
    assert hosts.docker("image prune -f", on="host-1").stdout == "Total reclaimed space: 0B\n"


def test_rmi_by_id_and_pull_by_digest(hosts):
    hosts.docker("pull -q alpine:3.20", on="host-1")
    hosts.docker("tag alpine:3.20 a2:x", on="host-1")
    assert hosts.docker("rmi acb3860314d4", on="host-1").stderr == (
        "Error response from daemon: conflict: unable to delete acb3860314d4 (must be forced) - image is referenced in multiple repositories\n"
    )
    assert hosts.docker("rmi -f acb3860314d4", on="host-1").stdout.splitlines()[:3] == [
        "Untagged: alpine:3.20",
        f"Untagged: alpine@{ALPINE_DIGEST}",
        "Untagged: a2:x",
    ]
    assert (
        hosts.docker(f"pull -q alpine@{ALPINE_DIGEST}", on="host-1").stdout
        == f"docker.io/library/alpine@{ALPINE_DIGEST}\n"
    )
    assert hosts.docker("images --format '{{.Repository}} {{.Tag}} {{.Digest}}'", on="host-1").stdout == (
        f"alpine <none> {ALPINE_DIGEST}\n"
    )
