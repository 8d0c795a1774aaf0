"""The service image as docker's client library sends it: tagged, then pinned to the registry's digest.

moby's ``client.ServiceCreate``/``ServiceUpdate`` always complete a bare name with ``:latest``
(``imageWithTagString``); when the CLI asks it to query the registry (create unless
``--no-resolve-image``; update only when ``--image`` changes), it asks ``GET
/distribution/{image}/json`` and sends ``image:tag@sha256:…`` with the image's platforms as
``Placement.Platforms``, so every node runs the very same image. A registry that cannot be
reached leaves the image as typed, with docker's warning.
"""

from __future__ import annotations

from typing import Any

from ...errors import DockerError, InvalidArgument
from ...images.reference import Reference, parse
from .client import Client


def _digest_warning(image: str) -> str:
    return (
        f"image {image} could not be accessed on a registry to record\n"
        f"its digest. Each node will access {image} independently,\n"
        "possibly leading to different nodes running different\nversions of the image.\n"
    )


def _platform(architecture: str, os: str) -> dict[str, str]:
    """``imageDigestAndPlatforms``: a 32-bit ``arm`` image names no architecture (any ARM variant may run it)."""
    return {"Architecture": "" if architecture.lower() == "arm" else architecture, "OS": os}


def resolve_image(client: Client, task: dict[str, Any], headers: dict[str, str], query_registry: bool) -> list[str]:
    """Tag and (``query_registry``) pin ``task``'s ContainerSpec image in place; returns the warnings."""
    container = task.setdefault("ContainerSpec", {})
    try:
        reference = parse(container.get("Image", ""))
    except InvalidArgument:
        return []  # the daemon refuses it with its own words
    reference = reference.tagged_or_latest()
    container["Image"] = reference.familiar
    if not query_registry or reference.digest:
        return []
    try:
        found = client.call("GET", f"/distribution/{container['Image']}/json", headers=headers)
    except DockerError:
        return [_digest_warning(container["Image"])]
    pinned = Reference(reference.domain, reference.path, reference.tag, found["Descriptor"]["digest"])
    container["Image"] = pinned.familiar
    platforms = [_platform(p.get("architecture", ""), p.get("os", "")) for p in found.get("Platforms") or []]
    if platforms:
        task["Placement"] = {**(task.get("Placement") or {}), "Platforms": platforms}
    return []
