"""The service image: tagged, pinned to the registry's digest (unless ``--no-resolve-image``), shown familiar."""

from __future__ import annotations

import pytest

import caasnb
from caasnb.errors import CLIResult

NGINX = "nginx:1.27@sha256:369f799b13a3e70b3391b87ecb08e41cce8e9e520d9d4b2141e5dae35b1695e2"
IMAGE = "{{.Spec.TaskTemplate.ContainerSpec.Image}}"


@pytest.fixture
def cluster():
    return caasnb.Cluster(managers=1, workers=2, seed=7)


@pytest.mark.parametrize(
    ("flags", "image", "shown"),
    [
        ("", "nginx:1.27", NGINX),
        ("--no-resolve-image ", "nginx:1.27", "nginx:1.27"),
        ("--no-resolve-image ", "nginx", "nginx:latest"),
        ("", NGINX, NGINX),
    ],
)
def test_create_pins_the_digest_unless_told_not_to(cluster, flags, image, shown):
    assert cluster.docker(f"service create -d -q {flags}--name web {image}").exit_code == 0
    assert cluster.docker(f"service inspect --format '{IMAGE}' web") == CLIResult(0, shown + "\n")
    cluster.run(20)
    ps = cluster.docker("service ps --format '{{.Image}}' web")
    assert ps.stdout == ("nginx:latest\n" if image == "nginx" else "nginx:1.27\n")


def test_update_pins_only_a_changed_image(cluster):
    cluster.docker("service create -d -q --no-resolve-image --name web nginx:1.27")
    cluster.docker("service update -d -q --env-add A=1 web")
    assert cluster.docker(f"service inspect --format '{IMAGE}' web").stdout == "nginx:1.27\n"
    cluster.docker("service update -d -q --image nginx:1.27 web")
    assert cluster.docker(f"service inspect --format '{IMAGE}' web").stdout == NGINX + "\n"


def test_an_image_no_registry_knows_is_sent_as_typed_with_dockers_warning(cluster):
    result = cluster.docker("service create -d --name app acme/unknown:2")
    assert result.stderr == (
        "image acme/unknown:2 could not be accessed on a registry to record\n"
        "its digest. Each node will access acme/unknown:2 independently,\n"
        "possibly leading to different nodes running different\nversions of the image.\n\n"
    )
    assert cluster.docker(f"service inspect --format '{IMAGE}' app").stdout == "acme/unknown:2\n"
