"""Well-known images with their real defaults, as Docker Hub serves them to the simulated world.

Each repository lists its releases (a version and the tags that point at it) and the facts of
the real image: default ``Entrypoint``/``Cmd``, ``ExposedPorts``, ``Env``, ``WorkingDir``,
``StopSignal``, declared ``Volumes`` and labels (none of these official images declares a
``HEALTHCHECK``). ``download`` is the compressed size a pull moves, ``size`` what ``docker
images`` shows once unpacked (amd64). Release dates lie before the simulated epoch
(2024-05-01), so ``docker images`` says "N weeks ago" as it would have then.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from .image import Content, Layer

MEGABYTE = 1_000_000
PATH_ENV = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


@dataclass(frozen=True)
class Release:
    """One build of a repository: its version, the tags naming it, and when it was built."""

    version: str
    tags: tuple[str, ...]
    created: str
    download: int | None = None  # overrides the repository's, for variants such as ``-slim``
    size: int | None = None


@dataclass(frozen=True)
class Repository:
    """An image repository's facts; ``{version}`` and ``{major}`` in Env values are filled per release."""

    path: str
    download: int
    size: int
    layers: int
    releases: tuple[Release, ...]
    config: dict[str, Any] = field(default_factory=dict)
    build_steps: tuple[str, ...] = ()

    def release(self, tag: str) -> Release | None:
        return next((release for release in self.releases if tag in release.tags), None)

    def content(self, release: Release) -> Content:
        """The image ``release`` is: config filled in, layers split from its sizes, all derived from its identity."""
        major = release.version.split(".")[0]
        config = {key: _fill(value, release.version, major) for key, value in self.config.items()}
        download = release.download or self.download
        size = release.size or self.size
        steps = self.build_steps or ("ADD rootfs.tar.xz / # buildkit",)
        parts = zip(_split(download, self.layers), _split(size, self.layers), strict=True)
        layers = tuple(
            _layer(f"{self.path}:{release.version}:{index}", part_download, part_size, steps[index % len(steps)])
            for index, (part_download, part_size) in enumerate(parts)
        )
        return Content(config=config, layers=layers, created=release.created)


def _fill(value: Any, version: str, major: str) -> Any:
    if isinstance(value, str):
        return value.replace("{version}", version).replace("{major}", major)
    if isinstance(value, list):
        return [_fill(item, version, major) for item in value]
    if isinstance(value, dict):
        return {key: _fill(item, version, major) for key, item in value.items()}
    return value


def _split(total: int, parts: int) -> list[int]:
    """``total`` bytes in ``parts`` layers, the base layer largest (as a distro base is), summing exactly."""
    weights = [2 ** (parts - index) for index in range(parts)]
    sizes = [total * weight // sum(weights) for weight in weights]
    sizes[0] += total - sum(sizes)
    return sizes


def _layer(identity: str, download: int, size: int, created_by: str) -> Layer:
    blob = hashlib.sha256(f"blob:{identity}".encode()).hexdigest()
    diff = hashlib.sha256(f"diff:{identity}".encode()).hexdigest()
    return Layer(f"sha256:{blob}", f"sha256:{diff}", download, size, created_by)


def _ports(*ports: str) -> dict[str, dict]:
    return {port: {} for port in ports}


ENTRYPOINT_SH = ["docker-entrypoint.sh"]

REPOSITORIES: tuple[Repository, ...] = (
    Repository(
        "library/alpine",
        download=4 * MEGABYTE,
        size=7_797_760,
        layers=1,
        releases=(
            Release("3.19.1", ("3.19", "3.19.1"), "2024-01-27T00:07:00Z"),
            Release("3.20.0", ("3.20", "3.20.0", "3", "latest"), "2024-04-22T09:51:00Z"),
        ),
        config={"Env": [PATH_ENV], "Cmd": ["/bin/sh"]},
    ),
    Repository(
        "library/busybox",
        download=2 * MEGABYTE,
        size=4_261_550,
        layers=1,
        releases=(Release("1.36.1", ("1.36", "1.36.1", "1", "latest"), "2023-07-18T23:19:33Z"),),
        config={"Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"], "Cmd": ["sh"]},
    ),
    Repository(
        "library/hello-world",
        download=2_479,
        size=13_256,
        layers=1,
        releases=(Release("1.0", ("latest", "linux"), "2023-05-02T16:49:27Z"),),
        config={"Env": [PATH_ENV], "Cmd": ["/hello"]},
        build_steps=("COPY hello / # buildkit",),
    ),
    Repository(
        "library/ubuntu",
        download=30 * MEGABYTE,
        size=78_100_000,
        layers=1,
        releases=(
            Release("22.04", ("22.04", "jammy"), "2024-04-11T07:40:05Z", size=77_860_000),
            Release("24.04", ("24.04", "noble", "latest"), "2024-04-24T10:13:27Z"),
        ),
        config={
            "Env": [PATH_ENV],
            "Cmd": ["/bin/bash"],
            "Labels": {"org.opencontainers.image.ref.name": "ubuntu", "org.opencontainers.image.version": "{version}"},
        },
    ),
    Repository(
        "library/debian",
        download=50 * MEGABYTE,
        size=116_500_000,
        layers=1,
        releases=(Release("12.5", ("12", "12.5", "bookworm", "latest"), "2024-04-10T00:00:00Z"),),
        config={"Env": [PATH_ENV], "Cmd": ["bash"]},
    ),
    Repository(
        "library/nginx",
        download=70 * MEGABYTE,
        size=188_000_000,
        layers=7,
        releases=(
            Release("1.25.5", ("1.25", "1.25.5"), "2024-04-16T21:27:41Z"),
            Release("1.26.0", ("1.26", "1.26.0", "stable"), "2024-04-24T12:50:38Z"),
            Release("1.27.0", ("1.27", "1.27.0", "mainline", "1", "latest"), "2024-04-29T17:58:13Z"),
            Release("1.28.0", ("1.28", "1.28.0"), "2024-04-30T08:12:04Z"),
        ),
        config={
            "ExposedPorts": _ports("80/tcp"),
            "Env": [PATH_ENV, "NGINX_VERSION={version}", "NJS_VERSION=0.8.4", "PKG_RELEASE=1~bookworm"],
            "Entrypoint": ["/docker-entrypoint.sh"],
            "Cmd": ["nginx", "-g", "daemon off;"],
            "Labels": {"maintainer": "NGINX Docker Maintainers <docker-maint@nginx.com>"},
            "StopSignal": "SIGQUIT",
        },
        build_steps=(
            "ADD rootfs.tar.xz / # buildkit",
            "RUN /bin/sh -c set -x && groupadd --system --gid 101 nginx # buildkit",
            "COPY docker-entrypoint.sh / # buildkit",
            "COPY 10-listen-on-ipv6-by-default.sh /docker-entrypoint.d # buildkit",
            "COPY 15-local-resolvers.envsh /docker-entrypoint.d # buildkit",
            "COPY 20-envsubst-on-templates.sh /docker-entrypoint.d # buildkit",
            "COPY 30-tune-worker-processes.sh /docker-entrypoint.d # buildkit",
        ),
    ),
    Repository(
        "library/httpd",
        download=55 * MEGABYTE,
        size=148_000_000,
        layers=5,
        releases=(Release("2.4.59", ("2.4", "2.4.59", "2", "latest"), "2024-04-10T02:47:41Z"),),
        config={
            "ExposedPorts": _ports("80/tcp"),
            "Env": [PATH_ENV, "HTTPD_PREFIX=/usr/local/apache2", "HTTPD_VERSION={version}"],
            "Cmd": ["httpd-foreground"],
            "WorkingDir": "/usr/local/apache2",
            "StopSignal": "SIGWINCH",
        },
    ),
    Repository(
        "library/redis",
        download=45 * MEGABYTE,
        size=116_500_000,
        layers=8,
        releases=(
            Release("3.0.5", ("3.0.5",), "2015-12-01T18:20:09Z", size=151_200_000),
            Release("3.0.6", ("3.0.6",), "2016-01-07T19:10:48Z", size=151_300_000),
            Release("3.0.7", ("3.0.7", "3.0", "3"), "2016-02-09T21:24:58Z", size=151_300_000),
            Release("7.2.4", ("7.2", "7.2.4", "7", "latest"), "2024-04-10T03:12:26Z"),
            Release("7.4.0", ("7.4", "7.4.0"), "2024-04-30T09:31:10Z", size=117_400_000),
        ),
        config={
            "ExposedPorts": _ports("6379/tcp"),
            "Env": [PATH_ENV, "GOSU_VERSION=1.17", "REDIS_VERSION={version}"],
            "Entrypoint": ENTRYPOINT_SH,
            "Cmd": ["redis-server"],
            "Volumes": {"/data": {}},
            "WorkingDir": "/data",
        },
    ),
    Repository(
        "library/postgres",
        download=150 * MEGABYTE,
        size=432_000_000,
        layers=14,
        releases=(
            Release("15.6", ("15", "15.6"), "2024-04-10T04:10:19Z", size=425_000_000),
            Release("16.2", ("16", "16.2", "latest"), "2024-04-10T04:31:45Z"),
        ),
        config={
            "ExposedPorts": _ports("5432/tcp"),
            "Env": [
                PATH_ENV + ":/usr/lib/postgresql/{major}/bin",
                "GOSU_VERSION=1.17",
                "LANG=en_US.utf8",
                "PG_MAJOR={major}",
                "PG_VERSION={version}-1.pgdg120+2",
                "PGDATA=/var/lib/postgresql/data",
            ],
            "Entrypoint": ENTRYPOINT_SH,
            "Cmd": ["postgres"],
            "Volumes": {"/var/lib/postgresql/data": {}},
            "StopSignal": "SIGINT",
        },
    ),
    Repository(
        "library/mysql",
        download=160 * MEGABYTE,
        size=603_000_000,
        layers=11,
        releases=(
            Release("8.0.37", ("8.0", "8.0.37"), "2024-04-30T00:17:12Z", size=573_000_000),
            Release("8.4.0", ("8.4", "8.4.0", "8", "lts", "latest"), "2024-04-30T00:17:48Z"),
        ),
        config={
            "ExposedPorts": _ports("3306/tcp", "33060/tcp"),
            "Env": [PATH_ENV, "GOSU_VERSION=1.17", "MYSQL_MAJOR=innovation", "MYSQL_VERSION={version}-1.el9"],
            "Entrypoint": ENTRYPOINT_SH,
            "Cmd": ["mysqld"],
            "Volumes": {"/var/lib/mysql": {}},
        },
    ),
    Repository(
        "library/python",
        download=380 * MEGABYTE,
        size=1_020_000_000,
        layers=9,
        releases=(
            Release("3.12.3", ("3.12", "3.12.3", "3", "latest"), "2024-04-24T01:51:36Z"),
            Release("3.12.3-slim", ("3.12-slim", "slim"), "2024-04-24T01:51:36Z", 45 * MEGABYTE, 130_000_000),
        ),
        config={
            "Env": [PATH_ENV, "LANG=C.UTF-8", "PYTHON_VERSION={version}"],
            "Cmd": ["python3"],
        },
    ),
    Repository(
        "library/node",
        download=390 * MEGABYTE,
        size=1_100_000_000,
        layers=9,
        releases=(Release("20.12.2", ("20", "20.12", "20.12.2", "lts", "latest"), "2024-04-11T21:35:59Z"),),
        config={
            "Env": [PATH_ENV, "NODE_VERSION={version}", "YARN_VERSION=1.22.19"],
            "Entrypoint": ENTRYPOINT_SH,
            "Cmd": ["node"],
        },
    ),
    Repository(
        "library/traefik",
        download=45 * MEGABYTE,
        size=164_000_000,
        layers=4,
        releases=(
            Release("2.11.2", ("v2.11", "v2.11.2", "v2"), "2024-04-12T09:22:11Z"),
            Release("3.0.0", ("v3.0", "v3.0.0", "v3", "latest"), "2024-04-29T16:08:41Z"),
        ),
        config={
            "ExposedPorts": _ports("80/tcp"),
            "Env": [PATH_ENV],
            "Entrypoint": ["/entrypoint.sh"],
            "Cmd": ["traefik"],
            "Labels": {
                "org.opencontainers.image.title": "Traefik",
                "org.opencontainers.image.vendor": "Traefik Labs",
                "org.opencontainers.image.version": "v{version}",
            },
        },
    ),
    Repository(
        "library/registry",
        download=10 * MEGABYTE,
        size=25_400_000,
        layers=5,
        releases=(Release("2.8.3", ("2", "2.8", "2.8.3", "latest"), "2023-10-02T18:47:41Z"),),
        config={
            "ExposedPorts": _ports("5000/tcp"),
            "Env": [PATH_ENV, "OTEL_TRACES_EXPORTER=none"],
            "Entrypoint": ["/entrypoint.sh"],
            "Cmd": ["/etc/docker/registry/config.yml"],
            "Volumes": {"/var/lib/registry": {}},
        },
    ),
)
