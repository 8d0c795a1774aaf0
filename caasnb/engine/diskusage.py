"""``GET /system/df``: what the host's images, containers, volumes and build cache take on disk.

As dockerd 28 answers it: ``LayersSize`` counts every layer once; each image carries how
many containers use it and ``SharedSize``, the bytes of its layers that other images share;
containers come with ``SizeRw``/``SizeRootFs``; volumes with ``UsageData`` (``Size``,
``RefCount``). ``type`` (API 1.42+) limits the answer to some kinds. The simulation builds no
images, so the build cache is empty.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from ..errors import InvalidArgument
from ..golang.timefmt import parse_rfc3339nano
from ..sim import SECOND
from .request import Request
from .response import Response, json_response
from .router import Route

KINDS = ("container", "image", "volume", "build-cache")


def _images(daemon, containers: list[dict]) -> tuple[int, list[dict[str, Any]]]:
    images = daemon.images.list()
    users = Counter(container["ImageID"] for container in containers)
    owners = Counter(layer.diff_id for image in images for layer in image.layers)
    unique = {layer.diff_id: layer.size for image in images for layer in image.layers}
    summaries = []
    for image in images:
        summary = image.summary(parse_rfc3339nano(image.created) // SECOND)
        summary["Containers"] = users.get(image.id, 0)
        summary["SharedSize"] = sum(layer.size for layer in image.layers if owners[layer.diff_id] > 1)
        summaries.append(summary)
    return sum(unique.values()), summaries


def _volumes(daemon) -> list[dict[str, Any]]:
    found = []
    for volume in daemon.volumes.all():
        record = volume.to_api()
        record["UsageData"] = {"Size": volume.size, "RefCount": len(daemon.volumes.users(volume.name))}
        found.append(record)
    return found


def disk_usage(request: Request) -> Response:
    wanted = request.query.values.get("type") or list(KINDS)
    for kind in wanted:
        if kind not in KINDS:
            raise InvalidArgument(f"unknown object type: {kind}")
    daemon = request.daemon
    containers = daemon.containers.list(all=True, size=True)
    answer: dict[str, Any] = {}
    if "image" in wanted:
        answer["LayersSize"], answer["Images"] = _images(daemon, containers)
    if "container" in wanted:
        answer["Containers"] = containers
    if "volume" in wanted:
        answer["Volumes"] = _volumes(daemon)
    if "build-cache" in wanted:
        answer["BuildCache"] = []
    return json_response(200, answer)


ROUTES = [Route("GET", "/system/df", disk_usage)]
