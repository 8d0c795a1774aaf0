"""The image a container is made from: its ID and config, from the host's image store.

A standalone container needs the image locally (else ``No such image: REF``, which makes the
docker CLI pull and try again). A swarm task's image was pulled by the agent while the task
was PREPARING; when the host's store does not hold it, the catalogue of well-known images
(:mod:`caasnb.images.catalogue`) gives its ID and defaults, as the pulled image would.
"""

from __future__ import annotations

from typing import Any

from ..errors import DockerError
from ..images import REPOSITORIES, no_such_image, parse


def resolve_image(daemon: Any, ref: str, required: bool = True) -> tuple[str, dict[str, Any], int]:
    """(image ID, image config, image size) of ``ref`` on ``daemon``'s host."""
    store = getattr(daemon, "images", None)
    image = store.lookup(ref) if store is not None else None
    if image is not None:
        return image.id, dict(image.config or {}), image.size
    if required and store is not None:
        raise no_such_image(ref)
    return _catalogued(ref)


def _catalogued(ref: str) -> tuple[str, dict[str, Any], int]:
    try:
        reference = parse(ref).tagged_or_latest()
    except DockerError:
        return "", {}, 0
    for repository in REPOSITORIES:
        if repository.path == reference.path:
            release = repository.release(reference.tag or "latest") or repository.releases[-1]
            content = repository.content(release)
            return content.id, dict(content.config), content.size
    return "", {}, 0
