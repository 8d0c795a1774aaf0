"""The ``gcplogs`` driver: Google Cloud Logging entries in log ``gcplogs-docker-driver``.

Each line becomes a ``logging.Entry`` (moby ``gcplogging.go``) whose JSON payload is
``{"instance": {...}, "container": {"name", "id", "imageName", "imageId", "created",
"command", "metadata"}, "message": line}``; ``instance`` comes from ``gcp-meta-*`` options
(a simulated host is not on GCE), ``command`` only with ``gcp-log-cmd=true``, ``metadata``
holds label/env attributes. Empty fields are left out. The entry has no severity:
stdout and stderr look the same. The collector is one per project.
"""

from __future__ import annotations

from ...golang.timefmt import rfc3339nano
from ...sim import EPOCH_NS
from ..message import ContainerInfo, LogBatch
from .base import Daemon, Driver, LogOptError, Options, extra_attributes

NAME = "gcplogs"
OPTIONS = frozenset(
    {
        "gcp-project",
        "labels",
        "labels-regex",
        "env",
        "env-regex",
        "gcp-log-cmd",
        "gcp-meta-zone",
        "gcp-meta-name",
        "gcp-meta-id",
    }
)
LOG_NAME = "gcplogs-docker-driver"


def validate(opts: Options) -> None:
    """``gcplogs.ValidateLogOpts``."""
    for key in opts:
        if key not in OPTIONS:
            raise LogOptError(f'"{key}" is not a valid option for the gcplogs driver')


class GCPLogsDriver(Driver):
    """Writes each line as a Cloud Logging entry to the project in ``gcp-project``."""

    name = NAME

    def __init__(self, info: ContainerInfo, opts: Options, daemon: Daemon) -> None:
        super().__init__(info, opts, daemon)
        if not opts.get("gcp-project"):
            raise LogOptError(
                "No project was specified and couldn't read project from the metadata server. Please specify a project"
            )
        container = {
            "name": info.name,
            "id": info.id,
            "imageName": info.image_name,
            "imageId": info.image_id,
            "created": rfc3339nano(EPOCH_NS + info.created),
            "command": info.command if opts.get("gcp-log-cmd") == "true" else "",
            "metadata": extra_attributes(info, opts),
        }
        self.container = {k: v for k, v in container.items() if v}
        instance = {
            "zone": opts.get("gcp-meta-zone", ""),
            "name": opts.get("gcp-meta-name", ""),
            "id": opts.get("gcp-meta-id", ""),
        }
        self.instance = {k: v for k, v in instance.items() if v}
        self.destination = daemon.collector(f"projects/{opts['gcp-project']}/logs/{LOG_NAME}")

    def log(self, batch: LogBatch) -> None:
        when = rfc3339nano(EPOCH_NS + batch.time)
        head = {"instance": self.instance} if self.instance else {}
        self.destination.receive(
            [
                {
                    "timestamp": when,
                    "jsonPayload": {**head, "container": self.container, **({"message": line} if line else {})},
                }
                for line in batch.lines
            ]
        )
